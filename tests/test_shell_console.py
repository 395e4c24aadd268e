"""The console object itself, fed lines directly (the pty tests drive the real program)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csp import Deadlock
from csp_shell._console import CSPConsole, banner, ps_text
from csp_shell._namespace import PRELOADED, make_namespace
from csp_shell._report import format_error


@pytest.fixture
def console() -> CSPConsole:
    return CSPConsole(make_namespace().namespace)


def feed(console: CSPConsole, *lines: str) -> None:
    for line in lines:
        console.push(line)


def test_preloaded_names() -> None:
    preload = make_namespace()
    ns = preload.namespace
    for name in ("Channel", "Par", "Seq", "process", "forever", "Skip", "Timer", "Deadlock", "Alt"):
        assert name in ns
    assert preload.loaded == list(PRELOADED) and preload.problems == []
    assert "info" not in ns and "ps" not in ns


def test_banner_says_how_to_get_help() -> None:
    text = banner(make_namespace(), [])
    assert 'Type "info" for help topics' in text
    assert "from csp import *" in text


def test_info_command(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "info")
    assert "Help topics" in capsys.readouterr().out
    feed(console, "info par")
    assert capsys.readouterr().out.startswith("class Par(")


def test_bad_command_explains(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "info too many words")
    assert "info takes one topic or name" in capsys.readouterr().err


def test_info_variable_is_python(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "info = 'my value'", "info")
    assert capsys.readouterr().out == "'my value'\n"


def test_commands_only_start_an_input(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "if True:", "    ps = 5", "", "ps")
    assert capsys.readouterr().out == "5\n"


def test_bare_process_runs_and_shows_result(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(
        console,
        "@process",
        "def foo(n):",
        "    print('foo', n)",
        "    yield",
        "    return n * 10",
        "",
        "foo(1) > foo(2) > foo(3)",
        "foo(4) // (foo(5), foo(6))",
    )
    out = capsys.readouterr().out
    first, second = out.split("[10, 20, 30]\n")
    assert first == "foo 1\nfoo 2\nfoo 3\n"
    assert sorted(second.splitlines()[:3]) == ["foo 4", "foo 5", "foo 6"]
    assert second.splitlines()[3] == "[40, 50, 60]"


def test_deadlock_is_a_message(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "@process", "def stuck(c):", "    yield c.read()", "", "stuck(Channel(name='lonely'))")
    err = capsys.readouterr().err
    assert err.startswith("Deadlock: every process is blocked")
    assert "stuck#" in err and "lonely" in err
    assert "Traceback" not in err
    feed(console, "1 + 1")
    assert capsys.readouterr().out == "2\n"


def test_process_exception_shows_user_frames_only(console: CSPConsole,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "@process", "def boom():", "    yield", "    raise ValueError('boom inside')", "",
         "boom() & Skip()")
    err = capsys.readouterr().err
    assert 'File "<console>", line 4, in boom' in err
    assert err.rstrip().endswith("ValueError: boom inside")
    assert "_kernel.py" not in err and "twisted" not in err


def test_syntax_error_is_shown(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(console, "x = = 1")
    assert "SyntaxError" in capsys.readouterr().err


def test_system_exit_ends_the_console(console: CSPConsole) -> None:
    with pytest.raises(SystemExit):
        feed(console, "raise SystemExit(3)")


def test_ps_lists_a_spawned_process(console: CSPConsole, capsys: pytest.CaptureFixture[str]) -> None:
    feed(
        console,
        "@process",
        "def napper():",
        "    yield Timer().sleep(600)",
        "",
        "h = napper().spawn()",
    )
    capsys.readouterr()
    text = ps_text()
    assert any(line.startswith("napper#") and "sleeping for 600s" in line for line in text.splitlines())
    feed(console, "h.deferred.addErrback(lambda f: None)", "h.cancel()")


def test_format_error_for_deadlock_and_interrupt() -> None:
    dl = Deadlock([("a#1", "reading from Channel(name='x')")])
    assert format_error(dl) == "Deadlock: " + str(dl) + "\n"
    assert format_error(KeyboardInterrupt("cancelled foo()")) == "KeyboardInterrupt: cancelled foo()\n"


def test_format_error_hides_library_frames() -> None:
    try:
        import csp

        csp.Channel(-1)
    except ValueError as error:
        text = format_error(error)
    assert "Traceback" in text and "test_shell_console.py" in text
    assert "_channel.py" not in text


def test_a_missing_or_broken_module_is_reported_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "half_written_mod.py").write_text("raise RuntimeError('half-written')\n")
    (tmp_path / "bad_all_mod.py").write_text("__all__ = ['there', 'gone']\nthere = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(
        "csp_shell._namespace.PRELOADED",
        ("csp", "no_such_module_for_the_shell", "half_written_mod", "bad_all_mod"),
    )
    preload = make_namespace()
    assert preload.loaded == ["csp", "bad_all_mod"]
    assert "Channel" in preload.namespace and preload.namespace["there"] == 1
    assert preload.problems == [
        "no_such_module_for_the_shell is not installed, so its names are not preloaded",
        "could not import half_written_mod: RuntimeError: half-written",
        "bad_all_mod.__all__ names gone, which it does not define",
    ]
    assert "note: could not import half_written_mod" in banner(preload, [])
