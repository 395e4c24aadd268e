"""The host: ``serve()`` publishes local channels by name; one :class:`HostConnection` per client.

What a client asks for, the host does on the real channel with a stand-in
entry (``External``, the same that backs ``Channel.put``/``get``):

- ``["W", id, x]``: write ``x``; once a reader on the host has taken it,
  ``["D", id]`` (done). ``["X", id]`` before that withdraws it
  (``["K", id]``: withdrawn, never delivered).
- ``["R", id]``: read; the value taken is *held* for the client and sent
  as ``["V", id, v]``. The client answers ``["C", id]`` (committed: it has
  the value) or ``["X", id]`` (withdrawn: its ``Alt`` chose another guard,
  or it was cancelled), and a held value then goes back to the head of the
  channel (``_hold.put_back``), so no value is lost or read twice. An
  ``["X", id]`` before any value simply withdraws the read.
- ``["P", 0]`` poisons the channel, ``["Z", 0]`` closes it.
- a poisoned or closed channel answers an operation with
  ``["E", id, "poison" | "closed"]``.

When a connection is lost, its parked operations are withdrawn. A value
held for the client (sent, not yet committed) may or may not have reached
it: it is not put back (that could deliver it twice) but logged and kept
in :attr:`Server.undelivered`.
"""

from __future__ import annotations

from typing import Any, Mapping

from twisted.internet.defer import CancelledError, Deferred, maybeDeferred
from twisted.internet.endpoints import serverFromString
from twisted.internet.protocol import Factory
from twisted.logger import Logger

from .._channel import Channel
from .._errors import ChannelClosed, ChannelPoison
from .._external import External
from ._codec import Codec, codec_choices
from ._errors import ChannelDisconnected, ProtocolError
from ._hold import put_back
from ._wire import VERSION, Limits, Wire, check_thread, mac, nonce

__all__ = ["serve", "Server", "HostConnection"]

log = Logger(namespace="csp.net")

_WAITING, _HELD = 0, 1


class _Op:
    __slots__ = ("kind", "d", "state", "value")

    def __init__(self, kind: str, d: Deferred) -> None:
        self.kind = kind
        self.d = d
        self.state = _WAITING
        self.value: Any = None


