"""A network protocol feeding a channel: an adding machine on TCP.

    python -m tutorial.part06.linefeed --port 7000
    nc 127.0.0.1 7000          # then type: 1 2 3   (answer: = 6); `shutdown` stops the server

Every line any client sends is put on one channel, ``lines``, by the Twisted
protocol: ``lines.put((connection, line))`` returns a Deferred that fires
when a process has taken the line. Until it fires, the protocol stops
reading from that client (``pauseProducing``): a client that sends faster
than the processes can take its lines is slowed down by TCP itself
(back-pressure), and nothing piles up in memory.

A pool of worker processes reads ``lines`` (a channel is any-to-any: each
line goes to exactly one worker) and writes each answer back to the client
it came from. A line saying ``shutdown`` makes its worker poison ``lines``:
the other workers end, the port is closed and the program ends.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Generator

from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.protocol import Factory
from twisted.protocols.basic import LineReceiver

from csp import Channel, ChannelPoison, Par, process

from ..runner import execute


class LineFeeder(LineReceiver):
    """Puts each line it receives on a channel, one at a time."""

    delimiter = b"\n"

    def __init__(self, lines: Channel) -> None:
        self.lines = lines
        self.lost: Deferred = Deferred()  # fires when the connection has closed

    def connectionMade(self) -> None:
        self.factory.connections.add(self)

    def connectionLost(self, reason: Any = None) -> None:
        self.factory.connections.discard(self)
        self.lost.callback(None)

    def lineReceived(self, line: bytes) -> None:
        text = line.decode("utf-8", errors="replace").strip()
        if not text:
            return
        # Stop reading from this client until a process has taken the line.
        self.pauseProducing()
        taken = self.lines.put((self, text))
        taken.addCallbacks(self.taken, self.refused)

    def taken(self, _: Any) -> None:
        self.resumeProducing()

    def refused(self, failure: Any) -> None:
        """The channel was poisoned: the server is shutting down."""
        failure.trap(ChannelPoison)
        self.answer("server shutting down")
        self.transport.loseConnection()

    def answer(self, text: str) -> None:
        self.sendLine(text.encode("utf-8"))


class FeederFactory(Factory):
    """Makes a :class:`LineFeeder` per client and keeps the open ones, to close them at the end."""

    def __init__(self, lines: Channel) -> None:
        self.lines = lines
        self.connections: set[LineFeeder] = set()

    def buildProtocol(self, addr: Any) -> LineFeeder:
        feeder = LineFeeder(self.lines)
        feeder.factory = self
        return feeder

    def close_all(self) -> Deferred:
        """Close every connection once its answers are sent; fires when all are closed."""
        closing = list(self.connections)
        for feeder in closing:
            feeder.transport.loseConnection()
        return DeferredList([feeder.lost for feeder in closing])


def add_up(text: str) -> str:
    """The answer to one line: the sum of its numbers, or what is wrong with it.

    >>> add_up("1 2 3.5")
    '= 6.5'
    >>> add_up("1 two")
    "error: 'two' is not a number"
    """
    total = 0.0
    for word in text.split():
        try:
            total += float(word)
        except ValueError:
            return f"error: {word!r} is not a number"
    return f"= {total:g}"


@process
def worker(number: int, lines: Channel) -> Generator[Any, Any, int]:
    """Answer lines until ``lines`` is poisoned; return how many it answered."""
    answered = 0
    try:
        while True:
            client, text = yield lines.read()
            if text == "shutdown":
                client.answer("shutting down")
                lines.poison()  # the other workers and the protocols see it at once
                continue  # our own next read raises ChannelPoison
            client.answer(f"{add_up(text)}  (worker {number})")
            answered += 1
    except ChannelPoison:
        print(f"worker {number} answered {answered} lines", flush=True)
        raise


@process
def serve(lines: Channel, workers: int, port: int = 0, interface: str = "127.0.0.1",
          ready: Channel | None = None, reactor: Any = None) -> Generator[Any, Any, None]:
    """Listen on ``interface:port`` and answer lines until ``lines`` is poisoned."""
    if reactor is None:
        from twisted.internet import reactor
    factory = FeederFactory(lines)
    listening = reactor.listenTCP(port, factory, interface=interface)
    address = listening.getHost()
    print(f"Adding machine listening on {address.host}:{address.port}", flush=True)
    try:
        if ready is not None:
            yield ready.write(address.port)
        # Spawned and waited on through its handle, not `yield Par(...)`: the
        # workers wait on a channel that only Twisted feeds, and waiting on a
        # handle tells the deadlock detector that something outside can still
        # wake them (see the notes in part 6's README).
        pool = Par(*[worker(n, lines) for n in range(1, workers + 1)]).spawn()
        try:
            yield pool.deferred
        finally:
            pool.cancel()  # nothing to do if the pool has ended
    finally:
        yield listening.stopListening()
        yield factory.close_all()  # the answers already written still reach their clients
        print("Adding machine stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="An adding machine on TCP, fed by a Twisted protocol.")
    parser.add_argument("--port", type=int, default=7000, help="TCP port; 0 picks a free one")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        execute(serve(Channel(name="lines", external=True), args.workers, args.port))
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
