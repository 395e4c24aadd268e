"""Which reactor runs processes, and which thread may touch it.

One scheduler per reactor (or ``task.Clock``), made on first use and kept on
the reactor object itself, so it goes when the reactor goes. Library code
never imports the global reactor at import time: tests inject a
``twisted.internet.task.Clock`` and the global reactor is only touched when a
user starts a process without saying which reactor to use.

Every public entry point may be called from any thread. The reactor's own
thread acts at once; any other thread hands the call over with
``reactor.callFromThread`` (and waits for its result where the call returns
one), so a process body only ever runs on the reactor's thread. Before any
reactor runs, nothing runs concurrently, and a call acts at once.
"""

from __future__ import annotations

import sys
import threading
import weakref
from typing import Any, Callable

from ._kernel import Scheduler

__all__ = ["scheduler_for", "global_reactor", "loaded_global_reactor", "check_reactor", "is_threaded",
           "call", "call_blocking", "background", "set_background", "has_stopped"]

_lock = threading.RLock()
_refusing: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # reactors that refuse attributes
_background: list[threading.Thread | None] = [None]  # the thread start() runs the global reactor in
# Threads that drive a task.Clock (tests, simulations): there, plain code acts for the Clock's processes.
clock_threads: set[int] = set()


def check_reactor(reactor: Any, where: str) -> None:
    """Raise a TypeError saying what ``where`` expects if ``reactor`` is not an ``IReactorTime``."""
    if isinstance(reactor, Scheduler):
        return
    if not (callable(getattr(reactor, "callLater", None)) and callable(getattr(reactor, "seconds", None))):
        raise TypeError(
            f"{where} needs a Twisted reactor or a twisted.internet.task.Clock (something with "
            f"callLater() and seconds()), not {reactor!r} ({type(reactor).__name__}). For virtual "
            "time write Clock() from twisted.internet.task (the builtin process csp.builtins.Clock "
            "is another thing)."
        )


def scheduler_for(reactor: Any) -> Scheduler:
    """The scheduler that runs processes on ``reactor`` (made on first use).

    ``reactor`` is anything with ``callLater`` and ``seconds`` (an
    ``IReactorTime``), such as ``twisted.internet.task.Clock``::

        sched = scheduler_for(Clock())
        handle = p.spawn(sched)
    """
    if isinstance(reactor, Scheduler):
        return reactor
    check_reactor(reactor, "scheduler_for(reactor)")
    sched = getattr(reactor, "_csp_scheduler", None)
    if sched is None:
        sched = _refusing.get(reactor)
    if isinstance(sched, Scheduler) and sched.clock is reactor:
        return sched
    with _lock:
        sched = getattr(reactor, "_csp_scheduler", None) or _refusing.get(reactor)
        if isinstance(sched, Scheduler) and sched.clock is reactor:
            return sched
        sched = Scheduler(reactor)
        if not is_threaded(reactor):
            clock_threads.add(threading.get_ident())
        try:
            reactor._csp_scheduler = sched  # goes with the reactor: 5,000 Clocks leave nothing behind
        except (AttributeError, TypeError):
            _refusing[reactor] = sched
        return sched


def global_reactor() -> Any:
    """Twisted's global reactor (installing the default one, as importing it does)."""
    from twisted.internet import reactor

    return reactor


def loaded_global_reactor() -> Any:
    """The global reactor if something has imported it already, else None."""
    return sys.modules.get("twisted.internet.reactor")


def is_threaded(reactor: Any) -> bool:
    """A real reactor (it runs in a thread and takes calls from others), not a Clock."""
    return hasattr(reactor, "callFromThread") and hasattr(reactor, "run")


def is_running(reactor: Any) -> bool:
    """Running, or on its way: startRunning has begun and it has not stopped."""
    return bool(getattr(reactor, "_started", False) or reactor.running)


def has_stopped(reactor: Any) -> bool:
    """It ran and stopped for good (a Twisted reactor cannot run again)."""
    return bool(getattr(reactor, "_startedBefore", False)) and not is_running(reactor)


def background() -> threading.Thread | None:
    """The thread that ``start()`` runs the global reactor in, if it is alive."""
    thread = _background[0]
    return thread if thread is not None and thread.is_alive() else None


def set_background(thread: threading.Thread) -> None:
    _background[0] = thread


def _owner(reactor: Any) -> int | None:
    """The thread that runs, or is about to run, ``reactor``'s calls; None if nobody does yet."""
    if not is_threaded(reactor):
        return None  # a Clock: whoever advances it
    if is_running(reactor):
        from twisted.python import threadable

        return threadable.ioThread
    thread = background()
    return thread.ident if thread is not None else None


def call(reactor: Any, fn: Callable[..., Any], *args: Any) -> None:
    """``fn(*args)`` on ``reactor``'s thread: now if this is it (or nobody runs it), else handed over."""
    owner = _owner(reactor)
    if owner is None or owner == threading.get_ident():
        fn(*args)
    else:
        reactor.callFromThread(fn, *args)


def call_blocking(reactor: Any, fn: Callable[..., Any], *args: Any) -> Any:
    """Like :func:`call`, and wait for the result (or the exception) when handed over."""
    owner = _owner(reactor)
    if owner is None or owner == threading.get_ident():
        return fn(*args)
    from twisted.internet.threads import blockingCallFromThread

    return blockingCallFromThread(reactor, fn, *args)


def reactor_of(entries: list[Any]) -> Any:
    """The reactor whose thread owns what waits in ``entries`` (tasks, offers), or None."""
    for entry in entries:
        sched = getattr(entry, "owner", None) or getattr(entry, "sched", None)
        if isinstance(sched, Scheduler):
            return sched.clock
    return None
