"""Deadlock: a stuck composition fails with Deadlock naming each blocked process."""

from __future__ import annotations

import pytest
from twisted.internet.defer import Deferred

from csp import Channel, Deadlock, Par, Timer, process, spawn


@process
def reader(cin):
    return (yield cin.read())


@process
def writer(cout, value):
    yield cout.write(value)


def test_two_readers_with_no_writers_deadlock_with_a_useful_message(vrun):
    a, b = Channel(name="a"), Channel(name="b")
    with pytest.raises(Deadlock) as info:
        vrun(Par(reader(a), reader(b)))
    message = str(info.value)
    assert "reader#" in message
    assert "reading from Channel(name='a')" in message
    assert "reading from Channel(name='b')" in message
    assert len(info.value.blocked) == 2


def test_writer_blocked_is_named_with_its_value(vrun):
    c = Channel(name="out")
    with pytest.raises(Deadlock, match=r"writer#\d+ is blocked writing 42 to Channel\(name='out'\)"):
        vrun(writer(c, 42))


def test_classic_crossed_channels_deadlock_runs_finally_blocks(vrun):
    a, b = Channel(name="a"), Channel(name="b")
    cleaned: list = []

    @process
    def left():
        try:
            yield a.write(1)
            yield b.read()
        finally:
            cleaned.append("left")

    @process
    def right():
        try:
            yield b.write(2)
            yield a.read()
        finally:
            cleaned.append("right")

    with pytest.raises(Deadlock) as info:
        vrun(Par(left(), right()))
    assert sorted(cleaned) == ["left", "right"]
    assert {name.split("#")[0] for name, _ in info.value.blocked} == {"left", "right"}


def test_nested_composition_reports_the_leaves(vrun):
    @process
    def boss():
        yield Par(reader(Channel(name="x")), Par(reader(Channel(name="y"))))

    with pytest.raises(Deadlock) as info:
        vrun(boss())
    whats = sorted(what for _, what in info.value.blocked)
    assert whats == ["reading from Channel(name='x')", "reading from Channel(name='y')"]


def test_a_pending_timer_is_not_a_deadlock(vrun):
    c = Channel()

    @process
    def late_writer(cout):
        yield Timer().sleep(50)
        yield cout.write("late")

    assert vrun(Par(reader(c), late_writer(c))) == ["late", None]


def test_a_pending_deferred_is_not_a_deadlock(sched, clock):
    d: Deferred = Deferred()

    @process
    def waits():
        return (yield d)

    h = spawn(waits(), sched)
    clock.advance(10)
    assert not h.done
    d.callback("fine")
    assert h.deferred.result == "fine"


def test_virtual_time_run_says_when_only_the_outside_could_help(vrun):
    @process
    def waits():
        yield Deferred()

    with pytest.raises(RuntimeError, match="only come from outside"):
        vrun(waits())


def test_a_channel_fed_from_outside_is_not_a_deadlock(sched, clock):
    c = Channel(name="fed")
    c.put("first")  # Twisted code feeds this channel

    @process
    def two(cin):
        return [(yield cin.read()), (yield cin.read())]

    h = spawn(two(c), sched)
    sched._check_deadlock()
    assert not h.done
    clock.callLater(5, c.put, "second")
    clock.advance(5)
    assert h.deferred.result == ["first", "second"]


def test_blocked_spawned_process_is_left_alone_like_a_goroutine(sched, clock):
    h = spawn(reader(Channel()), sched)
    clock.advance(100)
    sched._check_deadlock()
    assert not h.done  # someone outside may still write to its channel


def test_start_from_plain_code_raises_deadlock():
    with pytest.raises(Deadlock, match="reading from Channel"):
        Par(reader(Channel()), reader(Channel())).start()


def test_a_channel_declared_external_waits_for_the_outside(clock):
    from csp import run

    lines = Channel(name="lines", external=True)  # a protocol will put() into it later

    @process
    def server(cin):
        return (yield cin.read())

    clock.callLater(30, lines.put, "hello")
    # run() waits for the server in virtual time; without external=True it would be a Deadlock
    assert run(server(lines), reactor=clock) == "hello"
    assert clock.seconds() == 30


def test_deadlock_lists_processes_in_the_order_they_were_started(vrun):
    chans = [Channel(name=str(i)) for i in range(4)]
    with pytest.raises(Deadlock) as info:
        vrun(Par(*[reader(c) for c in chans]))
    assert [what for _, what in info.value.blocked] == [
        f"reading from Channel(name='{i}')" for i in range(4)
    ]


def test_no_deadlock_check_is_scheduled_once_no_caller_waits(clock):
    from csp import run, scheduler_for

    assert run(writer(Channel(buffer=1), 1), reactor=clock) is None  # a caller waited for it
    sched = scheduler_for(clock)
    assert sched._blocking == 0
    spawn(reader(Channel()), sched)  # parks: a detached process, nobody waits for it
    assert clock.getDelayedCalls() == []
