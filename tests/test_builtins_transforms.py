"""Transform builtins: Id, Succ, Pred, Prefix, Mult, Sign, FixedDelay, and the COMMSTIME ring."""

from __future__ import annotations

from builtin_helpers import chans, collect, feed, take, take_timed, vrun

from csp.builtins import Delta2, FixedDelay, Id, Mult, Pred, Prefix, Sign, Succ


def test_id_copies_every_value_and_the_poison() -> None:
    a, b = chans(2)
    got: list[object] = []
    vrun(feed(a, [3, None, "x"]), Id(a, b), collect(b, got))
    assert got == [3, None, "x"]
    assert b.poisoned


def test_succ_adds_one() -> None:
    a, b = chans(2)
    got: list[int] = []
    vrun(feed(a, [0, 5, -3]), Succ(a, b), collect(b, got))
    assert got == [1, 6, -2]


def test_pred_subtracts_one() -> None:
    a, b = chans(2)
    got: list[int] = []
    vrun(feed(a, [0, 5, -3]), Pred(a, b), collect(b, got))
    assert got == [-1, 4, -4]


def test_prefix_writes_its_item_first_then_copies() -> None:
    a, b = chans(2)
    got: list[object] = []
    vrun(feed(a, [1, 2]), Prefix(a, b, prefix_item="first"), collect(b, got))
    assert got == ["first", 1, 2]


def test_prefix_item_defaults_to_none() -> None:
    a, b = chans(2)
    got: list[object] = []
    vrun(feed(a, [7]), Prefix(a, b), collect(b, got))
    assert got == [None, 7]


def test_mult_scales() -> None:
    a, b = chans(2)
    got: list[float] = []
    vrun(feed(a, [0, 1, 2.5]), Mult(a, b, 4), collect(b, got))
    assert got == [0, 4, 10.0]


def test_sign_prefixes_the_string_of_each_value() -> None:
    a, b = chans(2)
    got: list[str] = []
    vrun(feed(a, [1, None, "z"]), Sign(a, b, "a: "), collect(b, got))
    assert got == ["a: 1", "a: None", "a: z"]


def test_fixed_delay_holds_each_value_for_delay_seconds_in_order() -> None:
    a, b = chans(2)
    got: list[tuple[float, int]] = []
    vrun(feed(a, [10, 20, 30]), FixedDelay(a, b, 2.0), take_timed(b, 3, got))
    assert got == [(2.0, 10), (4.0, 20), (6.0, 30)]


def test_commstime_ring_counts_from_zero_and_shuts_down_on_poison() -> None:
    a, b, c, d = chans(4)
    got: list[int] = []
    vrun(Prefix(c, a, 0), Delta2(a, b, d), Succ(b, c), take(d, 50, got))
    assert got == list(range(50))
    assert all(ch.poisoned for ch in (a, b, c, d))


def test_a_chain_of_transforms_composes() -> None:
    a, b, c, d = chans(4)
    got: list[int] = []
    vrun(feed(a, [1, 2, 3]), Succ(a, b), Mult(b, c, 10), Pred(c, d), collect(d, got))
    assert got == [19, 29, 39]
