"""CSPm's built-in names: STOP, SKIP, DIV, CHAOS, the set and sequence functions, Int, Bool, Events.

>>> sorted(n for n in BUILTINS if n[0].islower())[:4]
['card', 'concat', 'diff', 'elem']
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any, Callable

from . import semantics as S
from .values import CSeq, show, sorted_values

if TYPE_CHECKING:
    from . import ast as A
    from .evaluator import Evaluator

__all__ = ["Builtin", "InfiniteSet", "BUILTINS", "EVENTS"]


class InfiniteSet:
    """A set CSPm can name but the checker cannot enumerate (``Int``, ``{0..}``): membership only."""

    __slots__ = ("name", "contains")

    def __init__(self, name: str, contains: Callable[[Any], bool]) -> None:
        self.name, self.contains = name, contains

    def __contains__(self, value: Any) -> bool:
        return self.contains(value)

    def __repr__(self) -> str:
        return self.name


class Builtin:
    """A built-in function of ``arity`` arguments."""

    __slots__ = ("name", "arity", "fn", "doc", "needs_ev")

    def __init__(
        self, name: str, arity: int, fn: Callable[..., Any], doc: str = "", needs_ev: bool = False
    ) -> None:
        self.name, self.arity, self.fn, self.doc, self.needs_ev = name, arity, fn, doc, needs_ev

    def __repr__(self) -> str:
        return f"<builtin {self.name}>"

    def call(self, ev: Evaluator, args: list[Any], node: A.Node) -> Any:
        if len(args) != self.arity:
            raise ev.error(
                f"{self.name} takes {self.arity} argument{'s' * (self.arity != 1)}, got {len(args)}", node
            )
        try:
            return self.fn(ev, *args) if self.needs_ev else self.fn(*args)
        except _Bad as bad:
            raise ev.error(f"{self.name}: {bad}", node) from None


class _Bad(Exception):
    pass


def _set(x: Any, what: str = "a set") -> frozenset:
    if not isinstance(x, frozenset):
        raise _Bad(f"expected {what}, got {show(x)}")
    return x


def _seq(x: Any) -> CSeq:
    if type(x) is not CSeq:
        raise _Bad(f"expected a sequence, got {show(x)}")
    return x


def _nonempty(x: Any) -> CSeq:
    s = _seq(x)
    if not s:
        raise _Bad("the sequence is empty")
    return s


def _member(x: Any, s: Any) -> bool:
    if isinstance(s, InfiniteSet):
        return x in s
    return x in _set(s)


def _chaos(events: Any) -> S.Term:
    return S.Chaos(_set(events, "a set of events"))


def _powerset(s: Any) -> frozenset:
    items = sorted_values(_set(s))
    if len(items) > 20:
        raise _Bad(f"Set of a set of {len(items)} elements is too large")
    return frozenset(frozenset(c) for r in range(len(items) + 1) for c in itertools.combinations(items, r))


def _inter_all(s: Any) -> frozenset:
    sets = [_set(x) for x in _set(s)]
    if not sets:
        raise _Bad("Inter of no sets")
    return frozenset.intersection(*sets)


def _productions(ev: Evaluator, x: Any) -> frozenset:
    return frozenset(ev.productions(x))


def _extensions(ev: Evaluator, x: Any) -> frozenset:
    from .values import is_dotted

    n = len(x) if is_dotted(x) else 1
    out = set()
    for e in ev.productions(x):
        rest = e[n:]
        out.add(rest[0] if len(rest) == 1 else rest)  # the fields after x
    return frozenset(out)


BUILTINS: dict[str, Any] = {
    "STOP": S.STOP,
    "SKIP": S.SKIP,
    "DIV": S.DIV,
    "CHAOS": Builtin("CHAOS", 1, _chaos, "CHAOS(A): may do or refuse any event of A"),
    "union": Builtin("union", 2, lambda a, b: _set(a) | _set(b)),
    "inter": Builtin("inter", 2, lambda a, b: _set(a) & _set(b)),
    "diff": Builtin("diff", 2, lambda a, b: _set(a) - _set(b)),
    "Union": Builtin("Union", 1, lambda s: frozenset().union(*(_set(x) for x in _set(s)))),
    "Inter": Builtin("Inter", 1, _inter_all),
    "member": Builtin("member", 2, _member),
    "card": Builtin("card", 1, lambda s: len(_set(s))),
    "empty": Builtin("empty", 1, lambda s: not _set(s)),
    "set": Builtin("set", 1, lambda s: frozenset(_seq(s))),
    "seq": Builtin("seq", 1, lambda s: CSeq(sorted_values(_set(s)))),
    "Set": Builtin("Set", 1, _powerset),
    "head": Builtin("head", 1, lambda s: _nonempty(s)[0]),
    "tail": Builtin("tail", 1, lambda s: _nonempty(s)[1:]),
    "concat": Builtin("concat", 1, lambda s: CSeq(x for part in _seq(s) for x in _seq(part))),
    "elem": Builtin("elem", 2, lambda x, s: x in _seq(s)),
    "length": Builtin("length", 1, lambda s: len(_seq(s))),
    "null": Builtin("null", 1, lambda s: not _seq(s)),
    "productions": Builtin("productions", 1, _productions, needs_ev=True),
    "extensions": Builtin("extensions", 1, _extensions, needs_ev=True),
    "Int": InfiniteSet("Int", lambda x: type(x) is int),
    "Bool": frozenset({False, True}),
}

EVENTS = "Events"
