"""csp.trace: every value that passes on a watched channel is reported once, however it passes."""

from __future__ import annotations

import pytest

import csp.trace
from csp import Alt, Channel, Par, Skip, Timer, process


@process
def send(c, values):
    for v in values:
        yield c.write(v)


@process
def recv(c, n):
    got = []
    for _ in range(n):
        got.append((yield c.read()))
    return got


def test_a_network_given_whole_is_watched_on_each_of_its_named_channels(vrun):
    a, b, hidden = Channel(name="a"), Channel(name="b"), Channel(2)

    @process
    def relay(cin, cout, quiet):
        for _ in range(2):
            yield quiet.write((yield cin.read()))
            yield cout.write(10 * (yield quiet.read()))

    net = Par(send(a, [1, 2]), relay(a, b, hidden), recv(b, 2))
    with csp.trace.record(net) as events:
        vrun(net)
    assert events == ["a.1", "b.10", "a.2", "b.20"]  # the unnamed channel is not watched


def test_choices_buffers_and_twisted_code_are_recorded_once_each(vrun):
    c, d, buf = Channel(name="c"), Channel(name="d"), Channel(2, name="buf")

    @process
    def chooser():
        got = []
        for _ in range(2):
            got.append((yield Alt(c, d).select()))
        yield Alt(buf.write(7), Skip()).pri_select()
        got.append((yield buf.read()))
        return got

    @process
    def feeders():
        yield Timer().sleep(1)
        yield Par(send(c, [True]), send(d, [None]))

    with csp.trace.record(c, d, buf) as events:
        assert sorted(map(str, vrun(Par(chooser(), feeders()))[0])) == ["7", "None", "True"]
    assert sorted(events) == ["buf.7", "c.true", "d"]
    e = Channel(name="e")
    with csp.trace.record(e) as events:
        e.put(("x", 1))
        vrun(recv(e, 1))
    assert events == ["e.x.1"]


def test_a_forbidden_event_is_refused_before_it_happens(vrun):
    c = Channel(name="c")

    class NoTwos:
        def event(self, name):
            if name == "c.2":
                raise ValueError(f"{name} is forbidden")

    log = []

    @process
    def reader():
        try:
            while True:
                log.append((yield c.read()))
        except ValueError as e:
            log.append(str(e))

    with csp.trace.monitor(NoTwos(), c), pytest.raises(ValueError, match="c.2 is forbidden"):
        vrun(Par(send(c, [1, 2, 3]), reader()))  # the writer of 2 gets the error
    assert log == [1]  # 2 never reached the reader


def test_watching_ends_with_the_block_and_cannot_nest():
    c = Channel(name="c")
    plain = (type(c._rd), type(c._wr))
    with csp.trace.record(c):
        with pytest.raises(RuntimeError, match="watched already"):
            with csp.trace.record(c):
                pass
    assert (type(c._rd), type(c._wr)) == plain
