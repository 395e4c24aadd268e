"""The kinds of process, side by side: ``python -m tutorial.part01.processes [N]``.

Three processes count to N concurrently: a generator process, an ``async def``
process and a ``@forever`` server that prints what they send it. Their output
interleaves because each one gives the others a turn every time it yields.
"""

from __future__ import annotations

import sys
from typing import Any, Generator

from csp import Channel, Par, forever, process

from ..runner import execute


@process
def counter(name: str, n: int, out: Channel) -> Generator[Any, Any, int]:
    """A generator process: each ``yield`` hands the scheduler an operation to perform."""
    for i in range(1, n + 1):
        yield out.write(f"{name} counts {i}")
    return n


@process
async def async_counter(name: str, n: int, out: Channel) -> int:
    """The same with ``async def``: ``await`` the operations instead of yielding them."""
    for i in range(1, n + 1):
        await out.write(f"{name} counts {i}")
    return n


@forever
def printer(cin: Channel) -> Generator[Any, Any, None]:
    """A server: loops for ever, and ends only when its channel is poisoned."""
    while True:
        print((yield cin.read()))


@process
def main_process(n: int) -> Generator[Any, Any, int]:
    """Run the two counters and the printer; poison the printer's channel when they are done."""
    out = Channel(name="out")
    printing = printer(out).spawn()  # runs alongside us; we keep its handle
    counts = yield Par(counter("generator", n, out), async_counter("coroutine", n, out))
    out.poison()  # the printer's read raises ChannelPoison, which ends it normally
    yield printing  # wait until it has ended
    total = sum(counts)
    print(f"{total} lines printed")
    return total


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    """``reactor``: a ``task.Clock`` runs the example in virtual time (the tests do)."""
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 3
    execute(main_process(n), reactor)
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
