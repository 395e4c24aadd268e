"""COMMSTIME, txcsp against its peers: microseconds per channel communication.

The classic occam/JCSP/PyCSP ring: PREFIX -> DELTA -> SUCC -> PREFIX, with
DELTA also feeding a consumer that times ``loops`` reads; four channel
communications per loop. Every system runs in a fresh child interpreter of
its own, in turns (one run of each, then the next round); each figure is the
median of ``--rounds`` rounds. A compiled install is measured twice, compiled
and with ``TXCSP_PURE=1`` (its pure kernel), side by side.

    python benchmarks/commstime.py [--quick] [--loops N] [--rounds R] [--json PATH]
"""

from __future__ import annotations

import json
import statistics
import sys

from _peers import PEERS, available
from _systems import CSP, SYSTEM, banner, builds, dump, in_child, interleaved, parser, table, verdict

FLOOR, ASYNCIO = "bare generators", "asyncio futures"
TARGET_VS_FLOOR = {"compiled": 1.0, "pure": 1.3}  # issue 16
TARGET_VS_ASYNCIO = 8.0


def child(system: str, loops: int) -> None:
    fn = CSP["commstime"] if system == SYSTEM else PEERS[system]["commstime"]
    print(json.dumps({"seconds": fn(loops)}))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
        return
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--loops", type=int, default=100_000)
    args = p.parse_args()
    loops, rounds = (2_000, 1) if args.quick else (args.loops, args.rounds)
    banner(f"COMMSTIME: {loops} loops, 4 communications per loop, median of {rounds} interleaved rounds")
    peers, notes = available()
    runs = {label: (SYSTEM, env) for label, env in builds().items()}
    runs.update({name: (name, {}) for name in peers})
    results = interleaved(
        {label: lambda s=s, e=e: in_child("commstime.py", "--child", s, str(loops), env=e)
         for label, (s, e) in runs.items()}, rounds)
    us: dict[str, float] = {}
    spread: dict[str, str] = {}
    for label, got in results.items():
        errors = [r["error"] for r in got if "error" in r]
        if errors:
            notes.append(f"{label}: {errors[0]}")
            continue
        values = [r["seconds"] / loops / 4 * 1e6 for r in got]
        us[label] = statistics.median(values)
        spread[label] = f"{min(values):.3f}-{max(values):.3f}"
    rows = []
    for label, value in us.items():
        vs_floor = value / us[FLOOR] if FLOOR in us else None
        faster = us[ASYNCIO] / value if ASYNCIO in us else None
        row = [label, value, spread[label], f"{vs_floor:.2f}x" if vs_floor else "-",
               f"{faster:.1f}x" if faster else "-"]
        build = next((b for b in TARGET_VS_FLOOR if label == f"{SYSTEM} ({b})"), None)
        if build and vs_floor and faster:
            goal = TARGET_VS_FLOOR[build]
            row.append(f"<= {goal:.1f}x floor: {verdict(vs_floor, goal)}; "
                       f">= {TARGET_VS_ASYNCIO:.0f}x asyncio: "
                       f"{verdict(faster, TARGET_VS_ASYNCIO, at_most=False)}")
        else:
            row.append("")
        rows.append(row)
    print()
    table(["system", "us/comm", "range", "vs bare", "asyncio/x", "target (issue 16)"], rows)
    for note in notes:
        print(f"note: {note}")
    dump(args.json, {"benchmark": "commstime", "loops": loops, "rounds": rounds, "us_per_comm": us,
                     "notes": notes})


if __name__ == "__main__":
    main()
