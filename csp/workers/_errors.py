"""What can go wrong with a worker, as errors the parent's ``Worker`` process raises."""

from __future__ import annotations

from .._errors import CSPError

__all__ = ["WorkerError", "WorkerFailed", "WorkerDied", "WorkerSetupError"]


class WorkerError(CSPError):
    """Base class of the errors of worker processes (``csp.workers``)."""


class WorkerSetupError(WorkerError):
    """A worker cannot be made or started: a bad ``"module:function"`` name, an argument it cannot send."""


class WorkerFailed(WorkerError):
    """The worker's process raised: the message holds the function's name and the worker's traceback.

    ``function`` is the ``"module:function"`` name, ``kind`` the exception's
    class name in the worker (``"ZeroDivisionError"``), ``remote_traceback``
    the traceback text as the worker printed it. The exception itself is not
    sent: nothing from the wire is unpickled or executed::

        try:
            yield Worker("mymodule:crunch", data)
        except WorkerFailed as error:
            print(error.kind, error.remote_traceback)
    """

    def __init__(self, function: str, kind: str, message: str, remote_traceback: str) -> None:
        self.function = function
        self.kind = kind
        self.remote_message = message
        self.remote_traceback = remote_traceback
        super().__init__(
            f"worker {function} raised {kind}: {message}\n"
            f"--- traceback in the worker ---\n{remote_traceback.rstrip()}"
        )


class WorkerDied(WorkerError):
    """The worker's interpreter ended without reporting a result (killed, crashed, ``os._exit``).

    ``exit_code`` is its exit status (None if a signal ended it),
    ``signal`` the signal number (None if it exited), ``stderr`` the last
    lines it wrote to its standard error.
    """

    def __init__(self, function: str, exit_code: int | None, signal: int | None, stderr: str) -> None:
        self.function = function
        self.exit_code = exit_code
        self.signal = signal
        self.stderr = stderr
        how = f"was killed by signal {signal}" if signal is not None else f"exited with status {exit_code}"
        tail = f"; the end of its stderr:\n{stderr.rstrip()}" if stderr.strip() else ""
        super().__init__(f"worker {function} {how} before reporting a result{tail}")
