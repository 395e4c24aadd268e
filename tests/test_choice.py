"""Choice: Alt's select, fair_select and pri_select, the ``|`` operator, and every kind of guard."""

from __future__ import annotations

from collections import Counter

import pytest
from twisted.internet.defer import CancelledError

from csp import (
    Alt,
    Channel,
    ChannelPoison,
    Deadlock,
    Guard,
    NoGuardInAlt,
    Par,
    Skip,
    Timer,
    forever,
    process,
    run,
    spawn,
)


@process
def send(cout, *values):
    for v in values:
        yield cout.write(v)


@forever
def always(cout, value):
    while True:
        yield cout.write(value)


def filled(*values, size=None):
    """A buffered channel already holding ``values``."""
    c = Channel(size or max(1, len(values)))
    c._buf.extend(values)
    return c


# -- basics -----------------------------------------------------------------------


def test_select_reads_the_ready_channel_and_reports_it(vrun):
    a, b = Channel(name="a"), Channel(name="b")
    alt = Alt(a, b)
    assert alt.last_selected is None and alt.last_index is None

    @process
    def chooser():
        value = yield alt.select()
        return value, alt.last_selected, alt.last_index

    result = vrun(Par(chooser(), send(b, "from b")))
    assert result[0] == ("from b", b, 1)


def test_choice_operator_yield_alt_and_await(vrun):
    a, b, c = Channel(), Channel(), Channel()

    @process
    def gen_chooser():
        x = yield a | b.read()
        y = yield Alt(a, b)
        return x, y

    @process
    async def async_chooser():
        x = await Alt(c, a).select()
        y = await Alt(c, b)
        return x, y

    r1 = vrun(Par(gen_chooser(), send(a, 1), send(b, 2)))[0]
    assert sorted(r1) == [1, 2]
    r2 = vrun(Par(async_chooser(), send(c, 3), send(b, 4)))[0]
    assert r2 == (3, 4)


def test_or_flattens_into_one_alt_and_rejects_non_guards():
    a, b, c = Channel(name="a"), Channel(name="b"), Channel(name="c")
    alt = a | b.read() | Skip() | Alt(c, Timer())
    assert isinstance(alt, Alt)
    assert len(alt.guards) == 5 and alt.guards[0] is a and alt.guards[1] is b and alt.guards[3] is c
    assert isinstance(alt.guards[2], Skip) and isinstance(alt.guards[4], Timer)
    with pytest.raises(TypeError):
        a | 3  # noqa: B018
    with pytest.raises(TypeError, match="cannot be a guard"):
        Alt(a, "b")


def test_empty_alt_raises_no_guard_in_alt():
    with pytest.raises(NoGuardInAlt, match="no guards"):
        Alt()


def test_read_ops_as_guards_are_not_reported_as_never_yielded(vrun):
    # RuntimeWarnings are errors in the test suite: an op given to an Alt is the Alt's to perform.
    a, b = Channel(), Channel()

    @process
    def chooser():
        alt = Alt(a.read(), b.read())
        first = yield alt.select()
        second = yield a.read() | b.read()
        return sorted([first, second])

    assert vrun(Par(chooser(), send(a, 1), send(b, 2)))[0] == [1, 2]


def test_buffered_read_guard_takes_from_the_buffer_and_admits_a_blocked_writer(vrun):
    c = Channel(1)
    log = []

    @process
    def writer():
        yield c.write(1)
        yield c.write(2)  # blocks: the buffer is full
        log.append("2 accepted")

    @process
    def chooser():
        yield Timer().sleep(1)
        first = yield Alt(c, Channel()).select()
        yield Timer().sleep(1)
        second = yield Alt(Channel(), c).select()
        return first, second, log[:]

    result = vrun(Par(chooser(), writer()))[0]
    assert result == (1, 2, ["2 accepted"])


# -- exactly one guard commits ------------------------------------------------------


