"""The shell's CSPm commands: ``check FILE.csp``, ``assert ...`` on the loaded file, ``info cspm``.

``check FILE.csp`` loads a CSPm script and checks each of its assertions,
printing what ``python-csp check`` prints; the file stays loaded, so later
lines like ``assert BSYSTEM :[deadlock free [F]]`` check more assertions
against it. A line that is valid Python stays Python when it is an
``assert`` statement (``assert x == 1``) or uses a ``check`` of the user's own.
"""

from __future__ import annotations

from typing import Any, MutableMapping

from ._commands import Command, _is_python

__all__ = ["CHECK_COMMANDS", "classify_check", "run_check_command", "cspm_topic", "LOADED"]

CHECK_COMMANDS = {
    "check": "check FILE.csp: check every assert of a CSPm script (it stays loaded)",
    "assert": "assert ...: check one more CSPm assertion on the loaded script",
}

LOADED = "__cspm_script__"
"""The namespace key under which the shell keeps the script ``check`` loaded."""


def classify_check(line: str, namespace: MutableMapping[str, Any]) -> Command | None:
    """``check PATH`` or ``assert ...`` as a :class:`Command`, or None (for Python and anything else)."""
    text = line.strip()
    word, _, rest = text.partition(" ")
    if word not in CHECK_COMMANDS or not rest.strip():
        return None
    if _is_python(line) and (word == "assert" or word in namespace):
        return None  # Python's assert; or the user's own `check` (like a variable called info)
    argument = rest.strip()
    if word == "check" and len(argument) > 1 and argument[0] == argument[-1] and argument[0] in "'\"":
        argument = argument[1:-1]
    return Command(word, argument)


def run_check_command(command: Command, namespace: MutableMapping[str, Any]) -> str:
    """Run ``check`` or ``assert`` and return what to print."""
    from csp.algebra.cspm import CSPmError, load
    from csp.algebra.cspm.report import format_result

    if command.name == "check":
        try:
            script = load(command.topic or "")
        except CSPmError as error:
            return f"check: {error}\n"
        namespace[LOADED] = script
        results = []
        for a in script.assertions:
            try:
                results.append(format_result(script.check(a)))
            except CSPmError as error:
                results.append(f"UNDECIDED  {script.assertion_text(a)}\n      cannot decide: {error}")
        if not results:
            results.append(f"{command.topic} is loaded; it has no assert: type `assert ...` to check one")
        return "\n".join(results) + "\n"
    script = namespace.get(LOADED)
    if script is None:
        return "assert: no CSPm script is loaded: type `check FILE.csp` first\n"
    try:
        return format_result(script.check("assert " + (command.topic or ""))) + "\n"
    except CSPmError as error:
        return f"assert: {error}\n"


def cspm_topic() -> str:
    """What ``info cspm`` prints."""
    import csp.algebra.cspm as cspm

    from ._topics import render

    parts = [render(cspm, "csp.algebra.cspm")]
    parts += [render(getattr(cspm, name), name) for name in ("load", "Script", "check_trace", "Monitor")]
    parts.append(
        "Shell commands:\n"
        + "".join(f"  {v}\n" for v in CHECK_COMMANDS.values())
        + "From the command line: python-csp check FILE.csp [--json] (exit 0: all hold, 1: one "
        "fails, 2: cannot read, parse or decide)\n"
    )
    return "\n".join(parts)
