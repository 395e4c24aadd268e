"""mix (admix, unmix, toggle, solo_mode) and pipeline, pipeline_async."""

from __future__ import annotations

import pytest
from coreasync_helpers import drain, drain_until_poison, feed
from twisted.internet.task import Clock

import csp.coreasync as a
from csp import Channel, ChannelPoison, Par, Timer, process, run


def _mixed(setup, inputs, seconds=5.0):
    """A mix onto a buffered out: ``setup(m, chans)``, each input writes its values; return what out got."""
    out = Channel(100)
    chans = {name: Channel() for name in inputs}

    @process
    def stop_later():
        yield Timer().sleep(seconds)
        got = []
        while (v := out.poll("end")) != "end":
            got.append(v)
        for ch in chans.values():
            ch.poison()  # ends the writers still waiting (and the mix)
        return got

    @process
    def p():
        m = a.mix(out)
        for ch in chans.values():
            a.admix(m, ch)
        setup(m, chans)
        writers = [feed(chans[name], values, close=False, gap=0.1) for name, values in inputs.items()]
        return (yield Par(stop_later(), *writers))[0]

    return run(p(), reactor=Clock()), chans


def test_mix_merges_every_input():
    got, _ = _mixed(lambda m, c: None, {"x": [1, 2], "y": ["a", "b"]})
    assert sorted(got, key=str) == [1, 2, "a", "b"]


def test_a_muted_input_is_read_and_dropped():
    got, _ = _mixed(lambda m, c: a.toggle(m, {c["y"]: {"mute": True}}), {"x": [1, 2], "y": ["a", "b"]})
    assert got == [1, 2]


def test_a_paused_input_is_not_read():
    def setup(m, c):
        a.toggle(m, {c["y"]: {"pause": True}})

    got, _ = _mixed(setup, {"x": [1, 2], "y": ["a"]}, seconds=2.0)
    assert got == [1, 2]  # "a" was never taken: its writer was still waiting at the end


def test_solo_mutes_the_others_by_default_and_pauses_them_in_pause_mode():
    got, _ = _mixed(lambda m, c: a.toggle(m, {c["x"]: {"solo": True}}), {"x": [1, 2], "y": ["a", "b"]})
    assert got == [1, 2]

    def pause_mode(m, c):
        a.solo_mode(m, "pause")
        a.toggle(m, {c["x"]: {"solo": True, "mute": True}})  # a soloed input's mute is ignored

    got, _ = _mixed(pause_mode, {"x": [1, 2], "y": ["a", "b"]})
    assert got == [1, 2]


def test_unmix_removes_an_input_and_a_closed_input_leaves(vrun):
    out, x, y = Channel(10), Channel(), Channel()

    @process
    def p():
        m = a.mix(out)
        a.admix(m, x)
        a.admix(m, y)
        yield x.write(1)
        a.unmix(m, x)
        y.close()
        yield Timer().sleep(1)
        got = x.poll("not read")  # x is out of the mix: nobody reads it
        a.unmix_all(m)
        return out.poll(), got, out.closed

    assert vrun(p()) == (1, "not read", False)  # the mix never closes out because inputs closed


def test_closing_out_ends_the_mix_and_later_changes_are_refused(vrun):
    out, x = Channel(), Channel(1)

    @process
    def p():
        m = a.mix(out)
        a.admix(m, x)
        out.close()
        yield x.write("in hand")
        yield Timer().sleep(1)
        with pytest.raises(RuntimeError, match="has ended"):
            a.admix(m, Channel())
        return "ended"

    assert vrun(p()) == "ended"


def test_poison_on_an_input_poisons_out(vrun):
    out, x = Channel(), Channel()

    @process
    def p():
        m = a.mix(out)
        a.admix(m, x)
        yield Timer().sleep(1)
        x.poison()
        return (yield drain_until_poison(out))

    assert vrun(p()) == ([], "poisoned")


def test_toggle_and_solo_mode_check_what_they_are_given():
    m = a.Mix(Channel())
    with pytest.raises(ValueError, match="'solo', 'mute' and 'pause'"):
        a.toggle(m, {Channel(): {"loud": True}})
    with pytest.raises(TypeError, match="True or False"):
        a.toggle(m, {Channel(): {"mute": 1}})
    with pytest.raises(ValueError, match="'mute' or 'pause'"):
        a.solo_mode(m, "solo")
    with pytest.raises(TypeError, match="what mix"):
        a.admix(Channel(), Channel())