def test_a_waiting_select_takes_nothing_from_the_channels_it_did_not_choose(vrun):
    a, b = Channel(name="a"), Channel(name="b")
    log = []

    @process
    def chooser():
        value = yield Alt(a, b).select()
        log.append(("chose", value))
        yield Timer().sleep(5)
        log.append(("later", (yield b.read())))

    @process
    def writer_a():
        yield Timer().sleep(1)
        yield a.write("a1")

    @process
    def writer_b():
        yield Timer().sleep(2)
        yield b.write("b1")
        log.append("b1 taken")

    vrun(Par(chooser(), writer_a(), writer_b()))
    assert log == [("chose", "a1"), ("later", "b1"), "b1 taken"]


def test_two_writers_arriving_together_commit_only_one(vrun):
    a, b = Channel(), Channel()
    done = []

    @process
    def writer(c, v):
        yield c.write(v)
        done.append(v)

    @process
    def chooser():
        first = yield Alt(a, b).select()
        settled = list(done)
        rest = yield (b if first == "a" else a).read()
        return first, rest, settled

    first, rest, settled = vrun(Par(chooser(), writer(a, "a"), writer(b, "b")))[0]
    assert {first, rest} == {"a", "b"}
    assert settled == [first]  # the other writer was still blocked after the select


def test_a_withdrawn_offer_never_resumes_the_process_at_a_later_yield(vrun):
    # twisted-csp's bug: a stale alternative resumed a process at an unrelated yield.
    a, b, c = Channel(), Channel(), Channel()

    @process
    def chooser():
        got = yield Alt(a, b).select()
        later = yield c.read()  # b's writer must not wake this
        return got, later, len(b._readers), len(b._writers)

    @process
    def feeder():
        yield a.write("a")
        yield Timer().sleep(1)
        b_writer = spawn(send(b, "b"))
        yield Timer().sleep(1)
        yield c.write("c")
        yield Timer().sleep(1)
        assert not b_writer.done
        b.poison()

    result = vrun(Par(chooser(), feeder()))[0]
    assert result == ("a", "c", 0, 1)


def test_same_channel_twice_and_both_ends_of_one_channel(vrun):
    c = Channel(name="c")

    @process
    def chooser():
        x = yield Alt(c, c).select()
        y = yield Alt(c.read(), c.write("mine")).select()  # cannot meet itself
        return x, y, len(c._readers), len(c._writers)

    @process
    def partner():
        yield c.write(1)
        return (yield c.read())

    result = vrun(Par(chooser(), partner()))
    assert result == [(1, None, 0, 0), "mine"]


# -- write guards ---------------------------------------------------------------------


def test_write_guard_gives_none_and_reports_the_channel(vrun):
    inp, out = Channel(name="in"), Channel(name="out")

    @process
    def chooser():
        alt = Alt(inp.read(), out.write(42))
        got = yield alt.select()
        return got, alt.last_selected

    @process
    def reader():
        return (yield out.read())

    assert vrun(Par(chooser(), reader())) == [(None, out), 42]


def test_write_guard_on_a_buffered_channel_with_room_commits_at_once(vrun):
    out = Channel(2)

    @process
    def chooser():
        got = yield Alt(Channel(), out.write("x")).pri_select()
        return got, list(out._buf)

    assert vrun(chooser()) == (None, ["x"])


@pytest.mark.parametrize("writer_first", [True, False])
def test_two_selects_on_opposite_ends_of_one_channel_meet(vrun, writer_first):
    c = Channel(name="shared")
    never1, never2 = Channel(name="never1"), Channel(name="never2")

    @process
    def offers_write(delay):
        yield Timer().sleep(delay)
        alt = Alt(never1, c.write("hello"))
        got = yield alt.select()
        return got, alt.last_selected

    @process
    def offers_read(delay):
        yield Timer().sleep(delay)
        alt = Alt(c, never2.read())
        got = yield alt.select()
        return got, alt.last_selected

    w, r = (0, 1) if writer_first else (1, 0)
    assert vrun(Par(offers_write(w), offers_read(r))) == [(None, c), ("hello", c)]


def test_write_guard_value_is_fixed_when_the_alt_is_built(vrun):
    out = Channel()

    @process
    def chooser():
        alt = Alt(out.write("same"))
        results = []
        for op in alt * 3:
            results.append((yield op))
        return results

    @process
    def reader():
        got = []
        for _ in range(3):
            got.append((yield out.read()))
        return got

    assert vrun(Par(chooser(), reader())) == [[None] * 3, ["same"] * 3]


