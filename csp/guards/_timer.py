"""``Timer``: the reactor's clock, for reading the time and sleeping."""

from __future__ import annotations

import math
from typing import Any, Generator

from .._channel import _choice
from .._forgotten import made, note_made
from .._kernel import PARKED, Task, Trap, current_task
from .._reactor import check_reactor

__all__ = ["Timer"]


def _clock_of_context() -> Any:
    task = current_task()
    if task is not None:
        return task.sched.clock
    from .._reactor import global_reactor

    return global_reactor()


def _seconds(seconds: Any, call: str) -> float:
    """``seconds`` as a float, or the error that says what is wrong with it."""
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        kind = type(seconds).__name__
        raise TypeError(f"{call}: the time is a number of seconds, not {seconds!r} ({kind})")
    if math.isnan(seconds):
        raise ValueError(f"{call}: nan is not a number of seconds; give a finite number >= 0")
    if math.isinf(seconds):
        raise ValueError(f"{call}: an infinite time would never end; give a finite number of seconds "
                         "(to wait for ever, wait on a channel nobody writes)")
    if seconds < 0:
        raise ValueError(f"{call}: a time cannot be negative; give a number of seconds >= 0")
    return float(seconds)


class Timer:
    """The reactor clock (injectable: ``Timer(clock=task.Clock())``).

    ``Timer().read()`` returns the time now, in seconds, as the reactor sees
    it. ``yield Timer().sleep(s)`` suspends the calling process for ``s``
    seconds of reactor time without blocking any other process::

        @process
        def tick(n):
            timer = Timer()
            for _ in range(n):
                yield timer.sleep(1.0)
                print("tick at", timer.read())
    """

    def __init__(self, clock: Any = None) -> None:
        if clock is not None:
            check_reactor(clock, "Timer(clock=...)")
        self._clock = clock
        self._alarm: float | None = None  # absolute reactor time, for use as a guard
        self._delay: float | None = None  # set_alarm outside any process: starts at first select

    def __repr__(self) -> str:
        return "Timer()" if self._alarm is None else f"Timer(alarm at t={self._alarm:g}s)"

    @property
    def clock(self) -> Any:
        """The ``IReactorTime`` this timer reads (the running process's reactor by default)."""
        return self._clock if self._clock is not None else _clock_of_context()

    def read(self) -> float:
        """The current time, in seconds, from the reactor clock (no ``yield`` needed)."""
        return float(self.clock.seconds())

    def set_alarm(self, seconds: float) -> None:
        """Arm the timer as a guard: it is ready in an ``Alt`` once ``seconds`` have passed.

        The alarm time is the reactor clock now plus ``seconds`` (if set
        outside any process with no clock given, the clock starts at the first
        select). The timer stays ready until the alarm is set again::

            timer = Timer()
            timer.set_alarm(5)
            value = yield Alt(c, timer).select()     # None if 5 seconds passed first
        """
        seconds = _seconds(seconds, f"Timer().set_alarm({seconds!r})")
        if self._clock is None and current_task() is None:
            self._alarm, self._delay = None, float(seconds)
        else:
            self._alarm, self._delay = float(self.clock.seconds()) + seconds, None

    def __or__(self, other: Any) -> Any:
        return _choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return _choice(other, self)

    def sleep(self, seconds: float) -> _Sleep:
        """The operation that sleeps: ``yield timer.sleep(seconds)``."""
        op = _Sleep(self._clock, _seconds(seconds, f"Timer().sleep({seconds!r})"))
        if made[0] is None:  # a sleep not yielded is reported like a forgotten c.read()
            made[0] = op
        else:
            note_made(op)
        return op


class _Sleep(Trap):
    """Park the task until ``seconds`` of reactor time have passed."""

    __slots__ = ("clock", "seconds", "call")
    _method = "sleep"  # the call that makes it (for never-yielded reports)

    def __init__(self, clock: Any, seconds: float) -> None:
        self.clock = clock
        self.seconds = seconds
        self.call: Any = None

    def _perform(self, task: Task) -> Any:
        clock = self.clock if self.clock is not None else task.sched.clock
        self.call = clock.callLater(self.seconds, self._fire, task)  # if this raises, nothing is parked
        task.parked_on = self
        return PARKED

    def _fire(self, task: Task) -> None:
        self.call = None
        task.sched._wake(task, None)

    def _abort(self, task: Task) -> bool:
        if self.call is not None and self.call.active():
            self.call.cancel()
        self.call = None
        return True

    def _text(self) -> str:
        return f"Timer().sleep({self.seconds:g})"

    def _forgotten(self) -> None:
        pass

    def _describe(self, task: Task) -> str:
        return f"sleeping for {self.seconds:g}s"

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<sleep {self.seconds:g}s>"
