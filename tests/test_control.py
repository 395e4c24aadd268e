"""Control: cancel, pause and resume on spawned handles; waiting on Deferreds."""

from __future__ import annotations

import pytest
from twisted.internet.defer import CancelledError, Deferred, fail, succeed

from csp import Cancelled, Channel, Par, Timer, process, spawn


def failure_type(d: Deferred) -> type:
    box: list = []
    d.addErrback(lambda f: box.append(f.type))
    return box[0]


def test_yield_a_deferred_returns_its_result(sched, clock):
    d: Deferred = Deferred()

    @process
    def waiter():
        return (yield d) + 1

    h = spawn(waiter(), sched)
    assert not h.done
    d.callback(41)
    assert h.deferred.result == 42


def test_already_fired_deferreds_and_errbacks_raise_inside(vrun):
    @process
    def waiter():
        a = yield succeed("ok")
        try:
            yield fail(ZeroDivisionError("bad"))
        except ZeroDivisionError as e:
            return a, str(e)

    assert vrun(waiter()) == ("ok", "bad")


def test_async_process_awaits_a_deferred(sched, clock):
    @process
    async def waiter():
        d: Deferred = Deferred()
        clock.callLater(2, d.callback, "fired")
        value = await d
        try:
            await fail(KeyError("k"))
        except KeyError:
            return value + " and caught"

    h = spawn(waiter(), sched)
    clock.advance(2)
    assert h.deferred.result == "fired and caught"


def test_cancel_runs_finally_and_fails_the_handle_with_cancelled_error(sched):
    log: list = []

    @process
    def blocked(c):
        try:
            yield c.read()
        except Cancelled:
            log.append("got Cancelled")
            raise
        finally:
            log.append("finally")

    h = spawn(blocked(Channel()), sched)
    h.cancel()
    assert log == ["got Cancelled", "finally"]
    assert issubclass(failure_type(h.deferred), CancelledError)


def test_cancel_cascades_to_children_and_awaited_deferreds(sched):
    log: list = []
    inner: Deferred = Deferred(lambda d: log.append("deferred cancelled"))

    @process
    def child_on_deferred():
        try:
            yield inner
        finally:
            log.append("child 1 finally")

    @process
    def child_on_channel(c):
        try:
            yield c.read()
        finally:
            log.append("child 2 finally")

    @process
    def parent(c):
        try:
            yield Par(child_on_deferred(), child_on_channel(c))
        finally:
            log.append("parent finally")

    h = spawn(parent(Channel()), sched)
    h.cancel()
    assert "deferred cancelled" in log
    assert set(log[:-1]) == {"deferred cancelled", "child 1 finally", "child 2 finally"}
    assert log[-1] == "parent finally"  # children end first: the parent owns them
    assert issubclass(failure_type(h.deferred), CancelledError)


def test_cancelling_the_handles_deferred_cancels_the_process(sched):
    log: list = []

    @process
    def sleeper():
        try:
            yield Timer().sleep(100)
        finally:
            log.append("finally")

    h = spawn(sleeper(), sched)
    h.deferred.cancel()
    assert log == ["finally"]
    assert issubclass(failure_type(h.deferred), CancelledError)


def test_cancel_a_sleeping_process_cancels_its_timer(sched, clock):
    @process
    def sleeper():
        yield Timer().sleep(100)

    h = spawn(sleeper(), sched)
    assert len(clock.getDelayedCalls()) == 1
    h.cancel()
    assert clock.getDelayedCalls() == []
    failure_type(h.deferred)


def test_cancel_before_start_runs_nothing(vrun):
    log: list = []

    @process
    def never():
        log.append("ran")
        yield

    @process
    def parent():
        h = never().spawn()  # queued behind the running parent, not started yet
        h.cancel()
        try:
            yield h
        except CancelledError:
            return "cancelled before it ran"

    assert vrun(parent()) == "cancelled before it ran"
    assert log == []


