"""Helpers for the core.async tests: feed a channel, drain one, all in virtual time."""

from __future__ import annotations

from typing import Any

from csp import Channel, ChannelClosed, ChannelPoison, Timer, process


@process
def feed(ch: Channel, values: Any, close: bool = True, gap: float = 0.0) -> Any:
    """Write ``values`` to ``ch`` (``gap`` seconds apart), then close it."""
    for v in values:
        if gap:
            yield Timer().sleep(gap)
        yield ch.write(v)
    if close:
        ch.close()


@process
def drain(ch: Channel, gap: float = 0.0) -> Any:
    """Read ``ch`` until it closes; return the values (``gap`` seconds between reads)."""
    got = []
    while True:
        if gap:
            yield Timer().sleep(gap)
        try:
            got.append((yield ch.read()))
        except ChannelClosed:
            return got


@process
def drain_until_poison(ch: Channel) -> Any:
    """Read ``ch`` until it is poisoned; return ``(values, "poisoned")``."""
    got = []
    while True:
        try:
            got.append((yield ch.read()))
        except ChannelPoison:
            return got, "poisoned"
