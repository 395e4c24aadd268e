"""The CSPm grammar, written with pyparsing; :func:`parse_script` turns a script into declarations.

Operator precedence follows FDR's (tightest first): application and
renaming ``P[[a <- b]]``; unary ``-`` and ``#``; ``* / %``; ``+ - ^``;
``.``; comparisons; ``not``, ``and``, ``or``; ``;``; prefix ``->`` and guard
``&``; ``[>``; ``/\\``; ``[]``; ``|~|``; the parallels ``[| A |]``,
``[ A || B ]``, ``[ a <-> b ]``; ``|||``; hiding ``\\``. The bodies of
``if``, ``let``, lambdas and the replicated operators reach as far right as
they can. Comments are ``-- to the end of the line`` and ``{- ... -}``.

>>> decls = parse_script("channel a\\nP = a -> P")
>>> [type(d).__name__ for d in decls]
['Channel', 'Definition']
"""

from __future__ import annotations

from typing import Any, Callable

import pyparsing as pp

from . import ast as A
from .errors import CSPmSyntaxError

__all__ = ["parse_script", "parse_expression", "parse_assertion"]

pp.ParserElement.enable_packrat(None)  # unbounded cache: the precedence levels retry a lot

_KEYWORDS = {
    "and",
    "or",
    "not",
    "if",
    "then",
    "else",
    "let",
    "within",
    "channel",
    "datatype",
    "nametype",
    "assert",
    "true",
    "false",
    "transparent",
    "external",
    "subtype",
    "include",
    "print",
}

_IDENT = pp.Regex(r"[A-Za-z_][A-Za-z0-9_']*").set_name("a name")
IDENT = _IDENT.copy().add_condition(lambda t: t[0] not in _KEYWORDS).set_name("a name")
INT = pp.Regex(r"[0-9]+").set_name("a number")


def K(word: str) -> pp.ParserElement:
    return pp.Keyword(word, ident_chars=pp.identbodychars + "'").set_name(f"'{word}'")


def R(pattern: str, name: str) -> pp.ParserElement:
    return pp.Regex(pattern).set_name(f"'{name}'")


def L(text: str) -> pp.ParserElement:
    return pp.Literal(text).set_name(f"'{text}'")


# Tokens that share a first character with others are regexes with look-aheads.
LBRACK = R(r"\[(?![\]\|\[>]|T=|F=|FD=)", "[")
RBRACK = R(r"\](?!\])", "]")
EXT = L("[]")
LPAR_SYNC, RPAR_SYNC = L("[|"), L("|]")
LREN, RREN = L("[["), L("]]")
INTERLEAVE, INTCHOICE, ALPHA_BAR = L("|||"), L("|~|"), R(r"\|\|(?!\|)", "||")
BAR = R(r"\|(?![|~\]}])", "|")
TIMEOUT, INTERRUPT, HIDE = L("[>"), L("/\\"), R(r"\\(?!/)", "\\")
ARROW, LARROW, LINK = L("->"), R(r"<-(?!>)", "<-"), L("<->")
AMP, AT, DOTDOT = L("&"), L("@"), L("..")
LENUM, RENUM = L("{|"), L("|}")
LBRACE, RBRACE = R(r"\{(?![|-])", "{"), R(r"\}", "}")
LT, GT = R(r"<(?![-=])", "<"), R(r">(?!=)", ">")
DOT, BANG, QUERY = R(r"\.(?!\.)", "."), R(r"!(?!=)", "!"), L("?")
COLON = R(r":(?!\[)", ":")
SEMI, COMMA, LP, RP = L(";"), L(","), L("("), L(")")
EQUALS = R(r"=(?!=)", "=")
MINUS = R(r"-(?!>)", "-")
APP_LP = pp.Regex(r"[ \t]*\(").leave_whitespace().set_name("'('")  # f(x): no newline before '('


def _loc(s: str, loc: int) -> tuple[int, int]:
    return pp.lineno(loc, s), pp.col(loc, s)


