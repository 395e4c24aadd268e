"""The Mandelbrot worker farm: one process against worker OS processes (csp.workers), on this machine.

The farm of tutorial part 10 (``tutorial/part10/farm.py``): a feeder hands
out blocks of rows, workers compute them, a gatherer puts the picture
together. It runs with its one worker in this process (``--workers 0``:
everything on one reactor, one core), then with N worker interpreters,
in turns, several rounds; each figure is the median. The times include
starting and stopping the worker interpreters (measured on their own too,
as the farm of an empty picture). Both runs must draw the same picture.

Because a speed-up can only be what the machine gives, the benchmark also
measures that: a CPU-bound loop alone, then two copies side by side in two
interpreters. On two free cores the pair does twice the work of one
(capacity 2.0); a busy machine gives less, and so does the farm.

    python benchmarks/farm.py [--quick] [--rounds N] [--workers N] [--size WxH] [--maxiter N] [--rows N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)  # the tutorial's farm (the workers import it by name, with this sys.path)

from tutorial.part03.mandelbrot import parse_size  # noqa: E402
from tutorial.part10.farm import network  # noqa: E402

SPIN = ("import time\nt = time.perf_counter()\ns = 0\nfor i in range({n}): s += i * i\n"
        "print(time.perf_counter() - t)\n")


def spin_times(copies: int, n: int) -> list[float]:
    """Run ``copies`` CPU-bound loops side by side, one interpreter each; the seconds each loop took."""
    procs = [subprocess.Popen([sys.executable, "-c", SPIN.format(n=n)], stdout=subprocess.PIPE, text=True)
             for _ in range(copies)]
    return [float(p.communicate()[0]) for p in procs]


def capacity(n: int) -> float:
    """The work two interpreters side by side do, in loops of one alone (2.0: two free cores)."""
    alone = min(spin_times(1, n)[0] for _ in range(2))
    pair = spin_times(2, n)
    return sum(alone / t for t in pair)


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its children that have ended."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(width: int, height: int, maxiter: int, workers: int, rows: int) -> tuple[float, float, bytes]:
    """Wall-clock seconds, CPU seconds (parent and workers together), the picture."""
    began, cpu = time.perf_counter(), cpu_seconds()
    picture = network(width, height, maxiter, workers, None, rows).start()[-1]
    return time.perf_counter() - began, cpu_seconds() - cpu, picture


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="a small picture, one round (for CI)")
    p.add_argument("--rounds", type=int, default=5, help="rounds of (one process, workers); medians kept")
    p.add_argument("--workers", type=int, default=2, help="worker OS processes")
    p.add_argument("--size", type=parse_size, default=(1200, 900), help="WIDTHxHEIGHT")
    p.add_argument("--maxiter", type=int, default=200)
    p.add_argument("--rows", type=int, default=4, help="rows of the picture per job (message)")
    p.add_argument("--json", metavar="PATH", help="also write the figures to PATH as JSON")
    args = p.parse_args()
    (width, height), maxiter, rounds = args.size, args.maxiter, args.rounds
    if args.quick:
        (width, height), maxiter, rounds = (160, 120), 50, 1
    jobs = -(-height // args.rows)
    print(f"farm: Mandelbrot {width}x{height}, maxiter {maxiter}, {args.rows} rows per job ({jobs} jobs), "
          f"{rounds} round(s), medians")
    print(f"interpreter: {platform.python_implementation()} {platform.python_version()}; "
          f"{os.cpu_count()} CPUs")
    spin = 300_000 if args.quick else 3_000_000
    before = capacity(spin)
    one, farm, start_up = [], [], []
    cpu: dict[int, list[float]] = {0: [], args.workers: []}
    for r in range(rounds):
        order = (0, args.workers) if r % 2 == 0 else (args.workers, 0)  # neither always goes first
        pictures = {}
        for workers in order:
            seconds, used, pictures[workers] = timed(width, height, maxiter, workers, args.rows)
            (farm if workers else one).append(seconds)
            cpu[workers].append(used)
        if pictures[0] != pictures[args.workers]:
            raise SystemExit("the farm of workers drew a different picture from the one process")
        start_up.append(timed(1, 1, 1, args.workers, 1)[0])
    after = capacity(spin)
    t_one, t_farm, t_start = (statistics.median(x) for x in (one, farm, start_up))
    c_one, c_farm = statistics.median(cpu[0]), statistics.median(cpu[args.workers])
    print(f"machine capacity: two CPU-bound interpreters side by side do {before:.2f}x the work of one "
          f"before, {after:.2f}x after (2.00 = two free cores)")
    print(f"{'one process':<24}{t_one:8.2f} s   (CPU {c_one:.2f} s)")
    print(f"{f'{args.workers} worker processes':<24}{t_farm:8.2f} s   (CPU {c_farm:.2f} s, parent and "
          f"workers; starting and stopping {args.workers} workers alone: {t_start:.2f} s)")
    print(f"{'cores kept busy':<24}{c_farm / t_farm:8.2f}    (CPU seconds per second, with the workers)")
    print(f"{'speed-up':<24}{t_one / t_farm:8.2f}x")
    print(f"{'speed-up, start-up aside':<24}{t_one / max(t_farm - t_start, 1e-9):8.2f}x")
    print(f"{'best rounds':<24}one process {min(one):.2f} s, {args.workers} workers {min(farm):.2f} s: "
          f"{min(one) / min(farm):.2f}x (the least disturbed runs, on a shared machine)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"benchmark": "farm", "size": [width, height], "maxiter": maxiter, "rows": args.rows,
                       "workers": args.workers, "one_process_s": one, "workers_s": farm,
                       "start_up_s": start_up, "cpu_one_s": cpu[0], "cpu_workers_s": cpu[args.workers],
                       "capacity_before": before, "capacity_after": after,
                       "speed_up": t_one / t_farm, "best_speed_up": min(one) / min(farm)}, f, indent=1)


if __name__ == "__main__":
    main()