def test_a_write_op_already_performed_is_refused(vrun):
    c = Channel(1)

    @process
    def misuse():
        op = c.write(1)
        yield op
        with pytest.raises(RuntimeError, match="already performed"):
            Alt(op)
        return list(c._buf)

    assert vrun(misuse()) == [1]


# -- Skip and Timer guards ----------------------------------------------------------


def test_skip_is_always_ready(vrun):
    c = Channel()

    @process
    def chooser():
        alt = Alt(c, Skip())
        got = yield alt.pri_select()
        return got, alt.last_selected

    got, chosen = vrun(chooser())
    assert got is None and isinstance(chosen, Skip)


def test_timer_guard_fires_at_the_alarm_in_virtual_time(vrun):
    c = Channel()

    @process
    def chooser():
        timer = Timer()
        timer.set_alarm(5)
        alt = Alt(c, timer)
        got = yield alt.select()
        return got, alt.last_selected is timer, timer.read()

    assert vrun(chooser()) == (None, True, 5.0)


def test_timer_alarm_set_outside_a_process_starts_at_the_first_select(clock):
    timer = Timer()
    timer.set_alarm(3)
    c = Channel()

    @process
    def chooser():
        yield Timer().sleep(10)
        yield Alt(c, timer).select()
        return timer.read()

    assert run(chooser(), reactor=clock) == 13.0


def test_losing_timer_guard_is_cancelled(clock):
    c = Channel()
    timer = Timer()

    @process
    def chooser():
        timer.set_alarm(100)
        return (yield Alt(timer, c).select())

    h = spawn(chooser(), csp_sched(clock))
    assert len(clock.getDelayedCalls()) == 1
    spawn(send(c, "data"), csp_sched(clock))
    assert h.deferred.result == "data"
    assert clock.getDelayedCalls() == []


def test_timer_guard_without_alarm_is_an_error(vrun):
    @process
    def chooser():
        yield Alt(Channel(), Timer()).select()

    with pytest.raises(ValueError, match="set_alarm"):
        vrun(chooser())


def test_timeout_pattern_with_pri_select(vrun):
    data = Channel()

    @process
    def consumer():
        got = []
        timer = Timer()
        while True:
            timer.set_alarm(2)
            value = yield Alt(data, timer).pri_select()
            if value is None:
                return got, timer.read()
            got.append(value)

    @process
    def producer():
        for i in range(3):
            yield Timer().sleep(1)
            yield data.write(i)

    assert vrun(Par(consumer(), producer()))[0] == ([0, 1, 2], 5.0)


# -- conditional guards ---------------------------------------------------------------


def test_conditional_guard_is_ignored_while_false(vrun):
    a, b = filled("a"), filled("b")

    @process
    def chooser():
        x = yield Alt(Guard(a, when=False), b).select()
        y = yield Guard(a, when=True) | Guard(b, when=False)
        return x, y

    assert vrun(chooser()) == ("b", "a")


def test_conditional_guard_with_a_callable_is_evaluated_at_every_select(vrun):
    a, b = filled(1, 2, 3), filled("x", "y", "z")
    state = {"open": False}

    @process
    def chooser():
        alt = Alt(Guard(a, when=lambda: state["open"]), b)
        first = yield alt.pri_select()
        state["open"] = True
        second = yield alt.pri_select()
        return first, second

    assert vrun(chooser()) == ("x", 1)


def test_every_guard_disabled_raises_no_guard_in_alt(vrun):
    @process
    def chooser():
        yield Alt(Guard(Channel(), when=False), Guard(Skip(), when=0)).select()

    with pytest.raises(NoGuardInAlt, match="disabled"):
        vrun(chooser())


def test_bounded_buffer_with_conditional_write_guard(vrun):
    cin, cout = Channel(), Channel()

    @process
    def buffer(cin, cout, size):
        items = []
        while True:
            alt = Alt(Guard(cin, when=len(items) < size),
                      Guard(cout.write(items[0] if items else None), when=bool(items)))
            value = yield alt.select()
            if alt.last_index == 0:
                items.append(value)
            else:
                items.pop(0)

    @process
    def producer():
        for i in range(10):
            yield cin.write(i)
        yield Timer().sleep(1)
        cin.poison()  # the buffer is empty by now; poison shuts it down

    @process
    def consumer():
        got = []
        for _ in range(10):
            got.append((yield cout.read()))
        return got

    assert vrun(Par(buffer(cin, cout, 3), producer(), consumer()))[2] == list(range(10))


