"""The library's own exceptions, importable from :mod:`csp`."""

from __future__ import annotations

from twisted.internet.defer import CancelledError

__all__ = [
    "CSPError",
    "ChannelPoison",
    "ChannelClosed",
    "NoGuardInAlt",
    "Deadlock",
    "Cancelled",
    "ParError",
]


class CSPError(Exception):
    """Base class of every error this library raises on its own account."""


class ChannelPoison(CSPError):
    """Raised by an operation on a poisoned channel.

    A process whose body lets ``ChannelPoison`` escape poisons every channel
    among its arguments and ends normally, so a whole network shuts down::

        c = Channel()
        c.poison()
        x = yield c.read()      # raises ChannelPoison
    """

    def __init__(self, channel: object = None) -> None:
        self.channel = channel
        if channel is None:
            super().__init__("channel poisoned")
        else:
            super().__init__(f"{channel!r} is poisoned")


class ChannelClosed(CSPError):
    """Raised by a write to a closed channel, and by a read once a closed channel is drained.

    Close is the graceful end of one stream (poison stops a whole network).
    A process whose body lets ``ChannelClosed`` escape ends normally and
    closes every channel among its arguments, so a pipeline drains to the
    end and stops::

        @process
        def printer(cin):
            while True:
                print((yield cin.read()))   # ends quietly once cin is closed and drained
    """

    def __init__(self, channel: object = None) -> None:
        self.channel = channel
        if channel is None:
            super().__init__("channel closed")
        else:
            super().__init__(f"{channel!r} is closed")


class NoGuardInAlt(CSPError):
    """``Alt()`` was given no guards: there is nothing to choose from."""


class Deadlock(CSPError):
    """Every process of a running composition is blocked and nothing can wake one.

    ``blocked`` lists ``(process name, what it waits on)`` pairs; the message
    names each of them (the first 50; a long report stays short)::

        try:
            Par(stuck(Channel(name="a")), stuck(Channel(name="b"))).start()
        except Deadlock as e:
            print(e.blocked)    # [('stuck#2', "reading from Channel(name='a')"), ...]
    """

    SHOWN = 50

    def __init__(self, blocked: list[tuple[str, str]], hint: str = "") -> None:
        self.blocked = blocked
        self.hint = hint
        lines = ["every process is blocked and nothing can wake one:"]
        lines += [f"  {name} is blocked {what}" for name, what in blocked[: self.SHOWN]]
        if len(blocked) > self.SHOWN:
            lines.append(f"  ... and {len(blocked) - self.SHOWN} more")
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class Cancelled(CSPError, CancelledError):
    """Thrown into a process at the point where it is blocked when it is cancelled.

    It is a subclass of Twisted's ``CancelledError``, so ``except
    CancelledError`` catches it too. Let it propagate: the process's
    ``finally`` blocks run and its handle's Deferred fails with it.
    """


class ParError(CSPError):
    """More than one process of a ``Par`` failed; ``exceptions`` holds them all.

    When exactly one child fails, ``Par`` raises that child's own exception
    instead, unwrapped.
    """

    def __init__(self, exceptions: list[BaseException]) -> None:
        self.exceptions = list(exceptions)
        listed = "; ".join(f"{type(e).__name__}: {e}" for e in self.exceptions)
        super().__init__(f"{len(self.exceptions)} processes of a Par failed: {listed}")


# Show these as csp.X in tracebacks, not as the private module that defines them.
for _cls in (CSPError, ChannelPoison, ChannelClosed, NoGuardInAlt, Deadlock, Cancelled, ParError):
    _cls.__module__ = "csp"
