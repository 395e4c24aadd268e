"""A reactive pipeline: sensor readings flow through stages that react to each one.

    python -m tutorial.part08.pipeline --seconds 20 --limit 0.7

    sensor --> smooth --> sample --> alarm --> log

Each stage is a small server that reacts to every value it reads and
passes a result on; rendezvous channels give back-pressure for free (a slow
stage holds up the ones before it, nothing piles up). ``sample`` uses a
choice between its input and a timer to pass on only the latest value once
per period, the way reactive libraries *sample* or *throttle* a stream.
Poisoning the log's channel when the time is up shuts every stage down.
"""

from __future__ import annotations

import argparse
import math
import random
from collections import deque
from typing import Any, Generator

from csp import Alt, Channel, Par, Timer, forever, process

from ..runner import execute


@forever
def sensor(cout: Channel, period: float, seed: int) -> Generator[Any, Any, None]:
    """A noisy slow wave, one reading every ``period`` seconds."""
    rng = random.Random(seed)
    timer = Timer()
    while True:
        yield timer.sleep(period)
        t = timer.read()
        yield cout.write(0.5 + 0.4 * math.sin(t / 3) + rng.uniform(-0.15, 0.15))


@forever
def smooth(cin: Channel, cout: Channel, window: int) -> Generator[Any, Any, None]:
    """The moving average of the last ``window`` readings."""
    recent: deque[float] = deque(maxlen=window)
    while True:
        recent.append((yield cin.read()))
        yield cout.write(sum(recent) / len(recent))


@forever
def sample(cin: Channel, cout: Channel, period: float) -> Generator[Any, Any, None]:
    """Every ``period`` seconds, pass on the latest value read (if any came)."""
    timer = Timer()
    latest = None
    while True:
        timer.set_alarm(period)
        alt = Alt(cin, timer)
        while True:
            value = yield alt.select()
            if alt.last_selected is timer:
                break
            latest = value  # keep only the newest
        if latest is not None:
            yield cout.write(latest)
            latest = None


@forever
def alarm(cin: Channel, cout: Channel, limit: float) -> Generator[Any, Any, None]:
    """Pass on each level, marking when it crosses ``limit`` (up: ALARM, down: ok)."""
    high = False
    while True:
        level = yield cin.read()
        event = ""
        if level > limit and not high:
            high, event = True, "ALARM"
        elif level <= limit and high:
            high, event = False, "ok"
        yield cout.write((level, event))


@process
def log(cin: Channel, seconds: float) -> Generator[Any, Any, list[str]]:
    """Print what arrives for ``seconds``; then poison ``cin``: the whole pipeline stops."""
    timer = Timer()
    timer.set_alarm(seconds)
    alt = Alt(cin, timer)
    events = []
    while True:
        item = yield alt.select()
        if alt.last_selected is timer:
            break
        level, event = item
        bar = "#" * round(level * 40)
        print(f"{timer.read():5.1f}s {level:5.2f} {bar} {event}".rstrip())
        if event:
            events.append(event)
    cin.poison()
    return events


def pipeline(seconds: float, limit: float, seed: int = 1) -> Par:
    readings, smoothed, sampled, levels = Channel(), Channel(), Channel(), Channel()
    return Par(
        sensor(readings, 0.1, seed),
        smooth(readings, smoothed, 10),
        sample(smoothed, sampled, 1.0),
        alarm(sampled, levels, limit),
        log(levels, seconds),
    )


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="A reactive pipeline of CSP processes.")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--limit", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    execute(pipeline(args.seconds, args.limit, args.seed), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
