"""The scheduler: a run queue of tasks, trampolined inside reactor callbacks.

A task is one run of a process: its generator or coroutine and its state.
The scheduler sends a task its value, gets back the trap it yields (see
``_traps``: the kernel knows that protocol and nothing else, no channel),
and performs it. A parked task is woken by :meth:`Scheduler._wake` or
:meth:`Scheduler._throw`, which queue it again; nothing else ever queues a
task, so a task is never queued twice.

The drain loop never recurses: waking a task appends it to the run queue; a
trap that completes at once continues the same task in the same loop. Every
step counts against ``BUDGET``; once it is spent the loop hands the reactor a
turn (``callLater(0)``) so that timers and I/O are never starved. A cancel
takes effect where the task is parked, or at its next yield of any kind.
Deadlock detection lives in ``_deadlock``, which the kernel calls when idle.
"""

from __future__ import annotations

import itertools
from collections import deque
from itertools import repeat
from threading import get_ident
from types import AsyncGeneratorType, CoroutineType, GeneratorType
from typing import Any, Callable, Final

from twisted.internet.defer import _DefGen_Return
from twisted.python.failure import Failure

from ._errors import Cancelled
from ._forgotten import PLAIN, made, safe_repr, sweep
from ._outcome import EndAtOnce, Outcome
from ._traps import PARKED, SELF, Runnable, TailCall, Trap, noreturn
from ._yields import adapt, explain

__all__ = ["Scheduler", "Task", "Trap", "Runnable", "PARKED", "SELF", "current_task", "noreturn", "Outcome",
           "DETECTOR"]

LIVE: Final = "live"
DONE: Final = "done"

BUDGET: Final = 20000

# The task whose step is running now: a list, as storing into it is cheaper than a global.
_running: Final[list[Any]] = [None]

_task_ids = itertools.count(1)

# The deadlock detector (csp._deadlock, which puts itself here): called with (scheduler, force).
DETECTOR: Final[list[Callable[[Any, bool], None] | None]] = [None]


def current_task() -> Task | None:
    """The task whose step is running now on this thread, or ``None`` outside any process."""
    task = _running[0]
    if task is not None and task.sched._drainer != get_ident():
        return None  # another thread's drain is running: this thread is outside any process
    return task


