"""Any thread: every entry point is safe from any thread, and process bodies run on the reactor's only.

These tests use the real reactor, in the background thread that ``start()``
runs it in (the ``background_reactor`` fixture). Nothing sleeps to wait:
each wait is on an event or a Deferred, bounded by a timeout.
"""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from twisted.internet.threads import blockingCallFromThread

from csp import Channel as Chan
from csp import ChannelPoison, Deadlock, Par, Timer, process

WAIT = 20.0


def wait_for(reactor, handle):
    """Block this (non-reactor) thread until ``handle`` fires; its result."""
    return blockingCallFromThread(reactor, lambda: handle)


def test_put_from_a_thread_runs_the_woken_process_on_the_reactor_thread(background_reactor):
    b, x, out, where = Chan(external=True), Chan(), [], set()

    @process
    def relay(cin, cout):
        while True:
            yield cout.write((yield cin.read()))

    @process
    def ticker(cout, n):
        for i in range(n):
            yield Timer().sleep(0.0001)
            yield cout.write(("tick", i))

    @process
    def sink(cin, n):
        for _ in range(n):
            out.append((yield cin.read()))
            where.add(threading.current_thread().name)

    relay(b, x).spawn()
    ticker(x, 200).spawn()
    h = sink(x, 1200).spawn()
    feeder = threading.Thread(target=lambda: [b.put(i) for i in range(1000)], name="feeder")
    feeder.start()
    feeder.join(WAIT)
    wait_for(background_reactor, h)
    assert sum(isinstance(v, tuple) for v in out) == 200  # the timers were not stalled
    assert [v for v in out if not isinstance(v, tuple)] == list(range(1000))  # in order, none lost
    assert where == {"csp-reactor"}
    b.poison()


@process
def writer(c, log):
    i = 0
    try:
        while True:
            yield c.write(i)
            log["w"].append(i)
            i += 1
    except ChannelPoison:
        pass


@process
def reader(c, log):
    try:
        while True:
            log["r"].append((yield c.read()))
    except ChannelPoison:
        pass


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_poison_from_another_thread_loses_nothing_and_strands_nobody(background_reactor):
    rng = random.Random(3)
    lost = stranded = 0
    for _trial in range(1000):
        c = Chan(rng.choice([0, 1, 4]))
        log = {"w": [], "r": []}
        hw, hr = writer(c, log).spawn(), reader(c, log).spawn()
        for _ in range(rng.randrange(2000)):  # let the race land anywhere
            pass
        returned = c.poison()  # from this (non-reactor) thread
        done = threading.Event()
        background_reactor.callFromThread(lambda hw=hw, hr=hr, done=done: hw.addBoth(
            lambda _: hr.addBoth(lambda _: done.set())))
        if not done.wait(WAIT):
            stranded += 1
            continue
        written, read = Counter(log["w"]), Counter(log["r"])
        lost += bool(written - (read + Counter(returned)))
        assert not read - written - Counter(returned), "a value was read that no write completed"
    assert (lost, stranded) == (0, 0)


def test_two_threads_starting_the_two_ends_of_a_channel_never_see_a_false_deadlock(background_reactor):
    @process
    def prod(c):
        yield c.write(1)

    @process
    def cons(c):
        return (yield c.read())

    false = 0
    for _ in range(200):
        c, bar, out = Chan(), threading.Barrier(2), {}

        def run(name, p, bar=bar, out=out):
            bar.wait()
            try:
                p.start()
                out[name] = "ok"
            except Deadlock:
                out[name] = "Deadlock"

        ts = [threading.Thread(target=run, args=("r", cons(c))),
              threading.Thread(target=run, args=("w", prod(c)))]
        for t in ts:
            t.start()
        for t in ts:
            t.join(WAIT)
        false += "Deadlock" in out.values()
        assert out == {"r": "ok", "w": "ok"} or "Deadlock" in out.values()
    assert false == 0


def test_close_offer_poll_and_get_from_a_thread(background_reactor):
    c = Chan(2)
    got = []

    @process
    def drain(cin):
        while True:
            got.append((yield cin.read()))

    assert c.offer("a") and c.offer("b") and not c.offer("c")
    assert c.poll() == "a"
    h = drain(c).spawn()
    c.close()
    wait_for(background_reactor, h)
    assert got == ["b"] and c.closed


def test_spawn_cancel_pause_resume_from_a_thread(background_reactor):
    ticks, where = [], set()

    @process
    def ticker():
        try:
            while True:
                yield Timer().sleep(0.001)
                ticks.append(1)
                where.add(threading.current_thread().name)
        finally:
            where.add("finally:" + threading.current_thread().name)

    h = ticker().spawn()
    seen = threading.Event()
    blockingCallFromThread(background_reactor, lambda: Timer().clock.callLater(0.05, seen.set))
    assert seen.wait(WAIT)
    h.pause()
    blockingCallFromThread(background_reactor, lambda: None)  # the pause has landed
    frozen = len(ticks)
    paused_for = threading.Event()
    blockingCallFromThread(background_reactor, lambda: Timer().clock.callLater(0.05, paused_for.set))
    assert paused_for.wait(WAIT)
    assert len(ticks) == frozen  # paused: no tick in 50 ms of real time
    h.resume()
    h.cancel()
    with pytest.raises(Exception, match="cancelled"):
        wait_for(background_reactor, h)
    assert where == {"csp-reactor", "finally:csp-reactor"}


def test_start_from_many_threads_at_once(background_reactor):
    @process
    def add(a, b):
        yield Timer().sleep(0.001)
        return a + b

    results: dict[int, int] = {}

    def go(k: int) -> None:
        results[k] = Par(add(k, 1), add(k, 2)).start()[1]

    threads = [threading.Thread(target=go, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert results == {k: k + 2 for k in range(16)}