class HostConnection(Wire):
    """The host's end of one client's connection to one published channel."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._setup(server.codecs[0], server.limits, server.clock)
        self.ch: Channel | None = None
        self.ops: dict[int, _Op] = {}
        self._nonce = nonce()
        self.clean = False

    def connectionMade(self) -> None:
        super().connectionMade()
        self.server.connections.add(self)
        self.send_json({"csp": VERSION, "nonce": self._nonce, "codecs": [c.name for c in self.server.codecs],
                        "auth": self.server.secret is not None, "max_frame": self.limits.max_frame})

    def handshake(self, obj: dict) -> None:
        if self.ch is not None or obj.get("csp") != VERSION:
            raise ProtocolError(f"not a csp.net handshake of version {VERSION}")
        theirs, name, given = obj.get("nonce"), obj.get("channel"), obj.get("mac")
        if not (isinstance(theirs, str) and isinstance(name, str)):
            raise ProtocolError("a handshake without a nonce or channel name")
        secret = self.server.secret
        chosen = [c for c in self.server.codecs if c.name == obj.get("codec")]
        if not chosen:
            return self._refuse(
                f"the host accepts codecs {[c.name for c in self.server.codecs]} and this client asked for "
                f"{obj.get('codec')!r}: both ends must accept the same codec (pickle only when both ends "
                "pass codec='pickle')"
            )
        self.codec = chosen[0]
        if secret is not None:
            expected = mac(secret, "client", self._nonce, theirs, name)
            if not isinstance(given, str) or not _equal(given, expected):
                return self._refuse("authentication failed: wrong or missing secret", auth=True)
        ch = self.server.channels.get(name)
        if ch is None:
            known = ", ".join(sorted(self.server.channels)) or "none"
            return self._refuse(f"no channel named {name!r} is published here (published: {known})")
        self.ch = ch
        self.ready = True
        reply: dict[str, Any] = {"ok": True, "buffer": ch.buffer}
        if secret is not None:
            reply["mac"] = mac(secret, "server", theirs, self._nonce)
        self.send_json(reply)
        theirs_max = obj.get("max_frame")
        self.peer_max = theirs_max if type(theirs_max) is int and theirs_max > 0 else self.limits.max_frame

    def _refuse(self, why: str, auth: bool = False) -> None:
        log.warn("csp.net: refused {peer}: {why}", peer=self.peer, why=why)
        self.send_json({"ok": False, "error": why, "auth": auth})
        self.reason = f"refused: {why}"
        self.transport.loseConnection()

    # -- operations -------------------------------------------------------------

    def message(self, op: str, oid: int, value: Any) -> None:
        ch = self.ch
        assert ch is not None
        if op == "R" or op == "W":
            if oid in self.ops:
                raise ProtocolError(f"operation id {oid} is already in use")
            entry = External()
            trap = ch._rd if op == "R" else type(ch._wr)._armed(ch, value)
            d = entry.d
            record = _Op(op, d)
            self.ops[oid] = record
            d.addCallbacks(self._done, self._failed, (oid, record), None, (oid, record), None)
            entry.run(trap)
        elif op == "C":
            record = self.ops.pop(oid, None)
            if record is None or record.state != _HELD:
                raise ProtocolError(f"commit of operation {oid}, which holds no value")
        elif op == "X":
            record = self.ops.pop(oid, None)
            if record is None:
                return  # finished already: its answer is on the way
            if record.state == _HELD:
                put_back(ch, record.value)
                record.value = None
            else:
                record.d.cancel()  # withdraws the parked entry
                if record.kind == "W":
                    self.send("K", oid)
        elif op == "Q":
            self.clean = True  # the client disconnects on purpose: nothing to report
            self.transport.loseConnection()
        elif op == "P":
            ch.poison()
        elif op == "Z":
            ch.close()
        else:
            raise ProtocolError(f"unknown operation {op!r}")

    def _done(self, value: Any, oid: int, record: _Op) -> None:
        if self.ops.get(oid) is not record:
            return
        if record.kind == "W":
            del self.ops[oid]
            self.send("D", oid)
            return
        record.state, record.value = _HELD, value
        try:
            self.send("V", oid, value)
        except Exception as error:  # noqa: BLE001 - the value stays on the host, the reader is told
            del self.ops[oid]
            put_back(self.ch, value)  # type: ignore[arg-type]
            self.send("E", oid, ["unsendable", str(error)])

    def _failed(self, failure: Any, oid: int, record: _Op) -> None:
        if failure.check(CancelledError):
            return None
        if self.ops.get(oid) is record:
            del self.ops[oid]
            kind = "poison" if failure.check(ChannelPoison) else "closed" if failure.check(ChannelClosed) \
                else None
            if kind is None:
                return failure
            if self.transport is not None and self.reason is None:
                self.send("E", oid, [kind, ""])
        return None

    def lost(self, reason: str) -> None:
        self.server.connections.discard(self)
        ops, self.ops = self.ops, {}
        for record in ops.values():
            if record.state == _HELD:
                log.error("csp.net: {peer} lost ({reason}) while value {value!r} of {name} was on its way to "
                          "it; delivery unknown, not put back (it could be read twice)",
                          peer=self.peer, reason=reason, value=record.value, name=self.ch)
                self.server.undelivered.append((self.peer, self.ch, record.value))
            else:
                record.d.cancel()
        ch = self.ch
        if ch is None or self.clean or self.server.stopping:
            return
        if self.server.on_lost == "poison":
            ch.poison()
        elif self.server.on_lost == "wake":
            _wake_blocked(ch, ChannelDisconnected(self.peer, self.server.name_of(ch), reason))


def _wake_blocked(ch: Channel, error: ChannelDisconnected) -> None:
    """Wake the processes (and choices) blocked on ``ch`` with ``error``; the channel stays open.

    Stand-ins (``External``: other clients' operations, ``put``/``get``) are left waiting.
    """
    for entry in ch._readers + ch._writers:
        if isinstance(entry, External):
            continue
        if ch._remove(entry, writer=False) or ch._remove(entry, writer=True):
            entry.val = None
            entry.sched._throw(entry, error)


def _equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


class _Factory(Factory):
    def __init__(self, server: Server) -> None:
        self.server = server

    def buildProtocol(self, addr: Any) -> HostConnection:
        return HostConnection(self.server)


class Server:
    """Channels published on one endpoint (what :func:`serve` gives)."""

    def __init__(self, channels: dict[str, Channel], secret: bytes | None, codecs: list[Codec],
                 limits: Limits, clock: Any, on_lost: str = "wake") -> None:
        self.channels = channels
        self.on_lost = on_lost
        self.stopping = False
        self.secret = secret
        self.codecs = codecs  # accepted, best first; each connection uses the one its client picks
        self.limits = limits
        self.clock = clock
        self.connections: set[HostConnection] = set()
        self.undelivered: list[tuple[str, Channel, Any]] = []
        """(peer, channel, value) for each value sent to a peer that was lost before it committed."""
        self.listening: Any = None
        self.tls = False

    @property
    def port(self) -> int:
        """The TCP port it listens on (the real one when the endpoint said port 0)."""
        return self.listening.getHost().port

    @property
    def host(self) -> str:
        """The interface it listens on (``"127.0.0.1"``, say)."""
        return self.listening.getHost().host

    @property
    def address(self) -> str:
        """A client endpoint string for :func:`connect`: ``"tcp:127.0.0.1:PORT"``."""
        host = self.host
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        return f"tcp:{host.replace(':', chr(92) + ':')}:{self.port}"

    def stop(self) -> Deferred:
        """Stop listening and drop every connection (their blocked processes wake); a Deferred."""
        self.stopping = True
        for conn in list(self.connections):
            conn.drop("the host stopped serving")
        return maybeDeferred(self.listening.stopListening)

    def name_of(self, ch: Channel) -> str:
        for name, published in self.channels.items():
            if published is ch:
                return name
        return ch.name

    def __repr__(self) -> str:
        names = ", ".join(sorted(self.channels))
        return f"<csp.net.Server {self.address if self.listening else '(not listening)'} [{names}]>"


def serve(endpoint: str, channels: Mapping[str, Channel], *, secret: bytes | None = None, tls: Any = None,
          reactor: Any = None, codec: Any = None, max_frame: int = 64 << 20, rate: float | None = 200_000.0,
          burst: int = 100_000, heartbeat: float | None = 5.0, dead_after: float | None = None,
          clock: Any = None, on_lost: str = "wake") -> Deferred:
    """Publish ``channels`` under their names on a Twisted server endpoint; a Deferred firing with a Server.

    ``endpoint`` is Twisted's server syntax: ``"tcp:0:interface=127.0.0.1"``
    (port 0: any free port, see ``server.port``), or ``"ssl:8443:..."``.
    ``secret`` makes every client prove it knows it (and the host proves it
    too) before any channel operation; ``tls`` (see :func:`server_tls`)
    wraps the connections in TLS. When a client's connection is lost
    (not closed with ``rc.disconnect()``), ``on_lost`` says what happens to
    the host's processes blocked on its channel: ``"wake"`` (the default)
    wakes them with :class:`~csp.net.ChannelDisconnected` naming the peer,
    the channel staying open for other clients; ``"poison"`` poisons the
    channel; ``"ignore"`` leaves them waiting for other clients. Call it on the reactor's thread (inside a
    process: ``server = yield serve(...)``)::

        jobs = Channel()
        server = yield serve("tcp:0:interface=127.0.0.1", {"jobs": jobs}, secret=b"s3cret")
        print(server.address)        # tcp:127.0.0.1:PORT, what connect() takes
    """
    if reactor is None:
        from twisted.internet import reactor as global_reactor

        reactor = global_reactor
    if not isinstance(endpoint, str):
        raise TypeError(f"serve({endpoint!r}, ...): the endpoint is a Twisted endpoint string, "
                        "e.g. 'tcp:0:interface=127.0.0.1'")
    published: dict[str, Channel] = {}
    for name, ch in dict(channels).items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"serve: channel names are non-empty str, not {name!r}")
        if not isinstance(ch, Channel) or getattr(ch, "_remote", False):
            raise TypeError(f"serve: {name!r} maps to {ch!r}, which is not a local Channel")
        ch._external = True  # fed from the network: processes blocked on it are not deadlocked
        published[name] = ch
    if secret is not None and not isinstance(secret, bytes):
        raise TypeError("serve(secret=...): the secret is bytes, e.g. secret=b'...'")
    if on_lost not in ("wake", "poison", "ignore"):
        raise ValueError(f"serve(on_lost={on_lost!r}): use 'wake', 'poison' or 'ignore'")
    limits = Limits(max_frame, rate, burst, heartbeat, dead_after)
    server = Server(published, secret, codec_choices(codec), limits, clock if clock is not None else reactor,
                    on_lost)
    check_thread(reactor, "serve")
    factory: Any = _Factory(server)
    if tls is not None:
        from twisted.protocols.tls import TLSMemoryBIOFactory

        factory = TLSMemoryBIOFactory(tls, False, factory)
        server.tls = True
    d = serverFromString(reactor, endpoint).listen(factory)

    def listening(port: Any) -> Server:
        server.listening = port
        return server

    return d.addCallback(listening)
