"""The evaluator of CSPm's functional language: declarations, values, pattern matching, processes.

:class:`Evaluator` binds a script's declarations (lazily: a definition is
evaluated when first used) and evaluates expressions to values
(:mod:`.values`) or process terms (:mod:`.semantics`).

>>> from csp.algebra.cspm.grammar import parse_script, parse_expression
>>> ev = Evaluator(parse_script("f(0) = 1\\nf(n) = n * f(n-1)"))
>>> ev.eval(parse_expression("f(5)"), {})
120
"""

from __future__ import annotations

import itertools
from typing import Any, Callable, Iterable

from . import ast as A
from . import semantics as S
from .builtins import BUILTINS, Builtin, InfiniteSet
from .errors import CSPmEvalError, Undecidable
from .values import CSeq, CTuple, dot, fields, is_dotted, show, sorted_values

__all__ = ["Evaluator", "Closure", "ChannelInfo"]


class _Thunk:
    """A definition not evaluated yet (a global, or a ``let`` binding)."""

    __slots__ = ("compute", "value", "state", "name")

    def __init__(self, name: str, compute: Callable[[], Any]) -> None:
        self.name, self.compute, self.state, self.value = name, compute, 0, None

    def get(self) -> Any:
        if self.state == 2:
            return self.value
        if self.state == 1:
            raise CSPmEvalError(
                f"{self.name} is defined in terms of itself (unguarded recursion: put an "
                "event prefix before the recursive use)"
            )
        self.state = 1
        try:
            self.value = self.compute()
        finally:
            self.state = 0
        self.state = 2
        return self.value


class Closure:
    """A CSPm function: its clauses (patterns and bodies) and the environment it was defined in."""

    __slots__ = ("name", "clauses", "env", "ev", "bound", "_key")

    def __init__(
        self, name: str, clauses: list[A.Clause], env: dict, ev: Evaluator, bound: tuple = ()
    ) -> None:
        self.name, self.clauses, self.env, self.ev, self.bound = name, clauses, env, ev, bound
        self._key = (id(clauses), ev.env_key_for(clauses, env), bound)

    def __eq__(self, other: object) -> bool:
        return type(other) is Closure and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"<function {self.name}>"

    def __call__(self, args: list[Any], loc: tuple[int, int] = (0, 0)) -> Any:
        groups = self.bound + (tuple(args),)
        depth = len(self.clauses[0].params)
        if len(groups) < depth:
            return Closure(self.name, self.clauses, self.env, self.ev, groups)
        for clause in self.clauses:
            env = dict(self.env)
            if all(
                len(ps) == len(vs) and all(self.ev.match(p, v, env) for p, v in zip(ps, vs, strict=True))
                for ps, vs in zip(clause.params, groups, strict=True)
            ):
                result = self.ev.eval(clause.body, env)
                if isinstance(result, S.Term) and not self.env:
                    label = self.name + "".join("(" + ", ".join(show(v) for v in g) + ")" for g in groups)
                    self.ev.labels.setdefault(result, label)
                return result
        shown = "".join("(" + ", ".join(show(v) for v in g) + ")" for g in groups)
        raise CSPmEvalError(f"no clause of {self.name} matches {self.name}{shown}", self.ev.filename, *loc)


class ChannelInfo:
    """A declared channel: its name and the list of values of each of its fields."""

    __slots__ = ("name", "field_values", "field_sets", "_events")

    def __init__(self, name: str, field_values: list[list[Any]]) -> None:
        self.name, self.field_values = name, field_values
        self.field_sets = [frozenset(v) for v in field_values]
        self._events: list[tuple] | None = None

    def events(self) -> list[tuple]:
        """Every event of the channel, as ``(flat event, field values)`` pairs."""
        if self._events is None:
            out = []
            for combo in itertools.product(*self.field_values):
                flat: tuple = (self.name,)
                for v in combo:
                    flat += fields(v)
                out.append((flat, combo))
            self._events = out
        return self._events


