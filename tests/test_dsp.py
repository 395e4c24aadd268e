"""csp.dsp: Zip, Unzip, Sin, Cos, Tan, Magnitude, Difference, Square, Normalise, Threshold."""

from __future__ import annotations

import math
from typing import Any

import pytest
from builtin_helpers import chans, collect, feed, take, vrun

from csp import dsp
from csp.builtins import Generate, Zeroes


def pipe(proc: Any, values: list[Any], *args: Any) -> list[Any]:
    a, b = chans(2)
    got: list[Any] = []
    vrun(feed(a, values), proc(a, b, *args), collect(b, got))
    assert a.poisoned and b.poisoned
    return got


def test_zip_reads_one_value_from_each_input_and_writes_a_list() -> None:
    a, b, c, out = chans(4)
    got: list[list[Any]] = []
    vrun(Generate(a), Zeroes(b), feed(c, ["x", "y"]), dsp.Zip(out, [a, b, c]), collect(out, got))
    assert got == [[0, 0, "x"], [1, 0, "y"]]
    assert a.poisoned and b.poisoned


def test_unzip_sends_each_item_down_its_own_channel() -> None:
    a, x, y = chans(3)
    xs: list[int] = []
    ys: list[int] = []
    vrun(feed(a, [(1, 2), [3, 4], (5, 6)]), dsp.Unzip(a, [x, y]), collect(x, xs), collect(y, ys))
    assert xs == [1, 3, 5]
    assert ys == [2, 4, 6]


def test_unzip_undoes_zip() -> None:
    a, b, zipped, x, y = chans(5)
    xs: list[int] = []
    ys: list[int] = []
    vrun(
        feed(a, [1, 2, 3]),
        feed(b, [4, 5, 6]),
        dsp.Zip(zipped, [a, b]),
        dsp.Unzip(zipped, [x, y]),
        collect(x, xs),
        collect(y, ys),
    )
    assert (xs, ys) == ([1, 2, 3], [4, 5, 6])


def test_unzip_of_the_wrong_length_says_so() -> None:
    a, x, y = chans(3)
    with pytest.raises(ValueError, match=r"3 items.*2 output channels"):
        vrun(feed(a, [(1, 2, 3)]), dsp.Unzip(a, [x, y]), collect(x, []), collect(y, []))


@pytest.mark.parametrize(
    ("name", "fn"), [("Sin", math.sin), ("Cos", math.cos), ("Tan", math.tan)]
)
def test_trigonometry(name: str, fn: Any) -> None:
    values = [0.0, 0.5, 1.0, -2.0]
    assert pipe(getattr(dsp, name), values) == [fn(v) for v in values]


def test_magnitude_is_the_euclidean_length() -> None:
    assert pipe(dsp.Magnitude, [(3, 4), (1, 2, 2), (0,), ()]) == [5.0, 3.0, 0.0, 0.0]


def test_difference_writes_the_change_between_successive_values() -> None:
    assert pipe(dsp.Difference, [1, 4, 9, 16]) == [1, 3, 5, 7]


def test_difference_with_a_window() -> None:
    assert pipe(dsp.Difference, [1, 4, 9, 16, 25], 2) == [1, 4, 8, 12, 16]


def test_difference_rejects_a_bad_window() -> None:
    with pytest.raises(ValueError, match="window"):
        pipe(dsp.Difference, [1], 0)


def test_square() -> None:
    assert pipe(dsp.Square, [0, 3, -2, 1.5]) == [0, 9, 4, 2.25]


def test_normalise_maps_start_end_onto_zero_one() -> None:
    assert pipe(dsp.Normalise, [0, 25, 50, 100]) == [0.0, 0.25, 0.5, 1.0]
    assert pipe(dsp.Normalise, [10, 15, 20], 10, 20) == [0.0, 0.5, 1.0]


def test_normalise_rejects_an_empty_range() -> None:
    with pytest.raises(ValueError, match="start and end must differ"):
        pipe(dsp.Normalise, [1], 5, 5)


def test_threshold_drops_values_below_it() -> None:
    assert pipe(dsp.Threshold, [1, 5, 3, 2, 7], 3) == [5, 3, 7]


def test_dsp_chain_on_an_infinite_source_ends_when_the_sink_poisons() -> None:
    a, b, c = chans(3)
    got: list[int] = []
    vrun(Generate(a), dsp.Square(a, b), dsp.Threshold(b, c, 10), take(c, 3, got))
    assert got == [16, 25, 36]
    assert a.poisoned and b.poisoned


def test_every_dsp_process_is_named_and_documented() -> None:
    for name in dsp.__all__:
        proc = getattr(dsp, name)
        assert proc.__name__ == name
        first = proc.__doc__.splitlines()[0]
        assert first.startswith(f"{name}(")
        assert "reads" in first and "writes" in first
