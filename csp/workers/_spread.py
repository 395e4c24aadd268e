"""``spread(*procs, workers=N)``: a ``Par`` whose processes are shared among N worker OS processes."""

from __future__ import annotations

from typing import Any, Generator

from .._channel import Channel
from .._process import Process
from ..algebra import Par
from ._target import make_process, resolve, target_name
from ._worker import DEFAULT_GRACE, Worker, check_plain_process

__all__ = ["spread"]


def spread(*procs: Process, workers: int = 2, grace: float = DEFAULT_GRACE) -> Process:
    """``Par(*procs)``, with the processes dealt round robin to ``workers`` worker OS processes.

    Each process must be made by a module-level process function (as for
    :func:`in_worker`); the channels among their arguments (each an argument
    of its own) stay in the parent, so processes in different workers, and
    processes in the parent, still talk over them. The result is the list of
    the processes' results, in order, as ``Par`` gives it::

        spread(crunch(jobs, results), crunch(jobs, results), crunch(jobs, results), workers=2)

    The same guarantees hold as for a :class:`Worker` (errors, cancel, no
    orphans); the processes that share a worker run on its one reactor.
    """
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"spread(..., workers={workers!r}): the number of workers is a whole number >= 1")
    layouts = []
    for p in procs:
        check_plain_process(
            p, "spread() shares processes among workers", f"spread({p!r}, ...): each process must be",
            "give its processes to spread() one by one",
        )
        name = target_name(p._func)
        resolve(name)
        layouts.append((name, p._args, dict(p._kwargs)))
    groups = [list(range(len(procs)))[k::workers] for k in range(min(workers, len(procs)))]
    farm = []
    for members in groups:
        w = Worker("csp.workers._spread:run_group", *_pack([layouts[i] for i in members]))
        w.grace = grace
        farm.append(w)
    return Process(_gather, farm, groups, len(procs))


def _pack(layouts: list[tuple[str, tuple, dict]]) -> list[Any]:
    """The arguments of a group's Worker: its layout, then every channel the group uses, once each."""
    channels: list[Channel] = []
    index: dict[int, int] = {}

    def slot(ch: Channel) -> int:
        if id(ch) not in index:
            index[id(ch)] = len(channels)
            channels.append(ch)
        return index[id(ch)]

    layout = []
    for name, args, kwargs in layouts:
        plain_args = [None if isinstance(a, Channel) else a for a in args]
        chan_args = [[i, slot(a)] for i, a in enumerate(args) if isinstance(a, Channel)]
        plain_kwargs = {k: v for k, v in kwargs.items() if not isinstance(v, Channel)}
        chan_kwargs = [[k, slot(v)] for k, v in kwargs.items() if isinstance(v, Channel)]
        layout.append([name, plain_args, plain_kwargs, chan_args, chan_kwargs])
    return [layout, *channels]


def run_group(layout: list[Any], *channels: Any) -> Process:
    """In the worker: the ``Par`` of the group's processes, each given back its channels."""
    procs = []
    for name, plain_args, plain_kwargs, chan_args, chan_kwargs in layout:
        args = list(plain_args)
        for i, k in chan_args:
            args[i] = channels[k]
        kwargs = dict(plain_kwargs)
        for key, k in chan_kwargs:
            kwargs[key] = channels[k]
        procs.append(make_process(resolve(name), tuple(args), kwargs))
    return Par(*procs)


def _gather(farm: list[Worker], groups: list[list[int]], n: int) -> Generator[Any, Any, list[Any]]:
    results: list[Any] = [None] * n
    for members, got in zip(groups, (yield Par(*farm)), strict=True):
        # a group's result is None if its worker ended by poison: then so is each of its processes'
        for i, value in zip(members, got if got is not None else [None] * len(members), strict=True):
            results[i] = value
    return results
