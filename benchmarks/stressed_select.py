"""Stressed select: one process selecting over many writers' channels, against a plain read.

K writers each write for ever on a channel of their own; one process makes
``--selects`` selections with ``Alt(*channels).select()`` (and ``fair_select``,
``pri_select``). The baseline is a plain read: the same K writers all write
on ONE shared (any-to-any) channel and one process reads it; and the
one-writer, one-reader read. Microseconds per communication, median of
``--rounds`` interleaved rounds. The peers have no select primitive, so the comparison is
with the library's own plain read, as the performance target states
(a select over 100 channels at most 3x a plain read).

    python benchmarks/stressed_select.py [--quick] [--selects N] [--json PATH]
"""

from __future__ import annotations

from time import perf_counter
from typing import Any, Generator

from _systems import banner, dump, medians, parser, table

from csp import Channel, Par, process

try:
    from csp import Alt
except ImportError:  # pragma: no cover - Alt not there yet
    Alt = None


@process
def writer(cout: Channel) -> Generator[Any, Any, None]:
    """Write for ever; poison ends it."""
    i = 0
    while True:
        yield cout.write(i)
        i += 1


@process
def selector(chans: list[Channel], n: int, mode: str, box: dict) -> Generator[Any, Any, None]:
    """Make ``n`` selections over ``chans``, time them, then poison every channel."""
    alt = Alt(*chans)
    select = getattr(alt, mode)
    start = perf_counter()
    for _ in range(n):
        yield select()
    box["s"] = perf_counter() - start
    for c in chans:
        c.poison()


@process
def reader(c: Channel, n: int, box: dict) -> Generator[Any, Any, None]:
    """Read ``n`` values from ``c``, time them, then poison it."""
    start = perf_counter()
    for _ in range(n):
        yield c.read()
    box["s"] = perf_counter() - start
    c.poison()


def plain(k: int, n: int) -> float:
    """Microseconds per read of one channel shared by ``k`` writers."""
    c, box = Channel(), {}
    Par(*[writer(c) for _ in range(k)], reader(c, n, box)).start()
    return box["s"] / n * 1e6


def select(k: int, n: int, mode: str) -> float:
    """Microseconds per selection over ``k`` channels, one writer each."""
    chans, box = [Channel() for _ in range(k)], {}
    Par(*[writer(c) for c in chans], selector(chans, n, mode, box)).start()
    return box["s"] / n * 1e6


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--selects", type=int, default=100_000)
    p.add_argument("--writers", type=lambda s: [int(x) for x in s.split(",")], default=[10, 100])
    args = p.parse_args()
    n, ks = (1_000, [10]) if args.quick else (args.selects, args.writers)
    rounds = 1 if args.quick else args.rounds
    banner(f"Stressed select: {n} communications per figure, microseconds each, median of {rounds} rounds")
    if Alt is None:
        print("\nnote: skipped, csp.Alt is not importable yet")
        dump(args.json, {"benchmark": "select", "skipped": "csp.Alt is not importable"})
        return
    one = medians({"read": lambda: plain(1, n)}, rounds)["read"]
    rows, figures = [], {"read, 1 writer": one}
    modes = ("select", "fair_select", "pri_select")
    for k in ks:
        runs = {"read": lambda k=k: plain(k, n)}
        runs.update({mode: lambda k=k, mode=mode: select(k, n, mode) for mode in modes})
        us = medians(runs, rounds)  # the read and the selects in turns, so their ratios hold
        shared = figures[f"read, {k} writers"] = us["read"]
        row = [f"K={k}", one, shared]
        for mode in modes:
            figures[f"{mode}, {k} channels"] = us[mode]
            row += [us[mode], f"{us[mode] / shared:.2f}x"]
        rows.append(row)
    print()
    table(["writers", "read 1:1", "read K:1", "select", "vs read", "fair", "vs read", "pri", "vs read"],
          rows)
    print("(read K:1: K writers share one channel; select: one channel per writer)")
    dump(args.json, {"benchmark": "select", "communications": n, "us": figures})


if __name__ == "__main__":
    main()
