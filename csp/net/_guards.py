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
from ._remote import _OFFER_R, _OFFER_W, _ids, _Pending

if TYPE_CHECKING:
    from ._remote import RemoteChannel

__all__ = ["RemoteReadGuard", "RemoteWriteGuard", "withdrawn", "answered"]

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

    __slots__ = ("value", "out")

    def __init__(self, ch: RemoteChannel, value: Any) -> None:
        super().__init__(ch)
        self.value = value
        # task -> its write offer, withdrawn because the select was paused, not yet answered by the host
        self.out: dict[Any, _Pending] = {}

    def _offer(self, waiting: Any, idx: int, task: Any) -> Any:
        alt = waiting.sel.alt
        others = [g for i, (g, _) in enumerate(alt._entries) if i != idx]
        if any(isinstance(g, (RemoteWriteGuard, _WriteGuard)) for g in others):
            return _Refused(waiting, idx, task, TypeError(
                f"{alt!r}: beside a write to a remote channel, an Alt may hold no other write guard: the "
                "host's reader may take the remote value before the other write can be withdrawn, and a "
                "value taken by a reader cannot be given back; write in separate processes instead"))
        op = self.out.pop(task, None)
        if op is not None:  # resumed before the host answered the withdrawal: wait for that answer
            op.waiting, op.idx, op.live = waiting, idx, True
        else:
            op = _Pending(self.ch, _OFFER_W, task, self.value)
            op.waiting, op.idx, op.guard = waiting, idx, self
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
        if idx == op.idx or not op.live or op.waiting is not waiting:
            return False  # the write itself fired (or is gone): commit as usual
        fired = next((o for o in waiting.offers if o.idx == idx), None)
        if isinstance(fired, _Pending):
            fired.held = True  # a remote read: its host keeps the value until we say
        op.live = False  # so that withdrawing the others leaves the write out
        waiting.done = True
        waiting._withdraw()
        waiting.offers = [_Deciding(op.idx)]  # what the select waits for now: the host's answer
        op.deciding = (idx, value, fired)
        op.guard.out[waiting.task] = op  # a resumed select waits for this answer, never offers twice
        op.rc._conn.send_quiet("X", op.oid)  # and wait for "K" (withdrawn) or "D" (taken)
        return True


class _Deciding:
    """Stands for a deciding select's remote write among its offers: the host's answer will wake it.

    (The deadlock detector and ``ps`` read a select's offers: this one says
    that something outside the program can still wake it.)
    """

    __slots__ = ("idx",)
    live = True

    def __init__(self, idx: int) -> None:
        self.idx = idx

    def _withdraw(self) -> None:
        pass  # cancelled or paused meanwhile: the answer, when it comes, finds the task gone (see _decide)


def withdrawn(op: _Pending) -> None:
    """A select withdrew its remote write (it was paused, cancelled, or poisoned): ask the host."""
    op.rc._conn.send_quiet("X", op.oid)  # it stays pending: the answer says whether a reader took it
    task = op.waiting.task
    if getattr(task, "paused", None) is not None:
        op.guard.out[task] = op  # paused: the select offers it again on resume; it must not go twice


def answered(op: _Pending, delivered: bool | None, error: BaseException | None = None) -> None:
    """The host's answer to a select's write: ``delivered`` True ("D"), False ("K", "E"), None (lost)."""
    if op.deciding is not None:
        return _decide(op, delivered, error)
    waiting = op.waiting
    task = waiting.task
    guard = op.guard
    if op.live:  # offered, and the select still waits for it
        if delivered:
            guard.out.pop(task, None)
            op.live = False
            waiting._fire(op.idx, None)
        elif delivered is False and error is None:  # withdrawn at a pause before it resumed: offer it again
            conn = op.rc._conn
            op.oid = next(_ids)
            conn.start(op, "W", op.value)
        else:
            guard.out.pop(task, None)
            op.live = False
            waiting._fail(error, op.idx)
        return
    if guard.out.get(task) is op:  # withdrawn because the select was paused
        guard.out.pop(task)
        paused = getattr(task, "paused", None)
        if delivered and paused is not None and paused.stash is None:
            _deliver(task, waiting, op.idx, None, None, True)  # on resume the select returns: it was taken
            return
    if delivered:
        log.warn("csp.net: {value!r} was taken by a reader of {ch} after the select that offered it had "
                 "been cancelled or poisoned", value=op.value, ch=op.rc)


def _decide(op: _Pending, delivered: bool | None, error: BaseException | None) -> None:
    """Commit one of the write and what fired while it was out; give back the other."""
    idx, value, fired = op.deciding
    op.deciding = None
    waiting = op.waiting
    task = waiting.task
    op.guard.out.pop(task, None)
    alive = task.parked_on is waiting  # it still waits for this select
    paused = getattr(task, "paused", None)
    stash = not alive and paused is not None and paused.stash is None  # paused meanwhile: keep it for resume
    if delivered is None or not (alive or stash):  # lost (fate unknown) or cancelled: give back what fired
        _settle(fired, value, keep=False)
        if delivered is None and (alive or stash):
            _deliver(task, waiting, op.idx, None, error, stash)
        elif delivered:
            log.warn("csp.net: {value!r} was taken by a reader of {ch} after the select that offered it had "
                     "been cancelled", value=op.value, ch=op.rc)
        return
    _settle(fired, value, keep=not delivered)
    if delivered:
        _deliver(task, waiting, op.idx, None, None, stash)
    else:
        _deliver(task, waiting, idx, value, None, stash)


def _deliver(task: Any, waiting: Any, idx: int, value: Any, error: BaseException | None, stash: bool) -> None:
    """The select's outcome: to the task now, or kept for its resume() if it was paused meanwhile."""
    waiting.sel.alt._last = idx
    if stash:
        task.parked_on = None
        task.paused.stash = (value, error)
    elif error is not None:
        task.sched._throw(task, error)
    else:
        task.sched._wake(task, value)


def _settle(fired: Any, value: Any, keep: bool) -> None:
    """Keep (commit) or give back what fired while the write was out."""
    if isinstance(fired, _Pending):  # a remote read offer: its host holds the value
        fired.rc._conn.send_quiet("C" if keep else "X", fired.oid)
    elif isinstance(fired, _Offer) and not keep and not fired.writer:
        put_back(fired.ch, value)  # a local read: the value goes back to the head of its channel
    # a timer that rang: nothing to give back