def action(element: pp.ParserElement, build: Callable[..., Any]) -> pp.ParserElement:
    """Attach ``build(loc, tokens)`` as the parse action of ``element``."""

    def act(s: str, loc: int, toks: pp.ParseResults) -> Any:
        return build(_loc(s, loc), toks)

    return element.copy().add_parse_action(act)


def _fold_left(make: Callable[[str, Any, Any, tuple[int, int]], Any]) -> Callable[..., Any]:
    def build(loc: tuple[int, int], toks: pp.ParseResults) -> Any:
        items = list(toks)
        result = items[0]
        for i in range(1, len(items), 2):
            result = make(items[i], result, items[i + 1], loc)
        return result

    return build


def _chain(
    operand: pp.ParserElement, op: pp.ParserElement, make: Callable[[str, Any, Any, tuple[int, int]], Any]
) -> pp.ParserElement:
    return action(operand + pp.ZeroOrMore(op + operand), _fold_left(make))


expr = pp.Forward().set_name("an expression")
pattern = pp.Forward().set_name("a pattern")
decl = pp.Forward().set_name("a declaration")

# -- patterns -----------------------------------------------------------------------------

_pat_items = pp.Optional(pp.DelimitedList(pattern))
pat_atom = (
    action(L("_"), lambda loc, t: A.PWild(loc=loc))
    | action(
        pp.Optional(MINUS) + INT, lambda loc, t: A.PLit(-int(t[-1]) if len(t) == 2 else int(t[0]), loc=loc)
    )
    | action(K("true"), lambda loc, t: A.PLit(True, loc=loc))
    | action(K("false"), lambda loc, t: A.PLit(False, loc=loc))
    | action(IDENT, lambda loc, t: A.PVar(t[0], loc=loc))
    | action(
        LP + pp.Group(pp.DelimitedList(pattern)) + RP,
        lambda loc, t: t[1][0] if len(t[1]) == 1 else A.PTuple(list(t[1]), loc=loc),
    )
    | action(LT + pp.Group(_pat_items) + GT, lambda loc, t: A.PSeq(list(t[1]), loc=loc))
    | action(LBRACE + pp.Group(_pat_items) + RBRACE, lambda loc, t: A.PSet(list(t[1]), loc=loc))
).set_name("a pattern")
pat_dot = action(
    pat_atom + pp.ZeroOrMore(DOT.suppress() + pat_atom),
    lambda loc, t: t[0] if len(t) == 1 else A.PDot(list(t), loc=loc),
)
pattern <<= _chain(pat_dot, L("^"), lambda op, a, b, loc: A.PConcat(a, b, loc=loc))

# -- generators (comprehensions, replicated operators) ------------------------------------

bool_expr = pp.Forward().set_name("an expression")
add_expr = pp.Forward().set_name("an expression")
dot_fwd = pp.Forward().set_name("an expression")
comp_gen = action(pattern + LARROW + bool_expr, lambda loc, t: A.Gen(t[0], t[2], loc=loc)) | action(
    bool_expr, lambda loc, t: A.Gen(None, t[0], loc=loc)
)
comp_gens = pp.Group(pp.DelimitedList(comp_gen))
rep_gen = action(pattern + COLON + add_expr, lambda loc, t: A.Gen(t[0], t[2], loc=loc))
rep_gens = pp.Group(pp.DelimitedList(rep_gen, allow_trailing_delim=False)) + AT.suppress()

# -- atoms --------------------------------------------------------------------------------

items = pp.Group(pp.DelimitedList(expr))
seq_items = pp.Group(pp.DelimitedList(dot_fwd))

