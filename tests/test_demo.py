"""The README's first command: the demonstration counts correctly and says which kernel ran."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import csp
from csp.demo import main


def test_the_demo_counts_and_reports_its_kernel(capsys):
    assert main(["2000"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "COMMSTIME: prefix -> delta -> succ ring plus a consumer, 2000 loops"
    assert re.fullmatch(r"  counted 0 \.\. 1999 correctly in \d+\.\d{3} s", out[1])
    kernel = "compiled kernel" if csp.__compiled__ else "pure-Python kernel"
    cost = rf"  \d+\.\d{{3}} microseconds per channel communication \(CPython [\d.]+, {kernel}\)"
    assert re.fullmatch(cost, out[2])


def test_the_console_script_runs_it():
    script = shutil.which("txcsp-demo", path=str(Path(sys.executable).parent))
    if script is None:  # an install without its console scripts (running from a bare checkout)
        return
    done = subprocess.run([script, "1000"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "counted 0 .. 999 correctly" in done.stdout, done.stderr
