"""mult/tap/untap and pub/sub/unsub: copies, back-pressure, drops, closes, poison."""

from __future__ import annotations

import pytest
from coreasync_helpers import drain, drain_until_poison, feed

import csp.coreasync as a
from csp import Channel, ChannelPoison, Par, Timer, process


def test_every_tap_gets_every_value_and_is_closed_with_the_source(vrun):
    src = Channel()

    @process
    def p():
        m = a.mult(src)
        t1, t2 = a.tap(m, Channel()), a.tap(m, Channel())
        return (yield Par(feed(src, [1, None, 3]), drain(t1), drain(t2)))[1:]

    assert vrun(p()) == [[1, None, 3], [1, None, 3]]


def test_every_tap_must_take_a_value_before_the_next_is_read(vrun):
    src = Channel()
    log = []

    @process
    def writer():
        for v in range(3):
            yield src.write(v)
            log.append(("written", v, Timer().read()))
        src.close()

    @process
    def slow(ch, gap, name):
        while True:
            yield Timer().sleep(gap)
            v = yield ch.read()
            log.append((name, v, Timer().read()))

    @process
    def p():
        m = a.mult(src)
        fast_tap, slow_tap = a.tap(m, Channel()), a.tap(m, Channel())
        yield Par(writer(), slow(fast_tap, 0.1, "fast"), slow(slow_tap, 1.0, "slow"))

    vrun(p())
    fast_times = [t for name, _, t in log if name == "fast"]
    slow_times = [t for name, _, t in log if name == "slow"]
    # the fast tap is held back by the slow one: it gets value k only once the slow one took k-1
    assert all(f >= s for f, s in zip(fast_times[1:], slow_times, strict=False))
    assert [v for name, v, _ in log if name == "slow"] == [0, 1, 2]


def test_values_with_no_tap_are_dropped(vrun):
    src = Channel()

    @process
    def p():
        m = a.mult(src)
        yield src.write("nobody hears this")
        t = a.tap(m, Channel())
        return (yield Par(feed(src, ["heard"]), drain(t)))[1]

    assert vrun(p()) == ["heard"]


def test_untap_stops_copies_and_leaves_the_channel_open(vrun):
    src, t1, t2 = Channel(), Channel(10), Channel(10)

    @process
    def p():
        m = a.mult(src)
        a.tap(m, t1)
        a.tap(m, t2)
        yield src.write(1)
        a.untap(m, t2)
        yield src.write(2)
        a.untap_all(m)
        yield src.write(3)
        src.close()
        yield Timer().sleep(1)
        return [t1.poll(), t1.poll(), t1.poll("-")], [t2.poll(), t2.poll("-")], t1.closed or t2.closed

    assert vrun(p()) == ([1, 2, "-"], [1, "-"], False)  # untapped channels are not closed


def test_untap_withdraws_a_value_still_being_offered(vrun):
    src, stuck, ok = Channel(), Channel(), Channel(10)

    @process
    def p():
        m = a.mult(src)
        a.tap(m, stuck)  # nobody reads it
        a.tap(m, ok)
        yield src.write(1)
        yield Timer().sleep(1)
        a.untap(m, stuck)
        yield src.write(2)  # would wait for ever if the mult still offered 1 to `stuck`
        src.close()
        return (yield drain(ok))

    assert vrun(p()) == [1, 2]


def test_tap_with_close_false_and_a_tap_after_the_end(vrun):
    src, keep = Channel(), Channel(5)

    @process
    def p():
        m = a.mult(src)
        a.tap(m, keep, close=False)
        yield src.write("x")
        src.close()
        yield Timer().sleep(1)
        late = a.tap(m, Channel())
        return keep.closed, keep.poll(), late.closed

    assert vrun(p()) == (False, "x", True)


def test_a_closed_tap_leaves_the_mult(vrun):
    src, gone, stays = Channel(), Channel(), Channel(10)
    gone.close()

    @process
    def p():
        m = a.mult(src)
        a.tap(m, gone)
        a.tap(m, stays)
        return (yield Par(feed(src, [1, 2]), drain(stays)))[1]

    assert vrun(p()) == [1, 2]


def test_a_poisoned_tap_poisons_the_source_and_every_tap(vrun):
    src, t1, t2 = Channel(), Channel(), Channel()

    @process
    def p():
        m = a.mult(src)
        a.tap(m, t1)
        a.tap(m, t2)
        t2.poison()
        with pytest.raises(ChannelPoison):
            yield src.write(1)
            yield src.write(2)
        return src.poisoned, t1.poisoned

    assert vrun(p()) == (True, True)


