"""The shell's command-line parser (``info``, ``info TOPIC``, ``ps``), without a terminal."""

from __future__ import annotations

import pytest

from csp_shell._commands import Command, CommandError, classify, parse_command


@pytest.mark.parametrize(
    "line, expected",
    [
        ("info", Command("info")),
        ("  info  ", Command("info")),
        ("info channel", Command("info", "channel")),
        ("info   csp.Channel.read", Command("info", "csp.Channel.read")),
        ("info _private", Command("info", "_private")),
        ("ps", Command("ps")),
        (" ps ", Command("ps")),
    ],
)
def test_commands_parse(line: str, expected: Command) -> None:
    assert parse_command(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "information",
        "info = 3",
        "info(3)",
        "info.x",
        "info channel extra",
        "info 3",
        "info csp.",
        "ps -ef",
        "psx",
        "x = info",
        "print('info')",
    ],
)
def test_other_lines_are_not_commands(line: str) -> None:
    assert parse_command(line) is None


def test_command_words_are_commands_when_not_variables() -> None:
    assert classify("info", {}) == Command("info")
    assert classify("ps", {"x": 1}) == Command("ps")
    assert classify("info deadlock", {}) == Command("info", "deadlock")


def test_a_variable_called_info_is_still_python() -> None:
    ns = {"info": 3, "ps": [1]}
    assert classify("info", ns) is None
    assert classify("ps", ns) is None
    assert classify("info + 1", ns) is None
    # Not valid Python, so still the command even with the variable defined.
    assert classify("info channel", ns) == Command("info", "channel")


@pytest.mark.parametrize("line", ["info = 3", "info(channel)", "ps.append(1)", "x = 1", "for x in y:"])
def test_python_lines_go_to_python(line: str) -> None:
    assert classify(line, {}) is None


def test_malformed_info_says_how_to_write_it() -> None:
    with pytest.raises(CommandError, match=r"info takes one topic or name, like `info channel`") as err:
        classify("info channel extra", {})
    assert "'channel extra'" in str(err.value)


def test_malformed_ps_says_how_to_write_it() -> None:
    with pytest.raises(CommandError, match="write `ps` alone"):
        classify("ps aux", {})


def test_incomplete_python_starting_with_a_command_word_is_python() -> None:
    # An open bracket: the console asks for more lines rather than calling it a bad command.
    assert classify("info (", {}) is None
