"""take and give, the combinators' read and write that end at their own channel's close."""

from __future__ import annotations

import csp
from csp import Channel, ChannelPoison, process
from csp.coreasync import CLOSED, Pipe
from csp.coreasync._here import ENDED, give, take


def test_take_gives_the_buffered_values_then_ended(vrun):
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

    assert vrun(p()) == [None, 2, ENDED]


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


def test_values_that_look_like_markers_pass_through_a_pipe(vrun):
    a, b = Channel(3), Channel(3)
    for v in (None, CLOSED, "last"):
        a.offer(v)
    a.close()

    @process
    def drain():
        got = []
        while True:
            got.append((yield b.read()))  # ChannelClosed ends the process; its result is lost
            if len(got) == 3:
                return got

    @process
    def both():
        results = yield csp.Par(Pipe(a, b), drain())
        return results[1]

    assert vrun(both()) == [None, CLOSED, "last"]
