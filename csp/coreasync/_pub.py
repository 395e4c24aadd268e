"""``pub``: one channel's values sorted by topic to subscribed channels (core.async's ``pub``/``sub``)."""

from __future__ import annotations

from typing import Any, Callable, Generator

from csp import Alt, Channel, ChannelClosed, Process, ProcessHandle

from ._control import Commands
from ._here import buffer_of, check_callable, check_channel, give, spawn_detached
from ._mult import Mult

__all__ = ["Pub", "pub", "sub", "unsub", "unsub_all"]


def _unbuffered(_topic: Any) -> int:
    return 0


_EVERY_TOPIC: Any = object()


class Pub:
    """A pub(lication) of ``source``, partitioned into topics by ``topic_fn``.

    Build one with :func:`pub` (started beside the caller), or as
    ``Pub(source, topic_fn)`` and run ``p.process`` yourself. ``topic_fn`` is
    applied to each value; the value then goes to every channel subscribed
    to that topic (:func:`sub`). Each topic is a :class:`Mult` of a channel
    of its own, so:

    - every subscriber of a topic must take a value before that topic gets
      the next one; a value of a topic nobody subscribes to is dropped;
    - the topic channels are unbuffered unless ``buf_fn(topic)`` gives a
      buffer; then each topic runs at its own pace, and a channel subscribed
      to several topics should not expect their values interleaved as in
      the source;
    - when ``source`` closes, every subscription made with ``close=True`` is
      closed; poison on the source poisons every topic's subscribers, and
      poison on a subscriber poisons the whole publication::

        p = pub(events, lambda e: e["type"])
        clicks = sub(p, "click", Channel(8))
    """

    __slots__ = ("source", "topic_fn", "buf_fn", "_commands", "handle")

    def __init__(self, source: Channel, topic_fn: Callable[[Any], Any],
                 buf_fn: Callable[[Any], Any] | None = None) -> None:
        self.source = check_channel(source, "Pub(source, topic_fn)")
        self.topic_fn = check_callable(topic_fn, "Pub(source, topic_fn): topic_fn")
        self.buf_fn = _unbuffered if buf_fn is None else check_callable(buf_fn, "Pub(..., buf_fn)")
        self._commands = Commands()
        self.handle: ProcessHandle | None = None

    def __repr__(self) -> str:
        return f"<Pub of {self.source!r}>"

    @property
    def process(self) -> Process:
        """The process that sorts the values into topics (it runs once)."""
        return Process(_pub, self)

    def sub(self, topic: Any, ch: Channel, close: bool = True) -> Channel:
        """Subscribe ``ch`` to ``topic``; return ``ch``. See :func:`sub`."""
        check_channel(ch, "sub(pub, topic, ch): ch")
        return self._commands.add_output(ch, close, "sub", topic, ch, bool(close))

    def unsub(self, topic: Any, ch: Channel) -> None:
        """Unsubscribe ``ch`` from ``topic``. See :func:`unsub`."""
        self._commands.send("unsub", topic, ch)

    def unsub_all(self, topic: Any = _EVERY_TOPIC) -> None:
        """Unsubscribe every channel, of every topic or of ``topic``. See :func:`unsub_all`."""
        self._commands.send("unsub_all", topic)


def _pub(p: Pub) -> Generator[Any, Any, None]:
    commands = p._commands
    commands.claim("Pub")
    source, bell = p.source, commands.bell
    topics: dict[Any, Mult] = {}

    def topic_mult(topic: Any) -> Mult:
        m = topics.get(topic)
        if m is None:
            buf = p.buf_fn(topic)
            m = topics[topic] = Mult(Channel(buffer_of(0 if buf is None else buf, f"Pub buf_fn({topic!r})")))
            m.handle = m.process.spawn()  # inside this process: on its reactor
        return m

    def drop(topic: Any) -> None:
        m = topics.pop(topic, None)
        if m is not None:
            m.untap_all()
            m.source.close()  # the topic's mult ends; its (former) subscribers stay open

    def obey() -> None:
        for command in commands.take_all():
            kind = command[0]
            if kind == "sub":
                _, topic, ch, close = command
                topic_mult(topic).tap(ch, close)
            elif kind == "unsub":
                _, topic, ch = command
                if topic in topics:
                    topics[topic].untap(ch)
            else:
                _, topic = command
                for t in list(topics) if topic is _EVERY_TOPIC else [topic]:
                    drop(t)

    try:
        while True:
            alt = Alt(bell, source)
            try:
                value = yield alt.pri_select()
            except ChannelClosed as closed:
                if closed.channel is not source:
                    raise
                break
            if alt.last_index == 0:
                obey()
                continue
            topic = p.topic_fn(value)
            m = topics.get(topic)
            if m is None:
                continue  # nobody subscribes to this topic: dropped, as core.async drops it
            if not (yield from give(m.source, value)):
                topics.pop(topic, None)
    except GeneratorExit:
        raise
    except BaseException:
        commands.ended = "poisoned"
        for ch in (source, bell, *(m.source for m in topics.values())):
            ch.poison()  # each topic's mult poisons its subscribers
        obey_after_end(commands)
        raise
    commands.ended = "closed"
    bell.close()
    for m in topics.values():
        m.source.close()  # each topic's mult closes its close=True subscribers
    obey_after_end(commands)


_pub.__name__ = "pub"


def obey_after_end(commands: Commands) -> None:
    """Subscriptions queued just before the end: close (or poison) them as a late ``sub`` would be."""
    for command in commands.take_all():
        if command[0] == "sub":
            _, _topic, ch, close = command
            commands.end_output(ch, close)


def pub(ch: Channel, topic_fn: Callable[[Any], Any], buf_fn: Callable[[Any], Any] | None = None) -> Pub:
    """A :class:`Pub` of ``ch`` by ``topic_fn``, started beside the caller (core.async's ``pub``).

    For example::

        p = pub(orders, lambda order: order.kind, buf_fn=lambda kind: 16)
    """
    p = Pub(ch, topic_fn, buf_fn)
    p.handle = spawn_detached(p.process, "pub", lambda: (ch,))
    return p


def sub(p: Pub, topic: Any, ch: Channel, close: bool = True) -> Channel:
    """Subscribe ``ch`` to ``topic`` of pub ``p``; return ``ch``.

    ``ch`` is closed when the source closes, unless ``close=False``::

        news = sub(p, "news", Channel(4))
    """
    return _pub_of(p, "sub").sub(topic, ch, close)


def unsub(p: Pub, topic: Any, ch: Channel) -> None:
    """Unsubscribe ``ch`` from ``topic`` of pub ``p`` (core.async's ``unsub``)."""
    _pub_of(p, "unsub").unsub(topic, ch)


def unsub_all(p: Pub, topic: Any = _EVERY_TOPIC) -> None:
    """Unsubscribe every channel of pub ``p``, or only those of ``topic`` (core.async's ``unsub-all``).

    The channels are not closed.
    """
    _pub_of(p, "unsub_all").unsub_all(topic)


def _pub_of(p: Any, verb: str) -> Pub:
    if not isinstance(p, Pub):
        raise TypeError(f"{verb}(p, ...): p is what pub(ch, topic_fn) returns, not {p!r} "
                        f"({type(p).__name__})")
    return p
