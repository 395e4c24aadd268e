"""The scheduler: a run queue of tasks, trampolined inside reactor callbacks.

Everything a process may yield is a *trap*: an object with
``_perform(task)``. ``_perform`` either completes at once and returns the
value to send back into the task, raises an exception to throw into it, or
parks the task and returns :data:`PARKED`. A parked task is woken by
:meth:`Scheduler._wake` or :meth:`Scheduler._throw`, which put it back on the
run queue. Every trap a task can park on has ``_abort(task)``: it unparks the
task cleanly (used by cancel and pause) and ``_describe(task)`` for deadlock
reports and ``ps``.

The traps are: channel reads and writes (``_channel``), a process or term
(``_process``: run it as a child and wait), a Deferred, a bare ``yield``
(checkpoint), a timer sleep and a choice (``guards``). Nothing else reaches
the kernel.

The drain loop never recurses: waking a task appends it to the run queue; a
trap that completes at once continues the same task in the same loop. After
``BUDGET`` steps the loop hands the reactor a turn (``callLater(0)``) so that
timers and I/O are never starved. A step here is a task taken off the run
queue, or a trap other than a rendezvous completing at once; a rendezvous that
continues its task is not counted, as each one needs a task parked on the
other end, which only a counted step can put there.
"""

from __future__ import annotations

import itertools
import warnings
from collections import deque
from types import GeneratorType
from typing import Any, Callable, NoReturn

from twisted.internet.defer import Deferred, _DefGen_Return
from twisted.python.failure import Failure

from ._errors import Cancelled, Deadlock

PARKED: Any = object()
"""Returned by ``_perform`` when the task is parked."""

LIVE, DONE = "live", "done"

BUDGET = 20000

# Operations created and not yet yielded. ``made[0]`` is None, the one operation
# made in this step (the one the process is about to yield, normally), or MANY:
# then every operation made in this step is in ``_loose``. The kernel clears
# ``made[0]`` when the task yields that very operation; anything else still
# recorded when a step ends was never yielded, and _sweep reports it.
made: list = [None]
_loose: list = []

MANY: Any = object()
"""In ``made[0]``: more than one operation was made in this step (they are in ``_loose``)."""


def note_made(op: Any) -> None:
    """Record a new operation when ``made[0]`` is taken; ``c.read()`` and ``c.write(x)`` call it.

    They store into an empty ``made[0]`` themselves, for speed.
    """
    if made[0] is not MANY:
        _loose.append(made[0])
    _loose.append(op)
    made[0] = MANY


# The task whose step is running now: a list, as storing into it is cheaper than a global.
_running: list = [None]


def current_task() -> Task | None:
    """The task whose step is running now, or ``None`` outside any process."""
    return _running[0]


_task_ids = itertools.count(1)


