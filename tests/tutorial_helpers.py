"""Helpers for the tutorial's tests: checking the documents' code, decoding PNG files.

The Markdown documents follow three rules, which :func:`check_markdown` enforces:

- every ```` ```python ```` block runs, in order, in one namespace per
  document (so later blocks may use what earlier ones defined);
- a ```` ```output ```` block right after a Python block is exactly what
  that block prints;
- a Python block whose first line is ``# excerpt from NAME`` quotes the file
  ``NAME`` (next to the document): each run of lines between ``# ...``
  markers must appear in that file, verbatim and in order. Excerpts are not
  run; the file they quote is run by its own test.

Processes started with ``p.start()`` in a document run in virtual time on a
``task.Clock`` here, so the documents' timers cost no real time.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from twisted.internet.task import Clock

import csp
import csp._runtime

REPO = Path(__file__).resolve().parent.parent
TUTORIAL = REPO / "tutorial"
if str(REPO) not in sys.path:  # the tutorial runs from the repository root: `python -m tutorial...`
    sys.path.insert(0, str(REPO))

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)


@dataclass
class Block:
    """One fenced block of a Markdown document."""

    lang: str
    code: str
    line: int  # where the block's first line of code is, 1-based


def blocks(text: str) -> list[Block]:
    """Every fenced block in ``text``, in order."""
    out = []
    for m in _FENCE.finditer(text):
        line = text.count("\n", 0, m.start(2)) + 1
        out.append(Block(m.group(1), m.group(2), line))
    return out


@contextlib.contextmanager
def virtual_start() -> Iterator[None]:
    """Make ``p.start()`` run ``p`` in virtual time on a fresh ``task.Clock``."""
    real = csp._runtime.start

    def start(p: csp.Process) -> Any:
        return csp.run(p, reactor=Clock())

    csp._runtime.start = start
    try:
        yield
    finally:
        csp._runtime.start = real


def check_excerpt(doc: Path, block: Block) -> None:
    """The excerpt's chunks appear, in order, in the file it names."""
    first, _, rest = block.code.partition("\n")
    name = first.removeprefix("# excerpt from").strip()
    source = (doc.parent / name).read_text()
    chunks = re.split(r"^\s*# \.\.\.\s*\n", rest, flags=re.M)
    pos = 0
    for chunk in chunks:
        if not chunk.strip():
            continue
        found = source.find(chunk, pos)
        assert found >= 0, (
            f"{doc.name} line {block.line}: this excerpt is not in {name} (the file changed?):\n{chunk}"
        )
        pos = found + len(chunk)


def check_markdown(doc: Path, module: str | None = None,
                   before_block: Callable[[], Any] | None = None) -> int:
    """Run and check every Python block of ``doc``; return how many ran or were checked.

    The blocks run in one namespace whose ``__name__`` is ``module``
    (``tutorial_doc_<folder>`` if not given); ``before_block()``, if given,
    is called before each block runs (docs_helpers.py installs a fresh
    virtual reactor with it)::

        assert check_markdown(TUTORIAL / "part01" / "README.md") >= 10
    """
    text = doc.read_text()
    found = blocks(text)
    namespace: dict[str, Any] = {"__name__": module or f"tutorial_doc_{doc.parent.name}"}
    checked = 0
    for i, block in enumerate(found):
        if block.lang != "python":
            continue
        checked += 1
        if block.code.startswith("# excerpt from"):
            check_excerpt(doc, block)
            continue
        if before_block is not None:
            before_block()
        out = io.StringIO()
        code = compile("\n" * (block.line - 1) + block.code, str(doc), "exec")
        with virtual_start(), contextlib.redirect_stdout(out):
            exec(code, namespace)
        following = found[i + 1] if i + 1 < len(found) else None
        if following is not None and following.lang == "output":
            assert out.getvalue() == following.code, (
                f"{doc.name} line {block.line}: the block printed\n{out.getvalue()}"
                f"but the document says\n{following.code}"
            )
    return checked


# -- PNG decoding, independent of tutorial/png.py ----------------------------------------


@dataclass
class Image:
    width: int
    height: int
    rows: list[list[tuple[int, ...]]]

    def colours(self) -> set[tuple[int, ...]]:
        return {p for row in self.rows for p in row}


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png(data: bytes) -> Image:
    """Decode an 8-bit RGB or RGBA PNG, checking signature, CRCs and row filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, f"bad CRC in chunk {kind!r}"
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
        pos += 12 + length
    assert header is not None, "no IHDR chunk"
    width, height, depth, colour, _c, _f, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, f"unsupported PNG {header}"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    assert len(raw) == height * (stride + 1), "IDAT holds the wrong number of bytes"
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            add = (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]
            line[x] = (line[x] + add) & 0xFF
        rows.append([tuple(line[x:x + bpp]) for x in range(0, stride, bpp)])
        prev = line
    return Image(width, height, rows)
