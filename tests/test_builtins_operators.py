"""Operator builtins: each writes the right value, reads cin1 before cin2, and has its own name."""

from __future__ import annotations

import inspect
import math
from typing import Any, Callable

import pytest
from builtin_helpers import chans, collect, feed, vrun

import csp.builtins as builtins
from csp import Channel, Par, process
from csp.builtins import binop, unop

BINARY: dict[str, tuple[list[Any], list[Any], list[Any]]] = {
    # name: (values on cin1, values on cin2, expected on cout)
    "Plus": ([1, 2.5, "a"], [2, 0.5, "b"], [3, 3.0, "ab"]),
    "Sub": ([5, 0], [3, 2], [2, -2]),
    "Mul": ([3, 2], [4, "x"], [12, "xx"]),
    "Div": ([7, 1], [2, 4], [3.5, 0.25]),
    "FloorDiv": ([7, -7], [2, 2], [3, -4]),
    "Mod": ([7, -7], [3, 3], [1, 2]),
    "Pow": ([2, 9], [10, 0.5], [1024, 3.0]),
    "And": ([0b1100, 6], [0b1010, 3], [0b1000, 2]),
    "Or": ([0b1100, 4], [0b1010, 1], [0b1110, 5]),
    "Nand": ([0b1100, 0], [0b1010, 0], [~0b1000, -1]),
    "Nor": ([0b1100, 0], [0b1010, 0], [~0b1110, -1]),
    "Xor": ([0b1100, 5], [0b1010, 5], [0b0110, 0]),
    "LShift": ([1, 3], [4, 1], [16, 6]),
    "RShift": ([16, 7], [2, 1], [4, 3]),
    "Land": (
        [True, True, 0, 3, "", []],
        [True, False, 1, "x", "", 2],
        [True, False, False, True, False, False],
    ),
    "Lor": ([True, False, 0, 0, "", 3], [False, False, 1, 0, "x", 0], [True, False, True, False, True, True]),
    "Lnand": ([True, True, False, False, 2], [True, False, True, False, 3], [False, True, True, True, False]),
    "Lnor": (
        [True, True, False, False, 0],
        [True, False, True, False, ""],
        [False, False, False, True, True],
    ),
    # python-csp's Lxor was (a or b) and (not a and b): False for (True, False).
    "Lxor": (
        [True, True, False, False, 2, 0],
        [True, False, True, False, 0, ""],
        [False, True, True, False, True, False],
    ),
    "Eq": ([1, 1, "a"], [1, 2, "a"], [True, False, True]),
    "Ne": ([1, 1], [1, 2], [False, True]),
    "Geq": ([2, 2, 1], [1, 2, 2], [True, True, False]),
    "Leq": ([2, 2, 1], [1, 2, 2], [False, True, True]),
    "Gt": ([2, 2, 1], [1, 2, 2], [True, False, False]),
    "Lt": ([2, 2, 1], [1, 2, 2], [False, False, True]),
}

UNARY: dict[str, tuple[list[Any], list[Any]]] = {
    "Neg": ([1, -2.5, 0], [-1, 2.5, 0]),
    "Sin": ([0.0, math.pi / 2], [0.0, 1.0]),
    "Cos": ([0.0, math.pi], [1.0, -1.0]),
    "Not": ([0, 5, -1], [-1, -6, 0]),
    "Lnot": ([0, 3, "", "x", None], [True, False, True, False, True]),
}

ALIASES = {"Pairs": "Plus", "Multiply": "Mul"}


def run_binary(proc: Callable[..., Any], left: list[Any], right: list[Any]) -> list[Any]:
    a, b, c = chans(3)
    got: list[Any] = []
    vrun(feed(a, left), feed(b, right), proc(a, b, c), collect(c, got))
    return got


def run_unary(proc: Callable[..., Any], values: list[Any]) -> list[Any]:
    a, b = chans(2)
    got: list[Any] = []
    vrun(feed(a, values), proc(a, b), collect(b, got))
    return got


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_operator_writes_the_right_values(name: str) -> None:
    left, right, expected = BINARY[name]
    got = run_binary(getattr(builtins, name), left, right)
    assert got == expected
    assert [type(v) for v in got] == [type(v) for v in expected]


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_operator_writes_the_right_values(name: str) -> None:
    values, expected = UNARY[name]
    got = run_unary(getattr(builtins, name), values)
    assert got == pytest.approx(expected) if name in ("Sin", "Cos") else got == expected
    if name == "Lnot":
        assert all(type(v) is bool for v in got)


