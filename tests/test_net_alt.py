"""Alt over remote channels: read and write guards, exactly one commit, nothing lost when another wins."""

from __future__ import annotations

import pytest
from net_helpers import LOOPBACK, on_reactor, result, spawned, wait_until

from csp import Alt, Channel, Par, Timer, process
from csp.net import connect, serve


@pytest.fixture
def net():
    servers = []

    def make(channels):
        server = on_reactor(serve, LOOPBACK, channels)
        servers.append(server)
        return {name: on_reactor(connect, server.address, name) for name in channels}

    yield make
    for server in servers:
        on_reactor(server.stop)


@process
def select_once(alt, mode="select"):
    value = yield getattr(alt, mode)()
    return value, alt.last_index


def _parked_remote_read(ch):
    return ch._reader is not None


def test_alt_over_remote_and_local_reads_takes_every_value_exactly_once(net):
    a, b = Channel(), Channel(3)
    rcs = net({"a": a, "b": b})
    local = Channel()

    @process
    def chooser(n):
        alt = Alt(rcs["a"], local, rcs["b"])
        got = []
        for _ in range(n):
            got.append((yield alt.select()))
        return got

    @process
    def feed(cout, values):
        for v in values:
            yield cout.write(v)

    feeds = [feed(a, range(20)), feed(b, range(100, 120)), feed(local, range(200, 220))]
    got = Par(chooser(60), *feeds).start()[0]
    assert sorted(got) == [*range(20), *range(100, 120), *range(200, 220)]


def test_a_value_the_host_took_for_a_losing_remote_guard_goes_back_to_the_head_of_its_channel(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    h = spawned(select_once(Alt(rc, local)))
    wait_until(lambda: _parked_remote_read(host), "the remote read offer is parked on the host")

    def race():
        host.put("remote")  # the host's stand-in reader takes it at once and sends it
        local.put("local")  # the local guard fires first on this side
        # (both in one reactor call: the remote value is on its way when the select commits)

    on_reactor(race)
    assert result(h) == ("local", 1)
    wait_until(lambda: host._writer is not None, "the remote value is back on the host's channel")

    @process
    def read_one(cin):
        return (yield cin.read())

    assert result(spawned(read_one(host))) == "remote"  # put back, not lost, not duplicated


def test_a_cancelled_remote_reader_gives_back_the_value_taken_for_it(net):
    host = Channel(2)
    rc = net({"c": host})["c"]

    @process
    def read_one(cin):
        return (yield cin.read())

    h = spawned(read_one(rc))
    wait_until(lambda: _parked_remote_read(host), "the remote read is parked on the host")

    def race():
        host.put("first")
        h.cancel()

    on_reactor(race)
    with pytest.raises(Exception, match="cancel"):
        result(h)
    on_reactor(host.put, "second")
    wait_until(lambda: len(host._buf) == 2, "both values are in the host's buffer")
    assert list(host._buf) == ["first", "second"]


def test_a_remote_write_guard_commits_when_a_host_reader_takes_it(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    h = spawned(select_once(Alt(rc.write("w"), local)))
    wait_until(lambda: host._writer is not None, "the write offer is parked on the host")
    assert on_reactor(host.get) == "w"
    assert result(h) == (None, 0)
    assert local._writer is None and local._reader is None  # the local offer was withdrawn


def test_a_remote_write_guard_is_withdrawn_when_another_guard_fires_first(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    h = spawned(select_once(Alt(rc.write("w"), local)))
    wait_until(lambda: host._writer is not None, "the write offer is parked on the host")
    on_reactor(local.put, "l")
    assert result(h) == ("l", 1)
    wait_until(lambda: host._writer is None, "the host withdrew the write")


def test_when_the_host_takes_the_write_while_another_guard_fired_the_write_wins_and_the_other_goes_back(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    h = spawned(select_once(Alt(rc.write("w"), local)))
    wait_until(lambda: host._writer is not None, "the write offer is parked on the host")
    taken = []

    def race():
        host.get().addCallback(taken.append)  # a host reader takes the remote write now
        local.put("l")  # and the local guard fires on this side before the news arrives

    on_reactor(race)
    assert result(h) == (None, 0)  # exactly one commit: the write, which was delivered
    assert taken == ["w"]
    wait_until(lambda: local._writer is not None, "the local value is back at the head of its channel")
    assert on_reactor(local.get) == "l"


def test_a_timer_beside_a_remote_write_guard(net):
    host = Channel()
    rc = net({"c": host})["c"]
    timer = Timer()

    @process
    def with_timeout():
        timer.set_alarm(0.05)
        alt = Alt(rc.write("w"), timer)
        yield alt.select()
        return alt.last_selected

    assert result(spawned(with_timeout())) is timer
    wait_until(lambda: host._writer is None, "the host withdrew the write")


def test_two_write_guards_beside_a_remote_one_are_refused_with_the_reason(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()

    @process
    def both():
        try:
            yield Alt(rc.write(1), local.write(2)).select()
        except TypeError as error:
            return str(error)

    assert "no other write guard" in result(spawned(both()))
    assert host._writer is None and local._writer is None


def test_rc_or_guard_builds_an_alt(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    built = [rc | local, local | rc.read(), rc.write(1) | local]  # (guards built in plain code: allowed)
    assert all(isinstance(alt, Alt) for alt in built)


@process
def write_one(cout, v):
    yield cout.write(v)


def test_pausing_a_select_with_a_remote_write_never_writes_twice(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    h = spawned(select_once(Alt(rc.write("w"), local)))
    wait_until(lambda: host._writer is not None, "the write offer is parked on the host")
    on_reactor(h.pause)
    wait_until(lambda: host._writer is None, "the host withdrew the paused select's write")
    on_reactor(h.resume)
    wait_until(lambda: host._writer is not None, "the resumed select offers its write again")
    assert on_reactor(host.get) == "w"
    assert result(h) == (None, 0)


def test_a_write_taken_while_its_select_is_paused_is_what_the_select_returns_on_resume(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()
    h = spawned(select_once(Alt(rc.write("w"), local)))
    wait_until(lambda: host._writer is not None, "the write offer is parked on the host")
    taken = []

    def race():
        host.get().addCallback(taken.append)  # a host reader takes it...
        h.pause()  # ...as the select is paused (which withdraws its offers)

    on_reactor(race)
    wait_until(lambda: taken == ["w"], "the host's reader has the value")
    on_reactor(h.resume)
    assert result(h) == (None, 0)
    # had the resumed select offered "w" again, it would be the next value on this connection
    assert Par(write_one(rc, "next"), select_once(Alt(host))).start()[1] == ("next", 0)


def test_a_select_waiting_for_the_hosts_answer_about_its_write_is_not_a_deadlock(net):
    host = Channel()
    rc = net({"c": host})["c"]
    local = Channel()

    @process
    def fire_local_when_the_write_is_out():
        while host._writer is None:  # the write offer has reached the host
            yield Timer().sleep(0.001)
        yield local.write("l")  # the select must now ask the host to withdraw its write, and wait

    # start(): a composition the deadlock detector watches; the select's wait for the host's
    # answer is a wait on the outside, never a deadlock
    got = Par(select_once(Alt(rc.write("w"), local)), fire_local_when_the_write_is_out()).start()
    assert got[0] == ("l", 1)
    assert host._writer is None
