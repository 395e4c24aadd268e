"""pipe, merge, split, onto_chan, to_chan, into, reduce, map, filter: values, closes, poison."""

from __future__ import annotations

import operator

import pytest
from coreasync_helpers import drain, drain_until_poison, feed

import csp.coreasync as a
from csp import Channel, ChannelClosed, ChannelPoison, Par, SlidingBuffer, Timer, process


def test_pipe_copies_and_closes_its_output(vrun):
    src, dst = Channel(), Channel()
    assert vrun(Par(feed(src, [1, None, 3]), a.Pipe(src, dst), drain(dst)))[2] == [1, None, 3]


def test_pipe_with_close_false_leaves_the_output_open(vrun):
    src, dst = Channel(), Channel(5)
    vrun(Par(feed(src, [1, 2]), a.Pipe(src, dst, close=False)))
    assert not dst.closed and dst.poll() == 1


def test_pipe_stops_taking_when_its_output_is_closed(vrun):
    src, dst = Channel(5), Channel()
    for v in range(5):
        src.offer(v)

    @process
    def reader():
        got = yield dst.read()
        dst.close()
        return got

    assert vrun(Par(a.Pipe(src, dst), reader()))[1] == 0
    # 1 was in hand when dst closed and is dropped (as core.async does); the rest stay, src stays open
    assert not src.closed and [src.poll(), src.poll(), src.poll()] == [2, 3, 4]


def test_pipe_function_returns_its_output(vrun):
    @process
    def p():
        src = a.to_chan("abc")
        out = a.pipe(src, Channel())
        return (yield drain(out))

    assert vrun(p()) == ["a", "b", "c"]


@pytest.mark.parametrize("poisoned", ["input", "output"])
def test_poison_on_either_end_of_a_pipe_poisons_both(vrun, poisoned):
    src, dst = Channel(1), Channel()
    src.offer("value")  # a poisoned output is found when a value is written to it
    (src if poisoned == "input" else dst).poison()
    vrun(a.Pipe(src, dst))
    assert src.poisoned and dst.poisoned


def test_merge_loses_nothing_keeps_each_inputs_order_and_closes_after_all(vrun):
    xs, ys, out = Channel(), Channel(), Channel()
    results = vrun(Par(feed(xs, range(5), gap=0.3), feed(ys, "abc", gap=0.5), a.Merge([xs, ys], out),
                       drain(out)))
    got = results[3]
    assert [v for v in got if isinstance(v, int)] == list(range(5))
    assert [v for v in got if isinstance(v, str)] == ["a", "b", "c"]
    assert out.closed


def test_merge_of_no_channels_is_closed_at_once(vrun):
    @process
    def p():
        return (yield drain(a.merge([])))

    assert vrun(p()) == []


def test_merge_passes_poison_to_every_channel(vrun):
    xs, ys, out = Channel(), Channel(), Channel()

    @process
    def poisoner():
        yield xs.write(1)
        ys.poison()

    got = vrun(Par(poisoner(), a.Merge([xs, ys], out), drain_until_poison(out)))[2]
    assert got == ([1], "poisoned") and xs.poisoned and out.poisoned


def test_split_sorts_and_closes_both(vrun):
    @process
    def p():
        evens, odds = a.split(lambda n: n % 2 == 0, a.to_chan(range(7)))
        return (yield Par(drain(evens), drain(odds)))

    assert vrun(p()) == [[0, 2, 4, 6], [1, 3, 5]]


def test_onto_chan_closes_and_signals_done(vrun):
    c = Channel()

    @process
    def p():
        done = a.onto_chan(c, [1, 2, 3])
        got = yield drain(c)
        with pytest.raises(ChannelClosed):
            yield done.read()
        return got

    assert vrun(p()) == [1, 2, 3]


def test_onto_chan_close_false_and_a_channel_closed_by_its_reader(vrun):
    keep, cut = Channel(3), Channel()

    @process
    def p():
        yield drain(a.onto_chan(keep, [1, 2], close=False))  # waits for done
        assert not keep.closed

        @process
        def reader():
            v = yield cut.read()
            cut.close()
            return v

        return (yield Par(a.OntoChan(cut, range(10)), reader()))[1]

    assert vrun(p()) == 0


def test_to_chan_of_many_items_buffers_100_and_writes_the_rest(vrun):
    @process
    def p():
        c = a.to_chan(i for i in range(250))
        assert c.buffer == 100
        return (yield drain(c))

    assert vrun(p()) == list(range(250))


