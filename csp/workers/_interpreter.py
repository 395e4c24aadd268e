"""The parent's side of one worker interpreter: start it, tell it what to run, stop it, see it end.

The worker is ``sys.executable -m csp.workers._main``, started with
``reactor.spawnProcess``. Its stdin carries the start-up message (which
holds the secret: never argv, which other users can read) and, later, a
stop request; closing stdin (the parent died) stops it too. It writes one
report to file descriptor 3; its stdout and stderr are copied to the
parent's.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from twisted.internet import error as twisted_error
from twisted.internet.defer import Deferred
from twisted.internet.protocol import ProcessProtocol
from twisted.python.failure import Failure

from ._frames import FrameReader, frame

__all__ = ["Interpreter", "Ending"]

REPORT_FD = 3
STDERR_TAIL = 4000  # characters of the worker's stderr kept for a WorkerDied message


class Ending:
    """How a worker interpreter ended: its report (or None), exit code or signal, the end of stderr."""

    def __init__(self, report: dict[str, Any] | None, exit_code: int | None, signal: int | None,
                 stderr: str, problem: str | None) -> None:
        self.report = report
        self.exit_code = exit_code
        self.signal = signal
        self.stderr = stderr
        self.problem = problem  # a malformed report, said in words


class Interpreter(ProcessProtocol):
    """One worker OS process. ``start()``, then ``ended()`` (a Deferred of its :class:`Ending`)."""

    def __init__(self, reactor: Any, startup: dict[str, Any], grace: float) -> None:
        self.reactor = reactor
        self._startup = frame(startup)
        self.grace = grace
        self.pid: int | None = None
        self.ending: Ending | None = None
        self._waiters: list[Deferred] = []
        self._report: dict[str, Any] | None = None
        self._problem: str | None = None
        self._reports = FrameReader(self._got_report)
        self._stderr = ""
        self._kill_call: Any = None
        self._stopping = False
        self._open_fds = {1, 2, REPORT_FD}

    # -- starting and stopping --------------------------------------------------------

    def start(self) -> None:
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        executable = sys.executable
        self.reactor.spawnProcess(
            self, executable, [executable, "-m", "csp.workers._main"], env=env,
            childFDs={0: "w", 1: "r", 2: "r", REPORT_FD: "r"},
        )
        self.pid = self.transport.pid

    def connectionMade(self) -> None:
        self.transport.write(self._startup)
        self._startup = b""

    def stop(self) -> None:
        """Ask the worker to stop (its process is cancelled, its finally blocks run); kill it after grace."""
        if self.ending is not None or self._stopping:
            return
        self._stopping = True
        try:
            self.transport.write(frame({"kind": "stop"}))
            self.transport.closeStdin()
        except (OSError, twisted_error.ProcessExitedAlready):
            pass  # it is ending already: processEnded comes next
        self._kill_call = self.reactor.callLater(self.grace, self.kill)

    def kill(self) -> None:
        """End the worker at once (SIGKILL)."""
        self._kill_call = None
        if self.ending is None:
            try:
                self.transport.signalProcess("KILL")
            except twisted_error.ProcessExitedAlready:
                pass  # processEnded is on its way

    def ended(self) -> Deferred:
        """A fresh Deferred that fires with the :class:`Ending` once the interpreter has exited."""
        d: Deferred = Deferred()
        if self.ending is not None:
            d.callback(self.ending)
        else:
            self._waiters.append(d)
        return d

    # -- what it says ---------------------------------------------------------------

    def childDataReceived(self, childFD: int, data: bytes) -> None:
        if childFD == REPORT_FD:
            try:
                self._reports.feed(data)
            except ValueError as problem:
                self._problem = f"its report was malformed ({problem})"
        elif childFD == 1:
            _copy(sys.stdout, data)
        elif childFD == 2:
            text = data.decode("utf-8", "replace")
            self._stderr = (self._stderr + text)[-STDERR_TAIL:]
            _copy(sys.stderr, data)

    def _got_report(self, message: dict[str, Any]) -> None:
        if self._report is not None:
            self._problem = "it sent more than one report"
        self._report = message

    def childConnectionLost(self, childFD: int) -> None:
        self._open_fds.discard(childFD)
        if not self._open_fds and self.ending is None:
            # It has closed its output: it is ending. Close its stdin too (Twisted waits for every
            # pipe), and reap it: with the reactor in a background thread there is no SIGCHLD handler.
            self.transport.closeStdin()
            self._reap(0.005)

    def _reap(self, delay: float) -> None:
        if self.ending is not None or self.transport.pid is None:
            return  # ended, or reaped already (processEnded follows once the pipes are closed)
        self.transport.reapProcess()
        if self.ending is None:
            self.reactor.callLater(delay, self._reap, min(delay * 2, 0.25))

    def processEnded(self, reason: Failure) -> None:
        status = reason.value
        exit_code = getattr(status, "exitCode", None)
        signal = getattr(status, "signal", None)
        if self._kill_call is not None and self._kill_call.active():
            self._kill_call.cancel()
        self._kill_call = None
        self.ending = Ending(self._report, exit_code, signal, self._stderr, self._problem)
        waiters, self._waiters = self._waiters, []
        for d in waiters:
            d.callback(self.ending)


def _copy(stream: Any, data: bytes) -> None:
    """Write a worker's output to ``stream`` as it comes (text streams get it decoded)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        stream.flush()
        buffer.write(data)
        buffer.flush()
    else:
        stream.write(data.decode("utf-8", "replace"))
        stream.flush()
