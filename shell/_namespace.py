"""The names every shell session and script starts with.

``from csp import *``, ``from csp.guards import *`` and
``from csp.builtins import *``, plus the runtime the rewritten code calls.
A module that cannot be imported is reported, not fatal: the shell starts
with what there is.
"""

from __future__ import annotations

import builtins
import importlib
from dataclasses import dataclass, field
from typing import Any

from ._rewrite import RUNTIME, RUNTIME_NAME

__all__ = ["PRELOADED", "Preload", "make_namespace"]

PRELOADED = ("csp", "csp.guards", "csp.builtins")
"""The modules whose public names are preloaded, in order."""


@dataclass
class Preload:
    """The namespace, which modules were loaded, and why any could not be."""

    namespace: dict[str, Any]
    loaded: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _public_names(module: Any) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    return list(names)


def make_namespace(name: str = "__console__") -> Preload:
    """A fresh globals dict with the preloaded names, named ``name``."""
    ns: dict[str, Any] = {"__name__": name, "__doc__": None, "__builtins__": builtins}
    result = Preload(ns)
    for modname in PRELOADED:
        try:
            module = importlib.import_module(modname)
        except ModuleNotFoundError as error:
            if error.name == modname:
                result.problems.append(f"{modname} is not installed, so its names are not preloaded")
                continue
            result.problems.append(f"could not import {modname}: {type(error).__name__}: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - reported in the banner; the shell still starts
            result.problems.append(f"could not import {modname}: {type(error).__name__}: {error}")
            continue
        missing = []
        for n in _public_names(module):
            if hasattr(module, n):
                ns[n] = getattr(module, n)
            else:
                missing.append(n)
        if missing:
            result.problems.append(f"{modname}.__all__ names {', '.join(missing)}, which it does not define")
        result.loaded.append(modname)
    ns[RUNTIME_NAME] = RUNTIME
    return result
