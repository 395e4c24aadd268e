"""The algebra: > Seq, // and & Par, * Repeat; nesting, flattening, chained comparisons."""

from __future__ import annotations

import pytest

from csp import Channel, Par, ParError, Repeat, Seq, Skip, Timer, process


@process
def log_at(log, tag, delay=0):
    if delay:
        yield Timer().sleep(delay)
    log.append((tag, Timer().read()))
    return tag


def test_seq_operator_runs_in_order(vrun):
    log: list = []
    result = vrun(log_at(log, "a", 2) > log_at(log, "b", 1))
    assert log == [("a", 2.0), ("b", 3.0)]
    assert result == ["a", "b"]


def test_three_way_seq_with_parentheses_runs_all_three(vrun):
    log: list = []
    term = (log_at(log, "a") > log_at(log, "b")) > log_at(log, "c")
    assert isinstance(term, Seq) and len(term.procs) == 3
    vrun(term)
    assert [t for t, _ in log] == ["a", "b", "c"]


def test_chained_comparison_fails_at_once_instead_of_dropping_a_process():
    log: list = []
    with pytest.raises(TypeError, match=r"\(a > b\) > c"):
        log_at(log, "a") > log_at(log, "b") > log_at(log, "c")  # noqa: B015


def test_par_operators_run_concurrently(vrun):
    log: list = []
    vrun(log_at(log, "a", 3) // (log_at(log, "b", 1), log_at(log, "c", 2)))
    assert log == [("b", 1.0), ("c", 2.0), ("a", 3.0)]
    log.clear()
    assert vrun(log_at(log, "x", 2) & log_at(log, "y", 1)) == ["x", "y"]
    assert log == [("y", 1.0), ("x", 2.0)]
    log.clear()
    vrun(log_at(log, "p", 1) // log_at(log, "q", 1))
    assert sorted(log) == [("p", 1.0), ("q", 1.0)]


def test_repeat_both_ways(vrun):
    log: list = []
    vrun(log_at(log, "r", 1) * 3)
    assert log == [("r", 1.0), ("r", 2.0), ("r", 3.0)]
    log.clear()
    vrun(2 * log_at(log, "s", 1))
    assert log == [("s", 1.0), ("s", 2.0)]
    assert vrun(log_at(log, "z") * 0) == []


def test_repeat_rejects_non_integers():
    with pytest.raises(TypeError, match="whole number"):
        Skip() * 2.5
    with pytest.raises(ValueError, match=">= 0"):
        Repeat(Skip(), -1)


def test_nested_terms_of_any_depth(vrun):
    log: list = []
    term = (log_at(log, "a", 1) > log_at(log, "b", 1)) // (log_at(log, "c", 1) * 2)
    vrun(term)
    assert sorted(log) == [("a", 1.0), ("b", 2.0), ("c", 1.0), ("c", 2.0)]


def test_same_kind_terms_flatten():
    a, b, c = Skip(), Skip(), Skip()
    assert Par(Par(a, b), c).procs == [a, b, c]
    assert ((a // b) // c).procs == [a, b, c]
    assert Seq(Seq(a, b), c).procs == [a, b, c]


def test_operators_build_terms_without_running_them():
    log: list = []
    term = log_at(log, "a") > log_at(log, "b")
    term2 = log_at(log, "c") // log_at(log, "d")
    assert log == [] and isinstance(term2, Par) and isinstance(term, Seq)


def test_par_takes_processes_directly_and_returns_results_in_order(vrun):
    log: list = []
    assert vrun(Par(log_at(log, 1, 3), log_at(log, 2, 1))) == [1, 2]


def test_par_with_a_failing_child_cancels_the_others_and_raises(vrun):
    cleaned: list = []

    @process
    def long_runner(c):
        try:
            yield c.read()
        finally:
            cleaned.append("finally ran")

    @process
    def fails():
        yield Timer().sleep(1)
        raise ValueError("child failed")

    with pytest.raises(ValueError, match="child failed"):
        vrun(Par(long_runner(Channel()), fails()))
    assert cleaned == ["finally ran"]


def test_par_with_several_failures_raises_par_error_carrying_all(vrun):
    @process
    def fail_in_finally(c):
        try:
            yield c.read()
        finally:
            raise KeyError("cleanup failed")

    @process
    def fails():
        yield
        raise ValueError("first")

    with pytest.raises(ParError) as info:
        vrun(Par(fail_in_finally(Channel()), fails()))
    kinds = sorted(type(e).__name__ for e in info.value.exceptions)
    assert kinds == ["KeyError", "ValueError"]


def test_composing_a_non_process_says_what_to_do():
    def plain():
        pass

    with pytest.raises(TypeError, match="Call the process function"):
        Par(Skip(), plain)
    with pytest.raises(TypeError, match="composes processes"):
        Seq(Skip(), 3)


def test_skip_is_the_unit(vrun):
    log: list = []
    assert vrun(Skip()) is None
    assert vrun((Skip() > log_at(log, "a")) > Skip()) == [None, "a", None]
    assert [t for t, _ in log] == ["a"]


def test_repeat_keeps_each_runs_result(vrun):
    log: list = []
    assert vrun(2 * (log_at(log, "a") > log_at(log, "b"))) == [["a", "b"], ["a", "b"]]
    assert vrun((log_at(log, "x") * 2) > log_at(log, "y")) == [["x", "x"], "y"]
