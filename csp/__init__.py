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

from ._channel import Channel, DroppingBuffer, SlidingBuffer
from ._errors import Cancelled, ChannelClosed, ChannelPoison, CSPError, Deadlock, NoGuardInAlt, ParError
from ._kernel import Scheduler, noreturn
from ._process import CSPProcess, CSPServer, Process, forever, process
from ._promise import PromiseChannel
from ._reactor import scheduler_for
from ._runtime import ProcessHandle, run, spawn, start
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
