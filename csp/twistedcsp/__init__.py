"""twisted-csp's API on txcsp: ``from csp.twistedcsp import *`` replaces twisted-csp's ``from csp import *``.

A process is a generator that yields instructions; ``go`` starts it::

    from csp.twistedcsp import *

    def slow_pipe(input, output):
        while True:
            value = yield take(input)
            yield sleep(0.5)
            if value is None:      # input closed
                close(output)
                yield stop()
            yield put(output, value)

    go(slow_pipe, chan1, chan2)        # twisted-csp 0.2; go(slow_pipe(chan1, chan2)) works too

Semantics are twisted-csp's: a take from a closed channel gives ``None``,
a put gives ``True`` (``False`` once the channel is closed), ``alts``
gives ``(value, channel)``. Underneath, every process is a csp process on
the one reactor: its channels are csp channels (usable in ``Alt`` and by
csp processes), ``as_process(f, ...)`` makes one a csp ``Process`` for
``Par``, and cancel, pause and poison reach it like any other. Where
twisted-csp 0.2 refused to put ``None`` (it meant "closed") this module
accepts it, as twisted-csp 0.1 did, since ``None`` is a value in csp; a
reader that takes ``None`` cannot tell it from the close, so don't put
``None`` on a channel whose reader checks for the close.
"""

from csp import DroppingBuffer, SlidingBuffer
from csp.coreasync import DEFAULT, AltResult

from ._channel import Channel, FixedBuffer, channelify, close, put_then_callback, take_then_callback, timeout
from ._driver import as_process
from ._instructions import alts, put, select, sleep, stop, take, wait
from ._spawn import go, go_channel, go_deferred, process, process_channel, process_deferred, run

__all__ = [
    "go",
    "go_channel",
    "go_deferred",
    "process",
    "process_channel",
    "process_deferred",
    "take",
    "put",
    "alts",
    "select",
    "sleep",
    "wait",
    "stop",
    "timeout",
    "close",
    "channelify",
    "Channel",
    "FixedBuffer",
    "DroppingBuffer",
    "SlidingBuffer",
    "DEFAULT",
    "AltResult",
    "put_then_callback",
    "take_then_callback",
    "as_process",
    "run",
]
