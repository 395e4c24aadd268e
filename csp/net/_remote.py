"""The client: ``connect()`` reaches a published channel; :class:`RemoteChannel` is used like a Channel.

Each operation gets an id. A write sends ``["W", id, x]`` (the value is
encoded first, in the writer's own step, so a value that cannot be sent
is an error there and nothing is sent) and completes on ``["D", id]``,
once a reader on the host has taken ``x``: a rendezvous stays one. A read
sends ``["R", id]``; the host holds the value it takes until this end
answers ``["C", id]`` (taken) or ``["X", id]`` (withdrawn: it goes back).
A cancelled write asks the host to withdraw it and waits for the answer,
so a cancelled write was never delivered, or it completed first.
"""

from __future__ import annotations

import itertools
from typing import Any, Generator

from twisted.internet.defer import Deferred
from twisted.internet.endpoints import clientFromString, wrapClientTLS
from twisted.internet.protocol import Factory
from twisted.logger import Logger

from .._channel import POISONED, Channel, poison_epoch
from .._errors import Cancelled, ChannelClosed, ChannelPoison
from .._external import External
from .._forgotten import made, note_made, untrack
from .._kernel import PARKED, SELF, Trap
from .._reactor import call, call_blocking
from ._codec import Codec, codec_choices
from ._errors import (
    AuthenticationFailed,
    ChannelDisconnected,
    DeliveryUnknown,
    HandshakeFailed,
    ProtocolError,
    UnsendableValue,
)
from ._wire import VERSION, Limits, Wire, check_thread, mac, nonce

__all__ = ["RemoteChannel", "connect", "ClientConnection"]

_ids = itertools.count(1)
log = Logger(namespace="csp.net")

_READ, _WRITE, _OFFER_R, _OFFER_W = "read", "write", "offer to read", "offer to write"
_OFFERS = (_OFFER_R, _OFFER_W)


class _Pending(Trap):
    """One operation in flight: what the task (or the Alt's offer) waiting for its answer is parked on."""

    __slots__ = ("rc", "oid", "kind", "task", "value", "withdrawing", "waiting", "idx", "live", "held",
                 "deciding", "guard")

    def __init__(self, rc: RemoteChannel, kind: str, task: Any, value: Any = None) -> None:
        self.rc = rc
        self.oid = next(_ids)
        self.kind = kind
        self.task = task
        self.value = value
        self.withdrawing = False
        self.waiting: Any = None  # for an Alt's offer: its _Waiting and the guard's index
        self.idx = -1
        self.live = True
        self.held = False  # a read offer whose value a deciding select keeps (see _guards._Hold)
        self.deciding: Any = None  # a write offer: what fired while it was out (see _guards._Hold)
        self.guard: Any = None  # a write offer: its RemoteWriteGuard

    # the kernel's side (a task parked on a plain read or write)

    def _abort(self, task: Any) -> bool:
        conn = self.rc._conn
        if self.kind == _READ:
            conn.pending.pop(self.oid, None)
            conn.send_quiet("X", self.oid)  # a value already taken for us goes back to the host's channel
            return True
        # A write: ask the host to withdraw it; the task wakes with Cancelled once it has,
        # or, if it was already taken, completes and meets the cancel at its next yield.
        if conn.lost_reason is not None or not hasattr(task, "_cancelled"):  # (a put's Deferred: at once)
            conn.pending.pop(self.oid, None)
            conn.send_quiet("X", self.oid)
            return True
        self.withdrawing = True
        conn.send_quiet("X", self.oid)
        return False

    def _describe(self, task: Any) -> str:
        what = "reading from" if self.kind == _READ else f"writing {self.value!r} to"
        return f"{what} {self.rc!r}"

    def _blocked_on(self, task: Any) -> tuple:
        return (SELF,)

    # an Alt's offer (see _guards)

    def _withdraw(self) -> None:
        self.live = False
        conn = self.rc._conn
        if self.kind == _OFFER_W:  # it stays pending until the host says whether a reader took it
            from ._guards import withdrawn

            withdrawn(self)
            return
        if conn.pending.pop(self.oid, None) is not None:
            conn.send_quiet("X", self.oid)


def _track(op: Any) -> Any:
    """Note ``op`` as made, like a channel's own operations: one never yielded is reported."""
    if made[0] is None:
        made[0] = op
    else:
        note_made(op)
    return op


