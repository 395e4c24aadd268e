"""The shell's own command lines (``info``, ``info TOPIC``, ``ps``), parsed with pyparsing.

A line is a command only when it is one as a whole (``info channel``,
``info csp.Channel.read``, ``ps``). A line that is also valid Python and
whose command word is a variable of the user's (``info`` after
``info = 3``) stays Python. A line that starts like a command but is
neither a command nor Python (``info a b``) gets a usage message.
"""

from __future__ import annotations

import codeop
import warnings
from dataclasses import dataclass
from typing import Any, Mapping

import pyparsing as pp

__all__ = ["Command", "CommandError", "COMMANDS", "parse_command", "classify"]

COMMANDS: dict[str, str] = {
    "info": "info [TOPIC | NAME]: list the help topics, or show one",
    "ps": "ps: list the running processes and what each is blocked on",
    "check": "check FILE.csp: check a CSPm script's assertions (then `assert ...` checks more)",
}

_NAME = pp.Regex(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_INFO = pp.Keyword("info")("command") + pp.Optional(_NAME("topic")) + pp.StringEnd()
_PS = pp.Keyword("ps")("command") + pp.StringEnd()
_COMMAND = _INFO | _PS
# A command word followed by something: used only to explain a malformed command.
_LOOSE = (pp.Keyword("info") | pp.Keyword("ps"))("command") + pp.Regex(r"\s+\S.*").leave_whitespace()(
    "rest"
)


@dataclass(frozen=True)
class Command:
    """A parsed command line: its ``name`` (``"info"``, ``"ps"``) and optional ``topic``."""

    name: str
    topic: str | None = None


class CommandError(ValueError):
    """A line that starts like a shell command but is not a valid one."""


def parse_command(line: str) -> Command | None:
    """Parse ``line`` as a shell command; ``None`` if it is not one.

    >>> parse_command("info channel")
    Command(name='info', topic='channel')
    >>> parse_command("info = 3") is None
    True
    """
    try:
        result = _COMMAND.parse_string(line.strip(), parse_all=True)
    except pp.ParseException:
        return None
    return Command(result["command"], result.get("topic"))


def _is_python(line: str) -> bool:
    """True if ``line`` compiles as Python, or is the start of a longer statement."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the console compiles it again and warns then
            codeop.compile_command(line, "<input>", "single")
    except (SyntaxError, ValueError, OverflowError):
        return False
    return True


def classify(line: str, namespace: Mapping[str, Any]) -> Command | None:
    """Decide whether the first line of an input is a shell command.

    Returns the :class:`Command`, or ``None`` for a line to run as Python.
    Raises :class:`CommandError` for a line that begins with a command word
    but is neither a well-formed command nor Python.
    """
    from ._check import classify_check  # check FILE.csp, assert ... (the CSPm checker)

    cspm = classify_check(line, namespace)  # type: ignore[arg-type]
    if cspm is not None:
        return cspm
    command = parse_command(line)
    if command is not None:
        if command.name in namespace and _is_python(line):
            return None  # the user's own variable called ``info`` or ``ps``
        return command
    try:
        loose = _LOOSE.parse_string(line.strip(), parse_all=True)
    except pp.ParseException:
        return None
    if _is_python(line):
        return None
    name = loose["command"]
    if name == "ps":
        raise CommandError(f"ps takes nothing after it: write `ps` alone (got {line.strip()!r})")
    raise CommandError(
        f"info takes one topic or name, like `info channel` or `info csp.Channel.read`; "
        f"got {loose['rest'].strip()!r}. Type `info` alone for the list of topics."
    )
