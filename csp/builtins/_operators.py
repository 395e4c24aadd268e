"""Operator processes: one process per Python operator (``Plus``, ``Lxor``, ``Lt``, ...).

Unary ones read ``x`` from ``cin`` and write ``f(x)`` to ``cout``; binary ones
read ``a`` from ``cin1`` *then* ``b`` from ``cin2`` and write ``f(a, b)`` to
``cout``. :func:`unop` and :func:`binop` build new ones. Each has its own
``__name__`` and a docstring whose first line says what it reads and writes.
The logical ones (``Land``, ``Lor``, ``Lnot``, ``Lnand``, ``Lnor``, ``Lxor``)
always write a ``bool``.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable, Generator

from .._channel import Channel
from .._process import Process, forever

__all__ = [
    "unop",
    "binop",
    # arithmetic
    "Plus",
    "Pairs",
    "Sub",
    "Mul",
    "Multiply",
    "Div",
    "FloorDiv",
    "Mod",
    "Pow",
    "Neg",
    "Sin",
    "Cos",
    # bitwise
    "Not",
    "And",
    "Or",
    "Nand",
    "Nor",
    "Xor",
    "LShift",
    "RShift",
    # logical
    "Land",
    "Lor",
    "Lnot",
    "Lnand",
    "Lnor",
    "Lxor",
    # comparison
    "Eq",
    "Ne",
    "Geq",
    "Leq",
    "Gt",
    "Lt",
    "Is",
    "Is_Not",
]

Body = Generator[Any, Any, None]


def _name_of(fn: Callable[..., Any], name: str | None, kind: str) -> str:
    if name is not None:
        if not name.isidentifier():
            raise ValueError(f"{kind}(..., name={name!r}): a process name must be a Python identifier")
        return name
    fname = getattr(fn, "__name__", "")
    if not fname.isidentifier():
        raise ValueError(
            f"{kind}({fn!r}) needs a name for the new process (its function has none): "
            f"write {kind}(fn, 'what it writes', name='MyProcess')"
        )
    return fname


def unop(fn: Callable[[Any], Any], docstring: str = "", name: str | None = None) -> Callable[..., Process]:
    """Make a process ``P(cin, cout)`` that reads x from cin and writes ``fn(x)`` to cout.

    ``docstring`` is the process's one-line summary; ``name`` its
    ``__name__`` (default: ``fn.__name__``)::

        Half = unop(lambda x: x / 2, "writes half of each value", name="Half")
        Par(Generate(a), Half(a, b), consumer(b))   # 0.0, 0.5, 1.0, ...
    """
    if not callable(fn):
        raise TypeError(f"unop({fn!r}): the first argument is the function to apply, e.g. operator.neg")
    pname = _name_of(fn, name, "unop")

    def body(cin: Channel, cout: Channel) -> Body:
        while True:
            yield cout.write(fn((yield cin.read())))

    body.__name__ = body.__qualname__ = pname
    summary = docstring or f"writes {pname}(x)"
    body.__doc__ = (
        f"{pname}(cin, cout): reads x from cin, {summary.rstrip('.')} to cout.\n\n"
        f"Runs for ever; ends when either channel is poisoned (and poisons the other)::\n\n"
        f"    Par(src(a), {pname}(a, b), sink(b))\n"
    )
    return forever(body)


def binop(
    fn: Callable[[Any, Any], Any], docstring: str = "", name: str | None = None
) -> Callable[..., Process]:
    """Make a process ``P(cin1, cin2, cout)``: reads a from cin1, then b from cin2, writes ``fn(a, b)``.

    ``docstring`` is the process's one-line summary; ``name`` its
    ``__name__`` (default: ``fn.__name__``)::

        Hyp = binop(math.hypot, "writes hypot(a, b)", name="Hyp")
        Par(src(a), src(b), Hyp(a, b, c), sink(c))
    """
    if not callable(fn):
        raise TypeError(f"binop({fn!r}): the first argument is the function to apply, e.g. operator.add")
    pname = _name_of(fn, name, "binop")

    def body(cin1: Channel, cin2: Channel, cout: Channel) -> Body:
        while True:
            a = yield cin1.read()
            b = yield cin2.read()
            yield cout.write(fn(a, b))

    body.__name__ = body.__qualname__ = pname
    summary = docstring or f"writes {pname}(a, b)"
    body.__doc__ = (
        f"{pname}(cin1, cin2, cout): reads a from cin1 then b from cin2, {summary.rstrip('.')} to cout.\n\n"
        f"Always reads ``cin1`` first. Runs for ever; ends when any of its channels is\n"
        f"poisoned (and poisons the others)::\n\n"
        f"    Par(src(a), src(b), {pname}(a, b, c), sink(c))\n"
    )
    return forever(body)


def _unary(name: str, fn: Callable[[Any], Any], writes: str) -> Callable[..., Process]:
    return unop(fn, f"writes {writes}", name=name)


def _binary(name: str, fn: Callable[[Any, Any], Any], writes: str) -> Callable[..., Process]:
    return binop(fn, f"writes {writes}", name=name)


def _lnand(a: Any, b: Any) -> bool:
    return not (a and b)


def _lnor(a: Any, b: Any) -> bool:
    return not (a or b)


def _lxor(a: Any, b: Any) -> bool:
    # python-csp wrote (a or b) and (not a and b), which is False for (True, False).
    return bool(a) != bool(b)


# Arithmetic.
Plus = _binary("Plus", operator.add, "a + b")
Sub = _binary("Sub", operator.sub, "a - b")
Mul = _binary("Mul", operator.mul, "a * b")
Div = _binary("Div", operator.truediv, "a / b")
FloorDiv = _binary("FloorDiv", operator.floordiv, "a // b")
Mod = _binary("Mod", operator.mod, "a % b")
Pow = _binary("Pow", operator.pow, "a ** b")
Neg = _unary("Neg", operator.neg, "-x")
Sin = _unary("Sin", math.sin, "math.sin(x)")
Cos = _unary("Cos", math.cos, "math.cos(x)")

Pairs = Plus
Multiply = Mul

# Bitwise.
Not = _unary("Not", operator.invert, "the bitwise inverse ~x")
And = _binary("And", operator.and_, "the bitwise and a & b")
Or = _binary("Or", operator.or_, "the bitwise or a | b")
Nand = _binary("Nand", lambda a, b: ~(a & b), "the bitwise nand ~(a & b)")
Nor = _binary("Nor", lambda a, b: ~(a | b), "the bitwise nor ~(a | b)")
Xor = _binary("Xor", operator.xor, "the bitwise xor a ^ b")
LShift = _binary("LShift", operator.lshift, "a << b")
RShift = _binary("RShift", operator.rshift, "a >> b")

# Logical: always a bool.
Land = _binary("Land", lambda a, b: bool(a and b), "the bool (a and b)")
Lor = _binary("Lor", lambda a, b: bool(a or b), "the bool (a or b)")
Lnot = _unary("Lnot", operator.not_, "the bool (not x)")
Lnand = _binary("Lnand", _lnand, "the bool not (a and b)")
Lnor = _binary("Lnor", _lnor, "the bool not (a or b)")
Lxor = _binary("Lxor", _lxor, "their logical exclusive or, the bool (bool(a) != bool(b)),")

# Comparison.
Eq = _binary("Eq", operator.eq, "a == b")
Ne = _binary("Ne", operator.ne, "a != b")
Geq = _binary("Geq", operator.ge, "a >= b")
Leq = _binary("Leq", operator.le, "a <= b")
Gt = _binary("Gt", operator.gt, "a > b")
Lt = _binary("Lt", operator.lt, "a < b")
Is = _binary("Is", operator.is_, "a is b")
Is_Not = _binary("Is_Not", operator.is_not, "a is not b")
