"""The other program of the csp.net tests: hosts channels, runs relays, connects back; driven over stdin.

Each stdin line is a JSON command, each stdout line its JSON reply:

- ``{"cmd": "serve", "channels": {name: buffer}, "secret": str|null, "codec": str|null,
  "relays": [[from, to], ...], "sources": {name: [values]}}``: publish fresh
  channels, run one relay process per pair (it reads ``from`` and writes
  what it reads to ``to`` until ``from`` is closed, then closes ``to``) and
  one source per entry (it writes the values, then closes the channel);
  replies ``{"address": ...}``.
- ``{"cmd": "connect", "address": a, "name": n, "write": [values...]}``:
  connect to a channel of the parent and write the values; replies
  ``{"connected": true}`` at once and ``{"written": k}`` after each write
  (one line each).
- ``{"cmd": "read", "name": n, "count": k}``: read ``k`` values from a
  channel it hosts; replies ``{"values": [...]}``.
- ``{"cmd": "block_reader", "name": n}``: start a process reading ``n``
  (hosted here) and reply at once; when it ends, a line says how.

It exits when stdin closes.
"""

from __future__ import annotations

import json
import sys

from twisted.internet import reactor, stdio
from twisted.protocols.basic import LineReceiver

from csp import Channel, ChannelClosed, process
from csp.net import connect, serve

channels: dict[str, Channel] = {}


def say(obj: object) -> None:
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


@process
def relay(cin, cout):
    while True:
        value = yield cin.read()
        yield cout.write(value)


@process
def source(cout, values):
    for v in values:
        yield cout.write(v)
    cout.close()


@process
def writer(rc, values):
    for k, v in enumerate(values):
        yield rc.write(v)
        say({"written": k + 1})


@process
def reader(ch, count):
    got = []
    for _ in range(count):
        got.append((yield ch.read()))
    return got


@process
def blocked(ch):
    try:
        value = yield ch.read()
    except Exception as error:  # noqa: BLE001 - the parent wants to see what woke it
        say({"woke": type(error).__name__, "message": str(error)})
        return
    say({"woke": "value", "value": value})


class Commands(LineReceiver):
    delimiter = b"\n"

    def connectionMade(self) -> None:
        say({"ready": True})

    def lineReceived(self, line: bytes) -> None:
        cmd = json.loads(line)
        try:
            getattr(self, "do_" + cmd.pop("cmd"))(**cmd)
        except Exception as error:  # noqa: BLE001 - reported to the parent
            say({"error": f"{type(error).__name__}: {error}"})

    def do_serve(self, channels: dict, relays: list = (), secret: str | None = None, codec: str | None = None,
                 sources: dict | None = None, **options: object) -> None:
        fresh = {name: Channel(size) for name, size in channels.items()}
        globals()["channels"] = fresh
        for a, b in relays:
            relay(fresh[a], fresh[b]).spawn()
        for name, values in (sources or {}).items():
            source(fresh[name], values).spawn()
        d = serve("tcp:0:interface=127.0.0.1", fresh, secret=None if secret is None else secret.encode(),
                  codec=codec, **options)
        d.addCallbacks(lambda server: say({"address": server.address}),
                       lambda f: say({"error": str(f.value)}))

    def do_connect(self, address: str, name: str, write: list = (), secret: str | None = None) -> None:
        d = connect(address, name, secret=None if secret is None else secret.encode())

        def go(rc: object) -> None:
            say({"connected": True})
            writer(rc, write).spawn()

        d.addCallbacks(go, lambda f: say({"error": str(f.value)}))

    def do_read(self, name: str, count: int) -> None:
        reader(channels[name], count).spawn().addCallbacks(
            lambda got: say({"values": got}), lambda f: say({"error": str(f.value)}))

    def do_block_reader(self, name: str) -> None:
        blocked(channels[name]).spawn()
        say({"started": True})

    def connectionLost(self, reason: object = None) -> None:
        if reactor.running:
            reactor.stop()


if __name__ == "__main__":
    _ = ChannelClosed
    stdio.StandardIO(Commands())
    reactor.run()
