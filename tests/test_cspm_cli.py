"""``python-csp check FILE.csp``: the output wording and the exit statuses (0, 1, 2), as a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cspm_helpers import PHILOSOPHERS

pytestmark = pytest.mark.slow  # each test starts a Python process


def check(*args: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "python-csp"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "csp_shell"]
    return subprocess.run(command + ["check", *args], capture_output=True, text=True, timeout=25)


def test_philosophers_fail_with_the_shortest_trace() -> None:
    done = check(str(PHILOSOPHERS))
    assert done.returncode == 1, done.stderr
    out = done.stdout
    assert "FAIL  SYSTEM :[deadlock free [F]]" in out
    assert "18,335 states, 83,675 transitions" in out
    assert "shortest counterexample (15 events): <thinks.0, sits.0, picks.0.0," in out
    assert "PASS  BSYSTEM :[deadlock free [F]]" in out and "15,712 states, 69,600 transitions" in out
    assert "PHIL(0)" in out and "offers {picks.0.1}" in out


def test_all_holding_exits_0_and_json(tmp_path: Path) -> None:
    path = tmp_path / "ok.csp"
    path.write_text("channel a\nP = a -> P\nassert P :[deadlock free]\nassert P [T= P\n")
    done = check(str(path), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["status"] == 0 and [r["holds"] for r in data["results"]] == [True, True]
    assert data["results"][0]["states"] == 1
    done = check(str(PHILOSOPHERS), "--json")
    first = json.loads(done.stdout)["results"][0]
    assert done.returncode == 1 and first["problem"] == "deadlock" and len(first["trace"]) == 15


def test_unreadable_unparsable_misuse_and_undecidable_exit_2(tmp_path: Path) -> None:
    done = check(str(tmp_path / "missing.csp"))
    assert done.returncode == 2 and "cannot read" in done.stderr
    bad = tmp_path / "bad.csp"
    bad.write_text("channel a\nP = a -> \n")
    done = check(str(bad))
    assert done.returncode == 2 and f"{bad}:3:1: expected" in done.stderr
    assert check().returncode == 2
    inf = tmp_path / "inf.csp"
    inf.write_text("channel c : Int\nP = c?x -> P\nassert P :[deadlock free]\n")
    done = check(str(inf))
    assert done.returncode == 2 and "cannot decide" in done.stderr and "Int is infinite" in done.stderr
    grow = tmp_path / "grow.csp"
    grow.write_text("channel a, b\nP = a -> (P ; b -> SKIP)\nassert P :[deadlock free]\n")
    done = check(str(grow))
    assert done.returncode == 2 and "UNDECIDED" in done.stdout and "grows without bound" in done.stdout
