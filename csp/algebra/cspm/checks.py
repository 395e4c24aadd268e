"""The checks: refinement in the traces, failures and failures-divergences models, deadlock freedom,
divergence freedom, determinism and has-trace, each by breadth-first search so that the first
counterexample found is a shortest one (fewest visible events).

Each check returns a :class:`Result`: whether it passed, how many states and
transitions it explored, and for a failure the trace and what went wrong at
its end (see :mod:`.explain` for the per-component view).

>>> from csp.algebra.cspm import parse
>>> s = parse("channel a, b\\nP = a -> b -> STOP\\nQ = a -> STOP")
>>> r = refines(s.process("P"), s.process("Q"), "F")
>>> r.passed, [show(e) for e in r.trace], r.problem
(False, ['a'], 'refusal')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from . import semantics as S
from .errors import Undecidable
from .lts import DONE, STATE_LIMIT, Network, compile_network
from .normal import Normaliser, divergent_in
from .values import TAU, TICK, show, sorted_values

__all__ = ["Result", "refines", "deadlock_free", "divergence_free", "deterministic", "has_trace"]


@dataclass
class Result:
    """The outcome of one check.

    ``problem`` is None when it passed, else ``"event"`` (the implementation
    did an event the spec cannot: ``event``, with the spec's ``allowed``
    events there), ``"refusal"`` (it reached a stable state accepting only
    ``acceptance``, which no spec acceptance in ``spec_acceptances`` fits),
    ``"deadlock"``, ``"divergence"``, ``"nondeterminism"`` (after the trace
    ``event`` may be both accepted and refused) or ``"no trace"`` (has trace:
    the trace stops being possible at ``event``).
    """

    passed: bool
    states: int
    transitions: int
    trace: list[Any] = field(default_factory=list)
    problem: str | None = None
    event: Any = None
    allowed: list[Any] = field(default_factory=list)
    acceptance: list[Any] = field(default_factory=list)
    spec_acceptances: list[list[Any]] = field(default_factory=list)
    deadlocks: int = 0
    steps: list[tuple[Any, int]] = field(default_factory=list)  # (event, rule) along the path, taus too
    final_state: Any = None
    network: Network | None = None
    engine: str = "explicit"
    assertion: str = ""
    negated: bool = False

    @property
    def holds(self) -> bool:
        """Whether the assertion holds: ``passed``, or its opposite for ``assert not``."""
        return self.passed != self.negated


def _path(parents: dict, key: Any) -> tuple[list[Any], list[tuple[Any, int]]]:
    """The visible trace and all the steps (event, rule) from the start to ``key``."""
    steps = []
    while True:
        prev = parents[key]
        if prev is None:
            break
        key, event, rule = prev
        steps.append((event, rule))
    steps.reverse()
    return [e for e, _ in steps if e is not TAU], steps


class _Divergence:
    """Which states of a network can diverge (reach a cycle of taus), computed on demand."""

    def __init__(self, succ: Callable[[Any], list]) -> None:
        self.succ = succ
        self.known: dict[Any, bool] = {}

    def tau(self, s: Any) -> list:
        return [t for e, t, _ in self.succ(s) if e is TAU]

    def __call__(self, s: Any) -> bool:
        d = self.known.get(s)
        if d is not None:
            return d
        reach = {s}
        stack = [s]
        while stack:
            for t in self.tau(stack.pop()):
                if t not in reach:
                    if self.known.get(t):
                        self.known[s] = True
                        return True
                    reach.add(t)
                    stack.append(t)
        d = divergent_in(reach, self.tau)
        if d:
            self.known[s] = True
        else:
            for t in reach:
                self.known[t] = False
        return d


def _as_network(p: S.Term | Network) -> Network:
    return p if isinstance(p, Network) else compile_network(p)


def refines(
    spec: S.Term | Network, impl: S.Term | Network, model: str = "FD", limit: int = STATE_LIMIT
) -> Result:
    """``spec [model= impl``: does every behaviour of ``impl`` belong to ``spec``? (model T, F or FD)."""
    if model not in ("T", "F", "FD"):
        raise ValueError(f"model must be T, F or FD, not {model!r}")
    norm = Normaliser(_as_network(spec), limit)
    net = _as_network(impl)
    cache: dict[Any, list] = {}

    def succ(s: Any) -> list:
        c = cache.get(s)
        if c is None:
            c = cache[s] = net.successors(s)
        return c

    diverges = _Divergence(succ)
    frontier = _Frontier((norm.initial, net.initial), limit)
    parents, reach = frontier.parents, frontier.reach
    transitions = 0
    for level in frontier.levels():
        pending: Result | None = None
        for key in level:
            n, s = key
            if model == "FD" and norm.divergent(n):
                continue  # after a divergent spec trace anything is allowed
            moves = succ(s)
            transitions += len(moves)
            if model == "FD" and diverges(s):
                return _fail(parents, key, len(parents), transitions, "divergence", net, s)
            if model != "T" and all(e is not TAU for e, _, _ in moves):
                acc = {e for e, _, _ in moves}
                spec_acc = norm.acceptances(n)
                if not any(a <= acc for a in spec_acc):
                    r = _fail(parents, key, len(parents), transitions, "refusal", net, s)
                    r.acceptance = sorted_values(acc)
                    r.spec_acceptances = [sorted_values(a) for a in spec_acc]
                    return r
            for e, t, rule in moves:
                if e is TAU:
                    reach((n, t), (key, e, rule), True)
                    continue
                m = norm.after(n, e)
                if m is None:
                    if pending is None:
                        pending = _fail(parents, key, len(parents), transitions, "event", net, s)
                        pending.trace.append(e)
                        pending.steps.append((e, rule))
                        pending.event = e
                        pending.allowed = sorted_values(norm.initials(n))
                        pending.final_state = t
                    continue
                reach((m, t), (key, e, rule), False)
        if pending is not None:
            pending.states = len(parents)
            return pending
    return Result(True, len(parents), transitions, network=net)


class _Frontier:
    """A 0-1 breadth-first search from ``start``, level by level of visible trace length.

    A tau keeps the trace length, so what it reaches joins the level being
    searched; an event's target joins the next level. A key first found
    one event deeper moves up when a tau reaches it at this length.
    ``parents`` maps each key found to ``(key before, event, rule)`` (the
    start to None), for :func:`_path`. More than ``limit`` keys is
    :class:`Undecidable`::

        frontier = _Frontier(net.initial, limit)
        for level in frontier.levels():
            for s in level:
                for e, t, rule in net.successors(s):
                    frontier.reach(t, (s, e, rule), e is TAU)
    """

    __slots__ = ("parents", "depth", "limit", "_level", "_next", "_d")

    def __init__(self, start: Any, limit: int) -> None:
        self.parents: dict[Any, Any] = {start: None}
        self.depth: dict[Any, int] = {start: 0}
        self.limit = limit
        self._level: list = [start]
        self._next: list = []
        self._d = 0

    def levels(self) -> Iterator[Iterator[Any]]:
        """Each level in turn: the keys at one trace length, those that taus add while it is searched too."""
        while self._level:
            self._next = []
            yield self._keys(self._level)
            self._d += 1
            self._level = [k for k in self._next if self.depth[k] == self._d]

    @staticmethod
    def _keys(level: list) -> Iterator[Any]:
        i = 0
        while i < len(level):  # `level` grows as taus reach more keys at this length
            yield level[i]
            i += 1

    def reach(self, key: Any, via: Any, tau: bool) -> None:
        """Record that ``key`` is reached ``via`` ``(key before, event, rule)``, by a tau or by an event."""
        d = self._d if tau else self._d + 1
        old = self.depth.get(key)
        if old is None:
            if len(self.parents) >= self.limit:
                raise Undecidable(f"more than {self.limit:,} states: cannot decide this check")
        elif old <= d:
            return
        self.depth[key] = d
        self.parents[key] = via
        (self._level if tau else self._next).append(key)


def _fail(
    parents: dict, key: Any, states: int, transitions: int, problem: str, net: Network, state: Any
) -> Result:
    trace, steps = _path(parents, key)
    return Result(False, states, transitions, trace, problem, steps=steps, final_state=state, network=net)


def _explore(
    net: Network, check: Callable[[Any, list], str | None], limit: int = STATE_LIMIT, stop: bool = False
) -> tuple[Result, dict]:
    """Breadth-first over the states of ``net`` (taus count as steps of the same trace length).

    ``check(state, moves)`` names a problem at a state or returns None. The
    first problem found at the shortest trace length is the counterexample;
    the search goes on (unless ``stop``) to count every reachable state.
    """
    frontier = _Frontier(net.initial, limit)
    parents, reach = frontier.parents, frontier.reach
    transitions = 0
    found: Result | None = None
    count = 0
    for level in frontier.levels():
        for s in level:
            moves = net.successors(s)
            transitions += len(moves)
            problem = check(s, moves)
            if problem is not None:
                count += 1
                if found is None:
                    found = _fail(parents, s, 0, 0, problem, net, s)
                    found.acceptance = sorted_values(e for e, _, _ in moves)
                    if stop:
                        break
            for e, t, rule in moves:
                reach(t, (s, e, rule), e is TAU)
        if found is not None and stop:
            break
    result = found or Result(True, 0, 0, network=net)
    result.states, result.transitions, result.deadlocks = len(parents), transitions, count
    return result, parents


def deadlock_free(p: S.Term | Network, model: str = "FD", limit: int = STATE_LIMIT) -> Result:
    """``P :[deadlock free [model]]``: no reachable stable state refuses everything (✓ is not a deadlock).

    In [FD] a divergence is a counterexample too.
    """
    net = _as_network(p)
    diverges = _Divergence(net.successors) if model == "FD" else None

    def check(s: Any, moves: list) -> str | None:
        if not moves and s is not DONE and not _terminated(net, s):
            return "deadlock"
        if diverges is not None and any(e is TAU for e, _, _ in moves) and diverges(s):
            return "divergence"
        return None

    return _explore(net, check, limit)[0]


def _terminated(net: Network, s: Any) -> bool:
    return net.flat and net.leaves[0].omega is not None and s == (net.leaves[0].omega,)


def divergence_free(p: S.Term | Network, limit: int = STATE_LIMIT) -> Result:
    """``P :[divergence free]``: P can never perform an endless sequence of hidden events."""
    net = _as_network(p)
    diverges = _Divergence(net.successors)

    def check(s: Any, moves: list) -> str | None:
        return "divergence" if any(e is TAU for e, _, _ in moves) and diverges(s) else None

    return _explore(net, check, limit)[0]


def deterministic(p: S.Term | Network, model: str = "FD", limit: int = STATE_LIMIT) -> Result:
    """``P :[deterministic [model]]``: after no trace can P both accept and refuse an event.

    P is explored against its own normal form: a stable state that lacks an
    event some other state after the same trace offers is a counterexample;
    in [FD] so is a divergence.
    """
    net = _as_network(p)
    norm = Normaliser(net, limit)
    diverges = _Divergence(net.successors)
    frontier = _Frontier((norm.initial, net.initial), limit)
    parents, reach = frontier.parents, frontier.reach
    transitions = 0
    for level in frontier.levels():
        for key in level:
            n, s = key
            moves = net.successors(s)
            transitions += len(moves)
            if model == "FD" and diverges(s):
                return _fail(parents, key, len(parents), transitions, "divergence", net, s)
            if all(e is not TAU for e, _, _ in moves):
                acc = {e for e, _, _ in moves}
                missing = sorted_values(norm.initials(n) - acc)
                if missing:
                    r = _fail(parents, key, len(parents), transitions, "nondeterminism", net, s)
                    r.event, r.acceptance = missing[0], sorted_values(acc)
                    r.allowed = sorted_values(norm.initials(n))
                    return r
            for e, t, rule in moves:
                if e is TAU:
                    reach((n, t), (key, e, rule), True)
                else:
                    reach((norm.after(n, e), t), (key, e, rule), False)
    return Result(True, len(parents), transitions, network=net)


def has_trace(p: S.Term | Network, trace: list[Any], limit: int = STATE_LIMIT) -> Result:
    """``P :[has trace]: <a, b>``: can P perform exactly these visible events, in order?"""
    net = _as_network(p)
    norm = Normaliser(net, limit)
    node = norm.initial
    for k, e in enumerate(trace):
        m = norm.after(node, e)
        if m is None:
            states = sum(len(x) for x in norm.nodes)
            return Result(
                False,
                states,
                len(norm._succ_cache),
                list(trace[:k]) + [e],
                "no trace",
                event=e,
                allowed=sorted_values(norm.initials(node)),
                network=net,
            )
        node = m
    return Result(True, sum(len(x) for x in norm.nodes), len(norm._succ_cache), list(trace), network=net)


def describe_problem(r: Result) -> str:
    """One line: what went wrong at the end of the counterexample trace."""
    if r.problem == "event":
        allowed = ", ".join(show(e) for e in r.allowed) or "nothing"
        return (
            f"the implementation does {show(r.event)}, which the specification does not allow "
            f"there (it allows: {allowed})"
        )
    if r.problem == "refusal":
        acc = "{" + ", ".join(show(e) for e in r.acceptance) + "}"
        specs = " or ".join("{" + ", ".join(show(e) for e in a) + "}" for a in r.spec_acceptances)
        return (
            f"the implementation can refuse everything but {acc}; the specification must then accept "
            f"all of {specs or '{}'}"
        )
    if r.problem == "deadlock":
        return "deadlock: the process can do nothing more (it refuses every event)"
    if r.problem == "divergence":
        return "divergence: the process can perform hidden events for ever"
    if r.problem == "nondeterminism":
        return (
            f"{show(r.event)} may be accepted or refused: some run after this trace offers it, "
            f"another offers only {{{', '.join(show(e) for e in r.acceptance)}}}"
        )
    if r.problem == "no trace":
        allowed = ", ".join(show(e) for e in r.allowed) or "nothing"
        return f"the process cannot do {show(r.event)} here (it can do: {allowed})"
    return "passed"


_ = TICK  # re-exported meaning: ✓ is an event of acceptances like any other
