"""The frames between a parent and its worker interpreters: a 4-byte length, then the encoded message.

A message is a dict encoded with the networked channels' codec
(:mod:`csp.net`): plain values only, nothing pickled, nothing executed.
The parent writes the start-up message and, later, a stop request to the
worker's stdin; the worker writes its one report to file descriptor 3.
"""

from __future__ import annotations

import struct
from typing import Any, Callable

from ._codec import decode, encode

__all__ = ["frame", "FrameReader", "MAX_FRAME", "read_frame"]

MAX_FRAME = 256 * 1024 * 1024
"""The largest message accepted (a worker's arguments or result), 256 MiB."""

_HEAD = struct.Struct(">I")


def frame(message: dict[str, Any]) -> bytes:
    """``message`` encoded, with its length in front."""
    body = encode(message)
    if len(body) > MAX_FRAME:
        raise ValueError(f"a worker message of {len(body)} bytes is over the limit of {MAX_FRAME}")
    return _HEAD.pack(len(body)) + body


class FrameReader:
    """Collects bytes as they arrive and calls ``on_message`` with each whole decoded message."""

    def __init__(self, on_message: Callable[[dict[str, Any]], None]) -> None:
        self._buffer = bytearray()
        self._on_message = on_message

    def feed(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _HEAD.size:
            (length,) = _HEAD.unpack_from(self._buffer)
            if length > MAX_FRAME:
                raise ValueError(f"a worker frame says it holds {length} bytes, over {MAX_FRAME}")
            if len(self._buffer) < _HEAD.size + length:
                return
            body = bytes(self._buffer[_HEAD.size:_HEAD.size + length])
            del self._buffer[:_HEAD.size + length]
            message = decode(body)
            if not isinstance(message, dict):
                raise ValueError(f"a worker frame held {type(message).__name__}, not a message (a dict)")
            self._on_message(message)


def read_frame(read: Callable[[int], bytes]) -> dict[str, Any] | None:
    """Read one message with ``read(n)`` (a blocking read of up to n bytes); None at end of file."""
    head = _read_exactly(read, _HEAD.size)
    if head is None:
        return None
    (length,) = _HEAD.unpack(head)
    if length > MAX_FRAME:
        raise ValueError(f"a worker frame says it holds {length} bytes, over the limit of {MAX_FRAME}")
    body = _read_exactly(read, length)
    if body is None:
        raise ValueError("the stream ended in the middle of a worker frame")
    message = decode(body)
    if not isinstance(message, dict):
        raise ValueError(f"a worker frame held {type(message).__name__}, not a message (a dict)")
    return message


def _read_exactly(read: Callable[[int], bytes], n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = read(left)
        if not chunk:
            if left == n:
                return None
            raise ValueError("the stream ended in the middle of a worker frame")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
