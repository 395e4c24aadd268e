"""twisted-csp's channel and what goes with it: ``Channel(size=n)``, ``close``, ``timeout``, callbacks."""

from __future__ import annotations

from typing import Any, Callable

from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

import csp
from csp import ChannelClosed
from csp.coreasync._timeout import closing_channel

from ._instructions import Instruction, _Put, _Take

__all__ = [
    "Channel", "FixedBuffer", "close", "timeout", "channelify", "put_then_callback", "take_then_callback",
]


class FixedBuffer:
    """``Channel(FixedBuffer(n))`` is ``Channel(n)``: a buffer of ``n`` that makes writers wait when full."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"FixedBuffer({size!r}): the size is a whole number >= 1")
        self.size = size

    def __repr__(self) -> str:
        return f"FixedBuffer({self.size})"


class Channel(csp.Channel):
    """twisted-csp's channel: ``Channel()``, ``Channel(2)``, ``Channel(size=2)``, ....

    It is a csp channel (use it in ``Alt``, with ``c.read()``, in any csp
    process), with twisted-csp 0.1's methods: inside a process started
    with ``go``, ``yield c.take()`` and ``yield c.put(v)`` are
    ``yield take(c)`` and ``yield put(c, v)``. From Twisted code use
    :func:`put_then_callback` and :func:`take_then_callback` (or
    ``c.get()``, and ``csp.Channel.put(c, v)``, which return Deferreds)::

        c = Channel(size=2)

        def producer():
            yield c.put("hello")
    """

    __slots__ = ()

    def __init__(self, buf_or_n: Any = None, size: Any = None, name: str | None = None,
                 external: bool = False) -> None:
        if buf_or_n is not None and size is not None:
            raise TypeError(f"Channel({buf_or_n!r}, size={size!r}): give the buffer once")
        buffer = size if buf_or_n is None else buf_or_n
        if buffer is None:
            buffer = 0
        elif isinstance(buffer, FixedBuffer):
            buffer = buffer.size
        super().__init__(buffer, name=name, external=external)

    def take(self) -> Instruction:  # type: ignore[override]
        """``value = yield c.take()`` inside a go process: ``take(c)``."""
        return _Take(self)

    def put(self, value: Any) -> Instruction:  # type: ignore[override]
        """``ok = yield c.put(v)`` inside a go process: ``put(c, v)`` (not a Deferred: see the class)."""
        return _Put(self, value)


def close(channel: csp.Channel) -> None:
    """Close ``channel``: buffered values and waiting writers are still delivered, then takes give ``None``.

    Later puts give ``False``. (twisted-csp dropped the writers waiting at
    the close; here a value a writer was promised is never lost.)
    """
    channel.close()


def timeout(seconds: float) -> Channel:
    """A channel that closes after ``seconds`` (so ``alts`` on it gives ``(None, t)`` then).

    For example::

        value, chan = yield alts([c, timeout(0.8)])
    """
    return closing_channel(seconds, Channel, "timeout(0.8)")


def channelify(d: Deferred) -> Channel:
    """A channel that will hold ``(result, None)`` or ``(None, failure)`` once ``d`` fires, then close.

    twisted-csp 0.1's bridge from a Deferred; the failure is handed over in
    the tuple, so it is not logged as unhandled::

        result, error = yield c.take()
    """
    if not isinstance(d, Deferred):
        raise TypeError(f"channelify({d!r}): give a Twisted Deferred")
    ch = Channel(1, external=True)  # fed by the Deferred: a reader waiting on it is not deadlocked

    def fired(result: Any) -> None:
        ch.offer((None, result) if isinstance(result, Failure) else (result, None))
        ch.close()

    d.addBoth(fired)
    return ch


def put_then_callback(channel: csp.Channel, value: Any, callback: Callable[[bool], Any]) -> Deferred:
    """From Twisted code: put ``value``; ``callback(True)`` once it is taken, ``callback(False)`` if closed.

    If the put can complete at once the callback is called before this
    returns (as in twisted-csp). The Deferred returned carries what the
    callback returns, or fails with ``ChannelPoison`` on a poisoned channel.
    """
    d = csp.Channel.put(channel, value)

    def closed(failure: Failure) -> Any:
        failure.trap(ChannelClosed)
        return callback(False)

    return d.addCallbacks(lambda _: callback(True), closed)


def take_then_callback(channel: csp.Channel, callback: Callable[[Any], Any]) -> Deferred:
    """From Twisted code: take a value; call ``callback(value)``, or ``callback(None)`` once closed.

    The Deferred returned carries what the callback returns, or fails with
    ``ChannelPoison`` on a poisoned channel.
    """
    d = channel.get()

    def closed(failure: Failure) -> Any:
        failure.trap(ChannelClosed)
        return callback(None)

    return d.addCallbacks(callback, closed)
