"""Timer: read the reactor clock and sleep on it; Skip as a process."""

from __future__ import annotations

import pytest
from twisted.internet.task import Clock

from csp import Par, Skip, Timer, process, run


def test_sleep_advances_virtual_time_and_read_reports_it(vrun):
    @process
    def sleeper():
        t = Timer()
        start = t.read()
        yield t.sleep(2.5)
        middle = t.read()
        yield t.sleep(0)
        return start, middle, t.read()

    assert vrun(sleeper()) == (0.0, 2.5, 2.5)


def test_sleeping_processes_interleave_by_time(vrun):
    log: list = []

    @process
    def ticker(name, period, n):
        for _ in range(n):
            yield Timer().sleep(period)
            log.append((Timer().read(), name))

    vrun(Par(ticker("fast", 1, 4), ticker("slow", 2.5, 1)))
    assert log == [(1.0, "fast"), (2.0, "fast"), (2.5, "slow"), (3.0, "fast"), (4.0, "fast")]


def test_timer_with_an_injected_clock():
    clock = Clock()
    clock.advance(100)
    assert Timer(clock=clock).read() == 100.0


def test_async_sleep(vrun):
    @process
    async def sleeper():
        await Timer().sleep(7)
        return Timer().read()

    assert vrun(sleeper()) == 7.0


def test_bad_durations_are_refused():
    with pytest.raises(TypeError, match="number of seconds"):
        Timer().sleep("1")
    with pytest.raises(ValueError, match="negative"):
        Timer().sleep(-1)


def test_skip_is_a_process_that_does_nothing():
    assert run(Skip(), reactor=Clock()) is None
    assert repr(Skip()) == "Skip()"
