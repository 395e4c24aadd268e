"""Choice: ``Alt`` over guards, and the ``|`` operator that builds one.

A *guard* is something a process can wait on inside a choice:

- a channel, or ``c.read()``: ready when a value can be read; gives the value;
- ``c.write(x)``: ready when ``x`` can be written (a reader waits, or the
  buffer has room); gives ``None``;
- ``Skip()``: always ready; gives ``None``;
- a ``Timer()`` whose alarm was set with ``timer.set_alarm(seconds)``: ready
  once the reactor clock has reached the alarm; gives ``None``;
- ``Guard(g, when=cond)``: ``g``, but only while ``cond`` holds (occam's
  ``cond & g``).

How a select works: it looks at every enabled guard; if one or more are
ready it commits to one of them at once. Otherwise it parks the process with
one *offer* per guard (an entry in a channel's reader or writer queue, or a
reactor timer). All offers share one "done" flag: the first to fire commits
the choice and every other offer is withdrawn in the same call, so exactly
one guard ever commits and no value is taken from a channel that was not
chosen. There is no polling.

The usual kind of choice, between reads of distinct channels with no
``when`` conditions, takes a short path (``_Reads`` in ``_reads.py``): it
looks at the channels directly and as few of them as the mode allows, and
reuses its offers from one select to the next. A parked select's offers are
in ``_offers.py``.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import chain
from random import choice as _choice
from random import getrandbits as _getrandbits
from typing import Any, Callable, Generator, Iterator

from .._channel import CHOICE, POISONED, Channel, _Read, _Write, poison_epoch
from .._errors import ChannelPoison, NoGuardInAlt
from .._forgotten import made, note_made, untrack
from .._kernel import PARKED, Task, Trap
from ._offers import _Offer, _TimerOffer, _Waiting
from ._reads import _draws, _Reads
from ._skip import Skip
from ._timer import Timer

__all__ = ["Alt", "Guard"]

_RANDOM, _FAIR, _PRI = "select", "fair_select", "pri_select"

_GUARD_KINDS = (
    "a Channel or c.read() (read), c.write(x) (write), Skip(), a Timer() with "
    "set_alarm(seconds), Guard(g, when=cond), or another Alt"
)


# -- the kinds of guard ---------------------------------------------------------
#
# Every guard passed to Alt is normalised into one of the four classes below.
# Each has ``ch`` (its channel, or None), ``shown`` (what ``last_selected``
# reports), ``_ready(task)``, ``_take(task)`` (commit at once; only called
# when ready), ``_offer(waiting, idx, task)`` (park an offer) and ``_text()``.


class _ReadGuard:
    __slots__ = ("ch",)

    def __init__(self, ch: Channel) -> None:
        self.ch = ch

    @property
    def shown(self) -> Any:
        return self.ch

    def _ready(self, task: Task) -> bool:
        ch = self.ch
        return ch._writer is not None or bool(ch._buf) or bool(ch._shut)

    def _take(self, task: Task) -> Any:
        # Ready: _Read._perform returns the value without parking.
        return self.ch._rd._perform(task)

    def _offer(self, waiting: _Waiting, idx: int, task: Task) -> _Offer:
        return _Offer(idx)._park(waiting, self.ch, False, None)

    def _text(self) -> str:
        return f"reading from {self.ch!r}"


class _WriteGuard:
    __slots__ = ("ch", "value")

    def __init__(self, ch: Channel, value: Any) -> None:
        self.ch = ch
        self.value = value

    @property
    def shown(self) -> Any:
        return self.ch

    def _ready(self, task: Task) -> bool:
        ch = self.ch
        return ch._reader is not None or len(ch._buf) < ch._size or bool(ch._shut or ch._policy)

    def _take(self, task: Task) -> Any:
        # Ready: the write hands the value over and returns None.
        return type(self.ch._wr)._armed(self.ch, self.value)._perform(task)

    def _offer(self, waiting: _Waiting, idx: int, task: Task) -> _Offer:
        return _Offer(idx)._park(waiting, self.ch, True, self.value)

    def _text(self) -> str:
        return f"writing {self.value!r} to {self.ch!r}"


class _SkipGuard:
    __slots__ = ("skip",)

    ch = None

    def __init__(self, skip: Skip) -> None:
        self.skip = skip

    @property
    def shown(self) -> Any:
        return self.skip

    def _ready(self, task: Task) -> bool:
        return True

    def _take(self, task: Task) -> Any:
        return None

    def _offer(self, waiting: _Waiting, idx: int, task: Task) -> Any:  # pragma: no cover - always ready
        raise AssertionError("Skip is always ready; it is never parked")

    def _text(self) -> str:
        return "Skip()"


class _TimerGuard:
    __slots__ = ("timer",)

    ch = None

    def __init__(self, timer: Timer) -> None:
        self.timer = timer

    @property
    def shown(self) -> Any:
        return self.timer

    def _clock(self, task: Task) -> Any:
        clock = self.timer._clock
        return clock if clock is not None else task.sched.clock

    def _alarm(self, task: Task) -> float:
        timer = self.timer
        if timer._delay is not None:  # set outside any process: it starts now
            timer._alarm = self._clock(task).seconds() + timer._delay
            timer._delay = None
        if timer._alarm is None:
            raise ValueError(
                f"{timer!r} is a guard in an Alt but has no alarm, so it could never be chosen: "
                "call timer.set_alarm(seconds) before selecting (use Skip() for a guard that is "
                "always ready)"
            )
        return timer._alarm

    def _ready(self, task: Task) -> bool:
        return self._clock(task).seconds() >= self._alarm(task)

    def _take(self, task: Task) -> Any:
        return None

    def _offer(self, waiting: _Waiting, idx: int, task: Task) -> _TimerOffer:
        clock = self._clock(task)
        delay = max(0.0, self._alarm(task) - clock.seconds())
        return _TimerOffer(waiting, idx, clock, delay, task)

    def _text(self) -> str:
        alarm = self.timer._alarm
        if alarm is None:
            delay = self.timer._delay
            if delay is None:
                return "a Timer with no alarm"
            return f"a Timer alarm {delay:g}s after its first select"
        return f"a Timer alarm at t={alarm:g}s"


_Entry = tuple  # (guard, conditions): the guard is enabled when every condition holds


def _entries(guard: Any) -> list[_Entry]:
    """Normalise one argument of ``Alt`` into ``(guard, conditions)`` entries."""
    guards = getattr(guard, "_csp_guards", None)
    if guards is not None:  # a guard kind defined above this layer (csp.net's remote channels)
        return [(g, ()) for g in guards()]
    if isinstance(guard, Channel):
        return [(_ReadGuard(guard), ())]
    if isinstance(guard, _Read):
        untrack(guard)
        return [(_ReadGuard(guard.ch), ())]
    if isinstance(guard, _Write):
        untrack(guard)
        if not guard.armed:
            raise RuntimeError(
                f"{guard!r} was already performed, so it cannot be a guard: each `c.write(x)` "
                "writes once; call c.write(x) again where the Alt is built"
            )
        value = guard.value
        # The Alt now owns the write: the channel may reuse the op object.
        guard.value, guard.armed = None, False
        return [(_WriteGuard(guard.ch, value), ())]
    if isinstance(guard, Skip):
        return [(_SkipGuard(guard), ())]
    if isinstance(guard, Timer):
        return [(_TimerGuard(guard), ())]
    if isinstance(guard, Guard):
        return list(guard._entries)
    if isinstance(guard, Alt):
        return list(guard._entries)
    if isinstance(guard, _Select):
        raise TypeError(
            f"{guard!r} is a selection, not a guard: give Alt the guards themselves, "
            "e.g. Alt(c1, c2, Skip()) rather than Alt(other.select())"
        )
    hint = ""
    if callable(guard) and not isinstance(guard, type):
        hint = " (a process or function cannot be a guard)"
    raise TypeError(
        f"{guard!r} ({type(guard).__name__}) cannot be a guard in a choice{hint}; a guard is "
        + _GUARD_KINDS
    )


def _is_guard(obj: Any) -> bool:
    return isinstance(obj, (Channel, _Read, _Write, Skip, Timer, Guard, Alt)) or hasattr(obj, "_csp_guards")


def _holds(conds: tuple) -> bool:
    for cond in conds:
        if callable(cond):
            if not cond():
                return False
        elif not cond:
            return False
    return True


def choice(left: Any, right: Any) -> Any:
    """``left | right`` for guards: an :class:`Alt` of both (flattened); NotImplemented otherwise."""
    if not _is_guard(right) or not _is_guard(left):
        return NotImplemented
    return Alt(left, right)


CHOICE[0] = choice  # ``c | g`` on a channel or an operation builds a choice (csp._channel asks here)


# -- the conditional guard ------------------------------------------------------


class Guard:
    """A guard that takes part in a choice only while a condition holds (occam's ``cond & g``).

    ``when`` is a value tested when the select starts, or a function of no
    arguments called at every select (use that form for an ``Alt`` built once
    and selected many times). A disabled guard is ignored, as if it were
    not in the ``Alt``; if every guard is disabled the select raises
    :class:`NoGuardInAlt`::

        @process
        def bounded_buffer(cin, cout, size):
            items = []
            while True:
                alt = Alt(Guard(cin, when=len(items) < size),
                          Guard(cout.write(items[0] if items else None), when=bool(items)))
                value = yield alt.select()
                if alt.last_index == 0:
                    items.append(value)
                else:
                    items.pop(0)

    ``g`` is any guard (a channel, ``c.read()``, ``c.write(x)``, ``Skip()``,
    a ``Timer``, another ``Guard`` or an ``Alt``, whose guards all get the
    condition). ``Guard`` objects combine with ``|`` like any guard.
    """

    __slots__ = ("_entries", "when")

    def __init__(self, guard: Any, when: Any | Callable[[], Any] = True) -> None:
        self.when = when
        self._entries = [(g, (when,) + conds) for g, conds in _entries(guard)]

    def __repr__(self) -> str:
        inner = ", ".join(g._text() for g, _ in self._entries)
        return f"Guard({inner}, when={self.when!r})"

    def __or__(self, other: Any) -> Any:
        return choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return choice(other, self)


# -- Alt ------------------------------------------------------------------------


class Alt(Trap):
    """A choice between guards: wait until one is ready, commit to exactly one.

    ``Alt(*guards)`` takes channels (a read; ``c.read()`` works too),
    ``c.write(x)`` (a write: the process offers to write ``x``), ``Skip()``
    (always ready), a ``Timer`` with ``set_alarm(seconds)`` (ready once the
    reactor clock has reached the alarm) and ``Guard(g, when=cond)`` (``g``
    only while ``cond`` holds). Yield one of its selections; it gives what
    the chosen guard gives: the value read for a read guard, ``None`` for
    the others::

        @process
        def merge(cin1, cin2, cout):
            alt = Alt(cin1, cin2)
            while True:
                value = yield alt.fair_select()
                yield cout.write(value)

    - ``yield alt.select()``: any ready guard, chosen at random;
    - ``yield alt.fair_select()``: never the guard chosen last time while
      another guard is ready (ready guards take turns);
    - ``yield alt.pri_select()``: the first ready guard in argument order;
    - ``yield alt`` (or ``await alt``) is ``yield alt.select()``;
    - ``yield c1 | c2.read() | d.write(x) | Skip()``: ``|`` between guards
      builds one flat ``Alt``, so this is a one-off select;
    - ``for op in alt * n: value = yield op`` makes ``n`` selections
      (``n * alt`` too).

    After a select, ``alt.last_selected`` is the guard chosen (for channel
    guards, read or write, the channel) and ``alt.last_index`` its position
    among the guards.

    Exactly one guard commits: no value is taken from a channel that was not
    chosen and none is lost. When nothing is ready the process waits without
    polling. If a channel among the enabled guards is poisoned, the select
    raises :class:`ChannelPoison` (even if another guard is ready), so a
    network shuts down promptly. ``Alt()`` with no guards raises
    :class:`NoGuardInAlt`. A write guard's value is fixed when the ``Alt``
    is built: every select of that ``Alt`` offers the same value.
    """

    __slots__ = ("_entries", "_last", "_plain", "_all", "_clean", "_reads", "_select", "_fair_select",
                 "_pri_select")

    def __init__(self, *guards: Any) -> None:
        if not guards:
            raise NoGuardInAlt(
                "Alt() was given no guards, so there is nothing to choose from; write e.g. "
                "Alt(c1, c2), where a guard is " + _GUARD_KINDS
            )
        entries: list[_Entry] = []
        for g in guards:
            entries.extend(_entries(g))
        self._entries = entries
        self._last = -1
        # For the common case, selected many times: no `when` conditions, so every
        # guard is live; and no need to look for poison again until some channel
        # somewhere is poisoned (``_clean`` is the poison epoch last checked).
        self._plain = all(not conds for _, conds in entries)
        self._all = list(range(len(entries)))
        self._clean = -1
        # A plain choice between reads of distinct channels, the usual kind, has a fast path.
        chans = [g.ch for g, _ in entries if type(g) is _ReadGuard]
        distinct = len(chans) == len(entries) == len(set(chans))
        self._reads = _Reads(chans) if self._plain and distinct else None
        self._select = _Select(self, _RANDOM)
        self._fair_select = _Select(self, _FAIR)
        self._pri_select = _Select(self, _PRI)

    def __repr__(self) -> str:
        return f"Alt({', '.join(_entry_text(e) for e in self._entries)})"

    # -- what users read --------------------------------------------------------

    @property
    def guards(self) -> tuple[Any, ...]:
        """The guards, flattened, as ``last_selected`` would report each one."""
        return tuple(g.shown for g, _ in self._entries)

    @property
    def last_selected(self) -> Any:
        """The guard chosen by the last completed select (``None`` before the first).

        For a channel guard (read or write) this is the channel; for ``Skip()``
        and ``Timer`` guards, that object; for a ``Guard(g, when=...)``, what it
        would be for ``g``.
        """
        if self._last < 0:
            return None
        return self._entries[self._last][0].shown

    @property
    def last_index(self) -> int | None:
        """Position (0-based, among the flattened guards) of the guard chosen last; ``None`` before."""
        return None if self._last < 0 else self._last

    # -- selecting --------------------------------------------------------------

    def select(self) -> _Select:
        """Wait until a guard is ready; commit to one chosen at random among the ready ones.

        Yield (or await) the result; it gives what the chosen guard gives::

            value = yield Alt(c1, c2).select()
        """
        sel = self._select
        if made[0] is None:  # _made(sel), inlined: this is on the path of every select
            made[0] = sel
        else:
            note_made(sel)
        return sel

    def fair_select(self) -> _Select:
        """Like :meth:`select`, but never the guard chosen last time while another is ready.

        Ready guards are taken in turn (round robin from the last one chosen),
        so no always-ready guard can starve another::

            alt = Alt(c1, c2)
            while True:
                value = yield alt.fair_select()
        """
        sel = self._fair_select
        if made[0] is None:  # _made(sel), inlined
            made[0] = sel
        else:
            note_made(sel)
        return sel

    def pri_select(self) -> _Select:
        """Like :meth:`select`, but commit to the first ready guard in argument order.

        Put the urgent guards first (a timeout or a stop channel, say)::

            value = yield Alt(stop, data).pri_select()
        """
        sel = self._pri_select
        if made[0] is None:  # _made(sel), inlined
            made[0] = sel
        else:
            note_made(sel)
        return sel

    def _perform(self, task: Task) -> Any:
        return self._select._perform(task)

    def _check_poison(self, live: list[int]) -> None:
        """Raise ChannelPoison if the channel of a guard in ``live`` is poisoned.

        A plain Alt (every guard live) then need not look again until some
        channel somewhere is poisoned: ``_clean`` keeps the poison epoch seen.
        """
        epoch = poison_epoch[0]  # read first: a poison during the check makes the next select look
        entries = self._entries
        for i in live:
            ch = entries[i][0].ch
            if ch is not None and ch._shut == POISONED:
                raise ChannelPoison(ch)
        if self._plain:
            self._clean = epoch

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self._select)

    # -- operators --------------------------------------------------------------

    def __or__(self, other: Any) -> Any:
        return choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return choice(other, self)

    def __mul__(self, n: Any) -> Iterator[_Select]:
        if isinstance(n, bool) or not isinstance(n, int):
            return NotImplemented
        if n < 0:
            raise ValueError(f"Alt(...) * {n}: the number of selections must be >= 0")
        return _selections(self, n)

    __rmul__ = __mul__


def _selections(alt: Alt, n: int) -> Iterator[_Select]:
    for _ in range(n):
        yield _made(alt._select)


def _made(sel: _Select) -> _Select:
    """Track a selection like a channel operation: one never yielded is reported."""
    if made[0] is None:
        made[0] = sel
    else:
        note_made(sel)
    return sel


def _entry_text(entry: _Entry) -> str:
    g, conds = entry
    text = g._text()
    if conds:
        text += " (when " + " and ".join(repr(c) for c in conds) + ")"
    return text


class _Select(Trap):
    """One selection of an ``Alt`` (what ``alt.select()`` returns): yield it."""

    __slots__ = ("alt", "mode", "_pick")

    def __init__(self, alt: Alt, mode: str) -> None:
        self.alt = alt
        self.mode = mode
        # How this mode picks among plain reads: _Reads.random, .fair or .pri.
        self._pick: Callable[[_Reads, int], int | None] = _READ_PICKS[mode]

    def __repr__(self) -> str:
        return f"<{self.mode} of {self.alt!r}>"

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    @property
    def _method(self) -> str:
        return self.mode  # the call that makes it (for never-yielded reports)

    def _text(self) -> str:
        return f"alt.{self.mode}()"

    def _forgotten(self) -> None:
        pass

    def _perform(self, task: Task) -> Any:
        alt = self.alt
        reads = alt._reads
        if reads is None:
            return self._perform_guards(task)
        # The common case, kept short: a choice between plain reads, selected over and
        # over. Poison is looked for only when some channel somewhere was poisoned.
        if alt._clean != poison_epoch[0]:
            alt._check_poison(alt._all)
        idx = self._pick(reads, alt._last)
        if idx is None:
            return reads.park(self, task)
        alt._last = idx  # first: a closed channel's read raises, and it was chosen
        return reads.chans[idx]._rd._perform(task)  # the channel's own read: it holds the rendezvous

    def _perform_guards(self, task: Task) -> Any:
        """Any other choice: write, Skip and Timer guards, ``when`` conditions."""
        alt = self.alt
        entries = alt._entries
        if alt._plain:
            live = alt._all
            if alt._clean != poison_epoch[0]:
                alt._check_poison(live)
        else:
            live = [i for i, (_, conds) in enumerate(entries) if not conds or _holds(conds)]
            if not live:
                raise NoGuardInAlt(
                    f"every guard of {alt!r} is disabled by its `when` condition, so the select "
                    "could never finish; enable at least one guard (or add Skip())"
                )
            alt._check_poison(live)
        idx = self._choose(task, live)
        if idx is not None:
            alt._last = idx  # first: a closed channel's guard raises, and it was chosen
            return entries[idx][0]._take(task)
        return self._park(task, live)

    def _choose(self, task: Task, live: list[int]) -> int | None:
        """The guard among ``live`` to commit to now, or None if none is ready.

        What the picks of :class:`_Reads` do, for guards of any kind.
        """
        entries = self.alt._entries
        mode = self.mode
        if mode is _PRI:
            for i in live:
                if _is_ready(entries[i][0], task):
                    return i
            return None
        if mode is _FAIR:
            start = bisect_right(live, self.alt._last)  # the first live guard after the last chosen
            for k in chain(range(start, len(live)), range(start)):
                i = live[k]
                if _is_ready(entries[i][0], task):
                    return i
            return None
        n = len(live)
        bits = (n - 1).bit_length()
        for _ in _draws(n):
            k = _getrandbits(bits)
            if k < n and _is_ready(entries[live[k]][0], task):
                return live[k]
        ready = [i for i in live if _is_ready(entries[i][0], task)]
        return _choice(ready) if ready else None

    def _park(self, task: Task, live: list[int]) -> Any:
        """No guard is ready: park a fresh offer for each guard in ``live``."""
        entries = self.alt._entries
        waiting = _Waiting(self, task)
        waiting.offers = [entries[i][0]._offer(waiting, i, task) for i in live]
        task.parked_on = waiting
        return PARKED


def _is_ready(guard: Any, task: Task) -> bool:
    if guard.__class__ is _ReadGuard:  # the common case, inlined
        ch = guard.ch
        return ch._writer is not None or bool(ch._buf) or bool(ch._shut)
    return guard._ready(task)


_READ_PICKS = {_RANDOM: _Reads.random, _FAIR: _Reads.fair, _PRI: _Reads.pri}
