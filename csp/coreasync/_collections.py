"""Channels and collections: ``onto_chan``, ``to_chan``, ``into``, ``reduce`` (and their processes)."""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any, Callable, Generator, Iterable

from csp import Channel, process

from ._here import ENDED, check_callable, check_channel, give, poisoning, spawn_detached, take

__all__ = ["OntoChan", "onto_chan", "to_chan", "Reduce", "reduce", "Into", "into"]

Body = Generator[Any, Any, Any]


def _onto_body(ch: Channel, items: Iterable[Any], close: bool, done: Channel | None) -> Body:
    for item in items:
        if not (yield from give(ch, item)):
            break  # `ch` was closed by someone else: stop copying (core.async stops too)
    else:
        if close:
            ch.close()
    if done is not None:
        done.close()


@process
def OntoChan(ch: Channel, coll: Iterable[Any], close: bool = True) -> Body:
    """OntoChan(ch, coll, close=True): write every item of ``coll`` to ``ch``, then close ``ch``.

    With ``close=False`` ``ch`` stays open. If ``ch`` is closed before all
    are written, the process stops there::

        Par(OntoChan(c, [1, 2, 3]), consumer(c))
    """
    return (yield from poisoning(lambda: (ch,), _onto_body(ch, coll, close, None)))


def onto_chan(ch: Channel, coll: Iterable[Any], close: bool = True) -> Channel:
    """Write the items of ``coll`` to ``ch`` beside the caller; return a channel that closes when done.

    core.async's ``onto-chan!``: ``ch`` is closed after the last item unless
    ``close=False``. The returned channel carries nothing: it closes once
    every item has been written (or ``ch`` was closed first)::

        done = onto_chan(jobs, range(100))
    """
    check_channel(ch, "onto_chan(ch, coll): ch")
    items = _iterate(coll, "onto_chan(ch, coll)")
    done = Channel()

    @process
    def onto_chan_(ch: Channel) -> Body:
        return (yield from poisoning(lambda: (ch, done), _onto_body(ch, items, close, done)))

    spawn_detached(onto_chan_(ch), "onto_chan", lambda: (ch, done))
    return done


def to_chan(coll: Iterable[Any]) -> Channel:
    """A channel holding the items of ``coll``, closed after the last one (core.async's ``to-chan!``).

    Up to 100 items sit in its buffer at once (as core.async sizes it); more
    are written by a process beside the caller as the reader takes them::

        c = to_chan(["a", "b", "c"])      # three reads, then ChannelClosed
    """
    items = _iterate(coll, "to_chan(coll)")
    head = list(itertools.islice(items, 100))
    if not head:
        ch = Channel()
        ch.close()
        return ch
    ch = Channel(len(head))
    for item in head:
        ch.offer(item)  # room for each: never waits
    rest = deque(itertools.islice(items, 1))
    if not rest:
        ch.close()
        return ch
    spawn_detached(OntoChan(ch, itertools.chain(rest, items)), "to_chan", lambda: (ch,))
    return ch


def _iterate(coll: Any, what: str) -> Any:
    if isinstance(coll, Channel):
        raise TypeError(f"{what}: coll is a collection (list, range, generator, ...), not a channel; "
                        "to copy a channel use pipe(frm, to)")
    try:
        return iter(coll)
    except TypeError:
        raise TypeError(f"{what}: coll must be iterable, not {coll!r} ({type(coll).__name__})") from None


def _reduce_body(f: Callable[[Any, Any], Any], init: Any, cin: Channel, out: Channel,
                 finish: Callable[[Any], Any] | None = None) -> Body:
    """Fold ``f`` over ``cin`` from ``init``; write the result (``finish(result)``, if given) to ``out``."""
    result = init
    while (value := (yield from take(cin))) is not ENDED:
        result = f(result, value)
    if finish is not None:
        result = finish(result)
    if (yield from give(out, result)):  # else nobody wants it any more
        out.close()
    return result


@process
def Reduce(f: Callable[[Any, Any], Any], init: Any, cin: Channel, out: Channel) -> Body:
    """Reduce(f, init, cin, out): write ``f(...f(f(init, v1), v2)..., vn)`` to ``out`` once ``cin`` closes.

    Then ``out`` is closed. If ``cin`` closes with nothing read, ``init`` is
    written and ``f`` is never called. The process's result is the same
    value::

        total = yield Reduce(operator.add, 0, numbers, Channel(1))
    """
    return (yield from poisoning(lambda: (cin, out), _reduce_body(f, init, cin, out)))


def reduce(f: Callable[[Any, Any], Any], init: Any, ch: Channel) -> Channel:
    """A channel that will hold the one result of folding ``f`` over ``ch`` from ``init``.

    core.async's ``reduce``: ``ch`` must close before there is a result;
    the channel holds it, then closes::

        total = yield reduce(operator.add, 0, numbers).read()
    """
    check_callable(f, "reduce(f, init, ch): f")
    check_channel(ch, "reduce(f, init, ch): ch")
    out = Channel(1)
    spawn_detached(Reduce(f, init, ch, out), "reduce", lambda: (ch, out))
    return out


def _conj(coll: Any) -> tuple[Any, Callable[[Any, Any], Any], Callable[[Any], Any]]:
    """``(start, add, finish)`` to add items to a copy of ``coll`` the way Clojure's ``conj`` would."""
    if isinstance(coll, list):
        return list(coll), _append, _same
    if isinstance(coll, tuple):
        return list(coll), _append, tuple
    if isinstance(coll, deque):
        return deque(coll), _append, _same
    if isinstance(coll, (set, frozenset)):
        return set(coll), _add, type(coll) if isinstance(coll, frozenset) else _same
    if isinstance(coll, dict):
        return dict(coll), _put_pair, _same
    if isinstance(coll, str):
        return [coll], _append, "".join
    raise TypeError(
        f"into({coll!r}, ch): coll is a list, tuple, deque, set, frozenset, dict (items are "
        "(key, value) pairs) or str; for anything else use reduce(f, init, ch)"
    )


def _append(acc: Any, v: Any) -> Any:
    acc.append(v)
    return acc


def _add(acc: Any, v: Any) -> Any:
    acc.add(v)
    return acc


def _put_pair(acc: dict, v: Any) -> dict:
    try:
        key, value = v
    except (TypeError, ValueError):
        raise TypeError(f"into(dict, ch): each item is a (key, value) pair, not {v!r}") from None
    acc[key] = value
    return acc


def _same(acc: Any) -> Any:
    return acc


@process
def Into(coll: Any, cin: Channel, out: Channel) -> Body:
    """Into(coll, cin, out): once ``cin`` closes, write a copy of ``coll`` with every value added to ``out``.

    Lists, tuples and deques get the values appended, sets added, dicts
    updated from ``(key, value)`` pairs, a str the values joined. ``coll``
    itself is not changed; ``out`` is closed after::

        values = yield Into([], numbers, Channel(1))
    """
    start, add, finish = _conj(coll)  # a clear error now for a collection it cannot fill
    return (yield from poisoning(lambda: (cin, out), _reduce_body(add, start, cin, out, finish)))


def into(coll: Any, ch: Channel) -> Channel:
    """A channel that will hold ``coll`` with every value of ``ch`` added, once ``ch`` closes.

    core.async's ``into``::

        everything = yield into([], results).read()
    """
    _conj(coll)
    check_channel(ch, "into(coll, ch): ch")
    out = Channel(1)
    spawn_detached(Into(coll, ch, out), "into", lambda: (ch, out))
    return out
