"""Machine B of the two-machine pipeline: the middle stage, reached over the network.

    python -m tutorial.part10.machine_b [--address tcp:127.0.0.1:8750] [--secret-file pipeline.secret]

It connects to machine A's channels ``numbers`` and ``squares`` (by the
address A printed, and name) and runs ``square`` on them: the same process
it would be if the channels were its own. When A closes ``numbers``, the
read raises ``ChannelClosed``, which ends ``square`` quietly (and closes
``squares`` for A).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Generator

import csp
from csp import Channel, process
from csp.net import connect

from .secret import DEFAULT, read_secret


@process
def square(cin: Channel, cout: Channel) -> Generator[Any, Any, None]:
    """Read a number, write its square, until ``cin`` is closed."""
    while True:
        x = yield cin.read()
        yield cout.write(x * x)


@process
def machine_b(address: str, secret: bytes) -> Generator[Any, Any, None]:
    numbers = yield connect(address, "numbers", secret=secret)
    squares = yield connect(address, "squares", secret=secret)
    print(f"machine B: connected to {address}", flush=True)
    yield square(numbers, squares)
    print("machine B: numbers is closed, and so is squares; done", flush=True)
    yield numbers.disconnect()  # a goodbye, before the program ends: then machine A has heard
    yield squares.disconnect()  # everything, the close of squares included


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Machine B: the middle stage of a pipeline across programs.")
    parser.add_argument("--address", default="tcp:127.0.0.1:8750", help="machine A's address")
    parser.add_argument("--secret-file", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    csp.run(machine_b(args.address, read_secret(args.secret_file)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
