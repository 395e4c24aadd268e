"""Starting processes: ``start()`` blocks, ``spawn()`` gives a handle (a Deferred), ``run()`` runs it here.

Who runs the reactor:

- ``p.start()`` from plain code runs the global reactor in a background
  thread if nothing runs it yet (started once, reused), and blocks until
  ``p`` ends. It is the only call that starts a reactor thread.
- ``p.spawn()`` never starts a reactor: on a running reactor the process
  starts at once (from another thread: as soon as the reactor thread takes
  it); before the program's own ``reactor.run()`` it starts when that runs.
- ``csp.run(p)`` runs the global reactor in this thread until ``p`` ends,
  then stops it; ``csp.run(p, reactor=Clock())`` runs in virtual time.
"""

from __future__ import annotations

import atexit
import sys
import threading
import weakref
from typing import Any, Callable, Generator

from twisted.internet.defer import CancelledError, Deferred
from twisted.python.failure import Failure

from ._deadlock import blocked_starters
from ._forgotten import safe_repr
from ._kernel import DONE, LIVE, PARKED, SELF, Outcome, Runnable, Scheduler, Task, Trap, current_task
from ._reactor import (
    background,
    call,
    check_reactor,
    global_reactor,
    has_stopped,
    is_running,
    is_threaded,
    scheduler_for,
    set_background,
)

__all__ = ["start", "spawn", "run", "run_in_background", "ProcessHandle"]

_lock = threading.Lock()
_unstarted: weakref.WeakSet = weakref.WeakSet()  # handles spawned before any reactor ran


@atexit.register
def _never_started() -> None:
    """At exit, say so if processes were spawned and nothing ever ran the reactor for them."""
    waiting = [h for h in list(_unstarted) if h.task is None]
    if waiting:
        names = ", ".join(safe_repr(h.process, 40) for h in waiting[:5])
        more = f" and {len(waiting) - 5} more" if len(waiting) > 5 else ""
        print(
            f"txcsp: {len(waiting)} process(es) spawned with spawn() never started ({names}{more}): "
            "nothing ran the reactor. spawn() never starts one itself; use p.start() or csp.run(p), "
            "run the reactor yourself, or call csp.run_in_background() first.",
            file=sys.stderr,
        )


class ProcessHandle(Deferred):
    """A running process started with :meth:`Process.spawn`: a Twisted ``Deferred`` of its result.

    It fires with the process's result (or fails with its exception; with
    ``CancelledError`` once cancelled) after the process has ended, its
    ``finally`` blocks included. Every waiter sees the outcome: each process
    that yields the handle, and, as with any Deferred, every callback that
    nothing before it has consumed. ``cancel()``, ``pause()`` and
    ``resume()`` cascade to every child process and awaited Deferred::

        h = worker(c).spawn()
        h.pause(); h.resume()
        h.addCallback(print)            # or, inside a process: result = yield h
        h.cancel()                      # fails with CancelledError, not logged as unhandled

    ``yield h`` works in ``@inlineCallbacks`` code and ``await h`` in
    coroutines; ``h.deferred`` is ``h`` itself (kept for older code).
    """

    _csp_opaque = True  # holding a handle lets you cancel a process, not feed its channels

    def __init__(self, process: Runnable, sched: Scheduler) -> None:
        super().__init__()
        self.process = process
        self.sched = sched
        self.task: Task | None = None
        self._pending: list[Callable[[Task], None]] = []  # controls asked for before the task started
        self._outcome: tuple[Any, BaseException | None] | None = None
        self._waiters: list[_HandleWait] = []
        self._quiet = False  # its failure was seen by a process, or it was cancelled on purpose
        self._cancel_asked = False
        self._held = 0  # our own pause()s of the Deferred (Twisted pauses it too, when chaining)

    def __repr__(self) -> str:
        return f"<ProcessHandle {safe_repr(self.process)} {'done' if self.done else 'running'}>"

    @property
    def deferred(self) -> ProcessHandle:
        """The handle itself: it is the Deferred (kept for code written before it was)."""
        return self

    @property
    def done(self) -> bool:
        """True once the process has ended, its ``finally`` blocks included."""
        return self._outcome is not None

    # -- the kernel's side ------------------------------------------------------

    def _started(self, task: Task) -> None:
        self.task = task
        pending, self._pending = self._pending, []
        for action in pending:
            if task.state is not DONE:
                action(task)

    def _ended(self, _task: Task, value: Any, exc: BaseException | None) -> None:
        self._outcome = (value, exc)
        waiters, self._waiters = self._waiters, []
        if exc is not None and (waiters or (self._cancel_asked and isinstance(exc, CancelledError))):
            self._quiet = True
        for w in waiters:
            w._deliver(value, exc)
        if exc is None:
            self.callback(value)
        else:
            self.errback(Failure(exc, type(exc), exc.__traceback__))

    def _runCallbacks(self) -> None:
        super()._runCallbacks()  # type: ignore[misc]
        self._hush()

    def _hush(self) -> None:
        """A failure a process has seen, or a cancel asked for, is not an unhandled error."""
        if self._quiet and isinstance(self.result, Failure) and self._debugInfo is not None:
            self._debugInfo.failResult = None

    def _control(self, action: Callable[[Task], None]) -> None:
        def go() -> None:
            if self.task is None:
                self._pending.append(action)
            elif self.task.state is not DONE:
                action(self.task)

        call(self.sched.clock, go)

    # -- control ------------------------------------------------------------------

    def cancel(self) -> None:
        """Cancel the process and its children; their ``finally`` blocks run, then the handle fails.

        The handle fails with ``CancelledError`` (``csp.Cancelled``) once the
        process has ended, not before: ``done`` is true only then.
        """
        if self._outcome is None and not self._cancel_asked:
            self._cancel_asked = True
            self._control(lambda t: t.sched.cancel(t))
        while self._held:  # a cancelled process ends even if it was paused: let its callbacks run
            self._held -= 1
            super().unpause()

    def pause(self) -> None:
        """Stop the process and its children where they are until :meth:`resume`."""
        super().pause()
        self._held += 1
        self._control(lambda t: t.sched.pause(t))

    def resume(self) -> None:
        """Continue a paused process exactly where it stopped."""
        self._control(lambda t: t.sched.resume(t))
        if self._held:
            self._held -= 1
            super().unpause()

    unpause = resume

    # -- waiting on it --------------------------------------------------------------

    def _csp_trap(self) -> Trap:
        return _HandleWait(self)

    def __await__(self) -> Generator[Any, Any, Any]:  # type: ignore[override]
        return (yield self)