def test_to_chan_of_nothing_is_closed():
    c = a.to_chan([])
    assert c.closed
    with pytest.raises(ChannelClosed):
        c.poll()


def test_reduce_folds_and_gives_init_for_an_empty_channel(vrun):
    @process
    def p():
        total = yield a.reduce(operator.add, 0, a.to_chan(range(5))).read()
        empty = a.to_chan([])
        untouched = yield a.reduce(lambda acc, v: 1 / 0, "init", empty).read()
        return total, untouched

    assert vrun(p()) == (10, "init")


def test_reduce_result_channel_closes_after_the_result(vrun):
    @process
    def p():
        out = a.reduce(operator.add, 0, a.to_chan([1]))
        return (yield drain(out))

    assert vrun(p()) == [1]


@pytest.mark.parametrize(
    "coll, expected",
    [([0], [0, 1, 2]), ((0,), (0, 1, 2)), ({0}, {0, 1, 2}), (frozenset(), frozenset({1, 2}))],
)
def test_into_adds_to_a_copy(vrun, coll, expected):
    @process
    def p():
        return (yield a.into(coll, a.to_chan([1, 2])).read())

    assert vrun(p()) == expected


def test_into_a_dict_takes_pairs(vrun):
    @process
    def p():
        return (yield a.into({"a": 0}, a.to_chan([("b", 1)])).read())

    assert vrun(p()) == {"a": 0, "b": 1}


def test_into_refuses_what_it_cannot_fill():
    with pytest.raises(TypeError, match="list, tuple"):
        a.into(42, Channel())


def test_map_over_several_channels_closes_when_the_first_closes(vrun):
    @process
    def p():
        sums = a.map(operator.add, [a.to_chan([1, 2, 3]), a.to_chan([10, 20])])
        return (yield drain(sums))

    assert vrun(p()) == [11, 22]


def test_map_of_no_channels_is_closed(vrun):
    @process
    def p():
        return (yield drain(a.map(lambda: 1, [])))

    assert vrun(p()) == []


def test_filter_keeps_what_the_predicate_accepts(vrun):
    @process
    def p():
        return (yield drain(a.filter(lambda v: v % 3 == 0, a.to_chan(range(10)), buf=2)))

    assert vrun(p()) == [0, 3, 6, 9]


def test_an_error_in_a_detached_combinator_is_logged_and_poisons_its_channels(vrun):
    from twisted.logger import globalLogPublisher

    seen = []
    globalLogPublisher.addObserver(seen.append)
    try:
        @process
        def p():
            out = a.filter(lambda v: 1 / v, a.to_chan([1, 0, 2]))
            return (yield drain_until_poison(out))

        assert vrun(p()) == ([1], "poisoned")
    finally:
        globalLogPublisher.removeObserver(seen)
    failures = [e for e in seen if "log_failure" in e]
    assert failures and failures[0]["log_failure"].check(ZeroDivisionError)
    assert "filter failed" in failures[0]["log_format"].format(what="filter")


def test_an_error_in_a_composed_combinator_reaches_the_par(vrun):
    src, out = Channel(), Channel()
    with pytest.raises(ZeroDivisionError):
        vrun(Par(feed(src, [0]), a.Filter(lambda v: 1 / v, src, out), drain(out)))
    assert src.poisoned and out.poisoned


def test_combinator_arguments_are_checked():
    with pytest.raises(TypeError, match="pipe.*must be a Channel"):
        a.pipe([], Channel())
    with pytest.raises(TypeError, match="give a list of channels"):
        a.merge(Channel())
    with pytest.raises(ValueError, match="buffer size"):
        a.merge([], buf=-1)
    with pytest.raises(TypeError, match="must be a function"):
        a.split(3, Channel())
    with pytest.raises(TypeError, match="coll is a collection"):
        a.to_chan(Channel())
    with pytest.raises(TypeError, match="iterable"):
        a.onto_chan(Channel(), 3)


def test_merge_with_a_sliding_buffer(vrun):
    @process
    def p():
        out = a.merge([a.to_chan(range(5))], buf=SlidingBuffer(2))
        yield Timer().sleep(1)
        return (yield drain(out))

    assert vrun(p()) == [3, 4]


def test_poisoned_source_of_reduce_poisons_the_result(vrun):
    src = Channel()
    src.poison()

    @process
    def p():
        with pytest.raises(ChannelPoison):
            yield a.reduce(operator.add, 0, src).read()
        return "poisoned"

    assert vrun(p()) == "poisoned"
