"""csp.guards.Barrier: enrol, retire, synchronise on the cooperative kernel."""

from __future__ import annotations

from typing import Any

import pytest
from twisted.internet.task import Clock

import csp
from csp import Deadlock, Par, Timer, process
from csp.guards import Barrier


@process
def phased(b: Barrier, name: str, delay: float, phases: int, log: list[tuple[float, str, int]]) -> Any:
    timer = Timer()
    for phase in range(phases):
        yield timer.sleep(delay)
        log.append((timer.read(), name, phase))
        yield b.synchronise()


def test_barrier_can_be_constructed_both_ways() -> None:
    assert Barrier().participants == 0
    assert Barrier(3).participants == 3
    with pytest.raises(ValueError, match="whole number"):
        Barrier(-1)


def test_nobody_starts_a_phase_before_everyone_finished_the_last() -> None:
    b = Barrier(3)
    log: list[tuple[float, str, int]] = []
    csp.run(Par(phased(b, "a", 1, 3, log), phased(b, "b", 2, 3, log), phased(b, "c", 5, 3, log)),
            reactor=Clock())
    # Each round waits for the slowest (5 s): phase k of "a" happens 1 s after round k-1 ended.
    assert sorted(log) == [
        (1.0, "a", 0), (2.0, "b", 0), (5.0, "c", 0),
        (6.0, "a", 1), (7.0, "b", 1), (10.0, "c", 1),
        (11.0, "a", 2), (12.0, "b", 2), (15.0, "c", 2),
    ]
    assert b.waiting == 0


def test_enrol_adds_participants() -> None:
    b = Barrier()
    b.enrol()
    b.enrol()
    assert b.participants == 2
    log: list[tuple[float, str, int]] = []
    csp.run(Par(phased(b, "a", 1, 2, log), phased(b, "b", 3, 2, log)), reactor=Clock())
    assert sorted(log) == [(1.0, "a", 0), (3.0, "b", 0), (4.0, "a", 1), (6.0, "b", 1)]


def test_retire_releases_those_waiting_only_for_the_retiree() -> None:
    b = Barrier(2)
    passed: list[float] = []

    @process
    def waiter() -> Any:
        yield b.synchronise()
        passed.append(Timer().read())

    @process
    def quitter() -> Any:
        yield Timer().sleep(4)
        b.retire()

    csp.run(Par(waiter(), quitter()), reactor=Clock())
    assert passed == [4.0]
    assert b.participants == 1


def test_retire_below_zero_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="nobody is enrolled"):
        Barrier().retire()


def test_synchronise_with_nobody_enrolled_says_what_to_do() -> None:
    b = Barrier()

    @process
    def lonely() -> Any:
        yield b.synchronise()

    with pytest.raises(RuntimeError, match=r"Barrier\(n\) or call b.enrol\(\)"):
        csp.run(lonely(), reactor=Clock())


def test_a_single_participant_passes_at_once() -> None:
    b = Barrier(1)

    @process
    def alone() -> Any:
        for _ in range(3):
            yield b.synchronise()
        return "through"

    assert csp.run(alone(), reactor=Clock()) == "through"


def test_waiting_for_a_participant_that_never_comes_is_a_deadlock() -> None:
    b = Barrier(2)

    @process
    def stuck() -> Any:
        yield b.synchronise()

    with pytest.raises(Deadlock, match=r"stuck#\d+ is blocked synchronising on a barrier \(1 of 2 arrived\)"):
        csp.run(stuck(), reactor=Clock())


def test_async_def_processes_await_the_barrier() -> None:
    b = Barrier(2)
    order: list[str] = []

    @process
    async def first() -> None:
        order.append("first waits")
        await b.synchronise()
        order.append("first through")

    @process
    async def second() -> None:
        await Timer().sleep(1)
        order.append("second arrives")
        await b.synchronise()
        order.append("second through")

    csp.run(Par(first(), second()), reactor=Clock())
    assert order[:2] == ["first waits", "second arrives"]
    assert sorted(order[2:]) == ["first through", "second through"]


def test_a_cancelled_waiter_leaves_the_round() -> None:
    clock = Clock()
    sched = csp.scheduler_for(clock)
    b = Barrier(3)

    @process
    def waiter() -> Any:
        yield b.synchronise()

    handle = waiter().spawn(sched)
    assert b.waiting == 1
    handle.cancel()
    assert b.waiting == 0
    handle.deferred.addErrback(lambda f: None)
    assert handle.done


def test_many_rounds_with_many_processes() -> None:
    b = Barrier(10)
    counts = [0] * 10
    seen: list[list[int]] = []

    @process
    def worker(i: int) -> Any:
        for _ in range(20):
            counts[i] += 1
            yield b.synchronise()
            seen.append(list(counts))

    csp.run(Par(*(worker(i) for i in range(10))), reactor=Clock())
    # Whenever anyone is past round r, everyone has done round r.
    assert all(max(s) - min(s) <= 1 for s in seen)
    assert counts == [20] * 10


def test_a_paused_waiter_is_released_only_when_resumed() -> None:
    clock = Clock()
    sched = csp.scheduler_for(clock)
    b = Barrier(2)
    log: list[str] = []

    @process
    def party(name: str) -> Any:
        yield b.synchronise()
        log.append(name)

    first = party("first").spawn(sched)
    first.pause()
    second = party("second").spawn(sched)
    assert log == ["second"]
    first.resume()
    assert log == ["second", "first"]
    assert first.done and second.done
