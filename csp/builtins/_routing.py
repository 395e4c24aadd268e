"""Routing processes: split, merge, sink and print streams."""

from __future__ import annotations

import sys
from typing import IO, Any, Generator

from .._channel import Channel
from .._process import forever
from ..guards import Alt

__all__ = ["Delta2", "Splitter", "Mux2", "Blackhole", "Printer"]

Body = Generator[Any, Any, None]


@forever
def Delta2(cin: Channel, cout1: Channel, cout2: Channel) -> Body:
    """Delta2(cin, cout1, cout2): reads x from cin, writes x to cout1 and then to cout2.

    Every value goes to both outputs, first ``cout1`` then ``cout2`` (so the
    reader of ``cout2`` sees a value only after the reader of ``cout1`` has
    taken it). ``Splitter`` is the same process::

        Par(Generate(a), Delta2(a, b, c), consumer(b), consumer(c))
    """
    while True:
        value = yield cin.read()
        yield cout1.write(value)
        yield cout2.write(value)


Splitter = Delta2


@forever
def Mux2(cin1: Channel, cin2: Channel, cout: Channel) -> Body:
    """Mux2(cin1, cin2, cout): reads from whichever of cin1, cin2 is ready, writes each value to cout.

    A fair multiplex (``Alt(cin1, cin2).fair_select()``): while both inputs
    have values waiting they are taken in turn, so neither starves the
    other; when only one is ready its value is taken at once. Each input's
    values keep their order::

        Par(Generate(a), Zeroes(b), Mux2(a, b, c), consumer(c))   # 0, 0, 1, 0, 2, 0, ...
    """
    alt = Alt(cin1, cin2)
    while True:
        value = yield alt.fair_select()
        yield cout.write(value)


@forever
def Blackhole(cin: Channel) -> Body:
    """Blackhole(cin): reads every value from cin and discards it; writes nothing.

    Keeps a producer running when nobody needs its output::

        Par(Generate(a), Blackhole(a))
    """
    while True:
        yield cin.read()


@forever
def Printer(cin: Channel, out: IO[str] | None = None) -> Body:
    """Printer(cin, out=sys.stdout): reads x from cin, writes str(x) and a newline to out.

    ``out`` is any object with a ``write(str)`` method; by default the
    ``sys.stdout`` of the moment each value is printed::

        Par(Generate(a), Printer(a))   # prints 0, 1, 2, ... one per line
    """
    while True:
        value = yield cin.read()
        (sys.stdout if out is None else out).write(f"{value}\n")
