"""Composition terms: ``Par``, ``Seq`` and ``Repeat``, the algebra's building blocks.

Operators on processes build these terms; nothing runs until a term is
started (``term.start()``), spawned, or yielded inside a process.
"""

from __future__ import annotations

from typing import Any, Generator, Iterable

from .._process import ALGEBRA, Process, _Join

__all__ = ["Par", "Seq", "Repeat"]


def _check_parts(kind: str, parts: Iterable[Any]) -> list[Process]:
    out = []
    for p in parts:
        if not isinstance(p, Process):
            hint = ""
            if callable(p):
                name = getattr(p, "__name__", "f")
                hint = f" Did you mean {name}(...)? Call the process function to get a process."
            raise TypeError(f"{kind}() composes processes; {p!r} ({type(p).__name__}) is not one.{hint}")
        out.append(p)
    return out


def _par_body(procs: list[Process]) -> Generator[Any, Any, list[Any]]:
    return (yield _Join(procs))


def _seq_body(procs: list[Process]) -> Generator[Any, Any, list[Any]]:
    results = []
    for p in procs:
        results.append((yield p))
    return results


class Par(Process):
    """Run processes in parallel; ends when every one has ended.

    ``Par(a, b, c)``, ``a // (b, c)`` and ``a & b`` all build one. The result
    is the list of the children's results, in order. A child ended by
    :class:`ChannelPoison` has ended normally; if a child raises anything
    else, the others are cancelled (their ``finally`` blocks run) and the
    exception reaches whoever waits on the ``Par`` (a :class:`ParError`
    carrying them all if several failed)::

        Par(reader(c), writer(c, 5)).start()
    """

    def __init__(self, *procs: Any) -> None:
        flat: list[Process] = []
        for p in _check_parts("Par", procs):
            flat.extend(p.procs if isinstance(p, Par) and type(p) is Par else [p])
        self.procs: list[Process] = flat
        super().__init__(_par_body, flat)
        self._name = "Par"

    def __repr__(self) -> str:
        return "Par(" + ", ".join(map(repr, self.procs)) + ")"


class Seq(Process):
    """Run processes one after another; ``a > b`` builds ``Seq(a, b)``.

    The result is the list of the children's results. Python reads
    ``a > b > c`` as ``(a > b) and (b > c)``; that would drop ``a``, so it
    raises a TypeError: write ``(a > b) > c`` or ``Seq(a, b, c)``::

        Seq(greet("a"), greet("b")).start()
    """

    _from_op = False

    def __init__(self, *procs: Any) -> None:
        flat: list[Process] = []
        for p in _check_parts("Seq", procs):
            flat.extend(p.procs if isinstance(p, Seq) else [p])
        self.procs: list[Process] = flat
        super().__init__(_seq_body, flat)
        self._name = "Seq"

    @classmethod
    def _from_operator(cls, left: Any, right: Any) -> Seq:
        term = cls(left, right)
        term._from_op = True
        return term

    def __bool__(self) -> bool:
        if self._from_op:
            a, b = self.procs[0], self.procs[-1]
            raise TypeError(
                f"`{a!r} > {b!r} > ...` is a chained comparison: Python would run only the "
                "last pair and silently drop the first process. Write "
                "`(a > b) > c` or `Seq(a, b, c)`."
            )
        return True

    def __repr__(self) -> str:
        return "Seq(" + ", ".join(map(repr, self.procs)) + ")"


def _repeat_body(proc: Process, n: int) -> Generator[Any, Any, list[Any]]:
    results = []
    for _ in range(n):
        results.append((yield proc))
    return results


class Repeat(Process):
    """``p * n`` or ``n * p``: run ``p`` n times in sequence (a fresh run each time).

    The result is the list of the n runs' results: ``2 * (a > b)`` gives
    ``[[ra, rb], [ra, rb]]``.
    """

    def __init__(self, proc: Any, n: Any) -> None:
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(
                f"{proc!r} * {n!r}: a process repeats a whole number of times, e.g. `p * 3`"
            )
        if n < 0:
            raise ValueError(f"{proc!r} * {n}: the number of repetitions must be >= 0")
        _check_parts("Repeat", [proc])
        self.count = n
        self.proc = proc
        super().__init__(_repeat_body, proc, n)
        self._name = "Repeat"

    def __repr__(self) -> str:
        return f"{self.proc!r} * {self.count}"


# The operators on processes (``>``, ``//``, ``&``, ``*``) build these terms.
ALGEBRA.update(seq=Seq._from_operator, par=Par, repeat=Repeat)
