"""core.async's alts: default, priority, closed channels, puts; and timeout."""

from __future__ import annotations

from collections import Counter

import pytest

from csp import Channel, ChannelPoison, Par, PromiseChannel, Timer, process
from csp.coreasync import CLOSED, DEFAULT, alts, timeout


def test_a_take_gives_the_value_and_the_channel(vrun):
    a, b = Channel(1), Channel(1)

    @process
    def p():
        yield b.write(None)  # None is a value
        return (yield from alts([a, b]))

    assert vrun(p()) == (None, b)


def test_a_put_gives_true_and_the_channel(vrun):
    a = Channel(1)

    @process
    def p():
        result = yield from alts([(a, "x")])
        return result, (yield a.read())

    assert vrun(p()) == ((True, a), "x")


def test_default_is_taken_only_when_nothing_is_ready(vrun):
    a, b = Channel(), Channel(1)

    @process
    def p():
        first = yield from alts([a, b], default="nothing")
        yield b.write(7)
        second = yield from alts([a, b], default="nothing")
        return first, second

    assert vrun(p()) == (("nothing", DEFAULT), (7, b))


def test_default_may_be_none(vrun):
    @process
    def p():
        return (yield from alts([Channel()], default=None))

    assert vrun(p()) == (None, DEFAULT)


def test_priority_takes_the_first_ready_port_in_order(vrun):
    chans = [Channel(1) for _ in range(4)]

    @process
    def p():
        for i, c in enumerate(chans):
            yield c.write(i)
        picked = []
        for _ in range(4):
            value, ch = yield from alts(chans, priority=True)
            picked.append(value)
        return picked

    assert vrun(p()) == [0, 1, 2, 3]


@pytest.mark.parametrize("default", [False, True])
def test_without_priority_every_ready_port_gets_chosen(vrun, default):
    chans = [Channel(1) for _ in range(3)]

    @process
    def p():
        counts = Counter()
        for _ in range(300):
            for i, c in enumerate(chans):
                c.offer(i)  # refills the ones taken (a full buffer refuses)
            kw = {"default": "none"} if default else {}
            value, _ch = yield from alts(chans, **kw)
            counts[value] += 1
        return counts

    counts = vrun(p())
    assert set(counts) == {0, 1, 2} and min(counts.values()) > 50


def test_a_closed_channel_gives_closed_not_none(vrun):
    a = Channel()
    a.close()

    @process
    def p():
        return (yield from alts([a]))

    assert vrun(p()) == (CLOSED, a)


def test_a_put_to_a_closed_channel_gives_false(vrun):
    a = Channel(1)
    a.close()

    @process
    def p():
        return (yield from alts([(a, 1)]))

    assert vrun(p()) == (False, a)


def test_a_poisoned_channel_raises(vrun):
    a = Channel()
    a.poison()

    @process
    def p():
        with pytest.raises(ChannelPoison):
            yield from alts([a, Channel()])
        return "raised"

    assert vrun(p()) == "raised"


def test_await_alts_in_an_async_def(vrun):
    a = PromiseChannel()
    a.offer("promised")

    @process
    async def p():
        return await alts([a])

    assert vrun(p()) == ("promised", a)


def test_timeout_closes_after_the_delay_and_loses_the_race_to_a_faster_channel(vrun):
    fast = Channel()

    @process
    def talker():
        yield Timer().sleep(0.5)
        yield fast.write("reply")

    @process
    def asker():
        t = timeout(1.0)
        first = yield from alts([fast, t])
        second = yield from alts([fast, t])
        return first, second, Timer().read()

    _, (first, second, when) = vrun(Par(talker(), asker()))
    assert first == ("reply", fast)
    assert second[0] is CLOSED and second[1] is not fast and when == 1.0


def test_bad_ports_say_what_to_write():
    with pytest.raises(TypeError, match=r"a port is a Channel .* or a pair"):
        alts([42])
    with pytest.raises(TypeError, match="give a list of ports"):
        alts(Channel())
    with pytest.raises(ValueError, match="at least one port"):
        alts([])
    with pytest.raises(TypeError, match="seconds"):
        timeout("1s")
    with pytest.raises(ValueError, match="negative"):
        timeout(-1)


def test_yielding_alts_without_from_says_how(vrun):
    @process
    def p():
        yield alts([Channel(1)])

    with pytest.raises(TypeError, match="yield from alts"):
        vrun(p())
