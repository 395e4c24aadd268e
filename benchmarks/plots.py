"""Run every benchmark once and draw the plots in docs/performance.md (needs matplotlib).

    python benchmarks/plots.py [--quick] [--out DIR]

Writes ``perf_per_comm.png`` (time per communication by system: COMMSTIME
and the token rings), ``perf_ring_sizes.png`` (time per hop against ring
size) and ``perf_big_ring.png`` (build + run time and peak RSS against the
number of processes), plus ``perf_figures.json`` with every figure, into
``DIR`` (``docs/`` by default). Every benchmark's table is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from _peers import available
from _systems import SYSTEM, in_child, interpreter

HERE = os.path.dirname(os.path.abspath(__file__))


def run_script(script: str, args: list[str], tmp: str) -> dict:
    path = os.path.join(tmp, script + ".json")
    subprocess.run([sys.executable, os.path.join(HERE, script), *args, "--json", path], check=True)
    with open(path) as f:
        return json.load(f)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small sizes (for CI)")
    p.add_argument("--out", default=os.path.join(os.path.dirname(HERE), "docs"))
    args = p.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    quick = ["--quick"] if args.quick else []
    with tempfile.TemporaryDirectory() as tmp:
        commstime = run_script("commstime.py", quick, tmp)
        ring = run_script("ring.py", quick, tmp)
        select = run_script("stressed_select.py", quick, tmp)
    peers, _notes = available()
    systems = [SYSTEM, *peers]  # the installed build only: the tables above show both
    sizes = [1_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000]
    big: dict[str, dict[int, dict]] = {name: {} for name in systems}
    for name in systems:
        for n in sizes:
            big[name][n] = in_child("ring.py", "--big-child", name, str(n))
    os.makedirs(args.out, exist_ok=True)
    title = f"({interpreter().split(' (')[0]})"

    # 1. time per communication by system
    fig, ax = plt.subplots(figsize=(8, 4.5))
    names = list(commstime["us_per_comm"])
    hop_n = max(int(n) for n in next(iter(ring["us_per_hop"].values())))
    width = 0.4
    xs = range(len(names))
    ax.bar([x - width / 2 for x in xs], [commstime["us_per_comm"][n] for n in names], width,
           label="COMMSTIME (us per communication)")
    ax.bar([x + width / 2 for x in xs], [ring["us_per_hop"][n][str(hop_n)] for n in names], width,
           label=f"token ring, N={hop_n} (us per hop)")
    ax.set_xticks(list(xs), [n.replace(" ", "\n", 1) for n in names])
    ax.set_ylabel("microseconds (lower is better)")
    ax.set_title(f"Time per channel communication {title}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "perf_per_comm.png"), dpi=110)

    # 2. token ring: time per hop against ring size
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, per in ring["us_per_hop"].items():
        ns = sorted(int(n) for n in per)
        ax.plot(ns, [per[str(n)] for n in ns], marker="o", label=name)
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("processes in the ring")
    ax.set_ylabel("microseconds per hop")
    ax.set_title(f"Token ring {title}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "perf_ring_sizes.png"), dpi=110)

    # 3. big ring: size against time and memory
    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(11, 4.5))
    for name, runs in big.items():
        ok = [n for n in sizes if "error" not in runs[n]]
        ax_t.plot(ok, [runs[n]["build"] + runs[n]["run"] for n in ok], marker="o", label=name)
        ax_m.plot(ok, [runs[n]["rss_mib"] for n in ok], marker="o", label=name)
    for ax, label in ((ax_t, "seconds (build + one trip round)"), (ax_m, "peak RSS, MiB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("processes in the ring")
        ax.set_ylabel(label)
        ax.grid(True, which="major", alpha=0.3)
    ax_t.set_title(f"Big ring: time {title}")
    ax_m.set_title("Big ring: memory (each system in its own process)")
    ax_m.axhline(1024, color="grey", linestyle="--", linewidth=1)
    ax_t.legend()
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "perf_big_ring.png"), dpi=110)

    figures = {"interpreter": interpreter(), "commstime": commstime, "ring": ring,
               "select": select, "big_ring_sizes": big}
    with open(os.path.join(args.out, "perf_figures.json"), "w") as f:
        json.dump(figures, f, indent=1)
    print("\nbig ring by size (build + run seconds, peak RSS MiB):")
    for name, runs in big.items():
        cells = [f"{n:,}: " + (f"{r['build'] + r['run']:.2f} s, {r['rss_mib']:.0f} MiB" if "error" not in r
                               else r["error"]) for n, r in runs.items()]
        print(f"  {name}: " + "; ".join(cells))
    print(f"wrote perf_per_comm.png, perf_ring_sizes.png, perf_big_ring.png, perf_figures.json in {args.out}")


if __name__ == "__main__":
    main()
