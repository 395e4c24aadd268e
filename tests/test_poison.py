"""Poison: sticky, wakes everyone blocked, spreads through process arguments."""

from __future__ import annotations

import threading

import pytest

from csp import Channel, ChannelPoison, Par, Seq, process, spawn


@process
def reader(cin, log):
    try:
        while True:
            log.append((yield cin.read()))
    except ChannelPoison:
        log.append("poisoned")
        raise


@process
def writer(cout, log):
    try:
        yield cout.write("x")
    except ChannelPoison:
        log.append("writer poisoned")
        raise


def test_poison_is_sticky_every_later_operation_raises(vrun):
    c = Channel()
    c.poison()
    assert c.poisoned

    @process
    def try_both(ch):
        outcomes = []
        for op in (ch.read, lambda: ch.write(1)):
            try:
                yield op()
            except ChannelPoison as e:
                outcomes.append(e.channel is ch)
        return outcomes

    assert vrun(try_both(c)) == [True, True]


def test_blocked_readers_and_writers_wake_with_poison(sched):
    c = Channel()
    log: list = []
    hs = [spawn(reader(c, log), sched), spawn(reader(c, log), sched)]
    d = Channel()
    hw = spawn(writer(d, log), sched)
    c.poison()
    d.poison()
    assert log.count("poisoned") == 2 and "writer poisoned" in log
    # a process ended by poison has ended normally
    assert all(h.deferred.called and h.deferred.result is None for h in hs + [hw])


def test_poison_spreads_through_arguments_in_containers(vrun):
    a, b, c, d, e = (Channel(name=n) for n in "abcde")

    @process
    def hub(ins, outs):
        yield ins[0].read()  # raises: a is poisoned

    @process
    def poisoner(ch):
        ch.poison()
        yield

    vrun(Seq(poisoner(a), hub([a, (b,)], {"k": c, d: 1, "s": {e}})))
    assert all(ch.poisoned for ch in (a, b, c, d, e))


def test_a_network_shuts_down_when_one_channel_is_poisoned(vrun):
    chans = [Channel() for _ in range(5)]

    @process
    def relay(cin, cout):
        while True:
            yield cout.write((yield cin.read()))

    @process
    def source(cout):
        for i in range(3):
            yield cout.write(i)
        cout.poison()

    @process
    def sink(cin):
        got = []
        while True:
            try:
                got.append((yield cin.read()))
            except ChannelPoison:
                return got

    procs = [source(chans[0])] + [relay(chans[i], chans[i + 1]) for i in range(4)] + [sink(chans[4])]
    results = vrun(Par(*procs))
    assert results[-1] == [0, 1, 2]
    assert all(ch.poisoned for ch in chans)


def test_poison_returns_buffered_values_it_discards(vrun):
    c = Channel(3)

    @process
    def fill(cout):
        yield cout.write(1)
        yield cout.write(2)
        return cout.poison()

    assert vrun(fill(c)) == [1, 2]
    assert c.poison() == []  # already poisoned: nothing more


def test_poison_from_a_timer_callback_outside_processes(sched, clock):
    c = Channel()
    log: list = []
    h = spawn(reader(c, log), sched)
    clock.callLater(3, c.poison)
    clock.advance(3)
    assert log == ["poisoned"] and h.deferred.called


def test_poison_from_another_thread_reaches_the_reactor():
    from twisted.internet import reactor

    c = Channel()
    log: list = []
    parked = threading.Event()
    ended = threading.Event()

    @process
    def waiter(cin):
        reactor.callLater(0, parked.set)  # once this step has parked on the read
        try:
            yield cin.read()
        except ChannelPoison:
            log.append(threading.current_thread().name)
            raise

    h = spawn(waiter(c))  # runs on the background reactor thread
    assert parked.wait(10)
    c.poison()  # from this (non-reactor) thread
    reactor.callFromThread(lambda: h.deferred.addBoth(lambda _r: ended.set()))
    assert ended.wait(10)
    assert log == ["csp-reactor"]  # woken on the reactor's thread, not this one


def test_poison_escaping_makes_the_process_end_normally(vrun):
    c = Channel()
    c.poison()

    @process
    def p(ch):
        yield ch.read()
        return "unreachable"

    assert vrun(p(c)) is None


def test_poison_wakes_put_and_get_deferreds():
    c = Channel()
    d = c.get()
    c.poison()
    with pytest.raises(ChannelPoison):
        d.result.raiseException()
    d.addErrback(lambda f: None)
    d2 = c.put(1)
    assert d2.called
    d2.addErrback(lambda f: f.trap(ChannelPoison))
