"""take and give, the combinators' read and write that end at their own channel's close."""

from __future__ import annotations

from csp import Channel, ChannelPoison, process
from csp.coreasync import CLOSED
from csp.coreasync._here import give, take


def test_take_gives_the_buffered_values_then_closed(vrun):
    c = Channel(2)
    c.offer(None)
    c.offer(2)
    c.close()

    @process
    def p():
        got = []
        for _ in range(3):
            got.append((yield from take(c)))
        return got

    assert vrun(p()) == [None, 2, CLOSED]


def test_give_says_whether_the_value_was_written(vrun):
    c = Channel(1)

    @process
    def p():
        first = yield from give(c, 1)
        c.close()
        second = yield from give(c, 2)
        return first, second, c.poll()

    assert vrun(p()) == (True, False, 1)


def test_poison_is_not_a_close(vrun):
    c = Channel()
    c.poison()

    @process
    def p():
        raised = []
        for step in (lambda: take(c), lambda: give(c, 1)):
            try:
                yield from step()
            except ChannelPoison:
                raised.append(True)
        return raised

    assert vrun(p()) == [True, True]
