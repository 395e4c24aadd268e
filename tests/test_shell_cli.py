"""``python-csp FILE.py``, ``python-csp -c CODE`` and how the shell is installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from csp_shell._main import main

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # each test starts a Python process


def python_csp(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "python-csp"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "csp_shell"]
    env = dict(os.environ, HOME=str(home))
    return subprocess.run(command + list(args), input=stdin, capture_output=True, text=True, env=env,
                          timeout=30)


SCRIPT = '''
import sys
print("argv", sys.argv[1:], __name__)

@process
def foo(n):
    print("foo", n)
    yield
    return n

foo(1) > foo(2) > foo(3)
result = (foo(4) > foo(5)).start()
print("result", result)
'''


def test_file_runs_with_preloaded_names_and_the_shell_rules(tmp_path: Path) -> None:
    path = tmp_path / "prog.py"
    path.write_text(SCRIPT)
    done = python_csp(str(path), "x", "-c", "y", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "argv ['x', '-c', 'y'] __main__",
        "foo 1", "foo 2", "foo 3",
        "foo 4", "foo 5",
        "result [4, 5]",
    ]


def test_code_snippet(tmp_path: Path) -> None:
    done = python_csp("-c", "import sys; print(sys.argv)\nSkip() > Skip() > Skip()", "a", "b", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "['-c', 'a', 'b']\n"


def test_errors_are_shown_and_set_the_exit_status(tmp_path: Path) -> None:
    path = tmp_path / "bad.py"
    path.write_text("@process\ndef boom():\n    yield\n    raise ValueError('boom')\n\nboom() // Skip()\n")
    done = python_csp(str(path), home=tmp_path)
    assert done.returncode == 1
    assert f'File "{path}", line 4, in boom' in done.stderr
    assert done.stderr.rstrip().endswith("ValueError: boom")
    assert "_kernel.py" not in done.stderr


def test_deadlock_in_a_script(tmp_path: Path) -> None:
    done = python_csp("-c", "@process\ndef s(c):\n    yield c.read()\n\ns(Channel(name='z'))", home=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Deadlock: every process is blocked") and "Channel(name='z')" in done.stderr


def test_missing_file_and_syntax_error(tmp_path: Path) -> None:
    done = python_csp(str(tmp_path / "missing.py"), home=tmp_path)
    assert done.returncode == 2 and "cannot open" in done.stderr
    done = python_csp("-c", "x = (", home=tmp_path)
    assert done.returncode == 1 and "SyntaxError" in done.stderr


def test_system_exit_status_passes_through(tmp_path: Path) -> None:
    assert python_csp("-c", "raise SystemExit(4)", home=tmp_path).returncode == 4


def test_interactive_after_code(tmp_path: Path) -> None:
    done = python_csp("-q", "-i", "-c", "x = 21", home=tmp_path, stdin="print(x * 2)\ninfo seq\n")
    assert done.returncode == 0, done.stderr
    assert "42" in done.stdout and "class Seq(" in done.stdout


def test_main_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "usage: python-csp" in capsys.readouterr().out


def _pyproject() -> dict:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _tutorial_packages() -> dict[str, Path]:
    """Every package under tutorial/, by the name it installs as (tutorial/part05 is csp_tutorial.part05)."""
    tutorial = ROOT / "tutorial"
    return {
        ".".join(("csp_tutorial", *p.parent.relative_to(tutorial).parts)): p.parent
        for p in tutorial.rglob("__init__.py")
    }


def test_every_package_is_installed() -> None:
    """pyproject lists packages by hand (shell/ is csp_shell, tutorial/ csp_tutorial): none forgotten."""
    config = _pyproject()
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for p in (ROOT / "csp").rglob("__init__.py")
    }
    found |= set(_tutorial_packages())
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert config["tool"]["setuptools"]["package-dir"]["csp_shell"] == "shell"
    assert config["tool"]["setuptools"]["package-dir"]["csp_tutorial"] == "tutorial"
    assert config["project"]["scripts"]["python-csp"] == "csp_shell:main"


def test_every_tutorial_document_and_data_file_is_package_data() -> None:
    """The shell's `info` reads the documents from csp_tutorial; part01's web server serves www/."""
    package_data = _pyproject()["tool"]["setuptools"].get("package-data", {})
    missing = []
    for name, folder in _tutorial_packages().items():
        subpackages = {p.parent for p in folder.glob("*/__init__.py")}
        data = {
            f for f in folder.rglob("*")
            if f.is_file() and f.suffix not in (".py", ".pyc")
            and not any(d in subpackages or d.name == "__pycache__" for d in f.parents)
        }
        shipped = {f for pattern in package_data.get(name, []) for f in folder.glob(pattern)}
        missing += [str(f.relative_to(ROOT)) for f in sorted(data - shipped)]
    assert not missing, f"not in [tool.setuptools.package-data] in pyproject.toml: {missing}"
