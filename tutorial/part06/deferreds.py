"""Processes and Deferreds: ``python -m tutorial.part06.deferreds``.

A process can wait for any Twisted ``Deferred`` by yielding it (or awaiting
it); the Deferred's result comes back as the value of the ``yield``, and an
errback is raised inside the process. Twisted code, the other way round,
starts a process with ``spawn()`` and gets a Deferred for its result.

The "slow service" here is ``deferLater``: a Deferred that fires after a
delay, like a network request would. It runs on ``Timer().clock``, the
reactor the process runs on, so the tests can run it in virtual time.
"""

from __future__ import annotations

import sys
from typing import Any, Generator

from twisted.internet.defer import Deferred, DeferredList
from twisted.internet.task import deferLater

from csp import Channel, Par, Timer, process

from ..runner import execute


def lookup(name: str, delay: float = 1.0) -> Deferred:
    """A pretend network service: the length of ``name``, after ``delay`` seconds.

    An empty name fails, the way a service answers with an error.
    """

    def answer() -> int:
        if not name:
            raise LookupError("no such name: ''")
        return len(name)

    return deferLater(Timer().clock, delay, answer)


@process
def ask(name: str, out: Channel) -> Generator[Any, Any, None]:
    """Wait for the service (a Deferred) and send what it said, or the error, down ``out``."""
    try:
        size = yield lookup(name)  # the process waits here; the others run on
        yield out.write(f"{name!r} has {size} letters")
    except LookupError as error:  # the Deferred's errback is raised inside the process
        yield out.write(f"the service failed: {error}")


@process
async def ask_all(names: list[str]) -> list[Any]:
    """An ``async def`` process awaiting a DeferredList of several requests at once."""
    results = await DeferredList([lookup(n, 0.5) for n in names], consumeErrors=True)
    return [value if ok else type(value.value).__name__ for ok, value in results]


@process
def printer(cin: Channel, n: int) -> Generator[Any, Any, None]:
    for _ in range(n):
        print((yield cin.read()))


@process
def demo(names: list[str]) -> Generator[Any, Any, list[Any]]:
    """Ask about every name concurrently, then all at once with a DeferredList."""
    answers = Channel()
    yield Par(printer(answers, len(names)), *[ask(name, answers) for name in names])
    started = Timer().read()
    results = yield ask_all(names)
    print(f"all at once: {results} after {Timer().read() - started:.1f}s")
    return results


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or ["twisted", "csp", ""]
    execute(demo(names), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
