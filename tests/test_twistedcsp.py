"""csp.twistedcsp: twisted-csp's API and semantics on txcsp."""

from __future__ import annotations

import gc
import sys
import warnings

import pytest
from twisted.internet.defer import Deferred, fail
from twisted.logger import globalLogPublisher

import csp
from csp import Par
from csp import process as csp_process
from csp.twistedcsp import (
    DEFAULT,
    Channel,
    DroppingBuffer,
    FixedBuffer,
    SlidingBuffer,
    alts,
    as_process,
    channelify,
    close,
    go,
    go_channel,
    go_deferred,
    process,
    process_channel,
    process_deferred,
    put,
    put_then_callback,
    run,
    select,
    sleep,
    stop,
    take,
    take_then_callback,
    timeout,
    wait,
)


def test_take_from_a_closed_channel_gives_none_and_put_gives_false(clock):
    c = Channel(1)

    def main():
        ok = yield put(c, "x")
        close(c)
        late = yield put(c, "y")
        return ok, late, (yield take(c)), (yield take(c))

    assert run(main, reactor=clock) == (True, False, "x", None)


def test_a_writer_waiting_at_the_close_is_delivered(clock):
    c = Channel()

    def writer():
        yield put(c, "promised")

    def main():
        go(writer)
        yield sleep(1)
        close(c)
        return (yield take(c)), (yield take(c))

    assert run(main, reactor=clock) == ("promised", None)


def test_both_spellings_of_go_and_of_sleep(clock):
    out = Channel(4)

    def worker(tag, delay):
        yield wait(delay) if tag == "gen" else sleep(delay)
        yield put(out, tag)

    def main():
        go(worker, "fn", 2)
        go(worker("gen", 1))
        return [(yield take(out)), (yield take(out))]

    assert run(main, reactor=clock) == ["gen", "fn"]


def test_channel_sizes_and_buffers():
    assert Channel().buffer == 0 and Channel(size=2).buffer == 2 and Channel(3).buffer == 3
    assert Channel(FixedBuffer(2)).buffer == 2
    assert "Dropping" in repr(Channel(DroppingBuffer(1))) and "Sliding" in repr(Channel(SlidingBuffer(1)))
    with pytest.raises(TypeError, match="give the buffer once"):
        Channel(1, size=2)
    with pytest.raises(ValueError):
        FixedBuffer(0)


def test_the_channel_methods_of_twisted_csp_0_1(clock):
    c = Channel(size=1)

    def main():
        yield c.put("method")
        return (yield c.take())

    assert run(main, reactor=clock) == "method"


def test_alts_with_a_timeout_put_default_and_priority(clock):
    quiet, box = Channel(), Channel(1)

    def main():
        t = timeout(0.8)
        first = yield alts([quiet, t])
        put_result = yield alts([(box, 1)])
        nothing = yield alts([quiet], default="none")
        pri = yield alts([box, quiet], priority=True)  # box holds the 1 put above
        return first, put_result, nothing, pri, csp.Timer().read()

    first, put_result, nothing, pri, when = run(main, reactor=clock)
    assert first[0] is None and first[1] is not quiet and when == 0.8
    assert put_result == (True, box) and nothing == ("none", DEFAULT) and pri == (1, box)


def test_select_gives_the_ready_channel_and_keeps_its_value_for_this_process(clock):
    a, b = Channel(), Channel()

    def sender():
        yield sleep(1)
        yield put(b, "from b")

    def thief():
        yield sleep(1.5)
        value = yield take(b)  # must not get the value main selected
        return value

    def main():
        go(sender)
        stolen = go_channel(thief)
        chan = yield select(a, b)
        got = yield take(chan)
        close(b)
        return chan is b, got, (yield take(stolen))

    assert run(main, reactor=clock) == (True, "from b", None)


def test_stop_ends_the_process_with_a_value_and_runs_finally(clock):
    log = []

    def proc(early):
        try:
            yield sleep(0.5)
            if early:
                yield stop("early")
            yield stop("late")
        finally:
            log.append("cleaned up")

    def main():
        return (yield take(go_channel(proc, True))), (yield take(go_channel(proc, False)))

    assert run(main, reactor=clock) == ("early", "late") and log == ["cleaned up"] * 2


def test_go_channel_of_none_just_closes_and_go_deferred_fires(clock):
    def nothing():
        yield sleep(1)

    def answer():
        yield sleep(1)
        return 42

    results = []

    def main():
        none_ch = go_channel(nothing)
        go_deferred(answer).addCallback(results.append)
        yield sleep(2)
        return (yield take(none_ch))

    assert run(main, reactor=clock) is None and results == [42]


def test_decorators_start_the_process(clock):
    seen = []

    @process
    def plain(x):
        yield sleep(1)
        seen.append(x)

    @process_channel
    def chan(x):
        yield sleep(1)
        return x * 2

    @process_deferred
    def deferred(x):
        yield sleep(1)
        return x * 3

    def main():
        assert plain(1) is None
        c = chan(2)
        d = deferred(3)
        got = []
        d.addCallback(got.append)
        v = yield take(c)
        yield sleep(1)
        return v, got, seen

    assert run(main, reactor=clock) == (4, [9], [1])