set_atom = (
    action(LBRACE + RBRACE, lambda loc, t: A.SetLit([], loc=loc))
    | action(
        LBRACE + expr + DOTDOT + pp.Optional(expr) + RBRACE,
        lambda loc, t: A.SetRange(t[1], t[3] if len(t) == 5 else None, loc=loc),
    )
    | action(
        LBRACE + items + BAR + comp_gens + RBRACE, lambda loc, t: A.SetComp(list(t[1]), list(t[3]), loc=loc)
    )
    | action(LBRACE + items + RBRACE, lambda loc, t: A.SetLit(list(t[1]), loc=loc))
)
enum_atom = action(
    LENUM + items + BAR + comp_gens + RENUM, lambda loc, t: A.EnumSetComp(list(t[1]), list(t[3]), loc=loc)
) | action(LENUM + items + RENUM, lambda loc, t: A.EnumSet(list(t[1]), loc=loc))
seq_atom = (
    action(LT + GT, lambda loc, t: A.SeqLit([], loc=loc))
    | action(L("<>"), lambda loc, t: A.SeqLit([], loc=loc))
    | action(
        LT + add_expr + DOTDOT + pp.Optional(add_expr) + GT,
        lambda loc, t: A.SeqRange(t[1], t[3] if len(t) == 5 else None, loc=loc),
    )
    | action(LT + seq_items + BAR + comp_gens + GT, lambda loc, t: A.SeqComp(list(t[1]), list(t[3]), loc=loc))
    | action(LT + seq_items + GT, lambda loc, t: A.SeqLit(list(t[1]), loc=loc))
)
paren_atom = action(
    LP + items + RP, lambda loc, t: t[1][0] if len(t[1]) == 1 else A.TupleExpr(list(t[1]), loc=loc)
)


def _replicated(op: str) -> Callable[..., Any]:
    def build(loc: tuple[int, int], t: pp.ParseResults) -> Any:
        return A.Replicated(op, list(t[1]), t[2], loc=loc)

    return build


replicated = (
    action(EXT + rep_gens - expr, _replicated("[]"))
    | action(INTCHOICE + rep_gens - expr, _replicated("|~|"))
    | action(INTERLEAVE + rep_gens - expr, _replicated("|||"))
    | action(
        LPAR_SYNC + expr + RPAR_SYNC + rep_gens - expr,
        lambda loc, t: A.Replicated("[|", list(t[3]), t[4], t[1], loc=loc),
    )
    | action(
        ALPHA_BAR + rep_gens - (LBRACK + expr + RBRACK + expr),
        lambda loc, t: A.Replicated("||", list(t[1]), t[5], t[3], loc=loc),
    )
    | action(SEMI + rep_gens - expr, _replicated(";"))
)
lambda_atom = action(
    HIDE + pp.Group(pp.DelimitedList(pattern)) + AT - expr, lambda loc, t: A.Lambda(list(t[1]), t[3], loc=loc)
)
if_atom = action(
    K("if") - expr + K("then") + expr + K("else") + expr, lambda loc, t: A.If(t[1], t[3], t[5], loc=loc)
)
let_atom = action(
    K("let") - pp.Group(pp.OneOrMore(decl)) + K("within") + expr,
    lambda loc, t: A.Let(list(t[1]), t[3], loc=loc),
)

atom = (
    action(INT, lambda loc, t: A.Lit(int(t[0]), loc=loc))
    | action(K("true"), lambda loc, t: A.Lit(True, loc=loc))
    | action(K("false"), lambda loc, t: A.Lit(False, loc=loc))
    | action(IDENT, lambda loc, t: A.Name(t[0], loc=loc))
    | paren_atom
    | enum_atom
    | set_atom
    | seq_atom
    | if_atom
    | let_atom
    | lambda_atom
    | replicated
).set_name("an expression")

# -- postfix: application and renaming ----------------------------------------------------

rename_pair = pp.Group(bool_expr + LARROW.suppress() + bool_expr)
rename_suffix = pp.Group(
    LREN + pp.Group(pp.DelimitedList(rename_pair)) + pp.Optional(BAR.suppress() + comp_gens) - RREN
)
app_suffix = pp.Group(APP_LP + pp.Optional(items, default=pp.ParseResults([])) - RP)


