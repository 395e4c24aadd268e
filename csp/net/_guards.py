"""Remote channels as guards of an ``Alt``: offers that the host answers, committed exactly once.

A select parks one offer per guard; a remote guard's offer is an
operation in flight (``_remote._Pending``).

*Read guards.* The host *holds* the value it takes for the offer until
this end answers. If the offer fires first, the choice commits to it and
every other offer is withdrawn; if another guard fires first, the remote
offer is withdrawn and the host puts the value it took (if any) back at
the head of its channel. No value is taken from a channel that was not
chosen, and none is lost.

*Write guards.* The value is offered to the host, where a reader takes it
when one comes; a reader that has taken it cannot be undone. So when
another guard fires first while the write is out, the select does not
commit at once: it withdraws every other offer, keeps what fired, and asks
the host to withdraw the write. If the host withdrew it, the select
commits to what fired; if a host reader had already taken it, the select
commits to the write and gives back what fired (a local value goes back
to the head of its channel, a remote one to the host, a timer is just
ignored). What fired must be able to be given back, so an ``Alt`` may
hold at most one remote write guard, and no local write guard beside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twisted.logger import Logger

from .._channel import POISONED
from .._errors import ChannelPoison
from ..guards._alt import _WriteGuard
from ..guards._offers import _Offer
from ._errors import ChannelDisconnected
from ._hold import put_back
from ._remote import _OFFER_R, _OFFER_W, _Pending

if TYPE_CHECKING:
    from ._remote import RemoteChannel

__all__ = ["RemoteReadGuard", "RemoteWriteGuard", "decide"]

log = Logger(namespace="csp.net")


class _RemoteGuard:
    __slots__ = ("ch",)

    def __init__(self, ch: RemoteChannel) -> None:
        self.ch = ch

    @property
    def shown(self) -> Any:
        return self.ch

    def _ready(self, task: Any) -> bool:
        # Whether the host could complete it now is known only there: ready here means
        # "it raises at once" (poisoned, or the connection is lost).
        return self.ch._shut == POISONED or self.ch._conn.lost_reason is not None

    def _take(self, task: Any) -> Any:
        ch = self.ch
        if ch._shut == POISONED:
            raise ChannelPoison(ch)
        conn = ch._conn
        raise ChannelDisconnected(conn.peer, ch._remote_name, conn.lost_reason or "")


class RemoteReadGuard(_RemoteGuard):
    """``rc`` or ``rc.read()`` in an ``Alt``."""

    __slots__ = ()

    def _offer(self, waiting: Any, idx: int, task: Any) -> _Pending:
        op = _Pending(self.ch, _OFFER_R, task)
        op.waiting, op.idx = waiting, idx
        self.ch._conn.start(op, "R")
        return op

    def _text(self) -> str:
        return f"reading from {self.ch!r}"


class RemoteWriteGuard(_RemoteGuard):
    """``rc.write(x)`` in an ``Alt``."""

    __slots__ = ("value",)

    def __init__(self, ch: RemoteChannel, value: Any) -> None:
        super().__init__(ch)
        self.value = value

    def _offer(self, waiting: Any, idx: int, task: Any) -> Any:
        alt = waiting.sel.alt
        others = [g for i, (g, _) in enumerate(alt._entries) if i != idx]
        if any(isinstance(g, (RemoteWriteGuard, _WriteGuard)) for g in others):
            return _Refused(waiting, idx, task, TypeError(
                f"{alt!r}: beside a write to a remote channel, an Alt may hold no other write guard: the "
                "host's reader may take the remote value before the other write can be withdrawn, and a "
                "value taken by a reader cannot be given back; write in separate processes instead"))
        op = _Pending(self.ch, _OFFER_W, task, self.value)
        op.waiting, op.idx = waiting, idx
        self.ch._conn.start(op, "W", self.value)  # (its value was checked by _ready: it encodes)
        waiting.hold = _Hold(op)
        return op

    def _ready(self, task: Any) -> bool:
        self.ch._conn.codec.encode(self.value)  # an unsendable value raises here, before any offer is made
        return super()._ready(task)

    def _text(self) -> str:
        return f"writing {self.value!r} to {self.ch!r}"


class _Refused:
    """The offer of a guard that cannot take part: the select raises ``error`` (after parking cleanly)."""

    __slots__ = ("live", "call")

    def __init__(self, waiting: Any, idx: int, task: Any, error: BaseException) -> None:
        self.live = True
        self.call = task.sched.clock.callLater(0, self._ring, waiting, idx, error)

    def _ring(self, waiting: Any, idx: int, error: BaseException) -> None:
        self.live = False
        waiting._fail(error, idx)

    def _withdraw(self) -> None:
        self.live = False
        if self.call.active():
            self.call.cancel()


class _Hold:
    """Decides a select whose remote write is out when another offer fires first (see the module)."""

    __slots__ = ("op",)

    def __init__(self, op: _Pending) -> None:
        self.op = op

    def __call__(self, waiting: Any, idx: int, value: Any) -> bool:
        op = self.op
        if idx == op.idx or not op.live:
            return False  # the write itself fired (or is gone): commit as usual
        fired = next((o for o in waiting.offers if o.idx == idx), None)
        if isinstance(fired, _Pending):
            fired.held = True  # a remote read: its host keeps the value until we say
        op.live = False  # so that withdrawing the others leaves the write out
        waiting.done = True
        waiting._withdraw()
        op.deciding = (idx, value, fired)
        op.rc._conn.send_quiet("X", op.oid)  # and wait for "K" (withdrawn) or "D" (taken)
        return True


def decide(op: _Pending, delivered: bool | None, error: BaseException | None = None) -> None:
    """The host answered the write of a select that was deciding: commit one of the two, give back the other.

    ``delivered``: True (a host reader took the write), False (withdrawn,
    or refused by poison or close), None (the connection was lost: unknown).
    """
    idx, value, fired = op.deciding
    op.deciding = None
    waiting = op.waiting
    task = waiting.task
    alive = task.parked_on is waiting  # not cancelled meanwhile
    if delivered is False and alive:
        _settle(op, fired, value, keep=True)
        waiting.sel.alt._last = idx
        task.sched._wake(task, value)
        return
    _settle(op, fired, value, keep=False)
    if not alive:
        if delivered:
            log.warn("csp.net: {value!r} written to {ch} by a select that was cancelled meanwhile",
                     value=op.value, ch=op.rc)
        return
    if delivered:
        waiting.sel.alt._last = op.idx
        task.sched._wake(task, None)
    else:
        task.sched._throw(task, error)


def _settle(op: _Pending, fired: Any, value: Any, keep: bool) -> None:
    """Keep (commit) or give back what fired while the write was out."""
    if isinstance(fired, _Pending):  # a remote read offer: its host holds the value
        fired.rc._conn.send_quiet("C" if keep else "X", fired.oid)
    elif isinstance(fired, _Offer) and not keep and not fired.writer:
        put_back(fired.ch, value)  # a local read: the value goes back to the head of its channel
    # a timer that rang: nothing to give back