class _RemoteRead(Trap):
    """``rc.read()``: shared by every reader of one remote channel (the state is in each _Pending)."""

    __slots__ = ("rc",)
    _method = "read"  # the call that makes it (for never-yielded reports)

    def _text(self) -> str:
        return "rc.read()"

    def _forgotten(self) -> None:
        pass

    def __init__(self, rc: RemoteChannel) -> None:
        self.rc = rc

    def _perform(self, task: Any) -> Any:
        rc = self.rc
        rc._check()
        op = _Pending(rc, _READ, task)
        rc._conn.start(op, "R")
        task.parked_on = op
        return PARKED

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<read from {self.rc!r}>"

    def _csp_guards(self) -> list[Any]:
        from ._guards import RemoteReadGuard

        untrack(self)  # the Alt performs it
        return [RemoteReadGuard(self.rc)]

    def __or__(self, other: Any) -> Any:
        from ..guards import Alt

        return Alt(self, other)

    def __ror__(self, other: Any) -> Any:
        from ..guards import Alt

        return Alt(other, self)


class _RemoteWrite(Trap):
    """``rc.write(x)``: one per write."""

    __slots__ = ("rc", "value", "armed")
    _method = "write"  # the call that makes it (for never-yielded reports)

    def _text(self) -> str:
        return f"rc.write({self.value!r:.40})"

    def _forgotten(self) -> None:
        self.armed = False

    def __init__(self, rc: RemoteChannel, value: Any) -> None:
        self.rc = rc
        self.value = value
        self.armed = True

    def _perform(self, task: Any) -> Any:
        if not self.armed:
            raise RuntimeError(f"{self!r} was already performed; each `rc.write(x)` writes once")
        self.armed = False
        rc = self.rc
        rc._check()
        op = _Pending(rc, _WRITE, task, self.value)
        rc._conn.start(op, "W", self.value)  # raises UnsendableValue before anything is sent
        self.value = None
        task.parked_on = op
        return PARKED

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<write to {self.rc!r}>"

    def _csp_guards(self) -> list[Any]:
        from ._guards import RemoteWriteGuard

        if not self.armed:
            raise RuntimeError(f"{self!r} was already performed, so it cannot be a guard")
        untrack(self)  # the Alt performs it
        self.armed = False
        return [RemoteWriteGuard(self.rc, self.value)]

    def __or__(self, other: Any) -> Any:
        from ..guards import Alt

        return Alt(self, other)

    def __ror__(self, other: Any) -> Any:
        from ..guards import Alt

        return Alt(other, self)


class _RemoteValues:
    """``async for v in rc``: reads until the host's channel is closed and drained."""

    __slots__ = ("rc",)

    def __init__(self, rc: RemoteChannel) -> None:
        self.rc = rc

    def __aiter__(self) -> _RemoteValues:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.rc.read()
        except ChannelClosed as closed:
            if closed.channel is not self.rc:
                raise
            raise StopAsyncIteration from None


