"""CSPm values: events, dotted values, sequences, tuples, sets, and how they print.

A *dotted value* (an event such as ``picks.0.1`` or a datatype value such
as ``A.3``) is a plain Python tuple whose first item is the name (a ``str``)
of its channel or constructor: ``("picks", 0, 1)``. Dotting flattens, so
``c.(A.1)`` and ``c.A.1`` are the same tuple ``("c", "A", 1)``; a value that
is only a name (a channel without data, a constructor without fields) is a
1-tuple ``("c",)``. Sequences are :class:`CSeq`, CSPm tuples :class:`CTuple`
(both tuples that only equal their own kind), sets are ``frozenset``.

>>> show(("picks", 0, 1)), show(CSeq((1, 2))), show(frozenset({2, 1}))
('picks.0.1', '<1, 2>', '{1, 2}')
"""

from __future__ import annotations

from typing import Any, Iterable

__all__ = [
    "CSeq",
    "CTuple",
    "TAU",
    "TICK",
    "Special",
    "dot",
    "fields",
    "show",
    "show_event",
    "sort_key",
    "sorted_values",
    "is_dotted",
]


class Special:
    """One of the two events that are not in Sigma: tau (hidden) and tick (termination)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self) -> Any:
        return (_special, (self.name,))


def _special(name: str) -> Special:
    return TAU if name == "tau" else TICK


TAU = Special("tau")
TICK = Special("tick")


class CSeq(tuple):
    """A CSPm sequence ``<a, b>``: equal only to another sequence."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is CSeq and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(("<seq>", tuple(self)))

    def __add__(self, other: Any) -> CSeq:  # concatenation keeps the type
        return CSeq(tuple.__add__(self, other))

    def __getitem__(self, index: Any) -> Any:
        item = tuple.__getitem__(self, index)
        return CSeq(item) if isinstance(index, slice) else item


class CTuple(tuple):
    """A CSPm tuple ``(a, b)``: equal only to another tuple."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is CTuple and tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(("<tuple>", tuple(self)))


def is_dotted(value: Any) -> bool:
    """True for an event or datatype value (a plain tuple headed by a name)."""
    return type(value) is tuple and bool(value) and type(value[0]) is str


def fields(value: Any) -> tuple:
    """The flat components of ``value``: a dotted value's own items, anything else alone."""
    return value if is_dotted(value) else (value,)


def dot(left: Any, right: Any) -> Any:
    """``left.right``, flattened: ``dot(("c", 1), ("A", 2)) == ("c", 1, "A", 2)``."""
    if not is_dotted(left):
        raise TypeError(
            f"cannot dot {show(left)} with {show(right)}: the left side is not a channel or a datatype value"
        )
    return left + fields(right)


def show(value: Any) -> str:
    """How CSPm writes ``value``."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Special):
        return value.name
    t = type(value)
    if t is tuple:
        if value and type(value[0]) is str:
            return ".".join(v if type(v) is str else _show_field(v) for v in value)
        return "(" + ", ".join(show(v) for v in value) + ")"
    if t is CSeq:
        return "<" + ", ".join(show(v) for v in value) + ">"
    if t is CTuple:
        return "(" + ", ".join(show(v) for v in value) + ")"
    if t is frozenset or t is set:
        return "{" + ", ".join(show(v) for v in sorted_values(value)) + "}"
    return str(value) if t is int else repr(value)


def _show_field(value: Any) -> str:
    text = show(value)
    return f"({text})" if type(value) is int and value < 0 else text


def show_event(event: Any) -> str:
    """An event as the checker prints it (``tau``, ``tick``, ``c.1``)."""
    return show(event)


_RANK = {bool: 0, int: 1, tuple: 2, CTuple: 3, CSeq: 4, frozenset: 5, str: 6}


def sort_key(value: Any) -> Any:
    """A total order on values, so that sets print and iterate the same way every run."""
    t = type(value)
    rank = _RANK.get(t, 7)
    if t is bool or t is int or t is str:
        return (rank, value)
    if t is tuple or t is CTuple or t is CSeq:
        return (rank, len(value), tuple(sort_key(v) for v in value))
    if t is frozenset:
        return (rank, len(value), tuple(sorted(sort_key(v) for v in value)))
    if isinstance(value, Special):
        return (-1, value.name)
    return (rank, repr(value))


def sorted_values(values: Iterable[Any]) -> list[Any]:
    """``values`` in :func:`sort_key` order."""
    return sorted(values, key=sort_key)