class _EndAtOnce:
    """Stands in for the body of a task whose first step ends it (see Task._boot)."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def send(self, _value: Any) -> Any:
        raise self.exc

    def throw(self, exc: BaseException) -> Any:
        raise exc


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


class Trap:
    """Base of what a task may yield. Subclasses define the methods below."""

    __slots__ = ()

    def _perform(self, task: Task) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def _abort(self, task: Task) -> bool:
        """Unpark ``task``. Return False if the trap delivers the wake-up itself."""
        return True

    def _describe(self, task: Task) -> str:
        return "waiting"

    def _may_wake(self) -> bool:
        """True if something outside the processes (a timer, a Deferred) can wake it."""
        return True

    def _children(self) -> list[Task]:
        return []


class Task:
    """One run of a process: its generator or coroutine and its scheduling state."""

    __slots__ = (
        "body",
        "process",
        "tid",
        "sched",
        "parent",
        "waiter",
        "state",
        "hold",
        "parked_on",
        "val",
        "paused",
        "cancel_req",
        "deadlock",
        "blocking",
    )

    def __init__(self, process: Any, sched: Scheduler, parent: Task | None,
                 waiter: Callable[[Task, Any, BaseException | None], None]) -> None:
        self.tid = next(_task_ids)
        self.process = process
        self.sched = sched
        self.parent = parent
        self.waiter = waiter
        self.body = None  # the generator or coroutine, made by _boot at the first step
        self.state = LIVE
        self.hold = False
        self.parked_on = None
        self.val = None
        self.paused: _Paused | None = None
        self.cancel_req = False
        self.deadlock = None
        self.blocking = False

    def __repr__(self) -> str:
        return f"<Task {self.name}#{self.tid} {self.state}>"

    @property
    def name(self) -> str:
        """The name of the process this task runs."""
        return self.process._name

    @property
    def is_coro(self) -> bool:
        """True if the body is an ``async def`` coroutine (not a generator)."""
        return hasattr(self.body, "cr_frame")

    @property
    def label(self) -> str:
        return f"{self.name}#{self.tid}"

    def _boot(self, exc: BaseException | None) -> Any:
        """The first step: make the body, or a stand-in for a task that ends at once.

        The drain then sends into (or throws into) what this returns. A
        cancel or an exception that comes before the first step ends the task
        without running its function; a plain function runs here, in one step.
        """
        if self.cancel_req:
            return _EndAtOnce(Cancelled(f"{self.label} was cancelled before it started"))
        if exc is not None:
            return _EndAtOnce(exc)
        try:
            body = self.process._make_body()
        except BaseException as error:  # noqa: BLE001 - ends the task, like any step
            return _EndAtOnce(error)
        if body.__class__ is not GeneratorType and not (hasattr(body, "send") and hasattr(body, "throw")):
            return _EndAtOnce(StopIteration(body))  # a plain function: ran in one step
        self.body = body
        return body

    def _hand_over(self, target: Any) -> Any:
        """``noreturn(target)``: the body that raised it is gone; ``target`` runs on in this task."""
        if hasattr(target, "_make_body"):
            self.process = target
            target = target._make_body()
        if not (hasattr(target, "send") and hasattr(target, "throw")):
            return _EndAtOnce(StopIteration(target))  # a plain function's result
        self.body = target
        return target

    def _finish(self, value: Any, exc: BaseException | None) -> None:
        self.state = DONE
        self.hold = True
        self.parked_on = None
        self.body = None
        value, exc = self.process._end(self, value, exc)
        if self.deadlock is not None and isinstance(exc, Cancelled):
            exc = self.deadlock
        if self.parent is None:
            self.sched._roots.discard(self)
            if self.blocking:
                self.sched._blocking -= 1
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
            return self.parked_on._describe(self)
        return "ready to run" if self.state is LIVE else "done"


class _Paused:
    """A paused task's state: what woke it while paused, or that its offer was withdrawn."""

    __slots__ = ("stash", "repark")

    def __init__(self) -> None:
        self.stash: tuple[Any, BaseException | None] | None = None  # (value, exc) to deliver
        self.repark = False  # the trap was aborted by pause: make the offer again on resume


class _Checkpoint(Trap):
    """A bare ``yield``: let every other ready task run, then continue."""

    __slots__ = ()

    def _perform(self, task: Task) -> Any:
        task.parked_on = self
        task.sched._ready.append((task, None, None))
        return PARKED

    def _abort(self, task: Task) -> bool:
        ready = task.sched._ready
        for i, entry in enumerate(ready):
            if entry[0] is task:
                del ready[i]
                break
        return True

    def _describe(self, task: Task) -> str:
        return "ready to run (at a checkpoint)"


CHECKPOINT = _Checkpoint()


