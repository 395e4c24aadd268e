"""Close: the graceful end of one stream, as Go and core.async users expect it."""

from __future__ import annotations

import pytest

from csp import Alt, Channel, ChannelClosed, ChannelPoison, Par, Skip, Timer, process


@process
def write_then_close(cout, values):
    for v in values:
        yield cout.write(v)
    cout.close()


@process
def read_all(cin):
    got = []
    try:
        while True:
            got.append((yield cin.read()))
    except ChannelClosed as closed:
        assert closed.channel is cin
    return got


def test_reader_gets_every_value_then_learns_the_channel_is_closed(vrun):
    c = Channel()
    assert vrun(Par(write_then_close(c, [1, None, 3]), read_all(c)))[1] == [1, None, 3]


def test_none_written_last_is_a_value_not_the_end(vrun):
    c = Channel(2)
    assert vrun(Par(write_then_close(c, [None, None]), read_all(c)))[1] == [None, None]


def test_buffered_values_stay_readable_after_close(vrun):
    c = Channel(3)

    @process
    def fill_close_then_read():
        for v in "abc":
            yield c.write(v)
        c.close()
        assert c.closed and not c.poisoned
        return (yield read_all(c))

    assert vrun(fill_close_then_read()) == ["a", "b", "c"]


def test_write_after_close_raises_channel_closed_and_close_is_idempotent(vrun):
    c = Channel(1)

    @process
    def p():
        c.close()
        c.close()
        try:
            yield c.write(1)
        except ChannelClosed as e:
            return str(e)

    assert vrun(p()) == f"{c!r} is closed"


def test_a_writer_blocked_at_the_close_is_delivered_not_dropped(vrun):
    c = Channel()
    log = []

    @process
    def writer():
        yield c.write("promised")
        log.append(("write returned", Timer().read()))

    @process
    def closer_then_reader():
        yield Timer().sleep(1)
        c.close()  # the writer is parked on c now
        yield Timer().sleep(1)
        log.append(("read", (yield c.read()), Timer().read()))
        try:
            yield c.read()
        except ChannelClosed:
            log.append("closed")

    vrun(Par(writer(), closer_then_reader()))
    assert log[0] == ("read", "promised", 2.0)
    assert sorted(log[1:], key=str) == [("write returned", 2.0), "closed"]


def test_readers_blocked_at_the_close_wake_with_channel_closed(vrun):
    c = Channel()

    @process
    def closer():
        yield Timer().sleep(1)
        c.close()

    assert vrun(Par(read_all(c), read_all(c), closer())) == [[], [], None]


def test_a_process_ended_by_close_ends_normally_and_closes_its_channels(vrun):
    """The pipeline drains to the end and stops cleanly: no sentinel, no poison."""
    a, b = Channel(), Channel(2)

    @process
    def double(cin, cout):
        while True:
            yield cout.write(2 * (yield cin.read()))

    results = vrun(Par(write_then_close(a, range(5)), double(a, b), read_all(b)))
    assert results == [None, None, [0, 2, 4, 6, 8]]
    assert a.closed and b.closed and not b.poisoned


def test_async_for_reads_until_closed(vrun):
    c = Channel()

    @process
    async def collect(cin):
        return [v async for v in cin]

    assert vrun(Par(write_then_close(c, [1, 2, None]), collect(c)))[1] == [1, 2, None]


def test_poison_after_close_wins_and_fails_blocked_writers(vrun):
    c = Channel()
    log = []

    @process
    def writer():
        try:
            yield c.write(1)
        except ChannelPoison:
            log.append("writer poisoned")

    @process
    def shutter():
        yield Timer().sleep(1)
        c.close()
        c.poison()
        assert c.poisoned and c.closed

    vrun(Par(writer(), shutter()))
    assert log == ["writer poisoned"]


def test_close_after_poison_does_nothing(vrun):
    c = Channel()
    c.poison()
    c.close()
    assert c.poisoned

    @process
    def p():
        try:
            yield c.read()
        except ChannelPoison:
            return "poison"

    assert vrun(p()) == "poison"


def test_a_closed_channel_in_an_alt_is_ready_and_says_it_is_closed(vrun):
    closed, quiet = Channel(name="closed"), Channel(name="quiet")
    closed.close()

    @process
    def p():
        alt = Alt(quiet, closed)
        try:
            yield alt.select()
        except ChannelClosed as e:
            return e.channel, alt.last_selected, alt.last_index

    assert vrun(p()) == (closed, closed, 1)


def test_pri_select_prefers_a_ready_value_to_a_closed_channel(vrun):
    data, done = Channel(1), Channel()
    done.close()

    @process
    def p():
        yield data.write("x")
        return (yield Alt(data, done).pri_select())

    assert vrun(p()) == "x"


def test_a_parked_select_is_woken_by_close(vrun):
    a, b = Channel(name="a"), Channel(name="b")

    @process
    def chooser():
        alt = Alt(a, b)
        try:
            yield alt.select()
        except ChannelClosed as e:
            return e.channel.name, alt.last_selected.name

    @process
    def closer():
        yield Timer().sleep(1)
        b.close()

    assert vrun(Par(chooser(), closer()))[0] == ("b", "b")


def test_merge_until_every_input_is_closed_loses_nothing(vrun):
    ins = [Channel(name=f"in{i}") for i in range(3)]

    @process
    def merge(inputs):
        live, got = list(inputs), []
        while live:
            alt = Alt(*live)
            try:
                got.append((yield alt.fair_select()))
            except ChannelClosed as e:
                live.remove(e.channel)
        return sorted(got)

    writers = [write_then_close(c, [i * 10 + k for k in range(4)]) for i, c in enumerate(ins)]
    assert vrun(Par(merge(ins), *writers))[0] == sorted(i * 10 + k for i in range(3) for k in range(4))


def test_a_write_guard_on_a_closed_channel_raises(vrun):
    c = Channel()
    c.close()

    @process
    def p():
        try:
            yield Alt(c.write(1)).select()
        except ChannelClosed:
            return "closed"

    assert vrun(p()) == "closed"


def test_skip_still_chosen_beside_an_open_channel_after_another_closed(vrun):
    c = Channel()

    @process
    def p():
        return (yield c | Skip())

    assert vrun(p()) is None


def test_put_and_get_from_twisted_code_see_the_close(clock):
    c = Channel(1)
    results = []
    c.put("kept")
    c.close()
    c.put("late").addErrback(lambda f: results.append(("put", f.type.__name__)))
    c.get().addCallback(lambda v: results.append(("get", v)))
    c.get().addErrback(lambda f: results.append(("get", f.type.__name__)))
    assert results == [("put", "ChannelClosed"), ("get", "kept"), ("get", "ChannelClosed")]


def test_a_parked_get_fails_with_channel_closed_on_close():
    c = Channel()
    results = []
    c.get().addErrback(lambda f: results.append(f.type.__name__))
    c.close()
    assert results == ["ChannelClosed"]


@pytest.mark.parametrize("buffer", [0, 1, 3])
def test_many_writers_one_closer_every_value_read_exactly_once(vrun, buffer):
    c = Channel(buffer)

    @process
    def writer(k):
        for i in range(5):
            yield c.write((k, i))

    @process
    def writers_then_close():
        yield Par(*(writer(k) for k in range(3)))
        c.close()

    got = vrun(Par(writers_then_close(), read_all(c), read_all(c)))
    values = got[1] + got[2]
    assert sorted(values) == sorted((k, i) for k in range(3) for i in range(5))
