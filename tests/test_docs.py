"""The documents: the migration pages' examples run as printed, every table row has one, the site builds."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from docs_helpers import DOCS, MIGRATIONS, check_page, sections, table_rows
from tutorial_helpers import REPO, blocks


@pytest.mark.parametrize("page", MIGRATIONS)
def test_every_example_of_the_page_runs_and_prints_what_it_says(page, monkeypatch):
    assert check_page(DOCS / page, monkeypatch) >= 5


@pytest.mark.parametrize("page", MIGRATIONS)
def test_every_table_row_links_to_a_section_with_a_runnable_example(page):
    text = (DOCS / page).read_text()
    parts = sections(text)
    rows = table_rows(text)
    assert len(rows) >= 5
    for row, anchors in rows:
        assert anchors, f"{page}: this row links to no example: {row}"
        for anchor in anchors:
            assert anchor in parts, f"{page}: no section #{anchor} for the row {row}"
            assert any(b.lang == "python" for b in blocks(parts[anchor])), f"{page}: #{anchor} has no example"


def test_the_readme_links_every_migration_page():
    readme = (REPO / "README.md").read_text()
    for page in MIGRATIONS:
        assert f"docs/{page}" in readme


@pytest.mark.slow
def test_the_twisted_csp_repl_session_prints_what_the_readme_shows_under_a_real_reactor():
    done = subprocess.run([sys.executable, str(DOCS / "examples" / "twisted_csp_repl.py")],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    rallies = [f"{'ping' if i % 2 else 'pong'} {i}" for i in range(1, 11)]
    assert done.stdout.splitlines() == rallies + ["ping Ball's gone", "pong Ball's gone"]


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_site_builds_with_warnings_as_errors(tmp_path):
    pytest.importorskip("sphinx", reason="the docs extra is not installed: pip install '.[docs]'")
    pytest.importorskip("myst_parser", reason="the docs extra is not installed: pip install '.[docs]'")
    out = tmp_path / "html"
    done = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           str(DOCS), str(out)], capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr
    api = (out / "api.html").read_text()
    for name in ("csp.coreasync.mult", "csp.twistedcsp.go", "csp.txcoroutine.coroutine", "csp.Channel"):
        assert re.search(rf'id="{re.escape(name)}"', api), name
