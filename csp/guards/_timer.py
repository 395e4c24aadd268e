"""``Timer``: the reactor's clock, for reading the time and sleeping."""

from __future__ import annotations

from typing import Any, Generator

from .._kernel import PARKED, Task, Trap, current_task

__all__ = ["Timer"]


def _clock_of_context() -> Any:
    task = current_task()
    if task is not None:
        return task.sched.clock
    from .._runtime import _global_reactor

    return _global_reactor()


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
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"Timer().set_alarm({seconds!r}): the delay is a number of seconds")
        if seconds < 0:
            raise ValueError(f"Timer().set_alarm({seconds}): a delay cannot be negative")
        if self._clock is None and current_task() is None:
            self._alarm, self._delay = None, float(seconds)
        else:
            self._alarm, self._delay = float(self.clock.seconds()) + seconds, None

    def __or__(self, other: Any) -> Any:
        from ._alt import choice

        return choice(self, other)

    def __ror__(self, other: Any) -> Any:
        from ._alt import choice

        return choice(other, self)

    def sleep(self, seconds: float) -> _Sleep:
        """The operation that sleeps: ``yield timer.sleep(seconds)``."""
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"Timer().sleep({seconds!r}): the duration is a number of seconds")
        if seconds < 0:
            raise ValueError(f"Timer().sleep({seconds}): a duration cannot be negative")
        return _Sleep(self._clock, float(seconds))


class _Sleep(Trap):
    """Park the task until ``seconds`` of reactor time have passed."""

    __slots__ = ("clock", "seconds", "call")

    def __init__(self, clock: Any, seconds: float) -> None:
        self.clock = clock
        self.seconds = seconds
        self.call: Any = None

    def _perform(self, task: Task) -> Any:
        sched = task.sched
        clock = self.clock if self.clock is not None else sched.clock
        task.parked_on = self
        sched._timers += 1
        self.call = clock.callLater(self.seconds, self._fire, task)
        return PARKED

    def _fire(self, task: Task) -> None:
        self.call = None
        task.sched._timers -= 1
        task.sched._wake(task, None)

    def _abort(self, task: Task) -> bool:
        if self.call is not None and self.call.active():
            self.call.cancel()
            task.sched._timers -= 1
        self.call = None
        return True

    def _describe(self, task: Task) -> str:
        return f"sleeping for {self.seconds:g}s"

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<sleep {self.seconds:g}s>"
