"""The tutorial as a whole: the index document, and no example program left untested."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from tutorial_helpers import TUTORIAL, check_markdown

TESTS = TUTORIAL.parent / "tests"
PARTS = ["part00", "part01", "part02", "part03", "part04", "part05", "part06", "part07", "part08", "part09",
         "part10", "go"]


def test_index_document_runs() -> None:
    assert check_markdown(TUTORIAL / "README.md") == 1


@pytest.mark.parametrize("part", PARTS)
def test_every_part_has_a_document_and_a_test_file(part: str) -> None:
    assert (TUTORIAL / part / "README.md").is_file()
    assert (TUTORIAL / part / "__init__.py").is_file()
    test_file = TESTS / f"test_tutorial_{part}.py"
    assert test_file.is_file()
    assert f'TUTORIAL / "{part}" / "README.md"' in test_file.read_text() or part == "part00"


@pytest.mark.parametrize("part", PARTS)
def test_every_example_program_is_imported_by_its_test(part: str) -> None:
    programs = sorted(p.stem for p in (TUTORIAL / part).glob("*.py") if p.stem != "__init__")
    test_source = (TESTS / f"test_tutorial_{part}.py").read_text()
    imported = set(re.findall(r"^from tutorial\.\w+ import (.+)$", test_source, re.M))
    names = {n.strip() for line in imported for n in line.split(",")}
    missing = [p for p in programs if p not in names and p not in ("oscilloscope",)]
    assert not missing, f"{part}: no test imports {missing}"


@pytest.mark.parametrize("part", PARTS)
def test_every_program_is_mentioned_in_its_document(part: str) -> None:
    text = (TUTORIAL / part / "README.md").read_text()
    for program in (TUTORIAL / part).glob("*.py"):
        if program.stem != "__init__":
            assert f"{program.name}" in text, f"{part}/README.md never mentions {program.name}"


@pytest.mark.slow  # starts a Python interpreter
def test_python_dash_m_runs_an_example() -> None:
    result = subprocess.run([sys.executable, "-m", "tutorial.go.daisy", "10"], cwd=TUTORIAL.parent,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "11\n"
