"""CSPm, the machine-readable CSP of FDR, and a sound refinement checker for it.

Load a script and check its assertions::

    from csp.algebra.cspm import load
    script = load("philosophers.csp")
    for result in script.check_all():
        print(result.assertion, result.holds, result.states, result.trace)

or from the shell: ``python-csp check philosophers.csp``. The checker is
explicit-state and exact: the spec is normalised, the pairs (spec node,
implementation state) are searched breadth first, so a counterexample is
a shortest one. ``check_trace`` and :class:`Monitor` check a recorded or
running txcsp network against a spec (see :mod:`.monitor`).

>>> s = parse("channel a, b\\nP = a -> b -> P\\nassert P [T= a -> STOP")
>>> r = s.check_all()[0]
>>> r.holds, r.states
(True, 2)
"""

from __future__ import annotations

from .checks import Result
from .errors import CSPmError, CSPmEvalError, CSPmSyntaxError, Undecidable
from .monitor import Monitor, TraceViolation, check_trace
from .script import Script, load, parse

__all__ = [
    "load",
    "parse",
    "Script",
    "Result",
    "check_trace",
    "Monitor",
    "TraceViolation",
    "CSPmError",
    "CSPmSyntaxError",
    "CSPmEvalError",
    "Undecidable",
]
