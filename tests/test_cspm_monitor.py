"""check_trace and Monitor against specs, and the minimal recorder csp.trace on a running network."""

from __future__ import annotations

import pytest

import csp.trace
from csp import Channel, CSPError, Par, process
from csp.algebra.cspm import Monitor, TraceViolation, check_trace, parse

SPEC = parse("channel c : {0..3}\nchannel d : {0..3}.{0..3}\nSPEC = c?x -> d!x?y -> SPEC").process("SPEC")


def test_check_trace_accepts_traces_and_names_the_first_refused_event() -> None:
    assert check_trace(SPEC, [])
    assert check_trace(SPEC, ["c.1", "d.1.3", ("c", 2), ("d", 2, 0)])
    r = check_trace(SPEC, ["c.1", "d.2.0", "c.0"])
    assert not r and r.position == 1 and r.event == "d.2.0"
    assert r.allowed == ["d.1.0", "d.1.1", "d.1.2", "d.1.3"]
    assert "event 2 of 3, d.2.0, is not allowed" in str(r)


def test_monitor_raises_at_the_first_forbidden_event() -> None:
    m = Monitor(SPEC)
    m.event("c", 1)
    m.event("d", (1, 2))
    assert m.trace == ["c.1", "d.1.2"] and "c.0" in m.allowed
    with pytest.raises(TraceViolation) as info:
        m.event("d", (0, 0))
    err = info.value
    assert isinstance(err, CSPError) and err.event == "d.0.0" and err.trace == ["c.1", "d.1.2"]
    assert "c.3" in err.allowed and m.trace == ["c.1", "d.1.2"]  # the monitor stays where it was
    m.reset()
    assert m.trace == [] and m.allowed == ["c.0", "c.1", "c.2", "c.3"]


def test_bad_events_are_explained() -> None:
    with pytest.raises(TypeError, match="an event is a string"):
        check_trace(SPEC, [3])


@process
def sender(c, d, values):
    for v in values:
        yield c.write(v)
        yield d.write((v, v + 1))


@process
def receiver(c, d, n):
    for _ in range(n):
        yield c.read()
        yield d.read()


def test_record_a_running_network_and_check_it() -> None:
    c, d = Channel(name="c"), Channel(name="d")
    with csp.trace.record(c, d) as events:
        Par(sender(c, d, [1, 2]), receiver(c, d, 2)).start()
    assert events == ["c.1", "d.1.2", "c.2", "d.2.3"]
    assert check_trace(SPEC, events)
    assert type(c) is Channel  # the channels are plain again


def test_monitor_stops_the_network_at_a_forbidden_event() -> None:
    strict = parse("channel c : {0..3}\nchannel d : {0..3}.{0..3}\nS = c?x -> d!x!x -> S").process("S")
    c, d = Channel(name="c"), Channel(name="d")
    with pytest.raises(TraceViolation, match="the network did d.1.2 after <c.1>"):
        with csp.trace.monitor(Monitor(strict), c, d):
            Par(sender(c, d, [1, 2]), receiver(c, d, 2)).start()


def test_record_needs_channels() -> None:
    with pytest.raises(TypeError, match="give the channels"):
        with csp.trace.record():
            pass
