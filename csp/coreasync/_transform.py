"""Functions over channels: ``map`` (over one or more channels) and ``filter`` (and their processes)."""

from __future__ import annotations

from typing import Any, Callable, Generator, Sequence

from csp import Alt, Channel, ChannelClosed, process

from ._flow import _channels
from ._here import ENDED, buffer_of, check_callable, check_channel, give, poisoning, spawn_detached, take

__all__ = ["Map", "map", "Filter", "filter"]

Body = Generator[Any, Any, None]


def _map_body(f: Callable[..., Any], ins: list[Channel], out: Channel) -> Body:
    if not ins:
        out.close()
        return
    while True:
        values: list[Any] = [None] * len(ins)
        waiting = list(range(len(ins)))
        while waiting:  # one value from each input, taken as each is ready
            alt = Alt(*[ins[i] for i in waiting])
            try:
                value = yield alt.select()
            except ChannelClosed as closed:
                if closed.channel not in ins:
                    raise
                out.close()  # the values already taken this round have no partner: dropped
                return
            index = alt.last_index
            assert index is not None
            values[waiting.pop(index)] = value
        if not (yield from give(out, f(*values))):
            return


@process
def Map(f: Callable[..., Any], ins: Sequence[Channel], out: Channel) -> Body:
    """Map(f, ins, out): write ``f(a, b, ...)`` for the first values of ``ins``, then the second, ...

    One value is taken from every input (in parallel), ``f`` is applied to
    them in the order of ``ins`` and the result written to ``out``, until any
    input closes; then ``out`` is closed (values already taken from the
    other inputs in that round are dropped, as core.async drops them)::

        Par(..., Map(operator.add, [xs, ys], sums), ...)
    """
    ins = list(ins)
    return (yield from poisoning(lambda: (*ins, out), _map_body(f, ins, out)))


def map(f: Callable[..., Any], chs: Sequence[Channel], buf: Any = 0) -> Channel:  # noqa: A001
    """A channel of ``f`` applied to the first value of each of ``chs``, then the second, ...

    core.async's ``map``; it closes when any of ``chs`` closes. For one
    channel write ``map(f, [ch])``::

        sums = map(operator.add, [xs, ys])
    """
    check_callable(f, "map(f, chs): f")
    chs = _channels(chs, "map(f, chs)")
    out = Channel(buffer_of(buf, "map(f, chs, buf)"))
    spawn_detached(Map(f, chs, out), "map", lambda: (*chs, out))
    return out


def _filter_body(pred: Callable[[Any], Any], cin: Channel, out: Channel) -> Body:
    while True:
        value = yield from take(cin)
        if value is ENDED:
            out.close()
            return
        if pred(value) and not (yield from give(out, value)):
            return


@process
def Filter(pred: Callable[[Any], Any], cin: Channel, out: Channel) -> Body:
    """Filter(pred, cin, out): copy to ``out`` the values of ``cin`` for which ``pred`` is true.

    ``out`` is closed after ``cin`` closes::

        Par(numbers(c), Filter(lambda n: n % 3 == 0, c, threes), consumer(threes))
    """
    return (yield from poisoning(lambda: (cin, out), _filter_body(pred, cin, out)))


def filter(pred: Callable[[Any], Any], ch: Channel, buf: Any = 0) -> Channel:  # noqa: A001
    """A channel of the values of ``ch`` for which ``pred`` is true (core.async's ``filter<``).

    For example::

        evens = filter(lambda n: n % 2 == 0, numbers)
    """
    check_callable(pred, "filter(pred, ch): pred")
    check_channel(ch, "filter(pred, ch): ch")
    out = Channel(buffer_of(buf, "filter(pred, ch, buf)"))
    spawn_detached(Filter(pred, ch, out), "filter", lambda: (ch, out))
    return out
