"""Property tests: random networks that also wait on Deferreds, fired and not, and cancel each other.

Exact accounting at the end: every write that returned was read exactly once
(or is still in a buffer, or was discarded by a poison, where a user can see
it); no value was read twice; no value whose write did not return was read.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twisted.internet import defer
from twisted.internet.task import Clock

import csp
from csp import Alt, Channel, ChannelClosed, ChannelPoison, Skip, Timer, process

K = 3  # channels
step = st.one_of(
    st.tuples(st.just("write"), st.integers(0, K - 1)),
    st.tuples(st.just("read"), st.integers(0, K - 1)),
    st.tuples(st.just("select"), st.lists(st.integers(0, K - 1), min_size=1, max_size=3), st.booleans()),
    st.tuples(st.just("fired"), st.booleans()),  # an already-fired Deferred (succeeded, or failed)
    st.tuples(st.just("later"), st.integers(0, 3), st.booleans()),  # a Deferred a timer fires later
    st.tuples(st.just("sleep"), st.integers(0, 3)),
    st.tuples(st.just("checkpoint")),
    st.tuples(st.just("cancel"), st.integers(0, 7)),  # cancel another process, by number
)
network = st.fixed_dictionaries({
    "buffers": st.lists(st.integers(0, 2), min_size=K, max_size=K),
    "procs": st.lists(st.lists(step, min_size=1, max_size=8), min_size=2, max_size=8),
    "ending": st.sampled_from(["none", "poison", "close"]),
})


class Boom(Exception):
    pass


def run_network(net):
    clock = Clock()
    sched = csp.scheduler_for(clock)
    chans = [Channel(b, name=f"c{i}") for i, b in enumerate(net["buffers"])]
    log = {"returned": [], "read": [], "attempted": []}
    handles: dict[int, csp.ProcessHandle] = {}

    @process
    def proc(me, steps):
        n = 0
        try:
            for op in steps:
                kind = op[0]
                if kind == "write":
                    value = (me, n)
                    n += 1
                    log["attempted"].append(value)
                    yield chans[op[1]].write(value)
                    log["returned"].append(value)
                elif kind == "read":
                    log["read"].append((yield chans[op[1]].read()))
                elif kind == "select":
                    guards = [chans[i] for i in dict.fromkeys(op[1])]
                    got = yield Alt(*guards, Skip()).select() if op[2] else Alt(*guards).select()
                    if got is not None:
                        log["read"].append(got)
                elif kind == "fired":
                    try:
                        yield defer.succeed("ok") if op[1] else defer.fail(Boom())
                    except Boom:
                        pass
                elif kind == "later":
                    d = defer.Deferred()
                    clock.callLater(op[1], d.callback if op[2] else d.errback, "x" if op[2] else Boom())
                    try:
                        yield d
                    except Boom:
                        pass
                elif kind == "sleep":
                    yield Timer().sleep(op[1])
                elif kind == "checkpoint":
                    yield
                else:
                    target = handles.get(op[1] % len(net["procs"]))
                    if target is not None:
                        target.cancel()
                    yield
        except (ChannelPoison, ChannelClosed):
            pass

    for i, steps in enumerate(net["procs"]):
        handles[i] = proc(i, steps).spawn(sched)
        handles[i].addErrback(lambda f: f.trap(csp.Cancelled))
    for _ in range(1000):  # until nothing is left to happen
        if not clock.getDelayedCalls():
            break
        clock.advance(1)
    ending = net["ending"]
    for ch in chans:
        if ending == "poison":
            ch.poison()
        elif ending == "close":
            ch.close()
    while clock.getDelayedCalls():
        clock.advance(1)
    return chans, log


@pytest.mark.timeout(300)
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=network)
def test_random_networks_with_deferreds_and_cancels_lose_and_duplicate_nothing(net):
    chans, log = run_network(net)
    read, returned, attempted = Counter(log["read"]), Counter(log["returned"]), Counter(log["attempted"])
    assert max(read.values(), default=1) == 1, "a value was read twice"
    assert not read - attempted, "a value was read that nobody wrote"
    assert not read - returned, "a value was read whose write did not return"
    leftover = Counter(v for ch in chans for v in (ch.discarded if ch.poisoned else ch._buf))
    assert read + leftover == returned, (
        f"lost: {dict(returned - read - leftover)}, extra: {dict(read + leftover - returned)}"
    )
    for ch in chans:  # nothing dead left behind in a queue
        for entry in ch._readers + ch._writers:
            waiting = getattr(entry, "waiting", None)
            if waiting is not None:  # a choice's offer: its select has not committed
                assert entry.live and not waiting.done and waiting.task.state == "live"
            else:
                assert entry.parked_on is not None and entry.state == "live"