def test_pipeline_keeps_the_input_order_whatever_order_work_finishes_in(vrun):
    def slow_square(v):
        yield Timer().sleep(5 - v)  # later values finish first
        return v * v

    @process
    def p():
        out = a.pipeline(3, Channel(), slow_square, a.to_chan(range(5)))
        got = yield drain(out)
        return got, Timer().read()

    got, when = vrun(p())
    assert got == [0, 1, 4, 9, 16]
    assert when < 15  # three at a time, not one after another (that would take 15 s)


def test_pipeline_runs_at_most_n_at_once(vrun):
    running, peak = [0], [0]

    async def work(v):
        running[0] += 1
        peak[0] = max(peak[0], running[0])
        await Timer().sleep(1)
        running[0] -= 1
        return v

    @process
    def p():
        return (yield drain(a.pipeline(2, Channel(), work, a.to_chan(range(6)))))

    assert vrun(p()) == list(range(6)) and peak[0] == 2


def test_pipeline_with_a_plain_function_and_close_false(vrun):
    src, out = Channel(), Channel(10)
    vrun(Par(feed(src, [1, 2, 3]), a.Pipeline(2, out, str, src, close=False)))
    assert [out.poll(), out.poll(), out.poll()] == ["1", "2", "3"] and not out.closed


def test_an_error_in_a_pipeline_function_stops_it_and_poisons_its_channels(vrun):
    src, out = Channel(), Channel()
    with pytest.raises(ZeroDivisionError):
        vrun(Par(feed(src, [1, 0]), a.Pipeline(2, out, lambda v: 1 / v, src), drain(out)))
    assert src.poisoned and out.poisoned


def test_poison_on_the_input_of_a_pipeline_reaches_its_output(vrun):
    src, out = Channel(), Channel()

    @process
    def poisoner():
        yield src.write(1)
        yield Timer().sleep(1)
        src.poison()

    got = vrun(Par(poisoner(), a.Pipeline(2, out, lambda v: v, src), drain_until_poison(out)))[2]
    assert got == ([1], "poisoned")


def test_pipeline_stops_taking_when_its_output_closes(vrun):
    src = Channel(10)
    for v in range(10):
        src.offer(v)
    out = Channel()

    @process
    def reader():
        v = yield out.read()
        out.close()
        return v

    assert vrun(Par(a.Pipeline(1, out, lambda v: v, src), reader()))[1] == 0
    assert not src.closed and src.poll() is not None


def test_pipeline_async_gives_every_result_of_each_value_in_order(vrun):
    def explode(v, res):
        @process
        def later():
            yield Timer().sleep(3 - v)
            for i in range(v):
                yield res.write((v, i))
            res.close()

        later().spawn()

    @process
    def p():
        return (yield drain(a.pipeline_async(3, Channel(), explode, a.to_chan([1, 0, 2]))))

    assert vrun(p()) == [(1, 0), (2, 0), (2, 1)]


def test_pipeline_async_with_a_process_function(vrun):
    async def twice(v, res):
        await res.write(v)
        await res.write(v)
        res.close()

    @process
    def p():
        return (yield drain(a.pipeline_async(2, Channel(), twice, a.to_chan("ab"))))

    assert vrun(p()) == ["a", "a", "b", "b"]


def test_pipeline_arguments_are_checked():
    with pytest.raises(ValueError, match="number of workers"):
        a.pipeline(0, Channel(), str, Channel())
    with pytest.raises(TypeError, match="f must be a function"):
        a.pipeline(1, Channel(), None, Channel())
    with pytest.raises(TypeError, match="to must be a Channel"):
        a.pipeline_async(1, [], str, Channel())


def test_poisoned_output_of_pipeline_poisons_the_input(vrun):
    src, out = Channel(1), Channel()
    src.offer(1)
    out.poison()
    vrun(a.Pipeline(1, out, lambda v: v, src))
    assert src.poisoned
    with pytest.raises(ChannelPoison):
        src.offer(2)


def test_toggle_can_add_a_channel_already_paused(vrun):
    out, late = Channel(10), Channel(1)

    @process
    def p():
        m = a.mix(out)
        a.toggle(m, {late: {"pause": True}})  # joins the mix paused: not read
        yield late.write("waiting")
        yield Timer().sleep(1)
        before = out.poll("nothing")
        a.toggle(m, {late: {"pause": False}})
        yield Timer().sleep(1)
        return before, out.poll("nothing")

    assert vrun(p()) == ("nothing", "waiting")


def test_async_for_reads_a_combinators_output_to_its_close(vrun):
    @process
    async def p():
        got = []
        async for v in a.filter(lambda n: n > 1, a.to_chan([1, 2, 3])):
            got.append(v)
        return got

    assert vrun(p()) == [2, 3]
