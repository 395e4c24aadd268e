"""Property: random pipelines split over two OS processes lose and duplicate nothing.

Each example makes a fresh network in the child program (tests/net_child.py):
channels c0..cn with random buffers, and for each stage i (reading ci,
writing ci+1) a random side: a relay process in the child, on its own
channels, or one in this program, on remote channels. This program writes
its values into c0 and closes it; a second stream comes from a local
channel; the sink chooses with an Alt between the remote end cn and the
local stream until both are closed. Every value written must be read
exactly once, and the pipeline's values in order.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from net_helpers import Child, on_reactor

from csp import Alt, Channel, ChannelClosed, Guard, Par, process
from csp.net import connect


@pytest.fixture(scope="module")
def child():
    c = Child()
    yield c
    c.close()


@process
def source(cout, values):
    for v in values:
        yield cout.write(v)
    cout.close()


@process
def relay(cin, cout):
    while True:
        yield cout.write((yield cin.read()))


@process
def sink(remote, local):
    got = []
    open_ = [True, True]
    alt = Alt(Guard(remote, when=lambda: open_[0]), Guard(local, when=lambda: open_[1]))
    while any(open_):
        try:
            got.append((yield alt.select()))
        except ChannelClosed:
            open_[alt.last_index] = False
    return got


networks = st.tuples(
    st.lists(st.tuples(st.sampled_from(["child", "here"]), st.integers(0, 2)), min_size=1, max_size=4),
    st.integers(0, 2),  # the buffer of c0
    st.integers(0, 25),  # values through the pipeline
    st.integers(0, 10),  # values of the local stream
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(networks)
def test_random_networks_over_two_programs_lose_and_duplicate_nothing(child, network):
    stages, first_buffer, n_remote, n_local = network
    buffers = [first_buffer] + [b for _, b in stages]
    names = [f"c{i}" for i in range(len(buffers))]
    relays = [[names[i], names[i + 1]] for i, (side, _) in enumerate(stages) if side == "child"]
    address = child.ask("serve", channels=dict(zip(names, buffers, strict=True)), relays=relays)["address"]
    remote = {name: on_reactor(connect, address, name) for name in names}
    links = zip(stages, names, names[1:], strict=False)
    here = [relay(remote[a], remote[b]) for (side, _), a, b in links if side == "here"]
    pipeline = list(range(n_remote))
    stream = list(range(1000, 1000 + n_local))
    local = Channel()
    results = Par(source(remote[names[0]], pipeline), source(local, stream), sink(remote[names[-1]], local),
                  *here).start()
    got = results[2]
    assert sorted(got) == sorted(pipeline + stream)  # each value read exactly once
    assert [v for v in got if v < 1000] == pipeline  # and the pipeline kept its order
    for rc in remote.values():
        on_reactor(rc.disconnect)


selections = st.tuples(
    st.lists(st.tuples(st.integers(0, 2), st.integers(0, 8)), min_size=1, max_size=3),  # (buffer, values)
    st.sampled_from(["select", "fair_select", "pri_select"]),
    st.floats(0.00001, 0.0003),  # a timeout about a round trip: it often wins, and values go back
)

LONG = 0.005  # every other select waits this long, so that every value gets through in the end


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(selections)
def test_selects_over_remote_channels_that_time_out_lose_and_duplicate_nothing(child, selection):
    feeds, mode, timeout = selection
    names = [f"s{i}" for i in range(len(feeds))]
    sent = {name: [f"{name}-{k}" for k in range(n)] for name, (_, n) in zip(names, feeds, strict=True)}
    address = child.ask("serve", channels={name: b for name, (b, _) in zip(names, feeds, strict=True)},
                        sources=sent)["address"]
    remote = [on_reactor(connect, address, name) for name in names]

    @process
    def chooser():
        from csp import Timer

        got, live, turn = [], list(remote), 0
        while live:
            timer = Timer()
            turn += 1
            timer.set_alarm(timeout if turn % 2 else LONG)
            alt = Alt(*live, timer)
            try:
                value = yield getattr(alt, mode)()
            except ChannelClosed:
                live.remove(alt.last_selected)
                continue
            if alt.last_selected is not timer:
                got.append(value)
            else:
                timeouts[0] += 1
        return got

    timeouts = [0]
    got = chooser().start()
    assert sorted(got) == sorted(v for values in sent.values() for v in values)
    for name, values in sent.items():
        assert [v for v in got if v.startswith(name + "-")] == values  # each channel's order kept
    for rc in remote:
        on_reactor(rc.disconnect)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2), st.integers(1, 12), st.floats(0.00001, 0.0003))
def test_remote_write_guards_that_time_out_deliver_each_value_exactly_once(child, buffer, n, timeout):
    address = child.ask("serve", channels={"sink": buffer})["address"]
    rc = on_reactor(connect, address, "sink")

    @process
    def offer_all():
        from csp import Timer

        tries = 0
        for v in range(n):
            while True:  # offer v until it is taken; a timeout withdraws the offer, and it is made again
                timer = Timer()
                timer.set_alarm(timeout if tries % 2 else LONG)
                alt = Alt(rc.write(v), timer)
                yield alt.select()
                tries += 1
                if alt.last_selected is rc:
                    break
        return tries

    reading = [None]

    def read_in_child():
        reading[0] = child.ask("read", name="sink", count=n)

    import threading

    reader = threading.Thread(target=read_in_child)
    reader.start()  # the child's reader takes n values, slowly enough that some offers time out
    tries = offer_all().start()
    reader.join(timeout=20)
    assert reading[0] == {"values": list(range(n))} and tries >= n
    on_reactor(rc.disconnect)
