"""Operational semantics: process terms and their transitions (Roscoe's firing rules).

A term is an immutable, hashable process state. ``term.transitions()`` is
the list of ``(event, successor)`` pairs, where ``event`` is a CSPm event
(a dotted tuple such as ``("a", 1)``), :data:`TAU` or :data:`TICK`; after
``TICK`` a process is :data:`OMEGA`, the terminated state. Recursion is
lazy: the continuation of a prefix is a :class:`Delayed` body that is
evaluated only when the prefix fires, so recursive definitions give finite
state spaces whenever their parameters range over finite values.

Termination is distributed, as in Roscoe's semantics: in a parallel
composition a component's ✓ becomes τ (the component is then Ω), and the
composition does ✓ once every component is Ω.

>>> a = ("a",)
>>> p = Menu(((a, SKIP),))
>>> [(show(e), t) for e, t in p.transitions()]
[('a', SKIP)]
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .values import TAU, TICK, show, sorted_values

__all__ = [
    "Term",
    "Delayed",
    "force",
    "STOP",
    "SKIP",
    "OMEGA",
    "DIV",
    "Chaos",
    "Menu",
    "ExtChoice",
    "IntChoice",
    "SeqComp",
    "Hide",
    "Rename",
    "Par",
    "AlphaPar",
    "Link",
    "Interrupt",
    "Timeout",
    "TAU",
    "TICK",
    "ext_choice",
    "par",
]

Transition = tuple[Any, "Term"]

MAX_DEPTH = 5000
"""How many operators one state may hold (its ``depth``, counting every nested operator) before the
process is taken to grow without bound."""


class Term:
    """A process state. Subclasses set ``_key`` (what makes two states the same) in ``__init__``."""

    __slots__ = ("_key", "_hash", "_trans", "depth")

    def _set(self, key: Any, *children: Any) -> None:
        self._key = key
        self._hash = hash((type(self).__name__, key))
        self._trans: list[Transition] | None = None
        self.depth = 1 + sum(getattr(c, "depth", 0) for c in children)
        if self.depth > MAX_DEPTH:
            from .errors import Undecidable

            raise Undecidable(
                "a process grows without bound: it recurses through an operator (like P = (a -> P) ||| Q "
                "or P = a -> (P ; Q)), so it has infinitely many states and cannot be checked"
            )

    def __eq__(self, other: object) -> bool:
        return self is other or (
            type(other) is type(self)
            and self._hash == other._hash  # type: ignore
            and self._key == other._key
        )  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return self._hash

    def transitions(self) -> list[Transition]:
        """Every ``(event, successor)`` this state can do (computed once)."""
        if self._trans is None:
            self._trans = self._compute()
        return self._trans

    def _compute(self) -> list[Transition]:  # pragma: no cover - every subclass has one
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.describe()

    def describe(self, depth: int = 3) -> str:
        """A short CSPm-like text for this state (for the debugger and DOT labels)."""
        return type(self).__name__


class Delayed:
    """A process expression not evaluated yet: a prefix's continuation, the right side of ``;``.

    ``key`` identifies it (the expression's node and the values of its free
    variables), so two delayed processes with the same key are the same state.
    """

    __slots__ = ("evaluate", "key", "label", "_hash", "memo")

    def __init__(
        self, evaluate: Callable[[], Term], key: Any, label: str = "...", memo: dict | None = None
    ) -> None:
        self.evaluate, self.key, self.label = evaluate, key, label
        self._hash = hash(key)
        self.memo = _FORCED if memo is None else memo

    def __eq__(self, other: object) -> bool:
        return self is other or (
            type(other) is Delayed and self._hash == other._hash and self.key == other.key
        )

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return self.label


_FORCED: dict[Delayed, Term] = {}
_FORCING: set[Delayed] = set()


def force(p: Term | Delayed) -> Term:
    """The term ``p`` stands for, evaluating a :class:`Delayed` once."""
    if type(p) is not Delayed:
        return p  # type: ignore[return-value]
    memo = p.memo
    t = memo.get(p)
    if t is None:
        if p in _FORCING:
            from .errors import CSPmEvalError

            raise CSPmEvalError(f"unguarded recursion: {p.label} needs its own value before any event")
        _FORCING.add(p)
        try:
            t = p.evaluate()
        finally:
            _FORCING.discard(p)
        if not isinstance(t, Term):
            from .errors import CSPmEvalError

            raise CSPmEvalError(f"{p.label} is {show(t)}, not a process")
        memo[p] = t
    return t


def clear_cache() -> None:
    """Forget every forced delayed process (a new script starts from nothing)."""
    _FORCED.clear()


class _Atom(Term):
    __slots__ = ("name", "_make")

    def __init__(self, name: str, trans: Callable[[], list[Transition]]) -> None:
        self.name = name
        self._set(name)
        self._make = trans

    def _compute(self) -> list[Transition]:
        return self._make()

    def describe(self, depth: int = 3) -> str:
        return self.name

    def __reduce__(self) -> Any:  # pragma: no cover - singletons
        return (_atom, (self.name,))


def _atom(name: str) -> Term:  # pragma: no cover
    return {"STOP": STOP, "SKIP": SKIP, "DIV": DIV, "Ω": OMEGA}[name]


STOP = _Atom("STOP", lambda: [])
OMEGA = _Atom("Ω", lambda: [])
SKIP = _Atom("SKIP", lambda: [(TICK, OMEGA)])
DIV = _Atom("DIV", lambda: [(TAU, DIV)])


class Chaos(Term):
    """``CHAOS(A)``: may do any event of A, or refuse anything, at any time; never diverges."""

    __slots__ = ("events",)

    def __init__(self, events: frozenset) -> None:
        self.events = events
        self._set(events)

    def _compute(self) -> list[Transition]:
        return [(TAU, STOP)] + [(e, self) for e in sorted_values(self.events)]

    def describe(self, depth: int = 3) -> str:
        return f"CHAOS({show(self.events)})"


class Menu(Term):
    """Prefix choice: ``a -> P [] b -> Q ...`` as a tuple of ``(event, continuation)``."""

    __slots__ = ("branches",)

    def __init__(self, branches: tuple) -> None:
        self.branches = branches
        self._set(branches)

    def _compute(self) -> list[Transition]:
        return [(e, force(c)) for e, c in self.branches]

    def describe(self, depth: int = 3) -> str:
        if not self.branches:
            return "STOP"
        parts = [
            f"{show(e)} -> {c.describe(depth - 1) if depth > 0 and isinstance(c, Term) else '...'}"
            for e, c in self.branches[:4]
        ]
        more = " [] ..." if len(self.branches) > 4 else ""
        return " [] ".join(parts) + more


def _replace(items: tuple, i: int, new: Any) -> tuple:
    return items[:i] + (new,) + items[i + 1 :]


class ExtChoice(Term):
    """``P [] Q [] ...``: the environment chooses by the first visible event; taus do not choose."""

    __slots__ = ("procs",)

    def __init__(self, procs: tuple) -> None:
        self.procs = procs
        self._set(procs, *procs)

    def _compute(self) -> list[Transition]:
        out: list[Transition] = []
        for i, p in enumerate(self.procs):
            for e, q in p.transitions():
                out.append((TAU, ext_choice(_replace(self.procs, i, q))) if e is TAU else (e, q))
        return out

    def describe(self, depth: int = 3) -> str:
        return " [] ".join(f"({p.describe(depth - 1)})" for p in self.procs) if depth > 0 else "[] ..."


def ext_choice(procs: Iterable[Term]) -> Term:
    """``[]`` of ``procs``: nested choices flattened, prefix menus merged, STOP for none."""
    flat: list[Term] = []
    for p in procs:
        flat.extend(p.procs if type(p) is ExtChoice else (p,))
    flat = [p for p in flat if p is not STOP]
    if not flat:
        return STOP
    if len(flat) > 1 and all(type(p) is Menu for p in flat):
        return Menu(tuple(b for p in flat for b in p.branches))  # type: ignore[attr-defined]
    return flat[0] if len(flat) == 1 else ExtChoice(tuple(flat))


class IntChoice(Term):
    """``P |~| Q |~| ...``: the process chooses, by a tau to one of them."""

    __slots__ = ("procs",)

    def __init__(self, procs: tuple) -> None:
        self.procs = procs
        self._set(procs)

    def _compute(self) -> list[Transition]:
        return [(TAU, force(p)) for p in self.procs]

    def describe(self, depth: int = 3) -> str:
        return (
            " |~| ".join(f"({force(p).describe(depth - 1)})" for p in self.procs) if depth > 0 else "|~| ..."
        )


class SeqComp(Term):
    """``P ; Q``: P's tick becomes a tau to Q."""

    __slots__ = ("first", "then")

    def __init__(self, first: Term, then: Term | Delayed) -> None:
        self.first, self.then = first, then
        self._set((first, then), first)

    def _compute(self) -> list[Transition]:
        return [
            (TAU, force(self.then)) if e is TICK else (e, SeqComp(q, self.then))
            for e, q in self.first.transitions()
        ]

    def describe(self, depth: int = 3) -> str:
        return f"{self.first.describe(depth - 1)} ; {self.then!r}"


