"""Docstrings that survive compilation: read from the Python source when mypyc dropped them.

The compiled build runs ``csp/_kernel.py``, ``csp/_channel.py`` and a few
more as C extensions; mypyc keeps only a signature where a function's
docstring was. The ``.py`` sources are installed beside the extensions, so
:func:`getdoc` reads a missing docstring from there (the shell's ``info``
and the documentation use it). In the pure build it is ``inspect.getdoc``.

>>> from csp import Channel
>>> getdoc(Channel.read).splitlines()[0]
'The operation that reads one value: ``x = yield c.read()``.'
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from pathlib import Path
from typing import Any

__all__ = ["getdoc", "source_signature", "compiled_modules"]


def compiled_modules() -> list[str]:
    """The names of csp's modules that run compiled (empty in the pure build)."""
    return sorted(name for name, mod in list(sys.modules.items())
                  if name.startswith("csp.") and str(getattr(mod, "__file__", "")).endswith((".so", ".pyd")))


def getdoc(obj: Any) -> str | None:
    """``inspect.getdoc(obj)``, or the docstring from the source if compilation dropped it."""
    doc = inspect.getdoc(obj)
    if doc and not _only_a_signature(doc):
        return doc
    found = _from_source(obj)
    return found if found is not None else (None if doc is None or _only_a_signature(doc) else doc)


def _only_a_signature(doc: str) -> bool:
    first = doc.strip().splitlines()[0] if doc.strip() else ""
    return doc.strip().endswith("--") or (first.endswith(")") and "(" in first and len(doc.splitlines()) <= 2
                                          and " " not in first.split("(")[0])


def source_signature(obj: Any) -> str | None:
    """The signature as the source writes it (``(self, value)``), for compiled functions; else None."""
    if isinstance(obj, property) or inspect.isgetsetdescriptor(obj) or inspect.ismemberdescriptor(obj):
        return None  # an attribute has no call signature
    if inspect.isclass(obj):
        obj = getattr(obj, "__init__", None)
    target = inspect.unwrap(obj) if callable(obj) else obj
    module_name = getattr(target, "__module__", None) or getattr(getattr(target, "__objclass__", None),
                                                                    "__module__", None)
    qualname = getattr(target, "__qualname__", None)
    if module_name not in compiled_modules() or qualname is None:
        return None
    return _module_docs(module_name).get("signature:" + qualname)


def _from_source(obj: Any) -> str | None:
    if inspect.ismodule(obj):
        return _module_docs(obj.__name__).get("<module>")
    target = inspect.unwrap(obj) if callable(obj) else obj
    module_name = getattr(target, "__module__", None) or getattr(getattr(target, "__objclass__", None),
                                                                    "__module__", None)
    qualname = getattr(target, "__qualname__", None)
    if isinstance(target, property) and target.fget is not None:
        return _from_source(target.fget)
    if module_name is None or qualname is None:
        return None
    docs = _module_docs(module_name)
    return docs.get(qualname)


@functools.lru_cache(maxsize=64)
def _module_docs(module_name: str) -> dict[str, str]:
    module = sys.modules.get(module_name)
    filename = str(getattr(module, "__file__", "") or "")
    if not filename:
        return {}
    path = Path(filename)
    source = path.with_name(path.name.split(".")[0] + ".py")  # _channel.cpython-311-x86_64-linux-gnu.so
    if not source.exists():
        return {}
    tree = ast.parse(source.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    doc = ast.get_docstring(tree)
    if doc:
        out["<module>"] = doc

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + child.name
                text = ast.get_docstring(child)
                if text:
                    out[name] = inspect.cleandoc(text)
                if not isinstance(child, ast.ClassDef):
                    args = child.args
                    args.args = [a for a in args.args if a.arg != "self"]
                    for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
                        if a is not None:
                            a.annotation = None
                    out["signature:" + name] = f"({ast.unparse(args)})"
                if isinstance(child, ast.ClassDef):
                    visit(child, name + ".")

    visit(tree, "")
    return out
