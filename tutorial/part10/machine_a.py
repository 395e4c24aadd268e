"""Machine A of a two-machine pipeline: it publishes two channels and runs both ends of the pipeline.

    python -m tutorial.part10.machine_a [--port 8750] [--count 5] [--secret-file pipeline.secret]

``count`` writes 1, 2, ... to the channel ``numbers`` and closes it; ``show``
prints what arrives on ``squares`` until machine B closes it. Neither knows that the stage between
them, ``square``, runs in another program (machine B, ``machine_b.py``),
which reaches both channels over the network by address and name. On one
machine the two programs talk over loopback, a stand-in for two machines;
on two, serve on the machine's address instead of 127.0.0.1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Generator

import csp
from csp import Channel, Par, process
from csp.net import serve

from .secret import DEFAULT, make_secret


@process
def count(cout: Channel, n: int) -> Generator[Any, Any, None]:
    """Write 1 .. n, then close: the end of the stream (machine B sees it too)."""
    for i in range(1, n + 1):
        yield cout.write(i)
    cout.close()


@process
def show(cin: Channel) -> Generator[Any, Any, None]:
    """Print what arrives, until ``cin`` is closed (the ChannelClosed ends the process quietly)."""
    while True:
        print("machine A got", (yield cin.read()), flush=True)


@process
def machine_a(interface: str, port: int, n: int, secret: bytes) -> Generator[Any, Any, None]:
    numbers, squares = Channel(name="numbers"), Channel(name="squares")
    server = yield serve(f"tcp:{port}:interface={interface}", {"numbers": numbers, "squares": squares},
                         secret=secret)
    print(f"machine A: serving numbers and squares at {server.address}", flush=True)
    try:
        yield Par(count(numbers, n), show(squares))
    finally:
        yield server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Machine A: the two ends of a pipeline across programs.")
    parser.add_argument("--interface", default="127.0.0.1", help="the address to serve on")
    parser.add_argument("--port", type=int, default=8750, help="the TCP port (0: any free one)")
    parser.add_argument("--count", type=int, default=5, help="how many numbers to send")
    parser.add_argument("--secret-file", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    csp.run(machine_a(args.interface, args.port, args.count, make_secret(args.secret_file)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
