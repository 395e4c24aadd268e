"""The vectorised engine: deadlock checks of large networks with NumPy (the ``checker`` extra).

A network state is packed into one int64 (mixed radix: a digit per leaf).
Each rule becomes, per taking-part leaf, a table over that leaf's states:
whether the event is enabled there, and how much the packed state changes
when it fires. A breadth-first level is then a handful of array
operations per rule over the whole frontier; new states are found by
sorting and binary search against the sorted array of states seen. The
counts, verdicts and shortest counterexamples are the same as the explicit
engine's (the tests check that), only faster.

Used for ``:[deadlock free]`` ([F] and [FD]) on networks of two or more
leaves that never terminate and have no tau at all (so a BFS level is one
event longer, and nothing can diverge). Anything else goes to the explicit
engine.

>>> from csp.algebra.cspm import parse
>>> from csp.algebra.cspm.lts import compile_network
>>> net = compile_network(parse("channel a, b\\nP = (a -> b -> STOP) [| {b} |] (a -> STOP)").process("P"))
>>> r = deadlock_free(net, "F")
>>> r.passed, [show(e) for e in r.trace], r.states
(False, ['a', 'a'], 4)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .checks import Result
from .lts import STATE_LIMIT, Network
from .values import TAU, show  # noqa: F401 - show is used by the docstring example

__all__ = ["suitable", "deadlock_free", "Tables"]


def suitable(net: Network, model: str) -> bool:
    """Whether this engine can decide the deadlock check of ``net`` in ``model``."""
    if net.flat or len(net.leaves) < 2 or net.can_terminate:
        return False
    if any(r.out is TAU for r in net.rules):
        return False  # levels here are steps; with taus a shortest trace needs the explicit 0-1 search
    return net.size_bound() < 2**62


class Tables:
    """The network compiled to arrays: radices, and per deterministic sub-rule its parts' tables."""

    def __init__(self, net: Network) -> None:
        self.net = net
        sizes = [len(leaf) for leaf in net.leaves]
        self.sizes = np.array(sizes, dtype=np.int64)
        mult = [1]
        for s in sizes[:-1]:
            mult.append(mult[-1] * s)
        self.mult = np.array(mult, dtype=np.int64)
        self.subrules: list[tuple[int, list[tuple[int, np.ndarray, np.ndarray]]]] = []
        for r, rule in enumerate(net.rules):
            per_part = []
            for leaf, event in rule.parts:
                succ = net.leaves[leaf].succ
                width = max((len(m.get(event, ())) for m in succ), default=0)
                branches = []
                for b in range(width):
                    ok = np.zeros(len(succ), dtype=bool)
                    delta = np.zeros(len(succ), dtype=np.int64)
                    for s, moves in enumerate(succ):
                        targets = moves.get(event)
                        if targets is not None and b < len(targets):
                            ok[s] = True
                            delta[s] = (targets[b] - s) * mult[leaf]
                    branches.append((leaf, ok, delta))
                per_part.append(branches)
            for combo in _product(per_part):
                self.subrules.append((r, combo))

    def encode(self, state: tuple) -> int:
        return int(sum(int(s) * int(m) for s, m in zip(state, self.mult, strict=True)))

    def decode(self, code: int) -> tuple:
        return tuple(int(code // int(m) % int(n)) for m, n in zip(self.mult, self.sizes, strict=True))


def _product(per_part: list[list[Any]]) -> list[list[Any]]:
    out: list[list[Any]] = [[]]
    for options in per_part:
        out = [c + [o] for c in out for o in options]
    return out


def deadlock_free(net: Network, model: str = "F", limit: int = STATE_LIMIT) -> Result:
    """The deadlock check of ``net``, breadth first over packed states (see the module docstring)."""
    t = Tables(net)
    start = np.array([t.encode(net.initial)], dtype=np.int64)
    seen = start.copy()
    levels: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = [
        (start, np.zeros(1, np.int64), np.full(1, -1, np.int64))
    ]
    frontier = start
    transitions = 0
    deadlocks = 0
    found: tuple[int, int] | None = None  # (level, index in that level)
    leaves = range(len(net.leaves))
    while frontier.size:
        digits = [(frontier // t.mult[i]) % t.sizes[i] for i in leaves]
        enabled = np.zeros(frontier.size, dtype=bool)
        new_states, parents, rules = [], [], []
        for r, parts in t.subrules:
            leaf, ok, delta = parts[0]
            d = digits[leaf]
            mask = ok[d]
            for leaf, ok, _ in parts[1:]:
                mask &= ok[digits[leaf]]
            idx = np.flatnonzero(mask)
            if not idx.size:
                continue
            enabled[idx] = True
            nxt = frontier[idx].copy()
            for leaf, _, delta in parts:
                nxt += delta[digits[leaf][idx]]
            new_states.append(nxt)
            parents.append(idx)
            rules.append(np.full(idx.size, r, dtype=np.int64))
            transitions += idx.size
        dead = np.flatnonzero(~enabled)
        if dead.size:
            deadlocks += dead.size
            if found is None:
                found = (len(levels) - 1, int(dead[0]))
        if not new_states:
            break
        cand = np.concatenate(new_states)
        cand_parent = np.concatenate(parents)
        cand_rule = np.concatenate(rules)
        uniq, first = np.unique(cand, return_index=True)
        pos = np.searchsorted(seen, uniq)
        pos[pos == seen.size] = 0
        fresh = seen[pos] != uniq
        uniq, first = uniq[fresh], first[fresh]
        if not uniq.size:
            break
        if seen.size + uniq.size > limit:
            from .errors import Undecidable

            raise Undecidable(f"more than {limit:,} states: cannot decide this check")
        seen = np.concatenate([seen, uniq])
        seen.sort(kind="stable")
        levels.append((uniq, cand_parent[first], cand_rule[first]))
        frontier = uniq
    result = Result(found is None, int(seen.size), int(transitions), network=net, engine="numpy")
    result.deadlocks = deadlocks
    if found is not None:
        level, index = found
        steps = []
        code = int(levels[level][0][index])
        while level > 0:
            states, parent, rule = levels[level]
            r = int(rule[index])
            steps.append((net.rules[r].out, r))
            index = int(parent[index])
            level -= 1
        steps.reverse()
        result.steps = steps
        result.trace = [e for e, _ in steps if e is not TAU]
        result.problem = "deadlock"
        result.final_state = t.decode(code)
    return result