class RemoteChannel(Channel):
    """A channel published by another program, reached with :func:`connect`; used like a Channel.

    Inside a process: ``yield rc.write(x)`` (completes once a reader on the
    host has taken ``x``), ``x = yield rc.read()``, ``rc.poison()``,
    ``rc.close()``, ``async for x in rc``, and ``rc`` (a read) or
    ``rc.write(x)`` as guards of an ``Alt``. ``rc.buffer`` is the host
    channel's buffer size. When the connection is lost every process
    blocked on it wakes with :class:`~csp.net.ChannelDisconnected` (a write
    whose fate is unknown with :class:`~csp.net.DeliveryUnknown`), and so
    does every later operation::

        rc = yield connect("tcp:127.0.0.1:8750", "jobs", secret=b"s3cret")
        yield rc.write("job 1")      # done once the host's reader has it
    """

    __slots__ = ("_conn", "_rread", "_remote_name")
    _remote = True

    def __init__(self, conn: ClientConnection, name: str, buffer: int) -> None:
        super().__init__(0, f"{name}@{conn.peer}")
        self._size = buffer  # shown as .buffer; the buffer itself is on the host
        self._conn = conn
        self._remote_name = name
        self._rread = _RemoteRead(self)

    def __repr__(self) -> str:
        return f"RemoteChannel({self._remote_name!r} at {self._conn.peer})"

    @property
    def peer(self) -> str:
        """The host's address."""
        return self._conn.peer

    @property
    def connected(self) -> bool:
        """False once the connection is lost (or closed with :meth:`disconnect`)."""
        return self._conn.lost_reason is None

    def read(self) -> _RemoteRead:  # type: ignore[override]
        """The operation that reads one value from the host's channel: ``x = yield rc.read()``."""
        return _track(self._rread)

    def write(self, value: Any) -> _RemoteWrite:  # type: ignore[override]
        """The operation that writes ``value`` to the host's channel: ``yield rc.write(value)``."""
        return _track(_RemoteWrite(self, value))

    def __aiter__(self) -> _RemoteValues:  # type: ignore[override]
        return _RemoteValues(self)

    def _csp_guards(self) -> list[Any]:
        from ._guards import RemoteReadGuard

        return [RemoteReadGuard(self)]

    def __or__(self, other: Any) -> Any:
        from ..guards import Alt

        return Alt(self, other)

    def __ror__(self, other: Any) -> Any:
        from ..guards import Alt

        return Alt(other, self)

    def _check(self) -> None:
        """Raise what an operation must raise at once: poison seen here, a lost connection."""
        if self._shut == POISONED:
            raise ChannelPoison(self)
        conn = self._conn
        if conn.lost_reason is not None:
            raise ChannelDisconnected(conn.peer, self._remote_name, conn.lost_reason)

    # -- ending: both cross the wire ------------------------------------------------

    def poison(self) -> list[Any]:
        """Poison the host's channel (and this end): every process blocked on it, on both sides, wakes."""
        return call_blocking(self._conn.reactor, self._poison)

    def _poison(self) -> list[Any]:
        if self._shut == POISONED:
            return []
        self._shut = POISONED
        poison_epoch[0] += 1
        conn = self._conn
        self._end_remotely("P", "poison")
        conn.fail_all(lambda op: ChannelPoison(self))
        return []

    def close(self) -> None:
        """Close the host's channel: what was written is still read there; then reads raise ChannelClosed.

        On a lost connection it cannot reach the host: it does nothing but
        log that (it never raises, as close spreading calls it on the way
        out of a process).
        """
        call_blocking(self._conn.reactor, self._end_remotely, "Z", "close")

    def _end_remotely(self, code: str, what: str) -> None:
        conn = self._conn
        if conn.lost_reason is not None:
            log.info("csp.net: {what} of {rc} not sent: the connection was lost ({why})", what=what, rc=self,
                     why=conn.lost_reason)
            return
        conn.send_quiet(code, 0)

    def disconnect(self) -> Deferred:
        """Close this connection (the host's channel stays open); blocked processes here wake.

        Returns a Deferred that fires once the connection is closed (yield it
        in a process before the program ends, so the host hears of it).
        """
        return call_blocking(self._conn.reactor, self._conn.disconnect)

    # -- Twisted code outside any process -------------------------------------------

    def put(self, value: Any) -> Deferred:
        """From Twisted code: write ``value``; the Deferred fires once the host's reader has it."""
        entry = External()
        call(self._conn.reactor, entry.run, _RemoteWrite(self, value))
        return entry.d

    def get(self) -> Deferred:
        """From Twisted code: a Deferred firing with the next value of the host's channel."""
        entry = External()
        call(self._conn.reactor, entry.run, self._rread)
        return entry.d

    def offer(self, value: Any) -> bool:
        """Refused: only the host can tell at once whether a write would wait (use ``put`` or an Alt)."""
        raise TypeError(f"{self!r}.offer(): a remote channel cannot tell at once whether a write would "
                        "wait; use put(x) (a Deferred) or, in a process, an Alt with a Skip() guard")

    def poll(self, default: Any = None) -> Any:
        """Refused: only the host can tell at once whether a value is there (use ``get`` or an Alt)."""
        raise TypeError(f"{self!r}.poll(): a remote channel cannot tell at once whether a value is "
                        "there; use get() (a Deferred) or, in a process, an Alt with a Skip() guard")


