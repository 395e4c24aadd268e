"""docs/network.md: its two-program example prints what the page shows; the benchmark prints its figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "network.md"


def _ports(text: str) -> str:
    """The text without what changes from run to run: the port, and how the killed host's socket closed."""
    text = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text)
    return re.sub(r"lost \((closed by the peer|ConnectionLost: [^)]*)\);", "lost (...);", text)


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_the_two_program_example_prints_what_the_page_shows():
    page = PAGE.read_text()
    shown = page.split("change from run to run):\n\n```text\n", 1)[1].split("```", 1)[0]
    done = subprocess.run([sys.executable, str(REPO / "docs" / "examples" / "net_two_programs.py")],
                          capture_output=True, text=True, timeout=50, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert _ports(done.stdout) == _ports(shown)


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_the_network_benchmark_prints_its_figures():
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / "net_commstime.py"), "--quick"],
                          capture_output=True, text=True, timeout=140, cwd=REPO)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"in one process .*us/comm", out)
    assert re.search(r"across two processes .*us/comm .*x;", out)
    assert re.search(r"buffered stream .*messages/s", out)
    assert "json" in out


def test_the_page_is_in_the_sites_table_of_contents():
    assert "\nnetwork\n" in (REPO / "docs" / "index.md").read_text()
