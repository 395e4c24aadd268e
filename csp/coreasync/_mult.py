"""``mult``: one channel's values copied to every tapped channel (core.async's ``mult``/``tap``)."""

from __future__ import annotations

from typing import Any, Generator

from csp import Alt, Channel, ChannelClosed, Process, ProcessHandle

from ._control import Commands
from ._here import check_channel, spawn_detached

__all__ = ["Mult", "mult", "tap", "untap", "untap_all"]


class Mult:
    """A mult(iple) of ``source``: each value is copied to every tap.

    Build one with :func:`mult` (which starts it beside the caller), or as
    ``Mult(source)`` and run ``m.process`` yourself, in a ``Par`` say. Then
    :func:`tap` channels onto it:

    - each value goes to every tap, in parallel, and every tap must take it
      before the next value is read from ``source`` (give slow taps a
      buffer);
    - a value that arrives while there is no tap is dropped;
    - a tap that is found closed when a value is offered to it leaves the
      mult; ``untap`` takes effect before the next value (a value being
      offered to the untapped channel is withdrawn from it);
    - when ``source`` closes, every tap made with ``close=True`` is closed
      (a tap made after that is closed at once);
    - poison on ``source`` or on a tap poisons the source and every tap::

        m = mult(prices)
        tap(m, Channel(10))            # returns the channel, as core.async does
    """

    __slots__ = ("source", "_commands", "handle")

    def __init__(self, source: Channel) -> None:
        self.source = check_channel(source, "Mult(source)")
        self._commands = Commands()
        self.handle: ProcessHandle | None = None

    def __repr__(self) -> str:
        return f"<Mult of {self.source!r}>"

    @property
    def process(self) -> Process:
        """The process that copies the values (it runs once: start it, or yield it, once)."""
        return Process(_mult, self)

    def tap(self, ch: Channel, close: bool = True) -> Channel:
        """Copy the source onto ``ch`` from the next value on; return ``ch``. See :func:`tap`."""
        check_channel(ch, "tap(mult, ch): ch")
        return self._commands.add_output(ch, close, "tap", ch, bool(close))

    def untap(self, ch: Channel) -> None:
        """Stop copying onto ``ch``. See :func:`untap`."""
        self._commands.send("untap", ch)

    def untap_all(self) -> None:
        """Stop copying onto every tap. See :func:`untap_all`."""
        self._commands.send("untap_all")


def _mult(m: Mult) -> Generator[Any, Any, None]:
    commands = m._commands
    commands.claim("Mult")
    source, bell = m.source, commands.bell
    taps: dict[Channel, bool] = {}  # tap -> close it when the source closes

    def obey() -> None:
        for command in commands.take_all():
            if command[0] == "tap":
                taps[command[1]] = command[2]
            elif command[0] == "untap":
                taps.pop(command[1], None)
            else:
                taps.clear()

    try:
        while True:
            alt = Alt(bell, source)
            try:
                value = yield alt.pri_select()  # commands first, then the next value
            except ChannelClosed as closed:
                if closed.channel is not source:
                    raise
                break
            if alt.last_index == 0:
                obey()
                continue
            waiting = list(taps)  # no tap: the value is dropped, as core.async drops it
            while waiting:
                # Taps ready to take it take it first; the doorbell only while some tap waits,
                # so an untap withdraws the value only from a tap that has not taken it yet.
                alt = Alt(*[c.write(value) for c in waiting], bell)
                try:
                    yield alt.pri_select()
                except ChannelClosed as closed:
                    index = alt.last_index
                    if index is None or index >= len(waiting) or closed.channel is not waiting[index]:
                        raise
                    taps.pop(waiting.pop(index), None)  # a closed tap leaves the mult
                    continue
                index = alt.last_index
                if index == len(waiting):
                    obey()
                    waiting = [c for c in waiting if c in taps]
                else:
                    waiting.pop(index)
    except GeneratorExit:
        raise
    except BaseException:
        commands.ended = "poisoned"
        obey()
        for ch in (source, bell, *taps):
            ch.poison()
        raise
    commands.ended = "closed"
    obey()
    bell.close()
    for ch, close in taps.items():
        if close:
            ch.close()


_mult.__name__ = "mult"


def mult(ch: Channel) -> Mult:
    """A :class:`Mult` of ``ch``, started beside the caller (core.async's ``mult``).

    For example::

        m = mult(ticks)
        a = tap(m, Channel(1))
        b = tap(m, Channel(1))     # a and b each get every tick
    """
    m = Mult(ch)
    m.handle = spawn_detached(m.process, "mult", lambda: (ch,))
    return m


def tap(m: Mult, ch: Channel, close: bool = True) -> Channel:
    """Copy the values of mult ``m`` onto ``ch`` from the next one on; return ``ch``.

    ``ch`` is closed when the mult's source closes, unless ``close=False``::

        listener = tap(m, Channel(8))
    """
    return _mult_of(m, "tap").tap(ch, close)


def untap(m: Mult, ch: Channel) -> None:
    """Disconnect ``ch`` from mult ``m``: it gets no value after this one (core.async's ``untap``)."""
    _mult_of(m, "untap").untap(ch)


def untap_all(m: Mult) -> None:
    """Disconnect every tap of mult ``m`` (core.async's ``untap-all``)."""
    _mult_of(m, "untap_all").untap_all()


def _mult_of(m: Any, verb: str) -> Mult:
    if not isinstance(m, Mult):
        raise TypeError(f"{verb}(m, ...): m is what mult(ch) returns, not {m!r} ({type(m).__name__})")
    return m
