"""The examples in the checker's docstrings run and print what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["values", "ast", "grammar", "errors", "semantics", "evaluator", "builtins", "lts", "normal",
           "checks", "explain", "script", "report", "monitor", "dot", "fast", "cli", ""]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    if name == "fast":
        pytest.importorskip("numpy")  # the checker extra
    module = importlib.import_module("csp.algebra.cspm" + (f".{name}" if name else ""))
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_trace_module_examples() -> None:
    import csp.trace

    assert doctest.testmod(csp.trace).failed == 0
