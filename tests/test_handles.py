"""Handles are Deferreds: inlineCallbacks, await, callbacks; every waiter sees a failure; done means done."""

from __future__ import annotations

import gc

from twisted.internet.defer import CancelledError, Deferred, ensureDeferred, inlineCallbacks
from twisted.logger import globalLogPublisher

from csp import Cancelled, Channel, ProcessHandle, Timer, process


@process
def napper(seconds, value):
    yield Timer().sleep(seconds)
    return value


@process
def fails(seconds):
    yield Timer().sleep(seconds)
    raise KeyError("boom")


def test_a_handle_is_a_deferred_of_the_result(sched, clock):
    h = napper(2, "rested").spawn(sched)
    assert isinstance(h, Deferred) and isinstance(h, ProcessHandle) and h.deferred is h
    got = []
    h.addCallback(got.append)
    clock.advance(2)
    assert got == ["rested"]


def test_inline_callbacks_code_yields_a_handle_and_gets_the_result(sched, clock):
    @inlineCallbacks
    def twisted_code():
        value = yield napper(3, 41).spawn(sched)
        return value + 1

    d = twisted_code()
    clock.advance(3)
    assert d.result == 42


def test_a_coroutine_awaits_a_handle(sched, clock):
    async def twisted_coroutine():
        return await napper(1, "awaited").spawn(sched)

    d = ensureDeferred(twisted_coroutine())
    clock.advance(1)
    assert d.result == "awaited"


def test_a_process_awaits_a_handle(vrun):
    @process
    async def boss():
        return await napper(1, "from a handle").spawn()

    assert vrun(boss()) == "from a handle"


def test_a_failed_handle_fails_for_every_waiter(vrun):
    seen = []

    @process
    def other(h):
        try:
            yield h
        except KeyError:
            seen.append("other process: KeyError")

    @process
    def main():
        h = fails(1).spawn()
        o = other(h).spawn()
        for _ in range(2):
            try:
                yield h
            except KeyError:
                seen.append("KeyError")
        yield o
        h.addErrback(lambda f: seen.append(("callback afterwards", f.type)))

    vrun(main())
    assert seen == ["KeyError", "KeyError", "other process: KeyError", ("callback afterwards", KeyError)]


def test_done_only_once_the_finally_has_run(sched, clock):
    log = []

    @process
    def worker(c):
        try:
            yield c.read()
        finally:
            yield Timer().sleep(5)
            log.append(f"cleanup done at t={clock.seconds():g}")

    h = worker(Channel(external=True)).spawn(sched)
    h.addErrback(lambda f: log.append(f"handle fired at t={clock.seconds():g} ({f.type.__name__})"))
    h.cancel()
    assert not h.done and log == []
    clock.advance(4)
    assert not h.done and log == []
    clock.advance(1)
    assert h.done
    assert log == ["cleanup done at t=5", "handle fired at t=5 (Cancelled)"]


def test_cancel_on_purpose_logs_no_unhandled_error(sched, clock):
    logged = []
    globalLogPublisher.addObserver(logged.append)
    try:
        h = napper(10, None).spawn(sched)
        h.cancel()
        clock.advance(0)
        assert h.done and isinstance(h.result.value, CancelledError)
        del h
        gc.collect()
    finally:
        globalLogPublisher.removeObserver(logged.append)
    assert not [e for e in logged if e.get("isError")]


def test_a_failure_nobody_sees_is_still_logged_as_unhandled(sched, clock):
    logged = []
    globalLogPublisher.addObserver(logged.append)
    try:
        fails(1).spawn(sched)
        clock.advance(1)
        gc.collect()
    finally:
        globalLogPublisher.removeObserver(logged.append)
    assert [e for e in logged if e.get("isError")]  # an error nobody waited for is not lost


def test_pause_and_resume_cascade_through_a_handle_chain(sched, clock):
    ticks = []

    @process
    def ticker():
        while True:
            yield Timer().sleep(1)
            ticks.append(clock.seconds())

    @process
    def middle():
        yield ticker().spawn()

    h = middle().spawn(sched)
    clock.pump([1, 1])
    h.pause()
    clock.pump([1] * 5)
    assert ticks == [1.0, 2.0]
    h.resume()
    clock.pump([1, 1])
    assert ticks[:2] == [1.0, 2.0] and len(ticks) > 2
    h.cancel()
    clock.advance(1)
    assert h.done and isinstance(h.result.value, Cancelled)
    h.addErrback(lambda f: None)


def test_cancelling_the_deferred_cancels_the_process(sched, clock):
    log = []

    @process
    def worker():
        try:
            yield Timer().sleep(100)
        finally:
            log.append("finally")

    h = worker().spawn(sched)
    h.addErrback(lambda f: log.append(f.type.__name__))
    d: Deferred = h
    d.cancel()  # what Twisted code holding a Deferred does (addTimeout, say)
    clock.advance(0)
    assert log == ["finally", "Cancelled"]
