"""Part 5: choice with Alt, and the Mandelbrot consumer fixed with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tutorial_helpers import TUTORIAL, check_markdown, decode_png
from twisted.internet.task import Clock

from csp import run
from tutorial.part03.mandelbrot import pixel, point
from tutorial.part05 import mandelbrot


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part05" / "README.md") >= 7


def test_alt_consumer_takes_cheap_columns_first(tmp_path: Path) -> None:
    width, height, maxiter = 80, 60, 100
    arrived = run(mandelbrot.network(width, height, maxiter, tmp_path / "alt.png"), reactor=Clock())[0]
    assert sorted(arrived) == list(range(width))

    def cost(x: int) -> int:
        return sum(pixel(point(x, y, width, height), maxiter)[1] for y in range(height))

    by_cost = sorted(range(width), key=cost)
    position = {x: i for i, x in enumerate(arrived)}
    # The costliest columns (through the set) take the most turns, so they arrive late;
    # the cheapest (far from the set) are done in their first turn and arrive early.
    assert min(position[x] for x in by_cost[-5:]) >= width // 2
    assert sum(position[x] for x in by_cost[:20]) < sum(position[x] for x in by_cost[-20:])
    assert arrived != list(range(width))


def test_both_consumers_draw_the_same_picture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    in_order = run(mandelbrot.network(40, 30, 60, tmp_path / "a.png", in_order=True), reactor=Clock())[0]
    assert in_order == list(range(40))
    run(mandelbrot.network(40, 30, 60, tmp_path / "b.png"), reactor=Clock())
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    image = decode_png((tmp_path / "b.png").read_bytes())
    assert (image.width, image.height) == (40, 30)
    assert (0, 0, 0) in image.colours() and len(image.colours()) > 20
    assert capsys.readouterr().out == "wrote a.png (40x30)\nwrote b.png (40x30)\n"


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.png"
    assert mandelbrot.main(["--size", "20x12", "--maxiter", "30", "--out", str(out)], reactor=Clock()) == 0
    assert decode_png(out.read_bytes()).width == 20
    assert "first columns received:" in capsys.readouterr().out