def _postfix(loc: tuple[int, int], t: pp.ParseResults) -> Any:
    result = t[0]
    for suffix in t[1:]:
        if suffix[0] == "[[":
            pairs = [(p[0], p[1]) for p in suffix[1]]
            gens = list(suffix[2]) if len(suffix) == 4 else []
            result = A.Rename(result, pairs, gens, loc=loc)
        else:
            args = list(suffix[1]) if len(suffix) == 3 else []
            result = A.App(result, args, loc=loc)
    return result


postfix = action(atom + pp.ZeroOrMore(rename_suffix | app_suffix), _postfix)

unary = pp.Forward()
unary <<= (
    action(MINUS + unary, lambda loc, t: A.UnOp("-", t[1], loc=loc))
    | action(L("#") + unary, lambda loc, t: A.UnOp("#", t[1], loc=loc))
    | postfix
)
mul_expr = _chain(unary, pp.one_of("* / %"), lambda op, a, b, loc: A.BinOp(op, a, b, loc=loc))
add_expr <<= _chain(mul_expr, MINUS | L("+") | L("^"), lambda op, a, b, loc: A.BinOp(op, a, b, loc=loc))
dot_expr = _chain(add_expr, DOT, lambda op, a, b, loc: A.Dot(a, b, loc=loc))
dot_fwd <<= dot_expr
CMP = pp.Regex(r"==|!=|<=|>=|<(?![-=>])|>").set_name("a comparison")
cmp_expr = action(
    dot_expr + pp.Optional(CMP + dot_expr),
    lambda loc, t: t[0] if len(t) == 1 else A.BinOp(t[1], t[0], t[2], loc=loc),
)
not_expr = pp.Forward()
not_expr <<= action(K("not") + not_expr, lambda loc, t: A.UnOp("not", t[1], loc=loc)) | cmp_expr
and_expr = _chain(not_expr, K("and"), lambda op, a, b, loc: A.BinOp("and", a, b, loc=loc))
bool_expr <<= _chain(and_expr, K("or"), lambda op, a, b, loc: A.BinOp("or", a, b, loc=loc))

# -- processes ----------------------------------------------------------------------------

prefix_level = pp.Forward().set_name("a process")
field = (
    action(DOT + add_expr, lambda loc, t: A.Field(".", t[1], loc=loc))
    | action(BANG + add_expr, lambda loc, t: A.Field("!", t[1], loc=loc))
    | action(
        QUERY - pat_atom + pp.Optional(COLON.suppress() + add_expr),
        lambda loc, t: A.Field("?", t[1], t[2] if len(t) == 3 else None, loc=loc),
    )
)
prefix_form = action(
    add_expr + pp.Group(pp.ZeroOrMore(field)) + ARROW - prefix_level,
    lambda loc, t: A.Prefix(t[0], list(t[1]), t[3], loc=loc),
) | action(bool_expr + AMP - prefix_level, lambda loc, t: A.Guard(t[0], t[2], loc=loc))
seq_level = _chain(bool_expr, SEMI, lambda op, a, b, loc: A.ProcOp(";", a, b, loc=loc))
seq_level = action(
    bool_expr + pp.ZeroOrMore(SEMI - (prefix_form | bool_expr)),
    _fold_left(lambda op, a, b, loc: A.ProcOp(";", a, b, loc=loc)),
)
prefix_level <<= prefix_form | seq_level


def _proc_chain(operand: pp.ParserElement, op: pp.ParserElement, name: str) -> pp.ParserElement:
    return action(
        operand + pp.ZeroOrMore(op - operand), _fold_left(lambda o, a, b, loc: A.ProcOp(name, a, b, loc=loc))
    )


