"""The CSPm grammar: every construct issue 14 lists parses to the right tree; errors say where and what."""

from __future__ import annotations

import pytest

from csp.algebra.cspm import CSPmSyntaxError, parse
from csp.algebra.cspm import ast as A
from csp.algebra.cspm.grammar import parse_expression, parse_script

EXPRESSIONS = {
    "STOP": A.Name,
    "SKIP": A.Name,
    "CHAOS({a})": A.App,
    "DIV": A.Name,
    "a -> STOP": A.Prefix,
    "c?x -> STOP": A.Prefix,
    "c?x:{1,2} -> STOP": A.Prefix,
    "c!1 -> STOP": A.Prefix,
    "c.1 -> STOP": A.Prefix,
    "x > 0 & a -> STOP": A.Guard,
    "P [] Q": A.ProcOp,
    "P |~| Q": A.ProcOp,
    "P ||| Q": A.ProcOp,
    "P [| {a} |] Q": A.GenPar,
    "P [ {a} || {b} ] Q": A.AlphaPar,
    "P [ c <-> d ] Q": A.LinkPar,
    "P \\ {a}": A.Hide,
    "P [[ a <- b ]]": A.Rename,
    "P ; Q": A.ProcOp,
    "P /\\ Q": A.ProcOp,
    "P [> Q": A.ProcOp,
    "[] x:{1,2} @ c.x -> STOP": A.Replicated,
    "|~| x:{1,2} @ c.x -> STOP": A.Replicated,
    "||| x:{1,2} @ c.x -> STOP": A.Replicated,
    "[| {a} |] x:{1,2} @ c.x -> STOP": A.Replicated,
    "|| x:{1,2} @ [{c.x}] c.x -> STOP": A.Replicated,
    "; x:<1,2> @ c.x -> SKIP": A.Replicated,
    "if x then 1 else 2": A.If,
    "let f(y) = y within f(1)": A.Let,
    "\\ x @ x + 1": A.Lambda,
    "(1, 2)": A.TupleExpr,
    "{1, 2}": A.SetLit,
    "{0..3}": A.SetRange,
    "{x | x <- S, x > 1}": A.SetComp,
    "{| c |}": A.EnumSet,
    "{| c.x | x <- S |}": A.EnumSetComp,
    "<>": A.SeqLit,
    "<1, 2>": A.SeqLit,
    "<0..3>": A.SeqRange,
    "<x | x <- s>": A.SeqComp,
    "s ^ t": A.BinOp,
    "#s": A.UnOp,
    "union(A, B)": A.App,
    "a.b.c": A.Dot,
    "not b": A.UnOp,
    "a and b or c": A.BinOp,
    "x == y": A.BinOp,
}


@pytest.mark.parametrize("text", list(EXPRESSIONS))
def test_every_construct_parses(text: str) -> None:
    assert type(parse_expression(text)) is EXPRESSIONS[text]


def test_precedence_follows_fdr() -> None:
    e = parse_expression("a -> P [] b -> Q ||| R \\ {a}")
    assert isinstance(e, A.Hide) and isinstance(e.process, A.ProcOp) and e.process.op == "|||"
    choice = e.process.left
    assert choice.op == "[]" and isinstance(choice.left, A.Prefix) and isinstance(choice.right, A.Prefix)
    seq = parse_expression("a -> P ; Q")  # ; binds tighter than ->
    assert isinstance(seq, A.Prefix) and isinstance(seq.body, A.ProcOp) and seq.body.op == ";"
    dot = parse_expression("c.i+1")  # . is looser than arithmetic
    assert isinstance(dot, A.Dot) and isinstance(dot.right, A.BinOp)
    rep = parse_expression("[] x:S @ P [] Q")  # a replicated body reaches as far right as it can
    assert isinstance(rep, A.Replicated) and isinstance(rep.body, A.ProcOp)


def test_declarations() -> None:
    decls = parse_script("""
        -- a comment
        {- a block
           comment -}
        channel a, b
        channel c : {0..3}.Bool
        datatype T = A | B.{0..1}
        nametype N = {0..2}
        transparent normal, sbisim, diamond
        f(0) = 1
        f(n) = n * f(n - 1)
        (x, y) = (1, 2)
        P = a -> P
        assert P [T= P
        assert P [F= P
        assert P [FD= P
        assert P :[deadlock free]
        assert P :[deadlock free [F]]
        assert P :[deadlock free [FD]]
        assert P :[divergence free]
        assert P :[deterministic [F]]
        assert P :[deterministic [FD]]
        assert P :[has trace]: <a, a>
        assert not P :[deadlock free]
    """)
    kinds = [type(d).__name__ for d in decls]
    assert kinds[:7] == [
        "Channel",
        "Channel",
        "DataType",
        "NameType",
        "Transparent",
        "Definition",
        "Definition",
    ]
    asserts = [d for d in decls if isinstance(d, A.Assertion)]
    assert [(a.kind, a.model, a.negated) for a in asserts] == [
        ("refines", "T", False),
        ("refines", "F", False),
        ("refines", "FD", False),
        ("deadlock free", "FD", False),
        ("deadlock free", "F", False),
        ("deadlock free", "FD", False),
        ("divergence free", "FD", False),
        ("deterministic", "F", False),
        ("deterministic", "FD", False),
        ("has trace", "T", False),
        ("deadlock free", "FD", True),
    ]


@pytest.mark.parametrize(
    ("text", "line", "column", "expected"),
    [
        ("channel a\nP = a -> \n", 3, 1, "expected"),
        ("channel a\nP = a -> STOP [] \nQ = STOP", 3, 3, "expected"),
        ("channel\n", 2, 1, "a name"),
        ("P = (a -> STOP\n", 2, 1, "')'"),
        ("%%% nonsense", 1, 1, "a declaration"),
        ("assert P :[deadlock frei]", 1, 21, "'free'"),
    ],
)
def test_syntax_errors_say_file_line_column_and_what_was_expected(
    text: str, line: int, column: int, expected: str
) -> None:
    with pytest.raises(CSPmSyntaxError) as info:
        parse(text, "model.csp")
    err = info.value
    assert (err.filename, err.line, err.column) == ("model.csp", line, column), str(err)
    assert str(err).startswith(f"model.csp:{line}:{column}: expected") and expected in str(err)
