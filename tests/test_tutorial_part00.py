"""Part 0: the install check, and the shell sessions shown in the document.

The ```text blocks that start with a prompt are real shell sessions: the
lines typed after ``>>>`` and ``...`` are fed to ``python-csp -q`` and
every line the document shows as output must appear in what it prints.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tutorial_helpers import TUTORIAL, blocks, check_markdown

DOC = TUTORIAL / "part00" / "README.md"
TIMEOUT = 20


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(DOC) >= 1


def shell_command() -> list[str]:
    script = shutil.which("python-csp", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the python-csp console script is not installed")
    return [script, "-q"]


def sessions() -> list[list[str]]:
    found = []
    for block in blocks(DOC.read_text()):
        lines = block.code.splitlines()
        if block.lang == "text" and lines and lines[0].startswith((">>> ", "$ python-csp")):
            found.append([line for line in lines if not line.startswith("$ ")])
    return found


@pytest.mark.slow  # starts the shell once per session shown (about half a second each)
@pytest.mark.parametrize("session", sessions(), ids=lambda s: s[0][:30])
def test_shell_sessions_shown_in_the_document(session: list[str]) -> None:
    # A bare "..." line in the document is the empty line that ends a block.
    typed = [line[4:] if line.startswith((">>> ", "... ")) else "" for line in session
             if line.startswith((">>> ", "... ")) or line in ("...", ">>>")]
    shown = [line for line in session if not line.startswith((">>>", "..."))]
    result = subprocess.run(shell_command(), input="\n".join(typed) + "\n", capture_output=True,
                            text=True, timeout=TIMEOUT, cwd=TUTORIAL.parent)
    assert result.returncode == 0, result.stderr
    printed = result.stdout
    for line in shown:
        assert line.strip() in printed, f"the shell did not print {line!r}:\n{printed}"