class _HandleWait(Trap):
    """``yield handle`` inside a process: wait for the process to end; get its result or its error."""

    __slots__ = ("handle", "task")
    _csp_opaque = True

    def __init__(self, handle: ProcessHandle) -> None:
        self.handle = handle
        self.task: Task | None = None

    def _perform(self, task: Task) -> Any:
        h = self.handle
        if h._outcome is not None:
            value, exc = h._outcome
            if exc is not None:
                h._quiet = True
                h._hush()
                raise exc
            return value
        self.task = task
        h._waiters.append(self)
        task.parked_on = self
        return PARKED

    def _deliver(self, value: Any, exc: BaseException | None) -> None:
        task, self.task = self.task, None
        if task is None:
            return
        if exc is not None:
            task.sched._throw(task, exc)
        else:
            task.sched._wake(task, value)

    def _abort(self, task: Task) -> bool:
        h = self.handle
        if self in h._waiters:
            h._waiters.remove(self)
        self.task = None
        h.cancel()  # as for any Deferred a process waits on: the cancel cascades to it
        return True

    def _describe(self, task: Task) -> str:
        return f"waiting for {safe_repr(self.handle.process)}"

    def _blocked_on(self, task: Task) -> tuple:
        t = self.handle.task
        return (t,) if t is not None and t.state is LIVE else (SELF,)

    def _children(self) -> list[Task]:
        t = self.handle.task
        return [t] if t is not None and t.state is LIVE else []


def _check_process(process: Any, verb: str) -> None:
    if not isinstance(process, Runnable):
        hint = ""
        if isinstance(process, type) and issubclass(process, Runnable):
            hint = f" {process.__name__} is a class: call it, `{process.__name__}(...).{verb}()`."
        elif callable(process):
            hint = " Did you forget the call? `f(args)` makes the process."
        raise TypeError(
            f"{verb}() runs a process, not {safe_repr(process)} ({type(process).__name__}); "
            "decorate the function with @process and call it: `f(args)." + verb + "()`." + hint
        )


def _give_home(process: Runnable, sched: Scheduler) -> None:
    """Channels among a started process's arguments belong to ``sched``'s thread (see Channel._reactor)."""
    args = getattr(process, "_args", ())
    kwargs = getattr(process, "_kwargs", None) or {}
    for item in (*args, *kwargs.values()):
        inner = item if isinstance(item, (list, tuple)) else (item,)
        for ch in inner:
            if getattr(type(ch), "_csp_point", False) and getattr(ch, "_home", True) is None:
                ch._home = sched


