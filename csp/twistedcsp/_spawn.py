"""Starting twisted-csp processes: ``go``, ``go_channel``, ``go_deferred``, the decorators, ``run``."""

from __future__ import annotations

import functools
from typing import Any, Callable

from twisted.internet.defer import CancelledError, Deferred
from twisted.logger import Logger
from twisted.python.failure import Failure

import csp
from csp import Process, ProcessHandle
from csp.coreasync._here import spawn_here

from ._channel import Channel
from ._driver import _driver_named, as_process, body_of

__all__ = ["go", "go_channel", "go_deferred", "process", "process_channel", "process_deferred", "run"]

_log = Logger()


def _start(f: Any, args: tuple, kwargs: dict, verb: str) -> ProcessHandle:
    body, arguments = body_of(f, args, kwargs, verb)
    return spawn_here(Process(_driver_named(getattr(body, "__name__", None) or "process"), body, arguments))


def _log_failure(what: str) -> Callable[[Failure], None]:
    def failed(failure: Failure) -> None:
        if not failure.check(CancelledError):
            _log.failure("{what} failed", failure=failure, what=what)

    return failed


def go(f: Any, *args: Any, **kwargs: Any) -> None:
    """Start a process: ``go(f, x, y)`` (twisted-csp 0.2) or ``go(f(x, y))`` (earlier).

    It runs beside the caller, on the calling process's reactor or, from
    plain code, the global one (it runs when the program's ``reactor.run()``
    does, and as far as it can right now). An exception that ends it is
    logged with Twisted's logger, as twisted-csp's reactor would log it::

        go(player, "ping", table)
    """
    handle = _start(f, args, kwargs, "go")
    handle.deferred.addErrback(_log_failure(f"go({handle.process.name})"))


def go_deferred(f: Any, *args: Any, **kwargs: Any) -> Deferred:
    """Start a process; return a Deferred firing with its result (cancelling it cancels the process).

    For example::

        go_deferred(fetch, url).addCallback(print)
    """
    return _start(f, args, kwargs, "go_deferred").deferred


def go_channel(f: Any, *args: Any, **kwargs: Any) -> Channel:
    """Start a process; return a channel that will hold its result, then close.

    A result of ``None`` just closes the channel (so a take gives ``None``
    either way); a process that fails has its error logged and the channel
    closed::

        answer = yield take(go_channel(compute, 6, 7))
    """
    ch = Channel(1, external=True)  # filled from the handle's Deferred: a reader of it is not deadlocked
    handle = _start(f, args, kwargs, "go_channel")

    def done(value: Any) -> None:
        if value is not None:
            ch.offer(value)
        ch.close()

    def failed(failure: Failure) -> None:
        ch.close()
        _log_failure(f"go_channel({handle.process.name})")(failure)

    handle.deferred.addCallbacks(done, failed)
    return ch


def process(f: Callable[..., Any]) -> Callable[..., None]:
    """Decorator: calling the generator function starts it as a process (``go``).

    For example::

        @process
        def pinger(table):
            ...

        pinger(table)     # started
    """

    @functools.wraps(f)
    def started(*args: Any, **kwargs: Any) -> None:
        go(f, *args, **kwargs)

    return started


def process_channel(f: Callable[..., Any]) -> Callable[..., Channel]:
    """Decorator: calling the function starts it and returns its result channel (``go_channel``)."""

    @functools.wraps(f)
    def started(*args: Any, **kwargs: Any) -> Channel:
        return go_channel(f, *args, **kwargs)

    return started


def process_deferred(f: Callable[..., Any]) -> Callable[..., Deferred]:
    """Decorator: calling the function starts it and returns its Deferred (``go_deferred``)."""

    @functools.wraps(f)
    def started(*args: Any, **kwargs: Any) -> Deferred:
        return go_deferred(f, *args, **kwargs)

    return started


def run(f: Any, *args: Any, reactor: Any = None, **kwargs: Any) -> Any:
    """Run ``f(*args)`` as a process until it ends and return its result (twisted-csp's ``run`` script).

    With no ``reactor`` the global reactor runs in this thread and stops when
    ``f`` ends; with a ``twisted.internet.task.Clock`` it runs in virtual
    time::

        def main():
            yield sleep(1)
            return "done"

        run(main)             # prints nothing, returns "done" after 1 s
    """
    return csp.run(as_process(f, *args, **kwargs), reactor=reactor)
