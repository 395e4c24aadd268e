"""Checking the migration pages in docs/: every example runs and prints what the page says.

The pages follow the tutorial's rules (see tutorial_helpers.py): each
```` ```python ```` block runs, in order, in one namespace per page; an
```` ```output ```` block right after one is exactly what it prints; a block
whose first line is ``# excerpt from NAME`` quotes the file NAME. Here each
block also runs against a fresh virtual-time stand-in for the global
reactor (tests/virtual_reactor.py), and ``p.start()`` runs in virtual time,
so the pages' programs (which call ``run(main)``, ``reactor.run()`` or
``p.start()``) cost no real time.

Every row of a page's table links to the section with its example
(``[take](#take)``); :func:`table_rows` finds them for the check that each
row has a runnable example.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tutorial_helpers import REPO, check_markdown
from virtual_reactor import install

DOCS = REPO / "docs"
MIGRATIONS = ["from-twisted-csp.md", "from-core-async.md", "from-go.md", "from-python-csp.md",
              "from-txcoroutine.md"]


def slug(heading: str) -> str:
    """The anchor MyST (and GitHub) give a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def sections(text: str) -> dict[str, str]:
    """Each heading's anchor -> the text of its section (up to the next heading)."""
    out: dict[str, str] = {}
    parts = re.split(r"^(#{1,6} .*)$", text, flags=re.M)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        out[slug(heading.lstrip("#"))] = body
    return out


def table_rows(text: str) -> list[tuple[str, list[str]]]:
    """Every row of the page's tables: (the row, the anchors it links to)."""
    rows = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        is_header = i + 1 < len(lines) and re.match(r"^\|[-| ]+\|$", lines[i + 1])
        if line.startswith("|") and not is_header and not re.match(r"^\|[-| ]+\|$", line):
            rows.append((line, re.findall(r"\]\(#([\w-]+)\)", line)))
    return rows


def check_page(doc: Path, monkeypatch: Any) -> int:
    """Run and check every Python block of ``doc``, each on a fresh virtual reactor; return how many."""
    return check_markdown(doc, f"docs_{doc.stem.replace('-', '_')}", lambda: install(monkeypatch))