def test_is_and_is_not_compare_identity_not_equality() -> None:
    one, same = [1000], [1000]
    assert run_binary(builtins.Is, [one, one, None], [one, same, None]) == [True, False, True]
    assert run_binary(builtins.Is_Not, [one, one], [one, same]) == [False, True]


def test_lxor_truth_table_is_exclusive_or() -> None:
    pairs = [(a, b) for a in (False, True) for b in (False, True)]
    got = run_binary(builtins.Lxor, [a for a, _ in pairs], [b for _, b in pairs])
    assert got == [False, True, True, False]


def test_aliases() -> None:
    for alias, name in ALIASES.items():
        assert getattr(builtins, alias) is getattr(builtins, name)
    assert run_binary(builtins.Pairs, [1], [2]) == [3]
    assert run_binary(builtins.Multiply, [3], [4]) == [12]


def test_binary_operators_read_cin1_before_cin2() -> None:
    a, b, c = chans(3)
    log: list[str] = []

    @process
    def writer(cout: Channel, value: int, label: str) -> Any:
        yield cout.write(value)
        log.append(label)
        cout.poison()

    got: list[int] = []
    # The cin2 writer starts first and is waiting before the cin1 writer.
    vrun(writer(b, 3, "cin2"), writer(a, 10, "cin1"), builtins.Sub(a, b, c), take_one(c, got))
    assert log == ["cin1", "cin2"]
    assert got == [7]


@process
def take_one(cin: Channel, out: list[Any]) -> Any:
    out.append((yield cin.read()))
    cin.poison()


OPERATOR_NAMES = sorted(set(BINARY) | set(UNARY) | {"Is", "Is_Not"})


@pytest.mark.parametrize("name", OPERATOR_NAMES)
def test_each_operator_has_its_own_name_and_a_docstring_naming_its_channels(name: str) -> None:
    proc = getattr(builtins, name)
    assert proc.__name__ == name
    args = ("cin1", "cin2", "cout") if name in BINARY or name.startswith("Is") else ("cin", "cout")
    assert list(inspect.signature(proc).parameters) == list(args)
    first = proc.__doc__.splitlines()[0]
    assert first.startswith(f"{name}({', '.join(args)}): reads ")
    assert all(arg in first for arg in args)
    made = proc(*[Channel() for _ in args])
    assert made.name == name
    assert repr(made).startswith(f"{name}(")


def test_every_builtin_is_listed_with_a_one_line_summary() -> None:
    for name in builtins.__all__:
        obj = getattr(builtins, name)
        doc = inspect.getdoc(obj)
        assert doc, name
        assert doc.splitlines()[0].strip(), name
        if name not in ("unop", "binop") and name not in ALIASES and name != "Splitter":
            assert obj.__name__ == name


def test_operators_end_by_poison_and_poison_their_other_channels() -> None:
    a, b, c = chans(3)
    got: list[int] = []
    # cin2 is poisoned after one value: Plus poisons cin1 and cout, ending the network.
    vrun(feed(a, [1, 2, 3, 4]), feed(b, [10]), builtins.Plus(a, b, c), collect(c, got))
    assert got == [11]
    assert a.poisoned and c.poisoned


def test_unop_and_binop_build_named_processes() -> None:
    half = unop(lambda x: x / 2, "writes half of x", name="Half")
    assert half.__name__ == "Half"
    assert half.__doc__.splitlines()[0] == "Half(cin, cout): reads x from cin, writes half of x to cout."
    assert run_unary(half, [4, 1]) == [2.0, 0.5]
    hyp = binop(math.hypot, name="Hyp")
    assert run_binary(hyp, [3], [4]) == [5.0]
    assert binop(max).__name__ == "max"


def test_unop_needs_a_name_for_a_lambda() -> None:
    with pytest.raises(ValueError, match="name="):
        unop(lambda x: x)
    with pytest.raises(TypeError, match="function to apply"):
        binop(3)  # type: ignore[arg-type]


def test_operator_error_fails_the_network() -> None:
    a, b, c = chans(3)
    with pytest.raises(ZeroDivisionError):
        vrun(feed(a, [1]), feed(b, [0]), builtins.Div(a, b, c), collect(c, []))


def test_par_of_operators_pipeline() -> None:
    # (x + y) * x over two streams, with the cin1 stream duplicated by Delta2.
    x, x1, x2, y, s, out = chans(6)
    got: list[int] = []
    vrun(
        Par(feed(x, [1, 2, 3]), feed(y, [10, 20, 30])),
        builtins.Delta2(x, x1, x2),
        builtins.Plus(x1, y, s),
        builtins.Mul(s, x2, out),
        collect(out, got),
    )
    assert got == [11, 44, 99]
