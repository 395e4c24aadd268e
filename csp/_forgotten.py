"""Where was a never-yielded operation created? A best guess from the bytecode.

Recording the line of every ``c.read()``/``c.write(x)`` as it is made would
cost a frame lookup on the library's hottest path. Instead, when the kernel
finds an operation that a process created and did not yield (rare, and a
bug), it looks at the process's code: the operation was made by a call of
its method (``write``, ``read``, ``select``, ...) that ran since the process
last stopped, so the nearest such call before the place where the process
stopped now (going round loops backwards) is the likely one.
"""

from __future__ import annotations

import dis
from bisect import bisect_right
from types import CodeType, FrameType
from typing import Any

_LOADS = {"LOAD_METHOD", "LOAD_ATTR"}


def _line_of(code: CodeType, offset: int) -> int | None:
    starts = [(o, line) for o, line in dis.findlinestarts(code) if line is not None]
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
    calls = [
        i.offset
        for i in dis.get_instructions(code)
        if i.opname in _LOADS and i.argval == name
    ]
    ordered = [o for o in reversed(calls) if o < lasti] + [o for o in reversed(calls) if o >= lasti]
    if skip >= len(ordered):
        return None
    return _line_of(code, ordered[skip])
