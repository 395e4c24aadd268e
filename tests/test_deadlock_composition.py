"""Deadlock per composition: unrelated work elsewhere hides nothing; what the outside can reach is alive.

In virtual time: a composition started with ``csp.run(p, reactor=clock)``
while other processes run on the same clock. The heartbeat and friends keep
timers pending for ever, so a deadlock that they hid would hang the test
(and fail it by its timeout) instead of raising ``Deadlock``.
"""

from __future__ import annotations

import threading

import pytest
from twisted.internet.defer import Deferred
from twisted.internet.task import Clock

import csp
from csp import Channel, Deadlock, Par, Timer, process
from csp.builtins import Blackhole
from csp.builtins import Clock as ClockProcess


@process
def stuck(c):
    yield c.read()


@process
def heartbeat():
    while True:
        yield Timer().sleep(0.5)


@process
def waits_on(d):
    return (yield d)


@process
def server(requests):
    while True:
        yield requests.read()


def with_background(*procs):
    """A clock with ``procs`` spawned on it, running for ever beside the composition under test."""
    clock = Clock()
    for p in procs:
        p.spawn(clock)
    return clock


@pytest.mark.parametrize("elsewhere", [
    lambda: [heartbeat()],
    lambda: [Par(ClockProcess(ticks := Channel(name="ticks"), resolution=1), Blackhole(ticks))],
    lambda: [waits_on(Deferred())],  # a pending Deferred of another composition
    lambda: [server(Channel(name="requests", external=True))],  # a parked server
    lambda: [heartbeat(), waits_on(Deferred()), server(Channel(external=True))],
], ids=["heartbeat", "builtin-Clock", "pending-Deferred", "parked-server", "all-three"])
def test_a_stuck_composition_fails_even_while_unrelated_work_runs(elsewhere):
    clock = with_background(*elsewhere())
    with pytest.raises(Deadlock, match=r"stuck#\d+ is blocked reading from Channel\(name='lonely'\)"):
        csp.run(stuck(Channel(name="lonely")), reactor=clock)


def test_the_message_points_to_external_for_a_channel_fed_from_outside(vrun):
    with pytest.raises(Deadlock) as info:
        vrun(stuck(Channel(name="lonely")))
    assert "Channel(external=True)" in str(info.value)
    assert "Channel(name='lonely')" in info.value.hint


# -- never a false positive: what the outside can still reach keeps a composition alive --


def feeder_after(delay, body):
    """A process of another composition that sleeps, then runs ``body`` (a generator)."""

    @process
    def feeder():
        yield Timer().sleep(delay)
        yield from body()

    return feeder()


def test_a_channel_in_an_outside_process_arguments_keeps_it_alive():
    c = Channel()

    @process
    def late_writer(cout):
        yield Timer().sleep(5)
        yield cout.write("late")

    clock = with_background(heartbeat(), late_writer(c))
    assert csp.run(waits_for(c), reactor=clock) == "late"


@process
def waits_for(c):
    return (yield c.read())


def test_a_channel_in_an_outside_process_locals_keeps_it_alive():
    c = Channel()
    box = {"c": c}

    @process
    def holder(box):
        mine = box.pop("c")  # from its first step on, the channel is in this process's locals only
        yield Timer().sleep(5)
        yield mine.write("from locals")

    clock = Clock()
    holder(box).spawn(clock)
    assert box == {}
    assert csp.run(waits_for(c), reactor=clock) == "from locals"


def test_a_channel_in_a_closure_keeps_it_alive():
    c = Channel()

    def later():
        yield Timer().sleep(5)
        yield c.write("from a closure")

    clock = with_background(feeder_after(0, later))
    assert csp.run(waits_for(c), reactor=clock) == "from a closure"


GLOBAL = Channel(name="global")


def test_a_channel_an_outside_process_names_as_a_global_keeps_it_alive():
    @process
    def global_writer():
        yield Timer().sleep(5)
        yield GLOBAL.write("from a global")

    clock = with_background(heartbeat(), global_writer())
    assert csp.run(waits_for(GLOBAL), reactor=clock) == "from a global"


def test_external_and_put_keep_a_composition_waiting_for_the_outside():
    c, d = Channel(external=True), Channel()
    clock = Clock()
    clock.callLater(3, c.put, "outside")
    assert csp.run(waits_for(c), reactor=clock) == "outside"
    d.put("put marks it")  # a writer from Twisted code waits on d now
    assert csp.run(waits_for(d), reactor=clock) == "put marks it"


def test_an_outside_process_that_is_itself_stuck_does_not_keep_one_alive():
    c, other = Channel(name="shared"), Channel(name="other")

    @process
    def holder_stuck_elsewhere(c, other):
        yield other.read()  # never woken: its hold on c does not count
        yield c.write(1)

    clock = Clock()
    holder_stuck_elsewhere(c, other).spawn(clock)
    with pytest.raises(Deadlock, match="shared"):
        csp.run(waits_for(c), reactor=clock)


def test_a_chain_of_reach_through_a_channel_of_channels():
    reply = Channel(name="reply")
    requests = Channel(1, name="requests")

    @process
    def answerer(requests):
        yield Timer().sleep(2)
        back = yield requests.read()  # the reply channel arrives in a message
        yield back.write("answered")

    @process
    def asker(requests):
        yield requests.write(reply)

    clock = with_background(answerer(requests), asker(requests))
    assert csp.run(waits_for(reply), reactor=clock) == "answered"


def test_a_thread_that_holds_a_channel_keeps_it_alive(background_reactor):
    c = Channel()
    ready, go = threading.Event(), threading.Event()

    def later():
        ready.set()
        go.wait(30)
        c.put("from a thread")  # only this thread's frame holds c besides the reader

    t = threading.Thread(target=later)
    t.start()
    ready.wait(30)

    @process
    def reader():
        background_reactor.callLater(0.2, go.set)  # lets the thread go well after the first checks
        return (yield c.read())

    assert reader().start() == "from a thread"
    t.join(30)


def test_deadlock_reports_stay_short_and_survive_bad_reprs(vrun):
    class BadRepr:
        def __repr__(self):
            raise ValueError("repr broke")

    @process
    def w(c, v):
        yield c.write(v)

    with pytest.raises(Deadlock) as info:
        vrun(w(Channel(name="c"), list(range(1_000_000))))
    assert len(str(info.value)) < 1000
    with pytest.raises(Deadlock, match="whose repr raised ValueError"):
        vrun(w(Channel(name="c"), BadRepr()))
    with pytest.raises(Deadlock) as info:
        vrun(Par(*(stuck(Channel()) for _ in range(500))))
    assert "... and 450 more" in str(info.value) and len(info.value.blocked) == 500


def test_the_deadlock_stays_in_the_chain_when_a_finally_raises(vrun):
    @process
    def stuck_with_bad_cleanup(c):
        try:
            yield c.read()
        finally:
            raise ValueError("cleanup failed")

    with pytest.raises(ValueError) as info:
        vrun(stuck_with_bad_cleanup(Channel(name="lonely")))
    cancelled = info.value.__context__
    assert isinstance(cancelled, csp.Cancelled) and isinstance(cancelled.__cause__, Deadlock)
    assert "lonely" in str(cancelled.__cause__)
