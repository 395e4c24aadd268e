"""Buffer kinds (fixed, dropping, sliding), the promise channel, and non-blocking offer/poll."""

from __future__ import annotations

import pytest

from csp import (
    Alt,
    Channel,
    ChannelClosed,
    ChannelPoison,
    DroppingBuffer,
    Par,
    PromiseChannel,
    SlidingBuffer,
    Timer,
    process,
)


@process
def write_all(cout, values):
    for v in values:
        yield cout.write(v)
    return Timer().read()


@process
def drain(cin):
    got = []
    while True:
        value = cin.poll(default=drain)
        if value is drain:
            return got
        got.append(value)
        yield


def test_dropping_buffer_never_blocks_and_keeps_the_oldest(vrun):
    c = Channel(DroppingBuffer(2))
    assert vrun(write_all(c, [1, 2, 3, 4])) == 0.0
    assert vrun(drain(c)) == [1, 2]


def test_sliding_buffer_never_blocks_and_keeps_the_newest(vrun):
    c = Channel(SlidingBuffer(2))
    assert vrun(write_all(c, [1, 2, 3, 4])) == 0.0
    assert vrun(drain(c)) == [3, 4]


def test_dropping_and_sliding_buffers_hand_a_value_to_a_waiting_reader_first(vrun):
    for kind in (DroppingBuffer, SlidingBuffer):
        c = Channel(kind(1))

        @process
        def late_writer(c=c):
            yield Timer().sleep(1)
            yield c.write("direct")
            yield c.write("kept")
            yield c.write("extra")

        @process
        def reader(c=c):
            return (yield c.read())

        assert vrun(Par(late_writer(), reader())) == [None, "direct"]
        assert c.poll() == ("kept" if kind is DroppingBuffer else "extra")


def test_buffer_kinds_show_in_repr_and_reject_bad_sizes():
    assert repr(Channel(SlidingBuffer(3), name="s")) == "Channel(name='s', buffer=SlidingBuffer(3))"
    assert Channel(DroppingBuffer(4)).buffer == 4
    with pytest.raises(ValueError, match="a whole number >= 1"):
        DroppingBuffer(0)
    with pytest.raises(TypeError, match="DroppingBuffer"):
        Channel("3")


def test_a_write_guard_on_a_dropping_buffer_is_always_ready(vrun):
    c = Channel(DroppingBuffer(1))

    @process
    def p():
        for v in range(3):
            yield Alt(c.write(v)).select()
        return c.poll()

    assert vrun(p()) == 0


def test_promise_channel_gives_its_first_value_to_every_reader(vrun):
    answer = PromiseChannel(name="answer")

    @process
    def reader():
        return (yield answer.read())

    @process
    def writer():
        yield Timer().sleep(1)
        yield answer.write(42)
        yield answer.write(43)  # completes, dropped

    results = vrun(Par(reader(), reader(), writer()))
    assert results == [42, 42, None]
    assert vrun(reader()) == 42  # a later reader too: it is never taken out
    assert answer.poll() == 42


def test_promise_channel_closed_before_a_write_ends_readers_after_it_keeps_the_value(vrun):
    empty, full = PromiseChannel(), PromiseChannel()
    full.offer("v")
    empty.close()
    full.close()

    @process
    def read(c):
        try:
            return (yield c.read())
        except ChannelClosed:
            return "closed"

    assert vrun(Par(read(empty), read(full), read(full))) == ["closed", "v", "v"]


def test_promise_channel_in_an_alt(vrun):
    p, other = PromiseChannel(), Channel()

    @process
    def chooser():
        return (yield Alt(other, p).select())

    @process
    def fulfil():
        yield Timer().sleep(2)
        yield p.write("kept")

    assert vrun(Par(chooser(), fulfil()))[0] == "kept"
    assert vrun(chooser()) == "kept"


def test_offer_succeeds_only_when_a_reader_waits_or_there_is_room(vrun):
    rendezvous, buffered = Channel(), Channel(1)
    assert rendezvous.offer(1) is False
    assert buffered.offer(1) is True
    assert buffered.offer(2) is False
    got = []
    rendezvous.get().addCallback(got.append)
    assert rendezvous.offer("taken") is True
    assert got == ["taken"]


def test_poll_takes_a_value_only_if_one_is_there(vrun):
    c = Channel()
    assert c.poll() is None
    assert c.poll(default="nothing") == "nothing"
    c.put(None)  # a writer now waits with None: a value
    assert c.poll(default="nothing") is None
    assert c.poll(default="nothing") == "nothing"


def test_offer_and_poll_raise_as_writes_and_reads_would():
    closed, poisoned = Channel(1), Channel()
    closed.offer("last")
    closed.close()
    with pytest.raises(ChannelClosed):
        closed.offer(1)
    assert closed.poll() == "last"
    with pytest.raises(ChannelClosed):
        closed.poll()
    poisoned.poison()
    with pytest.raises(ChannelPoison):
        poisoned.offer(1)
    with pytest.raises(ChannelPoison):
        poisoned.poll()
