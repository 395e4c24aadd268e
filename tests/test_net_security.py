"""Security: authentication before any operation, TLS with verified certificates, bad frames and limits."""

from __future__ import annotations

import json
import socket
import struct

import pytest
from net_helpers import LOOPBACK, net_log, on_reactor, result, spawned, wait_until
from twisted.internet.protocol import Factory
from twisted.protocols.basic import Int32StringReceiver

from csp import Channel, Par, process
from csp.net import AuthenticationFailed, HandshakeFailed, UnsendableValue, connect, serve

# Twisted's TLS code hands pyOpenSSL objects that pyOpenSSL 24+ calls deprecated: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Passing pyOpenSSL:DeprecationWarning")


@pytest.fixture
def logged():
    """What csp.net logs during the test (its formatted messages)."""
    with net_log() as seen:
        yield seen


@pytest.fixture
def server():
    servers = []

    def make(channels, **options):
        s = on_reactor(serve, LOOPBACK, channels, **options)
        servers.append(s)
        return s

    yield make
    for s in servers:
        on_reactor(s.stop)


@process
def echo_once(cin):
    return (yield cin.read())


@process
def write_one(cout, v):
    yield cout.write(v)


def works(srv, name="c", **client):
    """A real client can still use ``srv``: the host survived whatever came before."""
    ch = srv.channels[name]
    rc = on_reactor(connect, srv.address, name, **client)
    assert Par(write_one(rc, "ok"), echo_once(ch)).start()[1] == "ok"


# -- a raw peer speaking bytes -------------------------------------------------------


