"""Buffer kinds for a channel: ``Channel(n)`` is fixed; dropping and sliding buffers never block."""

from __future__ import annotations

__all__ = ["Buffer", "DroppingBuffer", "SlidingBuffer", "FIXED", "DROPPING", "SLIDING", "POLICY_NAMES"]

FIXED, DROPPING, SLIDING = 0, 1, 2  # a channel's ``_policy``: what a write to a full buffer does
POLICY_NAMES = {DROPPING: "DroppingBuffer", SLIDING: "SlidingBuffer"}


class Buffer:
    """A buffer kind for :class:`Channel`; ``Channel(n)`` is the usual fixed buffer of ``n``."""

    __slots__ = ("size",)
    policy = FIXED

    def __init__(self, size: int) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"{type(self).__name__}({size!r}): the size is a whole number >= 1")
        self.size = size

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.size})"


class DroppingBuffer(Buffer):
    """``Channel(DroppingBuffer(n))``: writes never block; when full, the new value is dropped.

    As core.async's ``dropping-buffer``: a write to a full buffer completes
    at once and its value is thrown away (the values already there are
    kept)::

        c = Channel(DroppingBuffer(2))   # writes 1, 2, 3 leave [1, 2]
    """

    __slots__ = ()
    policy = DROPPING


class SlidingBuffer(Buffer):
    """``Channel(SlidingBuffer(n))``: writes never block; when full, the oldest value is dropped.

    As core.async's ``sliding-buffer``: readers see the newest ``n``
    values::

        c = Channel(SlidingBuffer(2))    # writes 1, 2, 3 leave [2, 3]
    """

    __slots__ = ()
    policy = SLIDING
