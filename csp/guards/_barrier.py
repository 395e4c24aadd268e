"""``Barrier``: processes wait at it until every enrolled process has arrived."""

from __future__ import annotations

from typing import Any, Generator

from .._forgotten import made, note_made
from .._kernel import PARKED, Task, Trap

__all__ = ["Barrier"]


class Barrier:
    """A cooperative barrier: ``yield b.synchronise()`` waits for every enrolled process.

    ``Barrier(n)`` starts with ``n`` participants; ``enrol()`` adds one and
    ``retire()`` removes one (python-csp's names). A process that yields
    ``b.synchronise()`` waits until as many processes as are enrolled have
    done so; then all of them continue, and the barrier is ready for the next
    round. ``retire()`` lets the others go on without the retired one (and
    releases them if they were only waiting for it)::

        b = Barrier(3)

        @process
        def phase_worker(b, name):
            for phase in range(2):
                print(name, "finished phase", phase)
                yield b.synchronise()      # nobody starts phase 1 before all end phase 0

        Par(*(phase_worker(b, n) for n in "abc")).start()

    In an ``async def`` process write ``await b.synchronise()``. A process
    that is cancelled while waiting leaves the round (it stays enrolled).
    Processes blocked on a barrier that nobody else can complete count as
    deadlocked.
    """

    def __init__(self, participants: int = 0) -> None:
        self._waiting: list[Task] = []
        self._participants = 0
        self.reset(participants)
        self._sync = _Synchronise(self)

    def __repr__(self) -> str:
        return f"Barrier({self._participants}, waiting={len(self._waiting)})"

    @property
    def participants(self) -> int:
        """How many processes are enrolled."""
        return self._participants

    @property
    def waiting(self) -> int:
        """How many enrolled processes are waiting at the barrier now."""
        return len(self._waiting)

    def reset(self, participants: int) -> None:
        """Set the number of enrolled processes; only while nobody is waiting."""
        if isinstance(participants, bool) or not isinstance(participants, int) or participants < 0:
            raise ValueError(
                f"Barrier({participants!r}): the number of participants is a whole number >= 0"
            )
        if self._waiting:
            raise RuntimeError(
                f"{self!r}.reset() while processes wait at it would strand them; "
                "use enrol() and retire() to change the participants of a running barrier"
            )
        self._participants = participants

    def enrol(self) -> None:
        """Add one participant: every later round also waits for it."""
        self._participants += 1

    def retire(self) -> None:
        """Remove one participant; if all the others are already waiting, they go on."""
        if self._participants == 0:
            raise RuntimeError(
                f"{self!r}.retire(): nobody is enrolled; each retire() undoes one enrol() "
                "(or one of the participants given to Barrier(n))"
            )
        self._participants -= 1
        if self._waiting and len(self._waiting) >= self._participants:
            self._release()

    _csp_point = True  # the deadlock detector: its waiters wait for whoever can reach it

    def _csp_contents(self) -> list:
        return []

    def synchronise(self) -> _Synchronise:
        """The operation that waits for the others: ``yield b.synchronise()``."""
        op = self._sync
        if made[0] is None:  # a synchronise not yielded is reported like a forgotten c.read()
            made[0] = op
        else:
            note_made(op)
        return op

    synchronize = synchronise

    def _arrive(self, task: Task) -> Any:
        if self._participants == 0:
            raise RuntimeError(
                f"process {task.label} synchronised on {self!r}, which has no participants: "
                "create it as Barrier(n) or call b.enrol() once for each process that synchronises"
            )
        if len(self._waiting) + 1 >= self._participants:
            self._release()
            return None
        task.parked_on = self._sync
        self._waiting.append(task)
        return PARKED

    def _release(self) -> None:
        waiting, self._waiting = self._waiting, []
        for t in waiting:
            t.sched._wake(t, None)


class _Synchronise(Trap):
    """``b.synchronise()``: park until every enrolled process has arrived."""

    __slots__ = ("barrier",)
    _method = "synchronise"  # the call that makes it (for never-yielded reports)

    def __init__(self, barrier: Barrier) -> None:
        self.barrier = barrier

    def _perform(self, task: Task) -> Any:
        return self.barrier._arrive(task)

    def _abort(self, task: Task) -> bool:
        # Only cancel aborts this park (pause leaves a waiter counted; its wake-up waits).
        waiting = self.barrier._waiting
        if task in waiting:
            waiting.remove(task)
        return True

    def _describe(self, task: Task) -> str:
        b = self.barrier
        return f"synchronising on a barrier ({len(b._waiting)} of {b._participants} arrived)"

    def _blocked_on(self, task: Task) -> tuple:
        return (self.barrier,)

    def _text(self) -> str:
        return "b.synchronise()"

    def _forgotten(self) -> None:
        pass

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<synchronise on {self.barrier!r}>"
