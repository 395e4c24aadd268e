"""COMMSTIME, txcsp against its peers: microseconds per channel communication.

The classic occam/JCSP/PyCSP ring: PREFIX -> DELTA -> SUCC -> PREFIX, with
DELTA also feeding a consumer that times ``loops`` reads; four channel
communications per loop. Every system runs the same network in the same
process, in turns (one run of each, then the next round); each figure is the
best of ``--repeat`` runs.

    python benchmarks/commstime.py [--quick] [--loops N] [--json PATH]
"""

from __future__ import annotations

from _peers import available
from _systems import CSP, SYSTEM, banner, best, dump, parser, table


def main() -> None:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--loops", type=int, default=100_000)
    args = p.parse_args()
    loops = 2_000 if args.quick else args.loops
    repeat = 1 if args.quick else args.repeat
    banner(f"COMMSTIME: {loops} loops, 4 communications per loop, best of {repeat}")
    peers, notes = available()
    systems = {SYSTEM: CSP["commstime"], **{name: f["commstime"] for name, f in peers.items()}}
    seconds = best({name: lambda fn=fn: fn(loops) for name, fn in systems.items()}, repeat)
    us = {name: s / loops / 4 * 1e6 for name, s in seconds.items()}
    floor = us.get("bare generators")
    rows = []
    for name, value in us.items():
        ratio = f"{value / floor:.2f}x" if floor else "-"
        versus = f"{us[name] / us[SYSTEM]:.2f}x" if name != SYSTEM else "1.00x"
        rows.append([name, value, ratio, versus])
    print()
    table(["system", "us/comm", "vs bare", "vs txcsp"], rows)
    for note in notes:
        print(f"note: {note}")
    dump(args.json, {"benchmark": "commstime", "loops": loops, "us_per_comm": us, "notes": notes})


if __name__ == "__main__":
    main()
