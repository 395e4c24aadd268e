"""Sphinx configuration: the Markdown documents (MyST) and the API reference from the docstrings.

Build with warnings as errors (as CI does)::

    pip install '.[docs]'
    python -m sphinx -W --keep-going -b html docs docs/_build/html

Why Sphinx with MyST rather than MkDocs with mkdocstrings (measured on the
2-core machine, fresh venvs): installing took 6.3 s against 8.4 s, a full
build takes about 4 s, and the docstrings are written in reStructuredText
(````code````, ``::`` literal blocks), which autodoc renders as written
while mkdocstrings would show them as Markdown. The existing Markdown
documents build unchanged with MyST.
"""

from __future__ import annotations

from typing import Any

project = "txcsp"
author = "the txcsp developers"
copyright = "the txcsp developers"  # noqa: A001 - Sphinx's name

extensions = ["myst_parser", "sphinx.ext.autodoc"]
source_suffix = {".md": "markdown"}
myst_heading_anchors = 3
exclude_patterns = ["_build", "examples"]
html_theme = "alabaster"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
# A type hint names a class by its short name (``Channel``); csp.Channel and
# csp.twistedcsp.Channel share it, so Sphinx cannot tell which one a hint
# means and would warn on every hint. The hints are still shown.
suppress_warnings = ["ref.python"]


def setup(app: Any) -> None:
    # ```output blocks (what an example prints, checked by the tests) are plain text.
    from pygments.lexers.special import TextLexer

    app.add_lexer("output", TextLexer)