class Raw:
    """A plain socket to the host: frames in and out, by hand."""

    def __init__(self, srv):
        self.sock = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        self.hello = json.loads(self.frame())

    def frame(self) -> bytes:
        head = self._exactly(4)
        return self._exactly(struct.unpack(">I", head)[0])

    def _exactly(self, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise EOFError("closed")
            data += chunk
        return data

    def send(self, data: bytes) -> None:
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def handshake(self, name="c") -> dict:
        hello = {"csp": 1, "nonce": "00", "codec": "json", "channel": name, "mac": None}
        self.send(json.dumps(hello).encode())
        return json.loads(self.frame())

    def closed(self) -> bool:
        """True once the host has closed the connection (reads until then)."""
        try:
            while self.sock.recv(65536):
                pass
        except ConnectionResetError:
            pass
        self.sock.close()
        return True


def json_message(op, oid, value=None) -> bytes:
    text = json.dumps([op, oid, value]).encode()
    return struct.pack(">I", len(text)) + text


# -- authentication -----------------------------------------------------------------


def test_a_wrong_secret_is_refused_before_any_operation_and_the_host_goes_on(server, logged):
    ch = Channel()
    srv = server({"c": ch}, secret=b"right")
    with pytest.raises(AuthenticationFailed, match="authentication failed"):
        on_reactor(connect, srv.address, "c", secret=b"wrong")
    with pytest.raises(AuthenticationFailed):
        on_reactor(connect, srv.address, "c")  # no secret at all
    assert any("refused" in line for line in logged)
    works(srv, secret=b"right")


def test_a_client_with_a_secret_refuses_a_host_that_asks_for_none(server):
    srv = server({"c": Channel()})
    with pytest.raises(AuthenticationFailed, match="cannot prove"):
        on_reactor(connect, srv.address, "c", secret=b"s")


def test_operations_before_the_handshake_close_the_connection(server, logged):
    ch = Channel()
    srv = server({"c": ch}, secret=b"s")
    raw = Raw(srv)
    raw.sock.sendall(json_message("W", 1, "sneaked in"))  # no handshake: refused, nothing written
    assert raw.closed()
    assert ch._writer is None
    wait_until(lambda: any("handshake" in line for line in logged), "the host logged it")
    works(srv, secret=b"s")


def test_a_host_that_cannot_prove_it_knows_the_secret_is_refused():
    class Impostor(Int32StringReceiver):
        def connectionMade(self):
            self.sendString(json.dumps({"csp": 1, "nonce": "ab", "codecs": ["json"], "auth": True}).encode())

        def stringReceived(self, data):
            self.sendString(json.dumps({"ok": True, "mac": "00" * 32, "buffer": 0}).encode())

    from net_helpers import the_reactor
    from twisted.internet.endpoints import serverFromString

    reactor = the_reactor()
    port = on_reactor(lambda: serverFromString(reactor, LOOPBACK).listen(Factory.forProtocol(Impostor)))
    try:
        with pytest.raises(AuthenticationFailed, match="did not prove"):
            on_reactor(connect, f"tcp:127.0.0.1:{port.getHost().port}", "c", secret=b"s")
    finally:
        on_reactor(port.stopListening)


# -- bad frames and limits ----------------------------------------------------------


@pytest.mark.parametrize("garbage", [b"\xff\xfe not json", b"[1, 2, 3]", b"{}"])
def test_garbage_before_the_handshake_closes_that_connection_only(server, logged, garbage):
    srv = server({"c": Channel()})
    raw = Raw(srv)
    raw.send(garbage)
    assert raw.closed()
    wait_until(lambda: any("closing the connection" in line for line in logged), "the host logged it")
    works(srv)


@pytest.mark.parametrize("frame", [
    b"\x00\x00\x00\x05{bad}",  # not JSON in the codec's frame
    b"\x00\x00\x00\x02[]",  # a JSON part longer than the frame
    json_message("R", 1)[4:],  # a message without the codec's header
])
def test_garbage_after_the_handshake_closes_that_connection_only(server, logged, frame):
    ch = Channel()
    srv = server({"c": ch})
    raw = Raw(srv)
    assert raw.handshake()["ok"]
    raw.send(frame)
    assert raw.closed()
    wait_until(lambda: any("closing the connection" in line for line in logged), "the host logged it")
    works(srv)


def test_a_well_framed_message_that_makes_no_sense_closes_the_connection(server, logged):
    from csp.net import JsonCodec

    srv = server({"c": Channel()})
    raw = Raw(srv)
    assert raw.handshake()["ok"]
    raw.send(JsonCodec().encode(["C", 99, None]))  # commit of an operation that does not exist
    assert raw.closed()
    wait_until(lambda: any("holds no value" in line for line in logged), "the host logged it")
    works(srv)


def test_an_oversized_frame_closes_the_connection(server, logged):
    srv = server({"c": Channel()}, max_frame=1024)
    raw = Raw(srv)
    raw.sock.sendall(struct.pack(">I", 10_000_000) + b"x" * 100)
    assert raw.closed()
    wait_until(lambda: any("over the limit of 1024" in line for line in logged), "the host logged it")
    works(srv)


def test_a_value_over_the_hosts_frame_limit_is_refused_at_the_writer(server):
    ch = Channel()
    srv = server({"c": ch}, max_frame=1024)
    rc = on_reactor(connect, srv.address, "c")

    @process
    def big(cout):
        try:
            yield cout.write(b"x" * 5000)
        except UnsendableValue as error:
            return str(error)

    assert "max_frame" in result(spawned(big(rc)))
    assert rc.connected and ch._writer is None


def test_a_client_over_the_rate_limit_is_dropped(server, logged):
    srv = server({"c": Channel()}, rate=5.0, burst=5)
    raw = Raw(srv)
    assert raw.handshake()["ok"]
    from csp.net import JsonCodec

    beat = JsonCodec().encode(["H", 0, None])
    raw.sock.sendall((struct.pack(">I", len(beat)) + beat) * 50)
    assert raw.closed()
    wait_until(lambda: any("frames per second" in line for line in logged), "the host logged it")


# -- TLS ----------------------------------------------------------------------------

tls_missing = None
try:
    import OpenSSL  # noqa: F401
    import service_identity  # noqa: F401
    from net_certs import Authority
except ImportError as error:  # pragma: no cover - depends on the installation
    tls_missing = f"TLS needs pyOpenSSL and service_identity (pip install 'txcsp[tls]'): {error}"

needs_tls = pytest.mark.skipif(tls_missing is not None, reason=tls_missing or "")


@pytest.fixture(scope="module")
def pki():
    ca = Authority()
    return ca, ca.issue("localhost")


@needs_tls
def test_tls_with_a_verified_certificate(server, pki):
    from csp.net import client_tls, server_tls

    ca, (cert, key) = pki
    srv = server({"c": Channel()}, tls=server_tls(cert, key))
    works(srv, tls=client_tls("localhost", ca=ca.pem))


@needs_tls
def test_tls_refuses_a_certificate_from_another_authority_or_for_another_name(server, pki):
    from csp.net import client_tls, server_tls

    ca, (cert, key) = pki
    srv = server({"c": Channel()}, tls=server_tls(cert, key))
    stranger = Authority("someone else")
    with pytest.raises(HandshakeFailed):
        on_reactor(connect, srv.address, "c", tls=client_tls("localhost", ca=stranger.pem))
    with pytest.raises(HandshakeFailed):
        on_reactor(connect, srv.address, "c", tls=client_tls("elsewhere.example", ca=ca.pem))
    with pytest.raises(HandshakeFailed, match="no heartbeat"):  # plain TCP to a TLS host: both wait, until
        on_reactor(connect, srv.address, "c", heartbeat=0.1, dead_after=0.3)  # the silence is too long
    works(srv, tls=client_tls("localhost", ca=ca.pem))


@needs_tls
def test_tls_client_certificates(server, pki):
    from csp.net import client_tls, server_tls

    ca, (cert, key) = pki
    srv = server({"c": Channel()}, tls=server_tls(cert, key, client_ca=ca.pem))
    with pytest.raises(HandshakeFailed):
        on_reactor(connect, srv.address, "c", tls=client_tls("localhost", ca=ca.pem))  # no client cert
    other_cert, other_key = Authority("rogue").issue("client")
    with pytest.raises(HandshakeFailed):
        on_reactor(connect, srv.address, "c", tls=client_tls("localhost", ca=ca.pem, cert=other_cert,
                                                               key=other_key))
    client_cert, client_key = ca.issue("client")
    works(srv, tls=client_tls("localhost", ca=ca.pem, cert=client_cert, key=client_key))


def test_a_host_value_over_the_clients_frame_limit_stays_on_the_host_and_the_reader_is_told(server):
    ch = Channel()
    srv = server({"c": ch})
    rc = on_reactor(connect, srv.address, "c", max_frame=1024)

    @process
    def read_big(cin):
        try:
            yield cin.read()
        except UnsendableValue as error:
            return str(error)

    reader = spawned(read_big(rc))
    wait_until(lambda: ch._reader is not None, "the remote read is parked on the host")
    on_reactor(ch.put, b"x" * 5000)
    assert "max_frame" in result(reader)
    assert rc.connected and ch._writer is not None  # the value is back on the host's channel
