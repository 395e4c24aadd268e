"""Shared CSPm models for the checker's tests (the philosophers, Towers of Hanoi)."""

from __future__ import annotations

import re
from pathlib import Path

PHILOSOPHERS = Path(__file__).resolve().parent.parent / "tutorial" / "part09" / "philosophers.csp"


def philosophers(n: int = 5, thinks: bool = True) -> str:
    """The tutorial's model with N = n, and without the ``thinks`` event if asked."""
    text = re.sub(r"^N = \d+$", f"N = {n}", PHILOSOPHERS.read_text(), count=1, flags=re.M)
    text = text.split("assert")[0]
    if not thinks:
        text = text.replace("PHIL(i) = thinks.i -> sits.i", "PHIL(i) = sits.i").replace("thinks.i, ", "")
    return text


def hanoi(n: int) -> str:
    """Towers of Hanoi: three peg processes, each holding a sequence of discs (the top first)."""
    return f"""
n = {n}
DISCS = {{0..n-1}}
PEGS = {{0..2}}
channel move : DISCS.PEGS.PEGS     -- move.d.from.to
PEG(p, s) = (not null(s) & move.head(s).p?q:diff(PEGS, {{p}}) -> PEG(p, tail(s)))
         [] ([] d : {{ d | d <- DISCS, null(s) or d < head(s) }} @
               move.d?q:diff(PEGS, {{p}})!p -> PEG(p, <d> ^ s))
ALPHA(p) = {{ move.d.a.b | d <- DISCS, a <- PEGS, b <- PEGS, a != b, a == p or b == p }}
HANOI = || p : PEGS @ [ALPHA(p)] PEG(p, if p == 0 then <0..n-1> else <>)
"""
