"""The ``python-csp`` command line: the console, ``python-csp FILE.py`` and ``python-csp -c CODE``."""

from __future__ import annotations

import argparse
import os
import sys
import tokenize
import traceback
from typing import Any

from ._console import interact, shutdown_reactor
from ._namespace import make_namespace
from ._report import format_error
from ._rewrite import compile_rewritten

__all__ = ["main", "run_source", "run_file", "SLOW_STEP"]

SLOW_STEP = 0.25  # seconds: at the prompt, a process step that blocks the reactor longer is named


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python-csp",
        description=(
            "An interactive Python console for CSP processes (txcsp), with csp, csp.guards "
            "and csp.builtins preloaded. With FILE or -c, runs that instead, with the same names."
        ),
        epilog="At the prompt, type `info` for the help topics. "
               "`python-csp check FILE.csp [--json]` checks a CSPm script's assertions.",
    )
    parser.add_argument("-c", dest="code", metavar="CODE", help="run CODE (a Python snippet)")
    parser.add_argument("-i", dest="interactive", action="store_true",
                        help="after FILE or -c CODE, go on to the prompt")
    parser.add_argument("-q", dest="quiet", action="store_true", help="no banner")
    parser.add_argument("file", nargs="?", metavar="FILE", help="a Python script to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, metavar="ARG",
                        help="arguments for FILE or CODE, in sys.argv[1:]")
    return parser


def run_source(source: str, filename: str, namespace: dict[str, Any]) -> int:
    """Compile ``source`` with the shell's rewrites and run it in ``namespace``; return an exit status.

    An exception is printed (trimmed of the library's frames) and gives 1;
    Ctrl-C gives 130. ``SystemExit`` propagates.
    """
    try:
        codeobj = compile_rewritten(source, filename, "exec")
    except (SyntaxError, ValueError) as error:
        sys.stderr.write("".join(traceback.format_exception_only(type(error), error)))
        return 1
    try:
        exec(codeobj, namespace)
    except SystemExit:
        raise
    except KeyboardInterrupt as error:
        sys.stdout.flush()
        sys.stderr.write(format_error(error))
        return 130
    except BaseException as error:  # noqa: BLE001 - printed; the exit status says it failed
        sys.stdout.flush()
        sys.stderr.write(format_error(error))
        return 1
    return 0


def run_file(path: str, namespace: dict[str, Any]) -> int:
    """Run the script at ``path`` as ``__main__``; its folder goes first on ``sys.path``."""
    try:
        with tokenize.open(path) as f:
            source = f.read()
    except OSError as error:
        sys.stderr.write(f"python-csp: cannot open {path!r}: {error.strerror or error}\n")
        return 2
    namespace["__file__"] = path
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    return run_source(source, path, namespace)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``python-csp`` console script; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["check"]:  # python-csp check FILE.csp: the CSPm checker (csp.algebra.cspm)
        from csp.algebra.cspm.cli import main as check_main

        return check_main(argv[1:])
    args = _parser().parse_args(argv)
    script = args.code is not None or args.file is not None
    preload = make_namespace("__main__" if script else "__console__")
    # The shell owns the reactor: it runs in the background, so spawn() works at once, and a step
    # that blocks it (a time.sleep in a process, say) is named as it happens.
    import csp

    csp.run_in_background()
    if not script or args.interactive:
        csp.warn_slow_steps(SLOW_STEP)
    try:
        status = 0
        if script:
            for problem in preload.problems:
                sys.stderr.write(f"python-csp: note: {problem}\n")
            if args.code is not None:
                rest = ([args.file] if args.file is not None else []) + args.args
                sys.argv = ["-c", *rest]
                status = run_source(args.code, "<string>", preload.namespace)
            else:
                sys.argv = [args.file, *args.args]
                status = run_file(args.file, preload.namespace)
            if not args.interactive:
                return status
        return interact(preload, quiet=args.quiet)
    finally:
        sys.stdout.flush()
        shutdown_reactor()
