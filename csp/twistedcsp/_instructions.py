"""What a twisted-csp process yields: ``take``, ``put``, ``sleep``/``wait``, ``alts``, ``select``, ``stop``.

Each is an *instruction*, carried out by the process's driver (see
``_driver.py``) with csp's own operations, and translated back to
twisted-csp's conventions: a take from a closed channel gives ``None``, a
put gives ``True`` (``False`` if the channel was closed). An instruction
that is made but never yielded is reported with a ``RuntimeWarning``, so
the classic twisted-csp mistake (forgetting ``yield``) is not silent.
"""

from __future__ import annotations

import warnings
from collections import deque
from typing import Any, Generator, Sequence

from csp import Channel, Timer
from csp.coreasync import CLOSED, AltResult, _here
from csp.coreasync import alts as _core_alts
from csp.coreasync._alts import _NO_DEFAULT

__all__ = ["take", "put", "sleep", "wait", "alts", "select", "stop", "Instruction"]

Steps = Generator[Any, Any, Any]


class Instruction:
    """Base of twisted-csp's instructions: yield one inside a process started with ``go``."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done = False

    def _run(self, reserved: dict[Channel, deque]) -> Steps:  # pragma: no cover - interface
        raise NotImplementedError
        yield

    def __await__(self) -> Steps:
        return (yield self)

    def __del__(self) -> None:
        if not getattr(self, "done", True):
            warnings.warn(
                f"{self!r} was never yielded, so it did nothing; write `yield {self!r}` inside a "
                "process started with go()",
                RuntimeWarning,
                stacklevel=2,
            )


class _Take(Instruction):
    __slots__ = ("ch",)

    def __init__(self, ch: Channel) -> None:
        self.ch = _channel(ch, "take")
        super().__init__()

    def __repr__(self) -> str:
        return f"take({self.ch!r})"

    def _run(self, reserved: dict[Channel, deque]) -> Steps:
        held = reserved.get(self.ch)
        if held:
            value = held.popleft()
            if not held:
                del reserved[self.ch]
            return value
        value = yield from _here.take(self.ch)
        return None if value is _here.ENDED else value


class _Put(Instruction):
    __slots__ = ("ch", "value")

    def __init__(self, ch: Channel, value: Any) -> None:
        self.ch = _channel(ch, "put")
        self.value = value
        super().__init__()

    def __repr__(self) -> str:
        return f"put({self.ch!r}, {self.value!r})"

    def _run(self, reserved: dict[Channel, deque]) -> Steps:
        return (yield from _here.give(self.ch, self.value))


class _Sleep(Instruction):
    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
            raise TypeError(f"sleep({seconds!r}): give the time in seconds, a number, e.g. sleep(0.5)")
        if seconds < 0:
            raise ValueError(f"sleep({seconds}): a time cannot be negative")
        self.seconds = float(seconds)
        super().__init__()

    def __repr__(self) -> str:
        return f"sleep({self.seconds:g})"

    def _run(self, reserved: dict[Channel, deque]) -> Steps:
        yield Timer().sleep(self.seconds)


class _Alts(Instruction):
    __slots__ = ("choice",)

    def __init__(self, operations: Sequence[Any], priority: bool, default: Any) -> None:
        self.choice = _core_alts(operations, default=default, priority=priority)
        super().__init__()

    def __repr__(self) -> str:
        return "alts([...])"

    def _run(self, reserved: dict[Channel, deque]) -> Steps:
        value, ch = yield from self.choice
        return AltResult(None if value is CLOSED else value, ch)


class _Select(Instruction):
    __slots__ = ("choice",)

    def __init__(self, channels: Sequence[Channel]) -> None:
        if not channels:
            raise ValueError("select(): give the channels to choose from, e.g. select(a, b)")
        self.choice = _core_alts([_channel(c, "select") for c in channels])
        super().__init__()

    def __repr__(self) -> str:
        return "select(...)"

    def _run(self, reserved: dict[Channel, deque]) -> Steps:
        value, ch = yield from self.choice
        # The value is taken now and kept for this process: its next take(ch) gets it, so
        # no other reader can snatch it between the select and the take.
        reserved.setdefault(ch, deque()).append(None if value is CLOSED else value)
        return ch


class _Stop(Instruction):
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        super().__init__()
        self.value = value

    def __repr__(self) -> str:
        return f"stop({self.value!r})"


def _channel(ch: Any, verb: str) -> Channel:
    if not isinstance(ch, Channel):
        raise TypeError(f"{verb}({ch!r}): the first argument is a Channel, e.g. `yield {verb}(c)`")
    return ch


def take(channel: Channel) -> Instruction:
    """``value = yield take(c)``: the next value of ``c``, or ``None`` once ``c`` is closed and drained."""
    return _Take(channel)


def put(channel: Channel, value: Any) -> Instruction:
    """``ok = yield put(c, v)``: write ``v``; ``True`` once taken (or buffered), ``False`` if ``c`` is closed.
    """
    return _Put(channel, value)


def sleep(seconds: float) -> Instruction:
    """``yield sleep(s)``: wait ``s`` seconds of reactor time without blocking other processes."""
    return _Sleep(seconds)


wait = sleep  # twisted-csp's earlier name


def alts(operations: Sequence[Any], priority: bool = False, default: Any = _NO_DEFAULT) -> Instruction:
    """``value, chan = yield alts([c1, (c2, v), timeout(1)])``: complete exactly one operation.

    A channel is a take, a ``(channel, value)`` pair a put. The result
    unpacks as ``(value, channel)``: the value taken (``None`` if that
    channel is closed), or ``True``/``False`` for a put. With several
    ready, one at random (the first in order with ``priority=True``); with
    ``default=x`` and none ready, ``(x, DEFAULT)``.
    """
    return _Alts(operations, priority, default)


def select(*channels: Channel) -> Instruction:
    """``chan = yield select(a, b)``: wait until one of the channels has a value; give that channel.

    twisted-csp 0.1's select. The value is taken at once and kept for this
    process: its next ``take`` of that channel gives it, and no other reader
    can take it in between.
    """
    return _Select(channels)


def stop(value: Any = None) -> Instruction:
    """``yield stop(v)``: end the process here with result ``v`` (its ``finally`` blocks run)."""
    return _Stop(value)
