"""How the shell shows an error: the user's own frames only, and a plain message for a deadlock.

An exception raised inside a process travels through the scheduler and the
reactor thread before ``start()`` re-raises it at the prompt; those frames
say nothing to the user. :func:`format_error` keeps the frames of the
user's code (the console input, their scripts and modules) and drops the
library's, the shell's and Twisted's.
"""

from __future__ import annotations

import os
import traceback

import twisted

import csp
from csp import Deadlock

__all__ = ["format_error"]


def _package_dir(module: object) -> str:
    return os.path.dirname(os.path.abspath(module.__file__)) + os.sep  # type: ignore[attr-defined]


_HIDDEN = (
    _package_dir(csp),
    os.path.dirname(os.path.abspath(__file__)) + os.sep,
    _package_dir(twisted),
)


def _shown(frame: traceback.FrameSummary) -> bool:
    filename = frame.filename
    if filename.startswith("<"):
        return True  # the console's input, or code from -c
    if not os.path.isabs(filename) and filename.replace(os.sep, "/").startswith("csp/"):
        return False  # the compiled kernel names its frames by the path it was compiled from
    path = os.path.abspath(filename)
    return not any(path.startswith(h) for h in _HIDDEN)


def _trim(te: traceback.TracebackException, seen: set[int]) -> None:
    if id(te) in seen:
        return
    seen.add(id(te))
    te.stack = traceback.StackSummary.from_list([f for f in te.stack if _shown(f)])
    for chained in (te.__cause__, te.__context__):
        if chained is not None:
            _trim(chained, seen)


def format_error(exc: BaseException) -> str:
    """The text the shell prints for ``exc``: a trimmed traceback, or just the message.

    A :class:`csp.Deadlock` and a ``KeyboardInterrupt`` are shown as their
    message alone (the deadlock message names every blocked process).
    """
    if isinstance(exc, Deadlock):
        return f"Deadlock: {exc}\n"
    if isinstance(exc, KeyboardInterrupt):
        return "".join(traceback.format_exception_only(type(exc), exc))
    te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
    _trim(te, set())
    return "".join(te.format())