class _DeferredWait(Trap):
    """``yield d`` for a Twisted Deferred: park until it fires."""

    __slots__ = ("d", "task")

    def __init__(self, d: Deferred) -> None:
        self.d = d
        self.task: Task | None = None

    def _perform(self, task: Task) -> Any:
        self.task = task
        task.parked_on = self
        task.sched._waits += 1
        self.d.addBoth(self._fired)
        return PARKED

    def _fired(self, result: Any) -> Any:
        task = self.task
        if task is None:  # aborted: the task no longer waits for us
            return result
        self.task = None
        sched = task.sched
        sched._waits -= 1
        if isinstance(result, Failure):
            exc = result.value
            if task.is_coro:
                # Deferred.send re-raises it inside the coroutine's await.
                sched._wake(task, None)
                return result
            sched._throw(task, exc)
            return None
        sched._wake(task, None if task.is_coro else result)
        return result

    def _abort(self, task: Task) -> bool:
        self.task = None
        task.sched._waits -= 1
        self.d.addErrback(lambda f: None)  # the cancel error is ours to ignore
        self.d.cancel()
        return True

    def _describe(self, task: Task) -> str:
        return f"waiting for {self.d!r}"


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
        self._roots: set[Task] = set()
        self._timers = 0  # tasks parked on a timer
        self._waits = 0  # tasks parked on a Deferred
        self._inflight = 0  # submissions from other threads not yet started
        self._blocking = 0  # live roots whose caller waits for them
        self._check_call = None
        self._drain_call = None

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

    # -- the loop -----------------------------------------------------------

    def _drain(self) -> None:
        from ._channel import _Read, _Write

        if self._draining:
            return
        if self._drain_call is not None:
            if self._drain_call.active():
                self._drain_call.cancel()
            self._drain_call = None
        self._draining = True
        ready = self._ready
        pop = ready.popleft
        slot = made
        if slot[0] is not None:  # made outside any process (in Twisted code) and not yielded
            _log_error(_sweep(None))
        W, R = _Write, _Read
        running = _running
        steps = itertools.repeat(True, BUDGET)  # counts steps without making an int per step
        try:
            for _ in steps:
                if not ready:
                    break
                task, value, exc = pop()
                if task.hold:
                    if task.state is not DONE:
                        task.paused.stash = (value, exc)
                    continue
                running[0] = task
                body = task.body
                if body is None:
                    body, exc = task._boot(exc), None
                while True:
                    try:
                        if exc is None:
                            op = body.send(value)
                        else:
                            op, exc = body.throw(exc), None
                    except StopIteration as stop:
                        error = _sweep(task) if slot[0] is not None else None
                        task._finish(stop.value if error is None else None, error)
                        if slot[0] is not None:  # made by the code its end ran, not yielded
                            _log_error(_sweep(None))
                        break
                    except BaseException as error:  # noqa: BLE001 - delivered to the waiter
                        if error.__class__ is TailCall:  # noreturn(p): p takes over this task
                            body, value = task._hand_over(error.target), None
                            continue
                        if error.__class__ is _DefGen_Return:  # Twisted's returnValue(v)
                            task._finish(error.value, None)
                            break
                        if slot[0] is not None:
                            _log_error(_sweep(task))
                        task._finish(None, error)
                        if slot[0] is not None:
                            _log_error(_sweep(None))
                        break
                    if slot[0] is op:
                        # Made in this step and yielded at once, as almost every channel
                        # operation is: the rendezvous with a task of this scheduler parked on
                        # the other end, or parking on a channel nobody is at, inlined here.
                        # _Read/_Write._perform do the same for everything else.
                        slot[0] = None
                        cls = type(op)
                        if cls is W:
                            ch = op.ch
                            peer = ch._reader
                            if peer is not None:
                                if peer.sched is self:
                                    queue = ch._rqueue  # (see Channel._take_reader)
                                    ch._reader = queue.pop(0) if queue else None
                                    peer.parked_on = None
                                    ready.append((peer, op.value, None))
                                    op.value = value = None
                                    op.armed = False
                                    continue
                            elif not ch._size and not ch._shut:
                                task.val, op.value, op.armed = op.value, None, False
                                task.parked_on = op
                                if ch._writer is None:  # (see Channel._add_writer)
                                    ch._writer = task
                                elif ch._wqueue:
                                    ch._wqueue.append(task)
                                else:
                                    ch._wqueue = [task]
                                if task.cancel_req:
                                    self._deliver_cancel(task)
                                break
                        elif cls is R:
                            ch = op.ch
                            peer = ch._writer
                            if peer is not None:
                                if peer.sched is self and not ch._size:
                                    queue = ch._wqueue  # (see Channel._take_writer)
                                    ch._writer = queue.pop(0) if queue else None
                                    value = peer.val
                                    peer.val = peer.parked_on = None
                                    ready.append((peer, None, None))
                                    continue
                            elif not ch._buf and not ch._shut:
                                task.parked_on = op
                                if ch._reader is None:  # (see Channel._add_reader)
                                    ch._reader = task
                                elif ch._rqueue:
                                    ch._rqueue.append(task)
                                else:
                                    ch._rqueue = [task]
                                if task.cancel_req:
                                    self._deliver_cancel(task)
                                break
                    elif slot[0] is not None:
                        error = _sweep(task, op)
                        if error is not None:  # warnings are errors: raise it at the yield
                            value, exc = None, error
                            continue
                    try:
                        value = op._perform(task)
                    except AttributeError as error:
                        if hasattr(op, "_perform"):
                            value, exc = None, error
                            continue
                        try:
                            value = _adapt(op, task)(task)
                        except BaseException as error2:  # noqa: BLE001 - thrown into the task
                            value, exc = None, error2
                            continue
                    except BaseException as error:  # noqa: BLE001 - thrown into the task
                        value, exc = None, error
                        continue
                    if value is PARKED:
                        if task.cancel_req:
                            self._deliver_cancel(task)
                        break
                    if next(steps, False) is False:  # out of budget: it goes to the back
                        ready.append((task, value, None))
                        break
            if ready:  # the budget is spent: the reactor has a turn first
                self._drain_call = self.clock.callLater(0, self._drain)
        finally:
            running[0] = None
            self._draining = False
        if not ready:
            self._idle()

    # -- cancel, pause, resume ----------------------------------------------

    def cancel(self, task: Task) -> None:
        """Cancel ``task``: ``Cancelled`` is thrown in at the point where it blocks."""
        if task.state is DONE:
            return
        task.cancel_req = True  # an unstarted task meets it in _boot
        if task.paused:
            if task.paused.repark:  # its offer was withdrawn by pause: nothing to abort
                task.paused, task.hold = None, False
                task.cancel_req = False
                self._throw(task, Cancelled(f"{task.label} was cancelled"))
                return
            self._unpause_one(task)
        if task.parked_on is not None:
            self._deliver_cancel(task)
        elif not self._draining:
            self._drain()

    def _deliver_cancel(self, task: Task) -> None:
        trap = task.parked_on
        task.cancel_req = False
        if trap is None:
            self._throw(task, Cancelled(f"{task.label} was cancelled"))
            return
        if trap._abort(task):
            if task.parked_on is trap:
                self._throw(task, Cancelled(f"{task.label} was cancelled"))

    def pause(self, task: Task) -> None:
        """Stop ``task`` and its children where they are; values offered to them wait."""
        for t in task.subtree():
            if t.paused or t.state is DONE:
                continue
            t.paused, t.hold = _Paused(), True
            trap = t.parked_on
            if trap is not None and getattr(trap, "_repark", False):
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
            value, exc = paused.stash
            self._ready.append((t, value, exc))
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

    def _idle(self) -> None:
        if self._blocking and self._check_call is None:
            self._check_call = self.clock.callLater(0, self._check_deadlock)

    def _check_deadlock(self) -> None:
        self._check_call = None
        if self._ready or self._draining or self._timers or self._waits or self._inflight:
            return
        blocking = [r for r in self._roots if r.blocking]
        if not blocking:
            return
        everyone = [t for r in list(self._roots) for t in r.subtree()]
        for t in everyone:
            if t.paused or t.parked_on is None:
                return
            if t.parked_on is not None and t.parked_on._may_wake():
                return
        for root in blocking:
            blocked = [
                (t.label, t.where())
                for t in sorted(root.subtree(), key=lambda t: t.tid)
                if t.parked_on is not None and not t.parked_on._children()
            ]
            root.deadlock = Deadlock(blocked)
            self.cancel(root)

    def ps(self) -> list[tuple[int, str, str]]:
        """Every live task as ``(depth, name, what it is doing)``, roots first."""
        out: list[tuple[int, str, str]] = []

        def walk(t: Task, depth: int) -> None:
            out.append((depth, t.label, t.where()))
            if t.parked_on is not None:
                for c in t.parked_on._children():
                    if c.state is not DONE:
                        walk(c, depth + 1)

        for root in sorted(self._roots, key=lambda t: t.tid):
            walk(root, 0)
        return out

    # -- virtual time -------------------------------------------------------

    def run(self, process: Any) -> Any:
        """Run ``process`` to the end on a ``task.Clock``, advancing virtual time.

        For tests and simulations: timers fire in order without any real
        waiting; a deadlock raises :class:`csp.Deadlock` at once.
        """
        from ._process import Outcome

        outcome = Outcome()
        task = self.spawn_task(process, outcome.set, blocking=True)
        clock = self.clock
        while not outcome.done:
            calls = clock.getDelayedCalls()
            if not calls:
                self._check_deadlock()
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


