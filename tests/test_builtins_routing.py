"""Routing builtins: Delta2 (Splitter), Mux2, Blackhole, Printer."""

from __future__ import annotations

import io
from typing import Any

import pytest
from builtin_helpers import chans, collect, feed, take, take_timed, vrun

from csp import Channel, Timer, process
from csp.builtins import Blackhole, Delta2, Mux2, Printer, Splitter


def test_delta2_sends_every_value_to_both_outputs_in_order() -> None:
    a, b, c = chans(3)
    left: list[int] = []
    right: list[int] = []
    vrun(feed(a, [1, 2, 3]), Delta2(a, b, c), collect(b, left), collect(c, right))
    assert left == right == [1, 2, 3]
    assert b.poisoned and c.poisoned


def test_delta2_writes_cout1_before_cout2() -> None:
    a, b, c = chans(3)
    log: list[tuple[float, str, int]] = []
    # The reader of cout2 is ready at once; the reader of cout1 only after 5 s.

    @process
    def late(cin: Channel, name: str) -> Any:
        timer = Timer()
        yield timer.sleep(5)
        while True:
            v = yield cin.read()
            log.append((timer.read(), name, v))

    @process
    def eager(cin: Channel, name: str) -> Any:
        timer = Timer()
        while True:
            v = yield cin.read()
            log.append((timer.read(), name, v))

    vrun(feed(a, [1]), Delta2(a, b, c), late(b, "cout1"), eager(c, "cout2"))
    assert log == [(5.0, "cout1", 1), (5.0, "cout2", 1)]


def test_splitter_is_delta2() -> None:
    assert Splitter is Delta2


@process
def labelled(cout: Channel, label: str, n: int) -> Any:
    for i in range(n):
        yield cout.write(f"{label}{i}")
    yield Timer().sleep(100)  # keeps its channel open while the other input drains
    cout.poison()


def test_mux2_is_fair_when_both_inputs_are_always_ready() -> None:
    a, b, c = chans(3)
    got: list[str] = []
    vrun(labelled(a, "a", 20), labelled(b, "b", 20), Mux2(a, b, c), take(c, 10, got))
    sources = [v[0] for v in got]
    assert all(x != y for x, y in zip(sources, sources[1:], strict=False)), got
    assert [v for v in got if v[0] == "a"] == [f"a{i}" for i in range(5)]
    assert [v for v in got if v[0] == "b"] == [f"b{i}" for i in range(5)]


def test_mux2_takes_the_only_ready_input_without_waiting_for_the_other() -> None:
    a, b, c = chans(3)

    @process
    def slow(cout: Channel) -> Any:
        yield Timer().sleep(10)
        yield cout.write("late")
        cout.poison()

    got: list[tuple[float, str]] = []
    vrun(labelled(a, "a", 3), slow(b), Mux2(a, b, c), take_timed(c, 4, got))
    assert got == [(0.0, "a0"), (0.0, "a1"), (0.0, "a2"), (10.0, "late")]


def test_mux2_ends_when_an_input_is_poisoned() -> None:
    a, b, c = chans(3)
    got: list[int] = []
    vrun(feed(a, [1, 2]), Mux2(a, b, c), collect(c, got))
    assert got == [1, 2]
    assert b.poisoned and c.poisoned


def test_blackhole_consumes_everything() -> None:
    (a,) = chans(1)
    sent: list[int] = []

    @process
    def counting(cout: Channel) -> Any:
        for i in range(100):
            yield cout.write(i)
            sent.append(i)
        cout.poison()

    vrun(counting(a), Blackhole(a))
    assert sent == list(range(100))


def test_printer_writes_one_line_per_value_to_out() -> None:
    (a,) = chans(1)
    out = io.StringIO()
    vrun(feed(a, [0, "x", None]), Printer(a, out=out))
    assert out.getvalue() == "0\nx\nNone\n"


def test_printer_defaults_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    (b,) = chans(1)
    vrun(feed(b, [1, 2]), Printer(b))
    assert capsys.readouterr().out == "1\n2\n"
