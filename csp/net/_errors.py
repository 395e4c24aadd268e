"""The errors of networked channels: a lost peer, a write whose fate is unknown, a refused peer."""

from __future__ import annotations

from typing import Any

from .._errors import CSPError

__all__ = ["NetError", "ChannelDisconnected", "DeliveryUnknown", "HandshakeFailed", "AuthenticationFailed",
           "UnsendableValue", "ProtocolError"]


class NetError(CSPError):
    """Base class of the errors of :mod:`csp.net`."""


class ChannelDisconnected(NetError):
    """The connection to the peer that hosts (or uses) a remote channel was lost.

    Every process blocked on that channel, on either side, wakes with it;
    every later operation on the :class:`~csp.net.RemoteChannel` raises it.
    ``peer`` names the other end, ``channel`` is the channel's name and
    ``reason`` says why the connection ended (closed by the peer, no
    heartbeat, a bad frame, ...).
    """

    def __init__(self, peer: str, channel: str, reason: str) -> None:
        self.peer = peer
        self.channel = channel
        self.reason = reason
        super().__init__(f"connection to {peer} lost ({reason}); channel {channel!r} is unusable: "
                         "connect() again to go on")


class DeliveryUnknown(ChannelDisconnected):
    """A remote write was sent, and the connection was lost before the host said it was taken.

    The value may or may not have been read on the host: it is never sent
    again on its own (that could deliver it twice). ``value`` is the value
    that was being written, so the program can decide what to do.
    """

    def __init__(self, peer: str, channel: str, reason: str, value: Any) -> None:
        super().__init__(peer, channel, reason)
        self.value = value
        self.args = (f"write to channel {channel!r} at {peer}: delivery unknown, the connection was lost "
                     f"({reason}) after the value was sent and before the host confirmed it was read; "
                     "it was not sent again (that could duplicate it): the value is in .value",)


class HandshakeFailed(NetError):
    """``connect()`` was refused: unknown channel name, codec mismatch, bad frame, ..."""


class AuthenticationFailed(HandshakeFailed):
    """The peer did not prove it knows the shared secret (or asked for one that this end has not got)."""


class UnsendableValue(NetError, TypeError):
    """A value cannot be encoded by the connection's codec; raised at the writer, before anything is sent."""


class ProtocolError(NetError, ValueError):
    """A frame from the peer could not be understood; the connection is closed."""