def test_pause_stops_a_process_and_values_offered_to_it_wait(sched, clock):
    c = Channel()
    got: list = []
    wrote: list = []

    @process
    def producer(cout):
        for i in range(4):
            yield cout.write(i)
            wrote.append(i)

    @process
    def consumer(cin):
        while True:
            got.append((yield cin.read()))
            yield Timer().sleep(1)

    hc = spawn(consumer(c), sched)
    spawn(producer(c), sched)
    assert got == [0]
    hc.pause()
    clock.advance(5)
    assert got == [0] and wrote == [0]  # paused: the value 1 waits with its writer
    hc.resume()
    assert got == [0, 1] and wrote == [0, 1]
    clock.advance(1)
    clock.advance(1)
    assert got == [0, 1, 2, 3]


def test_pause_cascades_to_children_and_resume_continues_where_they_stopped(sched, clock):
    ticks: list = []

    @process
    def ticker(name):
        for i in range(3):
            yield Timer().sleep(1)
            ticks.append((name, i))

    h = spawn(Par(ticker("a"), ticker("b")), sched)
    clock.advance(1)
    assert sorted(ticks) == [("a", 0), ("b", 0)]
    h.pause()
    clock.advance(1)
    clock.advance(1)
    assert len(ticks) == 2  # the timers fired, but the wake-ups wait for resume
    assert all(where == "paused" for _, _, where in sched.ps())
    h.resume()
    assert sorted(ticks) == [("a", 0), ("a", 1), ("b", 0), ("b", 1)]
    clock.advance(1)
    assert len(ticks) == 6 and h.done


def test_cancel_a_paused_process(sched):
    log: list = []

    @process
    def blocked(c):
        try:
            yield c.read()
        finally:
            log.append("finally")

    h = spawn(blocked(Channel()), sched)
    h.pause()
    h.cancel()
    assert log == ["finally"]
    failure_type(h.deferred)


def test_a_process_waits_on_a_spawned_handle(sched, clock):
    @process
    def worker():
        yield Timer().sleep(2)
        return "done"

    @process
    def boss():
        h = worker().spawn()
        return (yield h)

    hb = spawn(boss(), sched)
    clock.advance(2)
    assert hb.deferred.result == "done"


def test_cancel_requested_while_ready_lands_at_the_next_blocking_point(sched):
    log: list = []
    c = Channel()

    @process
    def victim(cin):
        try:
            v = yield cin.read()
            log.append(("got", v))
            yield cin.read()
        finally:
            log.append("finally")

    h = spawn(victim(c), sched)

    @process
    def feeder(cout):
        yield cout.write(1)  # wakes the victim: it is now ready with the value
        h.cancel()  # cancel while it is ready: it still gets 1, then Cancelled
        yield

    spawn(feeder(c), sched)
    assert log == [("got", 1), "finally"]
    with pytest.raises(CancelledError):
        h.deferred.result.raiseException()
    failure_type(h.deferred)


def test_cancelling_a_paused_reader_takes_no_value_from_a_waiting_writer(sched):
    c = Channel()

    @process
    def slow_reader(cin):
        yield cin.read()

    @process
    def writer(cout):
        yield cout.write("precious")
        return "delivered"

    hr = spawn(slow_reader(c), sched)
    hr.pause()
    hw = spawn(writer(c), sched)
    assert not hw.done  # the paused reader's offer is withdrawn: the value waits
    hr.cancel()
    failure_type(hr.deferred)
    assert not hw.done  # still not taken by the cancelled reader
    got: list = []
    c.get().addCallback(got.append)
    assert got == ["precious"] and hw.deferred.result == "delivered"


def test_waiting_on_a_failed_handle_raises_inside_and_logs_nothing(vrun):
    import gc

    from twisted.logger import globalLogPublisher

    logged: list = []
    globalLogPublisher.addObserver(logged.append)
    try:

        @process
        def fails():
            yield
            raise ValueError("inner")

        @process
        def boss():
            try:
                yield fails().spawn()
            except ValueError as e:
                return f"caught {e}"

        assert vrun(boss()) == "caught inner"
        gc.collect()
    finally:
        globalLogPublisher.removeObserver(logged.append)
    assert not [e for e in logged if e.get("isError")]
