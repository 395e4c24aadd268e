"""Setup for txcsp (the metadata lives in pyproject.toml): the kernel compiled with mypyc where it can be.

``pip install .`` compiles the scheduler and channel modules listed in
``COMPILED`` with mypyc when mypyc and a C compiler are there, and falls back
to the very same modules as pure Python when they are not (or when the build
of any of them fails: never half compiled). ``TXCSP_PURE=1 pip install .``
asks for the pure build. An editable install (``pip install -e .``) stays
pure unless ``TXCSP_COMPILE=1``, so that edits to the sources take effect.
``csp.__compiled__`` tells which build runs.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = [
    "csp/_traps.py",
    "csp/_kernel.py",
    "csp/_yields.py",
    "csp/_outcome.py",
    "csp/_forgotten.py",
    "csp/_buffers.py",
    "csp/_external.py",
    "csp/_channel.py",
]


def _say(message: str) -> None:
    print(f"txcsp: {message}", file=sys.stderr)


def _wanted() -> bool:
    return os.environ.get("TXCSP_PURE", "") in ("", "0")


def _editable() -> bool:
    return any(arg in sys.argv for arg in ("develop", "editable_wheel")) and (
        os.environ.get("TXCSP_COMPILE", "") in ("", "0"))


def _extensions() -> list:
    if not _wanted():
        _say("TXCSP_PURE is set: installing the pure-Python kernel")
        return []
    if _editable():
        _say("editable install: the kernel stays pure (TXCSP_COMPILE=1 compiles it in place)")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("mypyc is not available: installing the pure-Python kernel")
        return []
    try:
        # Twisted may not be in the build's environment: its types are not needed to compile.
        return mypycify(["--ignore-missing-imports", "--follow-imports=silent", *COMPILED], opt_level="3")
    except BaseException as error:  # noqa: BLE001 - mypy exits on errors; the pure build is the answer
        _say(f"mypyc could not compile the kernel ({type(error).__name__}: {error}); installing it pure")
        return []


class OptionalBuildExt(build_ext):
    """Build every compiled module, or none: a failure leaves the pure modules, which are the same code."""

    def run(self) -> None:
        if self.inplace and os.environ.get("TXCSP_COMPILE", "") in ("", "0"):
            _say("editable install: the kernel stays pure (TXCSP_COMPILE=1 compiles it in place)")
            return
        try:
            super().run()
        except Exception as error:  # noqa: BLE001 - a missing compiler, a compile error
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            _say(f"the C build failed ({type(error).__name__}: {error}); installing the pure-Python kernel")


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