class Hide(Term):
    """``P \\ A``: the events of A become taus."""

    __slots__ = ("proc", "hidden")

    def __init__(self, proc: Term, hidden: frozenset) -> None:
        self.proc, self.hidden = proc, hidden
        self._set((proc, hidden), proc)

    def _compute(self) -> list[Transition]:
        h = self.hidden
        return [
            (TICK, OMEGA) if e is TICK else (TAU if e in h else e, hide(q, h))
            for e, q in self.proc.transitions()
        ]

    def describe(self, depth: int = 3) -> str:
        return f"({self.proc.describe(depth - 1)}) \\ {show(self.hidden)}"


def hide(proc: Term, hidden: frozenset) -> Term:
    """``proc \\ hidden``, with nested hidings merged (so ``P = (a -> P) \\ {a}`` stays finite)."""
    if type(proc) is Hide:
        return Hide(proc.proc, proc.hidden | hidden)
    return Hide(proc, hidden)


class Rename(Term):
    """``P [[a <- b]]``: ``mapping`` sends an event to the tuple of its new names."""

    __slots__ = ("proc", "mapping", "_map")

    def __init__(self, proc: Term, mapping: tuple) -> None:
        self.proc, self.mapping = proc, mapping
        self._map = dict(mapping)
        self._set((proc, mapping), proc)

    def _compute(self) -> list[Transition]:
        out: list[Transition] = []
        m = self._map
        for e, q in self.proc.transitions():
            if e is TICK:
                out.append((TICK, OMEGA))
                continue
            nxt = Rename(q, self.mapping)
            for f in m.get(e, (e,)):
                out.append((f, nxt))
        return out

    def describe(self, depth: int = 3) -> str:
        return f"({self.proc.describe(depth - 1)})[[...]]"


