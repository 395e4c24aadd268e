"""The checker's errors: a script that does not parse, a script that goes wrong when run, a check
that cannot be decided. All are :class:`csp.CSPError`."""

from __future__ import annotations

from csp._errors import CSPError

__all__ = ["CSPmError", "CSPmSyntaxError", "CSPmEvalError", "Undecidable"]


class CSPmError(CSPError):
    """Something wrong with a CSPm script."""


class CSPmSyntaxError(CSPmError):
    """The script does not parse: ``filename``, ``line``, ``column`` say where, the message what was expected.

    >>> str(CSPmSyntaxError("expected '->'", "a.csp", 3, 7, "P = a STOP"))
    "a.csp:3:7: expected '->'\\n    P = a STOP\\n          ^"
    """

    def __init__(self, message: str, filename: str, line: int, column: int, source: str = "") -> None:
        self.message, self.filename, self.line, self.column, self.source = (
            message,
            filename,
            line,
            column,
            source,
        )
        text = f"{filename}:{line}:{column}: {message}"
        if source:
            text += f"\n    {source}\n    {' ' * (column - 1)}^"
        super().__init__(text)


class CSPmEvalError(CSPmError):
    """The script parsed but evaluating it went wrong (an unknown name, a type error, a failed match)."""

    def __init__(self, message: str, filename: str = "", line: int = 0, column: int = 0) -> None:
        self.message, self.filename, self.line, self.column = message, filename, line, column
        where = f"{filename}:{line}:{column}: " if filename else ""
        super().__init__(where + message)


class Undecidable(CSPmError):
    """A check the checker cannot decide: too many states, an infinite type, an unsupported construct."""
