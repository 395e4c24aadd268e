"""The Mandelbrot set computed by a farm of worker OS processes, one per core, saved as a PNG image.

    python -m tutorial.part10.farm                         # 2 workers, 320x240
    python -m tutorial.part10.farm --workers 0             # the same farm in this one process
    python -m tutorial.part10.farm --workers 4 --size 640x480 --maxiter 200 --time

Part 3's farm ran its workers as processes on the one reactor, in one
thread, on one core. Here each worker is a :class:`csp.workers.Worker`: a
process whose body runs in another Python interpreter, reading jobs from
the parent's ``jobs`` channel and writing results to its ``results``
channel over networked channels. The parent's ``blocks`` process hands out
blocks of rows; ``gather`` puts them together and saves the picture. The
worker's process, ``render_rows``, is the same function either way: with
``--workers 0`` it runs at home, in the parent's reactor.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, Generator

from csp import Channel, ChannelClosed, Par, Process, process
from csp.workers import Worker

from ..part03.mandelbrot import parse_size, pixel, point
from ..png import write_png

ROWS_PER_JOB = 4
"""Rows of the picture per message: enough work per message that the network's cost is small."""


def render(y0: int, y1: int, width: int, height: int, maxiter: int) -> bytes:
    """Rows ``y0`` to ``y1 - 1`` of the picture, as RGB bytes, row after row."""
    out = bytearray()
    for y in range(y0, y1):
        for x in range(width):
            out.extend(pixel(point(x, y, width, height), maxiter)[0])
    return bytes(out)


@process
def render_rows(jobs: Channel, results: Channel, width: int, height: int,
                maxiter: int) -> Generator[Any, Any, int]:
    """Compute every block of rows read from ``jobs``; write ``(y0, rgb)`` to ``results``.

    Ends when ``jobs`` is closed, returning how many blocks it computed. (It
    catches ``ChannelClosed`` rather than letting it escape: escaping, it
    would close ``results`` too, while another worker may still be writing.)
    """
    done = 0
    try:
        while True:
            y0, y1 = yield jobs.read()
            yield results.write((y0, render(y0, y1, width, height, maxiter)))
            done += 1
    except ChannelClosed:
        return done


@process
def blocks(jobs: Channel, height: int, rows: int) -> Generator[Any, Any, None]:
    """Send ``(y0, y1)`` for every block of ``rows`` rows, then close ``jobs``: no more work."""
    for y0 in range(0, height, rows):
        yield jobs.write((y0, min(y0 + rows, height)))
    jobs.close()


@process
def gather(results: Channel, width: int, height: int, rows: int,
           out: Path | None) -> Generator[Any, Any, bytes]:
    """Read every block, in whatever order they come; save the PNG; return the picture's RGB bytes."""
    count = -(-height // rows)
    got: dict[int, bytes] = {}
    for _ in range(count):
        y0, rgb = yield results.read()
        got[y0] = rgb
    picture = b"".join(got[y0] for y0 in sorted(got))
    if out is not None:
        stride = 3 * width
        write_png(out, [[tuple(picture[i:i + 3]) for i in range(y * stride, (y + 1) * stride, 3)]
                        for y in range(height)])
    return picture


def network(width: int, height: int, maxiter: int, workers: int, out: Path | None = None,
            rows: int = ROWS_PER_JOB) -> Par:
    """The farm: ``workers`` worker OS processes (0: one ``render_rows`` here), a feeder, a gatherer.

    Its result's last item is the picture as RGB bytes.
    """
    jobs, results = Channel(name="jobs"), Channel(name="results")
    farm: list[Process]
    if workers:
        farm = [Worker(render_rows, jobs, results, width, height, maxiter) for _ in range(workers)]
    else:
        farm = [render_rows(jobs, results, width, height, maxiter)]
    return Par(blocks(jobs, height, rows), *farm, gather(results, width, height, rows, out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The Mandelbrot set by a farm of worker OS processes.")
    parser.add_argument("--size", type=parse_size, default=(320, 240), help="WIDTHxHEIGHT")
    parser.add_argument("--maxiter", type=int, default=100, help="iterations per pixel")
    parser.add_argument("--workers", type=int, default=2, help="worker OS processes (0: all in this one)")
    parser.add_argument("--rows", type=int, default=ROWS_PER_JOB, help="rows of the picture per job")
    parser.add_argument("--out", type=Path, default=Path("farm.png"))
    parser.add_argument("--time", action="store_true", help="say how long it took")
    args = parser.parse_args(argv)
    if args.workers < 0 or args.rows < 1:
        parser.error("--workers must be 0 or more and --rows at least 1")
    width, height = args.size
    began = time.perf_counter()
    results = network(width, height, args.maxiter, args.workers, args.out, args.rows).start()
    seconds = time.perf_counter() - began
    where = f"{args.workers} worker processes" if args.workers else "this one process"
    print(f"wrote {args.out.name} ({width}x{height}) in {where}")
    if args.time:  # how the blocks were shared depends on timing: only shown when asked for
        print(f"took {seconds:.2f} s; blocks per worker: {results[1:-1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