class ClientConnection(Wire):
    """The client's end of the connection behind one :class:`RemoteChannel`."""

    def __init__(self, name: str, peer: str, secret: bytes | None, codecs: list[Codec], limits: Limits,
                 clock: Any, reactor: Any, ready: Deferred) -> None:
        self._setup(codecs[0], limits, clock)
        self.codecs = codecs
        self.name = name
        self.peer = peer
        self.secret = secret
        self.reactor = reactor
        self._ready = ready
        self._nonce = nonce()
        self._theirs = ""
        self.rc: RemoteChannel | None = None
        self.pending: dict[int, _Pending] = {}
        self.lost_reason: str | None = None
        self._closed: list[Deferred] = []

    def connectionMade(self) -> None:
        peer = self.peer
        super().connectionMade()
        self.peer = peer  # the endpoint as given names the peer best

    # -- handshake --------------------------------------------------------------

    def handshake(self, obj: dict) -> None:
        if not self._theirs:
            if obj.get("csp") != VERSION or not isinstance(obj.get("nonce"), str):
                raise ProtocolError(f"{self.peer} is not a csp.net host of version {VERSION}")
            self._theirs = obj["nonce"]
            theirs = obj.get("codecs")
            common = [c for c in self.codecs if isinstance(theirs, list) and c.name in theirs]
            if not common:
                return self._fail(HandshakeFailed(
                    f"{self.peer} accepts codecs {theirs!r} and this end {[c.name for c in self.codecs]}: "
                    "both ends must accept the same codec (pickle only when both pass codec='pickle')"))
            self.codec = common[0]
            if self.secret is not None and not obj.get("auth"):
                return self._fail(AuthenticationFailed(
                    f"{self.peer} asks for no secret, but this end has one: it cannot prove it is the "
                    "host you meant; give the host the same secret=, or drop it here"))
            if isinstance(obj.get("max_frame"), int):
                self.peer_max = obj["max_frame"]
            mine = None if self.secret is None else mac(self.secret, "client", self._theirs, self._nonce,
                                                          self.name)
            self.send_json({"csp": VERSION, "nonce": self._nonce, "codec": self.codec.name,
                            "channel": self.name, "mac": mine, "max_frame": self.limits.max_frame})
            return
        if not obj.get("ok"):
            why = str(obj.get("error"))
            error = AuthenticationFailed if obj.get("auth") else HandshakeFailed
            return self._fail(error(f"{self.peer} refused channel {self.name!r}: {why}"))
        if self.secret is not None:
            given = obj.get("mac")
            expected = mac(self.secret, "server", self._nonce, self._theirs)
            if not isinstance(given, str) or not _equal(given, expected):
                return self._fail(AuthenticationFailed(
                    f"{self.peer} did not prove it knows the secret: it is not the host you meant"))
        buffer = obj.get("buffer")
        self.rc = RemoteChannel(self, self.name, buffer if isinstance(buffer, int) else 0)
        self.ready = True
        d, self._ready = self._ready, None
        d.callback(self.rc)

    def _fail(self, error: Exception) -> None:
        self.reason = str(error)
        d, self._ready = self._ready, None
        if self.transport is not None:
            self.transport.abortConnection()
        if d is not None:
            d.errback(error)

    # -- operations -------------------------------------------------------------

    def start(self, op: _Pending, code: str, value: Any = None) -> None:
        self.send(code, op.oid, value)  # first: an unsendable value raises here, before anything changes
        self.pending[op.oid] = op

    def disconnect(self) -> Deferred:
        d: Deferred = Deferred()
        if self.lost_reason is not None or self.transport is None:
            d.callback(None)
            return d
        self._closed.append(d)
        if self.reason is None:
            self.send("Q", 0)
            self.reason = "disconnected by this end"
            self.transport.loseConnection()
        return d

    def send_quiet(self, op: str, oid: int) -> None:
        if self.lost_reason is None and self.transport is not None:
            self.send(op, oid)

    def message(self, code: str, oid: int, value: Any) -> None:
        op = self.pending.pop(oid, None)
        if op is None:
            if code in ("V", "D", "K", "E"):
                return  # withdrawn already: the host puts a value back when it sees our X
            raise ProtocolError(f"unknown message {code!r}")
        rc = op.rc
        if op.kind == _OFFER_W and code in ("D", "K", "E"):
            from ._guards import answered  # a select's write: see _guards

            answered(op, code == "D", self._error(rc, value) if code == "E" else None)
            return
        if code == "V" and op.kind != _WRITE:
            if op.kind == _READ:
                self.send("C", oid)
                op.task.sched._wake(op.task, value)
            else:  # an Alt's offer to read: the first to fire commits the choice
                op.live = False
                op.waiting._fire(op.idx, value)
                if not op.held:  # (held: a select deciding about its remote write keeps it for now)
                    self.send("C", oid)
        elif code == "D" and op.kind != _READ:
            if op.kind == _WRITE:
                if op.withdrawing:
                    op.task.cancel_req = True  # it was taken first: the cancel comes at its next yield
                op.task.sched._wake(op.task, None)
            else:
                op.live = False
                op.waiting._fire(op.idx, None)
        elif code == "K":
            if op.kind == _WRITE:
                op.task.sched._throw(op.task, op.task._cancelled())
        elif code == "E":
            self._throw(op, self._error(rc, value))
        else:
            raise ProtocolError(f"message {code!r} does not fit operation {oid} ({op.kind})")

    def _error(self, rc: RemoteChannel, value: Any) -> Exception:
        """The exception an ``["E", id, [kind, text]]`` from the host stands for."""
        kind = value[0] if isinstance(value, list) and value else None
        if kind == "poison":
            rc._shut = POISONED
            poison_epoch[0] += 1
            return ChannelPoison(rc)
        if kind == "closed":
            return ChannelClosed(rc)
        if kind == "unsendable":
            return UnsendableValue(f"{rc!r}: the host's channel holds a value it cannot send: "
                                   f"{value[1] if len(value) > 1 else ''}")
        raise ProtocolError(f"an error message {value!r} that this end does not know")

    def _throw(self, op: _Pending, error: BaseException) -> None:
        if op.kind in _OFFERS:
            if op.live:
                op.live = False
                op.waiting._fail(error, op.idx)
            return
        task = op.task
        if op.withdrawing:
            cancelled = task._cancelled() if hasattr(task, "_cancelled") else Cancelled("cancelled")
            cancelled.__cause__ = error
            error = cancelled
        task.sched._throw(task, error)

    def fail_all(self, make: Any) -> None:
        ops, self.pending = self.pending, {}
        for op in ops.values():
            if op.kind == _OFFER_W:
                from ._guards import answered

                answered(op, None, make(op))
                continue
            self._throw(op, make(op))

    def lost(self, reason: str) -> None:
        self.lost_reason = reason
        closed, self._closed = self._closed, []
        for waiter in closed:
            waiter.callback(None)
        d, self._ready = self._ready, None
        if d is not None:
            d.errback(HandshakeFailed(f"{self.peer}: the connection ended during the handshake ({reason})"))
            return
        name = self.name

        def error(op: _Pending) -> Exception:
            if op.kind == _READ or op.kind == _OFFER_R:
                return ChannelDisconnected(self.peer, name, reason)
            return DeliveryUnknown(self.peer, name, reason, op.value)

        self.fail_all(error)


