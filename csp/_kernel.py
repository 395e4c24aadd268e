"""The scheduler: a run queue of tasks, trampolined inside reactor callbacks.

Everything a process may yield is a *trap*: an object with
``_perform(task)``. ``_perform`` completes at once and returns the value to
send back into the task, raises an exception to throw into it, or parks the
task (``task.parked_on = trap``) and returns :data:`PARKED`. A parked task is
woken by :meth:`Scheduler._wake` or :meth:`Scheduler._throw`, which queue it
again; nothing else ever queues a task, so a task is never queued twice.
Every trap a task can park on has ``_abort(task)``, which unparks it cleanly
(cancel and pause use it), ``_describe(task)`` for deadlock reports and
``ps``, and ``_blocked_on(task)``, which tells the deadlock detector what
could wake the task.

The traps are defined where their concept lives: channel reads and writes
(``_channel``), a process or term run as a child (``_process``), a choice, a
timer sleep and a barrier (``guards``), a handle (``_runtime``), and here the
two that belong to no concept: a Deferred and a bare ``yield`` (a
checkpoint). The kernel knows nothing of channels.

The drain loop never recurses: waking a task appends it to the run queue; a
trap that completes at once continues the same task in the same loop. Every
step counts against ``BUDGET``; once it is spent the loop hands the reactor a
turn (``callLater(0)``) so that timers and I/O are never starved. A cancel
takes effect at the task's next yield of any kind, or at once where it is
parked.
"""

from __future__ import annotations

import itertools
from collections import deque
from itertools import repeat
from threading import get_ident
from types import AsyncGeneratorType, CoroutineType, GeneratorType
from typing import Any, Callable, NoReturn

from twisted.internet.defer import Deferred, _DefGen_Return
from twisted.python.failure import Failure

from ._errors import Cancelled
from ._forgotten import PLAIN, made, safe_repr, sweep

__all__ = ["Scheduler", "Task", "Trap", "Runnable", "PARKED", "SELF", "current_task", "noreturn"]

PARKED: Any = object()
"""Returned by ``_perform`` when the task is parked."""

SELF: Any = object()
"""In what ``_blocked_on`` gives: something outside the processes can wake the task."""

LIVE, DONE = "live", "done"

BUDGET = 20000

# The task whose step is running now: a list, as storing into it is cheaper than a global.
_running: list = [None]

_task_ids = itertools.count(1)


def current_task() -> Task | None:
    """The task whose step is running now on this thread, or ``None`` outside any process."""
    task = _running[0]
    if task is not None and task.sched._thread != get_ident():
        return None  # another thread's drain is running: this thread is outside any process
    return task


class Trap:
    """Base of what a task may yield. Subclasses define the methods below."""

    __slots__ = ()

    def _perform(self, task: Task) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def _abort(self, task: Task) -> bool:
        """Unpark ``task``. False if the trap delivers the wake-up itself (its children first)."""
        return True

    def _describe(self, task: Task) -> str:
        return "waiting"

    def _blocked_on(self, task: Task) -> tuple:
        """What can wake ``task``: ``SELF`` (the outside), tasks it waits for, objects others touch."""
        return (SELF,)

    def _children(self) -> list[Task]:
        return []


class Runnable(Trap):
    """What a task runs: ``_make_body()`` gives a generator or coroutine (or a result)."""

    __slots__ = ()
    _name = "process"

    def _make_body(self) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def _end(self, task: Task, value: Any, exc: BaseException | None) -> tuple[Any, BaseException | None]:
        return value, exc


class TailCall(BaseException):
    """Raised by :func:`noreturn`; the kernel catches it where the process's body ends."""

    def __init__(self, target: Any) -> None:
        super().__init__(target)
        self.target = target


def noreturn(target: Any) -> NoReturn:
    """Hand this process over to ``target`` in tail position, releasing the caller's frame.

    ``target`` is a process (``f(args)`` of an ``@process`` function), a
    generator or a coroutine. It runs on in the same task: the caller's
    locals are freed at once, the handle and whoever waits on the caller get
    ``target``'s result, and cancel, pause and poison reach it as they would
    the caller. As txcoroutine's ``noreturn``, it never returns, so a process
    can swap its behaviour for ever in flat memory::

        def countdown(n):
            if n == 0:
                return "done"
            noreturn(countdown(n - 1))   # a million levels deep in constant memory
            yield
    """
    raise TailCall(target)