def _adapt(op: Any, task: Task) -> Callable[[Task], Any]:
    """Turn a foreign yielded object into a trap's perform, or explain the mistake."""
    if op is None:
        return CHECKPOINT._perform
    if isinstance(op, Deferred):
        return _DeferredWait(op)._perform
    adapt = getattr(op, "_csp_trap", None)
    if adapt is not None:
        return adapt()._perform
    raise TypeError(_bad_yield_message(op, task))


def _bad_yield_message(op: Any, task: Task) -> str:
    kind = type(op).__name__
    hint = ""
    from ._channel import Channel

    if isinstance(op, Channel):
        hint = f" To read from it write `yield {op.name}.read()`; to write `yield c.write(x)`."
    elif hasattr(op, "__await__") or hasattr(op, "cr_frame"):
        hint = (
            " Awaitables other than Deferreds and this library's operations "
            "need `yield Deferred.fromCoroutine(coro)`."
        )
    return (
        f"process {task.label} yielded {op!r} ({kind}), which is not something a process "
        "can wait on. Yield a channel operation (`yield c.read()`, `yield c.write(x)`), "
        "a process or term (`yield p`), a choice (`yield alt.select()`), a Timer sleep, "
        "a Twisted Deferred, or nothing at all (a bare `yield` is a checkpoint)." + hint
    )


