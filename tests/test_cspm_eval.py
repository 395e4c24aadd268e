"""The functional language: values, sets, sequences, patterns, let, lambdas, datatypes, and its errors."""

from __future__ import annotations

import re

import pytest

from csp.algebra.cspm import CSPmEvalError, Undecidable, parse
from csp.algebra.cspm.values import CSeq, CTuple, show

SCRIPT = parse(
    """
N = 3
channel c : {0..N-1}
channel d : {0..1}.Bool
datatype Colour = Red | Green | Mix.{0..1}
nametype Small = {0..2}
fact(0) = 1
fact(n) = n * fact(n - 1)
len(<>) = 0
len(<x> ^ s) = 1 + len(s)
last(s ^ <x>) = x
swap((a, b)) = (b, a)
mixed(Mix.k) = k
mixed(_) = -1
add(a)(b) = a + b
(p, q) = (10, 20)
twice = \\ f, x @ f(f(x))
""",
    "eval.csp",
)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("1 + 2 * 3 - 4", 3),
        ("7 / 2", 3),
        ("-7 / 2", -3),
        ("(0 - 1) % 5", 4),
        ("-(3)", -3),
        ("1 < 2 and not (2 <= 1) or false", True),
        ("1 == 1 and 1 != 2", True),
        ("fact(5)", 120),
        ("len(<1, 2, 3>)", 3),
        ("last(<1, 2, 3>)", 3),
        ("#(<1> ^ <2, 3>)", 3),
        ("head(<4, 5>)", 4),
        ("tail(<4, 5>)", CSeq((5,))),
        ("concat(<<1>, <2, 3>>)", CSeq((1, 2, 3))),
        ("elem(2, <1, 2>)", True),
        ("null(<>)", True),
        ("length(<0..4>)", 5),
        ("swap((1, 2))", CTuple((2, 1))),
        ("mixed(Mix.1)", 1),
        ("mixed(Red)", -1),
        ("add(1)(2)", 3),
        ("p + q", 30),
        ("twice(\\ y @ y * 3, 1)", 9),
        ("if N > 2 then 1 else 2", 1),
        ("let f(x) = x + N within f(1)", 4),
        ("let y = 2 within y * y", 4),
        ("union({1}, {2})", frozenset({1, 2})),
        ("inter({1, 2}, {2, 3})", frozenset({2})),
        ("diff({1, 2}, {2})", frozenset({1})),
        ("Union({{1}, {2}})", frozenset({1, 2})),
        ("Inter({{1, 2}, {2}})", frozenset({2})),
        ("member(2, {1, 2})", True),
        ("card({0..9})", 10),
        ("empty({})", True),
        ("set(<1, 1, 2>)", frozenset({1, 2})),
        ("seq({2, 1})", CSeq((1, 2))),
        ("card(Set({1, 2, 3}))", 8),
        ("{x * x | x <- {0..3}, x > 1}", frozenset({4, 9})),
        ("<x | x <- <3, 1, 2>, x != 1>", CSeq((3, 2))),
        ("member(5, Int)", True),
        ("card(Colour)", 4),
        ("Small", frozenset({0, 1, 2})),
        ("card(Bool)", 2),
        ("{| c |}", frozenset({("c", 0), ("c", 1), ("c", 2)})),
        ("{| d.1 |}", frozenset({("d", 1, False), ("d", 1, True)})),
        ("{| c.x | x <- {0, 1} |}", frozenset({("c", 0), ("c", 1)})),
        ("card(Events)", 7),
        ("productions(d.0)", frozenset({("d", 0, False), ("d", 0, True)})),
        ("extensions(c)", frozenset({0, 1, 2})),
        ("c.1", ("c", 1)),
    ],
)
def test_expressions(expr: str, expected: object) -> None:
    assert SCRIPT.value(expr) == expected


def test_values_print_as_cspm() -> None:
    assert show(SCRIPT.value("<d.1.true, Mix.0>")) == "<d.1.true, Mix.0>"
    assert show(SCRIPT.value("{(1, 2)}")) == "{(1, 2)}"


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("nosuch + 1", "nosuch is not defined"),
        ("1 + true", "+ needs two integers"),
        ("swap(1)", "no clause of swap matches swap(1)"),
        ("head(<>)", "head: the sequence is empty"),
        ("1 / 0", "division by zero"),
        ("union(1, {2})", "union: expected a set"),
        ("c.7 -> STOP", "c.7 is not an event of channel c"),
        ("x -> STOP", "x is not defined"),
        ("1 -> STOP", "1 is not a channel"),
        ("if 1 then 2 else 3", "expected true or false"),
    ],
)
def test_errors_name_the_place_and_the_problem(expr: str, message: str) -> None:
    with pytest.raises(CSPmEvalError, match=re.escape(message)) as info:
        SCRIPT.process(expr) if "->" in expr else SCRIPT.value(expr)
    assert info.value.line == 1 and info.value.column >= 1


def test_unguarded_recursion_and_infinite_types_are_errors() -> None:
    with pytest.raises(CSPmEvalError, match="unguarded recursion"):
        parse("P = P [] STOP").process("P")
    with pytest.raises(Undecidable, match="Int is infinite"):
        parse("channel c : Int\nP = c?x -> STOP").process("P")
    with pytest.raises(CSPmEvalError, match="defined twice"):
        parse("P = STOP\nP = SKIP")


def test_transparent_functions_are_the_identity() -> None:
    s = parse("transparent normal, sbisim\nchannel a\nP = a -> P\nassert normal(sbisim(P)) [FD= P")
    assert s.check_all()[0].holds
