"""Transform processes: read a value from ``cin``, write something to ``cout``."""

from __future__ import annotations

from typing import Any, Generator

from .._channel import Channel
from .._process import forever
from ..guards import Timer

__all__ = ["Id", "Succ", "Pred", "Prefix", "Mult", "Sign", "FixedDelay"]

Body = Generator[Any, Any, None]


@forever
def Id(cin: Channel, cout: Channel) -> Body:
    """Id(cin, cout): reads x from cin, writes x to cout (CSP's lambda x: x).

    A one-place buffer between two channels::

        Par(Generate(a), Id(a, b), consumer(b))   # consumer reads 0, 1, 2, ...
    """
    while True:
        yield cout.write((yield cin.read()))


@forever
def Succ(cin: Channel, cout: Channel) -> Body:
    """Succ(cin, cout): reads x from cin, writes x + 1 to cout.

    ::

        Par(Generate(a), Succ(a, b), consumer(b))   # 1, 2, 3, ...
    """
    while True:
        yield cout.write((yield cin.read()) + 1)


@forever
def Pred(cin: Channel, cout: Channel) -> Body:
    """Pred(cin, cout): reads x from cin, writes x - 1 to cout.

    ::

        Par(Generate(a), Pred(a, b), consumer(b))   # -1, 0, 1, ...
    """
    while True:
        yield cout.write((yield cin.read()) - 1)


@forever
def Prefix(cin: Channel, cout: Channel, prefix_item: Any = None) -> Body:
    """Prefix(cin, cout, prefix_item=None): writes prefix_item to cout, then copies cin to cout.

    The first value written is ``prefix_item``; after it every value read
    from ``cin`` is written to ``cout`` unchanged. With ``Delta2`` and
    ``Succ`` it makes the COMMSTIME ring that counts 0, 1, 2, ...::

        Par(Prefix(c, a, 0), Delta2(a, b, out), Succ(b, c), consumer(out))
    """
    yield cout.write(prefix_item)
    while True:
        yield cout.write((yield cin.read()))


@forever
def Mult(cin: Channel, cout: Channel, scale: Any) -> Body:
    """Mult(cin, cout, scale): reads x from cin, writes x * scale to cout.

    ::

        Par(Generate(a), Mult(a, b, 10), consumer(b))   # 0, 10, 20, ...
    """
    while True:
        yield cout.write((yield cin.read()) * scale)


@forever
def Sign(cin: Channel, cout: Channel, prefix: str) -> Body:
    """Sign(cin, cout, prefix): reads x from cin, writes the string prefix + str(x) to cout.

    Labels a stream, e.g. before several streams are merged::

        Par(Generate(a), Sign(a, b, "a: "), consumer(b))   # "a: 0", "a: 1", ...
    """
    while True:
        value = yield cin.read()
        yield cout.write(prefix + str(value))


@forever
def FixedDelay(cin: Channel, cout: Channel, delay: float) -> Body:
    """FixedDelay(cin, cout, delay): reads x from cin, waits `delay` seconds, writes x to cout.

    The wait is on the reactor clock (``Timer().sleep``); other processes run
    meanwhile. Values keep their order::

        Par(Generate(a), FixedDelay(a, b, 2.0), consumer(b))   # 0 at t=2, 1 at t=4, ...
    """
    timer = Timer()
    while True:
        value = yield cin.read()
        yield timer.sleep(delay)
        yield cout.write(value)
