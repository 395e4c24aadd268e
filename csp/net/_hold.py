"""Putting a value back at the head of a channel (a remote read offer that was withdrawn)."""

from __future__ import annotations

from typing import Any

from twisted.logger import Logger

from .._channel import POISONED, Channel
from .._external import External

__all__ = ["put_back"]

log = Logger(namespace="csp.net")


def put_back(ch: Channel, value: Any) -> None:
    """Make ``value`` the next value read from ``ch``, as if it had never been taken.

    A remote read takes a value from the host's channel on behalf of a
    remote reader and holds it until that reader commits; if it withdraws
    instead (its ``Alt`` chose another guard, it was cancelled), the value
    goes back here. A reader waiting gets it now; otherwise it goes first
    into the buffer (the newest buffered value then waits as a parked
    writer, so the bound holds) or first among the parked writers. On a
    poisoned channel it is discarded, as poison discards buffered values.
    """
    if ch._shut == POISONED:
        log.info("csp.net: a value put back into poisoned {ch} was discarded", ch=ch)
        return
    if ch._reader is not None:  # a reader waits: nothing is buffered or parked, so it is next
        d = External().run(type(ch._wr)._armed(ch, value))
        d.addErrback(_discarded, ch)
        return
    if ch._size:
        buf = ch._buf
        buf.appendleft(value)
        if len(buf) <= ch._size:
            return
        value = buf.pop()  # over the bound by one: the newest waits as the first parked writer
    entry = External()
    entry.val = value
    entry.d.addErrback(_discarded, ch)
    if ch._writer is not None:
        ch._wqueue = [ch._writer, *ch._wqueue]
    ch._writer = entry


def _discarded(failure: Any, ch: Channel) -> None:
    log.info("csp.net: a value put back into {ch} was discarded: {why}", ch=ch, why=failure.value)
