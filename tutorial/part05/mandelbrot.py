"""The Mandelbrot consumer fixed with ``Alt``: a channel per producer, read as each is ready.

    python -m tutorial.part05.mandelbrot                    # 320x240
    python -m tutorial.part05.mandelbrot --in-order         # the naive consumer, for comparison

python-csp's producers each had their own channel. A consumer that reads
those channels in column order waits for column 0, then column 1, ...: a
column that is finished early sits blocked until its turn, and with
producers of unequal speed the consumer dawdles. Choosing with ``Alt``
reads whichever column is ready first. The producers' work is uneven:
a column through the set costs many more iterations than one far from it,
and producers yield in proportion to their work. So the ``Alt`` consumer
takes each column as soon as it is done (cheap ones early, costly ones
through the main cardioid late), while the in-order consumer takes them
left to right, leaving finished producers blocked. The picture is the same.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Generator

from csp import Alt, Channel, Par, process

from ..part03.mandelbrot import Column, parse_size, producer
from ..png import write_png
from ..runner import execute


@process
def consumer(cins: list[Channel], width: int, height: int, out: Path,
             in_order: bool = False) -> Generator[Any, Any, list[int]]:
    """Read one column from each channel and save the picture; return the arrival order."""
    image: list[Column | None] = [None] * width
    arrived = []
    if in_order:
        for cin in cins:
            x, column = yield cin.read()
            image[x] = column
            arrived.append(x)
    else:
        alt = Alt(*cins)
        for select in alt * len(cins):  # one selection per channel ...
            x, column = yield select
            image[x] = column
            arrived.append(x)
            # ... and a channel that has given its column is not chosen again:
            # its producer has ended, so it is never ready again.
    rows = [[image[x][y] for x in range(width)] for y in range(height)]  # type: ignore[index]
    write_png(out, rows)
    print(f"wrote {out.name} ({width}x{height})")
    return arrived


def network(width: int, height: int, maxiter: int, out: Path, in_order: bool = False) -> Par:
    """A producer per column, each with its own channel to the consumer."""
    channels = [Channel(name=f"column {x}") for x in range(width)]
    producers = [producer(x, width, height, maxiter, channels[x]) for x in range(width)]
    return Par(consumer(channels, width, height, out, in_order), *producers)


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="The Mandelbrot consumer, fixed with Alt.")
    parser.add_argument("--size", type=parse_size, default=(320, 240), help="WIDTHxHEIGHT")
    parser.add_argument("--maxiter", type=int, default=100)
    parser.add_argument("--in-order", action="store_true", help="read the channels in column order")
    parser.add_argument("--out", type=Path, default=Path("mandelbrot.png"))
    args = parser.parse_args(argv)
    width, height = args.size
    arrived = execute(network(width, height, args.maxiter, args.out, args.in_order), reactor)[0]
    print("first columns received:", arrived[:10])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
