"""Go's "boring" examples: a generator returning a channel, and a service per channel.

    python -m tutorial.go.boring              # the generator: listen to "boring!" five times
    python -m tutorial.go.boring --service    # Joe and Ann, each on their own channel

In Go, ``boring(msg)`` starts a goroutine and returns the channel it talks
on. Here it spawns a process (``spawn()`` inside a process starts one
beside it, like ``go``) and returns the channel. Go ends stray goroutines
when ``main`` returns; in CSP we poison the channel instead, which ends the
talker cleanly.
"""

from __future__ import annotations

import argparse
import random
from typing import Any, Generator

from csp import Channel, Timer, forever, process

from ..runner import execute


@forever
def talker(msg: str, out: Channel, rng: random.Random, max_pause: float) -> Generator[Any, Any, None]:
    """Say ``msg 0``, ``msg 1``, ... down ``out``, pausing a random while in between."""
    i = 0
    while True:
        yield out.write(f"{msg} {i}")
        i += 1
        yield Timer().sleep(rng.random() * max_pause)


def boring(msg: str, rng: random.Random, max_pause: float = 1.0) -> Channel:
    """Start a talker beside the calling process; return its channel (call inside a process)."""
    c = Channel(name=msg)
    talker(msg, c, rng, max_pause).spawn()
    return c


@process
def generator(n: int, seed: int) -> Generator[Any, Any, list[str]]:
    """Listen to one boring talker ``n`` times, then leave."""
    c = boring("boring!", random.Random(seed))
    heard = []
    for _ in range(n):
        said = yield c.read()
        heard.append(said)
        print(f"You say: {said!r}")
    print("You're boring; I'm leaving.")
    c.poison()  # the talker's next write fails: it ends
    return heard


@process
def service(n: int, seed: int) -> Generator[Any, Any, list[str]]:
    """Two talkers, each with its own channel, heard in lockstep: Joe, Ann, Joe, Ann, ..."""
    rng = random.Random(seed)
    joe, ann = boring("Joe", rng), boring("Ann", rng)
    heard = []
    for _ in range(n):
        for c in (joe, ann):
            said = yield c.read()
            heard.append(said)
            print(said)
    print("You're both boring; I'm leaving.")
    joe.poison()
    ann.poison()
    return heard


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="Go's boring generator and service, in CSP.")
    parser.add_argument("--service", action="store_true", help="Joe and Ann, in lockstep")
    parser.add_argument("-n", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    execute((service if args.service else generator)(args.n, args.seed), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
