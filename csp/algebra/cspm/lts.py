"""Labelled transition systems: explicit leaf LTSs and the network (supercombinator) over them.

A process term whose top is made of parallel compositions, hiding,
renaming and link parallel is compiled, the way FDR compiles it, into a
:class:`Network`: each *leaf* (a sequential part, such as one philosopher)
is explored once into a :class:`LeafLTS` with integer states, and the
operators above the leaves become *rules*: "leaf 3 does picks.3.3 and leaf 4
does picks.3.3, and the network does picks.3.3". A state of the network is
a tuple of leaf states; its transitions are the rules whose parts are all
enabled. The same rules drive the vectorised engine (:mod:`.fast`).

>>> from csp.algebra.cspm import parse
>>> net = compile_network(parse("channel a, b\\nQ = a -> b -> Q\\nP = Q ||| b -> STOP").process("P"))
>>> len(net.leaves), sorted(show(e) for e, _, _ in net.successors(net.initial))
(2, ['a', 'b'])
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterator

from . import semantics as S
from .errors import Undecidable
from .values import TAU, TICK, show

__all__ = ["LeafLTS", "Rule", "Network", "compile_network", "DONE", "STATE_LIMIT"]

STATE_LIMIT = 20_000_000
"""The most states one leaf, or one check, may explore before the checker gives up (undecidable)."""

DONE = ()
"""The network's state after it has terminated (done ✓)."""


class LeafLTS:
    """An explicit LTS: ``terms[i]`` is state ``i``, ``succ[i]`` maps each event to its successor states."""

    def __init__(self, root: S.Term, limit: int = STATE_LIMIT) -> None:
        self.terms: list[S.Term] = [root]
        index: dict[S.Term, int] = {root: 0}
        self.succ: list[dict[Any, list[int]]] = []
        self.omega: int | None = None
        queue = deque([root])
        while queue:
            term = queue.popleft()
            moves: dict[Any, list[int]] = {}
            for e, t in term.transitions():
                j = index.get(t)
                if j is None:
                    j = index[t] = len(self.terms)
                    if j >= limit:
                        raise Undecidable(
                            f"a sequential process has more than {limit:,} states (is a "
                            "parameter unbounded?): cannot check it"
                        )
                    self.terms.append(t)
                    queue.append(t)
                moves.setdefault(e, []).append(j)
            self.succ.append(moves)
        if S.OMEGA in index:
            self.omega = index[S.OMEGA]
        self.alphabet = {e for moves in self.succ for e in moves}

    def __len__(self) -> int:
        return len(self.terms)


@dataclass(frozen=True)
class Rule:
    """A network transition: every ``(leaf, event)`` of ``parts`` happens together, seen as ``out``."""

    parts: tuple[tuple[int, Any], ...]
    out: Any


_OPS = (S.Par, S.AlphaPar, S.Hide, S.Rename, S.Link)


