"""Property tests: random networks, random schedules; nothing lost, nothing duplicated."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twisted.internet.task import Clock

from csp import Channel, ChannelPoison, Deadlock, Par, Timer, process, run

pytestmark = pytest.mark.slow

delays = st.lists(st.sampled_from([0, 0, 0, 1, 2]), min_size=1, max_size=6)


@process
def writer(cout, wid, n, pauses, log):
    for i in range(n):
        pause = pauses[i % len(pauses)]
        if pause:
            yield Timer().sleep(pause)
        value = (wid, i)
        try:
            yield cout.write(value)
        except ChannelPoison:
            log["refused"].append(value)
            raise
        log["written"].append(value)


@process
def reader(cin, rid, n, pauses, log):
    for i in range(n):
        pause = pauses[i % len(pauses)]
        if pause:
            yield Timer().sleep(pause)
        log["read"].append((rid, (yield cin.read())))


@process
def poisoner(chan, at, log):
    yield Timer().sleep(at)
    log["discarded"].extend(chan.poison())


network = st.fixed_dictionaries(
    {
        "buffers": st.lists(st.integers(0, 3), min_size=1, max_size=3),
        "writers": st.lists(st.tuples(st.integers(0, 2), st.integers(0, 6), delays), min_size=1, max_size=4),
        "readers": st.lists(st.tuples(st.integers(0, 2), delays), min_size=1, max_size=4),
    }
)


def new_log() -> dict:
    return {"written": [], "refused": [], "read": [], "discarded": []}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=network)
def test_balanced_networks_deliver_every_value_exactly_once_in_writer_order(net):
    chans = [Channel(b) for b in net["buffers"]]
    k = len(chans)
    log = new_log()
    writers = [writer(chans[c % k], w, n, p, log) for w, (c, n, p) in enumerate(net["writers"])]
    # Give each channel's total to its readers, split as evenly as possible.
    totals = Counter()
    for c, n, _ in net["writers"]:
        totals[c % k] += n
    readers_by_chan: dict[int, list] = {}
    for r, (c, p) in enumerate(net["readers"]):
        readers_by_chan.setdefault(c % k, []).append((r, p))
    readers = []
    for c, total in totals.items():
        group = readers_by_chan.get(c) or [(100 + c, [0])]
        for j, (r, p) in enumerate(group):
            share = total // len(group) + (1 if j < total % len(group) else 0)
            readers.append(reader(chans[c], r, share, p, log))
    run(Par(*writers, *readers), reactor=Clock())
    values = [v for _, v in log["read"]]
    assert Counter(values) == Counter(log["written"])  # exactly once each
    assert len(values) == sum(n for _, n, _ in net["writers"])
    for rid in {r for r, _ in log["read"]}:
        seen: dict[int, int] = {}
        for r, (wid, i) in log["read"]:
            if r == rid:
                assert i > seen.get(wid, -1)  # each writer's values arrive in order
                seen[wid] = i


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    net=network,
    reads=st.lists(st.integers(0, 8), min_size=4, max_size=4),
    poison=st.none() | st.tuples(st.integers(0, 2), st.integers(0, 6)),
)
def test_random_networks_with_poison_lose_and_duplicate_nothing_and_always_end(net, reads, poison):
    chans = [Channel(b) for b in net["buffers"]]
    k = len(chans)
    log = new_log()
    procs = [writer(chans[c % k], w, n, p, log) for w, (c, n, p) in enumerate(net["writers"])]
    procs += [reader(chans[c % k], r, reads[r], p, log) for r, (c, p) in enumerate(net["readers"])]
    if poison is not None:
        procs.append(poisoner(chans[poison[0] % k], poison[1], log))
    try:
        run(Par(*procs), reactor=Clock())
        ended = "normally"
    except Deadlock as e:
        ended = "deadlock"
        assert e.blocked  # a deadlock names who is stuck
    values = [v for _, v in log["read"]]
    assert len(values) == len(set(values)), "a value was read twice"
    written = set(log["written"])
    assert set(values) <= written, "a value was read that no write completed"
    assert not set(log["refused"]) & set(values), "a refused write was delivered"
    leftover = {v for ch in chans if not ch.poisoned for v in ch._buf}  # a poisoned one keeps its discarded
    accounted = set(values) | set(log["discarded"]) | leftover
    assert written == accounted, f"lost: {written - accounted} ({ended})"
    assert len(values) + len(log["discarded"]) + len(leftover) == len(written)
