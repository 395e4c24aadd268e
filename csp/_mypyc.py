"""``mypyc_attr``, for the modules mypyc compiles; a decorator that does nothing in the pure build.

mypyc reads ``@mypyc_attr(allow_interpreted_subclasses=True)`` at compile
time (a compiled class may then be subclassed by ordinary Python classes,
such as the library's other traps and users' channels); at run time the
pure modules need nothing from mypy, so this falls back to a no-op.
"""

from __future__ import annotations

from typing import Any, Callable

try:
    from mypy_extensions import mypyc_attr
except ImportError:  # the pure build: nothing to tell a compiler

    def mypyc_attr(*_args: Any, **_kwargs: Any) -> Callable[[Any], Any]:  # type: ignore[misc]
        return lambda cls: cls


__all__ = ["mypyc_attr"]
