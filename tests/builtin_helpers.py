"""Small processes the builtin, dsp and pattern tests wire around the process under test."""

from __future__ import annotations

from typing import Any

from twisted.internet.task import Clock

import csp
from csp import Channel, Par, Timer, process


@process
def feed(cout: Channel, values: list[Any]) -> Any:
    """Write each value to cout, then poison it."""
    for v in values:
        yield cout.write(v)
    cout.poison()


@process
def collect(cin: Channel, out: list[Any]) -> Any:
    """Append every value read from cin to out, until cin is poisoned."""
    while True:
        out.append((yield cin.read()))


@process
def take(cin: Channel, n: int, out: list[Any]) -> Any:
    """Append n values read from cin to out, then poison cin."""
    for _ in range(n):
        out.append((yield cin.read()))
    cin.poison()


@process
def take_timed(cin: Channel, n: int, out: list[tuple[float, Any]]) -> Any:
    """Append (reactor time, value) for n values read from cin, then poison cin."""
    timer = Timer()
    for _ in range(n):
        value = yield cin.read()
        out.append((timer.read(), value))
    cin.poison()


def vrun(*procs: csp.Process) -> Any:
    """Run Par(*procs) in virtual time; a network that does not shut down raises Deadlock."""
    return csp.run(Par(*procs), reactor=Clock())


def chans(n: int) -> list[Channel]:
    return [Channel() for _ in range(n)]
