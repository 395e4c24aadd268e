"""The real ``python-csp`` program, driven through a pseudo-terminal as a user would type."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

import csp
from csp._docsource import getdoc

pytestmark = pytest.mark.slow

PROMPT = "\r\n>>> "
MORE = "\r\n... "


def shell_command() -> tuple[str, list[str]]:
    script = Path(sys.executable).parent / "python-csp"
    if script.exists():
        return str(script), []
    return sys.executable, ["-m", "csp_shell"]


def start_shell(home: Path) -> pexpect.spawn:
    program, args = shell_command()
    env = dict(os.environ, HOME=str(home), TERM="dumb")
    env.pop("PYTHONSTARTUP", None)
    child = pexpect.spawn(program, args, env=env, encoding="utf-8", timeout=20, dimensions=(50, 250))
    child.expect_exact(">>> ")
    return child


def type_line(child: pexpect.spawn, line: str, then: str = PROMPT) -> str:
    """Type ``line`` and Enter; wait for the next prompt; return what was printed in between.

    The output's last newline belongs to the prompt pattern, so it is not included.
    """
    child.sendline(line)
    child.expect_exact(then)
    echoed, _, output = child.before.partition("\r\n")
    assert echoed.endswith(line), f"expected the echo of {line!r}, got {echoed!r}"
    return output.replace("\r\n", "\n")


def define(child: pexpect.spawn, *lines: str) -> None:
    """Type a multi-line definition, ending with the blank line."""
    for line in lines:
        type_line(child, line, MORE)
    type_line(child, "")


def quit_shell(child: pexpect.spawn) -> None:
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_a_session(tmp_path: Path) -> None:
    child = start_shell(tmp_path)
    try:
        # The banner said how to get help; ask for it.
        assert 'Type "info" for help topics' in child.before
        out = type_line(child, "info")
        assert "Help topics" in out
        for topic in ("process", "server", "par", "seq", "alt", "channel", "poison", "builtin", "deadlock"):
            assert f"\n  {topic} " in out

        out = type_line(child, "info channel")
        assert out.startswith("class Channel(buffer=0, name=None, external=False)")
        assert getdoc(csp.Channel).strip().splitlines()[0] in out

        out = type_line(child, "info nosuchtopic")
        assert "no topic or name called 'nosuchtopic'" in out
        assert "Topics: csp, process, server" in out

        # A composition that prints.
        define(child, "@process", "def foo(n):", "    print('foo', n)", "    yield", "    return n")
        out = type_line(child, "foo(100) // (foo(200), foo(300))")
        lines = out.splitlines()
        assert sorted(lines[:3]) == ["foo 100", "foo 200", "foo 300"]
        assert lines[3:] == ["[100, 200, 300]"]

        # a > b > c: all three, in order.
        out = type_line(child, "foo(1) > foo(2) > foo(3)")
        assert out.splitlines() == ["foo 1", "foo 2", "foo 3", "[1, 2, 3]"]

        # A deadlock is reported and the shell goes on.
        define(child, "@process", "def stuck(c):", "    yield c.read()")
        out = type_line(child, "stuck(Channel(name='lonely'))")
        assert out.startswith("Deadlock: every process is blocked")
        assert "stuck#" in out and "reading from Channel(name='lonely')" in out
        assert "Traceback" not in out

        # Ctrl-C during a long composition cancels it; its finally block runs.
        define(
            child,
            "@process",
            "def long():",
            "    try:",
            "        print('sleeping now')",
            "        yield Timer().sleep(3600)",
            "    finally:",
            "        print('cleanup ran')",
        )
        child.sendline("long() > foo(999)")
        child.expect_exact("sleeping now")
        child.sendintr()
        child.expect_exact("cleanup ran")
        child.expect_exact("KeyboardInterrupt: cancelled Seq(long(), foo(999))")
        child.expect_exact(">>> ")
        assert "foo 999" not in child.before

        # The shell and the reactor survived.
        assert type_line(child, "6 * 7") == "42"
        assert type_line(child, "foo(7)") == "foo 7\n7"
        assert type_line(child, "ps").startswith("No process is running")
    finally:
        if child.isalive():
            quit_shell(child)


def test_history_persists_between_sessions(tmp_path: Path) -> None:
    child = start_shell(tmp_path)
    type_line(child, "remembered = 6 * 7")
    quit_shell(child)
    history = tmp_path / ".csp-console-history"
    assert "remembered = 6 * 7" in history.read_text().splitlines()

    child = start_shell(tmp_path)
    try:
        child.send("\x10")  # Ctrl-P: the previous line, from the last session
        child.expect_exact("remembered = 6 * 7")
        child.send("\r")
        child.expect_exact(PROMPT)
        assert type_line(child, "remembered") == "42"
    finally:
        quit_shell(child)
    # Recalled and run again, the line is not stored twice in a row (readline's rule).
    assert history.read_text().splitlines() == ["remembered = 6 * 7", "remembered"]
