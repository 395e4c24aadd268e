"""Go's Google Search 1.0 to 3.0, with fake search back ends.

    python -m tutorial.go.google --version 1.0     # one search after another
    python -m tutorial.go.google --version 2.0     # all three at once: fan-in
    python -m tutorial.go.google --version 2.1     # ... and don't wait for slow servers
    python -m tutorial.go.google --version 3.0     # ... and ask replicas, taking the first answer

Each fake back end (web, image, video) answers after a random delay of up
to 100 ms of reactor time. Version 1.0 takes the sum of the three delays,
2.0 the longest, 2.1 at most 80 ms (leaving out late answers), and 3.0
asks two replicas of each back end and keeps the first answer, so it is
both fast and usually complete.
"""

from __future__ import annotations

import argparse
import random
from typing import Any, Callable, Generator

from csp import Alt, Channel, Process, Timer, process

from ..runner import execute

Search = Callable[[str], Process]

TIMEOUT = 0.080
"""Versions 2.1 and 3.0 give up on the answers not in after this many seconds."""


def fake_search(kind: str, rng: random.Random, slowest: float = 0.100) -> Search:
    """A back end: a process that answers ``kind`` result for ``query`` after a random delay."""

    @process
    def search(query: str) -> Generator[Any, Any, str]:
        yield Timer().sleep(rng.random() * slowest)
        return f"{kind} result for {query!r}"

    search.__name__ = f"{kind}_search"
    return search


def back_ends(rng: random.Random) -> dict[str, list[Search]]:
    """Two replicas of each kind of back end (versions before 3.0 use the first)."""
    return {kind: [fake_search(f"{kind}{i}", rng) for i in (1, 2)] for kind in ("web", "image", "video")}


@process
def send_result(search: Search, query: str, out: Channel) -> Generator[Any, Any, None]:
    """Go's ``go func() { c <- Web(query) }()``: search, then send the result."""
    yield out.write((yield search(query)))


@process
def google_1_0(query: str, ends: dict[str, list[Search]]) -> Generator[Any, Any, list[str]]:
    """One back end after another."""
    results = []
    for replicas in ends.values():
        results.append((yield replicas[0](query)))
    return results


@process
def google_2_0(query: str, ends: dict[str, list[Search]]) -> Generator[Any, Any, list[str]]:
    """All back ends at once, their results fanned in on one channel."""
    c = Channel()
    for replicas in ends.values():
        send_result(replicas[0], query, c).spawn()
    results = []
    for _ in ends:
        results.append((yield c.read()))
    return results


@process
def collect(c: Channel, n: int, timeout: float) -> Generator[Any, Any, list[str]]:
    """Read up to ``n`` results from ``c`` until ``timeout`` seconds have passed."""
    timer = Timer()
    timer.set_alarm(timeout)  # one deadline for them all
    alt = Alt(c, timer)
    results = []
    while len(results) < n:
        result = yield alt.select()
        if alt.last_selected is timer:
            print("timed out")
            break
        results.append(result)
    c.poison()  # searches still running find nobody waiting: they end
    return results


@process
def google_2_1(query: str, ends: dict[str, list[Search]]) -> Generator[Any, Any, list[str]]:
    """As 2.0, but give up on the back ends that are slower than ``TIMEOUT``."""
    c = Channel()
    for replicas in ends.values():
        send_result(replicas[0], query, c).spawn()
    return (yield collect(c, len(ends), TIMEOUT))


@process
def first(query: str, replicas: list[Search]) -> Generator[Any, Any, str]:
    """Ask every replica; return the first answer (the others find the channel poisoned)."""
    c = Channel()
    for search in replicas:
        send_result(search, query, c).spawn()
    answer = yield c.read()
    c.poison()
    return answer


@process
def send_first(query: str, replicas: list[Search], out: Channel) -> Generator[Any, Any, None]:
    yield out.write((yield first(query, replicas)))


@process
def google_3_0(query: str, ends: dict[str, list[Search]]) -> Generator[Any, Any, list[str]]:
    """Replicated back ends, the first answer of each, and a timeout over all."""
    c = Channel()
    for replicas in ends.values():
        send_first(query, replicas, c).spawn()
    return (yield collect(c, len(ends), TIMEOUT))


VERSIONS = {"1.0": google_1_0, "2.0": google_2_0, "2.1": google_2_1, "3.0": google_3_0}


@process
def search_and_time(version: str, query: str, seed: int) -> Generator[Any, Any, tuple[list[str], float]]:
    """Run one version of Google; print its results and how long it took."""
    ends = back_ends(random.Random(seed))
    started = Timer().read()
    results = yield VERSIONS[version](query, ends)
    elapsed = Timer().read() - started
    for result in results:
        print(result)
    print(f"Google {version}: {len(results)} results in {elapsed * 1000:.1f} ms")
    return results, elapsed


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="Go's Google Search 1.0 to 3.0, in CSP.")
    parser.add_argument("--version", choices=sorted(VERSIONS), default="3.0")
    parser.add_argument("--query", default="golang")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    execute(search_and_time(args.version, args.query, args.seed), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
