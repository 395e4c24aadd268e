"""Properties over random inputs: merge, mult, pipeline lose and duplicate nothing; pipeline keeps order."""

from __future__ import annotations

from collections import Counter

from coreasync_helpers import drain, feed
from hypothesis import given, settings
from hypothesis import strategies as st
from twisted.internet.task import Clock

import csp.coreasync as a
from csp import Channel, Par, Timer, process, run


def vrun(p):
    return run(p, reactor=Clock())

streams = st.lists(st.lists(st.integers() | st.none(), max_size=12), min_size=1, max_size=5)
gaps = st.lists(st.sampled_from([0.0, 0.1, 0.25, 1.0]), min_size=5, max_size=5)


@settings(max_examples=60, deadline=None)
@given(streams, gaps, st.integers(min_value=0, max_value=3))
def test_merge_loses_and_duplicates_nothing(inputs, gap_list, buf):
    chans = [Channel() for _ in inputs]
    out = Channel(buf)
    feeders = [feed(c, [(i, v) for v in vs], gap=gap_list[i])
               for i, (c, vs) in enumerate(zip(chans, inputs, strict=True))]
    got = vrun(Par(*feeders, a.Merge(chans, out), drain(out, gap=gap_list[-1])))[-1]
    for i, vs in enumerate(inputs):
        assert [v for j, v in got if j == i] == vs  # each input's values, in order, once
    assert len(got) == sum(map(len, inputs))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(), max_size=15),
       st.lists(st.sampled_from([0.0, 0.3, 1.0]), min_size=1, max_size=4),
       st.integers(min_value=0, max_value=2))
def test_every_tap_of_a_mult_gets_every_value_once_in_order(values, tap_gaps, buf):
    src = Channel()
    taps = [Channel(buf) for _ in tap_gaps]

    @process
    def p():
        m = a.mult(src)
        for t in taps:
            a.tap(m, t)
        readers = [drain(t, gap=g) for t, g in zip(taps, tap_gaps, strict=True)]
        return (yield Par(feed(src, values), *readers))[1:]

    assert vrun(p()) == [values] * len(taps)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=5), max_size=15), st.integers(min_value=1, max_value=4))
def test_pipeline_keeps_order_and_loses_nothing(delays, n):
    def work(item):
        i, delay = item
        yield Timer().sleep(delay)
        return i

    src, out = Channel(), Channel()
    got = vrun(Par(feed(src, list(enumerate(delays))), a.Pipeline(n, out, work, src), drain(out)))[2]
    assert got == list(range(len(delays)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(), max_size=20), st.integers(min_value=0, max_value=len("xyz")))
def test_poison_midway_through_a_merge_reaches_every_channel(values, which):
    chans = [Channel() for _ in range(3)]
    out = Channel()
    victim = (chans + [out])[which]

    @process
    def poisoner():
        yield Timer().sleep(0.55)
        victim.poison()

    @process
    def reader():
        got = []
        try:
            while True:
                got.append((yield out.read()))
        except Exception as e:  # noqa: BLE001 - either end is acceptable here; which one is checked below
            return got, type(e).__name__

    feeders = [feed(c, values, gap=0.1) for c in chans]
    got, how = vrun(Par(poisoner(), *feeders, a.Merge(chans, out), reader()))[-1]
    counts = Counter(got)
    if how == "ChannelClosed":  # everything was merged before the poison came
        assert counts == Counter(values * 3)
    else:
        assert how == "ChannelPoison"
        assert all(c.poisoned for c in chans + [out])
        assert all(counts[v] <= 3 * values.count(v) for v in counts)  # nothing invented or duplicated
