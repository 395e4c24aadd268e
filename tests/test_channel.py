"""Channels: rendezvous, buffers, any-to-any, names, put/get from Twisted code."""

from __future__ import annotations

import pytest

from csp import Channel, Par, Timer, process, spawn


@process
def write_all(cout, values, log=None):
    for v in values:
        yield cout.write(v)
        if log is not None:
            log.append(("wrote", v, Timer().read()))


@process
def read_n(cin, n, log=None, delay=0):
    got = []
    for _ in range(n):
        if delay:
            yield Timer().sleep(delay)
        v = yield cin.read()
        got.append(v)
        if log is not None:
            log.append(("read", v, Timer().read()))
    return got


def test_rendezvous_write_blocks_until_a_reader_has_taken_the_value(vrun):
    c = Channel()
    log: list = []
    result = vrun(Par(write_all(c, [1, 2], log), read_n(c, 2, log, delay=5)))
    assert result[1] == [1, 2]
    wrote = [t for kind, _v, t in log if kind == "wrote"]
    assert wrote == [5.0, 10.0]  # each write completed only when the slow reader took it


def test_buffered_write_completes_while_there_is_room(vrun):
    c = Channel(2)
    log: list = []
    vrun(Par(write_all(c, [1, 2, 3], log), read_n(c, 3, log, delay=5)))
    wrote = [t for kind, _v, t in log if kind == "wrote"]
    assert wrote == [0.0, 0.0, 5.0]  # two fit in the buffer, the third waits for room
    assert [v for kind, v, _t in log if kind == "read"] == [1, 2, 3]


def test_buffer_keyword_and_positional_are_the_same():
    assert Channel(3).buffer == 3
    assert Channel(buffer=3).buffer == 3
    assert Channel().buffer == 0


def test_none_is_a_value_like_any_other(vrun):
    c = Channel()
    assert vrun(Par(write_all(c, [None, 0, None]), read_n(c, 3)))[1] == [None, 0, None]


def test_any_to_any_every_value_read_exactly_once(vrun):
    c = Channel()
    writers = [write_all(c, range(k * 100, k * 100 + 10)) for k in range(3)]
    readers = [read_n(c, 15) for _ in range(2)]
    results = vrun(Par(*writers, *readers))
    got = results[3] + results[4]
    assert sorted(got) == sorted(v for k in range(3) for v in range(k * 100, k * 100 + 10))


def test_values_from_one_writer_arrive_in_order(vrun):
    c = Channel(4)
    assert vrun(Par(write_all(c, range(50)), read_n(c, 50)))[1] == list(range(50))


def test_parked_writers_and_readers_are_served_first_come_first_served(vrun):
    c, d = Channel(), Channel()

    @process
    def late_reader(cin, n):
        yield Timer().sleep(1)  # every writer is parked by now, in the order they came
        got = []
        for _ in range(n):
            got.append((yield cin.read()))
        return got

    @process
    def late_writer(cout, values):
        yield Timer().sleep(1)  # every reader is parked by now
        for v in values:
            yield cout.write(v)

    writers = [write_all(c, [k]) for k in range(5)]
    readers = [read_n(d, 1) for _ in range(5)]
    results = vrun(Par(*writers, late_reader(c, 5), *readers, late_writer(d, range(5))))
    assert results[5] == [0, 1, 2, 3, 4]
    assert [r[0] for r in results[6:11]] == [0, 1, 2, 3, 4]


def test_a_cancelled_writer_leaves_the_queue_and_the_others_keep_their_places(sched, clock):
    c = Channel()
    handles = [spawn(write_all(c, [k]), sched) for k in range(4)]
    handles[1].cancel()
    handles[1].deferred.addErrback(lambda f: None)
    reader = spawn(read_n(c, 3), sched)
    assert reader.deferred.result == [0, 2, 3]
    assert [h.deferred.called for h in handles] == [True] * 4
    assert not c._writers and not c._readers


def test_names_are_unique_and_shown_in_repr():
    a, b = Channel(), Channel()
    assert a.name != b.name
    assert a.name in repr(a)
    assert repr(Channel(name="pipe")) == "Channel(name='pipe')"
    assert repr(Channel(2, name="q")) == "Channel(name='q', buffer=2)"


def test_bad_channel_arguments_say_what_to_write():
    with pytest.raises(TypeError, match="Channel\\(name='...'\\)"):
        Channel("pipe")
    with pytest.raises(ValueError, match=">= 0"):
        Channel(-1)
    with pytest.raises(TypeError, match="name"):
        Channel(name=3)


def test_async_processes_use_the_same_operations(vrun):
    @process
    async def producer(cout):
        for i in range(3):
            await cout.write(i * i)

    @process
    async def consumer(cin):
        return [await cin.read() for _ in range(3)]

    c = Channel()
    assert vrun(Par(producer(c), consumer(c)))[1] == [0, 1, 4]


def test_put_and_get_feed_processes_from_twisted_code(sched, clock):
    c, out = Channel(), Channel()
    got: list = []
    h = spawn(read_n(c, 2), sched)
    d1 = c.put("a")
    assert d1.called  # the reader was waiting: taken at once
    d2 = c.put("b")
    h.deferred.addCallback(got.append)
    assert got == [["a", "b"]] and d2.called

    results: list = []
    out.get().addCallback(results.append)
    spawn(write_all(out, ["x"]), sched)
    assert results == ["x"]


def test_put_waits_for_a_reader(sched):
    c = Channel()
    d = c.put(7)
    assert not d.called
    h = spawn(read_n(c, 1), sched)
    assert d.called and h.deferred.result == [7]


def test_a_write_operation_is_performed_once(vrun):
    @process
    def twice(c):
        op = c.write(1)
        yield op
        yield op

    @process
    def drain(c):
        while True:
            yield c.read()

    c = Channel()
    with pytest.raises(RuntimeError, match="already performed"):
        vrun(Par(twice(c), drain(c)))
