"""Where a combinator's process runs, and what happens when a detached one fails.

A combinator called as a function (``merge(chs)``, ``mult(ch)``, ...) starts
its process beside the caller: inside a process, on that process's reactor;
outside any process, on the global reactor (without starting it: the
program's own ``reactor.run()``, or a later ``p.start()``, runs it). Nobody
waits for such a process, so if it fails its failure is logged with
Twisted's logger and its channels are poisoned: a network never waits for
ever on a combinator that is gone, and no error goes unseen.
"""

from __future__ import annotations

from typing import Any, Callable, Generator, Iterable

from twisted.internet.defer import CancelledError
from twisted.logger import Logger
from twisted.python.failure import Failure

from csp import Channel, ChannelClosed, Process, ProcessHandle, Scheduler, Timer, scheduler_for


class _Ended:
    """What :func:`take` gives once its channel is closed and drained (never a value anyone wrote)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ENDED"


ENDED = _Ended()

__all__ = [
    "scheduler_here", "spawn_here", "spawn_detached", "poisoning", "take", "give", "check_channel",
    "check_callable",
]

_log = Logger()


def scheduler_here() -> Scheduler:
    """The scheduler of the running process, or of the global reactor outside any process."""
    return scheduler_for(Timer().clock)


def spawn_here(p: Process) -> ProcessHandle:
    """Start ``p`` beside the caller (see the module's docstring)."""
    return p.spawn(scheduler_here())


def spawn_detached(p: Process, what: str, channels: Callable[[], Iterable[Channel]]) -> ProcessHandle:
    """Start ``p`` beside the caller; if it fails, log the failure and poison ``channels()``.

    A cancel is deliberate (whoever holds the handle asked for it) and is
    not logged.
    """
    handle = spawn_here(p)

    def failed(failure: Failure) -> None:
        if failure.check(CancelledError):
            return None
        for ch in channels():
            ch.poison()
        _log.failure("{what} failed; its channels are poisoned", failure=failure, what=what)
        return None

    handle.deferred.addErrback(failed)
    return handle


def poisoning(channels: Callable[[], Iterable[Channel]],
              body: Generator[Any, Any, Any]) -> Generator[Any, Any, Any]:
    """Run ``body`` (with ``yield from``); if it ends by any exception, poison ``channels()`` first.

    This is how every combinator ends when something other than its input
    closing stops it (poison, an error raised by your function, a cancel):
    its channels are poisoned, so nothing downstream or upstream waits for
    ever on a combinator that is gone.
    """
    try:
        return (yield from body)
    except GeneratorExit:
        raise
    except BaseException:
        for ch in channels():
            ch.poison()
        raise


def take(cin: Channel) -> Generator[Any, Any, Any]:
    """``value = yield from take(cin)``: the next value of ``cin``; ``ENDED`` once it is closed and drained.

    ``ENDED`` is private to the library, so every value a user can write
    (``None`` and ``CLOSED`` included) comes through as itself. Only a close
    of ``cin`` itself becomes ``ENDED``: a ``ChannelClosed``
    of any other channel (and poison, of any channel) is raised as it
    would be by ``yield cin.read()``::

        while (value := (yield from take(cin))) is not ENDED:
            ...
        out.close()
    """
    try:
        return (yield cin.read())
    except ChannelClosed as closed:
        if closed.channel is not cin:
            raise
        return ENDED


def give(out: Channel, value: Any) -> Generator[Any, Any, bool]:
    """``ok = yield from give(out, value)``: write ``value`` to ``out``; ``False`` if ``out`` is closed.

    Then ``value`` is not delivered (it is dropped, as core.async drops it).
    Only a close of ``out`` itself gives ``False``: a ``ChannelClosed`` of
    any other channel (and poison, of any channel) is raised as it would be
    by ``yield out.write(value)``::

        if not (yield from give(out, f(value))):
            return  # `out` was closed by its reader: stop
    """
    try:
        yield out.write(value)
    except ChannelClosed as closed:
        if closed.channel is not out:
            raise
        return False
    return True


def check_channel(value: Any, what: str) -> Channel:
    """``value`` if it is a channel; else a TypeError saying what ``what`` must be."""
    if not isinstance(value, Channel):
        raise TypeError(f"{what} must be a Channel, not {value!r} ({type(value).__name__})")
    return value


def check_callable(value: Any, what: str) -> Callable[..., Any]:
    """``value`` if it is callable; else a TypeError saying what ``what`` must be."""
    if not callable(value):
        raise TypeError(f"{what} must be a function, not {value!r} ({type(value).__name__})")
    return value


def buffer_of(buf: Any, what: str) -> Any:
    """Check a ``buf`` argument (a size >= 0 or a buffer object) and return it for ``Channel(buf)``."""
    try:
        Channel(buf)
    except (TypeError, ValueError) as error:
        raise type(error)(f"{what}: {error}") from None
    return buf