class _EndAtOnce:
    """Stands in for the body of a task whose first step ends it (see Task._boot)."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def send(self, _value: Any) -> Any:
        raise self.exc

    def throw(self, exc: BaseException) -> Any:
        raise exc


class Outcome:
    """How a run ended: a value or an exception. Thread-safe to wait on."""

    __slots__ = ("done", "value", "exc", "_event")

    def __init__(self) -> None:
        self.done = False
        self.value: Any = None
        self.exc: BaseException | None = None
        self._event: Any = None

    def set(self, _task: Any, value: Any, exc: BaseException | None) -> None:
        self.value, self.exc, self.done = value, exc, True
        if self._event is not None:
            self._event.set()

    def waitable(self) -> Any:
        import threading

        self._event = threading.Event()
        if self.done:
            self._event.set()
        return self._event

    def get(self) -> Any:
        if self.exc is not None:
            exc, self.exc = self.exc, None
            try:
                raise exc
            finally:
                del exc
        return self.value


class Task:
    """One run of a process: its generator or coroutine and its scheduling state."""

    __slots__ = ("body", "process", "tid", "sched", "parent", "waiter", "state", "hold", "parked_on",
                 "val", "paused", "cancel_req", "deadlock", "blocking")

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
            return _EndAtOnce(Cancelled(f"{self.label} was cancelled before it started"))
        if exc is not None:
            return _EndAtOnce(exc)
        made[0] = PLAIN  # an operation made by a function without yield is a mistake: said at once
        try:
            body = self.process._make_body()
        except StopIteration as error:  # as PEP 479 does for generators: it must not look like a return
            problem = RuntimeError(
                f"process {self.label} raised StopIteration, which would end it silently; catch it "
                "where it is raised (next(it, default) returns a default)"
            )
            problem.__cause__ = error
            return _EndAtOnce(problem)
        except BaseException as error:  # noqa: BLE001 - ends the task, like any step
            return _EndAtOnce(error)
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
            return _EndAtOnce(TypeError(
                f"process {self.label} is an async generator (an `async def` containing `yield`), which "
                "cannot run as a process: in an `async def` process write `await c.read()`, or drop "
                "`async` and write `yield c.read()`"
            ))
        return _EndAtOnce(StopIteration(body))  # a plain function: it ran in one step

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


class _Checkpoint(Trap):
    """A bare ``yield``: let every other ready task run, then continue.

    The task goes to the back of the run queue. Its entry there is kept in
    ``task.val`` (free while it is not parked on a write), so that a cancel
    can tell a task waiting at a checkpoint, which it cancels there, from one
    that was handed a value, which gets the value first.
    """

    __slots__ = ()

    def _perform(self, task: Task) -> Any:
        entry = (task, None, None)
        task.val = entry
        task.sched._ready.append(entry)
        return PARKED


CHECKPOINT = _Checkpoint()


class _DeferredWait(Trap):
    """``yield d`` for a Twisted Deferred: park until it fires (or go on, if it has)."""

    __slots__ = ("d", "task", "now")

    def __init__(self, d: Deferred) -> None:
        self.d = d
        self.task: Task | None = None
        self.now: Any = None  # the result, when the Deferred fired while being yielded

    def _perform(self, task: Task) -> Any:
        self.task = task
        self.now = PARKED
        self.d.addBoth(self._fired)
        now, self.now = self.now, None
        if now is PARKED:
            task.parked_on = self
            return PARKED
        self.task = None
        if isinstance(now, Failure):
            now.raiseException()
        return now

    def _fired(self, result: Any) -> Any:
        task = self.task
        if task is None:  # aborted: the task no longer waits for us
            return result
        if self.now is PARKED:  # fired at once, inside _perform
            self.now = result if not task.is_coro or isinstance(result, Failure) else None
            return None if isinstance(result, Failure) else result
        sched = task.sched
        elsewhere = sched._thread is not None and sched._thread != get_ident()
        if elsewhere and hasattr(sched.clock, "callFromThread"):
            # Fired on another thread (a Deferred is not thread-safe, but the process stays on its own).
            sched.clock.callFromThread(self._fired, result)
            return None if isinstance(result, Failure) else result
        self.task = None
        if isinstance(result, Failure):
            sched._throw(task, result.value)  # the real error, raised at the await or yield
            return None  # it is the process's to handle now
        # A coroutine's await reads the Deferred's result itself when resumed.
        sched._wake(task, None if task.is_coro else result)
        return result

    def _abort(self, task: Task) -> bool:
        self.task = None
        self.d.addErrback(lambda f: None)  # the cancel error is ours to ignore
        self.d.cancel()
        return True

    def _describe(self, task: Task) -> str:
        return f"waiting for {safe_repr(self.d)}"


class Scheduler:
    """Runs tasks cooperatively on one reactor.

    ``clock`` is the ``IReactorTime`` used for timers (``reactor.callLater``);
    inject ``twisted.internet.task.Clock`` in tests. Waking a task from outside
    the scheduler (a timer, a Deferred callback, a poison from Twisted code)
    drains the run queue at once, in that same call, like a Deferred's
    callbacks: no reactor turn is spent per wake-up.

    >>> from twisted.internet.task import Clock
    >>> from csp import Scheduler, Skip
    >>> Scheduler(Clock()).run(Skip()) is None
    True
    """

    def __init__(self, clock: Any) -> None:
        self.clock = clock
        self._ready: deque = deque()
        self._draining = False
        self._thread: int | None = None  # the thread that drains (the reactor's)
        self._roots: set[Task] = set()
        self._blocking = 0  # live roots whose caller waits for them (start, run)
        self._inflight = 0  # submissions from other threads not yet started
        self._check_call: Any = None
        self._drain_call: Any = None
        self._steps: Any = None  # the budget of the drain running now (read by the slow-step watchdog)
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
        self._thread = get_ident()
        ready = self._ready
        pop = ready.popleft
        slot = made
        outer_made, slot[0] = slot[0], None
        running = _running
        outer_task = running[0]
        steps = self._steps = repeat(True, BUDGET)
        task: Any = None
        body: Any = None
        value: Any = None
        exc: Any = None
        try:
            for _ in steps:
                if task is None:
                    if not ready:
                        break
                    task, value, exc = pop()
                    if task.hold:  # paused (or ended) since it was queued
                        if task.state is not DONE:
                            task.paused.stash = (value, exc)
                        task = None
                        continue
                    running[0] = task
                    body = task.body
                    if body is None:
                        body, exc = task._boot(exc), None
                try:
                    if exc is None:
                        op = body.send(value)
                    else:
                        op, exc = body.throw(exc), None
                except StopIteration as stop:
                    _end(task, stop.value, None)
                    task = None
                    continue
                except BaseException as error:  # noqa: BLE001 - delivered to the waiter
                    if error.__class__ is TailCall:  # noreturn(p): p takes over this task
                        body, value = task._hand_over(error.target), None
                        continue
                    if error.__class__ is _DefGen_Return:  # Twisted's returnValue(v)
                        _end(task, error.value, None)
                    else:
                        _end(task, None, error)
                    task = None
                    continue
                if slot[0] is not None:
                    if slot[0] is op:
                        slot[0] = None
                    else:
                        error = sweep(task, op)
                        if error is not None:  # warnings are errors: raise it at the yield
                            value, exc = None, error
                            continue
                if task.cancel_req:  # a cancel takes effect at the next yield of any kind
                    task.cancel_req = False
                    value, exc = None, task._cancelled()
                    continue
                try:
                    value = op._perform(task)
                except AttributeError as error:
                    if hasattr(op, "_perform") and not isinstance(op, type):
                        value, exc = None, error  # an AttributeError inside a trap: the task's to see
                        continue
                    try:
                        value = _adapt(op, task)._perform(task)
                    except BaseException as error2:  # noqa: BLE001 - thrown into the task
                        value, exc = None, error2
                        continue
                except BaseException as error:  # noqa: BLE001 - thrown into the task
                    value, exc = None, _explain(error, op, task)
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
            self._steps = None
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
        from ._deadlock import check

        self._check_call = None
        check(self, force)

    def ps(self) -> list[tuple[int, str, str]]:
        """Every live task as ``(depth, name, what it is doing)``, roots first (no recursion)."""
        out: list[tuple[int, str, str]] = []
        todo = [(0, t) for t in sorted(self._roots, key=lambda t: t.tid, reverse=True)]
        while todo:
            depth, t = todo.pop()
            out.append((depth, t.label, t.where()))
            if t.parked_on is not None:
                kids = [c for c in t.parked_on._children() if c.state is not DONE]
                todo.extend((depth + 1, c) for c in reversed(kids))
        return out

    # -- virtual time -------------------------------------------------------

    def run(self, process: Any) -> Any:
        """Run ``process`` to the end on a ``task.Clock``, advancing virtual time.

        For tests and simulations: timers fire in order without any real
        waiting; a deadlock raises :class:`csp.Deadlock` at once.
        """
        outcome = Outcome()
        task = self.spawn_task(process, outcome.set, blocking=True)
        clock = self.clock
        while not outcome.done:
            calls = clock.getDelayedCalls()
            if not calls:
                self._check_deadlock(force=True)
                if outcome.done:
                    break
                waiting = "; ".join(f"{label} is {where}" for _d, label, where in self.ps())
                raise RuntimeError(
                    f"run() in virtual time cannot finish {task.label}: no timer is pending and "
                    f"what it waits for can only come from outside ({waiting}). Fire the Deferred "
                    "or feed the channel from a timer (clock.callLater), or use the real reactor."
                )
            step = max(0.0, min(c.getTime() for c in calls) - clock.seconds())
            clock.advance(step)
        return outcome.get()


def _end(task: Task, value: Any, exc: BaseException | None) -> None:
    """The task's body ended: report operations it made and never yielded, then finish it."""
    if made[0] is not None:
        error = sweep(task)
        if error is not None and exc is None:
            value, exc = None, error
    task._finish(value, exc)
    if made[0] is not None:  # made by the code its end ran (a waiter, a poison), not yielded
        _log_error(sweep(None))


