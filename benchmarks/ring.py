"""Token rings, txcsp against its peers: microseconds per hop, and a ring of a million processes.

Part one: N processes (N = 2 ... 1024) pass one token round a ring of
rendezvous channels for ``--hops`` hops; microseconds per hop.

Part two: a big ring of ``--big`` processes (1,000,000 by default) passes a
token once around. Each system runs in a child process of its own, so the
peak RSS (``resource.getrusage``, everything included: interpreter, imports,
processes, channels) is its own. Build time runs until every relay is blocked
on its read; run time is the token's one trip round.

    python benchmarks/ring.py [--quick] [--hops H] [--big N] [--json PATH]
"""

from __future__ import annotations

import json
import resource
import sys

from _peers import PEERS, available
from _systems import CSP, SYSTEM, banner, best, dump, in_child, parser, table

SIZES = [2, 8, 32, 128, 512, 1024]


def child(system: str, n: int) -> None:
    """Run one big ring here and print its figures as one JSON line."""
    resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))  # a runaway peer fails, not the box
    fn = CSP["bigring"] if system == SYSTEM else PEERS[system]["bigring"]
    build, run = fn(n)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"build": build, "run": run, "rss_mib": peak_kib / 1024}))
    sys.stdout.flush()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--hops", type=int, default=50_000)
    p.add_argument("--big", type=int, default=1_000_000)
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=SIZES)
    args = p.parse_args()
    hops, big, sizes = (500, 10_000, [2, 8]) if args.quick else (args.hops, args.big, args.sizes)
    repeat = 1 if args.quick else args.repeat
    peers, notes = available()
    systems = {SYSTEM: CSP, **peers}

    banner(f"Token ring: N processes, {hops} hops, microseconds per hop, best of {repeat}")
    per_hop: dict[str, dict[int, float]] = {name: {} for name in systems}
    for n in sizes:
        runs = {name: lambda f=funcs["ring"], n=n: f(n, hops) for name, funcs in systems.items()}
        for name, seconds in best(runs, repeat).items():
            per_hop[name][n] = seconds / hops * 1e6
    print()
    table(["system"] + [f"N={n}" for n in sizes], [[name] + list(v.values()) for name, v in per_hop.items()])
    floor = per_hop.get("bare generators")
    if floor:
        print("\nratio to the bare generator scheduler:")
        rows = [[name] + [f"{v[n] / floor[n]:.2f}x" for n in sizes] for name, v in per_hop.items()]
        table(["system"] + [f"N={n}" for n in sizes], rows)

    print(f"\nBig ring: {big:,} processes, one token once around (each system in its own child process)")
    bigring = {}
    for name in systems:
        bigring[name] = in_child("ring.py", "--child", name, str(big))
    rows = []
    for name, r in bigring.items():
        if "error" in r:
            rows.append([name, "-", "-", "-", "-", "-", r["error"]])
            continue
        total = r["build"] + r["run"]
        per_proc = r["rss_mib"] * 1024 * 1024 / big
        rows.append([name, r["build"], r["run"], total, r["rss_mib"], f"{per_proc:.0f}", ""])
    table(["system", "build s", "run s", "total s", "peak RSS MiB", "bytes/proc", "note"], rows)
    for note in notes:
        print(f"note: {note}")
    dump(args.json, {"benchmark": "ring", "hops": hops, "us_per_hop": per_hop, "big": big,
                     "bigring": bigring, "notes": notes})


if __name__ == "__main__":
    main()
