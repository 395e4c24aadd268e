"""Where processes run: one scheduler per reactor, and the background reactor thread.

Library code never imports the global reactor at import time: tests inject
a ``twisted.internet.task.Clock`` (``csp.run(p, reactor=Clock())``) and the
global reactor is only touched when a user calls ``start``/``spawn``/``run``
without saying which reactor to use.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from twisted.python import threadable

from ._kernel import Scheduler, current_task
from ._process import Outcome, Process, ProcessHandle

__all__ = ["start", "spawn", "run", "scheduler_for", "call_in_reactor_thread"]

_lock = threading.Lock()
_schedulers: dict[int, tuple[Any, Scheduler]] = {}
_background: threading.Thread | None = None


def scheduler_for(reactor: Any) -> Scheduler:
    """The scheduler that runs processes on ``reactor`` (made on first use).

    ``reactor`` is anything with ``callLater`` and ``seconds`` (an
    ``IReactorTime``), such as ``twisted.internet.task.Clock``.
    """
    key = id(reactor)
    with _lock:
        entry = _schedulers.get(key)
        if entry is None or entry[0] is not reactor:
            entry = (reactor, Scheduler(reactor))
            _schedulers[key] = entry
        return entry[1]


def _global_reactor() -> Any:
    from twisted.internet import reactor

    return reactor


def _is_threaded(reactor: Any) -> bool:
    return hasattr(reactor, "callFromThread") and hasattr(reactor, "run")


def _in_reactor_thread(reactor: Any) -> bool:
    if not _is_threaded(reactor):
        return True  # a Clock: everything happens in the caller's thread
    if not reactor.running:
        return _background is None or not _background.is_alive()
    return threadable.isInIOThread()


def call_in_reactor_thread(fn: Callable[..., Any], sched: Scheduler | None = None) -> None:
    """Call ``fn()`` now if this is the reactor's thread, else hand it over with ``callFromThread``."""
    if sched is None:
        task = current_task()
        if task is not None:
            fn()
            return
        reactor = _global_reactor_if_loaded()
    else:
        reactor = sched.clock
    if reactor is None or _in_reactor_thread(reactor):
        fn()
    else:
        reactor.callFromThread(fn)


def _global_reactor_if_loaded() -> Any:
    import sys

    if "twisted.internet.reactor" in sys.modules:
        return sys.modules["twisted.internet.reactor"]
    return None


def _ensure_background(reactor: Any) -> None:
    """Run ``reactor`` in a daemon thread, once; later calls reuse it."""
    global _background
    with _lock:
        if reactor.running or (_background is not None and _background.is_alive()):
            return
        thread = threading.Thread(
            target=reactor.run,
            kwargs={"installSignalHandlers": False},
            name="csp-reactor",
            daemon=True,
        )
        _background = thread
        thread.start()


def _refuse_on_reactor_thread(what: str) -> None:
    raise RuntimeError(
        f"{what} would block the reactor thread, which runs every process. "
        "Inside a process write `result = yield p` (or `await p`); "
        "from Twisted code use `p.spawn()` and its `.deferred`."
    )


def start(process: Process) -> Any:
    """Run ``process`` to completion from plain (non-reactor) code; return its result."""
    _check_process(process, "start")
    if current_task() is not None:
        _refuse_on_reactor_thread(f"{process!r}.start() inside a process")
    reactor = _global_reactor()
    if reactor.running and threadable.isInIOThread():
        _refuse_on_reactor_thread(f"{process!r}.start() on the reactor thread")
    sched = scheduler_for(reactor)
    outcome = Outcome()
    event = outcome.waitable()
    box: dict[str, Any] = {}
    with _lock:
        sched._inflight += 1

    def submit() -> None:
        with _lock:
            sched._inflight -= 1
        box["task"] = sched.spawn_task(process, outcome.set, blocking=True)

    def cancel() -> None:
        if "task" in box:
            sched.cancel(box["task"])

    try:
        reactor.callFromThread(submit)
        _ensure_background(reactor)
        event.wait()
    except KeyboardInterrupt:
        # Ctrl-C: cancel the process (its finally blocks run), then re-raise.
        reactor.callFromThread(cancel)
        event.wait(10)
        raise
    return outcome.get()


def spawn(process: Process, scheduler: Scheduler | None = None) -> ProcessHandle:
    """Start ``process`` without blocking; see :meth:`Process.spawn`."""
    _check_process(process, "spawn")
    if scheduler is None:
        task = current_task()
        if task is not None:
            scheduler = task.sched
        else:
            reactor = _global_reactor()
            scheduler = scheduler_for(reactor)
            if not reactor.running:
                _ensure_background(reactor)
    handle = ProcessHandle(process, scheduler)
    sched = scheduler
    with _lock:
        sched._inflight += 1  # the deadlock check waits for it to arrive

    def submit() -> None:
        with _lock:
            sched._inflight -= 1
        handle._started(sched.spawn_task(process, handle._ended))

    call_in_reactor_thread(submit, sched)
    return handle


def run(process: Process, reactor: Any = None) -> Any:
    """Run ``process`` with the reactor in this thread, for scripts that own it.

    With no ``reactor`` the global Twisted reactor runs here until the
    process ends, then stops (a reactor cannot be restarted, so call this
    once). With a ``twisted.internet.task.Clock`` the process runs in
    virtual time: timers fire in order with no real waiting, which is how
    the tests run. Returns the process's result or raises its exception::

        from twisted.internet.task import Clock
        run(Timer().sleep_process(5), reactor=Clock())   # returns at once
    """
    _check_process(process, "run")
    if reactor is None:
        reactor = _global_reactor()
    if not _is_threaded(reactor):
        return scheduler_for(reactor).run(process)
    if reactor.running:
        raise RuntimeError(
            "csp.run() starts the reactor, but it is already running; use p.start() "
            "from another thread, or p.spawn() on the reactor thread"
        )
    sched = scheduler_for(reactor)
    outcome = Outcome()
    box: dict[str, Any] = {}

    def finished(task: Any, value: Any, exc: BaseException | None) -> None:
        outcome.set(task, value, exc)
        reactor.stop()

    def begin() -> None:
        box["task"] = sched.spawn_task(process, finished, blocking=True)

    def before_shutdown() -> None:
        task = box.get("task")
        if task is not None and not outcome.done:
            sched.cancel(task)

    reactor.callWhenRunning(begin)
    reactor.addSystemEventTrigger("before", "shutdown", before_shutdown)
    reactor.run()
    if not outcome.done:
        raise KeyboardInterrupt(f"the reactor stopped before {process!r} ended")
    return outcome.get()


def _check_process(process: Any, verb: str) -> None:
    if not isinstance(process, Process):
        raise TypeError(
            f"{verb}() runs a process, not {process!r} ({type(process).__name__}); "
            "decorate the function with @process and call it: `f(args).start()`"
        )