_LIMIT = 2_000_000  # the most values a set or a channel may have


class Evaluator:
    """Holds a script's declarations and evaluates expressions in it."""

    def __init__(self, decls: list[A.Decl], filename: str = "<string>") -> None:
        self.filename = filename
        self.globals: dict[str, Any] = {}
        self.channels: dict[str, ChannelInfo] = {}
        self.constructors: dict[str, str] = {}  # constructor -> its datatype
        self.nametypes: dict[str, list[list[Any]]] = {}
        self.assertions: list[A.Assertion] = []
        self._names_cache: dict[int, tuple[str, ...]] = {}
        self._events_cache: frozenset | None = None
        self._lambdas: dict[int, list[A.Clause]] = {}
        self.forced: dict = {}  # Delayed -> the term it stands for
        self.labels: dict = {}  # term -> the name it was defined by ("PHIL(0)"), for the debugger
        self._dispatch = {
            cls: getattr(self, "_e_" + cls.__name__)
            for cls in (
                A.Lit,
                A.Name,
                A.App,
                A.Dot,
                A.BinOp,
                A.UnOp,
                A.If,
                A.Let,
                A.Lambda,
                A.TupleExpr,
                A.SetLit,
                A.SetRange,
                A.SetComp,
                A.EnumSet,
                A.EnumSetComp,
                A.SeqLit,
                A.SeqRange,
                A.SeqComp,
                A.Prefix,
                A.Guard,
                A.ProcOp,
                A.Hide,
                A.GenPar,
                A.AlphaPar,
                A.LinkPar,
                A.Rename,
                A.Replicated,
            )
        }
        self._bind(decls)

    # -- errors and environments ------------------------------------------------------------

    def error(self, message: str, node: A.Node | None = None) -> CSPmEvalError:
        line, col = node.loc if node is not None else (0, 0)
        return CSPmEvalError(message, self.filename if node is not None else "", line, col)

    def names_in(self, node: Any) -> tuple[str, ...]:
        """Every name used anywhere in ``node`` (a safe superset of its free variables)."""
        key = id(node)
        cached = self._names_cache.get(key)
        if cached is None:
            found: set[str] = set()
            stack = [node]
            while stack:
                n = stack.pop()
                if isinstance(n, A.Name):
                    found.add(n.id)
                elif isinstance(n, A.Node):
                    stack.extend(vars(n).values())
                elif isinstance(n, (list, tuple)):
                    stack.extend(n)
            cached = self._names_cache[key] = tuple(sorted(found))
        return cached

    def env_key_for(self, node: Any, env: dict) -> tuple:
        """The values, in ``env``, of the names ``node`` uses: with ``id(node)``, what identifies it."""
        return tuple((n, env[n]) for n in self.names_in(node) if n in env)

    def delayed(self, node: A.Node, env: dict) -> S.Delayed:
        key = (id(node), self.env_key_for(node, env))
        return S.Delayed(
            lambda: self.eval_process(node, env), key, f"the process at line {node.loc[0]}", self.forced
        )

    # -- declarations ----------------------------------------------------------------------

    def _bind(self, decls: list[A.Decl]) -> None:
        g = self.globals
        g.update(BUILTINS)
        pending_types: list[A.Node] = []
        definitions: dict[str, list[A.Clause]] = {}
        order: list[tuple[str, A.Node]] = []
        for d in decls:
            if isinstance(d, A.Definition):
                if d.name in definitions and d.clauses[0].params:
                    definitions[d.name].extend(d.clauses)
                    continue
                if d.name in definitions or d.name in self.channels:
                    raise self.error(f"{d.name} is defined twice", d)
                definitions[d.name] = list(d.clauses)
                order.append((d.name, d))
            elif isinstance(d, A.Channel):
                for name in d.names:
                    if name in definitions or name in self.channels:
                        raise self.error(f"{name} is declared twice", d)
                    g[name] = (name,)
                    self.channels[name] = None  # type: ignore[assignment]  # filled in below
                pending_types.append(d)
            elif isinstance(d, A.DataType):
                for ctor, _ in d.clauses:
                    self.constructors[ctor] = d.name
                    g[ctor] = (ctor,)
                g[d.name] = _Thunk(d.name, lambda d=d: self._datatype_values(d))
            elif isinstance(d, A.NameType):
                g[d.name] = _Thunk(d.name, lambda d=d: self._nametype_value(d))
            elif isinstance(d, A.Transparent):
                for name in d.names:
                    g[name] = Builtin(name, 1, lambda p: p, "a transparent function, the identity here")
            elif isinstance(d, A.PatternDef):
                self._bind_pattern(d, g, {})
            elif isinstance(d, A.Assertion):
                self.assertions.append(d)
        for name, _ in order:
            clauses = definitions[name]
            if clauses[0].params:
                g[name] = Closure(name, clauses, {}, self)
            else:
                body = clauses[0].body
                g[name] = _Thunk(name, lambda body=body, name=name: self._labelled(name, self.eval(body, {})))
        for d in pending_types:
            for name in d.names:
                self.channels[name] = ChannelInfo(name, self.eval_type(d.type, {}) if d.type else [])

    def _labelled(self, name: str, value: Any) -> Any:
        if isinstance(value, S.Term):
            self.labels.setdefault(value, name)
        return value

    def _bind_pattern(self, d: A.PatternDef, target: dict, env: dict) -> None:
        whole = _Thunk("a pattern definition", lambda: self.eval(d.body, env))
        names = _pattern_names(d.pattern)

        def part(name: str) -> Any:
            bound: dict = {}
            if not self.match(d.pattern, whole.get(), bound):
                raise self.error(f"the value {show(whole.get())} does not match the pattern", d)
            return bound[name]

        for name in names:
            target[name] = _Thunk(name, lambda name=name: part(name))

    def _datatype_values(self, d: A.DataType) -> frozenset:
        out: list[Any] = []
        for ctor, ftype in d.clauses:
            if ftype is None:
                out.append((ctor,))
                continue
            for combo in itertools.product(*self.eval_type(ftype, {})):
                v: tuple = (ctor,)
                for x in combo:
                    v += fields(x)
                out.append(v)
        return frozenset(out)

    def _nametype_value(self, d: A.NameType) -> Any:
        parts = self.eval_type(d.type, {})
        self.nametypes[d.name] = parts
        if len(parts) == 1:
            return frozenset(parts[0])
        return _DottedType(d.name, parts)

    def eval_type(self, node: A.Node, env: dict) -> list[list[Any]]:
        """The field sets of a type such as ``{0..3}.Bool``: one sorted list of values per field."""
        if isinstance(node, A.Dot):
            return self.eval_type(node.left, env) + self.eval_type(node.right, env)
        if isinstance(node, A.TupleExpr):
            sets = [self._finite(self.eval(item, env), item) for item in node.items]
            return [sorted_values(CTuple(c) for c in itertools.product(*sets))]
        value = self.eval(node, env)
        if isinstance(value, _DottedType):
            return list(value.parts)
        return [sorted_values(self._finite(value, node))]

    def _finite(self, value: Any, node: A.Node) -> frozenset:
        if isinstance(value, InfiniteSet):
            raise Undecidable(
                f"{self.filename}:{node.loc[0]}:{node.loc[1]}: {value.name} is infinite: give "
                "a finite set here (a range {a..b}, a datatype, ...)"
            )
        if not isinstance(value, frozenset):
            raise self.error(f"expected a set, got {show(value)}", node)
        return value

    # -- evaluation ------------------------------------------------------------------------

    def eval(self, node: A.Node, env: dict) -> Any:
        """The value of ``node`` in the local environment ``env``."""
        try:
            method = self._dispatch[type(node)]
        except KeyError:
            raise self.error(f"{type(node).__name__} cannot be used as an expression here", node) from None
        try:
            return method(node, env)
        except (CSPmEvalError, Undecidable):
            raise
        except RecursionError:
            raise self.error("evaluation recursed too deeply (an infinite recursion?)", node) from None
        except (TypeError, ValueError, ZeroDivisionError, IndexError) as err:
            raise self.error(f"cannot evaluate this: {err}", node) from None

    def eval_process(self, node: A.Node, env: dict) -> S.Term:
        value = self.eval(node, env)
        if isinstance(value, S.Delayed):
            value = S.force(value)
        if not isinstance(value, S.Term):
            raise self.error(f"expected a process, got {show(value)}", node)
        return value

    def lookup(self, name: str, env: dict, node: A.Node | None = None) -> Any:
        if name in env:
            v = env[name]
        elif name in self.globals:
            v = self.globals[name]
        elif name == "Events":
            return self.all_events()
        else:
            raise self.error(f"{name} is not defined", node)
        return v.get() if type(v) is _Thunk else v

    def _e_Lit(self, node: A.Lit, env: dict) -> Any:
        return node.value

    def _e_Name(self, node: A.Name, env: dict) -> Any:
        return self.lookup(node.id, env, node)

    def _e_App(self, node: A.App, env: dict) -> Any:
        fn = self.eval(node.fn, env)
        args = [self.eval(a, env) for a in node.args]
        if isinstance(fn, Closure):
            return fn(args, node.loc)
        if isinstance(fn, Builtin):
            return fn.call(self, args, node)
        raise self.error(f"{show(fn)} is not a function", node)

    def _e_Dot(self, node: A.Dot, env: dict) -> Any:
        left = self.eval(node.left, env)
        right = self.eval(node.right, env)
        if not is_dotted(left):
            raise self.error(
                f"{show(left)} is not a channel or a datatype constructor, so it cannot be "
                f"dotted with {show(right)}",
                node,
            )
        return dot(left, right)

    def _e_BinOp(self, node: A.BinOp, env: dict) -> Any:
        op = node.op
        if op == "and":
            return self._bool(node.left, env) and self._bool(node.right, env)
        if op == "or":
            return self._bool(node.left, env) or self._bool(node.right, env)
        a, b = self.eval(node.left, env), self.eval(node.right, env)
        if op == "==":
            return a == b
        if op == "!=":
            return a != b
        if op == "^":
            if type(a) is not CSeq or type(b) is not CSeq:
                raise self.error(f"^ joins two sequences, got {show(a)} and {show(b)}", node)
            return a + b
        if op in ("<", ">", "<=", ">="):
            if isinstance(a, frozenset) and isinstance(b, frozenset):
                return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
            self._ints(a, b, op, node)
            return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        self._ints(a, b, op, node)
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            raise self.error(f"{show(a)} {op} 0: division by zero", node)
        if op == "/":
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b > 0) else -q
        return a % b

    def _ints(self, a: Any, b: Any, op: str, node: A.Node) -> None:
        if type(a) is not int or type(b) is not int:
            raise self.error(f"{op} needs two integers, got {show(a)} and {show(b)}", node)

    def _bool(self, node: A.Node, env: dict) -> bool:
        v = self.eval(node, env)
        if type(v) is not bool:
            raise self.error(f"expected true or false, got {show(v)}", node)
        return v

    def _e_UnOp(self, node: A.UnOp, env: dict) -> Any:
        if node.op == "not":
            return not self._bool(node.operand, env)
        v = self.eval(node.operand, env)
        if node.op == "-":
            if type(v) is not int:
                raise self.error(f"- needs an integer, got {show(v)}", node)
            return -v
        if type(v) is not CSeq:
            raise self.error(f"# is the length of a sequence, got {show(v)}", node)
        return len(v)

    def _e_If(self, node: A.If, env: dict) -> Any:
        return self.eval(node.then if self._bool(node.cond, env) else node.orelse, env)

    def _e_Let(self, node: A.Let, env: dict) -> Any:
        inner = dict(env)
        defs: dict[str, list[A.Clause]] = {}
        for d in node.decls:
            if isinstance(d, A.Definition):
                defs.setdefault(d.name, []).extend(d.clauses)
            elif isinstance(d, A.PatternDef):
                self._bind_pattern(d, inner, inner)
            else:
                raise self.error(f"a let may hold definitions only, not a {type(d).__name__.lower()}", d)
        for name, clauses in defs.items():
            if clauses[0].params:
                inner[name] = _LazyClosure(name, clauses, inner, self)
            else:
                inner[name] = _Thunk(name, lambda body=clauses[0].body: self.eval(body, inner))
        for name, v in list(inner.items()):
            if type(v) is _LazyClosure:
                inner[name] = v.make()
        return self.eval(node.body, inner)

    def _e_Lambda(self, node: A.Lambda, env: dict) -> Any:
        clauses = self._lambdas.get(id(node))
        if clauses is None:
            clauses = self._lambdas[id(node)] = [A.Clause([node.params], node.body, loc=node.loc)]
        return Closure("lambda", clauses, dict(env), self)

    def _e_TupleExpr(self, node: A.TupleExpr, env: dict) -> Any:
        return CTuple(self.eval(i, env) for i in node.items)

    def _e_SetLit(self, node: A.SetLit, env: dict) -> Any:
        return frozenset(self.eval(i, env) for i in node.items)

    def _range(self, node: A.SetRange | A.SeqRange, env: dict) -> range | None:
        low = self.eval(node.low, env)
        if node.high is None:
            return None
        high = self.eval(node.high, env)
        self._ints(low, high, "..", node)
        if high - low > _LIMIT:
            raise Undecidable(f"{self.filename}:{node.loc[0]}: the range {low}..{high} is too large")
        return range(low, high + 1)

    def _e_SetRange(self, node: A.SetRange, env: dict) -> Any:
        r = self._range(node, env)
        if r is None:
            low = self.eval(node.low, env)
            return InfiniteSet(f"{{{low}..}}", lambda x: type(x) is int and x >= low)
        return frozenset(r)

    def generate(self, gens: list[A.Gen], env: dict) -> Iterable[dict]:
        """Every environment the generators and conditions of a comprehension give, in order."""
        if not gens:
            yield env
            return
        g, rest = gens[0], gens[1:]
        if g.pattern is None:
            if self._bool(g.source, env):
                yield from self.generate(rest, env)
            return
        source = self.eval(g.source, env)
        if isinstance(source, frozenset):
            items = sorted_values(source)
        elif type(source) is CSeq:
            items = list(source)
        else:
            items = sorted_values(self._finite(source, g.source))
        for v in items:
            inner = dict(env)
            if self.match(g.pattern, v, inner):
                yield from self.generate(rest, inner)

    def _e_SetComp(self, node: A.SetComp, env: dict) -> Any:
        return frozenset(self.eval(i, e) for e in self.generate(node.gens, env) for i in node.items)

    def _e_EnumSet(self, node: A.EnumSet, env: dict) -> Any:
        return frozenset(ev for i in node.items for ev in self.productions(self.eval(i, env), i))

    def _e_EnumSetComp(self, node: A.EnumSetComp, env: dict) -> Any:
        return frozenset(
            ev
            for e in self.generate(node.gens, env)
            for i in node.items
            for ev in self.productions(self.eval(i, e), i)
        )

    def _e_SeqLit(self, node: A.SeqLit, env: dict) -> Any:
        return CSeq(self.eval(i, env) for i in node.items)

    def _e_SeqRange(self, node: A.SeqRange, env: dict) -> Any:
        r = self._range(node, env)
        if r is None:
            raise Undecidable(f"{self.filename}:{node.loc[0]}: infinite sequences <a..> are not supported")
        return CSeq(r)

    def _e_SeqComp(self, node: A.SeqComp, env: dict) -> Any:
        return CSeq(self.eval(i, e) for e in self.generate(node.gens, env) for i in node.items)

    # -- events ----------------------------------------------------------------------------

    def productions(self, value: Any, node: A.Node | None = None) -> list[tuple]:
        """``{| value |}``: every event that ``value`` (a channel, or a channel with some fields) begins."""
        if not is_dotted(value) or value[0] not in self.channels:
            raise self.error(
                f"{{| {show(value)} |}}: {show(value)} is not a channel or the start of an event", node
            )
        n = len(value)
        return [flat for flat, _ in self.channels[value[0]].events() if flat[:n] == value]

    def all_events(self) -> frozenset:
        """``Events``: every event of every channel."""
        if self._events_cache is None:
            self._events_cache = frozenset(flat for c in self.channels.values() for flat, _ in c.events())
        return self._events_cache

    def event_set(self, node: A.Node, env: dict) -> frozenset:
        value = self.eval(node, env)
        if not isinstance(value, frozenset):
            raise self.error(f"expected a set of events, got {show(value)}", node)
        for e in value:
            if not is_dotted(e) or e[0] not in self.channels:
                raise self.error(
                    f"{show(e)} is not an event (sets of events are written {{| c |}} or {{c.1, c.2}})", node
                )
        return value

    # -- processes -------------------------------------------------------------------------

    def _prefix_events(self, node: A.Prefix, env: dict) -> list[tuple[tuple, dict]]:
        head = self.eval(node.channel, env)
        if not is_dotted(head) or head[0] not in self.channels:
            raise self.error(f"{show(head)} is not a channel (declare it with `channel {show(head)}`)", node)
        info = self.channels[head[0]]
        out: list[tuple[tuple, dict]] = []
        for flat, combo in info.events():
            if flat[: len(head)] != head:
                continue
            self._match_fields(node, node.fields, flat, combo, len(head), env, out)
        if not out and not any(f.kind == "?" for f in node.fields):
            shown = show(head) + "".join(f"{f.kind}{show(self.eval(f.value, env))}" for f in node.fields)
            raise self.error(
                f"{shown} is not an event of channel {info.name} (its fields are "
                + (".".join(show(frozenset(s)) for s in info.field_values) or "none")
                + ")",
                node,
            )
        return out

    def _match_fields(
        self, node: A.Prefix, flds: list[A.Field], flat: tuple, combo: tuple, pos: int, env: dict, out: list
    ) -> None:
        bounds = [1]
        for v in combo:
            bounds.append(bounds[-1] + len(fields(v)))
        inner = env
        for f in flds:
            if f.kind == "?":
                if pos not in bounds[:-1]:
                    return
                k = bounds.index(pos)
                value = combo[k]
                if f is flds[-1] and k + 1 < len(combo):
                    raise self.error(
                        f"{info_name(flat)}?...: an input takes one field, and "
                        f"{len(combo) - k} are left: write one ?x per field",
                        f,
                    )
                if f.restriction is not None:
                    allowed = self.eval(f.restriction, inner)
                    if value not in allowed:
                        return
                if inner is env:
                    inner = dict(env)
                if not self.match(f.value, value, inner):
                    return
                pos = bounds[k + 1]
            else:
                comps = fields(self.eval(f.value, inner))
                if flat[pos : pos + len(comps)] != comps:
                    return
                pos += len(comps)
        if pos == len(flat):
            out.append((flat, inner))

    def _e_Prefix(self, node: A.Prefix, env: dict) -> Any:
        branches = tuple((e, self.delayed(node.body, inner)) for e, inner in self._prefix_events(node, env))
        return S.Menu(branches) if branches else S.STOP

    def _e_Guard(self, node: A.Guard, env: dict) -> Any:
        return self.eval_process(node.body, env) if self._bool(node.cond, env) else S.STOP

    def _e_ProcOp(self, node: A.ProcOp, env: dict) -> Any:
        op = node.op
        left = self.eval_process(node.left, env)
        if op == ";":
            return S.SeqComp(left, self.delayed(node.right, env))
        if op == "[>":
            return S.Timeout(left, self.delayed(node.right, env))
        right = self.eval_process(node.right, env)
        if op == "[]":
            return S.ext_choice((left, right))
        if op == "|~|":
            return S.IntChoice(_flat(S.IntChoice, (left, right)))
        if op == "|||":
            return S.par(frozenset(), (left, right))
        if op == "/\\":
            return S.Interrupt(left, right)
        raise self.error(f"unknown operator {op}", node)  # pragma: no cover - the grammar has no others

    def _e_Hide(self, node: A.Hide, env: dict) -> Any:
        proc = self.eval_process(node.process, env)
        hidden = self.event_set(node.events, env)
        return S.hide(proc, hidden)

    def _e_GenPar(self, node: A.GenPar, env: dict) -> Any:
        left, right = self.eval_process(node.left, env), self.eval_process(node.right, env)
        return S.par(self.event_set(node.sync, env), (left, right))

    def _e_AlphaPar(self, node: A.AlphaPar, env: dict) -> Any:
        left, right = self.eval_process(node.left, env), self.eval_process(node.right, env)
        return S.AlphaPar(
            (left, right), (self.event_set(node.left_alpha, env), self.event_set(node.right_alpha, env))
        )

    def _pairs(self, pairs: list[tuple[A.Node, A.Node]], gens: list[A.Gen], env: dict) -> list[tuple]:
        out = []
        for e in self.generate(gens, env):
            for a_node, b_node in pairs:
                a, b = self.eval(a_node, e), self.eval(b_node, e)
                for ea in self.productions(a, a_node):
                    eb = b + ea[len(a) :] if is_dotted(b) else b
                    if not is_dotted(eb) or eb[0] not in self.channels or eb not in self._channel_set(eb[0]):
                        raise self.error(f"{show(a)} <- {show(b)}: {show(eb)} is not an event", b_node)
                    out.append((ea, eb))
        return out

    def _channel_set(self, name: str) -> set:
        return {flat for flat, _ in self.channels[name].events()}

    def _e_LinkPar(self, node: A.LinkPar, env: dict) -> Any:
        left, right = self.eval_process(node.left, env), self.eval_process(node.right, env)
        return S.Link(left, right, frozenset(self._pairs(node.pairs, node.gens, env)))

    def _e_Rename(self, node: A.Rename, env: dict) -> Any:
        proc = self.eval_process(node.process, env)
        mapping: dict[tuple, list[tuple]] = {}
        for a, b in self._pairs(node.pairs, node.gens, env):
            mapping.setdefault(a, [])
            if b not in mapping[a]:
                mapping[a].append(b)
        return S.Rename(
            proc, tuple(sorted(((a, tuple(bs)) for a, bs in mapping.items()), key=lambda x: show(x[0])))
        )

    def _e_Replicated(self, node: A.Replicated, env: dict) -> Any:
        op = node.op
        envs = list(self.generate(node.gens, env))
        if op == ";":
            procs: list[Any] = [self.delayed(node.body, e) for e in envs]
            if not procs:
                return S.SKIP
            result: Any = procs[-1]
            for p in reversed(procs[:-1]):
                result = S.SeqComp(S.force(p), result)
            return S.force(result)
        if op == "||":
            procs = [self.eval_process(node.body, e) for e in envs]
            alphas = tuple(self.event_set(node.sync, e) for e in envs)  # type: ignore[arg-type]
            if not procs:
                return S.SKIP
            return procs[0] if len(procs) == 1 else S.AlphaPar(tuple(procs), alphas)
        procs = [self.eval_process(node.body, e) for e in envs]
        if op == "[]":
            return S.ext_choice(procs)
        if op == "|~|":
            if not procs:
                raise self.error("|~| over an empty set has no meaning in CSPm (FDR rejects it too)", node)
            return procs[0] if len(procs) == 1 else S.IntChoice(_flat(S.IntChoice, procs))
        if op == "|||":
            return S.par(frozenset(), procs)
        sync = self.event_set(node.sync, env)  # type: ignore[arg-type]
        return S.par(sync, procs)

    # -- patterns --------------------------------------------------------------------------

    def match(self, pattern: A.Node, value: Any, env: dict) -> bool:
        """Match ``value`` against ``pattern``, adding the bound variables to ``env``."""
        t = type(pattern)
        if t is A.PVar:
            name = pattern.name
            if name in self.constructors or name in self.channels:
                return value == (name,)
            env[name] = value
            return True
        if t is A.PWild:
            return True
        if t is A.PLit:
            return type(value) is type(pattern.value) and value == pattern.value
        if t is A.PTuple:
            return (
                type(value) is CTuple
                and len(value) == len(pattern.items)
                and all(self.match(p, v, env) for p, v in zip(pattern.items, value, strict=True))
            )
        if t is A.PSeq:
            return (
                type(value) is CSeq
                and len(value) == len(pattern.items)
                and all(self.match(p, v, env) for p, v in zip(pattern.items, value, strict=True))
            )
        if t is A.PSet:
            if not isinstance(value, frozenset) or len(value) != len(pattern.items):
                return False
            if len(pattern.items) > 1:
                raise self.error("a set pattern may hold one element at most: {x}", pattern)
            return not pattern.items or self.match(pattern.items[0], next(iter(value)), env)
        if t is A.PConcat:
            if type(value) is not CSeq:
                return False
            left, right = pattern.left, pattern.right
            if type(left) is A.PSeq:
                k = len(left.items)
                return (
                    len(value) >= k and self.match(left, value[:k], env) and self.match(right, value[k:], env)
                )
            if type(right) is A.PSeq:
                k = len(right.items)
                cut = len(value) - k
                return cut >= 0 and self.match(left, value[:cut], env) and self.match(right, value[cut:], env)
            raise self.error("in a pattern p ^ q, one side must be a sequence like <x>", pattern)
        if t is A.PDot:
            if not is_dotted(value) or len(value) != len(pattern.parts):
                return False
            head, *rest = pattern.parts
            if type(head) is A.PVar and (head.name in self.constructors or head.name in self.channels):
                if value[0] != head.name:
                    return False
            elif not self.match(head, (value[0],), env):
                return False
            return all(self.match(p, v, env) for p, v in zip(rest, value[1:], strict=True))
        raise self.error(f"{t.__name__} is not a pattern", pattern)  # pragma: no cover


