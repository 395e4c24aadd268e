"""``Worker``: a process whose body runs in another OS process, connected by networked channels."""

from __future__ import annotations

import secrets
import sys
from typing import Any, Generator

from .._channel import Channel
from .._errors import Cancelled
from .._kernel import current_task
from .._process import Process
from ..algebra import Par, Repeat, Seq
from ._codec import encode
from ._errors import WorkerDied, WorkerFailed, WorkerSetupError
from ._interpreter import Ending, Interpreter
from ._target import resolve, target_name

__all__ = ["Worker", "in_worker", "DEFAULT_GRACE"]

DEFAULT_GRACE = 5.0
"""Seconds a cancelled worker has to run its finally blocks before it is killed."""

LOOPBACK = "127.0.0.1"


class Worker(Process):
    """Run ``target(*args, **kwargs)`` as a process in a worker OS process; compose it like any process.

    ``target`` names the process function: a ``"package.module:function"``
    string, or the module-level function itself. The worker interpreter
    imports it by that name (nothing is pickled, nothing sent is executed),
    with the parent's ``sys.path``. Channels among the arguments (at the top
    level: ``Worker(f, jobs, results, n)``) are published by the parent on
    loopback for this worker alone, under a fresh random secret, and the
    worker's process gets networked channels connected to them, used exactly
    as the parent's are. Every other argument goes through the networked
    channels' codec (plain values only). The result comes back the same way::

        from csp import Channel, Par
        from csp.workers import Worker

        jobs, results = Channel(), Channel()
        Par(feeder(jobs), Worker("mymodule:crunch", jobs, results),
            Worker("mymodule:crunch", jobs, results), collector(results)).start()

    If the worker's process raises, this process fails with
    :class:`WorkerFailed` (the function's name and the worker's traceback);
    if the interpreter dies, with :class:`WorkerDied` (its exit status).
    Cancelling this process cancels the worker's (its ``finally`` blocks
    run there); after ``grace`` seconds (``DEFAULT_GRACE``) it is killed.
    This process ends only once the interpreter has exited. Needs a real
    Twisted reactor (``p.start()``, ``csp.run(p)``), not a ``task.Clock``.
    """

    def __init__(self, target: Any, *args: Any, **kwargs: Any) -> None:
        self.function = target_name(target)
        resolve(self.function)  # a misspelt name is an error here, in the parent, at once
        _plan(self.function, args, kwargs)  # so is an argument that cannot be sent
        self.grace = DEFAULT_GRACE
        self._pids: list[int] = []  # of every interpreter started by a run of this recipe
        super().__init__(_worker_body, self, args, kwargs)
        self._name = f"Worker[{self.function}]"

    def __repr__(self) -> str:
        args, kwargs = self._args[1], self._args[2]
        shown = [repr(self.function), *map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())]
        return f"Worker({', '.join(shown)})"

    @property
    def pids(self) -> list[int]:
        """The OS process ids of the interpreters this recipe has started, oldest first."""
        return list(self._pids)


def in_worker(p: Process, grace: float = DEFAULT_GRACE) -> Worker:
    """The process ``p`` (made by a module-level process function) run in a worker OS process.

    ``in_worker(crunch(jobs, results))`` is ``Worker(crunch, jobs, results)``::

        Par(feeder(jobs), *(in_worker(crunch(jobs, results)) for _ in range(2)), collector(results))
    """
    check_plain_process(
        p, "in_worker() runs a process", f"in_worker({p!r}): a worker runs a process",
        "write a module-level @process function that builds this network, and run that in the worker",
    )
    worker = Worker(p._func, *p._args, **p._kwargs)
    worker.grace = grace
    return worker


def check_plain_process(p: Any, not_a_process: str, not_plain: str, advice: str) -> None:
    """Raise unless ``p`` is a process made by calling a module-level process function.

    ``not_a_process`` starts the TypeError for anything else, ``not_plain``
    the WorkerSetupError for a composition or a Worker, which ends with ``advice``.
    """
    if not isinstance(p, Process):
        raise TypeError(f"{not_a_process}, not {p!r} ({type(p).__name__})")
    if isinstance(p, (Par, Seq, Repeat, Worker)):
        raise WorkerSetupError(
            f"{not_plain} made by calling a module-level process function, "
            f"not a {type(p).__name__}; {advice}"
        )


