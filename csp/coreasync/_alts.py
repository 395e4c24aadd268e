"""``alts``: core.async's ``alts!``, a choice that says which channel it chose."""

from __future__ import annotations

import random
from typing import Any, Generator, NamedTuple, Sequence

from csp import Alt, Channel, ChannelClosed, Skip

__all__ = ["alts", "AltResult", "CLOSED", "DEFAULT"]


class _Marker:
    """A named sentinel: ``CLOSED``, ``DEFAULT`` (never equal to a value a channel carries)."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name

    def __reduce__(self) -> str:
        return self._name


CLOSED: Any = _Marker("CLOSED")
"""What ``alts`` gives as the value of a take from a closed channel (``None`` is a value here)."""

DEFAULT: Any = _Marker("DEFAULT")
"""What ``alts`` gives as the channel when nothing was ready and its ``default`` was used."""

_NO_DEFAULT: Any = _Marker("no default")


class AltResult(NamedTuple):
    """What ``alts`` gives: ``(value, channel)``; it unpacks as a pair."""

    value: Any
    channel: Any


def _port(port: Any, i: int) -> tuple[Channel, bool, Any]:
    """``(channel, is_put, value)`` for one port of ``alts``, or the error that says what to write."""
    if isinstance(port, Channel):
        return port, False, None
    if isinstance(port, (tuple, list)) and len(port) == 2 and isinstance(port[0], Channel):
        return port[0], True, port[1]
    raise TypeError(
        f"alts: port {i} is {port!r}; a port is a Channel (take from it) or a pair "
        "(channel, value) (put value on it), e.g. alts([c1, (c2, 42)])"
    )


class _Alts:
    """One ``alts`` call: run it with ``yield from`` (generator) or ``await`` (``async def``)."""

    __slots__ = ("ports", "default", "priority")

    def __init__(self, ports: Sequence[Any], default: Any, priority: bool) -> None:
        if isinstance(ports, (Channel, str, bytes)) or not hasattr(ports, "__iter__"):
            raise TypeError(
                f"alts({ports!r}): give a list of ports, e.g. alts([c1, c2]) or alts([c, (out, v)])"
            )
        self.ports = [_port(p, i) for i, p in enumerate(ports)]
        if not self.ports:
            raise ValueError("alts([]): give at least one port (a channel, or a (channel, value) pair)")
        self.default = default
        self.priority = bool(priority)

    def __repr__(self) -> str:
        return (
            "<alts(...): write `v, ch = yield from alts(...)` in a generator process, "
            "or `v, ch = await alts(...)` in an async def>"
        )

    def _run(self) -> Generator[Any, Any, AltResult]:
        order = list(range(len(self.ports)))
        has_default = self.default is not _NO_DEFAULT
        if has_default and not self.priority:
            # The first ready port in a random order is a uniform choice among the ready ones.
            random.shuffle(order)
        guards: list[Any] = []
        for i in order:
            ch, is_put, value = self.ports[i]
            guards.append(ch.write(value) if is_put else ch)
        if has_default:
            guards.append(Skip())
        alt = Alt(*guards)
        try:
            if self.priority or has_default:
                value = yield alt.pri_select()
            else:
                value = yield alt.select()
        except ChannelClosed:
            chosen = alt.last_index
            if chosen is None or chosen >= len(order):
                raise
            ch, is_put, _ = self.ports[order[chosen]]
            return AltResult(False if is_put else CLOSED, ch)
        chosen = alt.last_index
        assert chosen is not None
        if chosen == len(order):
            return AltResult(self.default, DEFAULT)
        ch, is_put, _ = self.ports[order[chosen]]
        return AltResult(True if is_put else value, ch)

    __iter__ = _run
    __await__ = _run


def alts(ports: Sequence[Any], *, default: Any = _NO_DEFAULT, priority: bool = False) -> _Alts:
    """Complete exactly one of several channel operations; give ``(value, channel)``.

    core.async's ``alts!``. Each port is a channel (take from it) or a pair
    ``(channel, value)`` (put ``value`` on it). With several ready, one is
    chosen at random, or the first ready in list order with
    ``priority=True``. With ``default=x``, if none is ready *now* the result
    is ``(x, DEFAULT)`` and nothing is taken or put. The value is what was
    taken, ``True`` for a put, ``CLOSED`` for a take from a closed channel
    and ``False`` for a put to one (``None`` is a value, so a close is
    ``CLOSED``). A poisoned channel raises ``ChannelPoison``. Run it with
    ``yield from`` in a generator process, ``await`` in an ``async def``::

        @process
        def first_answer(a, b):
            value, ch = yield from alts([a, b, timeout(1.0)])
            if value is CLOSED:
                return "too slow" if ch not in (a, b) else f"{ch.name} closed"
            return value
    """
    return _Alts(ports, default, priority)
