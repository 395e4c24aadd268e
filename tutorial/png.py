"""A tiny PNG writer: enough to save the tutorial's pictures without pygame or PIL.

A PNG file is an 8-byte signature followed by *chunks*; each chunk is its
length, a 4-letter type, the data and a CRC-32 of type and data. Three chunks
make a complete image:

- ``IHDR``: width, height, bit depth (8) and colour type (2 = RGB);
- ``IDAT``: the pixel rows, each prefixed by a filter byte (0 = none),
  compressed with ``zlib``;
- ``IEND``: the end.

>>> import zlib
>>> data = png_bytes([[(255, 0, 0), (0, 0, 255)]])
>>> data[:8] == PNG_SIGNATURE
True
>>> len(data) > 50
True
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Sequence

__all__ = ["PNG_SIGNATURE", "Pixel", "png_bytes", "write_png"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

Pixel = tuple[int, int, int]


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC of type + data."""
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bytes(rows: Sequence[Sequence[Pixel]]) -> bytes:
    """Encode ``rows`` (top to bottom, each a sequence of ``(r, g, b)`` bytes) as a PNG file."""
    height = len(rows)
    width = len(rows[0]) if height else 0
    if width == 0 or height == 0:
        raise ValueError("a PNG image needs at least one row and one column")
    raw = bytearray()
    for y, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"row {y} has {len(row)} pixels; every row needs {width}")
        raw.append(0)  # filter type 0: the row is stored as it is
        for r, g, b in row:
            raw += bytes((r, g, b))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + _chunk(b"IEND", b"")
    )


def write_png(path: str | Path, rows: Sequence[Sequence[Pixel]]) -> Path:
    """Write ``rows`` to ``path`` as a PNG file and return the path."""
    path = Path(path)
    path.write_bytes(png_bytes(rows))
    return path
