"""An oscilloscope process: reads samples from a channel and draws the trace.

python-csp's oscilloscope drew in a pygame window. Ours collects a screenful
of samples and renders them to a PNG image (with ``tutorial/png.py``) or an
SVG file, chosen by the file name's suffix; then it poisons its channel,
which shuts the whole network feeding it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Generator, Sequence

from csp import Channel, process

from ..png import Pixel, write_png

BACKGROUND: Pixel = (12, 20, 16)
GRID: Pixel = (40, 70, 50)
TRACE: Pixel = (80, 255, 120)


def scale(values: Sequence[float], height: int, low: float, high: float) -> list[int]:
    """The row (0 at the top) of each value, ``high`` at the top and ``low`` at the bottom."""
    span = (high - low) or 1.0
    rows = []
    for v in values:
        clamped = min(max(v, low), high)
        rows.append(round((high - clamped) / span * (height - 1)))
    return rows


def render_png(values: Sequence[float], path: Path, width: int, height: int,
               low: float, high: float) -> Path:
    """Draw the samples left to right as a joined-up trace over a grid; write a PNG."""
    image = [[BACKGROUND] * width for _ in range(height)]
    for y in range(0, height, max(1, height // 8)):
        image[y] = [GRID] * width
    for row in image:
        for x in range(0, width, max(1, width // 10)):
            row[x] = GRID
    ys = scale(values, height, low, high)
    xs = [round(i * (width - 1) / max(1, len(values) - 1)) for i in range(len(values))]
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        image[y][x] = TRACE
        if i:  # join to the previous sample with a vertical run in each column between them
            px, py = xs[i - 1], ys[i - 1]
            for col in range(px, x + 1):
                t = (col - px) / (x - px) if x != px else 1.0
                mid = round(py + (y - py) * t)
                prev_mid = round(py + (y - py) * max(0.0, (col - 1 - px) / (x - px))) if x != px else py
                for row_y in range(min(mid, prev_mid), max(mid, prev_mid) + 1):
                    image[row_y][col] = TRACE
    return write_png(path, image)


def render_svg(values: Sequence[float], path: Path, width: int, height: int,
               low: float, high: float) -> Path:
    """Draw the samples as an SVG polyline over a grid."""
    ys = scale(values, height, low, high)
    xs = [i * (width - 1) / max(1, len(values) - 1) for i in range(len(values))]
    points = " ".join(f"{x:.1f},{y}" for x, y in zip(xs, ys, strict=True))
    grid = "".join(
        f'<line x1="0" y1="{y}" x2="{width}" y2="{y}"/>' for y in range(0, height, max(1, height // 8))
    ) + "".join(
        f'<line x1="{x}" y1="0" x2="{x}" y2="{height}"/>' for x in range(0, width, max(1, width // 10))
    )
    rgb = "rgb({},{},{})".format
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">\n'
        f'<rect width="{width}" height="{height}" fill="{rgb(*BACKGROUND)}"/>\n'
        f'<g stroke="{rgb(*GRID)}" stroke-width="1">{grid}</g>\n'
        f'<polyline fill="none" stroke="{rgb(*TRACE)}" stroke-width="2" points="{points}"/>\n'
        "</svg>\n"
    )
    return path


@process
def Oscilloscope(cin: Channel, out: Path, samples: int = 320, width: int = 640, height: int = 240,
                 low: float = -1.0, high: float = 1.0) -> Generator[Any, Any, list[float]]:
    """Read ``samples`` values from ``cin``, draw them to ``out`` (.png or .svg), poison ``cin``.

    Returns the samples. ``low`` and ``high`` are the values at the bottom
    and the top of the screen; values outside are clipped.
    """
    values = []
    for _ in range(samples):
        values.append(float((yield cin.read())))
    render = render_svg if Path(out).suffix.lower() == ".svg" else render_png
    render(values, Path(out), width, height, low, high)
    print(f"drew {samples} samples to {Path(out).name}")
    cin.poison()  # the network upstream shuts down
    return values
