"""COMMSTIME across two OS processes on loopback, beside the in-process figure; a buffered stream's rate.

The ring PREFIX -> DELTA -> SUCC -> PREFIX (plus DELTA -> consumer), four
communications per loop, built from csp.builtins. Across the network,
SUCC runs in a second Python program that hosts its two channels
(``csp.net.serve``); PREFIX, DELTA and the consumer run here on
``RemoteChannel``s, so two of the four communications of every loop cross
loopback TCP (and each one is a round trip: a rendezvous). Rounds are
interleaved (in-process, then network, then again); the figures are
medians. Then one writer streams values into a buffered channel hosted by
the other program (each write completes once the host's buffer has taken
it), and the codec's cost per message is measured beside msgpack's.

    python benchmarks/net_commstime.py [--quick] [--rounds N] [--loops N] [--net-loops N] [--stream N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from typing import Any

HERE = os.path.abspath(__file__)


# -- the other program --------------------------------------------------------------


def child() -> None:
    """Serve fresh channels on each stdin command; print the address; exit when stdin closes."""
    from twisted.internet import reactor, stdio
    from twisted.protocols.basic import LineReceiver

    from csp import Channel, ChannelClosed, process
    from csp.builtins import Succ
    from csp.net import ChannelDisconnected, serve

    @process
    def drain(cin):
        try:
            while True:
                yield cin.read()
        except (ChannelClosed, ChannelDisconnected):
            pass

    class Commands(LineReceiver):
        delimiter = b"\n"

        def lineReceived(self, line: bytes) -> None:
            cmd = line.decode().split()
            if cmd[0] == "ring":
                b, c = Channel(), Channel()
                Succ(b, c).spawn()
                chans = {"b": b, "c": c}
            else:
                s = Channel(int(cmd[1]))
                drain(s).spawn()
                chans = {"s": s}
            serve("tcp:0:interface=127.0.0.1", chans).addCallback(
                lambda server: (sys.stdout.write(server.address + "\n"), sys.stdout.flush()))

        def connectionLost(self, reason: Any = None) -> None:
            reactor.stop()

    stdio.StandardIO(Commands())
    reactor.run()


# -- this program -------------------------------------------------------------------


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="tiny runs, to check that it works")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--loops", type=int, default=20_000, help="in-process COMMSTIME loops")
    p.add_argument("--net-loops", type=int, default=2_000, help="COMMSTIME loops across the network")
    p.add_argument("--stream", type=int, default=20_000, help="values in the buffered stream")
    p.add_argument("--buffer", type=int, default=128)
    p.add_argument("--codec", choices=["json", "msgpack"], help="the codec (default: msgpack if installed)")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args()
    if args.quick:
        args.rounds, args.loops, args.net_loops, args.stream = 1, 500, 100, 500

    import csp
    from csp import Channel, Par, process
    from csp.builtins import Delta2, Prefix
    from csp.demo import commstime, consumer
    from csp.net import connect

    other = subprocess.Popen([sys.executable, HERE, "--child"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)

    def ask(line: str) -> str:
        assert other.stdin is not None and other.stdout is not None
        other.stdin.write(line + "\n")
        other.stdin.flush()
        return other.stdout.readline().strip()

    @process
    def stream_writer(cout, n):
        start = time.perf_counter()
        for i in range(n):
            yield cout.write(i)
        elapsed = time.perf_counter() - start
        cout.close()
        return elapsed

    b_codec = ["?"]

    @process
    def bench():
        local_us, net_us = [], []
        for _ in range(args.rounds):
            result = yield commstime(args.loops)
            local_us.append(result[-1]["us_per_comm"])
            address = ask("ring")
            b = yield connect(address, "b", codec=args.codec)
            c = yield connect(address, "c", codec=args.codec)
            a, d = Channel(), Channel()
            result = yield Par(Prefix(c, a, 0), Delta2(a, b, d), consumer(d, args.net_loops))
            net_us.append(result[-1]["us_per_comm"])
            b_codec[:] = [b._conn.codec.name]
            yield b.disconnect()
            yield c.disconnect()
        rates = []
        for _ in range(args.rounds):
            s = yield connect(ask(f"stream {args.buffer}"), "s", codec=args.codec)
            seconds = yield stream_writer(s, args.stream)
            rates.append(args.stream / seconds)
            yield s.disconnect()
        return local_us, net_us, rates

    try:
        local_us, net_us, rates = csp.run(bench())
    finally:
        if other.stdin is not None:
            other.stdin.close()
        other.wait(timeout=10)
    codec = codec_figures(2_000 if args.quick else 50_000)

    kernel = "compiled kernel" if csp.__compiled__ else "pure-Python kernel"
    print(f"interpreter: {platform.python_implementation()} {platform.python_version()}, {kernel}")
    print(f"codec: {b_codec[0]}")
    print(f"COMMSTIME, 4 communications per loop, median of {args.rounds} interleaved rounds")
    lm, nm = statistics.median(local_us), statistics.median(net_us)
    print(f"  in one process       ({args.loops:>6} loops): {lm:10.3f} us/comm")
    print(f"  across two processes ({args.net_loops:>6} loops): {nm:10.3f} us/comm  "
          f"({nm / lm:.0f}x; 2 of 4 comms per loop cross loopback: {4 * nm:.1f} us per loop)")
    rm = statistics.median(rates)
    print(f"buffered stream (buffer {args.buffer}, one writer, {args.stream} values): {rm:,.0f} messages/s "
          f"({1e6 / rm:.1f} us per write)")
    print("codec, encode + decode of one message [op, id, value], us:")
    for name, figures in codec.items():
        print(f"  {name:<22} " + "  ".join(f"{k}: {v:7.2f}" for k, v in figures.items()))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"local_us_per_comm": local_us, "net_us_per_comm": net_us, "stream_msgs_per_s": rates,
                       "codec_us": codec}, f, indent=2)


def codec_figures(n: int) -> dict[str, dict[str, float]]:
    from csp.net import JsonCodec, MsgpackCodec

    samples = {
        "int": ["W", 12345, 42],
        "1 KiB dict": ["W", 12345, {f"key{i}": [i, float(i), f"v{i}"] for i in range(40)}],
        "64 KiB bytes": ["W", 12345, b"x" * 65536],
    }
    out: dict[str, dict[str, float]] = {}

    def timed(encode: Any, decode: Any) -> dict[str, float]:
        figures = {}
        for label, msg in samples.items():
            start = time.perf_counter()
            for _ in range(n):
                decode(encode(msg))
            figures[label] = (time.perf_counter() - start) / n * 1e6
        return figures

    codec = JsonCodec()
    out["json"] = timed(codec.encode, codec.decode)
    try:
        import msgpack
    except ImportError:
        return out
    codec = MsgpackCodec()
    out["msgpack"] = timed(codec.encode, codec.decode)
    out["msgpack, bare"] = timed(msgpack.packb, msgpack.unpackb)
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        main()
