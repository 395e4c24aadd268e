"""Par across cores: run processes of a network in worker OS processes.

One reactor in one thread uses one core. A :class:`Worker` is a process
whose body runs in another Python interpreter, started with Twisted's
``spawnProcess``; the channels among its arguments are published by the
parent on loopback and reached from the worker over networked channels
(:mod:`csp.net`), so the worker's process reads and writes them exactly as
it would at home. It composes in ``Par`` like any process::

    from csp import Channel, Par
    from csp.workers import Worker, in_worker

    jobs, results = Channel(), Channel()
    Par(feeder(jobs),
        Worker("mymodule:crunch", jobs, results),
        in_worker(crunch(jobs, results)),          # the same, from a process
        collector(results)).start()

    # Par(a, b, c, d), with the four dealt to two worker interpreters:
    spread(a, b, c, d, workers=2).start()

See ``docs/workers.md`` for what holds: errors and tracebacks come back,
cancel reaches the worker's ``finally`` blocks, and no worker outlives its
``Worker`` process.
"""

from ._errors import WorkerDied, WorkerError, WorkerFailed, WorkerSetupError
from ._spread import spread
from ._worker import DEFAULT_GRACE, Worker, in_worker

__all__ = ["Worker", "in_worker", "spread", "DEFAULT_GRACE", "WorkerError", "WorkerFailed", "WorkerDied",
           "WorkerSetupError"]
