"""Remote channels used like local ones: rendezvous, buffers, poison and close both ways, big values."""

from __future__ import annotations

import pytest
from net_helpers import LOOPBACK, on_reactor, result, spawned, wait_until

from csp import Channel, ChannelClosed, ChannelPoison, Par, process
from csp.net import HandshakeFailed, RemoteChannel, UnsendableValue, connect, register_type, serve


@pytest.fixture
def net():
    """``net(channels, **serve_options)`` -> (server, {name: RemoteChannel}); servers stop at the end."""
    servers = []

    def make(channels, client=None, **options):
        server = on_reactor(serve, LOOPBACK, channels, **options)
        servers.append(server)
        remotes = {name: on_reactor(connect, server.address, name, **(client or {})) for name in channels}
        return server, remotes

    yield make
    for server in servers:
        on_reactor(server.stop)


@process
def write_all(cout, values, log=None):
    for v in values:
        yield cout.write(v)
        if log is not None:
            log.append(("written", v))
    cout.close()


@process
def read_all(cin, log=None):
    got = []
    try:
        while True:
            v = yield cin.read()
            got.append(v)
            if log is not None:
                log.append(("read", v))
    except ChannelClosed as closed:
        assert closed.channel is cin
    return got


def test_a_remote_write_completes_only_once_the_host_has_read_it(net):
    ch = Channel()
    _, rcs = net({"c": ch})
    log = []
    writer = spawned(write_all(rcs["c"], ["a"], log))
    wait_until(lambda: ch._writer is not None, "the write is parked on the host's channel")
    assert log == []  # sent, parked on the host, not done: nobody has read it
    reader = spawned(read_all(ch, log))
    result(writer)
    assert result(reader) == ["a"]
    assert log == [("read", "a"), ("written", "a")]


def test_values_cross_both_ways_in_order_with_none_as_a_value(net):
    there, back = Channel(), Channel()
    _, rcs = net({"there": there, "back": back})
    values = [None, 0, -1, 2**200, 1.5, "s", b"\x00\xff", [1, [2]], (1, (2,)), {1: "a", (2, 3): None}, True]
    got = Par(write_all(rcs["there"], values), read_all(there)).start()[1]
    assert got == values
    assert [type(v) for v in got] == [type(v) for v in values]  # tuples stay tuples
    got = Par(write_all(back, values), read_all(rcs["back"])).start()[1]
    assert got == values


def test_a_buffered_host_channel_stays_bounded(net):
    ch = Channel(2)
    _, rcs = net({"c": ch})
    log = []
    writer = spawned(write_all(rcs["c"], [1, 2, 3, 4], log))
    wait_until(lambda: ch._writer is not None, "the third write waits for room")
    assert log == [("written", 1), ("written", 2)]
    assert list(ch._buf) == [1, 2]
    assert rcs["c"].buffer == 2
    assert result(spawned(read_all(ch))) == [1, 2, 3, 4]
    result(writer)


def test_poison_from_the_client_wakes_the_host_and_later_client_operations(net):
    ch = Channel()
    _, rcs = net({"c": ch})
    rc = rcs["c"]

    @process
    def host_reader(cin):
        yield cin.read()

    blocked = spawned(host_reader(ch))
    on_reactor(lambda: rc.poison())
    result(blocked)  # ChannelPoison ended it normally
    wait_until(lambda: ch.poisoned, "the host's channel is poisoned")

    @process
    def later(cout):
        try:
            yield cout.write(1)
        except ChannelPoison as poison:
            return poison.channel

    assert result(spawned(later(rc))) is rc and rc.poisoned


def test_poison_on_the_host_wakes_a_blocked_remote_reader_with_channelpoison(net):
    ch = Channel()
    _, rcs = net({"c": ch})
    rc = rcs["c"]
    seen = []

    @process
    def remote_reader(cin):
        try:
            yield cin.read()
        except ChannelPoison as poison:
            seen.append(poison.channel)
            raise

    h = spawned(remote_reader(rc))
    wait_until(lambda: ch._reader is not None, "the remote read is parked on the host")
    on_reactor(ch.poison)
    result(h)
    assert seen == [rc] and rc.poisoned


def test_close_crosses_both_ways_and_delivers_what_was_written(net):
    a, b = Channel(3), Channel()
    _, rcs = net({"a": a, "b": b})
    # client writes then closes; host reads everything, then ChannelClosed
    assert Par(write_all(rcs["a"], [1, 2, 3]), read_all(a)).start()[1] == [1, 2, 3]
    assert a.closed
    # host writes then closes; the remote reader's loop ends at the close
    assert Par(write_all(b, ["x", "y"]), read_all(rcs["b"])).start()[1] == ["x", "y"]


def test_async_for_over_a_remote_channel_ends_at_the_close(net):
    ch = Channel()
    _, rcs = net({"c": ch})

    @process
    async def collect(cin):
        return [v async for v in cin]

    assert Par(write_all(ch, range(5)), collect(rcs["c"])).start()[1] == [0, 1, 2, 3, 4]


def test_put_and_get_from_twisted_code(net):
    ch = Channel()
    _, rcs = net({"c": ch})
    rc = rcs["c"]
    reader = spawned(read_all(ch))
    on_reactor(rc.put, "from twisted")
    on_reactor(rc.close)
    assert result(reader) == ["from twisted"]
    back = Channel()
    _, rcs = net({"back": back})
    spawned(write_all(back, [7]))
    assert on_reactor(rcs["back"].get) == 7


