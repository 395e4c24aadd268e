"""Helpers of the csp.net tests: the real reactor in its background thread, servers, a child program.

The tests run the real global reactor in the background thread that
``start()`` runs it in (as the ``background_reactor`` fixture does), start
servers on 127.0.0.1 only, and talk to a child Python program
(``tests/net_child.py``) over its stdin and stdout: one JSON command a
line, one JSON reply a line. The child exits when its stdin closes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from twisted.internet.defer import Deferred
from twisted.internet.threads import blockingCallFromThread

import csp

LOOPBACK = "tcp:0:interface=127.0.0.1"
CHILD = str(Path(__file__).resolve().parent / "net_child.py")


def the_reactor() -> Any:
    from twisted.internet import reactor

    csp.Skip().start()  # start() is what starts the background reactor
    return reactor


def on_reactor(f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``f`` on the reactor's thread and wait for its result (a Deferred's, if it returns one)."""
    return blockingCallFromThread(the_reactor(), f, *args, **kwargs)


def wait_until(cond: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    """Wait, on the reactor, until ``cond()`` holds there (looked at every ms); fail after ``timeout``."""
    reactor = the_reactor()

    def poll() -> Deferred:
        d: Deferred = Deferred()
        deadline = reactor.seconds() + timeout

        def look() -> None:
            if cond():
                d.callback(True)
            elif reactor.seconds() > deadline:
                d.errback(AssertionError(f"timed out waiting until {what}"))
            else:
                reactor.callLater(0.001, look)

        look()
        return d

    blockingCallFromThread(reactor, poll)


def spawned(p: csp.Process) -> Any:
    """``p.spawn()`` on the reactor's thread; the handle."""
    return on_reactor(lambda: _Box(p.spawn())).handle


def result(handle: Any) -> Any:
    """Wait for a spawned process's result (raising what it raised)."""
    return on_reactor(lambda: handle)


class _Box:
    def __init__(self, handle: Any) -> None:
        self.handle = handle


class Child:
    """The child program (tests/net_child.py); ``ask(cmd, **kw)`` sends a command, gets the reply."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(Path(CHILD).parent), env.get("PYTHONPATH", "")])
        self.proc = subprocess.Popen([sys.executable, CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
        hello = self.reply()
        assert hello == {"ready": True}, hello

    def ask(self, cmd: str, **kwargs: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"cmd": cmd, **kwargs}) + "\n")
        self.proc.stdin.flush()
        return self.reply()

    def reply(self) -> Any:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            err = self.proc.stderr.read() if self.proc.stderr else ""
            raise AssertionError(f"the child program ended: {err[-3000:]}")
        answer = json.loads(line)
        if isinstance(answer, dict) and "error" in answer:
            raise AssertionError(f"the child program failed: {answer['error']}")
        return answer

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGSTOP)

    def close(self) -> None:
        """End the child (closing its stdin ends it) and close every pipe, so nothing is left to collect."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass  # (a killed child's pipe: closing it may report the broken pipe)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@contextmanager
def net_log() -> Iterator[list[str]]:
    """What csp.net logs while the block runs (its formatted messages)."""
    from twisted.logger import formatEvent, globalLogPublisher

    seen: list[str] = []

    def observe(event: dict) -> None:
        if event.get("log_namespace") == "csp.net":
            seen.append(formatEvent(event))

    globalLogPublisher.addObserver(observe)
    try:
        yield seen
    finally:
        globalLogPublisher.removeObserver(observe)
