"""Record what a running network communicates, as CSPm events ``channel.value``.

This is a minimal recorder that works on the channels you name, without a
hook in the scheduler: while the ``with`` block runs, each given channel
reports every rendezvous (``yield c.write(x)`` meeting ``yield c.read()``)
at the moment it happens, as ``"name.value"`` with the channel's own name::

    sits, getsup = Channel(name="sits"), Channel(name="getsup")
    with csp.trace.record(sits, getsup) as events:
        Par(...).start()
    check_trace(spec, events)           # csp.algebra.cspm.check_trace

    with csp.trace.monitor(Monitor(spec), sits, getsup):
        Par(...).start()                # raises TraceViolation at a forbidden event

Limits of this version (a scheduler-level hook will lift them): only plain
reads and writes of unbuffered channels are seen; a choice (``Alt``) that
commits on a recorded channel is not recorded, so record channels that are
used by plain reads and writes.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from ._channel import PARKED, Channel, _Read, _Write, made, note_made

__all__ = ["record", "monitor", "event_name"]


def event_name(channel: Channel, value: Any) -> str:
    """The CSPm event for ``value`` on ``channel``: ``"c.3"``, ``"picks.0.1"`` (a tuple), ``"c"`` (None)."""
    if value is None:
        return channel.name
    parts = value if type(value) is tuple else (value,)
    return ".".join(
        [channel.name] + [("true" if p else "false") if isinstance(p, bool) else str(p) for p in parts]
    )


class _RecRead(_Read):
    __slots__ = ("report",)

    def _perform(self, task: Any) -> Any:
        ch = self.ch
        meets = ch._writer is not None and not ch._buf and not ch._poisoned
        if meets:
            self.report(ch, ch._writer.val)  # may raise: then nothing has happened yet
        return _Read._perform(self, task)

    _repark = _perform


class _RecWrite(_Write):
    __slots__ = ("report",)

    def _perform(self, task: Any) -> Any:
        ch = self.ch
        if self.armed and ch._reader is not None and not ch._poisoned:
            self.report(ch, self.value)
        return _Write._perform(self, task)


class _Recorded(Channel):
    __slots__ = ()

    def write(self, value: Any) -> _Write:
        op = self._wr
        if op.armed:
            op = _RecWrite(self)
            op.report = self._wr.report  # type: ignore[attr-defined]
        op.value, op.armed = value, True
        if made[0] is None:
            made[0] = op
        else:
            note_made(op)
        return op


@contextlib.contextmanager
def _tap(channels: tuple[Channel, ...], report: Callable[[Channel, Any], None]) -> Iterator[None]:
    if not channels:
        raise TypeError(
            "name the channels to record: record(c1, c2, ...) (this recorder wraps the channels you give it)"
        )
    saved = []
    for ch in channels:
        if type(ch) is not Channel:
            raise TypeError(f"{ch!r} is not a plain Channel (or is recorded already)")
        if ch.buffer:
            raise ValueError(f"{ch!r} is buffered: only rendezvous channels can be recorded as CSP events")
        saved.append((ch, ch._rd, ch._wr))
        rd, wr = _RecRead(ch), _RecWrite(ch)
        rd.report = wr.report = report  # type: ignore[attr-defined]
        ch.__class__ = _Recorded
        ch._rd, ch._wr = rd, wr
    try:
        yield
    finally:
        for ch, rd, wr in saved:
            ch.__class__ = Channel
            ch._rd, ch._wr = rd, wr


@contextlib.contextmanager
def record(*channels: Channel) -> Iterator[list[str]]:
    """Record every communication on ``channels`` while the block runs, into the list it gives.

    >>> from csp import Channel, Par, process
    >>> c = Channel(name="c")
    >>> @process
    ... def send(c):
    ...     yield c.write(1); yield c.write((2, 3))
    >>> @process
    ... def recv(c):
    ...     yield c.read(); yield c.read()
    >>> with record(c) as events:
    ...     _ = Par(send(c), recv(c)).start()
    >>> events
    ['c.1', 'c.2.3']
    """
    events: list[str] = []
    with _tap(channels, lambda ch, v: events.append(event_name(ch, v))):
        yield events


@contextlib.contextmanager
def monitor(checker: Any, *channels: Channel) -> Iterator[Any]:
    """Feed every communication on ``channels`` to ``checker.event(name)`` (a cspm ``Monitor``) as it
    happens; an exception it raises (``TraceViolation``) stops the process that tried the event."""
    with _tap(channels, lambda ch, v: checker.event(event_name(ch, v))):
        yield checker


_ = PARKED
