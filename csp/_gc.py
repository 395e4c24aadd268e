"""An opt-in for huge networks: fewer cyclic-GC passes while one is built.

Building a network allocates a handful of container objects per process (its
generator, its channel, its task). CPython's cyclic collector runs a
generation-0 pass every 700 allocations and promotes survivors, so building a
million processes makes thousands of passes and dozens of full collections,
every one of which walks everything built so far: with the defaults that is
about two thirds of the build time of a 1,000,000-process ring. Nothing built
is garbage, so those passes find nothing.

:func:`relaxed_gc` raises the thresholds for the duration of a ``with`` block
(or a decorated function) and puts back exactly what was there before, even
when the block raises. The collector stays on; it only runs less often. The
library never changes GC settings on its own.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

DEFAULT_THRESHOLDS = (100_000, 50, 50)


@contextmanager
def relaxed_gc(threshold0: int = DEFAULT_THRESHOLDS[0], threshold1: int = DEFAULT_THRESHOLDS[1],
               threshold2: int = DEFAULT_THRESHOLDS[2]) -> Iterator[tuple[int, ...]]:
    """Run the block with the cyclic GC's thresholds raised; restore them after.

    Yields the thresholds that were in force before, the ones put back on exit::

        import csp
        with csp.relaxed_gc():
            chans = [csp.Channel() for _ in range(1_000_000)]
            ring = csp.Par(*(relay(chans[i - 1], chans[i]) for i in range(1, len(chans))))
        ring.start()

    Raising ``threshold0`` is what pays (fewer young passes, so fewer
    promotions and full collections); the defaults measured on a million-process
    ring are in ``docs/performance.md``.
    """
    new = (threshold0, threshold1, threshold2)
    for name, value in zip(("threshold0", "threshold1", "threshold2"), new, strict=True):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(
                f"relaxed_gc({name}={value!r}): each threshold must be a positive int, "
                f"for instance csp.relaxed_gc({DEFAULT_THRESHOLDS[0]})"
            )
    before = gc.get_threshold()
    gc.set_threshold(*new)
    try:
        yield before
    finally:
        gc.set_threshold(*before)
