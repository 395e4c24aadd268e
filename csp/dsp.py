"""Signal processing processes, after python-csp's ``csp.dsp``.

Streams of numbers (or of tuples of numbers, for ``Magnitude``) flow from
``cin`` to ``cout``; like every builtin, each process runs until one of its
channels is poisoned and then poisons the others::

    from csp import Channel, Par
    from csp.builtins import GenerateFloats
    from csp.dsp import Sin, Threshold

    a, b, c = Channel(), Channel(), Channel()
    Par(GenerateFloats(a, 0.1), Sin(a, b), Threshold(b, c, 0.5), consumer(c))
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any, Generator, Sequence

from ._channel import Channel
from ._process import forever
from .builtins import Cos, Sin

__all__ = [
    "Zip",
    "Unzip",
    "Sin",
    "Cos",
    "Tan",
    "Magnitude",
    "Difference",
    "Square",
    "Normalise",
    "Threshold",
]

Body = Generator[Any, Any, None]


@forever
def Zip(cout: Channel, cins: Sequence[Channel]) -> Body:
    """Zip(cout, cins): reads one value from each channel of cins in turn, writes them as a list to cout.

    python-csp's argument order (the output first). The i-th item of each
    list came from ``cins[i]``::

        Par(Generate(a), Zeroes(b), Zip(c, [a, b]), consumer(c))   # [0, 0], [1, 0], ...
    """
    cins = list(cins)
    while True:
        values = []
        for cin in cins:
            values.append((yield cin.read()))
        yield cout.write(values)


@forever
def Unzip(cin: Channel, couts: Sequence[Channel]) -> Body:
    """Unzip(cin, couts): reads a sequence from cin, writes its i-th item to couts[i], in order.

    The sequence must have exactly one item per output channel; anything
    else raises a ValueError naming both lengths (python-csp's ``Unzip``
    crashed on every input)::

        Par(source_of_pairs(a), Unzip(a, [x, y]), consumer(x), consumer(y))
    """
    couts = list(couts)
    while True:
        data = yield cin.read()
        items = list(data)
        if len(items) != len(couts):
            raise ValueError(
                f"Unzip read {data!r} ({len(items)} items) but has {len(couts)} output channels; "
                "each value read must have exactly one item per output channel"
            )
        for cout, item in zip(couts, items, strict=True):
            yield cout.write(item)


@forever
def Tan(cin: Channel, cout: Channel) -> Body:
    """Tan(cin, cout): reads x from cin, writes math.tan(x) to cout.

    ::

        Par(GenerateFloats(a), Tan(a, b), consumer(b))
    """
    while True:
        yield cout.write(math.tan((yield cin.read())))


@forever
def Magnitude(cin: Channel, cout: Channel) -> Body:
    """Magnitude(cin, cout): reads a vector (a sequence of numbers) from cin, writes its length to cout.

    Writes ``sqrt(sum(x * x for x in vector))``, e.g. the magnitude of an
    (x, y, z) accelerometer reading::

        Par(readings(a), Magnitude(a, b), consumer(b))   # (3, 4) -> 5.0
    """
    while True:
        vector = yield cin.read()
        yield cout.write(math.sqrt(sum(x * x for x in vector)))


@forever
def Difference(cin: Channel, cout: Channel, window: int = 1) -> Body:
    """Difference(cin, cout, window=1): reads x from cin, writes x minus the value `window` reads before.

    Values before the first one count as 0.0, so the first ``window``
    outputs are the inputs themselves. With ``window=1`` it writes the
    change between successive values::

        Par(src_1_4_9(a), Difference(a, b), consumer(b))   # 1, 3, 5
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"Difference(..., window={window!r}): the window is a whole number >= 1")
    history: deque = deque([0.0] * window, maxlen=window)
    while True:
        value = yield cin.read()
        earlier = history[0]
        history.append(value)
        yield cout.write(value - earlier)


@forever
def Square(cin: Channel, cout: Channel) -> Body:
    """Square(cin, cout): reads x from cin, writes x ** 2 to cout.

    ::

        Par(Generate(a), Square(a, b), consumer(b))   # 0, 1, 4, 9, ...
    """
    while True:
        yield cout.write((yield cin.read()) ** 2)


@forever
def Normalise(cin: Channel, cout: Channel, start: float = 0.0, end: float = 100.0) -> Body:
    """Normalise(cin, cout, start=0.0, end=100.0): reads x from cin, writes (x-start)/(end-start) to cout.

    Maps the range [start, end] onto [0.0, 1.0] (values outside it land
    outside [0, 1])::

        Par(src(a), Normalise(a, b, 0, 50), consumer(b))   # 25 -> 0.5
    """
    scale = end - start
    if scale == 0:
        raise ValueError(f"Normalise(..., start={start!r}, end={end!r}): start and end must differ")
    while True:
        yield cout.write(((yield cin.read()) - start) / scale)


@forever
def Threshold(cin: Channel, cout: Channel, thresh: float) -> Body:
    """Threshold(cin, cout, thresh): reads x from cin, writes x to cout only if x >= thresh.

    Values below ``thresh`` are dropped. (python-csp put ``thresh`` first;
    here, as for every builtin, the channels come first.)::

        Par(Generate(a), Threshold(a, b, 3), consumer(b))   # 3, 4, 5, ...
    """
    while True:
        value = yield cin.read()
        if value >= thresh:
            yield cout.write(value)
