"""Normalisation: the spec's LTS made deterministic, one node per trace, built lazily.

A node is a set of LTS states closed under tau (the states the process may
be in after some trace). Each node knows its visible initials, its minimal
acceptances (the initials of its stable states, keeping only the minimal
ones) and whether it is divergent (its tau graph has a cycle). This is the
subset construction FDR performs on the specification of a refinement.

>>> from csp.algebra.cspm import parse
>>> from csp.algebra.cspm.lts import compile_network
>>> s = parse("channel a, b\\nP = a -> STOP |~| a -> b -> STOP").process("P")
>>> norm = Normaliser(compile_network(s))
>>> n = norm.after(norm.initial, ("a",))
>>> norm.acceptances(n)   # minimal: STOP's empty acceptance is below {b}
[frozenset()]
>>> sorted(norm.initials(n))
[('b',)]
"""

from __future__ import annotations

from collections import deque
from typing import Any

from .errors import Undecidable
from .lts import STATE_LIMIT, Network
from .values import TAU

__all__ = ["Normaliser", "divergent_in"]


def divergent_in(states: set | frozenset, tau_succ: Any) -> bool:
    """True if the tau edges among ``states`` (closed under tau) contain a cycle."""
    indeg = dict.fromkeys(states, 0)
    edges = {s: tau_succ(s) for s in states}
    for s in states:
        for t in edges[s]:
            indeg[t] += 1
    queue = deque(s for s, d in indeg.items() if d == 0)
    removed = 0
    while queue:
        s = queue.popleft()
        removed += 1
        for t in edges[s]:
            indeg[t] -= 1
            if indeg[t] == 0:
                queue.append(t)
    return removed < len(states)


class Normaliser:
    """The normal form of ``lts`` (a :class:`~.lts.Network`), computed node by node on demand."""

    def __init__(self, lts: Network, limit: int = STATE_LIMIT) -> None:
        self.lts = lts
        self.limit = limit
        self.nodes: list[frozenset] = []
        self._index: dict[frozenset, int] = {}
        self._after: list[dict[Any, list]] = []
        self._acc: list[list[frozenset] | None] = []
        self._div: list[bool | None] = []
        self._succ_cache: dict[Any, list] = {}
        self.initial = self._node(self._closure({lts.initial}))

    def _succ(self, s: Any) -> list:
        c = self._succ_cache.get(s)
        if c is None:
            c = self._succ_cache[s] = self.lts.successors(s)
            if len(self._succ_cache) > self.limit:
                raise Undecidable(f"the specification has more than {self.limit:,} states")
        return c

    def _tau(self, s: Any) -> list:
        return [t for e, t, _ in self._succ(s) if e is TAU]

    def _closure(self, states: set) -> frozenset:
        seen = set(states)
        stack = list(states)
        while stack:
            for t in self._tau(stack.pop()):
                if t not in seen:
                    seen.add(t)
                    stack.append(t)
        return frozenset(seen)

    def _node(self, states: frozenset) -> int:
        i = self._index.get(states)
        if i is None:
            i = self._index[states] = len(self.nodes)
            self.nodes.append(states)
            self._after.append({})
            self._acc.append(None)
            self._div.append(None)
            moves: dict[Any, set] = {}
            for s in states:
                for e, t, _ in self._succ(s):
                    if e is not TAU:
                        moves.setdefault(e, set()).add(t)
            self._after[i] = moves  # type: ignore[assignment]  # closed lazily in after()
        return i

    def after(self, node: int, event: Any) -> int | None:
        """The node reached from ``node`` by ``event``, or None if the spec cannot do it there."""
        moves = self._after[node]
        target = moves.get(event)
        if target is None:
            return None
        if isinstance(target, int):
            return target
        j = self._node(self._closure(target))
        moves[event] = j
        return j

    def initials(self, node: int) -> set:
        """The visible events (and ✓) the spec can do after the node's trace."""
        return set(self._after[node])

    def acceptances(self, node: int) -> list[frozenset]:
        """The minimal acceptances: the initials of the node's stable states, only the minimal ones."""
        acc = self._acc[node]
        if acc is None:
            found = set()
            for s in self.nodes[node]:
                succ = self._succ(s)
                if all(e is not TAU for e, _, _ in succ):
                    found.add(frozenset(e for e, _, _ in succ))
            acc = [a for a in found if not any(b < a for b in found)]
            acc.sort(key=len)
            self._acc[node] = acc
        return acc

    def divergent(self, node: int) -> bool:
        """True if the process may diverge (do hidden events for ever) after the node's trace."""
        d = self._div[node]
        if d is None:
            d = self._div[node] = divergent_in(self.nodes[node], self._tau)
        return d
