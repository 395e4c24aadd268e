"""benchmarks/farm.py runs in --quick mode and prints its figures (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "farm.py"


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_the_farm_benchmark_prints_both_figures_and_the_ratio(tmp_path: Path) -> None:
    figures = tmp_path / "farm.json"
    done = subprocess.run([sys.executable, str(BENCH), "--quick", "--json", str(figures)],
                          capture_output=True, text=True, timeout=140)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for label in ("machine capacity: ", "one process", "2 worker processes", "speed-up", "start-up aside"):
        assert label in out, out
    saved = json.loads(figures.read_text())
    assert saved["workers"] == 2 and len(saved["one_process_s"]) == len(saved["workers_s"]) == 1
    assert saved["speed_up"] > 0
