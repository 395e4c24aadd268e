"""Builtin processes, after python-csp's library (itself based on JCSP's PlugNPlay).

Every builtin is a ``@forever`` process whose channel arguments come first;
it runs until one of its channels is poisoned, then poisons the others, so a
network of builtins shuts down like any other. The first line of each
docstring says what it reads and writes::

    from csp import Channel, Par, process
    from csp.builtins import Generate, Succ

    @process
    def take(cin, n, out):
        for _ in range(n):
            out.append((yield cin.read()))
        cin.poison()

    a, b, got = Channel(), Channel(), []
    Par(Generate(a), Succ(a, b), take(b, 3, got)).start()   # got == [1, 2, 3]

Sources: ``Generate``, ``GenerateFloats``, ``Zeroes``, ``Fibonacci``,
``Clock``, ``Random`` (and ``Timer``, the guard, importable here as in
python-csp). Transforms: ``Id``, ``Succ``, ``Pred``, ``Prefix``,
``Mult``, ``Sign``, ``FixedDelay``. Routing: ``Delta2`` (``Splitter``),
``Mux2``, ``Blackhole``, ``Printer``. One process per Python operator:
``Plus`` (``Pairs``), ``Sub``, ``Mul`` (``Multiply``), ... ``Is_Not``; make
more with :func:`unop` and :func:`binop`.
"""

from ..guards import Timer  # python-csp's `from csp.builtins import Timer`
from ._operators import (
    And,
    Cos,
    Div,
    Eq,
    FloorDiv,
    Geq,
    Gt,
    Is,
    Is_Not,
    Land,
    Leq,
    Lnand,
    Lnor,
    Lnot,
    Lor,
    LShift,
    Lt,
    Lxor,
    Mod,
    Mul,
    Multiply,
    Nand,
    Ne,
    Neg,
    Nor,
    Not,
    Or,
    Pairs,
    Plus,
    Pow,
    RShift,
    Sin,
    Sub,
    Xor,
    binop,
    unop,
)
from ._routing import (
    Blackhole,
    Delta2,
    Mux2,
    Printer,
    Splitter,
)
from ._sources import (
    Clock,
    Fibonacci,
    Generate,
    GenerateFloats,
    Random,
    Zeroes,
)
from ._transforms import (
    FixedDelay,
    Id,
    Mult,
    Pred,
    Prefix,
    Sign,
    Succ,
)

__all__ = [
    "Generate",
    "GenerateFloats",
    "Zeroes",
    "Fibonacci",
    "Clock",
    "Random",
    "Timer",
    "Id",
    "Succ",
    "Pred",
    "Prefix",
    "Mult",
    "Sign",
    "FixedDelay",
    "Delta2",
    "Splitter",
    "Mux2",
    "Blackhole",
    "Printer",
    "unop",
    "binop",
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
    "Not",
    "And",
    "Or",
    "Nand",
    "Nor",
    "Xor",
    "LShift",
    "RShift",
    "Land",
    "Lor",
    "Lnot",
    "Lnand",
    "Lnor",
    "Lxor",
    "Eq",
    "Ne",
    "Geq",
    "Leq",
    "Gt",
    "Lt",
    "Is",
    "Is_Not",
]