def _combine(moves: list[list[tuple[int, Term]]], procs: tuple, make: Callable[[tuple], Term]) -> list[Term]:
    """Every way the components in ``moves`` (one list of (index, successor) per component) move together."""
    results = [procs]
    for options in moves:
        results = [_replace(r, i, q) for r in results for i, q in options]
    return [make(r) for r in results]


class Par(Term):
    """``P1 [| A |] P2 [| A |] ...``: every component takes part in the events of A; others interleave."""

    __slots__ = ("sync", "procs")

    def __init__(self, sync: frozenset, procs: tuple) -> None:
        self.sync, self.procs = sync, procs
        self._set((sync, procs), *procs)

    def _compute(self) -> list[Transition]:
        procs, sync = self.procs, self.sync
        if all(p is OMEGA for p in procs):
            return [(TICK, OMEGA)]
        out: list[Transition] = []
        shared: dict[Any, list[list[tuple[int, Term]]]] = {}
        for i, p in enumerate(procs):
            mine: dict[Any, list[tuple[int, Term]]] = {}
            for e, q in p.transitions():
                if e is TICK:
                    out.append((TAU, Par(sync, _replace(procs, i, OMEGA))))
                elif e is TAU or e not in sync:
                    out.append((e, Par(sync, _replace(procs, i, q))))
                else:
                    mine.setdefault(e, []).append((i, q))
            for e, moves in mine.items():
                shared.setdefault(e, []).append(moves)
        for e, moves in shared.items():
            if len(moves) == len(procs):
                out.extend((e, t) for t in _combine(moves, procs, lambda r: Par(sync, r)))
        return out

    def describe(self, depth: int = 3) -> str:
        op = " ||| " if not self.sync else f" [| {show(self.sync)} |] "
        return op.join(f"({p.describe(depth - 1)})" for p in self.procs) if depth > 0 else "||| ..."


def par(sync: frozenset, procs: Iterable[Term]) -> Term:
    """``[| sync |]`` of ``procs`` (``|||`` when ``sync`` is empty); same-set nestings flattened."""
    flat: list[Term] = []
    for p in procs:
        flat.extend(p.procs if type(p) is Par and p.sync == sync else (p,))
    if not flat:
        return SKIP
    return flat[0] if len(flat) == 1 else Par(sync, tuple(flat))


