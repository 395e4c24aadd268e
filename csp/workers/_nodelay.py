"""TCP_NODELAY on the workers' connections: a work-around until csp.net sets it itself.

csp.net (as merged) leaves Nagle's algorithm on. A channel operation is a
few small frames each way, so every one waited for the peer's delayed ACK:
about 40 ms per message on loopback. A worker's connections are its own
(one server per Worker), so turning Nagle off here touches nobody else's.
"""

from __future__ import annotations

from typing import Any

__all__ = ["nodelay_server", "nodelay_client"]


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
