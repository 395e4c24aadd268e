"""The scheduler: no recursion, fair hand-over to the reactor, misuse errors."""

from __future__ import annotations

import pytest
from twisted.internet.task import Clock

from csp import Channel, Par, Process, Scheduler, process, spawn
from csp._kernel import BUDGET


@pytest.mark.slow
def test_a_million_consecutive_ready_operations_do_not_recurse(vrun):
    c = Channel(1)

    @process
    def loop(n):
        total = 0
        for i in range(n):
            yield c.write(i)  # always room: completes at once
            total += yield c.read()  # always a value: completes at once
        return total

    n = 500_000  # a million operations
    assert vrun(loop(n)) == n * (n - 1) // 2


def test_a_long_chain_of_wakeups_does_not_recurse(vrun):
    chans = [Channel() for _ in range(3001)]

    @process
    def relay(cin, cout):
        yield cout.write((yield cin.read()) + 1)

    @process
    def ends():
        yield chans[0].write(0)
        return (yield chans[-1].read())

    procs = [relay(chans[i], chans[i + 1]) for i in range(3000)]
    assert vrun(Par(ends(), *procs))[0] == 3000


def test_busy_processes_hand_the_reactor_a_turn():
    clock = Clock()
    sched = Scheduler(clock)
    seen = []
    c = Channel(1)

    @process
    def spinner():
        while not seen:
            yield c.write(1)
            yield c.read()
        return "stopped by a timer"

    clock.callLater(0, seen.append, "timer ran")
    h = spawn(spinner(), sched)
    assert not h.done  # spawn returned after its budget of steps, not never
    clock.advance(0)
    clock.advance(0)
    assert seen == ["timer ran"]
    assert h.deferred.result == "stopped by a timer"


def test_yielding_something_that_is_not_an_operation_raises_typeerror_inside(vrun):
    @process
    def confused(c):
        messages = []
        for bad in (42, c, "text"):
            try:
                yield bad
            except TypeError as e:
                messages.append(str(e))
        return messages

    m = vrun(confused(Channel(name="chan")))
    assert "yielded 42 (int)" in m[0] and "yield c.read()" in m[0]
    assert "To read from it write `yield bad.read()`" in m[1]  # quoted from the source line
    assert "'text' (str)" in m[2]


def test_a_bad_yield_not_caught_ends_the_process_with_typeerror(vrun):
    @process
    def confused():
        yield 3.5

    with pytest.raises(TypeError, match="not something a process can wait on"):
        vrun(confused())


def test_budget_is_large_enough_to_be_cheap_and_small_enough_to_be_fair():
    assert 1000 <= BUDGET <= 100_000


def test_processes_of_a_scheduler_are_listed_by_ps(sched):
    c = Channel(name="c")

    @process
    def r(cin):
        yield cin.read()

    spawn(Par(r(c), r(c)), sched)
    rows = sched.ps()
    assert rows[0][0] == 0 and rows[0][1].startswith("Par#")
    assert [(d, w) for d, _, w in rows[1:]] == [(1, "reading from Channel(name='c')")] * 2


def test_process_objects_are_not_functions():
    @process
    def p():
        yield

    with pytest.raises(TypeError, match=r"needs a function to run, not p\(\)"):
        Process(p())
