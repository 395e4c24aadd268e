"""Conformance: is a recorded trace a trace of the spec (``check_trace``), and an online
:class:`Monitor` that raises :class:`TraceViolation` at the first event the spec forbids.

Events are written as CSPm writes them, ``"c.3"`` or ``"picks.0.1"``, or as
tuples ``("c", 3)``; a monitor is fed ``monitor.event("c", 3)``.

>>> from csp.algebra.cspm import parse
>>> spec = parse("channel c : {0..3}\\nSPEC = c?x -> c!x -> SPEC").process("SPEC")
>>> bool(check_trace(spec, ["c.1", "c.1", "c.2"]))
True
>>> r = check_trace(spec, ["c.1", "c.2"])
>>> r.position, r.event, r.allowed
(1, 'c.2', ['c.1'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from csp._errors import CSPError

from .lts import Network, compile_network
from .normal import Normaliser
from .semantics import Term
from .values import TICK, CTuple, show, sorted_values

__all__ = ["check_trace", "TraceCheck", "Monitor", "TraceViolation", "to_event"]

_NO_VALUE = object()


def _field(part: str) -> Any:
    if part.lstrip("-").isdigit():
        return int(part)
    if part in ("true", "false"):
        return part == "true"
    return part


def to_event(event: Any, value: Any = _NO_VALUE) -> tuple:
    """A CSPm event from ``"c.3"``, ``("c", 3)``, or a channel name and a value.

    A value that is a Python tuple gives several fields (``("picks", (0, 1))`` is
    ``picks.0.1``); write a :class:`~.values.CTuple` for a CSPm tuple.
    """
    if isinstance(event, str):
        head = tuple(_field(p) for p in event.split(".")) if value is _NO_VALUE else (event,)
    elif type(event) is tuple and event and isinstance(event[0], str):
        head = tuple(event)
    else:
        raise TypeError(f"an event is a string like 'c.3' or a tuple like ('c', 3), not {event!r}")
    if value is not _NO_VALUE:
        head += _fields(value)
    return head


def _fields(value: Any) -> tuple:
    if type(value) is tuple:
        return tuple(x for v in value for x in _fields(v))
    if isinstance(value, (bool, int, str, CTuple, frozenset)):
        return (value,)
    raise TypeError(f"{value!r} cannot be a CSPm value: use ints, booleans, names (str) or tuples of them")


@dataclass
class TraceCheck:
    """The outcome of :func:`check_trace`: true when the whole trace is allowed.

    Otherwise ``position`` is the index of the first refused event, ``event``
    that event and ``allowed`` what the spec would have accepted there.
    """

    ok: bool
    length: int
    position: int | None = None
    event: str | None = None
    allowed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.ok

    def __str__(self) -> str:
        if self.ok:
            return f"the trace of {self.length} events is a trace of the spec"
        return (
            f"event {self.position + 1} of {self.length}, {self.event}, is not allowed by the spec; "  # type: ignore
            f"it allows {{{', '.join(self.allowed)}}} there"
        )


def _normal(spec: Term | Network | Normaliser) -> Normaliser:
    if isinstance(spec, Normaliser):
        return spec
    return Normaliser(spec if isinstance(spec, Network) else compile_network(spec))


def _allowed(norm: Normaliser, node: int) -> list[str]:
    return [show(e) for e in sorted_values(norm.initials(node)) if e is not TICK]


def check_trace(spec: Term | Network, trace: Iterable[Any]) -> TraceCheck:
    """Whether ``trace`` (events like ``"c.3"`` or ``("c", 3)``) is a trace of ``spec``.

    >>> from csp.algebra.cspm import parse
    >>> check_trace(parse("channel a\\nP = a -> STOP").process("P"), ["a", "a"]).allowed
    []
    """
    norm = _normal(spec)
    events = [to_event(e) for e in trace]
    node = norm.initial
    for i, e in enumerate(events):
        nxt = norm.after(node, e)
        if nxt is None:
            return TraceCheck(False, len(events), i, show(e), _allowed(norm, node))
        node = nxt
    return TraceCheck(True, len(events))


class TraceViolation(CSPError):
    """A running network did an event its spec forbids: ``trace`` before it, ``event``, ``allowed``."""

    def __init__(self, trace: list[str], event: str, allowed: list[str]) -> None:
        self.trace, self.event, self.allowed = trace, event, allowed
        super().__init__(
            f"the network did {event} after <{', '.join(trace)}>, but the spec only allows "
            f"{{{', '.join(allowed)}}} there"
        )


class Monitor:
    """Follows a running network's events and raises :class:`TraceViolation` at the first one the
    spec does not allow (the event is then not recorded, and the monitor stays where it was).

    >>> from csp.algebra.cspm import parse
    >>> m = Monitor(parse("channel c : {0..1}\\nS = c.0 -> c.1 -> S").process("S"))
    >>> m.event("c", 0); m.allowed
    ['c.1']
    >>> m.event("c", 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    csp.algebra.cspm.monitor.TraceViolation: the network did c.0 after <c.0>, but the spec only allows ...
    """

    def __init__(self, spec: Term | Network) -> None:
        self._norm = _normal(spec)
        self._node = self._norm.initial
        self.trace: list[str] = []

    @property
    def allowed(self) -> list[str]:
        """The events the spec allows next."""
        return _allowed(self._norm, self._node)

    def event(self, name: Any, value: Any = _NO_VALUE) -> None:
        """The network did ``name.value`` (``name`` alone for a channel without data, or ``"c.3"``)."""
        e = to_event(name, value)
        nxt = self._norm.after(self._node, e)
        if nxt is None:
            raise TraceViolation(list(self.trace), show(e), self.allowed)
        self._node = nxt
        self.trace.append(show(e))

    def reset(self) -> None:
        """Start again from the spec's initial state."""
        self._node = self._norm.initial
        self.trace = []
