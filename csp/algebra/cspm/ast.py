"""The abstract syntax of CSPm scripts, as the parser builds it.

Every node carries ``loc``, the ``(line, column)`` where it starts, so the
evaluator can say where a run-time error comes from. Nodes compare by
identity: a node is one place in one file.

>>> from csp.algebra.cspm.grammar import parse_expression
>>> type(parse_expression("a -> STOP")).__name__
'Prefix'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Node",
    "Lit",
    "Name",
    "App",
    "Dot",
    "BinOp",
    "UnOp",
    "If",
    "Let",
    "Lambda",
    "TupleExpr",
    "SetLit",
    "SetRange",
    "SetComp",
    "EnumSet",
    "EnumSetComp",
    "SeqLit",
    "SeqRange",
    "SeqComp",
    "Gen",
    "Field",
    "Prefix",
    "Guard",
    "ProcOp",
    "Hide",
    "GenPar",
    "AlphaPar",
    "LinkPar",
    "Rename",
    "Replicated",
    "PVar",
    "PWild",
    "PLit",
    "PTuple",
    "PDot",
    "PSeq",
    "PConcat",
    "PSet",
    "Channel",
    "DataType",
    "NameType",
    "Transparent",
    "Definition",
    "Clause",
    "PatternDef",
    "Assertion",
    "Decl",
]


@dataclass(eq=False)
class Node:
    loc: tuple[int, int] = field(default=(0, 0), kw_only=True)


# -- expressions --------------------------------------------------------------------------


@dataclass(eq=False)
class Lit(Node):
    value: Any


@dataclass(eq=False)
class Name(Node):
    id: str


@dataclass(eq=False)
class App(Node):
    fn: Node
    args: list[Node]


@dataclass(eq=False)
class Dot(Node):
    left: Node
    right: Node


@dataclass(eq=False)
class BinOp(Node):
    op: str
    left: Node
    right: Node


@dataclass(eq=False)
class UnOp(Node):
    op: str
    operand: Node


@dataclass(eq=False)
class If(Node):
    cond: Node
    then: Node
    orelse: Node


@dataclass(eq=False)
class Let(Node):
    decls: list[Decl]
    body: Node


@dataclass(eq=False)
class Lambda(Node):
    params: list[Node]
    body: Node


@dataclass(eq=False)
class TupleExpr(Node):
    items: list[Node]


@dataclass(eq=False)
class SetLit(Node):
    items: list[Node]


@dataclass(eq=False)
class SetRange(Node):
    low: Node
    high: Node | None


@dataclass(eq=False)
class Gen(Node):
    """A generator ``pattern <- set`` (or ``pattern : set`` in replicated operators), or a condition."""

    pattern: Node | None
    source: Node  # the set or sequence, or the boolean condition when pattern is None


@dataclass(eq=False)
class SetComp(Node):
    items: list[Node]
    gens: list[Gen]


@dataclass(eq=False)
class EnumSet(Node):
    items: list[Node]


@dataclass(eq=False)
class EnumSetComp(Node):
    items: list[Node]
    gens: list[Gen]


@dataclass(eq=False)
class SeqLit(Node):
    items: list[Node]


@dataclass(eq=False)
class SeqRange(Node):
    low: Node
    high: Node | None


@dataclass(eq=False)
class SeqComp(Node):
    items: list[Node]
    gens: list[Gen]


# -- processes ----------------------------------------------------------------------------


@dataclass(eq=False)
class Field(Node):
    """One part of a prefix's event after the channel: ``.e``, ``!e``, ``?p`` or ``?p:S``."""

    kind: str  # ".", "!" or "?"
    value: Node  # an expression, or a pattern for "?"
    restriction: Node | None = None


@dataclass(eq=False)
class Prefix(Node):
    channel: Node
    fields: list[Field]
    body: Node


@dataclass(eq=False)
class Guard(Node):
    cond: Node
    body: Node


@dataclass(eq=False)
class ProcOp(Node):
    """A binary process operator: ``[]``, ``|~|``, ``|||``, ``;``, ``/\\``, ``[>``."""

    op: str
    left: Node
    right: Node


@dataclass(eq=False)
class Hide(Node):
    process: Node
    events: Node


@dataclass(eq=False)
class GenPar(Node):
    left: Node
    sync: Node
    right: Node


@dataclass(eq=False)
class AlphaPar(Node):
    left: Node
    left_alpha: Node
    right_alpha: Node
    right: Node


@dataclass(eq=False)
class LinkPar(Node):
    left: Node
    pairs: list[tuple[Node, Node]]
    gens: list[Gen]
    right: Node


@dataclass(eq=False)
class Rename(Node):
    process: Node
    pairs: list[tuple[Node, Node]]
    gens: list[Gen]


@dataclass(eq=False)
class Replicated(Node):
    """``[] x:S @ P`` and its kin; ``op`` is ``[]``, ``|~|``, ``|||``, ``[|``, ``||``, ``;``."""

    op: str
    gens: list[Gen]
    body: Node
    sync: Node | None = None  # the set of [| A |] x:S @ P, the alphabet of || x:S @ [A] P


# -- patterns -----------------------------------------------------------------------------


@dataclass(eq=False)
class PVar(Node):
    name: str


@dataclass(eq=False)
class PWild(Node):
    pass


@dataclass(eq=False)
class PLit(Node):
    value: Any


@dataclass(eq=False)
class PTuple(Node):
    items: list[Node]


@dataclass(eq=False)
class PDot(Node):
    parts: list[Node]


@dataclass(eq=False)
class PSeq(Node):
    items: list[Node]


@dataclass(eq=False)
class PConcat(Node):
    left: Node
    right: Node


@dataclass(eq=False)
class PSet(Node):
    items: list[Node]


# -- declarations -------------------------------------------------------------------------


@dataclass(eq=False)
class Channel(Node):
    names: list[str]
    type: Node | None


@dataclass(eq=False)
class DataType(Node):
    name: str
    clauses: list[tuple[str, Node | None]]


@dataclass(eq=False)
class NameType(Node):
    name: str
    type: Node


@dataclass(eq=False)
class Transparent(Node):
    names: list[str]


@dataclass(eq=False)
class Clause(Node):
    params: list[list[Node]]  # one list per bracket: f(x)(y) has [[x], [y]]
    body: Node


@dataclass(eq=False)
class Definition(Node):
    name: str
    clauses: list[Clause]


@dataclass(eq=False)
class PatternDef(Node):
    pattern: Node
    body: Node


@dataclass(eq=False)
class Assertion(Node):
    """``assert ...``: ``kind`` is ``refines``, ``deadlock free``, ``divergence free``,
    ``deterministic`` or ``has trace``; ``model`` is ``T``, ``F`` or ``FD``."""

    kind: str
    model: str
    left: Node
    right: Node | None = None  # the implementation of a refinement, the trace of has trace
    negated: bool = False
    text: str = ""


Decl = Channel | DataType | NameType | Transparent | Definition | PatternDef | Assertion