def _explain(error: BaseException, op: Any, task: Task) -> BaseException:
    """A trap's error, or the mistake that caused it (``yield Skip`` for ``yield Skip()``)."""
    if isinstance(op, type):
        return TypeError(_bad_yield_message(op, task))
    return error


def _adapt(op: Any, task: Task) -> Trap:
    """Turn a foreign yielded object into a trap, or explain the mistake."""
    if op is None:
        return CHECKPOINT
    adapt = getattr(op, "_csp_trap", None)
    if adapt is not None and not isinstance(op, type):
        return adapt()
    if isinstance(op, Deferred):
        return _DeferredWait(op)
    if _is_asyncio_future(op):
        return _DeferredWait(_from_asyncio(op, task))
    raise TypeError(_bad_yield_message(op, task))


def _is_asyncio_future(op: Any) -> bool:
    return hasattr(op, "_asyncio_future_blocking") and hasattr(op, "add_done_callback")


def _from_asyncio(future: Any, task: Task) -> Deferred:
    """An asyncio future yielded by an awaitable: wait for it when the asyncio reactor runs here."""
    import asyncio

    try:
        loop = future.get_loop()
        running = asyncio.get_running_loop() if loop.is_running() else None
    except RuntimeError:
        running = None
    if running is None or running is not loop:
        raise TypeError(
            f"process {task.label} awaited an asyncio awaitable, but asyncio's loop is not the one "
            "running this reactor. Install Twisted's asyncio reactor before anything imports the "
            "reactor (`from twisted.internet import asyncioreactor; asyncioreactor.install()`); "
            "then `await aw` works in an async def process, and from a generator process "
            "`yield Deferred.fromFuture(asyncio.ensure_future(aw))`."
        )
    return Deferred.fromFuture(future)


