"""A loaded CSPm script: its declarations, processes and assertions, and the checks run on them.

>>> s = parse("channel a\\nP = a -> P\\nassert P :[deadlock free]")
>>> [r.holds for r in s.check_all()]
[True]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import ast as A
from . import checks as C
from .errors import CSPmError, CSPmEvalError, Undecidable
from .evaluator import Evaluator
from .grammar import parse_assertion, parse_expression, parse_script
from .lts import Network, compile_network
from .semantics import Term
from .values import CSeq, is_dotted, show

__all__ = ["Script", "parse", "load"]


class Script:
    """The declarations of one CSPm file, ready to evaluate and check."""

    def __init__(self, text: str, filename: str = "<string>") -> None:
        self.text, self.filename = text, filename
        self.decls = parse_script(text, filename)
        self.evaluator = Evaluator(self.decls, filename)
        self._lines = text.splitlines()

    @property
    def assertions(self) -> list[A.Assertion]:
        """The script's ``assert`` declarations, in order."""
        return self.evaluator.assertions

    def assertion_text(self, a: A.Assertion) -> str:
        """The source text of an assertion (its line, from ``assert`` on, without a trailing comment)."""
        if a.text:
            return a.text
        line, col = a.loc
        text = self._lines[line - 1][col - 1 :] if 0 < line <= len(self._lines) else ""
        return text.split("--")[0].strip()

    def process(self, expression: str) -> Term:
        """The process an expression denotes, e.g. ``script.process("BSYSTEM")`` or ``"PHIL(0)"``."""
        node = parse_expression(expression, f"{self.filename} (expression)")
        return self.evaluator.eval_process(node, {})

    def value(self, expression: str) -> Any:
        """The value of any CSPm expression in this script (``"card({0..N-1})"``)."""
        return self.evaluator.eval(parse_expression(expression, f"{self.filename} (expression)"), {})

    def check(self, assertion: str | A.Assertion, engine: str = "auto") -> C.Result:
        """Run one assertion (a parsed one, or text like ``"assert SYSTEM :[deadlock free]"``).

        ``engine`` is ``"auto"`` (the NumPy engine for deadlock checks of big
        networks when numpy is installed), ``"explicit"`` or ``"numpy"``.
        """
        if engine not in ("auto", "explicit", "numpy"):
            raise ValueError(f"engine must be 'auto', 'explicit' or 'numpy', not {engine!r}")
        a = parse_assertion(assertion, "<assertion>") if isinstance(assertion, str) else assertion
        text = assertion.strip() if isinstance(assertion, str) else self.assertion_text(a)
        ev = self.evaluator
        left = ev.eval_process(a.left, {})
        labels = ev.labels
        if a.kind == "refines":
            impl = compile_network(ev.eval_process(a.right, {}), labels=labels)  # type: ignore[arg-type]
            result = C.refines(left, impl, a.model)
        elif a.kind == "deadlock free":
            result = _deadlock_free(compile_network(left, labels=labels), a.model, engine)
        elif a.kind == "divergence free":
            result = C.divergence_free(compile_network(left, labels=labels))
        elif a.kind == "deterministic":
            result = C.deterministic(compile_network(left, labels=labels), a.model)
        elif a.kind == "has trace":
            trace = ev.eval(a.right, {})  # type: ignore[arg-type]
            if type(trace) is not CSeq or not all(is_dotted(e) and e[0] in ev.channels for e in trace):
                raise CSPmEvalError(
                    f"has trace needs a sequence of events, got {show(trace)}", ev.filename, *a.right.loc
                )  # type: ignore[union-attr]
            result = C.has_trace(left, list(trace))
        else:  # pragma: no cover - the grammar knows only these
            raise Undecidable(f"unsupported assertion {a.kind}")
        result.assertion = text.removeprefix("assert ").strip()
        result.negated = a.negated
        return result

    def check_all(self, engine: str = "auto") -> list[C.Result]:
        """Every assertion of the script, in order."""
        return [self.check(a, engine) for a in self.assertions]


FAST_THRESHOLD = 10**9
"""``engine="auto"`` takes the NumPy engine when the product of the leaves' sizes is at least this."""


def _deadlock_free(net: Network, model: str, engine: str) -> C.Result:
    if engine == "explicit" or (engine == "auto" and net.size_bound() < FAST_THRESHOLD):
        return C.deadlock_free(net, model)
    try:
        from . import fast
    except ImportError:  # numpy is not installed: the explicit search does it all
        if engine == "numpy":
            raise Undecidable("engine='numpy' needs numpy: pip install 'txcsp[checker]'") from None
        return C.deadlock_free(net, model)
    if fast.suitable(net, model):
        return fast.deadlock_free(net, model)
    if engine == "numpy":
        raise Undecidable(
            "the numpy engine only decides deadlock freedom of non-terminating networks "
            "(and [FD] only without hiding); use engine='explicit'"
        )
    return C.deadlock_free(net, model)


def parse(text: str, filename: str = "<string>") -> Script:
    """A :class:`Script` from CSPm source text.

    >>> parse("P = STOP").process("P")
    STOP
    """
    return Script(text, filename)


def load(path: str | Path) -> Script:
    """A :class:`Script` from a ``.csp`` file; :class:`CSPmError` if it cannot be read."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CSPmError(f"cannot read {path}: {getattr(err, 'strerror', None) or err}") from None
    return Script(text, str(path))
