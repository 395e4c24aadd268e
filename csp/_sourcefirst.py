"""``TXCSP_PURE=1`` at import time: run the pure-Python kernel of a compiled install.

A compiled install keeps each compiled module's ``.py`` source beside its
extension module. With ``TXCSP_PURE=1`` in the environment when ``csp`` is
first imported, a finder placed ahead of the usual ones loads every ``csp``
module from its source, so one installation can run either kernel: to compare
the two (``benchmarks/commstime.py`` runs both), or to step through the kernel
in a debugger. ``csp.__compiled__`` then says ``False``. The same variable at
``pip install`` time builds no extension at all (see ``setup.py``).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from typing import Any, Sequence

_HERE = os.path.dirname(os.path.abspath(__file__))


def wanted() -> bool:
    """True when the environment asks for the pure kernel (``TXCSP_PURE`` set and not ``0``)."""
    return os.environ.get("TXCSP_PURE", "") not in ("", "0")


class SourceFirst(importlib.abc.MetaPathFinder):
    """Find ``csp``'s own top-level modules as ``.py`` sources, ahead of compiled ones."""

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: Any = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not name.startswith("csp.") or name.count(".") != 1:
            return None
        source = os.path.join(_HERE, name[4:] + ".py")
        if not os.path.exists(source):
            return None
        return importlib.util.spec_from_file_location(name, source)


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, SourceFirst())


if wanted():
    install()