def _plan(function: str, args: tuple, kwargs: dict) -> tuple[dict[str, Channel], dict[str, Any]]:
    """The channels to publish, by name, and the start-up message's arguments (channels by name)."""
    channels: dict[str, Channel] = {}
    plain_args: list[Any] = []
    channel_args: list[list[Any]] = []
    for i, a in enumerate(args):
        if isinstance(a, Channel):
            name = f"arg{i}"
            channels[name] = a
            channel_args.append([i, name])
            plain_args.append(None)
        else:
            _no_channels_inside(function, f"argument {i}", a)
            plain_args.append(a)
    plain_kwargs: dict[str, Any] = {}
    channel_kwargs: list[list[Any]] = []
    for key, v in kwargs.items():
        if isinstance(v, Channel):
            name = f"kw_{key}"
            channels[name] = v
            channel_kwargs.append([key, name])
        else:
            _no_channels_inside(function, f"argument {key}=", v)
            plain_kwargs[key] = v
    message = {"args": plain_args, "kwargs": plain_kwargs, "channel_args": channel_args,
               "channel_kwargs": channel_kwargs}
    try:
        encode(message)
    except (TypeError, ValueError) as error:
        raise WorkerSetupError(
            f"Worker({function!r}): an argument cannot be sent to a worker ({error}); send plain "
            "values (None, bool, int, float, str, bytes, lists, tuples, dicts) and channels"
        ) from error
    return channels, message


def _no_channels_inside(function: str, where: str, value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Channel):
            raise WorkerSetupError(
                f"Worker({function!r}): {where} holds the channel {item!r} inside a container; "
                "give each channel as an argument of its own (Worker(f, a, b), not Worker(f, [a, b]))"
            )
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)


def _reactor_here(function: str) -> Any:
    task = current_task()
    reactor = task.sched.clock if task is not None else None
    if reactor is None or not hasattr(reactor, "spawnProcess") or not hasattr(reactor, "listenTCP"):
        raise WorkerSetupError(
            f"Worker({function!r}) starts an OS process, which needs a real Twisted reactor, not "
            f"{type(reactor).__name__}; run the network with p.start() or csp.run(p), not on a task.Clock"
        )
    return reactor


def _worker_body(worker: Worker, args: tuple, kwargs: dict) -> Generator[Any, Any, Any]:
    function = worker.function
    reactor = _reactor_here(function)
    channels, message = _plan(function, args, kwargs)
    secret = secrets.token_bytes(32)
    server = None
    if channels:
        from csp.net import serve

        # A lost connection is this Worker's to report (WorkerDied), not a wake-up for the parent's own
        # processes on the shared channels: Par cancels them when this process fails, as for any child.
        server = yield serve(f"tcp:0:interface={LOOPBACK}", channels, secret=secret, reactor=reactor,
                             on_lost="ignore")
    startup = dict(message, kind="start", function=function, secret=secret, sys_path=list(sys.path),
                   address=f"tcp:{LOOPBACK}:{server.port}" if server is not None else None)
    child = Interpreter(reactor, startup, worker.grace)
    try:
        child.start()
        if child.pid is not None:
            worker._pids.append(child.pid)
        ending = yield child.ended()
    finally:
        if child.ending is None and child.pid is not None:
            child.stop()  # cancelled (or failed here): the worker's process is cancelled in turn
            ending = yield child.ended()
        if server is not None:
            yield server.stop()
    return _outcome(function, ending)


def _outcome(function: str, ending: Ending) -> Any:
    """The worker's result, or the error its report (or its exit) says."""
    report = ending.report
    if ending.problem is not None:
        raise WorkerDied(function, ending.exit_code, ending.signal, f"{ending.problem}\n{ending.stderr}")
    if report is None:
        raise WorkerDied(function, ending.exit_code, ending.signal, ending.stderr)
    kind = report.get("kind")
    if kind == "result":
        return report.get("value")
    if kind == "error":
        raise WorkerFailed(function, str(report.get("type")), str(report.get("message")),
                           str(report.get("traceback")))
    if kind == "setup":
        raise WorkerSetupError(str(report.get("message")))
    if kind == "cancelled":
        raise Cancelled(f"worker {function} was cancelled")
    raise WorkerDied(function, ending.exit_code, ending.signal, f"it sent an unknown report {kind!r}")
