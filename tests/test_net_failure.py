"""Failure: a lost connection wakes every process blocked on it, on both sides, naming the peer."""

from __future__ import annotations

import pytest
from net_helpers import LOOPBACK, Child, net_log, on_reactor, result, spawned, wait_until
from twisted.internet.task import Clock

from csp import Channel, process
from csp.net import ChannelDisconnected, DeliveryUnknown, connect, serve


@process
def try_read(cin):
    try:
        return ("value", (yield cin.read()))
    except ChannelDisconnected as error:
        return (type(error).__name__, error)


@process
def try_write(cout, value):
    try:
        yield cout.write(value)
        return ("written", None)
    except ChannelDisconnected as error:
        return (type(error).__name__, error)


@pytest.fixture
def logged_net():
    with net_log() as seen:
        yield seen


@pytest.fixture
def child():
    c = Child()
    yield c
    c.close()


def test_a_write_sent_but_not_confirmed_is_reported_as_delivery_unknown_never_resent():
    host = Channel()
    server = on_reactor(serve, LOOPBACK, {"c": host})
    rc = on_reactor(connect, server.address, "c")
    h = spawned(try_write(rc, {"job": 1}))
    wait_until(lambda: host._writer is not None, "the write is parked on the host")
    on_reactor(server.stop)
    kind, error = result(h)
    assert kind == "DeliveryUnknown" and isinstance(error, DeliveryUnknown)
    assert error.value == {"job": 1} and error.peer == rc.peer and "delivery unknown" in str(error)
    assert host._writer is None  # withdrawn on the host: it was not delivered there
    kind, error = result(spawned(try_write(rc, 2)))  # later operations fail at once, nothing is sent
    assert kind == "ChannelDisconnected" and not rc.connected


def test_a_killed_host_wakes_blocked_readers_and_writers_naming_it(child):
    address = child.ask("serve", channels={"in": 0, "out": 0})["address"]
    reader_rc = on_reactor(connect, address, "out")
    writer_rc = on_reactor(connect, address, "in")
    reader = spawned(try_read(reader_rc))
    writer = spawned(try_write(writer_rc, "lost?"))
    child.ask("block_reader", name="out")  # something parked on the child's side too (it dies with it)
    child.kill()
    kind, error = result(reader)
    assert kind == "ChannelDisconnected" and address.split(":", 1)[1] in str(error)
    kind, error = result(writer)
    assert kind == "DeliveryUnknown" and error.value == "lost?"


def test_a_killed_client_wakes_the_hosts_blocked_processes_naming_it_and_its_write_is_withdrawn(child):
    jobs, results = Channel(), Channel()
    server = on_reactor(serve, LOOPBACK, {"jobs": jobs, "results": results})
    try:
        child.ask("connect", address=server.address, name="jobs")  # a worker that will die
        reply = child.ask("connect", address=server.address, name="results", write=["never read"])
        assert reply == {"connected": True}
        wait_until(lambda: results._writer is not None, "the child's write is parked here")
        blocked = spawned(try_write(jobs, "job"))  # waits for the worker to read
        child.kill()
        kind, error = result(blocked)
        assert kind == "ChannelDisconnected" and "127.0.0.1:" in error.peer and error.channel == "jobs"
        wait_until(lambda: results._writer is None, "the dead client's write is withdrawn")
    finally:
        on_reactor(server.stop)


def test_a_client_that_disconnects_on_purpose_does_not_wake_the_host():
    jobs = Channel()
    server = on_reactor(serve, LOOPBACK, {"jobs": jobs})
    try:
        rc = on_reactor(connect, server.address, "jobs")
        blocked = spawned(try_write(jobs, "job"))
        on_reactor(rc.disconnect)
        wait_until(lambda: not server.connections, "the host saw the connection end")
        assert not blocked.called
        rc2 = on_reactor(connect, server.address, "jobs")
        assert result(spawned(try_read(rc2))) == ("value", "job")
        assert result(blocked) == ("written", None)
    finally:
        on_reactor(server.stop)


