"""The debugger's view of a counterexample: what each component of a parallel implementation did,
and what it offers at the end (as FDR's debugger shows it).

>>> from csp.algebra.cspm import parse
>>> s = parse("channel a, b\\nP = (a -> b -> STOP) [| {b} |] (a -> STOP)")
>>> r = s.check("assert P :[deadlock free [F]]")
>>> [(c.trace, c.offers) for c in components(r)]
[(['a'], ['b']), (['a'], [])]
"""

from __future__ import annotations

from dataclasses import dataclass

from .checks import Result
from .values import TAU, show

__all__ = ["Component", "components"]


@dataclass
class Component:
    """One leaf of the implementation: its name, the events it did (hidden ones by their own names,
    ``tau`` for its internal steps), its state at the end and the events that state offers."""

    name: str
    trace: list[str]
    state: str
    offers: list[str]


def components(result: Result) -> list[Component]:
    """Per-component view of a failed result whose implementation has more than one leaf ([] otherwise)."""
    net = result.network
    if result.passed or net is None or len(net.leaves) < 2 or result.final_state is None:
        return []
    traces: list[list[str]] = [[] for _ in net.leaves]
    for _event, rule in result.steps:
        if rule < 0:
            continue
        for leaf, ev in net.rules[rule].parts:
            traces[leaf].append(show(TAU) if ev is TAU else show(ev))
    offers = net.offers(result.final_state)
    described = net.describe(result.final_state)
    return [
        Component(name, traces[i], described[i][1], [show(e) for e in offers[i]])
        for i, name in enumerate(net.names)
    ]
