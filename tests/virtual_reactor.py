"""A stand-in for Twisted's global reactor that runs in virtual time (for programs that call reactor.run()).

Programs written for twisted-csp and txcoroutine use the global reactor:
``reactor.callLater``, ``reactor.callWhenRunning(main)``, ``reactor.run()``.
The ``virtual_reactor`` fixture puts a :class:`VirtualReactor` in its place,
so they run unchanged with no real waiting. Due times are kept in whole
nanoseconds, so ten sleeps of 0.1 s end at exactly 1.0 s, and timers due at
the same instant fire one at a time, in the order they were set: a program
that ends at that instant (``csp.run`` returns, ``reactor.stop()``) ends
before the later ones fire. A real reactor gets the same order from the time
each hop takes: the timer set later is due a little later.
"""

from __future__ import annotations

import sys
from typing import Any, Callable

import twisted.internet
from twisted.internet.base import DelayedCall
from twisted.internet.task import Clock


class VirtualReactor(Clock):
    """``Clock`` with ``run``, ``stop``, ``callWhenRunning`` and ``running``; see the module's docstring."""

    def __init__(self, limit: float = 3600.0) -> None:
        super().__init__()
        self.running = False
        self._stopping = False
        self._when_running: list[tuple[Callable[..., Any], tuple, dict]] = []
        self.limit = limit  # run() gives up past this virtual time (a program that never ends)

    def callLater(self, delay: float, f: Callable[..., Any], *args: Any, **kw: Any) -> DelayedCall:  # noqa: N802
        dc = DelayedCall(round(self.seconds() + delay, 9), f, args, kw, self.calls.remove,
                         lambda c: None, self.seconds)
        self.calls.append(dc)
        self._sortCalls()
        return dc

    def advance(self, amount: float) -> None:
        """Move the clock on by ``amount`` and fire the first call now due (see the module's docstring)."""
        self.rightNow += amount
        self._sortCalls()
        if self.calls and self.calls[0].getTime() <= self.seconds():
            call = self.calls.pop(0)
            call.called = 1
            call.func(*call.args, **call.kw)

    def callWhenRunning(self, f: Callable[..., Any], *args: Any, **kw: Any) -> None:  # noqa: N802
        if self.running:
            f(*args, **kw)
        else:
            self._when_running.append((f, args, kw))

    def stop(self) -> None:
        self._stopping = True

    def run(self, installSignalHandlers: bool = True) -> None:  # noqa: N803
        self.running = True
        for f, args, kw in self._when_running:
            f(*args, **kw)
        self._when_running = []
        while self.calls and not self._stopping:
            due = self.calls[0].getTime()
            if due > self.limit:
                break
            self.rightNow = max(self.rightNow, due)
            self.advance(0)
        self.running = False


def install(monkeypatch: Any) -> VirtualReactor:
    """Make ``from twisted.internet import reactor`` give a fresh :class:`VirtualReactor`."""
    fake = VirtualReactor()
    monkeypatch.setitem(sys.modules, "twisted.internet.reactor", fake)
    monkeypatch.setattr(twisted.internet, "reactor", fake, raising=False)
    return fake
