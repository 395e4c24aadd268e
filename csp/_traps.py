"""The trap protocol: what a process may yield to the scheduler, and the two sentinels it uses.

Everything a process may yield is a *trap*: an object with
``_perform(task)``. ``_perform`` completes at once and returns the value to
send back into the task, raises an exception to throw into it, or parks the
task (``task.parked_on = trap``) and returns :data:`PARKED`. A parked task is
woken by its scheduler's ``_wake`` or ``_throw``. Every trap a task can park
on has ``_abort(task)``, which unparks it cleanly (cancel and pause use it),
``_describe(task)`` for deadlock reports and ``ps``, and
``_blocked_on(task)``, which tells the deadlock detector what could wake it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, NoReturn

from ._mypyc import mypyc_attr

if TYPE_CHECKING:
    from ._kernel import Task

__all__ = ["Trap", "Runnable", "PARKED", "SELF", "TailCall", "noreturn"]

# Final: compiled modules that import them read a C static, not a module dictionary (once a step).
PARKED: Final[Any] = object()
"""Returned by ``_perform`` when the task is parked."""

SELF: Final[Any] = object()
"""In what ``_blocked_on`` gives: something outside the processes can wake the task."""


@mypyc_attr(allow_interpreted_subclasses=True)
class Trap:
    """Base of what a task may yield. Subclasses define the methods below."""

    __slots__ = ()

    def _perform(self, task: Any) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def _abort(self, task: Any) -> bool:
        """Unpark ``task``. False if the trap delivers the wake-up itself (its children first)."""
        return True

    def _describe(self, task: Any) -> str:
        return "waiting"

    def _blocked_on(self, task: Any) -> tuple:
        """What can wake ``task``: ``SELF`` (the outside), tasks it waits for, objects others touch."""
        return (SELF,)

    def _children(self) -> list[Task]:
        return []


@mypyc_attr(allow_interpreted_subclasses=True)
class Runnable(Trap):
    """What a task runs: ``_make_body()`` gives a generator or coroutine (or a result)."""

    __slots__ = ()
    _name = "process"

    def _make_body(self) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def _end(self, task: Task, value: Any, exc: BaseException | None) -> tuple[Any, BaseException | None]:
        return value, exc


class TailCall(BaseException):
    """Raised by :func:`noreturn`; the kernel catches it where the process's body ends."""

    def __init__(self, target: Any) -> None:
        super().__init__(target)
        self.target = target


def noreturn(target: Any) -> NoReturn:
    """Hand this process over to ``target`` in tail position, releasing the caller's frame.

    ``target`` is a process (``f(args)`` of an ``@process`` function), a
    generator or a coroutine. It runs on in the same task: the caller's
    locals are freed at once, the handle and whoever waits on the caller get
    ``target``'s result, and cancel, pause and poison reach it as they would
    the caller. As txcoroutine's ``noreturn``, it never returns, so a process
    can swap its behaviour for ever in flat memory::

        def countdown(n):
            if n == 0:
                return "done"
            noreturn(countdown(n - 1))   # a million levels deep in constant memory
            yield
    """
    raise TailCall(target)
