"""The dining philosophers as a running txcsp network, checked against the CSPm design.

    python -m tutorial.part09.dining [--meals M]

Each philosopher sits (``sits.i``, a request the butler accepts), picks up
the left fork and then the right one, eats, puts them down and gets up
(``getsup.i``). The butler lets at most N-1 sit. The channels ``sits`` and
``getsup`` carry the CSPm events of philosophers.csp, so the running
network's trace can be checked against the design: recorded and checked
afterwards (``check_trace``), and online (``Monitor``), where a forbidden
event would stop the network with ``TraceViolation``.
"""

from __future__ import annotations

import argparse
from typing import Any, Generator

import csp.trace
from csp import Alt, Channel, Par, forever, process
from csp.algebra.cspm import Monitor, check_trace
from csp.guards import Guard

from ..runner import execute
from .check_design import design


@process
def philosopher(
    i: int, n: int, meals: int, sits: Channel, getsup: Channel, pick: list[Channel], put: list[Channel]
) -> Generator[Any, Any, None]:
    left, right = i, (i + 1) % n
    for _ in range(meals):
        yield sits.write(i)  # sits.i: the butler must let us
        yield pick[left].write(i)  # picks.i.i
        yield pick[right].write(i)  # picks.i.(i+1)%N
        yield put[right].write(i)  # (eats.i, then) putsdown.i.(i+1)%N
        yield put[left].write(i)  # putsdown.i.i
        yield getsup.write(i)  # getsup.i


@forever
def fork(pick: Channel, put: Channel) -> Generator[Any, Any, None]:
    while True:
        who = yield pick.read()
        assert (yield put.read()) == who  # the one who picked it puts it down


@forever
def butler(seats: int, sits: Channel, getsup: Channel) -> Generator[Any, Any, None]:
    """Lets at most ``seats`` philosophers sit at once (the design's butler: N-1)."""
    seated = 0
    while True:
        choice = Alt(Guard(sits, when=seated < seats), Guard(getsup, when=seated > 0))
        yield choice.select()
        seated += 1 if choice.last_selected is sits else -1


def dinner(n: int, meals: int, sits: Channel, getsup: Channel, seats: int | None = None) -> Any:
    """The whole network: the philosophers eat ``meals`` times, then the table is cleared (poison).

    ``seats`` is how many the butler lets sit at once: N-1 as designed, unless told otherwise.
    """
    pick = [Channel(name=f"pick{f}") for f in range(n)]
    put = [Channel(name=f"put{f}") for f in range(n)]

    @process
    def philosophers() -> Generator[Any, Any, None]:
        yield Par(*[philosopher(i, n, meals, sits, getsup, pick, put) for i in range(n)])
        for c in [sits, getsup, *pick, *put]:
            c.poison()

    chairs = n - 1 if seats is None else seats
    return Par(philosophers(), butler(chairs, sits, getsup), *[fork(pick[f], put[f]) for f in range(n)])


def seating_spec(n: int = 5) -> Any:
    """The design seen through sits and getsup only: BSYSTEM with every other event hidden."""
    return design(n).process("BSYSTEM \\ {| thinks, picks, eats, putsdown |}")


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meals", type=int, default=3)
    args = parser.parse_args(argv)
    n, spec = 5, seating_spec(5)
    sits, getsup = Channel(name="sits"), Channel(name="getsup")
    with csp.trace.record(sits, getsup) as events:
        execute(dinner(n, args.meals, sits, getsup), reactor)
    print(f"recorded {len(events)} events: {' '.join(events[:6])} ...")
    print("afterwards:", check_trace(spec, events))
    sits, getsup = Channel(name="sits"), Channel(name="getsup")
    with csp.trace.monitor(Monitor(spec), sits, getsup) as monitor:
        execute(dinner(n, args.meals, sits, getsup), reactor)
    print(f"online: {len(monitor.trace)} events, every one allowed by the design")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
