"""What else a process may yield: a bare ``yield``, a Deferred, a handle; and what it must not.

A bare ``yield`` is a checkpoint, a Twisted ``Deferred`` is waited for, an
object with ``_csp_trap()`` (a spawned handle) gives its own trap, and an
asyncio future is waited for when Twisted's asyncio reactor runs. Anything
else is a mistake, named with what to write instead.
"""

from __future__ import annotations

from threading import get_ident
from typing import TYPE_CHECKING, Any, Final

from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from ._forgotten import safe_repr
from ._traps import PARKED, Trap

if TYPE_CHECKING:
    from ._kernel import Task

__all__ = ["CHECKPOINT", "adapt", "explain"]


class _Checkpoint(Trap):
    """A bare ``yield``: let every other ready task run, then continue.

    The task goes to the back of the run queue. Its entry there is kept in
    ``task.val`` (free while it is not parked on a write), so that a cancel
    can tell a task waiting at a checkpoint, which it cancels there, from one
    that was handed a value, which gets the value first.
    """

    __slots__ = ()

    def _perform(self, task: Task) -> Any:
        entry: object = (task, None, None)  # one object: compiled, a tuple is boxed where it is stored
        task.val = entry
        task.sched._ready.append(entry)
        return PARKED


CHECKPOINT: Final = _Checkpoint()


class _DeferredWait(Trap):
    """``yield d`` for a Twisted Deferred: park until it fires (or go on, if it has)."""

    __slots__ = ("d", "task", "now")
    _csp_opaque = True

    def __init__(self, d: Deferred) -> None:
        self.d = d
        self.task: Task | None = None
        self.now: Any = None  # the result, when the Deferred fired while being yielded

    def _perform(self, task: Task) -> Any:
        self.task = task
        self.now = PARKED
        self.d.addBoth(self._fired)
        now, self.now = self.now, None
        if now is PARKED:
            task.parked_on = self
            return PARKED
        self.task = None
        if isinstance(now, Failure):
            now.raiseException()
        return now

    def _fired(self, result: Any) -> Any:
        task = self.task
        if task is None:  # aborted: the task no longer waits for us
            return result
        if self.now is PARKED:  # fired at once, inside _perform
            self.now = result if not task.is_coro or isinstance(result, Failure) else None
            return None if isinstance(result, Failure) else result
        sched = task.sched
        elsewhere = sched._drainer is not None and sched._drainer != get_ident()
        if elsewhere and hasattr(sched.clock, "callFromThread"):
            # Fired on another thread (a Deferred is not thread-safe, but the process stays on its own).
            sched.clock.callFromThread(self._fired, result)
            return None if isinstance(result, Failure) else result
        self.task = None
        if isinstance(result, Failure):
            sched._throw(task, result.value)  # the real error, raised at the await or yield
            return None  # it is the process's to handle now
        # A coroutine's await reads the Deferred's result itself when resumed.
        sched._wake(task, None if task.is_coro else result)
        return result

    def _abort(self, task: Task) -> bool:
        self.task = None
        self.d.addErrback(lambda f: None)  # the cancel error is ours to ignore
        self.d.cancel()
        return True

    def _describe(self, task: Task) -> str:
        return f"waiting for {safe_repr(self.d)}"


def explain(error: BaseException, op: Any, task: Task) -> BaseException:
    """A trap's error, or the mistake that caused it (``yield Skip`` for ``yield Skip()``)."""
    if isinstance(op, type):
        return TypeError(_bad_yield_message(op, task))
    return error


def adapt(op: Any, task: Task) -> Trap:
    """Turn a foreign yielded object into a trap, or explain the mistake."""
    if op is None:
        return CHECKPOINT
    if isinstance(op, type):
        raise TypeError(_bad_yield_message(op, task))
    adapt = getattr(op, "_csp_trap", None)
    if adapt is not None:
        return adapt()
    if callable(getattr(op, "_perform", None)):  # a trap of its own, not derived from Trap
        return op
    if isinstance(op, Deferred):
        return _DeferredWait(op)
    if _is_asyncio_future(op):
        return _DeferredWait(_from_asyncio(op, task))
    raise TypeError(_bad_yield_message(op, task))


def _is_asyncio_future(op: Any) -> bool:
    return hasattr(op, "_asyncio_future_blocking") and hasattr(op, "add_done_callback")


def _from_asyncio(future: Any, task: Task) -> Deferred:
    """An asyncio future yielded by an awaitable: wait for it when the asyncio reactor runs here."""
    import asyncio

    try:
        loop = future.get_loop()
        running = asyncio.get_running_loop() if loop.is_running() else None
    except RuntimeError:
        running = None
    if running is None or running is not loop:
        raise TypeError(
            f"process {task.label} awaited an asyncio awaitable, but asyncio's loop is not the one "
            "running this reactor. Install Twisted's asyncio reactor before anything imports the "
            "reactor (`from twisted.internet import asyncioreactor; asyncioreactor.install()`); "
            "then `await aw` works in an async def process, and from a generator process "
            "`yield Deferred.fromFuture(asyncio.ensure_future(aw))`."
        )
    return Deferred.fromFuture(future)


def _bad_yield_message(op: Any, task: Task) -> str:
    if isinstance(op, type):
        name = op.__name__
        return (
            f"process {task.label} yielded the class {name} itself, not an instance of it: "
            f"write `yield {name}(...)` (for example `yield Skip()`, `yield Par(p, q)`)"
        )
    kind = type(op).__name__
    hint = ""
    if getattr(type(op), "_csp_point", False) and hasattr(op, "read"):
        name = _yielded_expression(task) or "c"
        hint = f" To read from it write `yield {name}.read()`; to write `yield {name}.write(x)`."
    elif hasattr(op, "__await__") or hasattr(op, "cr_frame"):
        hint = (
            " A coroutine of another library runs with `yield Deferred.fromCoroutine(coro)` if it "
            "awaits Twisted Deferreds; asyncio awaitables need Twisted's asyncio reactor."
        )
    return (
        f"process {task.label} yielded {safe_repr(op)} ({kind}), which is not something a process "
        "can wait on. Yield a channel operation (`yield c.read()`, `yield c.write(x)`), "
        "a process or term (`yield p`), a choice (`yield alt.select()`), a Timer sleep, "
        "a Twisted Deferred, or nothing at all (a bare `yield` is a checkpoint)." + hint
    )


def _yielded_expression(task: Task) -> str | None:
    """What the task's source line yields (``chan`` in ``yield chan``), to quote in advice."""
    import linecache
    import re

    body = task.body
    frame = getattr(body, "gi_frame", None) or getattr(body, "cr_frame", None)
    if frame is None:
        return None
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    match = re.search(r"\b(?:yield|await)\s+([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(?:$|[)#])", line)
    return match.group(1) if match else None
