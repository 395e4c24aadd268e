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


def _source_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    """The compiled build keeps no docstrings in its C extensions: take them from the .py sources."""
    if not any(line.strip() for line in lines):
        from csp._docsource import getdoc

        doc = getdoc(obj)
        if doc:
            lines[:] = doc.splitlines()


def _source_signature(app: Any, what: str, name: str, obj: Any, options: Any, signature: str | None,
                      return_annotation: str | None) -> tuple[str | None, str | None] | None:
    from csp._docsource import source_signature

    written = source_signature(obj)
    return (written, return_annotation) if written is not None else None


def _keep_compiled(app: Any, what: str, name: str, obj: Any, skip: bool, options: Any) -> bool | None:
    """autodoc skips what has no docstring; a compiled member has one, in its source."""
    excluded = getattr(options, "exclude_members", None) or ()
    if skip and not name.startswith("_") and name not in excluded:
        from csp._docsource import compiled_modules, getdoc

        module = getattr(obj, "__module__", None) or getattr(getattr(obj, "__objclass__", None), "__module__", "")
        if module in compiled_modules() and getdoc(obj):
            return False
    return None


def setup(app: Any) -> None:
    # ```output blocks (what an example prints, checked by the tests) are plain text.
    from pygments.lexers.special import TextLexer

    app.add_lexer("output", TextLexer)
    app.connect("autodoc-process-docstring", _source_docstring)
    app.connect("autodoc-process-signature", _source_signature)
    app.connect("autodoc-skip-member", _keep_compiled)