def spawn(process: Runnable, scheduler: Any = None) -> ProcessHandle:
    """Start ``process`` without blocking; see :meth:`Process.spawn`."""
    _check_process(process, "spawn")
    inside = current_task()
    if scheduler is not None:
        check_reactor(scheduler, "p.spawn(scheduler)")
        sched = scheduler_for(scheduler)
    elif inside is not None:
        sched = inside.sched
    else:
        sched = scheduler_for(global_reactor())
    handle = ProcessHandle(process, sched)
    reactor = sched.clock
    _give_home(process, sched)

    def submit() -> None:
        handle._started(sched.spawn_task(process, handle._ended))

    if inside is not None and inside.sched is sched:
        submit()
    elif is_threaded(reactor) and not is_running(reactor) and background() is None:
        reactor.callWhenRunning(_soon, reactor, submit)  # the program's own reactor.run() starts it
        _unstarted.add(handle)
    else:
        with _lock:
            sched._inflight += 1  # the deadlock check waits for it to arrive

        def arrive() -> None:
            with _lock:
                sched._inflight -= 1
            submit()

        call(reactor, arrive)
    return handle


def _soon(reactor: Any, fn: Callable[[], None]) -> None:
    """At start-up, run ``fn`` on the reactor's first turn: inside its loop (asyncio's needs that)."""
    reactor.callLater(0, fn)


def _refuse(what: str) -> None:
    raise RuntimeError(
        f"{what} would block the reactor thread, which runs every process. "
        "Inside a process write `result = yield p` (or `await p`); "
        "from Twisted code use `p.spawn()`, a Deferred of the result."
    )


def start(process: Runnable) -> Any:
    """Run ``process`` to completion from plain (non-reactor) code; return its result or raise."""
    _check_process(process, "start")
    if current_task() is not None:
        _refuse(f"{safe_repr(process)}.start() inside a process")
    reactor = global_reactor()
    from twisted.python import threadable

    if is_running(reactor) and threadable.isInIOThread():
        _refuse(f"{safe_repr(process)}.start() on the reactor thread")
    if has_stopped(reactor):
        raise RuntimeError(
            f"{safe_repr(process)}.start(): the reactor has already run and stopped (csp.run() and "
            "reactor.run() stop it when they return), and a Twisted reactor cannot run again. Use "
            "p.start() for every run in this program, or put the whole program in the one "
            "process that csp.run() runs (Seq(a, b), Par(a, b))."
        )
    sched = scheduler_for(reactor)
    _give_home(process, sched)
    outcome = Outcome()
    event = outcome.waitable()
    me = threading.get_ident()
    box: dict[str, Any] = {}
    with _lock:
        sched._inflight += 1

    def submit() -> None:
        with _lock:
            sched._inflight -= 1
            if box.get("gone"):
                return  # interrupted before it could start
        task = sched.spawn_task(process, outcome.set, blocking=True)
        with _lock:
            if not box.get("gone") and task.state is not DONE:
                box["task"] = task
                blocked_starters[me] = task  # this thread can only act once the task has ended

    def cancel() -> None:
        task = box.get("task")
        if task is not None:
            sched.cancel(task)
        elif not outcome.done:  # it never started: nothing to clean up
            box["gone"] = True
            outcome.set(None, None, KeyboardInterrupt())

    try:
        try:
            reactor.callFromThread(submit)
            _ensure_background(reactor)
            event.wait()
        except KeyboardInterrupt:
            # Ctrl-C: cancel the process, let its finally blocks run, then re-raise.
            reactor.callFromThread(cancel)
            _ensure_background(reactor)
            event.wait()
            raise
    finally:
        with _lock:
            box["gone"] = True
            blocked_starters.pop(me, None)
    return outcome.get()


def run_in_background() -> None:
    """Run the global reactor in a background daemon thread (once), for plain scripts.

    ``p.start()`` does this itself. Call it in a plain script that starts
    processes with ``p.spawn()`` and goes on with its own work, as
    python-csp scripts do; never in a program that runs the reactor itself::

        csp.run_in_background()
        h = worker(c).spawn()        # runs at once, in the reactor's thread
    """
    reactor = global_reactor()
    if has_stopped(reactor):
        raise RuntimeError("run_in_background(): the reactor has already run and stopped; "
                           "a Twisted reactor cannot run again")
    _ensure_background(reactor)


def _ensure_background(reactor: Any) -> None:
    """Run ``reactor`` in a daemon thread, once, if nothing runs it; later calls reuse it."""
    with _lock:
        if is_running(reactor) or background() is not None:
            return
        thread = threading.Thread(target=reactor.run, kwargs={"installSignalHandlers": False},
                                  name="csp-reactor", daemon=True)
        set_background(thread)
        thread.start()


