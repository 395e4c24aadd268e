"""The interactive console: Python's own, plus commands, the rewrites, readable errors and ``ps``.

:class:`CSPConsole` is a :class:`code.InteractiveConsole` whose inputs go
through :func:`~csp_shell._commands.classify` (is it ``info``/``ps``?) and
then through the shell's rewrites (:mod:`csp_shell._rewrite`) before they
run. Processes run on the global Twisted reactor, in the background thread
the library starts on first use; the prompt waits for a foreground
composition, and Ctrl-C cancels it (``start()`` does that).
"""

from __future__ import annotations

import code
import os
import sys
import threading
from typing import Any, Callable

import csp
from csp import scheduler_for

from ._commands import Command, CommandError, classify
from ._namespace import Preload
from ._report import format_error
from ._rewrite import compile_rewritten
from ._topics import describe

__all__ = [
    "CSPConsole",
    "HISTORY_FILE",
    "banner",
    "enable_line_editing",
    "interact",
    "ps_text",
    "shutdown_reactor",
]

HISTORY_FILE = "~/.csp-console-history"
"""Where the history is kept across sessions (``~`` is the user's home, ``$HOME``)."""

HISTORY_LENGTH = 1000


class CSPConsole(code.InteractiveConsole):
    """The ``python-csp`` console. ``namespace`` is the globals the inputs run in."""

    def __init__(self, namespace: dict[str, Any], filename: str = "<console>") -> None:
        super().__init__(namespace, filename)

    def push(self, line: str) -> bool:
        """Take one input line: a shell command if it is one (on a first line), else Python."""
        if not self.buffer:
            try:
                command = classify(line, self.locals)
            except CommandError as error:
                self.write(f"{error}\n")
                return False
            if command is not None:
                self.run_command(command)
                return False
        return super().push(line)

    def run_command(self, command: Command) -> None:
        """Run a parsed shell command, writing its output to stdout."""
        if command.name == "info":
            sys.stdout.write(describe(command.topic, self.locals))
        elif command.name == "ps":
            sys.stdout.write(ps_text())
        elif command.name in ("check", "assert"):
            from ._check import run_check_command

            sys.stdout.write(run_check_command(command, self.locals))
        else:  # pragma: no cover - the grammar knows only these
            raise ValueError(f"unknown shell command {command.name!r}")
        sys.stdout.flush()

    def runsource(self, source: str, filename: str = "<input>", symbol: str = "single") -> bool:
        """Compile ``source`` with the shell's rewrites and run it; True if more input is needed."""
        try:
            complete = self.compile(source, filename, symbol)  # also records __future__ imports
        except (OverflowError, SyntaxError, ValueError):
            self.showsyntaxerror(filename)
            return False
        if complete is None:
            return True
        try:
            codeobj = compile_rewritten(source, filename, symbol, self.compile.compiler.flags)
        except (OverflowError, SyntaxError, ValueError):
            self.showsyntaxerror(filename)
            return False
        self.runcode(codeobj)
        return False

    def runcode(self, codeobj: Any) -> None:
        """Run compiled input; show any exception (Ctrl-C included) and go on.

        ``SystemExit`` (``exit()``) ends the shell.
        """
        try:
            exec(codeobj, self.locals)
        except SystemExit:
            raise
        except BaseException as error:  # noqa: BLE001 - shown to the user; the shell goes on
            sys.last_type, sys.last_value, sys.last_traceback = type(error), error, error.__traceback__
            sys.stdout.flush()
            self.write(format_error(error))

    def showtraceback(self) -> None:
        """Show the exception being handled, trimmed of the library's frames."""
        error = sys.exc_info()[1]
        if error is not None:
            self.write(format_error(error))


