"""Properties on random small processes, against an independent brute-force simulation.

A random process is a few states, each a choice of prefixes over a, b and
a hidden h (so taus, divergence, nondeterminism and deadlock all occur);
the brute force walks that graph directly, without the checker's code.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csp.algebra.cspm import check_trace, parse
from csp.algebra.cspm.values import show

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]  # seconds each (one process per example)

EVENTS = ["a", "b"]
Graph = list[list[tuple[str, int]]]

graphs = st.integers(1, 4).flatmap(
    lambda n: st.lists(st.lists(st.tuples(st.sampled_from(["a", "b", "h"]), st.integers(0, n - 1)),
                                max_size=3), min_size=n, max_size=n))


def script(g: Graph, name: str = "P") -> str:
    lines = []
    for i, moves in enumerate(g):
        body = " [] ".join(f"{e} -> {name}{j}" for e, j in moves) or "STOP"
        lines.append(f"{name}{i} = {body}")
    lines.append(f"{name} = {name}0 \\ {{h}}")
    return "\n".join(lines)


def brute_traces(g: Graph, depth: int) -> set[tuple[str, ...]]:
    def close(states: set[int]) -> set[int]:
        out, todo = set(states), list(states)
        while todo:
            for e, j in g[todo.pop()]:
                if e == "h" and j not in out:
                    out.add(j)
                    todo.append(j)
        return out

    found = {(): close({0})}
    level = dict(found)
    for _ in range(depth):
        nxt = {}
        for t, states in level.items():
            for ev in EVENTS:
                after = close({j for s in states for e, j in g[s] if e == ev})
                if after:
                    nxt[t + (ev,)] = after
        found.update(nxt)
        level = nxt
    return set(found)


def all_traces(depth: int) -> list[tuple[str, ...]]:
    return [t for k in range(depth + 1) for t in itertools.product(EVENTS, repeat=k)]


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(graphs)
def test_normal_form_accepts_exactly_the_traces(g: Graph) -> None:
    spec = parse("channel a, b, h\n" + script(g)).process("P")
    traces = brute_traces(g, 5)
    for t in all_traces(5):
        assert bool(check_trace(spec, list(t))) == (t in traces), t


@SETTINGS
@given(graphs)
def test_refinement_is_reflexive(g: Graph) -> None:
    s = parse("channel a, b, h\n" + script(g))
    for model in ("T", "F", "FD"):
        assert s.check(f"assert P [{model}= P").holds


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs, graphs, graphs)
def test_refinement_is_transitive(g1: Graph, g2: Graph, g3: Graph) -> None:
    s = parse("channel a, b, h\n" + script(g1, "P") + "\n" + script(g2, "Q") + "\n" + script(g3, "R"))
    for model in ("T", "F", "FD"):
        pq = s.check(f"assert P [{model}= Q").holds
        qr = s.check(f"assert Q [{model}= R").holds
        if pq and qr:
            assert s.check(f"assert P [{model}= R").holds


@SETTINGS
@given(graphs, graphs)
def test_trace_counterexamples_are_real_and_shortest(g1: Graph, g2: Graph) -> None:
    s = parse("channel a, b, h\n" + script(g1, "P") + "\n" + script(g2, "Q"))
    r = s.check("assert P [T= Q")
    spec_traces, impl_traces = brute_traces(g1, 8), brute_traces(g2, 8)
    violations = [t for t in impl_traces if t not in spec_traces]
    if r.holds:
        assert not violations
    else:
        trace = tuple(show(e) for e in r.trace)
        assert trace in impl_traces and trace not in spec_traces
        assert len(trace) == min(len(t) for t in violations)


@SETTINGS
@given(graphs)
def test_deadlock_counterexamples_are_shortest(g: Graph) -> None:
    s = parse("channel a, b, h\n" + script(g))
    r = s.check("assert P :[deadlock free [F]]")
    # brute force: the shortest trace after which some stable state (no h, no moves) is reachable
    dead = {i for i, moves in enumerate(g) if not moves}
    shortest = None
    for t in all_traces(8):
        states = {0}
        ok = True
        for ev in (None, *t):
            if ev is not None:
                states = {j for s_ in states for e, j in g[s_] if e == ev}
            todo = list(states)
            while todo:
                for e, j in g[todo.pop()]:
                    if e == "h" and j not in states:
                        states.add(j)
                        todo.append(j)
            if not states:
                ok = False
                break
        if ok and states & dead:
            shortest = t
            break
    if shortest is None:
        assert r.holds
    else:
        assert not r.holds and len(r.trace) == len(shortest)
