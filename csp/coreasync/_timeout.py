"""``timeout(s)``: a channel that closes after ``s`` seconds of reactor time."""

from __future__ import annotations

from typing import Any, Callable, Generator

from csp import Channel, Timer, process

from ._here import spawn_here

__all__ = ["timeout"]


@process
def _close_after(ch: Channel, seconds: float) -> Generator[Any, Any, None]:
    yield Timer().sleep(seconds)
    ch.close()


def timeout(seconds: float) -> Channel:
    """A channel that closes after ``seconds`` (core.async's ``timeout``; seconds, not ms).

    Nothing is ever written to it: reading it waits until the time is up,
    then raises ``ChannelClosed``; in :func:`alts` it gives ``(CLOSED, ch)``.
    The time is the reactor clock of the calling process (virtual time under
    ``csp.run(p, reactor=Clock())``); outside any process, the global
    reactor's::

        value, ch = yield from alts([replies, timeout(0.5)])
        if ch is not replies:
            print("no reply within 0.5 s")
    """
    return closing_channel(seconds, Channel, "timeout(0.5)")


def closing_channel(seconds: float, make: Callable[[], Channel], example: str) -> Channel:
    """A new channel ``make()`` that closes after ``seconds``, a number >= 0 (else the error says so).

    ``example`` is the call the error shows as right. The timer runs beside
    the caller (see ``_here``); twisted-csp's ``timeout`` is this with its
    own channel class::

        return closing_channel(seconds, Channel, "timeout(0.8)")
    """
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        raise TypeError(f"timeout({seconds!r}): give the delay in seconds, a number, e.g. {example}")
    if seconds < 0:
        raise ValueError(f"timeout({seconds}): a delay cannot be negative")
    ch = make()
    spawn_here(_close_after(ch, float(seconds)))
    return ch
