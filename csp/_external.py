"""Channel operations for Twisted code outside any process: ``put``/``get`` as Deferreds.

An :class:`External` stands in for a task in a channel's queue: parked, it
waits there like a process; woken, it fires its Deferred. Cancelling the
Deferred (``addTimeout``, say) withdraws it from the queue, so a write that
was reported as failed is never delivered later, and a read that gave up
takes nothing.
"""

from __future__ import annotations

from typing import Any

from twisted.internet.defer import Deferred

from ._errors import ChannelClosed, ChannelPoison
from ._kernel import PARKED, Trap

__all__ = ["External"]


class External:
    """A read or write from Twisted code, parked in a channel's queue until it completes."""

    __slots__ = ("val", "d", "sched", "parked_on")
    _csp_opaque = True

    def __init__(self) -> None:
        self.val: Any = None
        self.d: Deferred = Deferred(canceller=self._cancel)
        self.sched = self  # the channel wakes it with entry.sched._wake(entry, value)
        self.parked_on: Any = None

    def run(self, op: Trap) -> Deferred:
        """Perform ``op``: the Deferred fires now or when the operation completes."""
        try:
            result = op._perform(self)  # type: ignore[arg-type]
        except (ChannelPoison, ChannelClosed) as shut:
            self.d.errback(shut)
        else:
            if result is not PARKED:
                self.d.callback(result)
        return self.d

    def _wake(self, entry: External, value: Any) -> None:
        self.parked_on = None
        self.d.callback(value)

    def _throw(self, entry: External, exc: BaseException) -> None:
        self.parked_on = None
        self.val = None
        self.d.errback(exc)

    def _cancel(self, _d: Deferred) -> None:
        """The Deferred was cancelled: leave the queue (the Deferred then fails with CancelledError)."""
        op = self.parked_on
        if op is not None:
            self.parked_on = None
            op._abort(self)
            self.val = None
