"""Two programs, one pipeline: a host publishes channels, a client connects and uses them.

Run ``python docs/examples/net_two_programs.py``: it starts the host as a
second Python program (``... host``), then runs the client here, which
feeds the host's squarer over the network, reads the results back, and
shows what a wrong secret, an unsendable value and a killed host look
like. docs/network.md shows its output.
"""

from __future__ import annotations

import subprocess
import sys

from twisted.internet.defer import Deferred

from csp import Channel, ChannelClosed, Par, process, run
from csp.net import AuthenticationFailed, ChannelDisconnected, UnsendableValue, connect, serve

SECRET = b"correct horse battery staple"


@process
def squarer(cin, cout):
    while True:
        x = yield cin.read()
        yield cout.write(x * x)


def host() -> None:
    jobs, results = Channel(), Channel(4)

    @process
    def main():
        server = yield serve("tcp:0:interface=127.0.0.1", {"jobs": jobs, "results": results}, secret=SECRET)
        print(server.address, flush=True)  # the client reads it from here
        yield squarer(jobs, results)  # until jobs is closed; then results is closed too
        yield Deferred()  # stay up, serving (the client kills this program at the end)

    run(main())


def client() -> None:
    other = subprocess.Popen([sys.executable, __file__, "host"], stdout=subprocess.PIPE, text=True)
    address = other.stdout.readline().strip()

    @process
    def main():
        jobs = yield connect(address, "jobs", secret=SECRET)
        results = yield connect(address, "results", secret=SECRET)
        print(jobs, "and", results, "with a buffer of", results.buffer)

        @process
        def feed():
            for i in range(1, 6):
                yield jobs.write(i)  # done once the host's squarer has read it
            jobs.close()

        @process
        def collect():
            try:
                while True:
                    print("got", (yield results.read()))
            except ChannelClosed:
                print("results closed")

        yield Par(feed(), collect())

        try:
            yield connect(address, "jobs", secret=b"guess")
        except AuthenticationFailed as error:
            print("AuthenticationFailed:", error)

        @process
        def send_a_set():
            try:
                yield jobs.write({1, 2})
            except UnsendableValue as error:
                print("UnsendableValue:", error)

        yield send_a_set()

        more = yield connect(address, "results", secret=SECRET)

        @process
        def wait_for_more():
            try:
                yield more.read()
            except ChannelDisconnected as error:
                print("ChannelDisconnected:", error)

        waiting = wait_for_more().spawn()
        other.kill()  # the host dies while a read waits on it
        yield waiting

    try:
        run(main())
    finally:
        other.kill()
        other.wait()


if __name__ == "__main__":
    host() if sys.argv[1:] == ["host"] else client()
