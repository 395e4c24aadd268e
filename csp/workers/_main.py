"""A worker interpreter: ``python -m csp.workers._main``, started by a parent's :class:`Worker`.

It reads its start-up message from stdin (the function's name, the
arguments, the parent's address and secret), imports the function, connects
the networked channels it needs to the parent, runs the process with the
reactor in this thread, and writes one report to file descriptor 3: the
result, the error (its class name, message and traceback text), or that it
was cancelled. A stop request on stdin, or stdin closing (the parent went
away), cancels the process: its ``finally`` blocks run, then it reports.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Any, Callable, Generator

from twisted.internet.defer import CancelledError, Deferred

from ._frames import FrameReader, frame, read_frame

REPORT_FD = 3


def main() -> int:
    try:
        os.fstat(REPORT_FD)
    except OSError:
        print("csp.workers._main runs a worker for csp.workers.Worker, which starts it (with its "
              "start-up message on stdin and a pipe on file descriptor 3 for its report); it is not "
              "a program to run by hand", file=sys.stderr)
        return 2
    try:
        startup = read_frame(lambda n: os.read(0, n))
    except ValueError as problem:
        return _report({"kind": "setup", "message": f"worker: bad start-up message ({problem})"})
    if startup is None or startup.get("kind") != "start":
        return _report({"kind": "setup", "message": "worker: no start-up message on stdin; "
                                                   "workers are started by csp.workers.Worker"})
    sys.path[:] = [p for p in startup.get("sys_path", []) if isinstance(p, str)] or sys.path
    from ._errors import WorkerSetupError
    from ._target import resolve

    try:
        func = resolve(startup["function"])
    except WorkerSetupError as error:
        return _report({"kind": "setup", "message": str(error)})
    except Exception as error:  # noqa: BLE001 - its module raised on import: the parent raises it
        return _report(_error(error))

    import csp

    try:
        report = csp.run(_supervise(startup, func))
    except KeyboardInterrupt:  # SIGTERM or SIGINT: the process was cancelled and its finally blocks ran
        report = {"kind": "cancelled"}
    return _report(report)


def _report(message: dict[str, Any]) -> int:
    try:
        data = frame(message)
    except (TypeError, ValueError) as error:
        data = frame({"kind": "error", "type": type(error).__name__, "traceback": "",
                      "message": f"its result cannot be sent back ({error})"})
    os.set_blocking(REPORT_FD, True)
    view = memoryview(data)
    while view:
        view = view[os.write(REPORT_FD, view):]
    os.close(REPORT_FD)
    return 0


def _supervise(startup: dict[str, Any], func: Callable[..., Any]) -> Any:
    from csp import Deadlock, process

    from .._kernel import current_task

    @process
    def supervise() -> Generator[Any, Any, dict[str, Any]]:
        me = current_task()
        stop = _watch_stdin()
        stop.addCallback(lambda _: me.sched.cancel(me))  # Cancelled reaches the job where it waits
        try:
            value = yield process(_job)(startup, func)
        except CancelledError as error:
            if isinstance(error.__cause__, Deadlock):  # cancelled because its network deadlocked
                return _error(error.__cause__)
            return {"kind": "cancelled"}
        except BaseException as error:  # noqa: BLE001 - reported to the parent, which raises it
            return _error(error)
        return {"kind": "result", "value": value}

    return supervise()


def _error(error: BaseException) -> dict[str, Any]:
    return {"kind": "error", "type": type(error).__name__, "message": str(error),
            "traceback": "".join(traceback.format_exception(error))}


def _job(startup: dict[str, Any], func: Callable[..., Any]) -> Generator[Any, Any, Any]:
    from twisted.internet import reactor

    from ._target import make_process

    args = list(startup["args"])
    kwargs = dict(startup["kwargs"])
    wanted = [(i, name) for i, name in startup["channel_args"]]
    wanted_kw = [(key, name) for key, name in startup["channel_kwargs"]]
    if wanted or wanted_kw:
        from csp.net import connect

        address, secret = startup["address"], startup["secret"]
        for i, name in wanted:
            args[i] = yield connect(address, name, secret=secret, reactor=reactor)
        for key, name in wanted_kw:
            kwargs[key] = yield connect(address, name, secret=secret, reactor=reactor)
    remotes = [args[i] for i, _ in wanted] + [kwargs[key] for key, _ in wanted_kw]
    try:
        p = make_process(func, tuple(args), kwargs)
        return (yield p)
    finally:
        # A clean goodbye, once what was sent (a poison, a close) has been written out.
        from twisted.internet.defer import gatherResults

        yield gatherResults([rc.disconnect() for rc in remotes])


class _StdinWatch:
    """Reads stdin on the reactor: a stop request, or end of file (the parent is gone), fires ``stop``."""

    def __init__(self, stop: Deferred) -> None:
        self.stop = stop
        self.frames = FrameReader(self._message)
        os.set_blocking(0, False)

    def fileno(self) -> int:
        return 0

    def logPrefix(self) -> str:
        return "worker-stdin"

    def doRead(self) -> Any:
        try:
            data = os.read(0, 65536)
        except BlockingIOError:
            return None
        if not data:
            from twisted.internet.main import CONNECTION_DONE

            return CONNECTION_DONE
        try:
            self.frames.feed(data)
        except ValueError:
            self._fire()  # the parent would never send garbage: stop rather than guess
        return None

    def connectionLost(self, reason: Any) -> None:
        from twisted.internet import reactor

        reactor.removeReader(self)
        self._fire()

    def _message(self, message: dict[str, Any]) -> None:
        if message.get("kind") == "stop":
            self._fire()

    def _fire(self) -> None:
        if not self.stop.called:
            self.stop.callback(None)


def _watch_stdin() -> Deferred:
    from twisted.internet import reactor

    stop: Deferred = Deferred()
    reactor.addReader(_StdinWatch(stop))
    return stop


if __name__ == "__main__":
    sys.exit(main())
