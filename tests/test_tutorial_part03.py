"""Part 3: channels, and the Mandelbrot network writing a real PNG file."""

from __future__ import annotations

from pathlib import Path

import pytest
from tutorial_helpers import TUTORIAL, check_markdown, decode_png
from twisted.internet.task import Clock

from csp import run
from tutorial import png
from tutorial.part03 import mandelbrot


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part03" / "README.md") >= 8


def test_png_writer_round_trip(tmp_path: Path) -> None:
    rows = [[(x * 20, y * 40, (x + y) % 256) for x in range(7)] for y in range(5)]
    image = decode_png(png.write_png(tmp_path / "t.png", rows).read_bytes())
    assert (image.width, image.height) == (7, 5)
    assert image.rows == rows
    with pytest.raises(ValueError):
        png.png_bytes([[(0, 0, 0)], [(0, 0, 0), (1, 1, 1)]])
    with pytest.raises(ValueError):
        png.png_bytes([])


def check_mandelbrot(path: Path, width: int, height: int) -> None:
    image = decode_png(path.read_bytes())
    assert (image.width, image.height) == (width, height)
    colours = image.colours()
    assert (0, 0, 0) in colours  # points inside the set
    assert len(colours) > 20  # and a gradient outside it
    # The set is symmetric about the real axis: row y mirrors row height - y.
    assert image.rows[height // 4][: width // 2] == image.rows[height - height // 4][: width // 2]
    # The point -1 (x = 0.4 * width) is inside; the corner -2-1.25i is outside.
    assert image.rows[height // 2][int(0.4 * width)] == (0, 0, 0)
    assert image.rows[0][0] != (0, 0, 0)


def test_producers_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "producers.png"
    arrived = run(mandelbrot.producers_network(40, 32, 40, out), reactor=Clock())[0]
    assert sorted(arrived) == list(range(40))
    check_mandelbrot(out, 40, 32)
    assert capsys.readouterr().out == "wrote producers.png (40x32)\n"


def test_farm_network_draws_the_same_picture(tmp_path: Path) -> None:
    run(mandelbrot.producers_network(40, 32, 40, tmp_path / "a.png"), reactor=Clock())
    results = run(mandelbrot.farm_network(40, 32, 40, tmp_path / "b.png", workers=3), reactor=Clock())
    assert sorted(results[-1]) == list(range(40))
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_command_line(tmp_path: Path) -> None:
    out = tmp_path / "cli.png"
    assert mandelbrot.main(["--size", "24x16", "--maxiter", "30", "--farm", "2", "--out", str(out)],
                           reactor=Clock()) == 0
    check_mandelbrot(out, 24, 16)
    with pytest.raises(SystemExit):
        mandelbrot.main(["--size", "big"])
