"""Moving values between channels: ``pipe``, ``merge``, ``split`` (and their processes)."""

from __future__ import annotations

from typing import Any, Callable, Generator, Sequence

from csp import Alt, Channel, ChannelClosed, process

from ._here import ENDED, buffer_of, check_callable, check_channel, give, poisoning, spawn_detached, take

__all__ = ["Pipe", "pipe", "Merge", "merge", "Split", "split"]

Body = Generator[Any, Any, None]


def _pipe_body(frm: Channel, to: Channel, close: bool) -> Body:
    while True:
        value = yield from take(frm)
        if value is ENDED:
            if close:
                to.close()
            return
        if not (yield from give(to, value)):
            return  # `to` was closed: stop taking from `frm` (the value in hand goes, as in core.async)


@process
def Pipe(frm: Channel, to: Channel, close: bool = True) -> Body:
    """Pipe(frm, to, close=True): copy every value from ``frm`` to ``to``; close ``to`` after ``frm``.

    With ``close=False`` ``to`` stays open when ``frm`` closes. If ``to`` is
    closed first, the process stops taking from ``frm`` (``frm`` stays open;
    the one value it had taken is dropped, as core.async drops it). Poison
    on either channel poisons both::

        Par(producer(a), Pipe(a, b), consumer(b))
    """
    return (yield from poisoning(lambda: (frm, to), _pipe_body(frm, to, close)))


def pipe(frm: Channel, to: Channel, close: bool = True) -> Channel:
    """Start a :func:`Pipe` from ``frm`` to ``to`` beside the caller; return ``to``.

    core.async's ``pipe``::

        out = pipe(source, Channel(8))
    """
    check_channel(frm, "pipe(frm, to): frm")
    check_channel(to, "pipe(frm, to): to")
    spawn_detached(Pipe(frm, to, close), "pipe", lambda: (frm, to))
    return to


def _merge_body(ins: list[Channel], out: Channel) -> Body:
    live = list(ins)
    while live:
        alt = Alt(*live)
        try:
            value = yield alt.select()
        except ChannelClosed as closed:
            if closed.channel not in live:
                raise
            live.remove(closed.channel)
            continue
        if not (yield from give(out, value)):
            return  # `out` was closed by its reader: stop taking from the inputs
    out.close()


@process
def Merge(ins: Sequence[Channel], out: Channel) -> Body:
    """Merge(ins, out): every value from every channel of ``ins`` goes to ``out``.

    Values from one input keep their order; between inputs, whichever is
    ready goes first. ``out`` is closed once every input has closed (at once
    if ``ins`` is empty). Poison on any of them poisons all::

        Par(talker(joe), talker(ann), Merge([joe, ann], both), listener(both))
    """
    ins = list(ins)
    return (yield from poisoning(lambda: (*ins, out), _merge_body(ins, out)))


def merge(chs: Sequence[Channel], buf: Any = 0) -> Channel:
    """A channel with every value taken from ``chs``; it closes after all of them have closed.

    core.async's ``merge``. ``buf`` is the new channel's buffer (a size, or
    ``DroppingBuffer(n)``, ``SlidingBuffer(n)``)::

        both = merge([joe, ann])
    """
    chs = _channels(chs, "merge(chs)")
    out = Channel(buffer_of(buf, "merge(chs, buf)"))
    spawn_detached(Merge(chs, out), "merge", lambda: (*chs, out))
    return out


def _channels(chs: Any, what: str) -> list[Channel]:
    if isinstance(chs, Channel) or not hasattr(chs, "__iter__"):
        raise TypeError(f"{what}: give a list of channels, not {chs!r}")
    chs = list(chs)
    for i, c in enumerate(chs):
        check_channel(c, f"{what}: item {i}")
    return chs


def _split_body(pred: Callable[[Any], Any], cin: Channel, tout: Channel, fout: Channel) -> Body:
    while True:
        value = yield from take(cin)
        if value is ENDED:
            tout.close()
            fout.close()
            return
        if not (yield from give(tout if pred(value) else fout, value)):
            return  # an output was closed: stop, as core.async does


@process
def Split(pred: Callable[[Any], Any], cin: Channel, tout: Channel, fout: Channel) -> Body:
    """Split(pred, cin, tout, fout): values for which ``pred`` is true go to ``tout``, the rest to ``fout``.

    Both outputs are closed after ``cin`` closes. If either output is closed
    first the process stops. Poison on any channel poisons all three::

        Par(numbers(c), Split(lambda n: n % 2 == 0, c, evens, odds), ...)
    """
    return (yield from poisoning(lambda: (cin, tout, fout), _split_body(pred, cin, tout, fout)))


def split(pred: Callable[[Any], Any], ch: Channel, t_buf: Any = 0, f_buf: Any = 0) -> tuple[Channel, Channel]:
    """``(true_channel, false_channel)``: the values of ``ch`` sorted by ``pred``.

    core.async's ``split``; both close after ``ch`` has closed::

        evens, odds = split(lambda n: n % 2 == 0, numbers)
    """
    check_callable(pred, "split(pred, ch): pred")
    check_channel(ch, "split(pred, ch): ch")
    tout = Channel(buffer_of(t_buf, "split(pred, ch, t_buf)"))
    fout = Channel(buffer_of(f_buf, "split(pred, ch, t_buf, f_buf)"))
    spawn_detached(Split(pred, ch, tout, fout), "split", lambda: (ch, tout, fout))
    return tout, fout