# -- poison ---------------------------------------------------------------------------


def test_poisoned_guard_raises_even_if_another_is_ready(vrun):
    a = Channel()
    a.poison()

    @process
    def chooser():
        try:
            yield Alt(Skip(), a).select()
        except ChannelPoison as e:
            return e.channel

    assert vrun(chooser()) is a


def test_poison_while_waiting_raises_and_withdraws_the_other_offers(vrun):
    a, b = Channel(), Channel()

    @process
    def chooser():
        try:
            yield Alt(a, b).select()
        except ChannelPoison:
            return "poisoned", len(b._readers)

    @process
    def poisoner():
        yield Timer().sleep(1)
        a.poison()

    assert vrun(Par(chooser(), poisoner()))[0] == ("poisoned", 0)


def test_poison_spreads_through_a_process_that_selects(vrun):
    a, b, out = Channel(), Channel(), Channel()

    @forever
    def merge(cin1, cin2, cout):
        alt = Alt(cin1, cin2)
        while True:
            yield cout.write((yield alt.fair_select()))

    @process
    def sink():
        got = []
        try:
            while True:
                got.append((yield out.read()))
        except ChannelPoison:
            return got

    @process
    def source():
        yield a.write(1)
        a.poison()

    result = vrun(Par(merge(a, b, out), source(), sink()))
    assert result[2] == [1] and b.poisoned


# -- the three policies ---------------------------------------------------------------


def test_fair_select_alternates_between_two_always_ready_writers(vrun):
    a, b = Channel(name="a"), Channel(name="b")

    @process
    def chooser(n):
        alt = Alt(a, b)
        got = []
        for _ in range(n):
            got.append((yield alt.fair_select()))
        a.poison()
        b.poison()
        return got

    got = vrun(Par(chooser(200), always(a, "a"), always(b, "b")))[0]
    assert all(x != y for x, y in zip(got, got[1:], strict=False)), got


def test_fair_select_alternates_when_both_are_always_ready_in_buffers(vrun):
    a, b = filled(*["a"] * 50), filled(*["b"] * 50)

    @process
    def chooser():
        alt = Alt(a, b)
        got = []
        for _ in range(100):
            got.append((yield alt.fair_select()))
        return got

    got = vrun(chooser())
    assert got == ["a", "b"] * 50 or got == ["b", "a"] * 50


def test_fair_select_takes_ready_guards_in_turn(vrun):
    chans = [filled(*[i] * 30) for i in range(3)]

    @process
    def chooser():
        alt = Alt(*chans)
        got = []
        for _ in range(30):
            got.append((yield alt.fair_select()))
        return got

    got = vrun(chooser())
    assert Counter(got) == {0: 10, 1: 10, 2: 10}


def test_pri_select_takes_the_first_ready_guard_in_order(vrun):
    a, b, c = Channel(), filled(*"bbbb"), filled(*"cccc")

    @process
    def chooser():
        alt = Alt(a, b, c)
        first = []
        for _ in range(4):
            first.append((yield alt.pri_select()))
        rest = []
        for _ in range(2):
            rest.append((yield alt.pri_select()))
        return first, rest

    assert vrun(chooser()) == (list("bbbb"), list("cc"))


def test_select_picks_every_ready_guard_sometimes(vrun):
    chans = [filled(*[i] * 300, size=300) for i in range(3)]

    @process
    def chooser():
        alt = Alt(*chans)
        got = []
        for _ in range(300):
            got.append((yield alt.select()))
        return got

    counts = Counter(vrun(chooser()))
    assert set(counts) == {0, 1, 2}
    assert min(counts.values()) > 50  # uniform: 100 expected each


