"""A watchdog for steps that block the reactor, like asyncio's debug mode.

A process step that blocks (``time.sleep``, a blocking socket, a long loop
without ``yield``) freezes every process, timer and connection on the
reactor, silently. :func:`warn_slow_steps` starts a daemon thread that looks
at the scheduler twice per threshold; when the same step has held the
reactor for longer than the threshold it says so once, naming the process
and the line it is at. It costs the scheduler nothing: the drain loop
already keeps its step budget where the watchdog can read it.
"""

from __future__ import annotations

import sys
import threading
import warnings
from time import monotonic
from typing import Any, Callable

from ._deadlock import internal_threads
from ._kernel import Scheduler, _running

__all__ = ["warn_slow_steps", "SlowStepWarning"]


class SlowStepWarning(RuntimeWarning):
    """A process step held the reactor thread longer than the threshold."""


_watchdogs: dict[int, tuple[threading.Event, threading.Thread]] = {}
_lock = threading.Lock()


def warn_slow_steps(seconds: float | None = 0.25, reactor: Any = None,
                    report: Callable[[str], None] | None = None) -> None:
    """Warn when one process step holds the reactor for more than ``seconds``; None turns it off.

    On by default in the ``python-csp`` shell. ``report`` receives each
    message (the default issues a :class:`SlowStepWarning`)::

        csp.warn_slow_steps(0.1)        # a time.sleep(1) in a process is named, with its line
    """
    from ._reactor import global_reactor, scheduler_for

    sched = scheduler_for(reactor if reactor is not None else global_reactor())
    with _lock:
        old = _watchdogs.pop(id(sched), None)
        if old is not None:
            old[0].set()
        if seconds is None:
            return
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
            raise ValueError(f"warn_slow_steps({seconds!r}): give a number of seconds > 0 (or None: off)")
        stop = threading.Event()
        thread = threading.Thread(target=_watch, args=(sched, float(seconds), report or _warn, stop),
                                  name="csp-watchdog", daemon=True)
        _watchdogs[id(sched)] = (stop, thread)
        thread.start()


def _warn(message: str) -> None:
    """Issue the warning at the process's own line (it is in the message: "at FILE:LINE")."""
    filename, lineno = "<process>", 0
    if " at " in message and ": every other" in message:
        place = message.split(" at ", 1)[1].split(": every other", 1)[0]
        name, _, line = place.rpartition(":")
        if line.isdigit():
            filename, lineno = name, int(line)
    warnings.warn_explicit(message, SlowStepWarning, filename, lineno)


def _watch(sched: Scheduler, threshold: float, report: Callable[[str], None], stop: threading.Event) -> None:
    internal_threads.add(threading.get_ident())
    seen: Any = None
    since = 0.0
    told: Any = None
    while not stop.wait(threshold / 2):
        task = _running[0]
        if not sched._draining or task is None or task.sched is not sched:
            seen = None
            continue
        mark = sched._turn  # a new entry each time a task is taken off the run queue
        now = monotonic()
        if mark is not seen:
            seen, since = mark, now
            continue
        if now - since >= threshold and mark is not told:
            told = mark
            report(_message(sched, task, now - since))


def _message(sched: Scheduler, task: Any, held: float) -> str:
    where = ""
    frame = sys._current_frames().get(sched._drainer or -1)
    body = task.body
    code = getattr(body, "gi_code", None) or getattr(body, "cr_code", None)
    if code is None:
        code = getattr(getattr(task.process, "_func", None), "__code__", None)
    while frame is not None:
        if frame.f_code is code:
            where = f" at {frame.f_code.co_filename}:{frame.f_lineno}"
            break
        frame = frame.f_back
    return (
        f"process {task.label} has held the reactor for {held:.2f}s in one step{where}: every other "
        "process, timer and connection waits meanwhile. A step must not block: use "
        "`yield Timer().sleep(s)` rather than time.sleep, run blocking calls in a thread "
        "(`yield deferToThread(f)`), and yield now and then inside long loops."
    )
