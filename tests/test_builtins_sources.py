"""Source builtins: what Generate, GenerateFloats, Zeroes, Fibonacci, Clock and Random write."""

from __future__ import annotations

import random

import pytest
from builtin_helpers import chans, take, take_timed, vrun

from csp.builtins import Clock, Fibonacci, Generate, GenerateFloats, Random, Zeroes


def test_generate_counts_from_zero_and_ends_when_its_reader_poisons() -> None:
    (a,) = chans(1)
    got: list[int] = []
    vrun(Generate(a), take(a, 5, got))
    assert got == [0, 1, 2, 3, 4]
    assert a.poisoned


def test_generate_floats_starts_at_epsilon_as_python_csp_documents() -> None:
    (a,) = chans(1)
    got: list[float] = []
    vrun(GenerateFloats(a, epsilon=0.5), take(a, 4, got))
    assert got == [0.5, 1.0, 1.5, 2.0]


def test_generate_floats_default_epsilon_does_not_accumulate_rounding() -> None:
    (a,) = chans(1)
    got: list[float] = []
    vrun(GenerateFloats(a), take(a, 31, got))
    assert got[:3] == [0.1, 0.2, 0.30000000000000004]  # n * 0.1, as Python computes it
    assert got[30] == 31 * 0.1


def test_zeroes_writes_only_zeroes() -> None:
    (a,) = chans(1)
    got: list[int] = []
    vrun(Zeroes(a), take(a, 4, got))
    assert got == [0, 0, 0, 0]


def test_fibonacci_writes_the_sequence() -> None:
    (a,) = chans(1)
    got: list[int] = []
    vrun(Fibonacci(a), take(a, 10, got))
    assert got == [1, 1, 2, 3, 5, 8, 13, 21, 34, 55]


@pytest.mark.parametrize("resolution", [1, 0.25])
def test_clock_writes_none_every_resolution_seconds_of_reactor_time(resolution: float) -> None:
    (a,) = chans(1)
    got: list[tuple[float, object]] = []
    vrun(Clock(a, resolution=resolution), take_timed(a, 3, got))
    assert got == [(resolution, None), (2 * resolution, None), (3 * resolution, None)]


def test_clock_default_resolution_is_one_second() -> None:
    (a,) = chans(1)
    got: list[tuple[float, object]] = []
    vrun(Clock(a), take_timed(a, 2, got))
    assert [t for t, _ in got] == [1.0, 2.0]


def test_random_writes_floats_in_the_unit_interval_that_vary() -> None:
    (a,) = chans(1)
    got: list[float] = []
    vrun(Random(a), take(a, 20, got))
    assert all(isinstance(x, float) and 0.0 <= x < 1.0 for x in got)
    assert len(set(got)) > 1


def test_random_with_a_seed_repeats_its_sequence() -> None:
    first: list[float] = []
    second: list[float] = []
    (a,) = chans(1)
    vrun(Random(a, seed=42), take(a, 5, first))
    (b,) = chans(1)
    vrun(Random(b, seed=42), take(b, 5, second))
    rng = random.Random(42)
    assert first == second == [rng.random() for _ in range(5)]