def _bad_yield_message(op: Any, task: Task) -> str:
    if isinstance(op, type):
        name = op.__name__
        return (
            f"process {task.label} yielded the class {name} itself, not an instance of it: "
            f"write `yield {name}(...)` (for example `yield Skip()`, `yield Par(p, q)`)"
        )
    kind = type(op).__name__
    hint = ""
    if getattr(type(op), "_csp_point", False) and hasattr(op, "read"):
        name = _yielded_expression(task) or "c"
        hint = f" To read from it write `yield {name}.read()`; to write `yield {name}.write(x)`."
    elif hasattr(op, "__await__") or hasattr(op, "cr_frame"):
        hint = (
            " A coroutine of another library runs with `yield Deferred.fromCoroutine(coro)` if it "
            "awaits Twisted Deferreds; asyncio awaitables need Twisted's asyncio reactor."
        )
    return (
        f"process {task.label} yielded {safe_repr(op)} ({kind}), which is not something a process "
        "can wait on. Yield a channel operation (`yield c.read()`, `yield c.write(x)`), "
        "a process or term (`yield p`), a choice (`yield alt.select()`), a Timer sleep, "
        "a Twisted Deferred, or nothing at all (a bare `yield` is a checkpoint)." + hint
    )


def _yielded_expression(task: Task) -> str | None:
    """What the task's source line yields (``chan`` in ``yield chan``), to quote in advice."""
    import linecache
    import re

    body = task.body
    frame = getattr(body, "gi_frame", None) or getattr(body, "cr_frame", None)
    if frame is None:
        return None
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    match = re.search(r"\b(?:yield|await)\s+([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(?:$|[)#])", line)
    return match.group(1) if match else None


def _log_error(error: BaseException | None) -> None:
    if error is not None:
        from twisted.logger import Logger

        Logger().failure("an operation was never yielded", failure=Failure(error))
