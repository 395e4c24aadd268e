"""Work-arounds for what csp.net (as merged) lacks: TCP_NODELAY, and a disconnect one can wait for.

TCP_NODELAY:

csp.net (as merged) leaves Nagle's algorithm on. A channel operation is a
few small frames each way, so every one waited for the peer's delayed ACK:
about 40 ms per message on loopback. A worker's connections are its own
(one server per Worker), so turning Nagle off here touches nobody else's.
"""

from __future__ import annotations

from typing import Any

from twisted.internet.defer import Deferred

__all__ = ["nodelay_server", "nodelay_client", "disconnected"]


def _set(transport: Any) -> None:
    setter = getattr(transport, "setTcpNoDelay", None)
    if setter is not None:
        setter(True)


def nodelay_server(server: Any) -> None:
    """Every connection ``server`` (a :class:`csp.net.Server`) accepts from now on, without Nagle."""
    factory = server.listening.factory
    build = factory.buildProtocol

    def build_protocol(addr: Any) -> Any:
        protocol = build(addr)
        made = protocol.connectionMade

        def connection_made() -> None:
            _set(protocol.transport)
            made()

        protocol.connectionMade = connection_made
        return protocol

    factory.buildProtocol = build_protocol


def nodelay_client(channel: Any) -> None:
    """The connection of ``channel`` (a :class:`csp.net.RemoteChannel`), without Nagle."""
    conn = getattr(channel, "_conn", None)
    _set(getattr(conn, "transport", None))


def disconnected(channel: Any) -> Deferred:
    """Disconnect ``channel`` (a RemoteChannel) cleanly; a Deferred that fires once its connection is closed.

    csp.net's ``rc.disconnect()`` returns nothing, and a worker that exits
    right after it (or right after a poison or close, which are sent the
    same way) stops its reactor before Twisted has written them out: the
    parent would see a dropped connection and never the poison. Waiting for
    the connection to close first makes them arrive.
    """
    d: Deferred = Deferred()
    conn = getattr(channel, "_conn", None)
    if conn is None or getattr(conn, "lost_reason", None) is not None or conn.transport is None:
        d.callback(None)
        return d
    lost = conn.lost

    def lost_then_fire(reason: str) -> None:
        try:
            lost(reason)
        finally:
            if not d.called:
                d.callback(None)

    conn.lost = lost_then_fire
    channel.disconnect()
    return d