timeout_level = _proc_chain(prefix_level, TIMEOUT, "[>")
interrupt_level = _proc_chain(timeout_level, INTERRUPT, "/\\")
ext_level = _proc_chain(interrupt_level, EXT, "[]")
int_level = _proc_chain(ext_level, INTCHOICE, "|~|")

link_pair = pp.Group(bool_expr + LINK.suppress() + bool_expr)
par_op = (
    pp.Group(LPAR_SYNC + expr - RPAR_SYNC)
    | pp.Group(LBRACK + expr + ALPHA_BAR - expr + RBRACK)
    | pp.Group(
        LBRACK + pp.Group(pp.DelimitedList(link_pair)) + pp.Optional(BAR.suppress() + comp_gens) - RBRACK
    )
)


def _par(loc: tuple[int, int], t: pp.ParseResults) -> Any:
    items_ = list(t)
    result = items_[0]
    for i in range(1, len(items_), 2):
        op, right = items_[i], items_[i + 1]
        if op[0] == "[|":
            result = A.GenPar(result, op[1], right, loc=loc)
        elif len(op) == 5 and op[2] == "||":
            result = A.AlphaPar(result, op[1], op[3], right, loc=loc)
        else:
            pairs = [(p[0], p[1]) for p in op[1]]
            gens = list(op[2]) if len(op) == 4 else []
            result = A.LinkPar(result, pairs, gens, right, loc=loc)
    return result


par_level = action(int_level + pp.ZeroOrMore(par_op - int_level), _par)
inter_level = _proc_chain(par_level, INTERLEAVE, "|||")
expr <<= action(
    inter_level + pp.ZeroOrMore(HIDE - inter_level), _fold_left(lambda o, a, b, loc: A.Hide(a, b, loc=loc))
)

# -- declarations -------------------------------------------------------------------------

names = pp.Group(pp.DelimitedList(IDENT))
channel_decl = action(
    K("channel") - names + pp.Optional(COLON.suppress() + dot_expr),
    lambda loc, t: A.Channel(list(t[1]), t[2] if len(t) == 3 else None, loc=loc),
)
dt_clause = pp.Group(IDENT + pp.Optional(DOT.suppress() + dot_expr))
datatype_decl = action(
    K("datatype") - IDENT + EQUALS + pp.DelimitedList(dt_clause, delim=BAR),
    lambda loc, t: A.DataType(t[1], [(c[0], c[1] if len(c) == 2 else None) for c in t[3:]], loc=loc),
)
nametype_decl = action(K("nametype") - IDENT + EQUALS + expr, lambda loc, t: A.NameType(t[1], t[3], loc=loc))
transparent_decl = action(
    (K("transparent") | K("external")) - names, lambda loc, t: A.Transparent(list(t[1]), loc=loc)
)
params = pp.Group(APP_LP.suppress() + pp.Optional(pp.DelimitedList(pattern)) + RP.suppress())
definition = action(
    IDENT + pp.Group(pp.ZeroOrMore(params)) + EQUALS - expr,
    lambda loc, t: A.Definition(t[0], [A.Clause([list(p) for p in t[1]], t[3], loc=loc)], loc=loc),
)
pattern_def = action(pattern + EQUALS - expr, lambda loc, t: A.PatternDef(t[0], t[2], loc=loc))

MODEL = pp.Regex(r"\[(T|F|FD)\]").set_name("a model [T], [F] or [FD]")
REFINES = pp.Regex(r"\[(T|F|FD)=").set_name("a refinement [T=, [F= or [FD=")


def _model(t: pp.ParseResults, default: str) -> str:
    return t[0][1:-1] if t else default


prop_model = pp.Group(pp.Optional(MODEL))
prop = (
    pp.Group(K("deadlock") + K("free") + prop_model)
    | pp.Group(K("divergence") + K("free") + prop_model)
    | pp.Group(K("deterministic") + prop_model)
    | pp.Group(K("has") + K("trace") + prop_model)
).set_name("a property: deadlock free, divergence free, deterministic or has trace")


