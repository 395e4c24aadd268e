"""A real demonstration: the COMMSTIME network, timing one channel communication.

``python -m csp.demo [LOOPS]`` builds the classic occam/JCSP benchmark ring
(PREFIX -> DELTA -> SUCC, with DELTA also feeding a consumer) from the
builtin processes of :mod:`csp.builtins`, runs it on the Twisted reactor
and prints what one communication costs.
"""

from __future__ import annotations

import platform
import sys
import time
from typing import Any, Generator

from . import Channel, Par, process
from .builtins import Delta2, Prefix, Succ


@process
def consumer(cin: Channel, loops: int) -> Generator[Any, Any, dict[str, float]]:
    """Read ``loops`` values, check they count up, time it; then poison the ring."""
    start = time.perf_counter()
    for expected in range(loops):
        value = yield cin.read()
        if value != expected:
            raise AssertionError(f"COMMSTIME counted {value}, expected {expected}")
    elapsed = time.perf_counter() - start
    cin.poison()
    # Four communications per loop: prefix->delta, delta->succ, succ->prefix, delta->consumer.
    return {"loops": loops, "seconds": elapsed, "us_per_comm": elapsed / loops / 4 * 1e6}


def commstime(loops: int) -> Any:
    """The COMMSTIME network as a term, ready to start: the builtins Prefix, Delta2 and Succ."""
    a, b, c, d = Channel(name="a"), Channel(name="b"), Channel(name="c"), Channel(name="d")
    return Par(Prefix(c, a, 0), Delta2(a, b, d), Succ(b, c), consumer(d, loops))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    loops = int(args[0]) if args else 100_000
    print(f"COMMSTIME: prefix -> delta -> succ ring plus a consumer, {loops} loops")
    results = commstime(loops).start()
    report = results[-1]
    print(f"  counted 0 .. {loops - 1} correctly in {report['seconds']:.3f} s")
    from . import __compiled__

    kernel = "compiled kernel" if __compiled__ else "pure-Python kernel"
    print(
        f"  {report['us_per_comm']:.3f} microseconds per channel communication "
        f"({platform.python_implementation()} {platform.python_version()}, {kernel})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
