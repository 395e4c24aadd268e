"""The codec of the messages between a parent and its workers: the networked channels' own (JSON)."""

from __future__ import annotations

from typing import Any

from ..net import JsonCodec, UnsendableValue

__all__ = ["encode", "decode", "UnsendableValue"]

_codec = JsonCodec()


def encode(value: Any) -> bytes:
    """``value`` as bytes; :class:`~csp.net.UnsendableValue` (a TypeError) if it cannot be sent."""
    return _codec.encode(value)


def decode(data: bytes) -> Any:
    """The value ``data`` encodes."""
    return _codec.decode(data)