def test_heartbeats_detect_a_silent_host_in_virtual_time():
    host = Channel()
    server = on_reactor(serve, LOOPBACK, {"c": host}, heartbeat=None)
    try:
        clock = Clock()
        rc = on_reactor(connect, server.address, "c", heartbeat=1.0, dead_after=3.0, clock=clock)
        reader = spawned(try_read(rc))
        wait_until(lambda: host._reader is not None, "the remote read is parked on the host")
        on_reactor(clock.advance, 1.0)
        on_reactor(clock.advance, 1.0)
        assert not reader.called and rc.connected  # 2 s of silence: not yet
        on_reactor(clock.advance, 1.0)
        kind, error = result(reader)
        assert kind == "ChannelDisconnected" and "no heartbeat" in error.reason and error.peer == rc.peer
    finally:
        on_reactor(server.stop)


def test_heartbeats_detect_a_silent_client_on_the_host_in_virtual_time():
    host = Channel()
    clock = Clock()
    server = on_reactor(serve, LOOPBACK, {"c": host}, heartbeat=1.0, dead_after=2.5, clock=clock)
    try:
        rc = on_reactor(connect, server.address, "c", heartbeat=None)
        blocked = spawned(try_read(host))
        remote = spawned(try_read(rc))
        wait_until(lambda: len(host._readers) == 2, "both reads are parked on the host")
        for _ in range(3):
            on_reactor(clock.advance, 1.0)
        kind, error = result(blocked)
        assert kind == "ChannelDisconnected" and "no heartbeat" in error.reason
        assert result(remote)[0] == "ChannelDisconnected"
    finally:
        on_reactor(server.stop)


def test_a_hung_host_is_found_dead_by_heartbeats(child):
    address = child.ask("serve", channels={"c": 0})["address"]
    rc = on_reactor(connect, address, "c", heartbeat=0.1, dead_after=0.5)
    reader = spawned(try_read(rc))
    child.stop()  # SIGSTOP: the connection stays open but the host says nothing any more
    kind, error = result(reader)
    assert kind == "ChannelDisconnected" and "no heartbeat" in error.reason


def test_a_value_sent_for_a_read_when_the_connection_died_is_reported_not_put_back(logged_net):
    host = Channel()
    server = on_reactor(serve, LOOPBACK, {"c": host})
    rc = on_reactor(connect, server.address, "c")
    reader = spawned(try_read(rc))
    wait_until(lambda: host._reader is not None, "the remote read is parked on the host")

    def race():
        host.put("in flight")  # taken for the remote reader and sent...
        server.stop()  # ...and the connection dies before the reader can say it has it

    on_reactor(race)
    assert result(reader)[0] == "ChannelDisconnected"
    wait_until(lambda: server.undelivered, "the host noted the value")
    assert [(ch, v) for _, ch, v in server.undelivered] == [(host, "in flight")]
    assert host._writer is None and not host._buf  # not put back: it may have arrived
    assert any("delivery unknown" in line for line in logged_net)


@pytest.mark.parametrize("on_lost", ["poison", "ignore"])
def test_what_a_lost_client_does_to_the_hosts_blocked_processes_is_chosen_by_on_lost(on_lost):
    jobs = Channel()
    server = on_reactor(serve, LOOPBACK, {"jobs": jobs}, on_lost=on_lost)
    try:
        rc = on_reactor(connect, server.address, "jobs")
        blocked = spawned(try_write(jobs, "job"))
        on_reactor(lambda: rc._conn.transport.abortConnection())  # not a clean disconnect
        wait_until(lambda: not server.connections, "the host saw the connection end")
        if on_lost == "poison":
            assert jobs.poisoned
            result(blocked)  # ended by the poison
        else:
            assert not blocked.called and not jobs.poisoned
            rc2 = on_reactor(connect, server.address, "jobs")
            assert result(spawned(try_read(rc2))) == ("value", "job")
    finally:
        on_reactor(server.stop)


def test_on_lost_is_checked():
    with pytest.raises(ValueError, match="on_lost"):
        serve(LOOPBACK, {}, on_lost="explode")
