"""Check the dining philosophers' design, as ``python-csp check philosophers.csp`` does.

    python -m tutorial.part09.check_design [--n N]

The checker finds the deadlock of SYSTEM with a shortest trace (15 events
for five philosophers: each sits and picks up their left fork) and shows
what every component offers at the end; with the butler, BSYSTEM is
deadlock free.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from csp.algebra.cspm import Script, parse
from csp.algebra.cspm.report import format_result

MODEL = Path(__file__).resolve().parent / "philosophers.csp"


def design(n: int = 5) -> Script:
    """The model of ``philosophers.csp`` with ``n`` philosophers."""
    text = re.sub(r"^N = \d+$", f"N = {n}", MODEL.read_text(), count=1, flags=re.M)
    return parse(text, str(MODEL))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5, help="how many philosophers (default 5)")
    args = parser.parse_args(argv)
    results = design(args.n).check_all()
    for r in results:
        print(format_result(r))
    return 0 if all(r.holds for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