def test_alt_times_n_and_n_times_alt(vrun):
    a, b = Channel(), Channel()

    @process
    def chooser():
        got = []
        for op in Alt(a, b) * 2:
            got.append((yield op))
        for op in 2 * Alt(a, b):
            got.append((yield op))
        return sorted(got)

    assert vrun(Par(chooser(), send(a, 1, 3), send(b, 2, 4)))[0] == [1, 2, 3, 4]
    with pytest.raises(ValueError):
        Alt(a) * -1  # noqa: B018
    with pytest.raises(TypeError):
        Alt(a) * 1.5  # noqa: B018


# -- many channels: a plain choice between reads ----------------------------------------


@pytest.mark.parametrize("mode", ["select", "fair_select", "pri_select"])
def test_a_choice_between_many_channels_delivers_every_value_once_in_order(vrun, mode):
    chans = [Channel() for _ in range(37)]  # not a power of two: some random draws miss

    @process
    def chooser():
        alt = Alt(*chans)
        select = getattr(alt, mode)
        got = []
        for _ in range(37 * 20):
            value = yield select()
            assert alt.last_selected is chans[value[0]] and alt.last_index == value[0]
            got.append(value)
        return got, [len(c._readers) for c in chans]

    result = vrun(Par(chooser(), *[send(c, *[(i, j) for j in range(20)]) for i, c in enumerate(chans)]))
    got, readers = result[0]
    assert sorted(got) == [(i, j) for i in range(37) for j in range(20)]
    for i in range(37):
        assert [j for k, j in got if k == i] == list(range(20))
    assert readers == [0] * 37


def test_fair_select_over_always_ready_writers_takes_each_channel_in_turn(vrun):
    chans = [Channel() for _ in range(12)]

    @process
    def chooser():
        alt = Alt(*chans)
        got = []
        for _ in range(12 * 5):
            got.append((yield alt.fair_select()))
        for c in chans:
            c.poison()
        return got

    result = vrun(Par(chooser(), *[always(c, i) for i, c in enumerate(chans)]))
    assert result[0] == list(range(12)) * 5


def test_pri_select_over_many_buffered_and_rendezvous_channels(vrun):
    chans = [Channel() for _ in range(12)]
    chans[3], chans[8] = filled("x", "y"), filled("z")

    @process
    def chooser():
        yield Timer().sleep(1)  # the writer on chans[5] is waiting by now
        alt = Alt(*chans)
        got = []
        for _ in range(4):
            got.append((yield alt.pri_select()))
        return got

    assert vrun(Par(chooser(), send(chans[5], "w")))[0] == ["x", "y", "w", "z"]


def test_select_is_uniform_among_the_ready_channels_of_many(vrun):
    chans = [filled(*[i] * 400, size=400) if i % 3 else Channel() for i in range(15)]

    @process
    def chooser():
        alt = Alt(*chans)
        got = []
        for _ in range(2000):
            got.append((yield alt.select()))
        return got

    counts = Counter(vrun(chooser()))
    assert set(counts) == {i for i in range(15) if i % 3}
    assert all(120 < n < 280 for n in counts.values()), counts  # 200 expected each


def test_a_select_that_parks_again_and_again_withdraws_its_offers_each_time(vrun):
    chans = [Channel() for _ in range(5)]

    @process
    def chooser():
        alt = Alt(*chans)
        got = []
        for _ in range(10):
            got.append((yield alt.select()))
            got.append(sum(len(c._readers) for c in chans))  # nothing left behind
        return got

    @process
    def feeder():
        for n in range(10):
            yield Timer().sleep(1)  # the chooser waits with an offer on every channel
            yield chans[n * 3 % 5].write(n)

    got = vrun(Par(chooser(), feeder()))[0]
    assert got[0::2] == list(range(10)) and got[1::2] == [0] * 10


def test_two_processes_waiting_on_one_alt_each_get_one_value(vrun):
    a, b, c = Channel(), Channel(), Channel()
    alt = Alt(a, b, c)

    @process
    def chooser(delay):
        yield Timer().sleep(delay)
        return (yield alt.select())

    @process
    def feeder():
        yield Timer().sleep(1)  # the first two choosers wait on every channel
        waiting = [len(x._readers) for x in (a, b, c)]
        yield b.write("b")
        yield a.write("a")
        left = [len(x._readers) for x in (a, b, c)]
        yield Timer().sleep(2)  # the third waits now
        again = [len(x._readers) for x in (a, b, c)]
        yield c.write("c")
        return waiting, left, again, [len(x._readers) for x in (a, b, c)]

    first, second, third, fed = vrun(Par(chooser(0), chooser(0), chooser(2), feeder()))
    assert sorted([first, second]) == ["a", "b"] and third == "c"
    assert fed == ([2, 2, 2], [0, 0, 0], [1, 1, 1], [0, 0, 0])


