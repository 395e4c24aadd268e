"""Go's daisy chain: 100,000 processes whispering a number down a line.

    python -m tutorial.go.daisy            # prints 100001
    python -m tutorial.go.daisy 10         # prints 11

Each gopher reads from the one on its right and tells the one on its left
what it heard, plus one. The rightmost one is told 1; the leftmost channel
carries 1 + n. Processes are generators, so 100,000 of them are cheap.
"""

from __future__ import annotations

import sys
from typing import Any, Generator

from csp import Channel, Par, process

from ..runner import execute


@process
def whisper(left: Channel, right: Channel) -> Generator[Any, Any, None]:
    yield left.write(1 + (yield right.read()))


@process
def first(right: Channel) -> Generator[Any, Any, None]:
    yield right.write(1)


@process
def listener(leftmost: Channel) -> Generator[Any, Any, int]:
    return (yield leftmost.read())


def chain(n: int) -> Par:
    """The whole line: n whisperers, the first word, and someone listening at the far end."""
    leftmost = Channel()
    left = leftmost
    gophers = []
    for _ in range(n):
        right = Channel()
        gophers.append(whisper(left, right))
        left = right
    return Par(listener(leftmost), first(left), *gophers)


def daisy(n: int, reactor: Any = None) -> int:
    """Run a chain of ``n`` and return what reaches the left end: ``n + 1``."""
    return execute(chain(n), reactor)[0]


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    n = int(args[0]) if args else 100_000
    print(daisy(n, reactor))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
