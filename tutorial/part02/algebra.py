"""The process algebra, one operator at a time: ``python -m tutorial.part02.algebra``.

Operators build *terms* (``Seq``, ``Par``, ``Repeat``) without running
anything; ``start()`` runs a term like any other process.
"""

from __future__ import annotations

from typing import Any, Generator

from csp import Par, Process, Seq, Skip, process

from ..runner import execute


@process
def say(word: str, times: int = 1) -> Generator[Any, Any, str]:
    """Print ``word`` ``times`` times, yielding between them; return it."""
    for _ in range(times):
        print(word)
        yield
    return word


def examples() -> list[tuple[str, Process]]:
    """Each operator next to the term it builds."""
    return [
        ("a > b", say("a") > say("b")),
        ("(a > b) > c", (say("a") > say("b")) > say("c")),
        ("a // (b, c)", say("a", 2) // (say("b", 2), say("c", 2))),
        ("a & b", say("a", 2) & say("b", 2)),
        ("a * 3", say("a") * 3),
        ("2 * (a > b)", 2 * (say("a") > say("b"))),
        ("(a > b) // (c * 2)", (say("a") > say("b")) // (say("c") * 2)),
        ("Skip() > a", Skip() > say("a")),
        ("Seq(a, Par(b, c))", Seq(say("a"), Par(say("b"), say("c")))),
    ]


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    for text, term in examples():
        print(f"--- {text}  is  {term!r}")
        result = execute(term, reactor)
        print(f"    result: {result!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