def _equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


class _ClientFactory(Factory):
    def __init__(self, conn: ClientConnection) -> None:
        self.conn = conn

    def buildProtocol(self, addr: Any) -> ClientConnection:
        return self.conn


def connect(endpoint: str, name: str, *, secret: bytes | None = None, tls: Any = None, reactor: Any = None,
            codec: Any = None, max_frame: int = 64 << 20, rate: float | None = 200_000.0,
            burst: int = 100_000, heartbeat: float | None = 5.0, dead_after: float | None = None,
            clock: Any = None) -> Deferred:
    """Reach the channel published as ``name`` at ``endpoint``; a Deferred firing with a RemoteChannel.

    ``endpoint`` is Twisted's client syntax, ``"tcp:127.0.0.1:PORT"``
    (``server.address`` gives it). ``secret`` must be the host's; ``tls``
    (see :func:`client_tls`) verifies the host's certificate. A heartbeat
    goes every ``heartbeat`` seconds and a host silent for ``dead_after``
    (3 heartbeats by default) is taken for dead. Call it on the reactor's
    thread (inside a process: ``rc = yield connect(...)``)::

        rc = yield connect("tcp:127.0.0.1:8750", "jobs", secret=b"s3cret")
        yield rc.write("job 1")
    """
    if reactor is None:
        from twisted.internet import reactor as global_reactor

        reactor = global_reactor
    if not isinstance(endpoint, str) or not isinstance(name, str):
        raise TypeError(f"connect({endpoint!r}, {name!r}): an endpoint string ('tcp:127.0.0.1:PORT') and "
                        "the channel's published name")
    if secret is not None and not isinstance(secret, bytes):
        raise TypeError("connect(secret=...): the secret is bytes, e.g. secret=b'...'")
    limits = Limits(max_frame, rate, burst, heartbeat, dead_after)
    codecs = codec_choices(codec)
    check_thread(reactor, "connect")
    ready: Deferred = Deferred()
    peer = endpoint.split(":", 1)[1] if endpoint.startswith("tcp:") else endpoint
    conn = ClientConnection(name, peer, secret, codecs, limits,
                            clock if clock is not None else reactor, reactor, ready)
    ep = clientFromString(reactor, endpoint)
    if tls is not None:
        ep = wrapClientTLS(tls, ep)
    connecting = ep.connect(_ClientFactory(conn))
    connecting.addErrback(lambda f: ready.errback(f) if conn._ready is not None else None)
    return ready
