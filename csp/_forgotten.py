"""Operations made and never yielded: found at once, reported like an un-awaited coroutine.

``c.read()``, ``c.write(x)``, ``alt.select()``, ``Timer().sleep(s)`` and
``b.synchronise()`` only *make* an operation; a process performs it by
yielding it. Each one made is noted in ``made[0]`` (the fast path: the one
operation of this step) or, past the first, in ``_loose``; the kernel clears
the note when the process yields that very operation, and anything still
noted when the step ends was never yielded (:func:`sweep` reports it).

Two markers in ``made[0]`` catch the commonest mistakes the moment they
happen, at no cost to the fast path (which only stores into an empty slot):
``OUTSIDE`` while no process step runs (``c.read()`` in plain code), and
``PLAIN`` while a process function without ``yield`` runs (its operations
could never be performed).

Where was a never-yielded operation made? Recording the line of every
operation as it is made would cost a frame lookup on the library's hottest
path. Instead, when one turns up (rare, and a bug), the process's bytecode is
read: the nearest call of the operation's method (``write``, ``read``,
``select``, ...) before the place where the process stopped now (going round
loops backwards) is the likely one, and its source line is quoted.
"""

from __future__ import annotations

import dis
import linecache
import os
import re
import sys
import warnings
from bisect import bisect_right
from types import CodeType, FrameType
from typing import Any, Final

__all__ = ["made", "note_made", "untrack", "sweep", "safe_repr", "MANY", "OUTSIDE", "PLAIN"]


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


MANY: Final[Any] = _Marker("MANY")
"""In ``made[0]``: more than one operation was made in this step (they are all in ``_loose``)."""
OUTSIDE: Final[Any] = _Marker("OUTSIDE")
"""In ``made[0]``: no process step is running, so an operation made now is made in plain code."""
PLAIN: Final[Any] = _Marker("PLAIN")
"""In ``made[0]``: a process function with no ``yield`` is running its one step."""

# Final: the list is never replaced, so compiled code reaches it without a dictionary lookup.
made: Final[list[Any]] = [OUTSIDE]
_loose: Final[list[Any]] = []


def note_made(op: Any) -> None:
    """Note ``op`` when ``made[0]`` is not empty; the makers store into an empty slot themselves."""
    current = made[0]
    if current is OUTSIDE:
        frame = _user_frame()
        if _dropped(frame):
            raise RuntimeError(_outside_message(op, frame))
        return  # made for something else to use, as a guard for an Alt built in plain code
    if current is PLAIN:
        raise TypeError(_plain_message(op, _user_frame()))
    if current is not MANY:
        _loose.append(current)
    _loose.append(op)
    made[0] = MANY


_HERE = os.path.dirname(os.path.abspath(__file__))


def _user_frame() -> FrameType:
    """The innermost frame outside the library: the user's code that made the operation.

    (Compiled, the library's own functions have no frames; interpreted, they
    do: either way the first frame not in ``csp/`` is the user's.)
    """
    frame: FrameType | None = sys._getframe(0)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)).startswith(_HERE):
        frame = frame.f_back
    return frame if frame is not None else sys._getframe(0)


def untrack(op: Any) -> None:
    """Take ``op`` off the never-yielded notes: something else (an ``Alt``) performs it."""
    if made[0] is op:
        made[0] = None
        return
    for i, other in enumerate(_loose):
        if other is op:
            del _loose[i]
            if not _loose and made[0] is MANY:
                made[0] = None
            return


