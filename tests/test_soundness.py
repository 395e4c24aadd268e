"""Soundness: no value lost or delivered twice, no error turned into success, no hang, no leak."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
import threading
import tracemalloc
import weakref

import pytest
from twisted.internet import defer
from twisted.internet.task import Clock

import csp
from csp import Alt, Channel, ChannelPoison, Deadlock, Par, Skip, Timer, process

# -- data lost or delivered twice -----------------------------------------------------


def test_a_cancel_while_runnable_then_a_fired_deferred_loses_no_later_write(sched, clock):
    log, h = [], {}

    @process
    def victim(go, c):
        yield go.read()
        yield defer.succeed("d")  # an already-fired Deferred
        log.append(("victim read", (yield c.read())))

    @process
    def driver(go, c):
        yield go.write(1)  # victim is now runnable ...
        h["v"].cancel()  # ... and is cancelled before it runs
        yield Timer().sleep(1)
        yield c.write("precious")
        log.append("write returned")

    @process
    def late_reader(c):
        yield Timer().sleep(2)
        log.append(("late reader got", (yield c.read())))

    go, c = Channel(name="go"), Channel(name="c")
    h["v"] = victim(go, c).spawn(sched)
    h["v"].addErrback(lambda f: log.append(f.type.__name__))
    driver(go, c).spawn(sched)
    late_reader(c).spawn(sched)
    clock.pump([1, 1, 1])
    assert log == ["Cancelled", ("late reader got", "precious"), "write returned"]
    assert c._reader is None and c._writer is None  # no dead entry left in the channel


def test_cancelling_a_get_withdraws_it_so_the_next_write_is_not_swallowed(sched, clock):
    log = []
    c = Channel(name="c")
    c.get().addTimeout(1, clock).addErrback(lambda f: log.append(("get gave up", f.type.__name__)))
    clock.advance(2)

    @process
    def writer():
        yield c.write("precious")
        log.append("write returned")

    @process
    def reader():
        log.append(("reader got", (yield c.read())))

    writer().spawn(sched)
    reader().spawn(sched)
    assert log == [("get gave up", "TimeoutError"), ("reader got", "precious"), "write returned"]


def test_a_put_reported_as_failed_is_never_delivered(sched, clock):
    log = []
    c = Channel(name="c")
    c.put("stale").addTimeout(1, clock).addErrback(lambda f: log.append(("put gave up", f.type.__name__)))
    clock.advance(2)

    @process
    def reader():
        log.append(("reader got", (yield c.read())))

    h = reader().spawn(sched)
    c.put("fresh")
    assert h.done and log == [("put gave up", "TimeoutError"), ("reader got", "fresh")]


def test_spread_poison_keeps_the_buffered_values_where_a_user_sees_them(vrun):
    log = []

    @process
    def producer(ctl, out):
        for i in range(3):
            yield out.write(i)
        yield ctl.read()  # ctl is poisoned: the poison spreads to out

    @process
    def consumer(out):
        yield Timer().sleep(10)
        try:
            yield out.read()
        except ChannelPoison as e:
            log.append(str(e))

    @process
    def killer(ctl):
        yield Timer().sleep(1)
        ctl.poison()

    ctl, out = Channel(name="ctl"), Channel(3, name="out")
    vrun(Par(producer(ctl, out), consumer(out), killer(ctl)))
    assert out.discarded == [0, 1, 2]
    assert log == ["Channel(name='out', buffer=3) is poisoned (3 value(s) were in its buffer and were not "
                   "delivered: they are in its .discarded)"]


# -- errors that vanish or change ---------------------------------------------------


def test_an_async_process_awaiting_a_deferred_that_fails_later_gets_the_real_error():
    clock = Clock()

    @process
    async def fetch():
        d = defer.Deferred()
        clock.callLater(1, d.errback, ValueError("connection refused"))
        try:
            await d
        except ValueError as e:
            return f"caught {e}"

    assert csp.run(fetch(), reactor=clock) == "caught connection refused"


def test_a_generator_process_gets_a_later_errback_raised_too(vrun):
    @process
    def fetch():
        d = defer.Deferred()
        Timer().clock.callLater(1, d.errback, ValueError("refused"))
        try:
            yield d
        except ValueError as e:
            return str(e)

    assert vrun(fetch()) == "refused"


def test_a_plain_function_raising_stopiteration_fails_instead_of_returning_none(vrun):
    @process
    def first_item(items):
        return next(iter(items))  # bug: items is empty

    with pytest.raises(RuntimeError, match="raised StopIteration") as info:
        vrun(first_item([]))
    assert isinstance(info.value.__cause__, StopIteration)
    with pytest.raises(RuntimeError, match="raised StopIteration"):
        vrun(Par(first_item([]), Skip()))


# -- hangs -------------------------------------------------------------------------------


@pytest.mark.parametrize("loop", ["skip-poller", "bare-yields", "async-poller"])
def test_cancel_reaches_a_process_that_never_parks(sched, clock, loop):
    @process
    def poller(c):
        for _ in range(200_000):
            yield c | Skip()  # a non-blocking read
        return "ran to the end"

    @process
    def spinner():
        for _ in range(200_000):
            yield
        return "ran to the end"

    @process
    async def async_poller(c):
        for _ in range(200_000):
            await (c | Skip())
        return "ran to the end"

    p = {"skip-poller": poller(Channel()), "bare-yields": spinner(), "async-poller": async_poller(Channel())}
    h = p[loop].spawn(sched)
    h.cancel()
    clock.advance(0)
    assert h.done and isinstance(h.result.value, csp.Cancelled)
    h.addErrback(lambda f: None)


def test_a_par_whose_child_failed_ends_even_if_a_sibling_never_parks(vrun):
    @process
    def poller(c):
        while True:
            yield c | Skip()

    @process
    def fails():
        for _ in range(3):
            yield
        raise KeyError("boom")

    with pytest.raises(KeyError):
        vrun(Par(poller(Channel()), fails()))


@process
def nest(n, c):
    if n == 0:
        yield c.read()
    else:
        yield nest(n - 1, c)


@pytest.mark.slow
def test_a_hundred_thousand_levels_cancel_report_and_list():
    with pytest.raises(Deadlock, match=r"nest#\d+ is blocked reading from Channel\(name='deep'\)") as info:
        csp.run(nest(100_000, Channel(name="deep")), reactor=Clock())
    assert len(info.value.blocked) == 1
    clock = Clock()
    sched = csp.scheduler_for(clock)
    h = nest(100_000, Channel()).spawn(sched)
    while clock.getDelayedCalls():  # the drain hands the clock a turn every BUDGET steps
        clock.advance(0)
    rows = sched.ps()
    assert len(rows) == 100_001 and rows[-1][0] == 100_000
    h.cancel()
    while clock.getDelayedCalls():
        clock.advance(0)
    assert h.done and isinstance(h.result.value, csp.Cancelled)
    h.addErrback(lambda f: None)


def test_deep_nesting_under_the_real_reactor_reports_the_deadlock(background_reactor):
    with pytest.raises(Deadlock):
        nest(300, Channel(name="deep")).start()


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0])
def test_bad_times_are_clear_errors_that_leave_nothing_behind(vrun, bad):
    with pytest.raises(ValueError, match=r"Timer\(\)\.sleep"):
        Timer(clock=Clock()).sleep(bad)
    with pytest.raises(ValueError, match=r"Timer\(\)\.set_alarm"):
        Timer(clock=Clock()).set_alarm(bad)
    # and deadlock detection still works afterwards
    with pytest.raises(Deadlock):
        vrun(nest(0, Channel()))


def test_a_failing_calllater_is_a_clear_error_that_leaves_nothing_behind():
    class BrokenClock(Clock):
        def callLater(self, *args, **kwargs):
            raise OSError("timer wheel broken")

    @process
    def napper():
        try:
            yield Timer().sleep(1)
        except OSError as e:
            return f"raised in the process: {e}"

    clock = BrokenClock()
    assert csp.run(napper(), reactor=clock) == "raised in the process: timer wheel broken"


def test_clocks_and_their_schedulers_are_not_kept_alive():
    @process
    def p():
        yield Timer().sleep(1)

    clock = Clock()
    ref = weakref.ref(clock)
    csp.run(p(), reactor=clock)
    del clock
    gc.collect()
    assert ref() is None
    for _ in range(200):  # warm up caches
        csp.run(p(), reactor=Clock())
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(5000):
            csp.run(p(), reactor=Clock())
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes kept after 5000 virtual-time runs"


# -- mistakes a newcomer makes ---------------------------------------------------------


def test_yielding_a_class_instead_of_an_instance_is_a_clear_typeerror(vrun):
    @process
    def y(x):
        yield x

    with pytest.raises(TypeError, match=r"yielded the class Skip itself.*yield Skip\(\)"):
        vrun(y(Skip))
    with pytest.raises(TypeError, match=r"yielded the class Par itself"):
        vrun(y(Par))


def test_an_async_generator_is_refused_where_it_is_decorated():
    with pytest.raises(TypeError, match="async generator"):
        @process
        async def agen(c):
            yield (await c.read())


def test_asyncio_awaitables_work_under_the_asyncio_reactor():
    code = textwrap.dedent("""
        import asyncio
        from twisted.internet import asyncioreactor
        asyncioreactor.install()
        import csp
        from csp import *

        @process
        async def p():
            await asyncio.sleep(0.01)
            return "slept with asyncio"

        print(csp.run(p()))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "slept with asyncio", out.stderr


