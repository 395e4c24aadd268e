"""Every benchmark script runs in --quick mode and prints its table (no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks")


def run_quick(script: str) -> str:
    out = subprocess.run(
        [sys.executable, os.path.join(BENCH, script), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


# The scripts run in child processes with timeouts of their own; pytest's 30 s limit
# (pyproject.toml) would cut them short on a loaded machine, so these say how long.
@pytest.mark.slow
@pytest.mark.timeout(150)
def test_commstime_prints_every_system() -> None:
    out = run_quick("commstime.py")
    assert "interpreter: " in out
    assert "us/comm" in out
    for name in ("txcsp", "bare generators", "asyncio futures", "Twisted inlineCallbacks"):
        assert name in out
    assert "trio channels" in out or "trio" in out  # measured, or skipped with a note


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_ring_prints_per_hop_and_big_ring_tables() -> None:
    out = run_quick("ring.py")
    assert "interpreter: " in out
    assert "N=2" in out and "N=8" in out
    assert "peak RSS MiB" in out
    assert "bytes/proc" in out
    big = out[out.index("Big ring"):]
    for name in ("txcsp", "bare generators", "asyncio futures"):
        assert name in big


@pytest.mark.slow
@pytest.mark.timeout(150)
def test_stressed_select_prints_its_table() -> None:
    out = run_quick("stressed_select.py")
    assert "interpreter: " in out
    assert "select" in out
    assert "K=10" in out or "skipped" in out


@pytest.mark.slow
@pytest.mark.timeout(330)
def test_plots_script_quick_mode_writes_nothing_outside_a_temp_dir(tmp_path: object) -> None:
    pytest.importorskip("matplotlib")
    out = subprocess.run(
        [sys.executable, os.path.join(BENCH, "plots.py"), "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "wrote" in out.stdout