class AlphaPar(Term):
    """``P [A || B] Q`` and ``|| i:S @ [A(i)] P(i)``: each component may only do events of its alphabet,
    and every component whose alphabet holds an event takes part in it."""

    __slots__ = ("procs", "alphas")

    def __init__(self, procs: tuple, alphas: tuple) -> None:
        self.procs, self.alphas = procs, alphas
        self._set((procs, alphas), *procs)

    def _compute(self) -> list[Transition]:
        procs, alphas = self.procs, self.alphas
        if all(p is OMEGA for p in procs):
            return [(TICK, OMEGA)]
        out: list[Transition] = []
        offers: dict[Any, dict[int, list[tuple[int, Term]]]] = {}
        for i, p in enumerate(procs):
            for e, q in p.transitions():
                if e is TICK:
                    out.append((TAU, AlphaPar(_replace(procs, i, OMEGA), alphas)))
                elif e is TAU:
                    out.append((TAU, AlphaPar(_replace(procs, i, q), alphas)))
                elif e in alphas[i]:
                    offers.setdefault(e, {}).setdefault(i, []).append((i, q))
        for e, by in offers.items():
            need = [i for i, a in enumerate(alphas) if e in a]
            if len(by) == len(need):
                out.extend(
                    (e, t) for t in _combine([by[i] for i in need], procs, lambda r: AlphaPar(r, alphas))
                )
        return out

    def describe(self, depth: int = 3) -> str:
        return " || ".join(f"({p.describe(depth - 1)})" for p in self.procs) if depth > 0 else "|| ..."


class Link(Term):
    """``P [a <-> b] Q``: P's a and Q's b happen together, as a tau; neither does them alone."""

    __slots__ = ("left", "right", "pairs", "_dom", "_ran")

    def __init__(self, left: Term, right: Term, pairs: frozenset) -> None:
        self.left, self.right, self.pairs = left, right, pairs
        self._dom = {a for a, _ in pairs}
        self._ran = {b for _, b in pairs}
        self._set((left, right, pairs), left, right)

    def _compute(self) -> list[Transition]:
        left, right, pairs = self.left, self.right, self.pairs
        if left is OMEGA and right is OMEGA:
            return [(TICK, OMEGA)]
        out: list[Transition] = []
        lt, rt = left.transitions(), right.transitions()
        for e, q in lt:
            if e is TICK:
                out.append((TAU, Link(OMEGA, right, pairs)))
            elif e is TAU or e not in self._dom:
                out.append((e, Link(q, right, pairs)))
        for e, q in rt:
            if e is TICK:
                out.append((TAU, Link(left, OMEGA, pairs)))
            elif e is TAU or e not in self._ran:
                out.append((e, Link(left, q, pairs)))
        for a, p2 in lt:
            if a in self._dom:
                for b, q2 in rt:
                    if (a, b) in pairs:
                        out.append((TAU, Link(p2, q2, pairs)))
        return out

    def describe(self, depth: int = 3) -> str:
        return f"({self.left.describe(depth - 1)}) [<->] ({self.right.describe(depth - 1)})"


class Interrupt(Term):
    """``P /\\ Q``: P runs until Q does a visible event, which takes over."""

    __slots__ = ("proc", "handler")

    def __init__(self, proc: Term, handler: Term) -> None:
        self.proc, self.handler = proc, handler
        self._set((proc, handler), proc, handler)

    def _compute(self) -> list[Transition]:
        out: list[Transition] = []
        for e, q in self.proc.transitions():
            out.append((TICK, OMEGA) if e is TICK else (e, Interrupt(q, self.handler)))
        for e, q in self.handler.transitions():
            out.append((TAU, Interrupt(self.proc, q)) if e is TAU else (e, q))
        return out

    def describe(self, depth: int = 3) -> str:
        return f"({self.proc.describe(depth - 1)}) /\\ ({self.handler.describe(depth - 1)})"


class Timeout(Term):
    """``P [> Q``: P may act, but a tau may hand over to Q at any time (sliding choice)."""

    __slots__ = ("proc", "fallback")

    def __init__(self, proc: Term, fallback: Term | Delayed) -> None:
        self.proc, self.fallback = proc, fallback
        self._set((proc, fallback), proc)

    def _compute(self) -> list[Transition]:
        out: list[Transition] = [
            (TAU, Timeout(q, self.fallback)) if e is TAU else (e, q) for e, q in self.proc.transitions()
        ]
        out.append((TAU, force(self.fallback)))
        return out

    def describe(self, depth: int = 3) -> str:
        return f"({self.proc.describe(depth - 1)}) [> {self.fallback!r}"
