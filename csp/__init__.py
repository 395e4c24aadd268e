"""txcsp: Hoare's Communicating Sequential Processes on one Twisted reactor.

Every process is a generator (or ``async def`` coroutine) that yields its
channel operations to a small cooperative scheduler::

    from csp import *

    @process
    def writer(cout, n):
        for i in range(n):
            yield cout.write(i)
        cout.poison()

    @process
    async def reader(cin):
        while True:
            print(await cin.read())

    c = Channel()
    Par(reader(c), writer(c, 5)).start()    # prints 0..4
"""

from . import _sourcefirst  # noqa: F401  (first: with TXCSP_PURE=1 the kernel below loads from source)
from ._channel import Channel, DroppingBuffer, SlidingBuffer
from ._errors import Cancelled, ChannelClosed, ChannelPoison, CSPError, Deadlock, NoGuardInAlt, ParError
from ._gc import relaxed_gc
from ._kernel import Scheduler, noreturn
from ._process import CSPProcess, CSPServer, Process, forever, process
from ._promise import PromiseChannel
from ._reactor import scheduler_for
from ._runtime import ProcessHandle, run, run_in_background, spawn, start
from ._watchdog import SlowStepWarning, warn_slow_steps
from .algebra import Par, Repeat, Seq
from .guards import Alt, Barrier, Guard, Skip, Timer

__all__ = [
    "Channel",
    "DroppingBuffer",
    "SlidingBuffer",
    "PromiseChannel",
    "Cancelled",
    "ChannelPoison",
    "ChannelClosed",
    "CSPError",
    "Deadlock",
    "NoGuardInAlt",
    "ParError",
    "Scheduler",
    "noreturn",
    "CSPProcess",
    "CSPServer",
    "Process",
    "ProcessHandle",
    "forever",
    "process",
    "run",
    "run_in_background",
    "relaxed_gc",
    "warn_slow_steps",
    "SlowStepWarning",
    "scheduler_for",
    "spawn",
    "start",
    "Par",
    "Repeat",
    "Seq",
    "Alt",
    "Barrier",
    "Guard",
    "Skip",
    "Timer",
]

__version__ = "0.1.0"

from ._docsource import compiled_modules as _compiled_modules  # noqa: E402

__compiled__: bool = bool(_compiled_modules())
"""True when the kernel runs compiled by mypyc (``pip install .`` where a C compiler is), else pure."""
