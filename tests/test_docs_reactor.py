"""docs/reactor.md: each example is a whole program; run each in a fresh Python and compare its output."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).parent.parent / "docs" / "reactor.md"
BLOCK = re.compile(r"^```(\w+)\n(.*?)^```\n", re.S | re.M)


def examples() -> list[tuple[str, str | None]]:
    found = [(m.group(1), m.group(2)) for m in BLOCK.finditer(DOC.read_text())]
    out = []
    for i, (lang, code) in enumerate(found):
        if lang == "python":
            following = found[i + 1] if i + 1 < len(found) else None
            out.append((code, following[1] if following and following[0] == "output" else None))
    return out


def test_the_page_has_an_example_of_each_way():
    assert len(examples()) == 5
    assert "docs/reactor.md" in (DOC.parent.parent / "README.md").read_text()


@pytest.mark.slow
@pytest.mark.parametrize("number", range(5))
def test_each_example_prints_what_the_page_shows(number, tmp_path):
    code, expected = examples()[number]
    path = tmp_path / "example.py"
    path.write_text(code)
    if "twisted.trial" in code:
        path = tmp_path / "test_example.py"
        path.write_text(code)
        out = subprocess.run([sys.executable, "-m", "twisted.trial", "--temp-directory", str(tmp_path / "t"),
                              str(path)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert out.returncode == 0 and "PASSED" in out.stdout, out.stdout + out.stderr
        return
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout == expected
