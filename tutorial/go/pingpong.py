"""Go's ping-pong: two players and one ball, passed over a table channel.

    python -m tutorial.go.pingpong          # a one-second game
    python -m tutorial.go.pingpong 0.5

The ball is a mutable object: sending it over a channel passes a
reference, and only the player holding it touches it, so no lock is needed.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any, Generator

from csp import Channel, Timer, forever, process

from ..runner import execute


@dataclass
class Ball:
    hits: int = 0


@forever
def player(name: str, table: Channel) -> Generator[Any, Any, None]:
    while True:
        ball = yield table.read()
        ball.hits += 1
        print(name, ball.hits)
        yield Timer().sleep(0.1)
        yield table.write(ball)


@process
def game(seconds: float) -> Generator[Any, Any, int]:
    table = Channel(name="table")
    player("ping", table).spawn()
    player("pong", table).spawn()
    yield table.write(Ball())  # game on; toss the ball
    yield Timer().sleep(seconds)
    ball = yield table.read()  # game over; grab the ball
    table.poison()  # the players go home
    return ball.hits


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    hits = execute(game(float(args[0]) if args else 1.0), reactor)
    print(f"game over after {hits} hits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