def ps_text() -> str:
    """What ``ps`` prints: every running process, indented under its parent, and what it waits on."""
    from twisted.internet import reactor
    from twisted.internet.threads import blockingCallFromThread
    from twisted.python import threadable

    sched = scheduler_for(reactor)
    if reactor.running and not threadable.isInIOThread():
        rows = blockingCallFromThread(reactor, sched.ps)
    else:
        rows = sched.ps()
    if not rows:
        return "No process is running. (Processes started with p.spawn() are listed here while they run.)\n"
    labels = ["  " * depth + label for depth, label, _ in rows]
    width = max(len(x) for x in labels)
    return "".join(f"{label:<{width}}  {where}\n" for label, (_, _, where) in zip(labels, rows, strict=True))


def enable_line_editing(namespace: dict[str, Any]) -> tuple[Callable[[], None] | None, list[str]]:
    """Turn on readline editing, tab completion and the history file.

    Returns a function that saves the history (``None`` without readline)
    and a list of problems to show the user.
    """
    try:
        import readline
    except ImportError:
        return None, ["no line editing or history: the readline module is not available"]
    import rlcompleter

    problems: list[str] = []
    readline.set_completer(rlcompleter.Completer(namespace).complete)
    if "libedit" in (readline.__doc__ or ""):
        readline.parse_and_bind("bind ^I rl_complete")
    else:
        readline.parse_and_bind("tab: complete")
    path = os.path.expanduser(HISTORY_FILE)
    try:
        readline.read_history_file(path)
    except FileNotFoundError:
        try:
            open(path, "ab").close()  # append_history_file needs the file to exist
        except OSError as error:
            problems.append(f"history will not be saved: cannot create {path}: {error}")
    except OSError as error:
        problems.append(f"could not read the history in {path}: {error}")
    start = readline.get_current_history_length()

    def save() -> None:
        readline.set_history_length(HISTORY_LENGTH)
        new = readline.get_current_history_length() - start
        try:
            if not os.path.exists(path):
                open(path, "ab").close()
            readline.append_history_file(max(new, 0), path)
        except OSError as error:
            sys.stderr.write(f"python-csp: could not save the history in {path}: {error}\n")

    return save, problems


def banner(preload: Preload, problems: list[str]) -> str:
    """The text printed when the console starts."""
    imports = ", ".join(f"from {m} import *" for m in preload.loaded) or "nothing"
    lines = [
        f"python-csp {csp.__version__} (txcsp) on Python {sys.version.split()[0]}: CSP processes "
        "on a Twisted reactor.",
        f"Preloaded: {imports}.",
        'Type "info" for help topics, "info NAME" for help on a name, "ps" for running processes.',
        "A bare process or term runs: foo(1) // (foo(2), foo(3)). Ctrl-C cancels it; Ctrl-D exits.",
    ]
    lines += [f"note: {p}" for p in list(preload.problems) + problems]
    return "\n".join(lines)


def shutdown_reactor(timeout: float = 5.0) -> None:
    """Stop the background reactor, if the library started one, and wait for its thread."""
    if "twisted.internet.reactor" not in sys.modules:
        return
    from twisted.internet import reactor

    thread = next((t for t in threading.enumerate() if t.name == "csp-reactor"), None)
    if not reactor.running or thread is None or thread is threading.current_thread():
        return
    reactor.callFromThread(reactor.stop)
    thread.join(timeout)


def interact(preload: Preload, quiet: bool = False) -> int:
    """Run the console on ``preload.namespace`` until Ctrl-D or ``exit()``; return the exit status."""
    save, problems = enable_line_editing(preload.namespace)
    console = CSPConsole(preload.namespace)
    status = 0
    try:
        console.interact(banner="" if quiet else banner(preload, problems), exitmsg="")
    except SystemExit as stop:
        status = _exit_status(stop)
    finally:
        if save is not None:
            save()
    return status


def _exit_status(stop: SystemExit) -> int:
    if stop.code is None:
        return 0
    if isinstance(stop.code, int):
        return stop.code
    sys.stderr.write(f"{stop.code}\n")
    return 1
