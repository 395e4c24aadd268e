"""The trial suite (tests/trial/txcsp_trial.py) passes under Twisted's own runner, in a subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SUITE = Path(__file__).parent / "trial" / "txcsp_trial.py"


@pytest.mark.slow
def test_the_trial_suite_passes_under_trial(tmp_path):
    out = subprocess.run([sys.executable, "-m", "twisted.trial", "--temp-directory", str(tmp_path / "_trial"),
                          str(SUITE)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "PASSED (successes=6)" in out.stdout