def test_a_value_of_16_mib_round_trips(net):
    there, back = Channel(), Channel()
    _, rcs = net({"there": there, "back": back})
    big = bytes(range(256)) * (16 * 1024 * 1024 // 256)
    assert len(big) == 16 * 1024 * 1024
    got = Par(write_all(rcs["there"], [big]), read_all(there)).start()[1]
    assert got == [big]
    got = Par(write_all(back, [[big, "tail"]]), read_all(rcs["back"])).start()[1]
    assert got == [[big, "tail"]]


def test_an_unsendable_value_is_an_error_at_the_writer_before_anything_is_sent(net):
    ch = Channel()
    _, rcs = net({"c": ch})
    rc = rcs["c"]

    class Opaque:
        pass

    @process
    def bad(cout):
        try:
            yield cout.write([1, Opaque()])
        except UnsendableValue as error:
            return str(error)
        return "sent?"

    message = result(spawned(bad(rc)))
    assert "Opaque" in message and "register_type" in message
    assert ch._writer is None and rc.connected  # nothing reached the host, the connection is fine
    assert Par(write_all(rc, [1]), read_all(ch)).start()[1] == [1]


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)


register_type(Point, "tests.Point", lambda p: (p.x, p.y), lambda s: Point(*s))


def test_a_registered_type_crosses_the_wire(net):
    ch = Channel()
    _, rcs = net({"c": ch})
    values = [Point(1, 2), {"p": Point(3, (4, 5))}]
    assert Par(write_all(rcs["c"], values), read_all(ch)).start()[1] == values


def test_pickle_is_used_only_when_both_ends_opt_in(net):
    ch = Channel()
    server = on_reactor(serve, LOOPBACK, {"c": ch})
    try:
        with pytest.raises(HandshakeFailed, match="pickle"):
            on_reactor(connect, server.address, "c", codec="pickle")
    finally:
        on_reactor(server.stop)
    pickled = on_reactor(serve, LOOPBACK, {"c": ch}, codec="pickle")
    try:
        with pytest.raises(HandshakeFailed, match="pickle"):
            on_reactor(connect, pickled.address, "c")  # the client did not opt in
        rc = on_reactor(connect, pickled.address, "c", codec="pickle")
        assert isinstance(rc, RemoteChannel)
        values = [{1, 2}, frozenset([3])]  # sets: only pickle sends them
        assert Par(write_all(rc, values), read_all(ch)).start()[1] == values
    finally:
        on_reactor(pickled.stop)


def test_an_unknown_channel_name_is_refused_with_the_names_published(net):
    server, _ = net({"jobs": Channel()})
    with pytest.raises(HandshakeFailed, match="no channel named 'jbos'.*jobs"):
        on_reactor(connect, server.address, "jbos")


def test_bad_arguments_say_what_to_write():
    with pytest.raises(TypeError, match="endpoint string"):
        serve(8080, {})
    with pytest.raises(TypeError, match="not a local Channel"):
        serve(LOOPBACK, {"c": 5})
    with pytest.raises(TypeError, match="bytes"):
        connect("tcp:127.0.0.1:1", "c", secret="text")
    with pytest.raises(ValueError, match="codec"):
        connect("tcp:127.0.0.1:1", "c", codec="yaml")


def test_the_ends_agree_on_a_safe_codec_or_say_why_not(net):
    pytest.importorskip("msgpack", reason="msgpack is not installed (pip install 'txcsp[net]')")
    ch = Channel()
    server = on_reactor(serve, LOOPBACK, {"c": ch})  # accepts msgpack and JSON
    try:
        rc = on_reactor(connect, server.address, "c")
        assert rc._conn.codec.name == "msgpack"  # the best both have
        json_rc = on_reactor(connect, server.address, "c", codec="json")
        assert json_rc._conn.codec.name == "json"
        values = [(1, 2), {(3,): b"x"}, 2**100, None]
        assert Par(write_all(json_rc, values), read_all(ch)).start()[1] == values
    finally:
        on_reactor(server.stop)
    strict = on_reactor(serve, LOOPBACK, {"c": ch}, codec="msgpack")
    try:
        with pytest.raises(HandshakeFailed, match=r"accepts codecs \['msgpack'\].*\['json'\]"):
            on_reactor(connect, strict.address, "c", codec="json")
    finally:
        on_reactor(strict.stop)


def test_a_remote_operation_never_yielded_is_reported_like_a_local_one(net):
    _, rcs = net({"c": Channel()})
    rc = rcs["c"]

    @process
    def forgetful(cout):
        cout.write(1)
        yield

    with pytest.warns(RuntimeWarning, match=r"never yielded; write `yield cout.write\(1\)`"):
        forgetful(rc).start()
    with pytest.raises(RuntimeError, match="outside any process"):
        rc.read()


def test_serve_and_connect_from_another_thread_say_how_to_call_them(net):
    from net_helpers import the_reactor

    the_reactor()  # running in its background thread: this thread must not touch it
    with pytest.raises(RuntimeError, match=r"yield serve\(.*blockingCallFromThread"):
        serve(LOOPBACK, {"c": Channel()})
    with pytest.raises(RuntimeError, match="reactor's thread"):
        connect("tcp:127.0.0.1:1", "c")


def test_offer_and_poll_are_refused_with_what_to_use_instead(net):
    _, rcs = net({"c": Channel()})
    with pytest.raises(TypeError, match=r"put\(x\)"):
        rcs["c"].offer(1)
    with pytest.raises(TypeError, match=r"get\(\)"):
        rcs["c"].poll()
