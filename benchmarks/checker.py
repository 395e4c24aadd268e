"""The CSPm checker on the dining philosophers with a butler: BSYSTEM deadlock checks, N = 5, 7, 8.

Each run happens in a child process of its own (parsing included, so the
time is what ``python-csp check`` would take, and the peak RSS is its own):

- ``numpy``: the checker's vectorised engine (packed integer states,
  per-component transition tables, whole-frontier array operations);
- ``naive``: a straightforward breadth-first search in Python over tuples
  of component states, with a dict of visited states, on the same
  component LTSs.

Several rounds take the runs in turns, so a slow spell of the machine falls
on both alike; the table shows medians and the ratio. Targets (issue 14):
N=5 under 1 s, N=7 under 15 s, N=8 under 60 s in under 2 GiB.

    python benchmarks/checker.py [--quick] [--rounds R] [--naive-max N]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "tutorial" / "part09" / "philosophers.csp"
TARGETS = {5: (1.0, None), 7: (15.0, None), 8: (60.0, 2048.0)}  # seconds, MiB
EXPECTED = {5: (15712, 69600), 7: (869248, 5485312), 8: (6332160, 45859840)}


def model(n: int) -> str:
    text = MODEL.read_text()
    return re.sub(r"^N = \d+$", f"N = {n}", text, count=1, flags=re.M)


def naive_deadlock_free(net: object) -> tuple[bool, int, int]:
    """Breadth first over tuples, a dict for the states seen, every rule tried at every state."""
    leaves, rules = net.leaves, net.rules  # type: ignore[attr-defined]
    start = net.initial  # type: ignore[attr-defined]
    parent = {start: None}
    queue = deque([start])
    transitions = 0
    deadlock = False
    while queue:
        state = queue.popleft()
        moved = False
        for rule in rules:
            options = []
            for leaf, event in rule.parts:
                targets = leaves[leaf].succ[state[leaf]].get(event)
                if targets is None:
                    break
                options.append(targets)
            else:
                combos = [[]]
                for targets in options:
                    combos = [c + [t] for c in combos for t in targets]
                for combo in combos:
                    new = list(state)
                    for (leaf, _), t in zip(rule.parts, combo, strict=True):
                        new[leaf] = t
                    new_state = tuple(new)
                    transitions += 1
                    moved = True
                    if new_state not in parent:
                        parent[new_state] = state
                        queue.append(new_state)
        if not moved:
            deadlock = True
    return not deadlock, len(parent), transitions


def child(engine: str, n: int) -> None:
    start = time.perf_counter()
    from csp.algebra.cspm import parse
    from csp.algebra.cspm.lts import compile_network

    script = parse(model(n), f"philosophers N={n}")
    if engine == "numpy":
        r = script.check("assert BSYSTEM :[deadlock free [F]]", engine="numpy")
        passed, states, transitions = r.passed, r.states, r.transitions
    else:
        passed, states, transitions = naive_deadlock_free(compile_network(script.process("BSYSTEM")))
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mib": rss,
                "passed": passed,
                "states": states,
                "transitions": transitions,
            }
        )
    )


def run_child(engine: str, n: int, timeout: float) -> dict | None:
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child", engine, str(n)],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return None
    if out.returncode != 0:
        raise SystemExit(f"{engine} N={n} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="N=5 only, one round (for the test suite)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument(
        "--naive-max", type=int, default=7, help="largest N for the naive search (N=8 takes minutes)"
    )
    args = p.parse_args()
    sizes = [5] if args.quick else [5, 7, 8]
    rounds = 1 if args.quick else args.rounds
    print(f"interpreter: Python {sys.version.split()[0]}; {rounds} round(s), medians")
    runs: dict[tuple[str, int], list[dict]] = {}
    for _ in range(rounds):
        for n in sizes:
            for engine in ("numpy", "naive"):
                if engine == "naive" and n > args.naive_max:
                    continue
                r = run_child(engine, n, timeout=900)
                if r is None:
                    continue
                if (r["states"], r["transitions"]) != EXPECTED[n] or not r["passed"]:
                    raise SystemExit(
                        f"{engine} N={n}: wrong figures {r}, expected {EXPECTED[n]} deadlock free"
                    )
                runs.setdefault((engine, n), []).append(r)
    print(
        f"{'N':>2}  {'engine':<6} {'states':>10} {'transitions':>12} {'seconds':>8} {'states/s':>11} "
        f"{'peak MiB':>9}  target"
    )
    for n in sizes:
        for engine in ("numpy", "naive"):
            rs = runs.get((engine, n))
            if not rs:
                print(f"{n:>2}  {engine:<6} (not run: --naive-max {args.naive_max})")
                continue
            sec = statistics.median(r["seconds"] for r in rs)
            rss = statistics.median(r["rss_mib"] for r in rs)
            states = rs[0]["states"]
            target = ""
            if engine == "numpy":
                tsec, tmem = TARGETS[n]
                ok = sec < tsec and (tmem is None or rss < tmem)
                target = (
                    f"< {tsec:g} s" + (f", < {tmem:g} MiB" if tmem else "") + (": met" if ok else ": MISSED")
                )
            print(
                f"{n:>2}  {engine:<6} {states:>10,} {rs[0]['transitions']:>12,} {sec:>8.2f} "
                f"{states / sec:>11,.0f} {rss:>9.0f}  {target}"
            )
        if runs.get(("numpy", n)) and runs.get(("naive", n)):
            ratio = statistics.median(r["seconds"] for r in runs[("naive", n)]) / statistics.median(
                r["seconds"] for r in runs[("numpy", n)]
            )
            print(f"{'':>2}  naive / numpy time: {ratio:.1f}x")


if __name__ == "__main__":
    main()
