"""Token rings, txcsp against its peers: microseconds per hop, and a ring of a million processes.

Part one: N processes (N = 2 ... 1024) pass one token round a ring of
rendezvous channels for ``--hops`` hops; microseconds per hop.

Part two: a big ring of ``--big`` processes (1,000,000 by default) passes a
token once around. Build time runs until every relay is blocked on its read;
run time is the token's one trip round. The peak RSS (``resource.getrusage``,
everything included: interpreter, imports, processes, channels) is each
system's own.

Every figure comes from a fresh child interpreter per system and round, the
systems in turns, the median of ``--rounds`` rounds (``--big-rounds`` for the
big ring). A compiled install is measured twice, compiled and with
``TXCSP_PURE=1``; the big ring also runs inside ``csp.relaxed_gc()``.

    python benchmarks/ring.py [--quick] [--hops H] [--big N] [--rounds R] [--big-rounds R] [--json PATH]
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
from typing import Any

from _peers import PEERS, available
from _systems import CSP, SYSTEM, banner, builds, dump, in_child, interleaved, parser, table, verdict

SIZES = [2, 8, 32, 128, 512, 1024]
FLOOR = "bare generators"
TARGET_RING = {"compiled": 1.0, "pure": 1.3}  # issue 16, per hop against the floor
TARGET_BIG_TIME, TARGET_BIG_RSS = 1.3, 1.5  # issue 16, the million-process ring against the floor


def small_child(system: str, hops: int, sizes: list[int]) -> None:
    fn = CSP["ring"] if system == SYSTEM else PEERS[system]["ring"]
    print(json.dumps({str(n): fn(n, hops) / hops * 1e6 for n in sizes}))


def big_child(system: str, n: int) -> None:
    """Run one big ring here and print its figures as one JSON line."""
    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))  # a runaway peer fails, not the box
    fn = CSP[system[len(SYSTEM) + 1:] or "bigring"] if system.startswith(SYSTEM) else PEERS[system]["bigring"]
    build, run = fn(n)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"build": build, "run": run, "rss_mib": peak_kib / 1024}))
    sys.stdout.flush()


def _medians(results: dict[str, list[dict[str, Any]]], notes: list[str]) -> dict[str, dict[str, float]]:
    out = {}
    for label, got in results.items():
        errors = [r["error"] for r in got if "error" in r]
        if errors:
            notes.append(f"{label}: {errors[0]}")
            continue
        out[label] = {key: statistics.median(r[key] for r in got) for key in got[0]}
    return out


def _build_of(label: str) -> str | None:
    return next((b for b in TARGET_RING if label.startswith(f"{SYSTEM} ({b})")), None)


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        small_child(sys.argv[2], int(sys.argv[3]), [int(x) for x in sys.argv[4].split(",")])
        return
    if len(sys.argv) == 4 and sys.argv[1] == "--big-child":
        big_child(sys.argv[2], int(sys.argv[3]))
        return
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--hops", type=int, default=50_000)
    p.add_argument("--big", type=int, default=1_000_000)
    p.add_argument("--big-rounds", type=int, default=3)
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=SIZES)
    args = p.parse_args()
    if args.quick:
        hops, big, sizes, rounds, big_rounds = 500, 10_000, [2, 8], 1, 1
    else:
        hops, big, sizes, rounds, big_rounds = args.hops, args.big, args.sizes, args.rounds, args.big_rounds
    peers, notes = available()
    kernels = builds()
    runs = {label: (SYSTEM, env) for label, env in kernels.items()}
    runs.update({name: (name, {}) for name in peers})
    sizes_arg = ",".join(map(str, sizes))

    banner(f"Token ring: N processes, {hops} hops, microseconds per hop, "
           f"median of {rounds} interleaved rounds")
    per_hop = _medians(interleaved(
        {label: lambda s=s, e=e: in_child("ring.py", "--child", s, str(hops), sizes_arg, env=e)
         for label, (s, e) in runs.items()}, rounds), notes)
    cols = [f"N={n}" for n in sizes]
    print()
    table(["system"] + cols, [[label] + [v[str(n)] for n in sizes] for label, v in per_hop.items()])
    floor = per_hop.get(FLOOR)
    if floor:
        print("\nratio to the bare generator scheduler:")
        rows = []
        for label, v in per_hop.items():
            ratios = [v[str(n)] / floor[str(n)] for n in sizes]
            build = _build_of(label)
            goal = TARGET_RING[build] if build else 0.0
            target = f"<= {goal:.1f}x: {verdict(max(ratios), goal)}" if build else ""
            rows.append([label] + [f"{r:.2f}x" for r in ratios] + [target])
        table(["system"] + cols + ["target (issue 16)"], rows)

    print(f"\nBig ring: {big:,} processes, one token once around, median of {big_rounds} interleaved rounds"
          " (each run in a child process of its own)")
    big_runs = dict(runs)
    first = next(iter(kernels))
    big_runs[f"{first} + relaxed_gc"] = (f"{SYSTEM} bigring relaxed_gc", kernels[first])
    bigring = _medians(interleaved(
        {label: lambda s=s, e=e: in_child("ring.py", "--big-child", s, str(big), env=e)
         for label, (s, e) in big_runs.items()}, big_rounds), notes)
    rows = []
    base = bigring.get(FLOOR)
    for label, r in bigring.items():
        total = r["build"] + r["run"]
        row = [label, r["build"], r["run"], total, r["rss_mib"], f"{r['rss_mib'] * 1024 * 1024 / big:.0f}"]
        if base:
            t_ratio, m_ratio = total / (base["build"] + base["run"]), r["rss_mib"] / base["rss_mib"]
            row += [f"{t_ratio:.2f}x", f"{m_ratio:.2f}x"]
            if label.startswith(SYSTEM):
                row.append(("opt-in, not the default: " if "relaxed_gc" in label else "")
                           + f"time <= {TARGET_BIG_TIME}x: {verdict(t_ratio, TARGET_BIG_TIME)}; "
                           f"RSS <= {TARGET_BIG_RSS}x: {verdict(m_ratio, TARGET_BIG_RSS)}")
            else:
                row.append("")
        rows.append(row)
    headers = ["system", "build s", "run s", "total s", "peak RSS MiB", "bytes/proc"]
    if base:
        headers += ["time vs bare", "RSS vs bare", "target (issue 16: GC untouched)"]
    table(headers, rows)
    for note in notes:
        print(f"note: {note}")
    dump(args.json, {"benchmark": "ring", "hops": hops, "rounds": rounds, "us_per_hop": per_hop, "big": big,
                     "big_rounds": big_rounds, "bigring": bigring, "notes": notes})


if __name__ == "__main__":
    main()
