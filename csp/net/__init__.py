"""Networked channels: a channel published by one program, read and written by processes in another.

The host publishes local channels by name; a client connects to one and
gets a :class:`RemoteChannel`, used inside a process exactly like a
:class:`~csp.Channel`::

    from csp import Channel, process
    from csp.net import connect, serve

    # the host
    jobs = Channel()
    server = yield serve("tcp:0:interface=127.0.0.1", {"jobs": jobs}, secret=b"s3cret")
    print(server.address)                       # tcp:127.0.0.1:PORT

    # the client (another program)
    rc = yield connect("tcp:127.0.0.1:PORT", "jobs", secret=b"s3cret")
    yield rc.write("job 1")                     # done once a host process has read it
    value = yield (rc | other_channel)          # an Alt over remote and local guards

- ``serve(endpoint, channels, *, secret=None, tls=None, reactor=None,
  codec=None, max_frame=64 MiB, rate=200000, burst=100000, heartbeat=5.0,
  dead_after=None, clock=None) -> Deferred[Server]``; ``server.port``,
  ``server.address`` (what ``connect`` takes), ``server.stop()``.
- ``connect(endpoint, name, *, secret=None, tls=None, reactor=None,
  codec=None, max_frame=..., heartbeat=5.0, dead_after=None, clock=None)
  -> Deferred[RemoteChannel]``.
- ``rc.write(x)`` completes once a reader on the host has taken ``x``
  (rendezvous), or once the host's buffer had room; ``rc.read()``;
  ``rc.poison()`` and ``rc.close()`` act on the host's channel;
  ``async for x in rc``; ``rc`` and ``rc.write(x)`` are ``Alt`` guards.
- Values: None, bool, int, float, str, bytes, list, tuple, dict and types
  given to :func:`register_type`; ``codec="pickle"`` on both ends for
  anything else. An unsendable value raises :class:`UnsendableValue` at
  the writer, before anything is sent.
- Failure: :class:`ChannelDisconnected` (the peer named) wakes every
  process blocked on a lost connection, on both sides;
  :class:`DeliveryUnknown` for a write sent but not confirmed.
- Security: ``secret=`` (HMAC challenge-response, both directions) and
  ``tls=`` (:func:`server_tls`, :func:`client_tls`: certificates verified
  with Twisted's ``optionsForClientTLS``, client certificates optional).

docs/network.md has the protocol, the guarantees that hold across the
network and those that do not.
"""

from ._codec import Codec, JsonCodec, MsgpackCodec, PickleCodec, register_type
from ._errors import (
    AuthenticationFailed,
    ChannelDisconnected,
    DeliveryUnknown,
    HandshakeFailed,
    NetError,
    ProtocolError,
    UnsendableValue,
)
from ._host import Server, serve
from ._remote import RemoteChannel, connect
from ._tls import client_tls, server_tls

__all__ = [
    "serve", "connect", "Server", "RemoteChannel", "register_type", "Codec", "JsonCodec", "MsgpackCodec",
    "PickleCodec",
    "client_tls", "server_tls", "NetError", "ChannelDisconnected", "DeliveryUnknown", "HandshakeFailed",
    "AuthenticationFailed", "UnsendableValue", "ProtocolError",
]