class Task:
    """One run of a process: its generator or coroutine and its scheduling state."""

    __slots__ = ("body", "process", "tid", "sched", "parent", "waiter", "state", "hold", "parked_on",
                 "val", "paused", "cancel_req", "deadlock", "blocking")
    _csp_opaque = True  # the deadlock detector walks a task's frame itself, never through the task

    def __init__(self, process: Any, sched: Scheduler, parent: Task | None,
                 waiter: Callable[[Task, Any, BaseException | None], None]) -> None:
        self.tid = next(_task_ids)
        self.process = process
        self.sched = sched
        self.parent = parent
        self.waiter = waiter
        self.body: Any = None  # the generator or coroutine, made by _boot at the first step
        self.state = LIVE
        self.hold = False  # paused, or ended: the drain does not run it when it is taken off the queue
        self.parked_on: Any = None
        self.val: Any = None
        self.paused: _Paused | None = None
        self.cancel_req = False
        self.deadlock: Any = None
        self.blocking = False

    def __repr__(self) -> str:
        return f"<Task {self.label} {self.state}>"

    @property
    def name(self) -> str:
        """The name of the process this task runs."""
        return self.process._name

    @property
    def label(self) -> str:
        return f"{self.name}#{self.tid}"

    @property
    def is_coro(self) -> bool:
        """True if the body is an ``async def`` coroutine (not a generator)."""
        return hasattr(self.body, "cr_frame")

    def _cancelled(self) -> Cancelled:
        """The exception a cancel throws in (caused by a deadlock, if that is why)."""
        if self.deadlock is None:
            return Cancelled(f"{self.label} was cancelled")
        error = Cancelled(f"{self.label} was cancelled: its composition is deadlocked")
        error.__cause__ = self.deadlock
        return error

    def _boot(self, exc: BaseException | None) -> Any:
        """The first step: make the body, or a stand-in for a task that ends at once.

        A cancel or an exception that comes before the first step ends the task
        without running its function; a plain function runs here, in one step.
        """
        if self.cancel_req:
            self.cancel_req = False
            return EndAtOnce(Cancelled(f"{self.label} was cancelled before it started"))
        if exc is not None:
            return EndAtOnce(exc)
        made[0] = PLAIN  # an operation made by a function without yield is a mistake: said at once
        try:
            body = self.process._make_body()
        except StopIteration as error:  # as PEP 479 does for generators: it must not look like a return
            problem = RuntimeError(
                f"process {self.label} raised StopIteration, which would end it silently; catch it "
                "where it is raised (next(it, default) returns a default)"
            )
            problem.__cause__ = error
            return EndAtOnce(problem)
        except BaseException as error:  # noqa: BLE001 - ends the task, like any step
            return EndAtOnce(error)
        finally:
            made[0] = None
        return self._adopt(body)

    def _adopt(self, body: Any) -> Any:
        cls = body.__class__
        if cls is GeneratorType or cls is CoroutineType or (
            cls is not AsyncGeneratorType and hasattr(body, "send") and hasattr(body, "throw")
        ):
            self.body = body
            return body
        if cls is AsyncGeneratorType:
            return EndAtOnce(TypeError(
                f"process {self.label} is an async generator (an `async def` containing `yield`), which "
                "cannot run as a process: in an `async def` process write `await c.read()`, or drop "
                "`async` and write `yield c.read()`"
            ))
        return EndAtOnce(StopIteration(body))  # a plain function: it ran in one step

    def _hand_over(self, target: Any) -> Any:
        """``noreturn(target)``: the body that raised it is gone; ``target`` runs on in this task."""
        if isinstance(target, Runnable):
            self.process = target
            target = target._make_body()
        return self._adopt(target)

    def _finish(self, value: Any, exc: BaseException | None) -> None:
        self.state = DONE
        self.hold = True
        self.parked_on = None
        self.body = None
        value, exc = self.process._end(self, value, exc)
        if self.parent is None:
            if self.deadlock is not None and isinstance(exc, Cancelled):
                exc = self.deadlock
            sched = self.sched
            sched._roots.discard(self)
            if self.blocking:
                sched._blocking -= 1
        self.waiter(self, value, exc)

    def subtree(self) -> list[Task]:
        """This task and every live task below it (children it is waiting on)."""
        out, todo = [], [self]
        while todo:
            t = todo.pop()
            out.append(t)
            if t.parked_on is not None:
                todo.extend(c for c in t.parked_on._children() if c.state is not DONE)
        return out

    def where(self) -> str:
        """What this task is doing now, in words (for ``ps`` and deadlock reports)."""
        if self.paused:
            return "paused"
        if self.parked_on is not None:
            try:
                return self.parked_on._describe(self)
            except BaseException as error:  # noqa: BLE001 - a report must not fail
                return f"waiting (its description failed: {safe_repr(error)})"
        return "ready to run" if self.state is LIVE else "done"


class _Paused:
    """A paused task's state: what woke it while paused, or that its offer was withdrawn."""

    __slots__ = ("stash", "repark")

    def __init__(self) -> None:
        self.stash: tuple[Any, BaseException | None] | None = None  # (value, exc) to deliver
        self.repark = False  # the trap was aborted by pause: make the offer again on resume