def test_a_select_poisoned_while_waiting_raises_again_at_its_next_select(vrun):
    chans = [Channel() for _ in range(6)]

    @process
    def chooser():
        alt = Alt(*chans)
        raised = []
        for _ in range(2):
            try:
                yield alt.select()
            except ChannelPoison as e:
                raised.append((chans.index(e.channel), sum(len(c._readers) for c in chans)))
        return raised

    @process
    def poisoner():
        yield Timer().sleep(1)
        chans[4].poison()

    assert vrun(Par(chooser(), poisoner()))[0] == [(4, 0), (4, 0)]


def test_a_cancelled_select_leaves_its_alt_ready_for_the_next(clock):
    chans = [Channel() for _ in range(4)]
    alt = Alt(*chans)
    sched = csp_sched(clock)
    h = spawn(_yield_value(alt), sched)
    assert [len(c._readers) for c in chans] == [1, 1, 1, 1]
    h.cancel()
    assert [len(c._readers) for c in chans] == [0, 0, 0, 0]
    h2 = spawn(_yield_value(alt), sched)
    assert [len(c._readers) for c in chans] == [1, 1, 1, 1]
    spawn(send(chans[2], "two"), sched)
    assert h2.deferred.result == "two" and alt.last_index == 2
    assert [len(c._readers) for c in chans] == [0, 0, 0, 0]


def test_fair_select_takes_turns_among_other_guards_and_skips_disabled_ones(vrun):
    out = Channel(1)
    third = [True]

    @process
    def chooser():
        alt = Alt(Skip(), out.write("w"), Guard(Skip(), when=lambda: third[0]), Skip())
        got = []
        for n in range(12):
            if n == 8:
                third[0] = False
            yield alt.fair_select()
            got.append(alt.last_index)
            if alt.last_index == 1:
                yield out.read()  # room again for the write guard
        return got

    assert vrun(chooser()) == [0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 3, 0]


def test_poison_from_outside_whose_first_victim_commits_the_select_first(clock):
    # The poison wakes the plain reader of x first; it writes to y at once, which commits the
    # select: its offer on x is withdrawn from a queue the poison has emptied, then thrown.
    x, y = Channel(name="x"), Channel(name="y")
    sched = csp_sched(clock)

    @process
    def reader():
        try:
            yield x.read()
        except ChannelPoison:
            yield y.write("from the poisoned reader")

    r = spawn(reader(), sched)
    h = spawn(_yield_value(Alt(x, y)), sched)
    assert len(x._readers) == 2 and len(y._readers) == 1
    x.poison()
    assert h.deferred.result == "from the poisoned reader" and r.done
    assert not x._readers and not y._readers and not y._writers


# -- deadlock, control, Twisted code ----------------------------------------------------


def test_select_on_channels_nobody_writes_is_a_deadlock(vrun):
    a, b = Channel(name="a"), Channel(name="b")

    @process
    def chooser():
        yield Alt(a, b.write(3)).select()

    with pytest.raises(Deadlock, match=r"choosing between reading from Channel\(name='a'\), "
                                      r"writing 3 to Channel\(name='b'\)"):
        vrun(chooser())


def test_select_with_a_pending_timer_is_not_a_deadlock(vrun):
    @process
    def chooser():
        timer = Timer()
        timer.set_alarm(7)
        yield Alt(Channel(), timer).select()
        return timer.read()

    assert vrun(chooser()) == 7.0


def test_select_fed_from_twisted_code_is_not_a_deadlock(clock):
    c = Channel()
    c.put("first")  # c is now fed from outside the processes
    clock.callLater(4, c.put, "second")

    @process
    def chooser():
        first = yield Alt(Channel(), c).select()
        second = yield Alt(Channel(), c).select()  # waits 4s for Twisted code
        return first, second

    assert run(chooser(), reactor=clock) == ("first", "second")