def info_name(flat: tuple) -> str:
    return str(flat[0])


def _flat(cls: type, procs: Iterable[Any]) -> tuple:
    out: list[Any] = []
    for p in procs:
        out.extend(p.procs if type(p) is cls else (p,))
    return tuple(out)


def _pattern_names(pattern: A.Node) -> list[str]:
    if isinstance(pattern, A.PVar):
        return [pattern.name]
    out: list[str] = []
    for v in vars(pattern).values():
        for item in v if isinstance(v, list) else [v]:
            if isinstance(item, A.Node):
                out.extend(_pattern_names(item))
    return out


class _LazyClosure:
    """A local function while its ``let`` is being set up (so that functions may call each other)."""

    __slots__ = ("name", "clauses", "env", "ev")

    def __init__(self, name: str, clauses: list[A.Clause], env: dict, ev: Evaluator) -> None:
        self.name, self.clauses, self.env, self.ev = name, clauses, env, ev

    def make(self) -> Closure:
        c = Closure.__new__(Closure)
        c.name, c.clauses, c.env, c.ev, c.bound = self.name, self.clauses, self.env, self.ev, ()
        c._key = (id(self.clauses), id(self.env))  # the let's own environment: one per evaluation
        return c


class _DottedType:
    """A ``nametype`` of several fields (``{0..1}.{0..1}``): usable as a channel type."""

    __slots__ = ("name", "parts")

    def __init__(self, name: str, parts: list[list[Any]]) -> None:
        self.name, self.parts = name, parts

    def __repr__(self) -> str:
        return self.name
