"""Part 7: builtins, and the oscilloscope networks rendered to PNG and SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tutorial_helpers import TUTORIAL, check_markdown, decode_png
from twisted.internet.task import Clock

from csp import run
from tutorial.part07 import oscilloscope, traces


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part07" / "README.md") >= 7


def trace_rows(image_rows: list[list[tuple[int, ...]]], x: int) -> list[int]:
    return [y for y, row in enumerate(image_rows) if row[x] == oscilloscope.TRACE]


def test_sine_trace_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sin.png"
    samples = run(traces.trace_sin(out, 64, width=320, height=120), reactor=Clock())[-1]
    # GenerateFloats starts at its epsilon (0.1), as python-csp documents
    assert samples == pytest.approx([math.sin((i + 1) * 0.1) for i in range(64)])
    image = decode_png(out.read_bytes())
    assert (image.width, image.height) == (320, 120)
    assert image.colours() == {oscilloscope.BACKGROUND, oscilloscope.GRID, oscilloscope.TRACE}
    # A joined-up line: every column has some of the trace.
    assert all(trace_rows(image.rows, x) for x in range(image.width))
    # sin(0.1) is just above mid-screen on the left (6 of 60 rows); sin(1.6) (sample 15) is at the top.
    assert 53 <= min(trace_rows(image.rows, 0)) <= 55
    assert 0 in trace_rows(image.rows, round(15 * 319 / 63))
    assert capsys.readouterr().out == "drew 64 samples to sin.png\n"


def test_mux_trace_alternates_sine_and_cosine(tmp_path: Path) -> None:
    samples = run(traces.trace_mux(tmp_path / "mux.png", 40, width=200, height=100), reactor=Clock())[-1]
    # The trace interleaves the two waves, each in its own order, neither starved.
    cos_next = sin_next = 0
    for v in samples:
        if math.isclose(v, math.cos((cos_next + 1) * 0.1)):  # GenerateFloats starts at 0.1
            cos_next += 1
        else:
            assert math.isclose(v, math.sin((sin_next + 1) * 0.1)), (v, cos_next, sin_next)
            sin_next += 1
    assert cos_next + sin_next == 40 and abs(cos_next - sin_next) <= 2
    image = decode_png((tmp_path / "mux.png").read_bytes())
    assert sum(row.count(oscilloscope.TRACE) for row in image.rows) > 1000


def test_random_trace_svg(tmp_path: Path) -> None:
    out = tmp_path / "random.svg"
    samples = run(traces.trace_random(out, 50, seed=3), reactor=Clock())[-1]
    assert len(samples) == 50 and all(0 <= s < 1 for s in samples)
    svg = ET.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.tag == f"{ns}svg" and svg.get("width") == "640"
    points = svg.find(f"{ns}polyline").get("points").split()
    assert len(points) == 50
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == [round((1 - s) * 239) for s in samples]


def test_cos_and_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cos.png"
    assert traces.main(["--trace", "cos", "--samples", "30", "--size", "120x50", "--out", str(out)],
                       reactor=Clock()) == 0
    image = decode_png(out.read_bytes())
    assert 0 in trace_rows(image.rows, 0)  # cos(0) = 1: the top of the screen
    assert capsys.readouterr().out == "drew 30 samples to cos.png\n"
