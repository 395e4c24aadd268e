"""The figures of issue 14, counted independently: the philosophers and Towers of Hanoi."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cspm_helpers import hanoi, philosophers

from csp.algebra.cspm import parse
from csp.algebra.cspm.values import show

try:
    import numpy  # noqa: F401 - the test extra installs it
    HAVE_NUMPY = True
except ImportError:  # the explicit engine is still tested
    HAVE_NUMPY = False

ENGINES = ["explicit", pytest.param("numpy", marks=pytest.mark.skipif(not HAVE_NUMPY, reason="no numpy"))]

SHORTEST = [
    "thinks.0",
    "sits.0",
    "picks.0.0",
    "thinks.1",
    "sits.1",
    "picks.1.1",
    "thinks.2",
    "sits.2",
    "picks.2.2",
    "thinks.3",
    "sits.3",
    "picks.3.3",
    "thinks.4",
    "sits.4",
    "picks.4.4",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.slow
@pytest.mark.timeout(120)  # a few seconds; more on a loaded machine
def test_philosophers_n5(engine: str) -> None:
    s = parse(philosophers(5))
    r = s.check("assert SYSTEM :[deadlock free [F]]", engine=engine)
    assert (r.states, r.transitions, r.passed, r.deadlocks, len(r.trace)) == (18335, 83675, False, 1, 15)
    if engine == "explicit":
        assert [show(e) for e in r.trace] == SHORTEST
    b = s.check("assert BSYSTEM :[deadlock free [F]]", engine=engine)
    assert (b.states, b.transitions, b.passed) == (15712, 69600, True)
    assert s.check("assert BSYSTEM :[deadlock free [FD]]", engine=engine).passed


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.slow
def test_philosophers_without_thinks(engine: str) -> None:
    s = parse(philosophers(5, thinks=False))
    r = s.check("assert SYSTEM :[deadlock free [F]]", engine=engine)
    assert r.states == 6**5 + (-1) ** 5 - 1 == 7774 and not r.passed and len(r.trace) == 10
    assert s.check("assert BSYSTEM :[deadlock free [F]]", engine=engine).states == 5151
    for n in (3, 4):
        r = parse(philosophers(n, thinks=False)).check("assert SYSTEM :[deadlock free [F]]", engine=engine)
        assert r.states == 6**n + (-1) ** n - 1


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_towers_of_hanoi(n: int) -> None:
    r = parse(hanoi(n)).check("assert HANOI :[deadlock free [F]]")
    assert (r.states, r.transitions, r.passed) == (3**n, 3 ** (n + 1) - 3, True)


@pytest.mark.skipif(not HAVE_NUMPY, reason="no numpy")
def test_engines_agree_on_the_verdicts_of_small_networks() -> None:
    s = parse(
        "channel a, b, c\nL = a -> b -> L\nP = L [| {b} |] (b -> c -> STOP)\n"
        "A = a -> A\nQ = A ||| (b -> STOP)"
    )
    for name in ("P", "Q"):
        x = s.check(f"assert {name} :[deadlock free [F]]", engine="explicit")
        y = s.check(f"assert {name} :[deadlock free [F]]", engine="numpy")
        assert (x.passed, x.states, x.transitions, len(x.trace)) == (
            y.passed,
            y.states,
            y.transitions,
            len(y.trace),
        )


@pytest.mark.slow
def test_pure_python_path_without_numpy() -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "from csp.algebra.cspm import parse\n"
        "s = parse(open(sys.argv[1]).read())\n"
        "r = s.check('assert BSYSTEM :[deadlock free [F]]', engine='auto')\n"
        "print(r.engine, r.states, r.passed)\n"
        "from csp.algebra.cspm import Undecidable\n"
        "try:\n    s.check('assert BSYSTEM :[deadlock free [F]]', engine='numpy')\n"
        "except Undecidable as e:\n    print('numpy engine:', e)\n"
    )
    from cspm_helpers import PHILOSOPHERS

    out = subprocess.run(
        [sys.executable, "-c", code, str(PHILOSOPHERS)], capture_output=True, text=True, timeout=25
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "explicit 15712 True"
    assert "needs numpy" in lines[1]
