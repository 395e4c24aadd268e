"""The shell's CSPm commands: ``check FILE.csp``, ``assert ...`` on the loaded script, ``info cspm``."""

from __future__ import annotations

from pathlib import Path

import pytest
from cspm_helpers import philosophers

from csp_shell._check import classify_check
from csp_shell._commands import Command, classify
from csp_shell._console import CSPConsole
from csp_shell._namespace import make_namespace
from csp_shell._topics import describe


@pytest.fixture
def console() -> CSPConsole:
    return CSPConsole(make_namespace().namespace)


def test_check_and_assert_lines_are_commands_unless_they_are_python() -> None:
    assert classify("check model.csp", {}) == Command("check", "model.csp")
    assert classify("check 'my model.csp'", {}) == Command("check", "my model.csp")
    assert classify("assert P :[deadlock free]", {}) == Command("assert", "P :[deadlock free]")
    assert classify("assert P [T= Q", {}) == Command("assert", "P [T= Q")
    assert classify("assert x == 1", {}) is None  # Python's assert
    assert classify("check(x)", {"check": print}) is None  # the user's own check
    assert classify("check /tmp/a.csp", {}) == Command("check", "/tmp/a.csp")
    assert classify_check("check", {}) is None


def test_check_loads_and_assert_checks_more(console: CSPConsole, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "three.csp"
    model.write_text(philosophers(3) + "\nassert SYSTEM :[deadlock free [F]]\n")
    console.push(f"check {model}")
    out = capsys.readouterr().out
    assert "FAIL  SYSTEM :[deadlock free [F]]" in out and "359 states, 981 transitions" in out
    assert "shortest counterexample (9 events)" in out
    console.push("assert BSYSTEM :[deadlock free [FD]]")
    assert capsys.readouterr().out.startswith("PASS  BSYSTEM :[deadlock free [FD]]\n      ")
    console.push("assert PHIL(0) :[has trace]: <thinks.0, eats.0>")
    assert "FAIL  PHIL(0) :[has trace]: <thinks.0, eats.0>" in capsys.readouterr().out
    console.push("assert NOSUCH :[deadlock free]")
    assert "NOSUCH is not defined" in capsys.readouterr().out
    console.push("x = 2")
    console.push("assert x == 2")  # still Python
    assert capsys.readouterr().out == ""


def test_assert_without_a_script_and_a_missing_file(
    console: CSPConsole, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    console.push("assert P :[deadlock free]")
    assert "no CSPm script is loaded: type `check FILE.csp` first" in capsys.readouterr().out
    console.push(f"check {tmp_path / 'missing.csp'}")
    assert "cannot read" in capsys.readouterr().out


def test_info_cspm() -> None:
    text = describe("cspm")
    assert "csp.algebra.cspm" in text and "check FILE.csp" in text and "python-csp check" in text
    assert "(no docstring)" not in text