def safe_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters, and never an exception (for reports)."""
    try:
        text = repr(value)
    except BaseException as error:  # noqa: BLE001 - a report must not fail on a bad __repr__
        return f"<{type(value).__name__} whose repr raised {type(error).__name__}>"
    if len(text) > limit:
        text = text[: limit - 5] + " ...>" if text.startswith("<") else text[: limit - 4] + " ..."
    return text


# -- what the user wrote ----------------------------------------------------------

_DROPPED_AFTER = ("POP_TOP", "PRINT_EXPR")  # what follows a call whose result is thrown away or shown
_dropped_at: dict[tuple[CodeType, int], bool] = {}


def _dropped(frame: FrameType) -> bool:
    """Is the result of the call ``frame`` is making thrown away, stored, or shown at a prompt?

    That is how an operation made in plain code is a mistake (``c.write(5)``,
    ``v = c.read()``) rather than a guard for an ``Alt`` being built there
    (``Alt(c.read(), d)``, ``c.read() | d``).
    """
    key = (frame.f_code, frame.f_lasti)
    known = _dropped_at.get(key)
    if known is None:
        ins = [i for i in dis.get_instructions(frame.f_code) if i.opname != "CACHE"]
        at = max((k for k, i in enumerate(ins) if i.offset <= frame.f_lasti), default=len(ins) - 1)
        after = ins[at + 1] if at + 1 < len(ins) else None
        known = after is not None and (
            after.opname in _DROPPED_AFTER or after.opname.startswith("STORE_")
            or (after.opname == "CALL_INTRINSIC_1" and "PRINT" in str(after.argrepr))
        )
        if len(_dropped_at) > 4096:
            _dropped_at.clear()
        _dropped_at[key] = known
    return known



def _quote(filename: str, lineno: int, method: str) -> str | None:
    """The expression ``something.method(...)`` on that source line, as written, or None."""
    line = linecache.getline(filename, lineno)
    target = r"([A-Za-z_][\w.]*(?:\[[^\]]*\])?(?:\(\))?)"  # c, self.out, outs[0], Timer()
    match = re.search(target + r"\s*\.\s*" + re.escape(method) + r"\s*\(", line)
    if match is None:
        return None
    start, depth, i = match.start(1), 1, match.end()
    while i < len(line) and depth:
        depth += {"(": 1, ")": -1}.get(line[i], 0)
        i += 1
    return line[start:i].strip() if depth == 0 else None


def _written(op: Any, filename: str, lineno: int) -> str:
    method = getattr(op, "_method", None)
    quoted = _quote(filename, lineno, method) if method else None
    return quoted if quoted is not None else op._text()


def _outside_message(op: Any, frame: FrameType) -> str:
    written = _written(op, frame.f_code.co_filename, frame.f_lineno)
    advice = {
        "read": "From plain or Twisted code use `d = c.get()`, a Deferred that fires with the value",
        "write": "From plain or Twisted code use `d = c.put(x)`, a Deferred that fires once it is taken",
    }.get(getattr(op, "_method", ""), "From plain or Twisted code, run a process that does it")
    return (
        f"`{written}` outside any process does nothing: a channel operation only runs when a process "
        f"yields it. Inside a process write `yield {written}` (a function decorated with @process). "
        f"{advice}."
    )


def _plain_message(op: Any, frame: FrameType) -> str:
    written = _written(op, frame.f_code.co_filename, frame.f_lineno)
    return (
        f"`{written}` in a process function that has no `yield` ({frame.f_code.co_name}, line "
        f"{frame.f_lineno}): such a function runs in one go, so the operation could never be "
        f"performed. Write `yield {written}` (or `x = yield {written}` for a read); that makes the "
        "function a generator, which runs as a process."
    )


# -- where a forgotten operation was made ---------------------------------------

_LOADS = {"LOAD_METHOD", "LOAD_ATTR"}


def _line_of(code: CodeType, offset: int) -> int | None:
    # Each pair held as Any: since 3.13 a line may be None, which the stubs (and so mypyc) deny.
    pairs: list[Any] = list(dis.findlinestarts(code))
    starts = [(pair[0], pair[1]) for pair in pairs if pair[1] is not None]
    if not starts:
        return None
    i = bisect_right([o for o, _ in starts], offset) - 1
    return starts[max(i, 0)][1]


def creation_line(frame: FrameType, op: Any, skip: int) -> int | None:
    """The line where ``op`` was probably created in ``frame``'s code, or None.

    ``skip`` is how many matching calls nearer to where the process stopped
    belong to other operations (the one it did yield, later forgotten ones).
    """
    name = getattr(op, "_method", None)
    if name is None:
        return None
    code = frame.f_code
    lasti = frame.f_lasti
    calls = [i.offset for i in dis.get_instructions(code) if i.opname in _LOADS and i.argval == name]
    ordered = [o for o in reversed(calls) if o < lasti] + [o for o in reversed(calls) if o >= lasti]
    if skip >= len(ordered):
        return None
    return _line_of(code, ordered[skip])


def sweep(task: Any, yielded: Any = None) -> BaseException | None:
    """Report the operations noted and not yielded in ``task``'s step; clear the notes.

    Returns the warning if the warnings filter turned it into an error (as
    ``-W error`` or the test suite do), so the caller can raise it in the
    process instead of breaking the scheduler.
    """
    raised: BaseException | None = None
    ops = [op for op in _loose + made if op is not None and not isinstance(op, _Marker) and op is not yielded]
    _loose.clear()
    made[0] = None
    ops.reverse()  # newest first: the nearest matching call before the yield made the newest one
    seen: dict[str | None, int] = {}
    yielded_method = getattr(yielded, "_method", None)
    if yielded_method is not None:
        seen[yielded_method] = 1  # the nearest call made the operation that was yielded
    body = getattr(task, "body", None)
    frame = (getattr(body, "gi_frame", None) or getattr(body, "cr_frame", None)) if body is not None else None
    for op in ops:
        op._forgotten()
        method = getattr(op, "_method", None)
        rank = seen.get(method, 0)
        seen[method] = rank + 1
        if frame is not None:
            filename = frame.f_code.co_filename
            made_at = creation_line(frame, op, rank)
            lineno = made_at if made_at is not None else frame.f_lineno
            where = f" created in process {task.label} at line {lineno}" if made_at is not None else (
                f" in process {task.label} before line {lineno}"
            )
        elif task is not None:
            code = getattr(getattr(task.process, "_func", None), "__code__", None)
            filename = code.co_filename if code else "<unknown>"
            lineno = code.co_firstlineno if code else 0
            where = f" in process {task.label} (which then ended)"
        else:
            filename, lineno, where = "<outside any process>", 0, ""
        written = _written(op, filename, lineno) if lineno else op._text()
        message = (
            f"channel operation {safe_repr(op)}{where} was never yielded; "
            f"write `yield {written}` (or `await` it) to perform it"
        )
        try:
            warnings.warn_explicit(message, RuntimeWarning, filename, lineno)
        except Warning as error:
            raised = raised or error
    return raised