def _log_error(error: BaseException | None) -> None:
    if error is not None:
        from twisted.logger import Logger

        Logger().failure("an operation was never yielded", failure=Failure(error))


def _sweep(task: Task | None, yielded: Any = None) -> BaseException | None:
    """Report channel operations created but never yielded (like un-awaited coroutines).

    Returns the warning if the warnings filter turned it into an error (as
    ``-W error`` or the test suite do), so the caller can raise it in the
    process instead of breaking the scheduler.
    """
    from ._forgotten import creation_line

    raised: BaseException | None = None
    ops = [op for op in _loose + made if op is not None and op is not MANY and op is not yielded]
    _loose.clear()
    made[0] = None
    # Newest first: the nearest matching call before the yield made the newest one.
    ops.reverse()
    seen: dict[str | None, int] = {}
    yielded_method = getattr(yielded, "_method", None)
    if yielded_method is not None:
        seen[yielded_method] = 1  # the nearest call made the operation that was yielded
    for op in ops:
        op._forgotten()
        method = getattr(op, "_method", None)
        rank = seen.get(method, 0)
        seen[method] = rank + 1
        where = ""
        frame = None
        if task is not None and task.body is not None:
            frame = getattr(task.body, "gi_frame", None) or getattr(task.body, "cr_frame", None)
        if frame is not None:
            filename = frame.f_code.co_filename
            made_at = creation_line(frame, op, rank)
            if made_at is not None:
                lineno = made_at
                where = f" created in process {task.label} at line {lineno}"
            else:
                lineno = frame.f_lineno
                where = f" in process {task.label} before line {lineno}"
        elif task is not None:
            code = getattr(task.process._func, "__code__", None)
            filename = code.co_filename if code else "<unknown>"
            lineno = code.co_firstlineno if code else 0
            where = f" in process {task.label} (which then ended)"
        else:
            filename, lineno = "<outside any process>", 0
        message = (
            f"channel operation {op!r}{where} was never yielded; "
            f"write `yield {op._text()}` (or `await` it) to perform it"
        )
        try:
            warnings.warn_explicit(message, RuntimeWarning, filename, lineno)
        except Warning as error:
            raised = raised or error
    return raised
