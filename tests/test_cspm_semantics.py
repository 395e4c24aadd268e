"""Every process construct, by the traces it has and refuses (has trace, and check_trace)."""

from __future__ import annotations

import pytest

from csp.algebra.cspm import check_trace, parse

BASE = """
channel a, b, e
channel c : {0..2}
channel d : {0..2}
channel p : {0..1}.{0..1}
"""


def traces(proc: str, extra: str = "") -> set[tuple[str, ...]]:
    """Every trace of ``proc`` up to length 4, by brute force over the events."""
    s = parse(BASE + extra + f"\nTHE = {proc}")
    spec = s.process("THE")
    events = (
        ["a", "b", "e"]
        + [f"c.{i}" for i in range(3)]
        + [f"d.{i}" for i in range(3)]
        + [f"p.{i}.{j}" for i in range(2) for j in range(2)]
    )
    out = {()}
    frontier = [()]
    for _ in range(4):
        frontier = [t + (ev,) for t in frontier for ev in events if check_trace(spec, list(t + (ev,)))]
        out.update(frontier)
    return out


CASES = [
    ("STOP", {()}),
    ("SKIP", {()}),
    ("a -> STOP", {(), ("a",)}),
    (
        "c?x -> d!x -> STOP",
        {(), ("c.0",), ("c.1",), ("c.2",), ("c.0", "d.0"), ("c.1", "d.1"), ("c.2", "d.2")},
    ),
    ("c?x:{1} -> STOP", {(), ("c.1",)}),
    ("c.2 -> STOP", {(), ("c.2",)}),
    ("p.1?y -> STOP", {(), ("p.1.0",), ("p.1.1",)}),
    ("p?x!x -> STOP", {(), ("p.0.0",), ("p.1.1",)}),
    ("false & a -> STOP", {()}),
    ("a -> STOP [] b -> STOP", {(), ("a",), ("b",)}),
    ("a -> STOP |~| b -> STOP", {(), ("a",), ("b",)}),
    (
        "a -> b -> STOP ||| e -> STOP",
        {
            (),
            ("a",),
            ("e",),
            ("a", "b"),
            ("a", "e"),
            ("e", "a"),
            ("a", "b", "e"),
            ("a", "e", "b"),
            ("e", "a", "b"),
        },
    ),
    ("a -> b -> STOP [| {b} |] b -> e -> STOP", {(), ("a",), ("a", "b"), ("a", "b", "e")}),
    ("a -> b -> STOP [ {a, b} || {b, e} ] b -> e -> STOP", {(), ("a",), ("a", "b"), ("a", "b", "e")}),
    ("(c!1 -> STOP) [ c <-> d ] (d?x -> e -> STOP)", {(), ("e",)}),
    ("(a -> b -> STOP) \\ {a}", {(), ("b",)}),
    ("(a -> c.0 -> STOP) [[ a <- b, c <- d ]]", {(), ("b",), ("b", "d.0")}),
    ("(a -> STOP) [[ a <- b, a <- e ]]", {(), ("b",), ("e",)}),
    ("a -> SKIP ; b -> STOP", {(), ("a",), ("a", "b")}),
    ("(a -> b -> STOP) /\\ (e -> STOP)", {(), ("a",), ("e",), ("a", "b"), ("a", "e"), ("a", "b", "e")}),
    ("(a -> STOP) [> (b -> STOP)", {(), ("a",), ("b",)}),
    ("[] x:{0, 1} @ c.x -> STOP", {(), ("c.0",), ("c.1",)}),
    ("|~| x:{0, 1} @ c.x -> STOP", {(), ("c.0",), ("c.1",)}),
    ("||| x:{0, 1} @ c.x -> STOP", {(), ("c.0",), ("c.1",), ("c.0", "c.1"), ("c.1", "c.0")}),
    (
        "[| {a} |] x:{0, 1} @ c.x -> a -> STOP",
        {(), ("c.0",), ("c.1",), ("c.0", "c.1"), ("c.1", "c.0"), ("c.0", "c.1", "a"), ("c.1", "c.0", "a")},
    ),
    (
        "|| x:{0, 1} @ [{c.x, a}] c.x -> a -> STOP",
        {(), ("c.0",), ("c.1",), ("c.0", "c.1"), ("c.1", "c.0"), ("c.0", "c.1", "a"), ("c.1", "c.0", "a")},
    ),
    ("; x:<2, 0> @ c.x -> SKIP", {(), ("c.2",), ("c.2", "c.0")}),
    ("CHAOS({a})", {(), ("a",), ("a", "a"), ("a", "a", "a"), ("a", "a", "a", "a")}),
    ("DIV", {()}),
]


@pytest.mark.parametrize(("proc", "expected"), CASES, ids=[c[0] for c in CASES])
def test_traces_of_each_construct(proc: str, expected: set) -> None:
    assert traces(proc) == expected


def test_recursion_with_parameters() -> None:
    s = parse(BASE + "COUNT(n) = n < 2 & a -> COUNT(n + 1) [] n > 0 & b -> COUNT(n - 1)")
    assert check_trace(s.process("COUNT(0)"), ["a", "a", "b", "a", "b", "b"])
    assert not check_trace(s.process("COUNT(0)"), ["a", "a", "a"])
    assert not check_trace(s.process("COUNT(0)"), ["b"])


def test_termination_is_distributed() -> None:
    s = parse(BASE + "P = (a -> SKIP ||| b -> SKIP) ; e -> STOP")
    assert check_trace(s.process("P"), ["a", "b", "e"])
    assert not check_trace(s.process("P"), ["a", "e"])
