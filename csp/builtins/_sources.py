"""Source processes: they only write (``Generate``, ``Zeroes``, ``Clock``, ...)."""

from __future__ import annotations

import random
from typing import Any, Generator

from .._channel import Channel
from .._process import forever
from ..guards import Timer

__all__ = ["Generate", "GenerateFloats", "Zeroes", "Fibonacci", "Clock", "Random"]

Body = Generator[Any, Any, None]


@forever
def Generate(cout: Channel) -> Body:
    """Generate(cout): writes 0, 1, 2, 3, ... to cout.

    Reads nothing; writes the whole numbers in order. Ends when ``cout`` is
    poisoned::

        Par(Generate(c), consumer(c))   # consumer reads 0, 1, 2, ...
    """
    n = 0
    while True:
        yield cout.write(n)
        n += 1


@forever
def GenerateFloats(cout: Channel, epsilon: float = 0.1) -> Body:
    """GenerateFloats(cout, epsilon=0.1): writes epsilon, 2*epsilon, 3*epsilon, ... to cout.

    Reads nothing; as python-csp documents it, the numbers are ``epsilon``
    apart and start at ``epsilon`` (0.1, 0.2, 0.3, ... by default). The
    n-th value is computed as ``n * epsilon``, so rounding errors do not
    accumulate::

        Par(GenerateFloats(c, 0.5), consumer(c))   # 0.5, 1.0, 1.5, ...
    """
    n = 1
    while True:
        yield cout.write(n * epsilon)
        n += 1


@forever
def Zeroes(cout: Channel) -> Body:
    """Zeroes(cout): writes 0 to cout, for ever.

    Reads nothing::

        Par(Zeroes(c), consumer(c))   # 0, 0, 0, ...
    """
    while True:
        yield cout.write(0)


@forever
def Fibonacci(cout: Channel) -> Body:
    """Fibonacci(cout): writes the Fibonacci numbers 1, 1, 2, 3, 5, 8, ... to cout.

    Reads nothing (python-csp's sequence, starting at 1, 1)::

        Par(Fibonacci(c), consumer(c))
    """
    a, b = 1, 1
    while True:
        yield cout.write(a)
        a, b = b, a + b


@forever
def Clock(cout: Channel, resolution: float = 1) -> Body:
    """Clock(cout, resolution=1): writes None to cout every `resolution` seconds.

    Reads nothing. Time is the reactor's clock (``Timer().sleep``), so it runs
    in virtual time under ``csp.run(p, reactor=task.Clock())``. Each tick is
    written ``resolution`` seconds after the previous one was taken, so a
    slow reader delays the ticks that follow rather than receiving a burst::

        Par(Clock(ticks, resolution=0.5), consumer(ticks))
    """
    timer = Timer()
    while True:
        yield timer.sleep(resolution)
        yield cout.write(None)


@forever
def Random(cout: Channel, seed: Any = None) -> Body:
    """Random(cout, seed=None): writes random floats in [0.0, 1.0) to cout.

    Reads nothing. Each run draws from its own ``random.Random(seed)``, so a
    given ``seed`` writes the same sequence every time::

        Par(Random(c, seed=42), consumer(c))
    """
    rng = random.Random(seed)
    while True:
        yield cout.write(rng.random())
