"""The shell's source rewrites: ``a > b > c`` of processes is ``Seq``; a bare process statement runs."""

from __future__ import annotations

import ast
from typing import Any

import pytest

import csp
from csp import Par, Process, Seq, process
from csp_shell._rewrite import RUNTIME, RUNTIME_NAME, ShellRuntime, compile_rewritten, rewrite


@process
def note(log: list, x: Any):
    log.append(x)
    yield
    return x


def run_code(source: str, **names: Any) -> dict[str, Any]:
    ns: dict[str, Any] = {RUNTIME_NAME: RUNTIME, "note": note, "Seq": Seq, **names}
    exec(compile_rewritten(source, "<test>", "exec"), ns)
    return ns


def test_chain_of_three_processes_is_a_seq_of_all_three(vrun: Any) -> None:
    log: list = []
    ns = run_code("t = note(log, 1) > note(log, 2) > note(log, 3)", log=log)
    assert isinstance(ns["t"], Seq)
    assert vrun(ns["t"]) == [1, 2, 3]
    assert log == [1, 2, 3]


def test_chain_of_five_processes(vrun: Any) -> None:
    log: list = []
    ns = run_code("t = note(log, 1) > note(log, 2) > note(log, 3) > note(log, 4) > note(log, 5)", log=log)
    vrun(ns["t"])
    assert log == [1, 2, 3, 4, 5]


def test_less_than_chain_runs_right_to_left(vrun: Any) -> None:
    log: list = []
    ns = run_code("t = note(log, 1) < note(log, 2) < note(log, 3)", log=log)
    vrun(ns["t"])
    assert log == [3, 2, 1]


def test_chain_inside_a_term_and_inside_a_function(vrun: Any) -> None:
    log: list = []
    source = "def make():\n    return (note(log, 'a') > note(log, 'b') > note(log, 'c')) // note(log, 'p')\n"
    ns = run_code(source, log=log)
    term = ns["make"]()
    assert isinstance(term, Par)
    vrun(term)
    assert [x for x in log if x != "p"] == ["a", "b", "c"]


def test_chain_inside_a_process_body(vrun: Any) -> None:
    log: list = []
    source = (
        "@process\n"
        "def outer():\n"
        "    yield note(log, 1) > note(log, 2) > note(log, 3)\n"
    )
    ns = run_code(source, log=log, process=process)
    vrun(ns["outer"]())
    assert log == [1, 2, 3]


def test_chain_in_a_method_is_rewritten(vrun: Any) -> None:
    log: list = []
    source = "class K:\n    def term(self):\n        return note(log, 1) > note(log, 2) > note(log, 3)\n"
    ns = run_code(source, log=log)
    vrun(ns["K"]().term())
    assert log == [1, 2, 3]


def test_number_chains_keep_their_meaning() -> None:
    ns = run_code("a = 1 < 2 < 3\nb = 3 > 2 > 5\nc = 1 < 5 < 3 < 10\nd = 5 > 4 > 3 > 2")
    assert (ns["a"], ns["b"], ns["c"], ns["d"]) == (True, False, False, True)


def test_chains_stay_lazy_and_in_order() -> None:
    calls: list = []

    def v(x: Any) -> Any:
        calls.append(x)
        return x

    ns = run_code("r = v(0) > v(1) > v(2)", v=v)
    assert ns["r"] is False
    assert calls == [0, 1]  # the third operand is never evaluated, as in plain Python
    calls.clear()
    ns = run_code("r = v(3) > v(2) > v(1)", v=v)
    assert ns["r"] is True and calls == [3, 2, 1]


def test_chain_result_is_the_failing_comparison_value() -> None:
    class Odd:
        def __gt__(self, other: Any) -> Any:
            return []  # falsy, and not False

    ns = run_code("r = o > 1 > 0", o=Odd())
    assert ns["r"] == []


def test_mixed_process_chain_names_the_intruder() -> None:
    with pytest.raises(TypeError, match=r"Seq\(\) composes processes; 5 \(int\) is not one"):
        run_code("note([], 1) > note([], 2) > 5")


def test_mixed_operators_are_left_alone() -> None:
    # Python's own meaning: the library's clear TypeError about chained comparisons.
    with pytest.raises(TypeError, match="chained comparison"):
        run_code("note([], 1) > note([], 2) < note([], 3)")