def test_mult_process_composes_in_a_par_and_runs_once(vrun):
    src, t = Channel(), Channel()
    m = a.Mult(src)
    m.tap(t)
    assert vrun(Par(m.process, feed(src, [1]), drain(t)))[2] == [1]
    with pytest.raises(RuntimeError, match="already running"):
        vrun(m.process)


def test_mult_arguments_are_checked():
    with pytest.raises(TypeError, match="what mult"):
        a.tap(Channel(), Channel())
    with pytest.raises(TypeError, match="must be a Channel"):
        a.Mult(Channel()).tap("x")


def test_pub_routes_by_topic_and_drops_unsubscribed_topics(vrun):
    src = Channel()

    @process
    def p():
        pb = a.pub(src, lambda msg: msg[0])
        apples = a.sub(pb, "a", Channel())
        bananas = a.sub(pb, "b", Channel())
        words = ["apple", "cherry", "banana", "avocado", "blueberry"]
        return (yield Par(feed(src, words), drain(apples), drain(bananas)))[1:]

    assert vrun(p()) == [["apple", "avocado"], ["banana", "blueberry"]]


def test_every_subscriber_of_a_topic_gets_it(vrun):
    src = Channel()

    @process
    def p():
        pb = a.pub(src, len)
        s1, s2 = a.sub(pb, 3, Channel()), a.sub(pb, 3, Channel())
        return (yield Par(feed(src, ["one", "three", "two"]), drain(s1), drain(s2)))[1:]

    assert vrun(p()) == [["one", "two"], ["one", "two"]]


def test_unsub_and_unsub_all(vrun):
    src = Channel()
    x1, x2, y = Channel(10), Channel(10), Channel(10)

    @process
    def p():
        pb = a.pub(src, lambda v: v[0])
        a.sub(pb, "x", x1)
        a.sub(pb, "x", x2)
        a.sub(pb, "y", y)
        yield src.write("x1")
        a.unsub(pb, "x", x2)
        yield src.write("x2")
        a.unsub_all(pb, "x")
        yield src.write("x3")
        yield src.write("y1")
        a.unsub_all(pb)
        yield src.write("y2")
        src.close()
        yield Timer().sleep(1)
        return [x1.poll(), x1.poll(), x1.poll("-")], [x2.poll(), x2.poll("-")], [y.poll(), y.poll("-")]

    assert vrun(p()) == (["x1", "x2", "-"], ["x1", "-"], ["y1", "-"])


def test_buffered_topics_run_at_their_own_pace(vrun):
    src = Channel()

    @process
    def p():
        pb = a.pub(src, lambda v: v % 2, buf_fn=lambda topic: 10)
        evens = a.sub(pb, 0, Channel())
        odds = a.sub(pb, 1, Channel())
        _, got_odds, got_evens = yield Par(feed(src, range(6)), drain(odds), drain(evens, gap=1.0))
        return got_odds, got_evens

    assert vrun(p()) == ([1, 3, 5], [0, 2, 4])


def test_poison_on_the_source_reaches_the_subscribers(vrun):
    src = Channel()

    @process
    def p():
        pb = a.pub(src, str)
        s = a.sub(pb, "1", Channel())

        @process
        def poisoner():
            yield src.write(1)
            src.poison()

        return (yield Par(poisoner(), drain_until_poison(s)))[1]

    assert vrun(p()) == ([1], "poisoned")


def test_an_error_in_the_topic_function_poisons_the_subscribers(vrun):
    src = Channel(1)

    @process
    def p():
        pb = a.pub(src, lambda v: 1 / v)
        s = a.sub(pb, 1.0, Channel())
        yield src.write(0)
        return (yield drain_until_poison(s))

    assert vrun(p()) == ([], "poisoned")


def test_pub_arguments_are_checked():
    with pytest.raises(TypeError, match="topic_fn must be a function"):
        a.Pub(Channel(), "type")
    with pytest.raises(TypeError, match="what pub"):
        a.sub(Channel(), "t", Channel())


def test_a_subscription_with_close_false_stays_open(vrun):
    src, keep, shut = Channel(), Channel(5), Channel(5)

    @process
    def p():
        pb = a.pub(src, lambda v: "t")
        a.sub(pb, "t", keep, close=False)
        a.sub(pb, "t", shut)
        yield src.write(1)
        src.close()
        yield Timer().sleep(1)
        late = a.sub(pb, "t", Channel())
        return keep.closed, shut.closed, keep.poll(), late.closed

    assert vrun(p()) == (False, True, 1, True)


def test_a_tap_after_the_mult_was_poisoned_is_poisoned(vrun):
    src = Channel()

    @process
    def p():
        m = a.mult(src)
        src.poison()
        yield Timer().sleep(1)
        return a.tap(m, Channel()).poisoned

    assert vrun(p()) is True