def test_asyncio_awaitables_without_the_asyncio_reactor_say_what_to_do():
    code = textwrap.dedent("""
        import asyncio, csp
        from csp import *

        @process
        async def p():
            try:
                await asyncio.sleep(0.01)
            except (TypeError, RuntimeError) as e:
                return str(e)

        print(p().start())
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "asyncioreactor.install()" in out.stdout or "no running event loop" in out.stdout, out.stderr


def test_a_step_that_blocks_the_reactor_is_named_with_its_line(background_reactor):
    told = []
    released = threading.Event()

    def report(message: str) -> None:
        told.append(message)
        released.set()

    @process
    def blocker():
        yield
        released.wait(30)  # blocks the reactor until the watchdog has spoken
        yield

    csp.warn_slow_steps(0.05, report=report)
    try:
        blocker().start()
    finally:
        csp.warn_slow_steps(None)
    assert len(told) == 1
    assert "process blocker#" in told[0] and "held the reactor" in told[0]
    assert f"{__file__}:" in told[0] and "released.wait(30)" not in told[0]


def test_the_slow_step_threshold_is_checked():
    with pytest.raises(ValueError, match="seconds > 0"):
        csp.warn_slow_steps(0)


def test_a_select_built_in_plain_code_then_used_in_a_process(vrun):
    a, b = Channel(), Channel(1)
    alt = Alt(a, b.read())

    @process
    def p():
        yield b.write("x")
        return (yield alt.select())

    assert vrun(p()) == "x"