def test_class_body_chains_are_left_alone() -> None:
    tree = rewrite(ast.parse("class K:\n    x = a > b > c\n"))
    assert isinstance(tree.body[0].body[0].value, ast.Compare)
    ns = run_code("class K:\n    lo = 1\n    ok = 0 < lo < 2\n")
    assert ns["K"].ok is True  # ``lo`` is a class name a lambda could not see


@pytest.mark.parametrize(
    "expr",
    [
        "(yield x) > 1 > 0",
        "a > (b := 2) > c",
        "super().f() > a > b",
    ],
)
def test_operands_that_cannot_move_into_a_lambda_are_left_alone(expr: str) -> None:
    tree = rewrite(ast.parse(f"def f():\n    r = {expr}\n"))
    assert isinstance(tree.body[0].body[0].value, ast.Compare)


def test_await_operand_is_left_alone() -> None:
    tree = rewrite(ast.parse("async def f():\n    r = (await a) > b > c\n"))
    assert isinstance(tree.body[0].body[0].value, ast.Compare)


def test_single_comparisons_are_untouched() -> None:
    tree = rewrite(ast.parse("r = a > b"))
    assert isinstance(tree.body[0].value, ast.Compare)


def test_rewritten_code_keeps_line_numbers() -> None:
    source = "x = 1\n\ny = 1 < 2 < undefined_name\n"
    with pytest.raises(NameError) as err:
        run_code(source)
    lines = []
    tb = err.value.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<test>":
            lines.append(tb.tb_lineno)
        tb = tb.tb_next
    assert 3 in lines


class Recorder(ShellRuntime):
    def __init__(self) -> None:
        self.seen: list = []

    def autorun(self, value: Any) -> Any:
        self.seen.append(value)
        return value


def test_top_level_expression_statements_go_through_autorun() -> None:
    rec = Recorder()
    source = (
        '"""a docstring"""\n'
        "note([], 1)\n"
        "for i in range(2):\n"
        "    i * 10\n"
        "def f():\n"
        "    note([], 'inside a function')\n"
        "f()\n"
        "class K:\n"
        "    note([], 'inside a class')\n"
    )
    exec(compile_rewritten(source, "<test>", "exec"), {RUNTIME_NAME: rec, "note": note})
    assert [repr(x) for x in rec.seen] == ["note([], 1)", "0", "10", "None"]


def test_single_mode_displays_the_autorun_result(capsys: pytest.CaptureFixture[str]) -> None:
    rec = Recorder()
    exec(compile_rewritten("6 * 7", "<console>", "single"), {RUNTIME_NAME: rec})
    assert rec.seen == [42]
    assert capsys.readouterr().out == "42\n"


def test_autorun_returns_non_processes_unchanged() -> None:
    marker = object()
    assert RUNTIME.autorun(marker) is marker
    assert RUNTIME.autorun(None) is None


def test_autorun_runs_a_process_and_returns_its_result() -> None:
    log: list = []
    assert RUNTIME.autorun(note(log, "x")) == "x"
    assert log == ["x"]


def test_autorun_shows_nothing_for_a_term_of_nones() -> None:
    assert RUNTIME.autorun(csp.Skip() // csp.Skip()) is None
    assert RUNTIME.autorun(csp.Skip() > csp.Skip()) is None
    assert RUNTIME.autorun(note([], 1) & csp.Skip()) == [1, None]


def test_autorun_interrupted_names_what_it_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(self: Process) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(Process, "start", interrupted)
    with pytest.raises(KeyboardInterrupt, match=r"cancelled note\(\[\], 1\)"):
        RUNTIME.autorun(note([], 1))


def test_chain_helper_checks_its_arguments() -> None:
    with pytest.raises(ValueError, match="needs '>' or '<'"):
        RUNTIME.chain("==", lambda: 1, lambda: 2)


def test_future_flags_are_honoured() -> None:
    import __future__

    flag = __future__.annotations.compiler_flag
    ns: dict[str, Any] = {}
    exec(compile_rewritten("def f(x: undefined) -> None: pass", "<t>", "exec", flag), ns)
    assert ns["f"].__annotations__ == {"x": "undefined", "return": "None"}
