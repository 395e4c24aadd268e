"""The Mandelbrot set, computed by a network of processes and saved as a PNG image.

    python -m tutorial.part03.mandelbrot                          # 320x240, one process per column
    python -m tutorial.part03.mandelbrot --farm 4 --out farm.png  # a worker farm of 4
    python -m tutorial.part03.mandelbrot --size 64x48 --maxiter 50

Two networks compute the same picture:

- *producers*: one ``producer`` process per image column, all writing
  ``(x, column)`` to one shared channel; a ``consumer`` reads ``width``
  columns in whatever order they come and saves the image. This is
  python-csp's network, with one any-to-any channel where python-csp used
  a channel per producer (that version, with ``Alt``, is in part 5).
- *farm*: ``csp.patterns.Farm`` hands column numbers to a few workers and
  collects their results; the consumer reads until the farm poisons its
  output channel.

python-csp drew the picture in a pygame window; we write a PNG file with
the tiny writer in ``tutorial/png.py``.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any, Generator

from csp import Channel, ChannelPoison, Par, process
from csp.patterns import Farm

from ..png import Pixel, write_png
from ..runner import execute

Column = list[Pixel]

WORK_PER_TURN = 2000
"""A producer yields after about this many iterations, so the columns are computed side by side."""


def colour(mag: float, cmax: float) -> Pixel:
    """A colour for a point outside the set (python-csp's, from the Python Cookbook 9.10)."""
    a = mag / cmax
    blue = min(max(4 * (0.75 - a), 0.0), 1.0)
    red = min(max(4 * (a - 0.25), 0.0), 1.0)
    green = min(max(4 * abs(a - 0.5) - 1.0, 0.0), 1.0)
    return int(255 * red), int(255 * green), int(255 * blue)


def pixel(c: complex, maxiter: int) -> tuple[Pixel, int]:
    """The colour of point ``c`` and the number of iterations it took to decide.

    Black inside the set; outside, a colour by the normalised iteration count.
    """
    z = 0j
    for i in range(maxiter):
        z = z * z + c
        if abs(z) > 2.0:
            nu = i + 1 - math.log(math.log(abs(z))) / math.log(2)
            return colour(max(nu, 0.0), maxiter), i + 1
    return (0, 0, 0), maxiter


def point(x: int, y: int, width: int, height: int) -> complex:
    """The point of the complex plane at pixel (x, y): the picture spans -2-1.25i to 0.5+1.25i."""
    return complex(-2.0 + x * 2.5 / width, -1.25 + y * 2.5 / height)


@process
def compute_column(x: int, width: int, height: int, maxiter: int) -> Generator[Any, Any, tuple[int, Column]]:
    """Compute column ``x``, top to bottom, yielding now and then; return ``(x, column)``.

    It yields after every ``WORK_PER_TURN`` iterations or so: a column
    through the middle of the set, which costs the most, takes more turns.
    """
    column: Column = []
    work = 0
    for y in range(height):
        colour_here, iterations = pixel(point(x, y, width, height), maxiter)
        column.append(colour_here)
        work += iterations
        if work >= WORK_PER_TURN:
            work = 0
            yield  # let the other producers (and the consumer) have a turn
    return x, column


@process
def producer(x: int, width: int, height: int, maxiter: int, cout: Channel) -> Generator[Any, Any, None]:
    """Compute one column and send it, with its x, down ``cout``."""
    result = yield compute_column(x, width, height, maxiter)
    yield cout.write(result)


@process
def consumer(cin: Channel, width: int, height: int, out: Path,
             columns: int | None = None) -> Generator[Any, Any, list[int]]:
    """Read columns, in whatever order they come, and save the image as a PNG file.

    Reads ``columns`` of them, or until ``cin`` is poisoned if ``columns``
    is None. Returns the x of each column in the order they arrived.
    """
    image: list[Column | None] = [None] * width
    arrived = []
    try:
        while columns is None or len(arrived) < columns:
            x, column = yield cin.read()
            image[x] = column
            arrived.append(x)
    except ChannelPoison:
        pass  # the farm has written every column and poisoned its output: the picture is complete
    missing = [x for x, col in enumerate(image) if col is None]
    if missing:
        raise RuntimeError(f"columns {missing[:5]}... never arrived; the image is incomplete")
    rows = [[image[x][y] for x in range(width)] for y in range(height)]  # type: ignore[index]
    write_png(out, rows)
    print(f"wrote {out.name} ({width}x{height})")
    return arrived


def producers_network(width: int, height: int, maxiter: int, out: Path) -> Par:
    """One producer per column, all sharing one channel to the consumer."""
    columns = Channel(name="columns")
    producers = [producer(x, width, height, maxiter, columns) for x in range(width)]
    return Par(consumer(columns, width, height, out, columns=width), *producers)


@process
def column_numbers(cout: Channel, width: int) -> Generator[Any, Any, None]:
    """Send 0 .. width-1 down ``cout``, then poison it: no more jobs."""
    for x in range(width):
        yield cout.write(x)
    cout.poison()


def farm_network(width: int, height: int, maxiter: int, out: Path, workers: int) -> Par:
    """A worker farm computes the columns; it poisons its output when all are done."""
    jobs, results = Channel(name="jobs"), Channel(name="results")

    def render(x: int) -> Any:
        return compute_column(x, width, height, maxiter)

    return Par(
        column_numbers(jobs, width),
        Farm(render, jobs, results, workers=workers),
        consumer(results, width, height, out),
    )


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 320x240")
    if min(size) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: both sides must be at least 1")
    return size


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="The Mandelbrot set by producers and a consumer.")
    parser.add_argument("--size", type=parse_size, default=(320, 240), help="WIDTHxHEIGHT")
    parser.add_argument("--maxiter", type=int, default=100, help="iterations per pixel")
    parser.add_argument("--farm", type=int, default=0, metavar="WORKERS",
                        help="use a worker farm of this many workers (default: a producer per column)")
    parser.add_argument("--out", type=Path, default=Path("mandelbrot.png"))
    args = parser.parse_args(argv)
    width, height = args.size
    if args.farm:
        network = farm_network(width, height, args.maxiter, args.out, args.farm)
    else:
        network = producers_network(width, height, args.maxiter, args.out)
    execute(network, reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
