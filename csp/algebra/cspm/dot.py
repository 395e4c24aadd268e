"""Pictures: a process's LTS, and a counterexample's path, as Graphviz DOT (rendered by ``dot``).

The text is always available; :func:`render` runs Graphviz's ``dot`` (when it
is installed) to make SVG or PNG. No drawing is done here by hand.

>>> from csp.algebra.cspm import parse
>>> text = lts_dot(parse("channel a, b\\nP = a -> b -> P").process("P"))
>>> text.splitlines()[0], sum(" -> s" in line for line in text.splitlines())  # start, a, b
('digraph LTS {', 3)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from .checks import Result
from .lts import LeafLTS
from .semantics import Term
from .values import TAU, TICK, show

__all__ = ["lts_dot", "counterexample_dot", "render", "have_dot"]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(e: Any) -> str:
    return "τ" if e is TAU else "✓" if e is TICK else show(e)


def lts_dot(process: Term, limit: int = 200, name: str = "LTS") -> str:
    """The LTS of a (small) process: one node per state, one edge per transition; at most ``limit`` states."""
    lts = LeafLTS(process, limit)
    lines = [
        f"digraph {name} {{",
        "  rankdir=LR;",
        '  node [shape=circle, fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
        "  start [shape=point];",
        "  start -> s0;",
    ]
    for i, term in enumerate(lts.terms):
        shape = "doublecircle" if i == lts.omega else "circle"
        lines.append(f"  s{i} [label={_quote(str(i))}, shape={shape}, tooltip={_quote(term.describe(2))}];")
    for i, moves in enumerate(lts.succ):
        for e, targets in moves.items():
            style = ", style=dashed" if e is TAU else ""
            for j in targets:
                lines.append(f"  s{i} -> s{j} [label={_quote(_label(e))}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def counterexample_dot(result: Result, name: str = "Counterexample") -> str:
    """The path of a failed check: the states along its trace, and what went wrong at the end."""
    if result.passed:
        raise ValueError("this check passed: there is no counterexample to draw")
    from .checks import describe_problem

    lines = [
        f"digraph {name} {{",
        "  rankdir=LR;",
        '  node [shape=circle, fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
        '  p0 [label="0"];',
    ]
    k = 0
    for e, _rule in result.steps:
        lines.append(f"  p{k + 1} [label={_quote(str(k + 1))}];")
        style = ", style=dashed" if e is TAU else ""
        lines.append(f"  p{k} -> p{k + 1} [label={_quote(_label(e))}{style}];")
        k += 1
    problem = describe_problem(result)
    lines.append(f'  problem [shape=box, style=filled, fillcolor="#ffdddd", label={_quote(problem)}];')
    lines.append(f"  p{k} -> problem [style=dotted, arrowhead=none];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def have_dot() -> bool:
    """True if Graphviz's ``dot`` program is installed."""
    return shutil.which("dot") is not None


def render(dot_text: str, path: str | Path, fmt: str | None = None) -> Path:
    """Render DOT text to ``path`` (``.svg`` or ``.png``) with Graphviz; RuntimeError if dot is missing."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".") or "svg"
    if fmt not in ("svg", "png", "pdf"):
        raise ValueError(f"format must be svg, png or pdf, not {fmt!r}")
    exe = shutil.which("dot")
    if exe is None:
        raise RuntimeError(
            "Graphviz's dot is not installed (apt-get install graphviz): "
            "the DOT text can still be saved and rendered elsewhere"
        )
    done = subprocess.run(
        [exe, f"-T{fmt}", "-o", str(path)], input=dot_text.encode(), capture_output=True, timeout=60
    )
    if done.returncode != 0:
        raise RuntimeError(f"dot failed: {done.stderr.decode(errors='replace').strip()}")
    return path
