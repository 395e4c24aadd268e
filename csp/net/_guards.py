"""Remote channels as guards of an ``Alt``: offers that the host answers, committed exactly once.

A select parks one offer per guard; a remote guard's offer is an
operation in flight (``_remote._Pending``). For a read guard the host
*holds* the value it takes until this end answers: if the offer fires
first, the choice commits to it and the other offers are withdrawn; if
another guard fires first, the remote offer is withdrawn and the host puts
the value it took (if any) back at the head of its channel. So no value
is taken from a remote channel that was not chosen, and none is lost.

A write guard offers its value to the host, where a reader takes it
when one comes. A reader that has taken it cannot be undone, so the
choice commits exactly once only if nothing else in the ``Alt`` can fire
while the offer is out: a remote write guard must be the only guard of its
``Alt`` that is not a ``Skip`` (which then wins at once) (see
docs/network.md); ``Alt`` says so when this is not the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._channel import POISONED
from .._errors import ChannelPoison
from ._errors import ChannelDisconnected
from ._remote import _OFFER_R, _OFFER_W, _Pending

if TYPE_CHECKING:
    from ._remote import RemoteChannel

__all__ = ["RemoteReadGuard", "RemoteWriteGuard"]


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

    def _offer(self, waiting: Any, idx: int, task: Any) -> _Pending:
        entries = waiting.sel.alt._entries
        others = [g for i, (g, _) in enumerate(entries) if i != idx]
        if others:
            raise TypeError(
                f"{waiting.sel.alt!r}: a write to a remote channel can be a guard only alone (or with "
                "Skip()): once the host's reader has taken the value it cannot be given back, so no other "
                "guard may fire while the offer is out; read the other channels in another process, or "
                "write to a local channel that a forwarding process writes to the remote one"
            )
        op = _Pending(self.ch, _OFFER_W, task, self.value)
        op.waiting, op.idx = waiting, idx
        self.ch._conn.start(op, "W", self.value)
        return op

    def _text(self) -> str:
        return f"writing {self.value!r} to {self.ch!r}"