class Network:
    """Leaves and rules; states are tuples of leaf states (:data:`DONE` after the network's ✓)."""

    def __init__(self, root: S.Term, limit: int = STATE_LIMIT, labels: dict | None = None) -> None:
        self.root = root
        self.labels = labels or {}
        self.leaves: list[LeafLTS] = []
        self.names: list[str] = []
        self.flat = type(root) not in _OPS  # one leaf: its ✓ is the network's ✓
        self.rules: list[Rule] = self._rules(root, limit, "")
        self.initial: tuple = tuple(0 for _ in self.leaves)
        self._by_driver: list[dict[Any, list[int]]] = [{} for _ in self.leaves]
        for r, rule in enumerate(self.rules):
            leaf, event = rule.parts[0]
            self._by_driver[leaf].setdefault(event, []).append(r)
        self._omegas = tuple(leaf.omega for leaf in self.leaves)
        self.can_terminate = not self.flat and all(o is not None for o in self._omegas)

    # -- building ------------------------------------------------------------------------

    def _leaf(self, term: S.Term, limit: int, path: str) -> list[Rule]:
        i = len(self.leaves)
        leaf = LeafLTS(term, limit)
        self.leaves.append(leaf)
        self.names.append(self.labels.get(term) or f"component {path or i}")
        rules = []
        for e in sorted(leaf.alphabet, key=show):
            out = TAU if (e is TICK and not self.flat) else e
            rules.append(Rule(((i, e),), out))
        return rules

    def _rules(self, term: S.Term, limit: int, path: str) -> list[Rule]:
        t = type(term)
        if t is S.Par:
            kids = [self._rules(p, limit, f"{path}{k}.") for k, p in enumerate(term.procs)]
            return _sync(kids, lambda e, k: e in term.sync, lambda e: range(len(kids)))
        if t is S.AlphaPar:
            kids = [
                [r for r in self._rules(p, limit, f"{path}{k}.") if r.out is TAU or r.out in term.alphas[k]]
                for k, p in enumerate(term.procs)
            ]
            return _sync(kids, lambda e, k: True, lambda e: [k for k, a in enumerate(term.alphas) if e in a])
        if t is S.Hide:
            return [
                Rule(r.parts, TAU if r.out in term.hidden else r.out)
                for r in self._rules(term.proc, limit, path)
            ]
        if t is S.Rename:
            m = dict(term.mapping)
            return [
                Rule(r.parts, f)
                for r in self._rules(term.proc, limit, path)
                for f in (m.get(r.out, (r.out,)) if r.out is not TAU else (TAU,))
            ]
        if t is S.Link:
            left = self._rules(term.left, limit, f"{path}0.")
            right = self._rules(term.right, limit, f"{path}1.")
            dom = {a for a, _ in term.pairs}
            ran = {b for _, b in term.pairs}
            out = [r for r in left if r.out is TAU or r.out not in dom]
            out += [r for r in right if r.out is TAU or r.out not in ran]
            out += [
                Rule(a.parts + b.parts, TAU)
                for a in left
                if a.out in dom
                for b in right
                if (a.out, b.out) in term.pairs
            ]
            return out
        return self._leaf(term, limit, path.rstrip("."))

    # -- running -------------------------------------------------------------------------

    def successors(self, state: tuple) -> list[tuple[Any, tuple, int]]:
        """Every ``(event, next state, rule index)`` from ``state`` (rule -1 for the network's ✓)."""
        if state is DONE:
            return []
        out: list[tuple[Any, tuple, int]] = []
        leaves, rules = self.leaves, self.rules
        for i, s in enumerate(state):
            moves = leaves[i].succ[s]
            drivers = self._by_driver[i]
            for e in moves:
                for r in drivers.get(e, ()):
                    parts = rules[r].parts
                    options = []
                    for leaf, ev in parts:
                        nxt = leaves[leaf].succ[state[leaf]].get(ev)
                        if nxt is None:
                            break
                        options.append(nxt)
                    else:
                        out_event = rules[r].out
                        if len(parts) == 1 and len(options[0]) == 1:
                            new = list(state)
                            new[i] = options[0][0]
                            out.append((out_event, tuple(new), r))
                            continue
                        for combo in itertools.product(*options):
                            new = list(state)
                            for (leaf, _), v in zip(parts, combo, strict=True):
                                new[leaf] = v
                            out.append((out_event, tuple(new), r))
        if self.can_terminate and state == self._omegas:
            out.append((TICK, DONE, -1))
        return out

    def describe(self, state: tuple) -> list[tuple[str, str]]:
        """Each leaf's name and what its state is, for the debugger."""
        if state is DONE:
            return [(n, "Ω (terminated)") for n in self.names]
        return [(self.names[i], self.leaves[i].terms[s].describe(2)) for i, s in enumerate(state)]

    def offers(self, state: tuple) -> list[list[Any]]:
        """For each leaf, the events its current state could do (before synchronisation)."""
        if state is DONE:
            return [[] for _ in self.leaves]
        return [sorted(self.leaves[i].succ[s], key=show) for i, s in enumerate(state)]

    def size_bound(self) -> int:
        """The product of the leaves' sizes: no network has more states than this."""
        n = 1
        for leaf in self.leaves:
            n *= len(leaf)
        return n


def _sync(kids: list[list[Rule]], synced: Any, participants: Any) -> list[Rule]:
    """Rules of a parallel node from its children's rules: ``synced(e, k)`` says whether child k's e
    needs partners, ``participants(e)`` which children take part in a synchronised e."""
    out: list[Rule] = []
    shared: dict[Any, list[list[Rule]]] = {}
    for k, rules in enumerate(kids):
        for r in rules:
            if r.out is TAU or not synced(r.out, k):
                out.append(r)
            else:
                shared.setdefault(r.out, [[] for _ in kids])[k].append(r)
    for e in sorted(shared, key=show):
        by_kid = shared[e]
        who = list(participants(e))
        if len(who) == 1:
            out.extend(by_kid[who[0]])
            continue
        groups = [by_kid[k] for k in who]
        if all(groups):
            out.extend(
                Rule(tuple(p for r in combo for p in r.parts), e) for combo in itertools.product(*groups)
            )
    return out


def compile_network(term: S.Term, limit: int = STATE_LIMIT, labels: dict | None = None) -> Network:
    """The :class:`Network` of ``term`` (one leaf when its top is not a parallel, hiding or renaming).

    ``labels`` names terms (``{term: "PHIL(0)"}``) for the debugger's view of each component.
    """
    return Network(term, limit, labels)


def reachable(net: Network, limit: int = STATE_LIMIT) -> Iterator[tuple]:
    """Every state of ``net`` reachable from its initial state, breadth first."""
    seen = {net.initial}
    queue = deque([net.initial])
    while queue:
        s = queue.popleft()
        yield s
        for _, t, _ in net.successors(s):
            if t not in seen:
                if len(seen) >= limit:
                    raise Undecidable(f"more than {limit:,} states: cannot check it")
                seen.add(t)
                queue.append(t)
