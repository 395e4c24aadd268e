"""A parked select: the offers it leaves on channels and timers, and their shared fate.

A select that finds no guard ready parks its task on a :class:`_Waiting` and
leaves one offer per enabled guard: an :class:`_Offer` in a channel's queue
of readers or writers (it duck-types a task there), or a :class:`_TimerOffer`
(a reactor ``callLater``). The first offer to fire commits the select and
every other offer is withdrawn in the same call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import ChannelClosed
from .._kernel import SELF, Task, Trap

if TYPE_CHECKING:
    from .._channel import Channel
    from ._alt import _Select

__all__: list[str] = []


class _Waiting(Trap):
    """A task parked in a select: its offers, one per enabled guard, and the shared done flag."""

    __slots__ = ("sel", "task", "offers", "done", "hold")
    _csp_opaque = True  # holds a task: the deadlock detector does not look inside

    def __init__(self, sel: _Select, task: Task) -> None:
        self.sel = sel
        self.task = task
        self.offers: list[Any] = []
        self.done = False
        # An offer that cannot be withdrawn at once (csp.net's remote write) puts here what decides
        # the select when another offer fires first: hold(waiting, idx, value) -> True if it took over.
        self.hold: Any = None

    def _fire(self, idx: int, value: Any) -> None:
        """Offer ``idx`` fired with ``value``: commit to it and withdraw every other offer."""
        if self.done:
            raise RuntimeError(
                f"internal error: a withdrawn offer of {self.sel!r} was taken; "
                "a channel queue held a stale entry"
            )
        hold = self.hold
        if hold is not None and hold(self, idx, value):
            return
        self.done = True
        self._withdraw()
        self.sel.alt._last = idx
        task = self.task
        task.sched._wake(task, value)

    def _fail(self, exc: BaseException, idx: int) -> None:
        """Offer ``idx``'s channel was poisoned or closed: the select raises it (unless it committed).

        A closed channel is a ready guard that says it is closed: the select
        commits to it (``last_selected`` is that channel) and raises
        ``ChannelClosed``.
        """
        if self.done:
            # Withdrawn already (the poison's snapshot of the queue still held it); the
            # poison is sticky, so the process meets it at its next operation on that channel.
            return
        self.done = True
        self._withdraw()
        if isinstance(exc, ChannelClosed):
            self.sel.alt._last = idx
        task = self.task
        task.sched._throw(task, exc)

    def _withdraw(self) -> None:
        """Take every offer still parked off its queue; the Alt's own offers are then free again."""
        offers, self.offers = self.offers, []
        reads = self.sel.alt._reads
        if reads is not None and reads.parked is self:
            reads.parked = None
        for offer in offers:
            if not offer.live:
                continue
            if offer.__class__ is _Offer:  # taken off its queue here: there may be many
                offer.live = False
                if not offer.ch._remove(offer, offer.writer):
                    offer._missing()
            else:
                offer._withdraw()

    # -- the kernel's side --------------------------------------------------------

    def _abort(self, task: Task) -> bool:
        self.done = True
        self._withdraw()
        return True

    def _repark(self, task: Task) -> Any:
        return self.sel._perform(task)

    def _describe(self, task: Task) -> str:
        entries = self.sel.alt._entries
        texts = [entries[o.idx][0]._text() for o in self.offers]
        return "choosing between " + ", ".join(texts)

    def _blocked_on(self, task: Task) -> tuple:
        out = []
        for offer in self.offers:
            if offer.__class__ is _Offer:
                if offer.ch._external:
                    return (SELF,)
                out.append(offer.ch)
            elif offer.live:  # a timer: it rings by itself
                return (SELF,)
        return tuple(out)


class _Offer:
    """A select's entry in a channel's reader or writer queue; it duck-types a task.

    ``val`` is the value a write offer offers. ``sched`` is the offer itself:
    the channel wakes it with ``entry.sched._wake(entry, value)`` (the guard
    fired) or ``entry.sched._throw(entry, exc)`` (the channel was poisoned).
    ``owner`` is the task's scheduler, so a poison from another thread is
    handed to the reactor thread. An offer that is not ``live`` is in no
    queue, and may be parked again (an Alt reuses its read offers).
    """

    __slots__ = ("val", "sched", "waiting", "idx", "ch", "writer", "live")
    _csp_opaque = True

    def __init__(self, idx: int) -> None:
        self.idx = idx
        self.sched = self
        self.val: Any = None
        self.waiting: Any = None
        self.ch: Any = None
        self.writer = False  # in the channel's queue of writers (else of readers)
        self.live = False

    def _park(self, waiting: _Waiting, ch: Channel, writer: bool, val: Any) -> _Offer:
        """Park in ``ch``'s queue of writers (or of readers) for ``waiting``'s select."""
        self.waiting = waiting
        self.val = val
        self.live = True
        self.ch = ch
        self.writer = writer
        if writer:
            ch._add_writer(self)
        else:
            ch._add_reader(self)
        return self

    @property
    def owner(self) -> Any:
        """The scheduler whose thread must wake it (see Channel.poison)."""
        return self.waiting.task.sched

    def _wake(self, _entry: Any, value: Any) -> None:
        self.live = False
        self.waiting._fire(self.idx, value)

    def _throw(self, _entry: Any, exc: BaseException) -> None:
        self.live = False
        self.waiting._fail(exc, self.idx)

    # (_Waiting._withdraw takes an offer off its queue itself: there may be many.)

    def _missing(self) -> None:
        """It was not in its queue when withdrawn: fine after a poison, else a bug."""
        # Only a poison empties a queue behind our back (it then throws into us).
        ch = self.ch
        if not ch._shut:
            raise RuntimeError(f"internal error: {self!r} was withdrawn but was not in the queue of {ch!r}")

    def __repr__(self) -> str:
        return f"<offer of {self.waiting.task!r}>"


class _TimerOffer:
    """A select's timer guard: a reactor ``callLater`` until the alarm."""

    __slots__ = ("waiting", "idx", "call", "live", "sched")

    def __init__(self, waiting: _Waiting, idx: int, clock: Any, delay: float, task: Task) -> None:
        self.waiting = waiting
        self.idx = idx
        self.sched = task.sched
        self.call = clock.callLater(delay, self._ring)
        self.live = True

    def _ring(self) -> None:
        self.call = None
        self.live = False
        self.waiting._fire(self.idx, None)

    def _withdraw(self) -> None:
        self.live = False
        if self.call is not None:
            if self.call.active():
                self.call.cancel()
            self.call = None