def test_a_failing_go_process_is_logged_not_lost(clock):
    events = []
    globalLogPublisher.addObserver(events.append)

    def broken():
        yield sleep(1)
        raise ValueError("boom")

    def main():
        go(broken)
        result = yield take(go_channel(broken))  # go_channel closes its channel and logs
        yield sleep(1)
        return result

    try:
        assert run(main, reactor=clock) is None
    finally:
        globalLogPublisher.removeObserver(events.append)
    failures = [e["log_failure"] for e in events if "log_failure" in e]
    assert len(failures) == 2 and all(f.check(ValueError) for f in failures)


def test_channelify_gives_value_or_failure_tuples(clock):
    d_ok, d_bad = Deferred(), fail(RuntimeError("no"))

    def main():
        ok_ch, bad_ch = channelify(d_ok), channelify(d_bad)
        clock.callLater(1, d_ok.callback, "page")
        result = yield take(ok_ch)
        value, error = yield take(bad_ch)
        return result, value, error.check(RuntimeError), (yield take(ok_ch))

    assert run(main, reactor=clock) == (("page", None), None, RuntimeError, None)
    with pytest.raises(TypeError, match="Deferred"):
        channelify("page")


def test_put_then_callback_and_take_then_callback_from_twisted_code(clock):
    c = Channel()
    log = []
    take_then_callback(c, lambda v: log.append(("took", v)))
    put_then_callback(c, "hello", lambda ok: log.append(("put", ok)))
    close(c)
    put_then_callback(c, "late", lambda ok: log.append(("put", ok)))
    take_then_callback(c, lambda v: log.append(("took", v)))
    assert log == [("took", "hello"), ("put", True), ("put", False), ("took", None)]


def test_callbacks_on_a_poisoned_channel_fail_their_deferred():
    c = Channel()
    c.poison()
    failures = []
    put_then_callback(c, 1, lambda ok: None).addErrback(failures.append)
    take_then_callback(c, lambda v: None).addErrback(failures.append)
    assert [f.check(csp.ChannelPoison) for f in failures] == [csp.ChannelPoison] * 2


def test_an_instruction_never_yielded_is_reported():
    c = Channel()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        take(c)
        put(c, 1)
        gc.collect()
    messages = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
    assert any("take(" in m and "never yielded" in m for m in messages)
    assert any("put(" in m and "never yielded" in m for m in messages)


def test_bad_arguments_say_what_to_write():
    with pytest.raises(TypeError, match="first argument is a Channel"):
        take("c")
    with pytest.raises(TypeError, match="not a generator"):
        go(lambda: 1)
    with pytest.raises(TypeError, match="not both"):
        go((x for x in []), 1)
    with pytest.raises(TypeError, match="seconds"):
        sleep("1")
    with pytest.raises(ValueError, match="select"):
        select()


def test_a_twisted_csp_process_is_a_csp_process_that_passes_poison_on(clock):
    a, b = Channel(), Channel()

    def relay(cin, cout):
        while True:
            value = yield take(cin)
            yield put(cout, value)

    @csp_process
    def poisoner():
        yield a.write(1)
        a.poison()

    @csp_process
    def reader():
        got = yield b.read()
        try:
            yield b.read()
        except csp.ChannelPoison:
            return got, "poisoned"

    assert csp.run(Par(as_process(relay, a, b), poisoner(), reader()), reactor=clock)[2] == (1, "poisoned")


def test_go_from_plain_code_waits_for_the_programs_reactor_run(virtual_reactor):
    from twisted.internet import reactor

    log = []

    def main():
        log.append(("started", reactor.seconds()))
        yield sleep(2)
        log.append(("woke", reactor.seconds()))
        reactor.stop()

    go(main)
    assert log == [("started", 0.0)]  # it ran as far as it could; the sleep needs the reactor
    reactor.run()
    assert log == [("started", 0.0), ("woke", 2.0)]


def test_the_readme_pingpong_runs_under_a_real_reactor(tmp_path):
    import subprocess

    script = tmp_path / "pingpong.py"
    script.write_text(PINGPONG_WITH_CLOSE)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = [f"{'ping' if i % 2 else 'pong'} {i}" for i in range(1, 11)]
    ends = ["ping Ball's gone", "pong Ball's gone", "main returned None"]
    assert done.stdout.splitlines() == expected + ends


PINGPONG_WITH_CLOSE = '''
from csp.twistedcsp import *
from twisted.internet import reactor

class Ball:
    hits = 0

def player(name, table):
    while True:
        ball = yield take(table)
        if ball is None: # channel's closed
            print(name, "Ball's gone")
            break
        ball.hits += 1
        print(name, ball.hits)
        yield sleep(0.1)
        yield put(table, ball)

def main():
    table = Channel()
    go(player, "ping", table)
    go(player, "pong", table)
    yield put(table, Ball())
    yield sleep(1)
    close(table)
    yield sleep(0.1)

def run_main():
    value = yield take(go_channel(main))
    print("main returned", value)
    reactor.stop()

reactor.callWhenRunning(lambda: go(run_main))
reactor.run()
'''


def test_a_selected_value_never_taken_is_reported(clock):
    c = Channel(1)

    def main():
        yield put(c, "kept")
        yield select(c)  # and no take: the value would be lost silently

    with pytest.warns(RuntimeWarning, match="select.*never taken"):
        run(main, reactor=clock)
