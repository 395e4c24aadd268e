"""The oscilloscope traces: networks of builtin processes feeding an oscilloscope.

    python -m tutorial.part07.traces                       # sine and cosine, multiplexed: mux.png
    python -m tutorial.part07.traces --trace sin --out sin.svg
    python -m tutorial.part07.traces --trace random --samples 100

The mux network, python-csp's ``trace_mux``::

    GenerateFloats --> Delta2 --> Cos --\\
                             \\-> Sin ---> Mux2 --> Oscilloscope

``Delta2`` copies each x to both ``Sin`` and ``Cos``; ``Mux2`` merges the
two waves fairly, so the trace alternates between them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from csp import Channel, Par
from csp.builtins import Cos, Delta2, GenerateFloats, Mux2, Random, Sin

from ..part03.mandelbrot import parse_size
from ..runner import execute
from .oscilloscope import Oscilloscope


def trace_random(out: Path, samples: int, seed: int = 1, width: int = 640, height: int = 240) -> Par:
    """Random numbers in [0, 1)."""
    c = Channel()
    return Par(Random(c, seed=seed), Oscilloscope(c, out, samples, width, height, low=0.0, high=1.0))


def trace_sin(out: Path, samples: int, step: float = 0.1, width: int = 640, height: int = 240) -> Par:
    """A sine wave: x = 0, step, 2 step, ... through Sin."""
    xs, ys = Channel(), Channel()
    return Par(GenerateFloats(xs, step), Sin(xs, ys), Oscilloscope(ys, out, samples, width, height))


def trace_cos(out: Path, samples: int, step: float = 0.1, width: int = 640, height: int = 240) -> Par:
    """A cosine wave."""
    xs, ys = Channel(), Channel()
    return Par(GenerateFloats(xs, step), Cos(xs, ys), Oscilloscope(ys, out, samples, width, height))


def trace_mux(out: Path, samples: int, step: float = 0.1, width: int = 640, height: int = 240) -> Par:
    """Sine and cosine of the same x, merged by Mux2 into one trace."""
    c = [Channel() for _ in range(6)]
    return Par(
        GenerateFloats(c[0], step),
        Delta2(c[0], c[1], c[2]),
        Cos(c[1], c[3]),
        Sin(c[2], c[4]),
        Mux2(c[3], c[4], c[5]),
        Oscilloscope(c[5], out, samples, width, height),
    )


TRACES = {"random": trace_random, "sin": trace_sin, "cos": trace_cos, "mux": trace_mux}


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="Oscilloscope traces from builtin processes.")
    parser.add_argument("--trace", choices=sorted(TRACES), default="mux")
    parser.add_argument("--samples", type=int, default=320)
    parser.add_argument("--size", type=parse_size, default=(640, 240), help="WIDTHxHEIGHT of the screen")
    parser.add_argument("--out", type=Path, default=None, help="a .png or .svg file (default: TRACE.png)")
    args = parser.parse_args(argv)
    out = args.out or Path(f"{args.trace}.png")
    width, height = args.size
    execute(TRACES[args.trace](out, args.samples, width=width, height=height), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
