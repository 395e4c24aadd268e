"""Go's fan-in (multiplexing): whoever is ready talks first.

    python -m tutorial.go.fanin              # two forwarding processes
    python -m tutorial.go.fanin --select     # one process choosing with Alt (Go's select)

``fan_in(a, b)`` returns one channel carrying everything said on ``a`` and
``b``. With forwarders, each input has a process copying it to the output;
with select, one process waits on both inputs at once with ``yield a | b``
and forwards whichever is ready.
"""

from __future__ import annotations

import argparse
import random
from typing import Any, Generator

from csp import Channel, forever, process

from ..runner import execute
from .boring import boring


@forever
def forward(cin: Channel, cout: Channel) -> Generator[Any, Any, None]:
    while True:
        yield cout.write((yield cin.read()))


def fan_in(a: Channel, b: Channel) -> Channel:
    """Two forwarders, one per input (call inside a process)."""
    c = Channel(name="fan-in")
    forward(a, c).spawn()
    forward(b, c).spawn()
    return c


@forever
def select_forward(a: Channel, b: Channel, cout: Channel) -> Generator[Any, Any, None]:
    while True:
        said = yield a | b  # Go's select: read from whichever is ready
        yield cout.write(said)


def fan_in_select(a: Channel, b: Channel) -> Channel:
    """One process with a choice over both inputs (call inside a process)."""
    c = Channel(name="fan-in")
    select_forward(a, b, c).spawn()
    return c


@process
def listen(n: int, seed: int, use_select: bool) -> Generator[Any, Any, list[str]]:
    rng = random.Random(seed)
    joe, ann = boring("Joe", rng), boring("Ann", rng)
    c = (fan_in_select if use_select else fan_in)(joe, ann)
    heard = []
    for _ in range(n):
        said = yield c.read()
        heard.append(said)
        print(said)
    print("You're both boring; I'm leaving.")
    c.poison()  # the forwarders end, poisoning joe and ann: the talkers end too
    return heard


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="Go's fan-in, with forwarders or with select.")
    parser.add_argument("--select", action="store_true")
    parser.add_argument("-n", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    execute(listen(args.n, args.seed, args.select), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
