"""Go's timeouts with select: per message, and for the whole conversation.

    python -m tutorial.go.timeout                 # give up when one message takes over 1 s
    python -m tutorial.go.timeout --total 5       # give up on the whole conversation after 5 s

A ``Timer`` with an alarm set is a guard: a choice between a channel and
the timer gives whichever is ready first, like Go's ``time.After`` in a
``select``. ``alt.last_selected`` tells which one it was.
"""

from __future__ import annotations

import argparse
import random
from typing import Any, Generator

from csp import Alt, Timer, process

from ..runner import execute
from .boring import boring


@process
def per_message(limit: float, seed: int, max_pause: float) -> Generator[Any, Any, list[str]]:
    """Listen until one message takes longer than ``limit`` seconds."""
    c = boring("Joe", random.Random(seed), max_pause)
    heard = []
    while True:
        timer = Timer()
        timer.set_alarm(limit)  # a fresh timeout for each message
        alt = Alt(c, timer)
        said = yield alt.select()
        if alt.last_selected is timer:
            print("You're too slow.")
            break
        heard.append(said)
        print(said)
    c.poison()
    return heard


@process
def whole_conversation(total: float, seed: int, max_pause: float) -> Generator[Any, Any, list[str]]:
    """Listen for ``total`` seconds in all, however fast the messages come."""
    c = boring("Joe", random.Random(seed), max_pause)
    timer = Timer()
    timer.set_alarm(total)  # one timeout for the whole loop
    alt = Alt(c, timer)
    heard = []
    while True:
        said = yield alt.select()
        if alt.last_selected is timer:
            print("You talk too much.")
            break
        heard.append(said)
        print(f"[{timer.read():.2f}s] {said}")
    c.poison()
    return heard


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="Go's timeouts using select, in CSP.")
    parser.add_argument("--total", type=float, default=None,
                        help="one timeout for the whole conversation (default: 1 s per message)")
    parser.add_argument("--limit", type=float, default=1.0, help="the per-message timeout")
    parser.add_argument("--max-pause", type=float, default=1.5, help="the talker's longest pause")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.total is None:
        network = per_message(args.limit, args.seed, args.max_pause)
    else:
        network = whole_conversation(args.total, args.seed, args.max_pause)
    execute(network, reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
