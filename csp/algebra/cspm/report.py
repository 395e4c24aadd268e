"""How check results are written for people (``format_result``) and for CI (``result_json``).

>>> from csp.algebra.cspm import parse
>>> r = parse("channel a\\nP = a -> STOP\\nassert P :[deadlock free [F]]").check_all()[0]
>>> print(format_result(r))
FAIL  P :[deadlock free [F]]
      2 states, 1 transitions explored
      shortest counterexample (1 event): <a>
      then deadlock: the process can do nothing more (it refuses every event)
"""

from __future__ import annotations

from typing import Any

from .checks import Result, describe_problem
from .explain import components
from .values import show

__all__ = ["format_result", "result_json", "trace_text"]


def trace_text(trace: list[Any]) -> str:
    """``<a, b.1>``."""
    return "<" + ", ".join(show(e) for e in trace) + ">"


def format_result(r: Result, verbose: bool = True) -> str:
    """The lines ``python-csp check`` prints for one assertion."""
    verdict = "PASS" if r.holds else "FAIL"
    head = f"{verdict}  {'not ' if r.negated and not r.assertion.startswith('not') else ''}{r.assertion}"
    lines = [
        head,
        f"      {r.states:,} states, {r.transitions:,} transitions explored"
        + (f" ({r.engine} engine)" if r.engine != "explicit" else ""),
    ]
    if r.negated:
        lines.append(
            "      (asserted not to hold: " + ("it does not" if not r.passed else "but it does") + ")"
        )
    if not r.passed:
        n = len(r.trace)
        lines.append(f"      shortest counterexample ({n} event{'s' * (n != 1)}): {trace_text(r.trace)}")
        lines.append(f"      then {describe_problem(r)}")
        if r.deadlocks > 1:
            lines.append(f"      ({r.deadlocks:,} deadlocked states in all)")
        if verbose:
            comps = components(r)
            if comps:
                lines.append("      per component (what it did; what it offers at the end):")
                width = max(len(c.name) for c in comps)
                for c in comps:
                    offers = "{" + ", ".join(c.offers) + "}"
                    lines.append(f"        {c.name:<{width}}  <{', '.join(c.trace)}>  offers {offers}")
    return "\n".join(lines)


def result_json(r: Result) -> dict[str, Any]:
    """One assertion's result as plain JSON data."""
    out: dict[str, Any] = {
        "assertion": r.assertion,
        "holds": r.holds,
        "passed": r.passed,
        "negated": r.negated,
        "states": r.states,
        "transitions": r.transitions,
        "engine": r.engine,
    }
    if not r.passed:
        out["trace"] = [show(e) for e in r.trace]
        out["problem"] = r.problem
        out["explanation"] = describe_problem(r)
        if r.event is not None:
            out["event"] = show(r.event)
        if r.allowed:
            out["allowed"] = [show(e) for e in r.allowed]
        if r.problem == "refusal":
            out["acceptance"] = [show(e) for e in r.acceptance]
            out["spec_acceptances"] = [[show(e) for e in a] for a in r.spec_acceptances]
        out["components"] = [{"name": c.name, "trace": c.trace, "offers": c.offers} for c in components(r)]
    return out
