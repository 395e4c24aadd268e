"""Commands to a running combinator (``tap``, ``sub``, ``toggle``, ...): a queue and a doorbell.

``mult``, ``pub`` and ``mix`` change while they run: ``tap(m, ch)`` may be
called from anywhere, inside a process or from Twisted code. The call puts
a command in a queue and rings a doorbell, a channel with a sliding buffer
of one (a ring never waits and two rings are one). The combinator's process
selects on the doorbell first, before its next value, and carries out the
commands in order, so its state is only ever touched by its own process.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from csp import Channel, SlidingBuffer

__all__ = ["Commands"]


class Commands:
    """A combinator's command queue and doorbell (see the module's docstring)."""

    __slots__ = ("queue", "bell", "ended", "started")

    def __init__(self) -> None:
        self.queue: deque = deque()
        # rung from anywhere (Twisted code too): a process waiting on it waits for the outside
        self.bell = Channel(SlidingBuffer(1), external=True)
        self.ended: str | None = None  # "closed" or "poisoned" once the process has ended
        self.started = False

    def send(self, *command: Any) -> None:
        """Queue ``command`` and ring the doorbell (never waits)."""
        self.queue.append(command)
        if not self.bell.closed:
            self.bell.offer(True)

    def take_all(self) -> list[tuple[Any, ...]]:
        """Every queued command, oldest first (the process calls this when the bell rings)."""
        out = []
        while self.queue:
            out.append(self.queue.popleft())
        return out

    def claim(self, what: str) -> None:
        """Mark the process as started; a second run would share this state, so it is refused."""
        if self.started:
            raise RuntimeError(
                f"this {what} is already running (or has run): a {what} is one process, with its own "
                f"state; make another {what} instead of starting its process twice"
            )
        self.started = True