def run(process: Runnable, reactor: Any = None) -> Any:
    """Run ``process`` with the reactor in this thread, for scripts that own it.

    With no ``reactor`` the global Twisted reactor runs here until the
    process ends, then stops (a reactor cannot be restarted, so call this
    once). Ctrl-C or SIGTERM cancel the process, let its ``finally`` blocks
    run and raise ``KeyboardInterrupt``. With a ``twisted.internet.task.Clock``
    the process runs in virtual time: timers fire in order with no real
    waiting, which is how the tests run. Returns the process's result or
    raises its exception::

        from twisted.internet.task import Clock
        run(napper(5), reactor=Clock())   # a process that sleeps 5 s returns at once
    """
    _check_process(process, "run")
    if current_task() is not None:
        raise RuntimeError(
            "csp.run() inside a process would start a second event loop inside the first; "
            "write `result = yield p` (or `await p`) to run p as a child, or p.spawn() to start it"
        )
    if reactor is None:
        reactor = global_reactor()
    else:
        check_reactor(reactor, "csp.run(p, reactor=...)")
        if isinstance(reactor, Scheduler):
            reactor = reactor.clock
    if not is_threaded(reactor):
        sched = scheduler_for(reactor)
        _give_home(process, sched)
        return _run_in_virtual_time(sched, process)
    if is_running(reactor):
        where = " in the background (p.start() started it)" if background() is not None else ""
        raise RuntimeError(
            f"csp.run() runs the reactor, but it is already running{where}; use p.start() from "
            "plain code, or p.spawn() (a Deferred) from code on the reactor thread"
        )
    if has_stopped(reactor):
        raise RuntimeError(
            "csp.run() runs the reactor once: it has already run and stopped, and a Twisted reactor "
            "cannot run again. Run the whole program in one process (Seq(a, b), Par(a, b)), or use "
            "p.start() for each run instead of csp.run()."
        )
    return _run_reactor(process, reactor)


def _run_reactor(process: Runnable, reactor: Any) -> Any:
    sched = scheduler_for(reactor)
    _give_home(process, sched)
    outcome = Outcome()
    box: dict[str, Any] = {}

    def finished(task: Task, value: Any, exc: BaseException | None) -> None:
        outcome.set(task, value, exc)
        waiting = box.pop("shutdown", None)
        if waiting is not None:
            waiting.callback(None)  # the shutdown we held back may go on
        elif not box.get("stopping"):
            box["stopping"] = True
            reactor.stop()

    def begin() -> None:
        box["task"] = sched.spawn_task(process, finished, blocking=True)

    def before_shutdown() -> Deferred | None:
        box["stopping"] = True
        task = box.get("task")
        if task is None or outcome.done:
            return None
        box["interrupted"] = True  # a signal, or someone else's reactor.stop()
        d: Deferred = Deferred()
        box["shutdown"] = d
        sched.cancel(task)  # its finally blocks run, on the reactor, before it stops
        return None if outcome.done else d

    reactor.callWhenRunning(_soon, reactor, begin)
    trigger = reactor.addSystemEventTrigger("before", "shutdown", before_shutdown)
    try:
        reactor.run()
    finally:
        try:
            reactor.removeSystemEventTrigger(trigger)
        except (ValueError, KeyError):
            pass
    if box.get("interrupted") or not outcome.done:
        error = outcome.exc
        raise KeyboardInterrupt(
            f"the reactor was stopped (Ctrl-C, SIGTERM or reactor.stop()) before {safe_repr(process)} "
            "ended; it was cancelled and its finally blocks ran"
        ) from (error if error is not None and not isinstance(error, CancelledError) else None)
    return outcome.get()


def _run_in_virtual_time(sched: Scheduler, process: Any) -> Any:
    """Run ``process`` to the end on a ``task.Clock``, advancing virtual time.

    For tests and simulations: timers fire in order without any real waiting;
    a deadlock raises :class:`csp.Deadlock` at once.
    """
    outcome = Outcome()
    task = sched.spawn_task(process, outcome.set, blocking=True)
    clock = sched.clock
    while not outcome.done:
        calls = clock.getDelayedCalls()
        if not calls:
            sched._check_deadlock(force=True)
            if outcome.done:
                break
            waiting = "; ".join(f"{label} is {where}" for _d, label, where in sched.ps())
            raise RuntimeError(
                f"run() in virtual time cannot finish {task.label}: no timer is pending and "
                f"what it waits for can only come from outside ({waiting}). Fire the Deferred "
                "or feed the channel from a timer (clock.callLater), or use the real reactor."
            )
        step = max(0.0, min(c.getTime() for c in calls) - clock.seconds())
        clock.advance(step)
    return outcome.get()
