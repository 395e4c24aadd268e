"""``PromiseChannel``: a channel that takes one value and gives it to every reader, for ever."""

from __future__ import annotations

from typing import Any

from ._buffers import DROPPING
from ._channel import POISONED, Channel, _Read, _Write
from ._errors import ChannelClosed, ChannelPoison
from ._kernel import PARKED, Task

__all__ = ["PromiseChannel"]


class _PromiseRead(_Read):
    __slots__ = ()

    def _perform(self, task: Task) -> Any:
        ch = self.ch
        if ch._shut == POISONED:
            raise ChannelPoison(ch)
        if ch._buf:
            return ch._buf[0]  # read, not taken: every reader gets the promised value
        if ch._shut:
            raise ChannelClosed(ch)
        task.parked_on = self
        ch._add_reader(task)
        return PARKED

    _repark = _perform


class _PromiseWrite(_Write):
    __slots__ = ()

    def _perform(self, task: Task) -> Any:
        if not self.armed:
            return super()._perform(task)  # the error for a write performed twice
        value, self.value, self.armed = self.value, None, False
        ch = self.ch
        if ch._shut:
            raise ChannelPoison(ch) if ch._shut == POISONED else ChannelClosed(ch)
        if ch._buf:
            return None  # kept its first value: later writes complete and are dropped
        ch._buf.append(value)
        while ch._reader is not None:
            reader = ch._take_reader()
            reader.sched._wake(reader, value)
        return None


class PromiseChannel(Channel):
    """core.async's ``promise-chan``: the first value written is given to every reader, for ever.

    Writes never block; the first one fixes the value and the later ones
    are dropped. Every reader, those already waiting and all later ones,
    reads that value (it is never taken out). Closed before any write, reads
    raise :class:`ChannelClosed`; closed after, they still give the value::

        answer = PromiseChannel()

        @process
        def asker(answer):
            print("got", (yield answer.read()))   # as many readers as you like
    """

    __slots__ = ()

    def __init__(self, name: str | None = None, external: bool = False) -> None:
        super().__init__(1, name=name, external=external)
        self._policy = DROPPING  # always ready for a write, in a choice too
        self._rd = _PromiseRead(self)
        self._wr = _PromiseWrite(self)

    def __repr__(self) -> str:
        return f"PromiseChannel(name={self.name!r})"