class Scheduler:
    """Runs tasks cooperatively on one reactor.

    ``clock`` is the ``IReactorTime`` used for timers (``reactor.callLater``);
    inject ``twisted.internet.task.Clock`` in tests (``csp.run(p, reactor=clock)``
    then runs in virtual time). Waking a task from outside the scheduler (a
    timer, a Deferred callback, a poison from Twisted code) drains the run
    queue at once, in that same call, like a Deferred's callbacks: no reactor
    turn is spent per wake-up.
    """

    __slots__ = ("clock", "_ready", "_push", "_draining", "_drainer", "_roots", "_blocking", "_inflight",
                 "_check_call", "_drain_call", "_turn", "_watch", "__weakref__")
    _csp_opaque = True

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self._ready: deque = deque()
        # The run queue's append, bound once: compiled code calls it without a method lookup (_channel).
        self._push: Callable[[tuple[Task, Any, BaseException | None]], None] = self._ready.append
        self._draining = False
        self._drainer: int | None = None  # the thread that drains (the reactor's)
        self._roots: set[Task] = set()
        self._blocking = 0  # live roots whose caller waits for them (start, run)
        self._inflight = 0  # submissions from other threads not yet started
        self._check_call: Any = None
        self._drain_call: Any = None
        self._turn: Any = None  # the run-queue entry taken last (the slow-step watchdog reads it)
        self._watch: Any = None  # what the deadlock detector keeps between checks

    # -- waking -------------------------------------------------------------

    def _wake(self, task: Task, value: Any) -> None:
        task.parked_on = None
        self._ready.append((task, value, None))
        if not self._draining:
            self._drain()

    def _throw(self, task: Task, exc: BaseException) -> None:
        task.parked_on = None
        self._ready.append((task, None, exc))
        if not self._draining:
            self._drain()

    # -- starting -----------------------------------------------------------

    def spawn_task(self, process: Any, waiter: Callable[[Task, Any, BaseException | None], None],
                   parent: Task | None = None, blocking: bool = False) -> Task:
        """Create a task for ``process`` and make it ready; drain if idle."""
        task = Task(process, self, parent, waiter)
        if parent is None:
            self._roots.add(task)
            if blocking:
                task.blocking = True
                self._blocking += 1
        self._ready.append((task, None, None))
        if not self._draining:
            self._drain()
        return task

    # -- the drain loop -----------------------------------------------------

    def _drain(self) -> None:
        call = self._drain_call
        if call is not None:
            self._drain_call = None
            if call.active():
                call.cancel()
        self._draining = True
        self._drainer = get_ident()
        ready = self._ready
        pop = ready.popleft
        slot = made
        outer_made, slot[0] = slot[0], None
        running = _running
        outer_task = running[0]
        task: Task | None = None  # typed locals: compiled, the loop reads the task's fields directly
        body: Any = None
        value: Any = None
        exc: BaseException | None = None
        op: Trap
        try:
            for _ in repeat(None, BUDGET):
                if task is None:
                    if not ready:
                        break
                    self._turn = entry = pop()  # (the watchdog sees the same entry while a step blocks)
                    task, value, exc = entry
                    if task.hold:  # paused (or ended) since it was queued
                        paused = task.paused
                        if paused is not None:
                            paused.stash = (value, exc)
                        task = None
                        continue
                    running[0] = task
                    body = task.body
                    if body is None:
                        body, exc = task._boot(exc), None
                try:
                    if exc is None:
                        raw = body.send(value)
                    else:
                        raw, exc = body.throw(exc), None
                except StopIteration as stop:
                    _end(task, stop.value, None)
                    task = None
                    continue
                except BaseException as error:  # noqa: BLE001 - delivered to the waiter
                    if error.__class__ is TailCall:  # noreturn(p): p takes over this task
                        body, value = task._hand_over(error.target), None  # type: ignore[attr-defined]
                        continue
                    if error.__class__ is _DefGen_Return:  # Twisted's returnValue(v)
                        _end(task, error.value, None)  # type: ignore[attr-defined]
                    else:
                        _end(task, None, error)
                    task = None
                    continue
                if slot[0] is not None:
                    if slot[0] is raw:
                        slot[0] = None
                    else:
                        forgot = sweep(task, raw)
                        if forgot is not None:  # warnings are errors: raise it at the yield
                            value, exc = None, forgot
                            continue
                if task.cancel_req:  # a cancel takes effect at the next yield of any kind
                    task.cancel_req = False
                    value, exc = None, task._cancelled()
                    continue
                try:
                    op = raw  # compiled, a checked cast (TypeError if it is no trap); else nothing
                    value = op._perform(task)
                except (AttributeError, TypeError) as error:
                    if isinstance(raw, Trap):
                        value, exc = None, explain(error, raw, task)  # raised inside the trap: the task's
                        continue
                    try:
                        value = adapt(raw, task)._perform(task)  # None, a Deferred, a handle, or a mistake
                    except BaseException as error2:  # noqa: BLE001 - thrown into the task
                        value, exc = None, error2
                        continue
                except BaseException as error:  # noqa: BLE001 - thrown into the task
                    value, exc = None, explain(error, raw, task)
                    continue
                if value is PARKED:
                    task = None
            else:  # the budget is spent: this task goes to the back, the reactor has a turn
                if task is not None:
                    ready.append((task, value, exc))
        finally:
            running[0] = outer_task
            slot[0] = outer_made
            self._draining = False
            self._turn = None  # (it holds a task and the value it was given)
        if ready:
            self._drain_call = self.clock.callLater(0, self._drain)
        elif self._blocking and self._check_call is None:
            self._check_call = self.clock.callLater(0, self._check_deadlock)

    # -- cancel, pause, resume ----------------------------------------------

    def cancel(self, task: Task) -> None:
        """Cancel ``task`` and every child it waits on; ``Cancelled`` is thrown in where each blocks.

        No recursion: a stack of tasks, however deeply they nest.
        """
        was = self._draining
        self._draining = True  # nothing runs until every cancel below is delivered
        try:
            stack = [task]
            while stack:
                t = stack.pop()
                if t.state is DONE:
                    continue
                if t.sched is not self:
                    t.sched.cancel(t)
                    continue
                paused = t.paused
                if paused is not None:
                    t.paused, t.hold = None, False
                    if paused.repark:  # its offer was withdrawn by pause: it waits on nothing now
                        t.parked_on = None
                        self._ready.append((t, None, t._cancelled()))
                        continue
                    if paused.stash is not None:  # woken while paused: it gets that, then Cancelled
                        self._ready.append((t, *paused.stash))
                        t.cancel_req = True
                        continue
                trap = t.parked_on
                if trap is None:  # ready, running or not started: at its next yield (or first step)
                    if not self._take_checkpoint(t):
                        t.cancel_req = True
                    else:
                        self._ready.append((t, None, t._cancelled()))
                elif trap._abort(t):
                    t.parked_on = None
                    self._ready.append((t, None, t._cancelled()))
                else:  # it waits for children: they are cancelled, and it wakes when they end
                    stack.extend(c for c in trap._children() if c.state is not DONE)
        finally:
            self._draining = was
        if not was and self._ready:
            self._drain()

    def _take_checkpoint(self, t: Task) -> bool:
        """If ``t`` waits in the run queue at a bare ``yield``, take it out and say so."""
        entry = t.val
        if entry.__class__ is tuple:
            ready = self._ready
            for i, other in enumerate(ready):
                if other is entry:
                    del ready[i]
                    t.val = None
                    return True
        return False

    def pause(self, task: Task) -> None:
        """Stop ``task`` and its children where they are; values offered to them wait."""
        for t in task.subtree():
            if t.paused or t.state is DONE:
                continue
            t.paused, t.hold = _Paused(), True
            trap = t.parked_on
            if trap is not None and getattr(trap, "_repark", None) is not None:
                trap._abort(t)
                t.paused.repark = True

    def resume(self, task: Task) -> None:
        """Undo :meth:`pause`: every paused task below ``task`` continues."""
        for t in task.subtree():
            if t.paused:
                self._unpause_one(t)
        if not self._draining and self._ready:
            self._drain()

    def _unpause_one(self, t: Task) -> None:
        paused = t.paused
        if paused is None:
            return
        t.paused, t.hold = None, False
        if paused.stash is not None:
            self._ready.append((t, *paused.stash))
        elif paused.repark:
            trap = t.parked_on
            t.parked_on = None
            try:
                result = trap._repark(t)
            except BaseException as error:  # noqa: BLE001 - thrown into the task
                self._ready.append((t, None, error))
                return
            if result is not PARKED:
                self._ready.append((t, result, None))

    # -- idleness and deadlock ----------------------------------------------

    def _check_deadlock(self, force: bool = False) -> None:
        """Fail every composition whose caller waits for it and that nothing can wake any more."""
        self._check_call = None
        detect = DETECTOR[0]
        if detect is not None:
            detect(self, force)

    def ps(self) -> list[tuple[int, str, str]]:
        """Every live task as ``(depth, name, what it is doing)``, roots first (no recursion)."""
        out: list[tuple[int, str, str]] = []
        todo = [(0, t) for t in sorted(self._roots, key=lambda t: t.tid, reverse=True)]
        while todo:
            depth, t = todo.pop()
            out.append((depth, t.label, t.where()))
            if t.parked_on is not None:
                kids: list[Task] = [c for c in t.parked_on._children() if c.state is not DONE]
                for c in reversed(kids):
                    todo.append((depth + 1, c))
        return out


def _end(task: Task, value: Any, exc: BaseException | None) -> None:
    """The task's body ended: report operations it made and never yielded, then finish it."""
    if made[0] is not None:
        error = sweep(task)
        if error is not None and exc is None:
            value, exc = None, error
    task._finish(value, exc)
    if made[0] is not None:  # made by the code its end ran (a waiter, a poison), not yielded
        _log_error(sweep(None))


def _log_error(error: BaseException | None) -> None:
    if error is not None:
        from twisted.logger import Logger

        Logger().failure("an operation was never yielded", failure=Failure(error))
