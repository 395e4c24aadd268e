"""Every check kind passes and fails where it should, with the expected shortest counterexample."""

from __future__ import annotations

import pytest

from csp.algebra.cspm import parse
from csp.algebra.cspm.explain import components
from csp.algebra.cspm.values import show

BASE = "channel a, b, c, h\n"


def check(assertion: str, defs: str = ""):
    return parse(BASE + defs).check(assertion)


def shown(trace: list) -> list[str]:
    return [show(e) for e in trace]


def test_traces_refinement() -> None:
    assert check("assert a -> b -> STOP [T= a -> STOP").holds
    r = check("assert a -> STOP [T= a -> b -> STOP")
    assert not r.holds and shown(r.trace) == ["a", "b"] and r.problem == "event"
    assert show(r.event) == "b" and r.allowed == []
    assert check("assert a -> STOP [T= a -> STOP |~| STOP").holds  # traces ignore refusals


def test_failures_refinement_sees_refusals() -> None:
    r = check("assert a -> STOP [F= a -> STOP |~| STOP")
    assert not r.holds and r.trace == [] and r.problem == "refusal"
    assert r.acceptance == [] and shown(r.spec_acceptances[0]) == ["a"]
    assert check("assert a -> STOP |~| b -> STOP [F= a -> STOP").holds
    r = check("assert a -> STOP [] b -> STOP [F= a -> STOP |~| b -> STOP")
    assert not r.holds and r.problem == "refusal"


def test_failures_divergences_refinement_sees_divergence() -> None:
    defs = "LOOP = h -> LOOP\nP = a -> (LOOP \\ {h})\n"
    assert check("assert a -> STOP [F= P", defs).holds  # F ignores divergence
    r = check("assert a -> STOP [FD= P", defs)
    assert not r.holds and shown(r.trace) == ["a"] and r.problem == "divergence"
    assert check("assert a -> DIV [FD= P", defs).holds  # after a divergent spec trace anything goes


def test_deadlock_freedom() -> None:
    assert check("assert P :[deadlock free [F]]", "P = a -> P").holds
    r = check("assert P :[deadlock free [F]]", "P = a -> b -> STOP")
    assert not r.holds and shown(r.trace) == ["a", "b"] and r.problem == "deadlock"
    assert check("assert a -> SKIP :[deadlock free [F]]").holds  # termination is not deadlock
    r = check("assert P :[deadlock free [FD]]", "P = (a -> P) \\ {a}")
    assert not r.holds and r.problem == "divergence" and r.trace == []
    assert check("assert P :[deadlock free [F]]", "P = (a -> P) \\ {a}").holds


def test_shortest_deadlock_is_found_among_longer_ones() -> None:
    defs = "P = a -> b -> c -> STOP [] b -> STOP\n"
    r = check("assert P :[deadlock free [F]]", defs)
    assert shown(r.trace) == ["b"] and r.deadlocks == 1  # both ends are the same state, STOP


def test_divergence_freedom() -> None:
    assert check("assert P :[divergence free]", "P = a -> P").holds
    assert check("assert P :[divergence free]", "P = a -> (b -> P) \\ {b}").holds  # a, tau, a, ...
    r = check("assert P :[divergence free]", "Q = b -> Q\nP = a -> (Q \\ {b})")
    assert not r.holds and r.problem == "divergence" and shown(r.trace) == ["a"]


def test_determinism() -> None:
    assert check("assert P :[deterministic [F]]", "P = a -> P [] b -> STOP").holds
    r = check("assert P :[deterministic [F]]", "P = a -> STOP |~| b -> STOP")
    assert not r.holds and r.problem == "nondeterminism" and r.trace == []
    r = check("assert P :[deterministic [F]]", "P = a -> b -> STOP [] a -> c -> STOP")
    assert not r.holds and shown(r.trace) == ["a"]
    r = check("assert P :[deterministic [FD]]", "P = a -> (b -> STOP [] (h -> Q) \\ {h})\nQ = h -> Q")
    assert not r.holds and r.problem in ("divergence", "nondeterminism")


def test_has_trace_and_not() -> None:
    assert check("assert P :[has trace]: <a, b, a>", "P = a -> b -> P").holds
    r = check("assert P :[has trace]: <a, a>", "P = a -> b -> P")
    assert not r.holds and r.problem == "no trace" and show(r.event) == "a" and shown(r.allowed) == ["b"]
    r = check("assert not P :[deadlock free [F]]", "P = a -> STOP")
    assert r.holds and not r.passed and r.negated
    assert not check("assert not P :[deadlock free [F]]", "P = a -> P").holds


def test_counterexample_per_component() -> None:
    r = check("assert P :[deadlock free [F]]", "L = a -> b -> L\nR = a -> c -> R\nP = L [| {a, b, c} |] R")
    assert not r.holds and shown(r.trace) == ["a"]
    comps = components(r)
    assert [(c.name, c.trace, c.offers) for c in comps] == [("L", ["a"], ["b"]), ("R", ["a"], ["c"])]


def test_checks_count_states_and_transitions() -> None:
    r = check("assert P :[deadlock free [F]]", "Q = a -> b -> Q\nP = Q ||| c -> STOP")
    assert (r.states, r.transitions) == (4, 6)


def test_a_process_that_grows_without_bound_is_undecidable() -> None:
    from csp.algebra.cspm import Undecidable

    with pytest.raises(Undecidable, match="grows without bound"):
        check("assert P :[deadlock free [F]]", "P = a -> (P ; b -> SKIP)")
