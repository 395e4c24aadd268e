"""txcsp's side of every benchmark, and the helpers the benchmark scripts share.

The library's workloads have the same shape as the peers' (see ``_peers.py``)
and use only the public API: ``@process``, ``Channel()``, ``yield c.read()``,
``yield c.write(x)``, ``Par`` and ``p.start()``, which runs the process on the
global Twisted reactor (in its background thread) and waits for it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from time import perf_counter
from typing import Any, Callable, Generator, Iterable

from csp import Channel, Par, process, relaxed_gc
from csp.demo import commstime as csp_commstime_term

SYSTEM = "txcsp"


def csp_commstime(loops: int) -> float:
    """COMMSTIME with csp.demo's processes: the consumer's own timing."""
    return csp_commstime_term(loops).start()[-1]["seconds"]


def _relay_loop(cin: Channel, cout: Channel, hops: int, box: dict) -> Generator[Any, Any, None]:
    while True:
        t = yield cin.read()
        if t >= hops:
            box["end"] = perf_counter()
            cout.poison()  # poison spreads round the ring and ends every node
            return
        yield cout.write(t + 1)


@process
def ring_node(cin: Channel, cout: Channel, hops: int, box: dict) -> Generator[Any, Any, None]:
    """Pass the token on until it has made ``hops`` hops."""
    yield from _relay_loop(cin, cout, hops, box)


@process
def ring_first(cin: Channel, cout: Channel, hops: int, box: dict) -> Generator[Any, Any, None]:
    """Started last, when every other node waits: inject the token, then relay."""
    box["start"] = perf_counter()
    yield cout.write(1)
    yield from _relay_loop(cin, cout, hops, box)


def csp_ring(n: int, hops: int) -> float:
    chans = [Channel() for _ in range(n)]
    box: dict[str, float] = {}
    nodes = [ring_node(chans[i - 1], chans[i], hops, box) for i in range(1, n)]
    Par(*nodes, ring_first(chans[-1], chans[0], hops, box)).start()
    return box["end"] - box["start"]


@process
def relay(cin: Channel, cout: Channel) -> Generator[Any, Any, None]:
    """Pass one token on, once."""
    yield cout.write((yield cin.read()) + 1)


@process
def injector(cin: Channel, cout: Channel, box: dict) -> Generator[Any, Any, None]:
    """Started last, when every relay waits: send the token once round the ring."""
    box["start"] = perf_counter()
    yield cout.write(1)
    box["token"] = yield cin.read()
    box["end"] = perf_counter()


def csp_bigring(n: int) -> tuple[float, float]:
    t0 = perf_counter()
    chans = [Channel() for _ in range(n)]
    box: dict[str, Any] = {}
    procs = [relay(chans[i - 1], chans[i]) for i in range(1, n)]
    Par(*procs, injector(chans[-1], chans[0], box)).start()
    assert box["token"] == n
    return box["start"] - t0, box["end"] - box["start"]


def csp_bigring_relaxed_gc(n: int) -> tuple[float, float]:
    """The same ring inside ``csp.relaxed_gc()``, the documented opt-in for huge networks."""
    with relaxed_gc():
        return csp_bigring(n)


CSP: dict[str, Callable[..., Any]] = {
    "commstime": csp_commstime,
    "ring": csp_ring,
    "bigring": csp_bigring,
    "bigring relaxed_gc": csp_bigring_relaxed_gc,
}


# -- shared helpers ---------------------------------------------------------------------------


def interpreter() -> str:
    return f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})"


def banner(title: str) -> None:
    import csp

    print(title)
    print(f"interpreter: {interpreter()}")
    print(f"txcsp kernel installed: {'compiled (mypyc)' if csp.__compiled__ else 'pure Python'}"
          f" (csp.__compiled__ = {csp.__compiled__})")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}")


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="small sizes, one run each (for CI)")
    p.add_argument("--json", metavar="PATH", help="also write the figures to PATH as JSON")
    p.add_argument("--rounds", type=int, default=5, help="interleaved rounds; each figure is their median")
    return p


def medians(runs: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """The median result of ``rounds`` runs of each of ``runs``, taken in turns.

    Round ``r`` runs every one of them once before round ``r + 1`` begins, so
    that a slow or fast spell of the machine (this VM's speed swings by up to
    2x from minute to minute) falls on all of them alike and the ratios
    between them hold up better than with each one's runs back to back.
    """
    return {name: statistics.median(values) for name, values in interleaved(runs, rounds).items()}


def interleaved(runs: dict[str, Callable[[], Any]], rounds: int) -> dict[str, list[Any]]:
    """Every result of ``rounds`` rounds, each round running every one of ``runs`` once, in turn."""
    results: dict[str, list[Any]] = {name: [] for name in runs}
    for _ in range(max(1, rounds)):
        for name, fn in runs.items():
            results[name].append(fn())
    return results


def kernel_label(compiled: bool) -> str:
    return f"{SYSTEM} ({'compiled' if compiled else 'pure'})"


def builds() -> dict[str, dict[str, str]]:
    """The txcsp builds this installation can run, each a label and the environment its child needs.

    A compiled install also runs its pure kernel (``TXCSP_PURE=1`` loads the
    sources installed beside the extension modules), so the two are measured
    side by side in one run; a pure install has only the one.
    """
    import csp

    found = {kernel_label(csp.__compiled__): {"TXCSP_PURE": "0"}}
    if csp.__compiled__:
        found[kernel_label(False)] = {"TXCSP_PURE": "1"}
    return found


def table(headers: list[str], rows: Iterable[list[Any]]) -> None:
    rows = [[_cell(x) for x in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = _row(headers, widths)
    print(line)
    print("-" * len(line))
    for r in rows:
        print(_row(r, widths))


def _row(cells: list[str], widths: list[int]) -> str:
    """The first cell left-aligned, the others right-aligned."""
    return "  ".join(c.rjust(widths[i]) if i else c.ljust(widths[i]) for i, c in enumerate(cells))


def _cell(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.3f}" if x < 100 else f"{x:.0f}"
    return str(x)


def dump(path: str | None, data: dict[str, Any]) -> None:
    if path:
        data = {"interpreter": interpreter(), **data}
        with open(path, "w") as f:
            json.dump(data, f, indent=1)


def in_child(
    script: str, *args: str, timeout: float = 600, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Run ``script`` with ``args`` in a fresh interpreter; return the JSON it printed last."""
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, os.path.join(here, script), *args]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                             env={**os.environ, **(env or {})})
    except subprocess.TimeoutExpired:
        return {"error": f"no result within {timeout:.0f} s"}
    lines = out.stdout.strip().splitlines()
    if out.returncode != 0 or not lines:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {out.returncode}: {tail}"}
    return json.loads(lines[-1])


def verdict(value: float, target: float, at_most: bool = True) -> str:
    """``met`` or ``MISSED``, for a figure against its target."""
    return "met" if (value <= target if at_most else value >= target) else "MISSED"
