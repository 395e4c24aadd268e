"""The short path of choice: a select between plain reads of distinct channels.

This is the usual kind of choice (``Alt(c1, c2, ...)`` with no ``when``
conditions, write guards, Skip or Timer). Its selects look at the channels
directly, as few of them as each mode allows, and reuse one set of offers
from one park to the next. ``csp.guards._alt`` decides when it applies.
"""

from __future__ import annotations

from random import choice as _choice
from random import getrandbits as _getrandbits
from typing import TYPE_CHECKING, Any

from .._channel import Channel
from .._kernel import PARKED, Task
from ._offers import _Offer, _Waiting

if TYPE_CHECKING:
    from ._alt import _Select

__all__: list[str] = []


def _draws(n: int) -> range:
    """How many random draws ``select`` makes among ``n`` guards before it scans them all.

    Any number keeps the choice uniform. About a quarter of ``n`` (at most
    16) balances the draws wasted when few guards are ready against the
    scans they save.
    """
    return range(min(n // 4 + 2, 16) if n > 2 else 0)


class _Reads:
    """A plain choice between reads of distinct channels: the usual kind, made fast.

    Its selects look at the channels alone, not the guards, and each mode
    looks at as few as it can, so that a select over many busy channels
    costs about what one read does. A channel is ready when a value can be
    read: a writer waits, or its buffer holds a value. When every channel
    is a rendezvous (``unbuffered``), the test is just "a writer waits", as
    such a channel has no buffer: a long scan is cheaper so.

    When no channel is ready the select parks the offers kept here, one per
    channel, made at the first park and reused: ``parked`` is the select
    that holds them until it commits, is poisoned or is aborted.
    """

    __slots__ = ("chans", "index", "unbuffered", "draws", "bits", "offers", "parked")

    def __init__(self, chans: list[Channel]) -> None:
        self.chans = chans
        self.index = {ch: i for i, ch in enumerate(chans)}  # much cheaper than chans.index(ch)
        self.unbuffered = not any(ch._size for ch in chans)
        self.draws = _draws(len(chans))
        self.bits = (len(chans) - 1).bit_length()  # a random draw of this many bits
        self.offers: list[_Offer] | None = None
        self.parked: _Waiting | None = None

    def random(self, last: int) -> int | None:
        """``select``: a ready channel chosen uniformly at random (its position, or None).

        It first draws a few channels at random and takes the first ready one
        (rejection sampling: uniform among the ready ones, however many draws
        it takes); only if every draw misses does it scan them all. A draw is
        a number of ``bits`` random bits, which may be past the last channel
        (a miss too): much cheaper than ``int(random() * n)``.
        """
        chans = self.chans
        n = len(chans)
        bits = self.bits
        for _ in self.draws:
            i = _getrandbits(bits)
            if i < n:
                ch = chans[i]
                if ch._writer is not None or ch._buf or ch._shut:
                    return i
        if self.unbuffered:
            ready = [ch for ch in chans if ch._writer is not None or ch._shut]
        else:
            ready = [ch for ch in chans if ch._writer is not None or ch._buf or ch._shut]
        return self.index[_choice(ready)] if ready else None

    def fair(self, last: int) -> int | None:
        """``fair_select``: the first ready channel after the one chosen ``last``, round robin."""
        chans = self.chans
        for i in range(last + 1, len(chans)):
            ch = chans[i]
            if ch._writer is not None or ch._buf or ch._shut:
                return i
        for i in range(last + 1):  # round the end, back to the last chosen
            ch = chans[i]
            if ch._writer is not None or ch._buf or ch._shut:
                return i
        return None

    def pri(self, last: int) -> int | None:
        """``pri_select``: the first ready channel in order."""
        chans = self.chans
        if self.unbuffered:
            for ch in chans:
                if ch._writer is not None or ch._shut:
                    return self.index[ch]
            return None
        for ch in chans:
            if ch._writer is not None or ch._buf or ch._shut:
                return self.index[ch]
        return None

    def park(self, sel: _Select, task: Task) -> Any:
        """None is ready: park ``task``, for ``sel``, with an offer on every channel.

        Reusing the offers is safe: a poison may still hold one it has taken
        off its queue and throw into it later, but that reaches the select
        it was parked for (which ignores it, being done), and it cannot be
        parked again before then, as every select first looks for poison.
        """
        if self.parked is not None:  # another task waits on the same Alt and holds the offers
            return sel._park(task, sel.alt._all)
        offers = self.offers
        if offers is None:
            offers = self.offers = [_Offer(i) for i in range(len(self.chans))]
        waiting = self.parked = _Waiting(sel, task)
        for offer, ch in zip(offers, self.chans, strict=True):  # offer._park(waiting, ch, False, None)
            offer.waiting = waiting
            offer.live = True
            offer.ch = ch
            if ch._reader is None:
                ch._reader = offer
            else:
                ch._add_reader(offer)
        waiting.offers = offers
        task.parked_on = waiting
        return PARKED
