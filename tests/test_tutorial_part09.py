"""Part 9: checking a design: the CSPm model, the checker's verdicts, the running network checked."""

from __future__ import annotations

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet.task import Clock

from tutorial.part09 import check_design, dining


@pytest.mark.slow
@pytest.mark.timeout(120)  # a few seconds; more on a loaded machine
def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part09" / "README.md") >= 7


@pytest.mark.slow
def test_check_design_finds_the_deadlock_and_the_butler_fixes_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_design.main(["--n", "4"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  SYSTEM :[deadlock free [F]]" in out and "shortest counterexample (12 events)" in out
    assert "PASS  BSYSTEM :[deadlock free [F]]" in out


@pytest.mark.slow
def test_dining_network_conforms_online_and_afterwards(capsys: pytest.CaptureFixture[str]) -> None:
    assert dining.main(["--meals", "2"], reactor=Clock()) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("recorded 20 events: ")
    assert out[1] == "afterwards: the trace of 20 events is a trace of the spec"
    assert out[2] == "online: 20 events, every one allowed by the design"
