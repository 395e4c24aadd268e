"""Part 10: a pipeline across two programs (csp.net) and a worker farm across cores (csp.workers).

The examples run as the document says, each in a fresh interpreter, from a
scratch directory (where they write ``pipeline.secret`` and ``farm.png``);
what they print is compared with the document's output blocks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tutorial_helpers import REPO, TUTORIAL, blocks, check_markdown, decode_png
from twisted.internet.task import Clock

from csp import run
from tutorial.part03 import mandelbrot
from tutorial.part10 import farm, machine_a, machine_b, secret

README = TUTORIAL / "part10" / "README.md"
DEFAULT_ADDRESS = "tcp:127.0.0.1:8750"


def shown_runs() -> list[tuple[str, list[str]]]:
    """Each ``sh`` block's command, with the ``output`` blocks that follow it (up to the next code block)."""
    runs: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for block in blocks(README.read_text()):
        if block.lang == "sh":
            current = []
            runs.append((block.code.strip(), current))
        elif block.lang == "output" and current is not None:
            current.append(block.code)
        else:
            current = None  # a Python block's output is checked by check_markdown
    return runs


def command(line: str) -> list[str]:
    assert line.startswith("python -m tutorial.part10."), line
    return [sys.executable, *line.split()[1:]]


def environment() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(README) >= 5


def test_the_document_shows_every_example_with_its_output() -> None:
    runs = dict(shown_runs())
    assert set(runs) == {"python -m tutorial.part10.machine_a", "python -m tutorial.part10.machine_b",
                         "python -m tutorial.part10.farm", "python -m tutorial.part10.farm --workers 0"}
    assert runs["python -m tutorial.part10.machine_a"] == []  # its output is shown after B's: [B's, A's]
    assert [len(out) for out in runs.values()] == [0, 2, 1, 1]


@pytest.mark.timeout(60)
def test_the_two_machine_pipeline_prints_what_the_document_shows(tmp_path: Path) -> None:
    b_says, a_says = dict(shown_runs())["python -m tutorial.part10.machine_b"]
    # Any free port (8750 may be taken here); the address each prints is put back to the default.
    a = subprocess.Popen(command("python -m tutorial.part10.machine_a") + ["--port", "0"], cwd=tmp_path,
                         env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = a.stdout.readline()
        address = re.search(r"tcp:127\.0\.0\.1:\d+", first).group(0)
        assert oct((tmp_path / "pipeline.secret").stat().st_mode & 0o777) == "0o600"
        b = subprocess.run(command("python -m tutorial.part10.machine_b") + ["--address", address],
                           cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=40)
        assert b.returncode == 0, b.stderr
        rest, errors = a.communicate(timeout=40)
        assert a.returncode == 0, errors
    finally:
        a.kill()
        a.wait()
    assert b.stdout.replace(address, DEFAULT_ADDRESS) == b_says
    assert (first + rest).replace(address, DEFAULT_ADDRESS) == a_says


@pytest.mark.timeout(90)
def test_the_farm_prints_what_the_document_shows_and_draws_one_picture_either_way(tmp_path: Path) -> None:
    pictures = []
    for line, (shown,) in [(c, o) for c, o in shown_runs() if "part10.farm" in c]:
        where = tmp_path / str(len(pictures))
        where.mkdir()
        done = subprocess.run(command(line), cwd=where, env=environment(), capture_output=True, text=True,
                              timeout=80)
        assert done.returncode == 0, done.stderr
        assert done.stdout == shown
        pictures.append((where / "farm.png").read_bytes())
    assert len(pictures) == 2 and pictures[0] == pictures[1]
    # ... and part 3's farm, on one reactor in virtual time, draws the very same picture
    run(mandelbrot.farm_network(320, 240, 100, tmp_path / "part3.png", 4), reactor=Clock())
    assert (tmp_path / "part3.png").read_bytes() == pictures[0]
    image = decode_png(pictures[0])
    assert (image.width, image.height) == (320, 240) and (0, 0, 0) in image.colours()


@pytest.mark.timeout(60)
def test_the_farm_of_workers_computes_what_one_process_computes() -> None:
    width, height, maxiter, rows = 64, 48, 60, 5
    at_home = farm.network(width, height, maxiter, 0, rows=rows).start()
    farmed = farm.network(width, height, maxiter, 2, rows=rows).start()
    assert farmed[-1] == at_home[-1] and len(farmed[-1]) == 3 * width * height
    assert sum(farmed[1:-1]) == at_home[1] == -(-height // rows)  # every block computed exactly once


def test_the_secret_file_is_made_once_for_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "pipeline.secret"
    made = secret.make_secret(path)
    assert len(made) == 64 and secret.make_secret(path) == made == secret.read_secret(path)
    assert path.stat().st_mode & 0o077 == 0
    with pytest.raises(SystemExit, match="start machine A first"):
        secret.read_secret(tmp_path / "missing")


def test_the_machines_are_ordinary_processes() -> None:
    assert machine_a.count(None, 3).name == "count" and machine_b.square(None, None).name == "square"


def test_the_farm_refuses_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        farm.main(["--workers", "-1"])
    assert "--workers must be 0 or more" in capsys.readouterr().err
