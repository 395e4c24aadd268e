"""The wire: length-prefixed frames, the handshake that authenticates both ends, heartbeats, limits.

Both ends speak :class:`Wire` (a Twisted ``Int32StringReceiver``: every
frame is a 4-byte big-endian length and that many bytes). The first frames
are the handshake, plain JSON whatever the codec:

1. host -> client: ``{"csp": 1, "nonce": N_h, "codecs": [names], "auth":
   bool, "max_frame": n}`` (the codecs it accepts, best first);
2. client -> host: ``{"csp": 1, "nonce": N_c, "max_frame": n, "codec":
   name (its best among the host's), "channel":
   name, "mac": HMAC(secret, "client" N_h N_c channel)}`` (``mac`` is null
   without a secret);
3. host -> client: ``{"ok": true, "mac": HMAC(secret, "server" N_c N_h),
   "buffer": n}`` or ``{"ok": false, "error": why}``, and the host closes.

Each end checks the other's MAC with ``hmac.compare_digest``, so each
proves it knows the secret without sending it, and a recorded handshake
cannot be replayed (the nonces are fresh). Until the handshake is done,
no channel operation is accepted: any other frame closes the connection.

After it, every frame is one message ``[op, oid, value]`` in the
connection's codec (see ``_host`` and ``_remote`` for the operations).
A frame over ``max_frame`` bytes, one that cannot be decoded, or more
frames than the rate limit allows closes that connection and is logged;
it never stops the host. Each end sends a heartbeat (``["H", 0, null]``)
every ``heartbeat`` seconds and drops a peer it has heard nothing from for
``dead_after`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from twisted.internet.task import LoopingCall
from twisted.logger import Logger
from twisted.protocols.basic import Int32StringReceiver

from ._codec import Codec
from ._errors import ProtocolError, UnsendableValue

__all__ = ["Wire", "Limits", "mac", "VERSION", "check_thread"]

VERSION = 1
log = Logger(namespace="csp.net")


def check_thread(reactor: Any, what: str) -> None:
    """Refuse to touch ``reactor`` from a thread that does not run it (Twisted is not thread-safe)."""
    import threading

    from .._reactor import _owner

    owner = _owner(reactor)
    if owner is not None and owner != threading.get_ident():
        raise RuntimeError(
            f"{what}() was called from a thread that does not run the reactor: call it on the reactor's "
            f"thread (inside a process: `x = yield {what}(...)`), or from this thread with "
            f"twisted.internet.threads.blockingCallFromThread(reactor, {what}, ...)"
        )


def mac(secret: bytes, *parts: str) -> str:
    """HMAC-SHA256 of the parts, hex."""
    return hmac.new(secret, "|".join(parts).encode(), hashlib.sha256).hexdigest()


def nonce() -> str:
    return os.urandom(16).hex()


class Limits:
    """What one connection may send: frame size, frames per second (with a burst), heartbeats.

    ``max_frame`` bytes per frame (64 MiB by default: a value of 16 MiB and
    more fits); ``rate`` frames per second on average, with bursts of
    ``burst`` (``None``: no limit); a heartbeat every ``heartbeat`` seconds,
    and a peer silent for ``dead_after`` seconds is dropped (``None``: no
    heartbeats).
    """

    __slots__ = ("max_frame", "rate", "burst", "heartbeat", "dead_after")

    def __init__(self, max_frame: int = 64 << 20, rate: float | None = 200_000.0, burst: int = 100_000,
                 heartbeat: float | None = 5.0, dead_after: float | None = None) -> None:
        if not isinstance(max_frame, int) or max_frame < 64:
            raise ValueError(f"max_frame={max_frame!r}: a frame size in bytes, at least 64")
        if rate is not None and not rate > 0:
            raise ValueError(f"rate={rate!r}: frames per second, > 0 (or None for no limit)")
        if heartbeat is not None and not heartbeat > 0:
            raise ValueError(f"heartbeat={heartbeat!r}: seconds between heartbeats, > 0 (or None)")
        if dead_after is None and heartbeat is not None:
            dead_after = 3 * heartbeat
        if dead_after is not None and heartbeat is not None and not dead_after > heartbeat:
            raise ValueError(f"dead_after={dead_after!r} must be longer than heartbeat={heartbeat!r}")
        self.max_frame = max_frame
        self.rate = rate
        self.burst = max(1, int(burst))
        self.heartbeat = heartbeat
        self.dead_after = dead_after


class Wire(Int32StringReceiver):
    """One end of a connection: frames, handshake state, heartbeats and limits (subclassed per side)."""

    codec: Codec
    limits: Limits
    clock: Any
    peer = "?"
    ready = False  # the handshake is done: messages may flow
    reason: str | None = None  # why we are dropping the connection (said to everyone it wakes)

    def _setup(self, codec: Codec, limits: Limits, clock: Any) -> None:
        self.codec = codec
        self.limits = limits
        self.clock = clock
        self.MAX_LENGTH = limits.max_frame
        self._tokens = float(limits.burst)
        self._stamp = clock.seconds()
        self._heard = self._stamp
        self._beat: LoopingCall | None = None

    def connectionMade(self) -> None:
        no_delay = getattr(self.transport, "setTcpNoDelay", None)
        if no_delay is not None:
            no_delay(True)  # a rendezvous is a round trip: Nagle's algorithm would hold each frame back
        peer = self.transport.getPeer()
        host, port = getattr(peer, "host", None), getattr(peer, "port", None)
        if host is not None:
            self.peer = f"{host}:{port}"
        self._start_heartbeat()

    # -- heartbeats -------------------------------------------------------------

    def _start_heartbeat(self) -> None:
        if self.limits.heartbeat is None:
            return
        self._beat = LoopingCall(self._tick)
        self._beat.clock = self.clock
        self._beat.start(self.limits.heartbeat, now=False)

    def _tick(self) -> None:
        dead_after = self.limits.dead_after
        if dead_after is not None and self.clock.seconds() - self._heard >= dead_after:
            self.drop(f"no heartbeat from {self.peer} for {dead_after:g}s")
            return
        if self.ready:
            self.send_raw(self.codec.encode(["H", 0, None]))

    def _stop_heartbeat(self) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        self._beat = None

    # -- frames -----------------------------------------------------------------

    def send_raw(self, data: bytes) -> None:
        self.sendString(data)

    def send(self, op: str, oid: int, value: Any = None) -> None:
        """Encode and send one message (raises UnsendableValue before anything is sent)."""
        data = self.codec.encode([op, oid, value])
        if len(data) > self.peer_max:
            raise UnsendableValue(
                f"the value encodes to {len(data)} bytes, more than the {self.peer_max} bytes a frame may "
                f"have on {self.peer}: send smaller values, or raise max_frame= on both ends"
            )
        self.sendString(data)

    peer_max = 64 << 20

    def send_json(self, obj: dict) -> None:
        self.sendString(json.dumps(obj).encode())

    def stringReceived(self, data: bytes) -> None:
        try:
            now = self.clock.seconds()
            self._heard = now
            if self.limits.rate is not None:
                refill = (now - self._stamp) * self.limits.rate
                self._tokens = min(float(self.limits.burst), self._tokens + refill)
                self._stamp = now
                if self._tokens < 1.0:
                    raise ProtocolError(f"more than {self.limits.rate:g} frames per second "
                                        f"(burst {self.limits.burst})")
                self._tokens -= 1.0
            if not self.ready:
                try:
                    obj = json.loads(data)
                except ValueError:
                    obj = None
                if not isinstance(obj, dict):
                    raise ProtocolError("a frame that is not the handshake came before the handshake ended")
                self.handshake(obj)
                return
            msg = self.codec.decode(data)
            if not (isinstance(msg, list) and len(msg) == 3 and isinstance(msg[0], str)
                    and type(msg[1]) is int):
                raise ProtocolError("a message that is not [op, id, value]")
            if msg[0] != "H":
                self.message(msg[0], msg[1], msg[2])
        except Exception as error:  # noqa: BLE001 - a bad peer closes its connection, never the host
            self.drop(f"{type(error).__name__}: {error}", error=True)

    def lengthLimitExceeded(self, length: int) -> None:
        self.drop(f"a frame of {length} bytes, over the limit of {self.MAX_LENGTH}", error=True)

    def drop(self, reason: str, error: bool = False) -> None:
        """Close the connection at once, saying why (logged; the reason reaches every woken process)."""
        if self.reason is None:
            self.reason = reason
            say = log.warn if error else log.info
            say("csp.net: closing the connection with {peer}: {reason}", peer=self.peer, reason=reason)
        self._stop_heartbeat()
        if self.transport is not None:
            self.transport.abortConnection()

    def connectionLost(self, reason: Any = None) -> None:
        self._stop_heartbeat()
        if self.reason is None:
            self.reason = "closed by the peer" if reason is None else _why(reason)
        self.lost(self.reason)

    # -- per side -------------------------------------------------------------------

    def handshake(self, obj: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def message(self, op: str, oid: int, value: Any) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def lost(self, reason: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


def _why(reason: Any) -> str:
    value = getattr(reason, "value", reason)
    name = type(value).__name__
    if name == "ConnectionDone":
        return "closed by the peer"
    text = str(value).strip() or name
    return f"{name}: {text}" if name not in text else text
