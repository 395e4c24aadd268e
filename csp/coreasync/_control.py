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

    def add_output(self, ch: Channel, close: bool, *command: Any) -> Channel:
        """Send ``command``, which adds the output ``ch`` (a tap, a subscription); return ``ch``.

        Once the process has ended, ``ch`` is ended at once instead, as the
        end ended the outputs it had (see :meth:`end_output`)::

            return self._commands.add_output(ch, close, "tap", ch, bool(close))
        """
        if self.ended is None:
            self.send(*command)
        else:
            self.end_output(ch, close)
        return ch

    def end_output(self, ch: Channel, close: bool) -> None:
        """End ``ch``, an output added too late, as the process's end ended the others.

        Poisoned if the process ended by poison; closed if it ended by its
        source's close and ``ch`` was added with ``close=True``; else left
        open.
        """
        if self.ended == "poisoned":
            ch.poison()
        elif close:
            ch.close()

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