def _assertion(loc: tuple[int, int], t: pp.ParseResults) -> Any:
    parts = list(t)[1:]
    negated = False
    if parts and parts[0] == "not":
        negated, parts = True, parts[1:]
    left = parts[0]
    if isinstance(parts[1], str):  # [T= etc.
        return A.Assertion("refines", parts[1][1:-1], left, parts[2], negated, loc=loc)
    p = parts[1]
    words = [w for w in p if isinstance(w, str)]
    model = _model(p[-1], "FD" if words[0] != "has" else "T")
    if words[0] == "deadlock":
        return A.Assertion("deadlock free", model, left, None, negated, loc=loc)
    if words[0] == "divergence":
        return A.Assertion("divergence free", "FD", left, None, negated, loc=loc)
    if words[0] == "deterministic":
        return A.Assertion("deterministic", model, left, None, negated, loc=loc)
    return A.Assertion("has trace", model, left, parts[2], negated, loc=loc)


assertion = action(
    K("assert")
    - pp.Optional(K("not"))
    + expr
    + (
        (REFINES - expr)
        | (L(":[").suppress() - prop + L("]").suppress() + pp.Optional(L(":").suppress() - expr))
    ),
    _assertion,
)
decl <<= (
    channel_decl | datatype_decl | nametype_decl | transparent_decl | assertion | definition | pattern_def
)
script = pp.ZeroOrMore(decl) + pp.StringEnd().set_name("a declaration")
_COMMENTS = pp.Regex(r"--[^\n]*") | pp.Regex(r"\{-(?:.|\n)*?-\}")
script.ignore(_COMMENTS)
expr.ignore(_COMMENTS)
decl.ignore(_COMMENTS)


def _error(error: pp.ParseBaseException, text: str, filename: str) -> CSPmSyntaxError:
    line, col = error.lineno, error.col
    found = text[error.loc : error.loc + 1]
    expected = str(error.msg).removeprefix("Expected ").strip()
    if expected in ("end of text", "StringEnd", "a declaration"):
        expected = (
            "a declaration (channel ..., datatype ..., nametype ..., NAME = ..., f(x) = ..., assert ...)"
        )
    if expected.startswith("{") or "|" in expected or len(expected) > 120:
        expected = "an expression or a process"
    source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    what = f"found {found!r}" if found else "found the end of the file"
    return CSPmSyntaxError(f"expected {expected}, {what}", filename, line, col, source)


def parse_script(text: str, filename: str = "<string>") -> list[A.Decl]:
    """The declarations of the CSPm script ``text``; raises :class:`CSPmSyntaxError` with file, line, column.

    >>> [d.name for d in parse_script("P = STOP\\nQ(x) = P")]
    ['P', 'Q']
    """
    try:
        return list(script.parse_string(text, parse_all=True))
    except pp.ParseBaseException as error:
        raise _error(error, text, filename) from None
    except RecursionError:
        raise CSPmSyntaxError("the script nests too deeply to parse", filename, 1, 1, "") from None


def parse_expression(text: str, filename: str = "<string>") -> A.Node:
    """One CSPm expression or process, e.g. ``"a -> STOP [] b -> SKIP"``."""
    try:
        return _EXPRESSION.parse_string(text, parse_all=True)[0]
    except pp.ParseBaseException as error:
        raise _error(error, text, filename) from None


# Built once: ignore() adds the comment skipper to every element below it, so calling it per parse would
# make the grammar slower with every call.
_EXPRESSION = expr + pp.StringEnd()
_ASSERTION = assertion + pp.StringEnd()


def parse_assertion(text: str, filename: str = "<input>") -> A.Assertion:
    """One ``assert ...`` line (the word ``assert`` may be left out)."""
    source = text.strip()
    if not source.startswith("assert"):
        source = "assert " + source
    try:
        return _ASSERTION.parse_string(source, parse_all=True)[0]
    except pp.ParseBaseException as error:
        raise _error(error, source, filename) from None
