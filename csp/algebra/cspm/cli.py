"""``python-csp check FILE.csp [--json]``: check every assertion of a CSPm file.

Exit status 0 when every assertion holds, 1 when one fails, 2 when the file
cannot be read or parsed, the command is misused, or a check cannot be
decided (too many states, an infinite type, an unsupported construct).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .errors import CSPmError, CSPmSyntaxError, Undecidable

__all__ = ["main", "run_check"]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python-csp check", description="Check every assert of a CSPm (FDR) script, FDR style."
    )
    p.add_argument("file", metavar="FILE.csp", help="the CSPm script")
    p.add_argument("--json", action="store_true", help="print the results as JSON (for CI)")
    p.add_argument("--brief", action="store_true", help="no per-component view of counterexamples")
    return p


def run_check(
    path: str,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
    brief: bool = False,
) -> int:
    """Check the file at ``path``, print the results, return the exit status (0, 1 or 2)."""
    from .report import format_result, result_json
    from .script import load

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        script = load(path)
    except CSPmSyntaxError as e:
        err.write(f"python-csp check: {e}\n")
        return 2
    except Undecidable as e:
        err.write(f"python-csp check: cannot decide: {e}\n")
        return 2
    except CSPmError as e:
        err.write(f"python-csp check: {e}\n")
        return 2
    results, status = [], 0
    if not script.assertions:
        err.write(f"python-csp check: {path} has no assert declarations: nothing to check\n")
    for a in script.assertions:
        try:
            r = script.check(a)
        except (Undecidable, CSPmError, MemoryError, RecursionError) as e:
            reason = "out of memory" if isinstance(e, MemoryError) else str(e)
            text = script.assertion_text(a)
            if as_json:
                results.append(
                    {"assertion": text.removeprefix("assert ").strip(), "holds": None, "undecided": reason}
                )
            else:
                out.write(f"UNDECIDED  {text}\n      cannot decide: {reason}\n")
            status = 2
            continue
        if not r.holds and status == 0:
            status = 1
        if as_json:
            results.append(result_json(r))
        else:
            out.write(format_result(r, verbose=not brief) + "\n")
    if as_json:
        json.dump({"file": path, "status": status, "results": results}, out, indent=2)
        out.write("\n")
    out.flush()
    return status


def main(argv: list[str]) -> int:
    """``python-csp check ...`` with ``argv`` the arguments after ``check``."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse: --help gives 0, misuse 2
        return int(stop.code or 0)
    return run_check(args.file, args.json, brief=args.brief)
