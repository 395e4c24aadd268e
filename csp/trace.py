"""Record what a running network communicates, as CSPm events ``channel.value``; or check it as it runs.

Every communication on a channel passes through the channel's own read and
write operations (the rendezvous lives there, for plain reads and writes,
choices and Twisted code's ``put``/``get`` alike). While a ``with`` block of
this module runs, the channels it watches use recording operations instead:
each value handed from a writer to a reader is reported once, at the moment
it passes, as ``"name.value"`` with the name the channel was given. Nothing
is changed, and nothing costs anything, for channels that are not watched::

    net = Par(philosopher(...), fork(...), butler(...))
    with csp.trace.record(net) as events:       # every named channel of the network
        net.start()
    check_trace(spec, events)                    # csp.algebra.cspm.check_trace

    with csp.trace.monitor(Monitor(spec), net):
        net.start()              # a forbidden event raises TraceViolation before it happens

What is watched: the channels given, and the named channels among the
arguments of the processes given (looked for through terms, lists, tuples
and dicts). A value is reported when it reaches a reader, so a buffered
channel reports its values as they are read. The event of a value is the
channel's name followed by the value's fields: a tuple gives one field per
item, ``None`` gives the bare name (CSPm's ``c``), ``True``/``False`` give
``true``/``false``.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from ._channel import POISONED, Channel, _Read, _Write
from ._kernel import Task

__all__ = ["record", "monitor", "event_name", "watched_channels"]

Report = Callable[[Channel, Any], None]


def event_name(channel: Channel, value: Any) -> str:
    """The CSPm event for ``value`` on ``channel``: ``"c.3"``, ``"picks.0.1"`` (a tuple), ``"c"`` (None).

    >>> event_name(Channel(name="picks"), (0, 1))
    'picks.0.1'
    """
    if value is None:
        return channel.name
    parts = value if type(value) is tuple else (value,)
    fields = [("true" if p else "false") if isinstance(p, bool) else str(p) for p in parts]
    return ".".join([channel.name, *fields])


class _RecRead(_Read):
    """A read that reports the value it takes, before taking it (a veto raises with nothing done)."""

    __slots__ = ("report",)

    def __init__(self, ch: Channel, report: Report) -> None:
        super().__init__(ch)
        self.report = report

    def _perform(self, task: Task) -> Any:
        ch = self.ch
        if ch._shut != POISONED:
            if ch._buf:
                self.report(ch, ch._buf[0])
            elif ch._writer is not None:
                self.report(ch, ch._writer.val)
        return _Read._perform(self, task)

    def _repark(self, task: Task) -> Any:
        return self._perform(task)


class _RecWrite(_Write):
    """A write that reports its value when it hands it straight to a waiting reader."""

    __slots__ = ("report",)

    def __init__(self, ch: Channel, report: Report | None = None) -> None:
        super().__init__(ch)
        self.report = report if report is not None else _report_of(ch)

    def _perform(self, task: Task) -> Any:
        ch = self.ch
        if self.armed and ch._reader is not None:  # otherwise it reaches a reader later, who reports it
            self.report(ch, self.value)
        return _Write._perform(self, task)


def _report_of(ch: Channel) -> Report:
    wr = ch._wr
    return wr.report if isinstance(wr, _RecWrite) else _ignore


def _ignore(_ch: Channel, _value: Any) -> None:
    pass


def watched_channels(*targets: Any) -> list[Channel]:
    """The channels among ``targets``: channels, and the named channels a process or term is given."""
    found: dict[int, Channel] = {}
    stack = list(targets)
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Channel):
            if item._name is not None or any(t is item for t in targets):
                found[id(item)] = item
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif hasattr(item, "_make_body"):  # a process or term: its arguments
            stack.extend(getattr(item, "_args", ()))
            stack.extend((getattr(item, "_kwargs", None) or {}).values())
    return list(found.values())


@contextlib.contextmanager
def _tap(targets: tuple[Any, ...], report: Report) -> Iterator[list[Channel]]:
    channels = watched_channels(*targets)
    if not channels:
        raise TypeError(
            "record() and monitor() watch channels: give the channels (record(c1, c2)) or the network "
            "(record(net), whose named channels are watched); found none in "
            f"{', '.join(repr(t) for t in targets) or 'nothing'}"
        )
    saved = []
    for ch in channels:
        if isinstance(ch._rd, _RecRead):
            raise RuntimeError(f"{ch!r} is watched already: record and monitor cannot nest on one channel")
        saved.append((ch, ch._rd, ch._wr))
        ch._rd, ch._wr = _RecRead(ch, report), _RecWrite(ch, report)
    try:
        yield channels
    finally:
        for ch, rd, wr in saved:
            ch._rd, ch._wr = rd, wr


@contextlib.contextmanager
def record(*targets: Any) -> Iterator[list[str]]:
    """Record every communication on the watched channels while the block runs, into the list it gives.

    >>> from csp import Channel, Par, process
    >>> c = Channel(name="c")
    >>> @process
    ... def send(c):
    ...     yield c.write(1); yield c.write((2, 3))
    >>> @process
    ... def recv(c):
    ...     yield c.read(); yield c.read()
    >>> net = Par(send(c), recv(c))
    >>> with record(net) as events:
    ...     _ = net.start()
    >>> events
    ['c.1', 'c.2.3']
    """
    events: list[str] = []
    with _tap(targets, lambda ch, v: events.append(event_name(ch, v))):
        yield events


@contextlib.contextmanager
def monitor(checker: Any, *targets: Any) -> Iterator[Any]:
    """Check every communication on the watched channels with ``checker`` as it is about to happen.

    ``checker.event(name)`` (a ``csp.algebra.cspm.Monitor``) is called before
    each value passes; if it raises (``TraceViolation``), the value does not
    pass and the process that tried it gets the error, so the network stops
    at the first forbidden event with the trace so far in the error.
    """
    with _tap(targets, lambda ch, v: checker.event(event_name(ch, v))):
        yield checker