def test_put_from_twisted_code_commits_a_waiting_select(clock):
    a, c = Channel(), Channel()
    h = spawn(_yield_value(Alt(a, c)), csp_sched(clock))
    fired = []
    c.put("outside").addCallback(fired.append)
    assert h.deferred.result == "outside" and fired == [None] and not a._readers


def csp_sched(clock):
    from csp import scheduler_for

    return scheduler_for(clock)


def test_cancel_withdraws_every_offer(clock):
    a, b = Channel(), Channel()
    timer = Timer()
    timer.set_alarm(10)
    h = spawn(_yield_value(Alt(a, b, timer)), csp_sched(clock))
    assert len(a._readers) == len(b._readers) == 1
    assert "choosing between" in csp_sched(clock).ps()[0][2]
    h.cancel()
    assert h.done
    cancelled = []
    h.deferred.addErrback(lambda f: cancelled.append(f.check(CancelledError)))
    assert cancelled == [CancelledError]
    assert not a._readers and not b._readers and clock.getDelayedCalls() == []


def test_pause_withholds_the_select_and_resume_reperforms_it(clock):
    a, b = Channel(), Channel()
    sched = csp_sched(clock)
    h = spawn(_yield_value(Alt(a, b)), sched)
    h.pause()
    assert not a._readers and not b._readers
    w = spawn(send(b, "while paused"), sched)
    assert not w.done and not h.done
    h.resume()
    assert h.deferred.result == "while paused" and w.done
    assert not a._readers


@process
def _yield_value(op):
    return (yield op)


def test_get_from_twisted_code_takes_a_write_guards_value(clock):
    out = Channel()
    h = spawn(_yield_value(Alt(Channel(), out.write("offered"))), csp_sched(clock))
    got = []
    out.get().addCallback(got.append)
    assert got == ["offered"] and h.done and h.deferred.result is None


def test_repr_and_docstrings():
    a = Channel(name="a")
    alt = Alt(a, Guard(Skip(), when=True))
    assert "reading from Channel(name='a')" in repr(alt) and "when True" in repr(alt)
    for doc in (Alt.__doc__, Alt.select.__doc__, Alt.fair_select.__doc__, Alt.pri_select.__doc__):
        assert "yield" in doc  # each shows an example (the shell's `info alt` prints them)


def test_a_selection_never_yielded_is_reported(vrun):
    @process
    def forgetful():
        alt = Alt(Skip())
        alt.fair_select()  # python-csp's habit: here it only builds the selection
        yield

    line = forgetful.__wrapped__.__code__.co_firstlineno + 3  # @process, def, alt =, this line
    with pytest.warns(RuntimeWarning, match=rf"<fair_select of Alt\(Skip\(\)\)> created in process "
                                            rf"forgetful#\d+ at line {line} .*never yielded; "
                                            r"write `yield alt.fair_select\(\)`"):
        vrun(forgetful())


def test_pause_past_a_timer_alarm_then_resume_selects_the_timer(clock):
    timer = Timer(clock=clock)
    timer.set_alarm(5)
    h = spawn(_yield_value(Alt(Channel(), timer)), csp_sched(clock))
    h.pause()
    assert clock.getDelayedCalls() == []
    clock.advance(10)
    assert not h.done
    h.resume()
    assert h.done and h.deferred.result is None


def test_poison_from_another_thread_wakes_a_select_on_the_reactor_thread(background_reactor):
    import threading

    reactor = background_reactor
    from twisted.internet.threads import blockingCallFromThread

    a, b = Channel(), Channel()
    about_to_select = threading.Event()

    @process
    def chooser():
        about_to_select.set()
        try:
            yield Alt(a, b).select()
        except ChannelPoison:
            return threading.current_thread().name, len(b._readers)

    h = chooser().spawn()  # on the real reactor, in its background thread
    assert about_to_select.wait(10)
    blockingCallFromThread(reactor, lambda: None)  # the select has parked by now
    a.poison()  # from this (non-reactor) thread
    assert blockingCallFromThread(reactor, lambda: h.deferred) == ("csp-reactor", 0)
