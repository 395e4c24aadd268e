"""``pipeline`` and ``pipeline_async``: a function applied by n workers at once, outputs in input order."""

from __future__ import annotations

import inspect
from typing import Any, Callable, Generator

from csp import Channel, Par, Process, process

from ._here import ENDED, check_callable, check_channel, give, poisoning, spawn_detached, take

__all__ = ["Pipeline", "pipeline", "PipelineAsync", "pipeline_async"]

Body = Generator[Any, Any, None]


def _is_process_function(f: Any) -> bool:
    return inspect.isgeneratorfunction(f) or inspect.iscoroutinefunction(f)


@process
def _dispatch(frm: Channel, jobs: Channel, results: Channel) -> Body:
    """Take each value; queue (value, its result slot) for the workers and the slot for the collector."""
    while True:
        value = yield from take(frm)
        if value is ENDED:
            jobs.close()
            results.close()
            return
        slot = Channel(1)
        if not ((yield from give(jobs, (value, slot))) and (yield from give(results, slot))):
            return  # the collector found `to` closed: stop taking from `frm` (it stays open)


@process
def _work(f: Callable[..., Any], jobs: Channel, kind: str) -> Body:
    """Apply ``f`` to each job and put what it gives in the job's slot."""
    while (job := (yield from take(jobs))) is not ENDED:
        value, slot = job
        if kind == "async":
            res = Channel(1)
            if _is_process_function(f):
                spawn_detached(Process(f, value, res), "pipeline_async's function", lambda r=res: (r,))
            else:
                f(value, res)
            yield slot.write(res)
        elif _is_process_function(f):
            yield slot.write((yield Process(f, value)))
        else:
            yield slot.write(f(value))


@process
def _collect(results: Channel, to: Channel, jobs: Channel, frm: Channel, close: bool, kind: str) -> Body:
    """Write the results in the order the values came: slot by slot, each waited for in turn.

    ``frm`` is among its arguments so that poison found on ``to`` reaches
    ``frm`` too (and so the dispatcher, wherever it waits).
    """
    while True:
        slot = yield from take(results)
        if slot is ENDED:
            if close:
                to.close()
            return
        answer = yield slot.read()
        if kind == "async":
            delivered = True
            while delivered and (value := (yield from take(answer))) is not ENDED:
                delivered = yield from give(to, value)
        else:
            delivered = yield from give(to, answer)
        if not delivered:
            # `to` was closed: stop taking from `frm` (it stays open). The workers finish
            # the jobs queued and stop; the values in flight are dropped, as core.async drops them.
            jobs.close()
            results.close()
            while (yield from take(results)) is not ENDED:
                pass  # frees a dispatcher waiting to queue a slot
            return


def _check(n: Any, to: Any, f: Any, frm: Any, verb: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"{verb}(n, to, f, frm): n is the number of workers, a whole number >= 1, not {n!r}")
    check_channel(to, f"{verb}(n, to, f, frm): to")
    check_callable(f, f"{verb}(n, to, f, frm): f")
    check_channel(frm, f"{verb}(n, to, f, frm): frm")


def _run_network(n: int, to: Channel, f: Callable[..., Any], frm: Channel, close: bool, kind: str) -> Body:
    jobs, results = Channel(n), Channel(n)
    workers = [_work(f, jobs, kind) for _ in range(n)]
    yield Par(_dispatch(frm, jobs, results), *workers, _collect(results, to, jobs, frm, close, kind))


@process
def Pipeline(n: int, to: Channel, f: Callable[[Any], Any], frm: Channel, close: bool = True) -> Body:
    """Pipeline(n, to, f, frm, close=True): ``f`` applied to each value of ``frm`` by ``n`` workers.

    The results go to ``to`` in the order of the values they came from,
    whatever order the workers finish in. ``f`` is a plain function of one
    value, or a generator function or ``async def`` (run as a process per
    value, so it may wait: on channels, timers, Deferreds; then ``n`` of
    them run at once). ``to`` is closed after ``frm`` closes and the last
    result is written, unless ``close=False``; if ``to`` is closed first the
    pipeline stops taking from ``frm``. An exception from ``f`` stops the
    pipeline, poisons its channels and reaches whoever waits on it::

        Par(source(c), Pipeline(4, out, fetch, c), sink(out))
    """
    _check(n, to, f, frm, "Pipeline")
    yield from poisoning(lambda: (frm, to), _run_network(n, to, f, frm, close, "compute"))


@process
def PipelineAsync(n: int, to: Channel, af: Callable[[Any, Channel], Any], frm: Channel,
                  close: bool = True) -> Body:
    """PipelineAsync(n, to, af, frm, close=True): ``af(value, res)`` puts any number of results on ``res``.

    ``af`` starts the work and returns at once (from Twisted code it may
    ``res.put(x)`` later and ``res.close()`` when done); a generator function
    or ``async def`` ``af`` runs as a process beside the pipeline. The
    results of each value, however many, go to ``to`` in the order of the
    values; at most ``n`` values are in flight. ``res`` must be closed for
    the next value's results to follow::

        def lookup(name, res):
            resolver.lookup(name).addCallback(res.put).addBoth(lambda _: res.close())

        Par(names(c), PipelineAsync(8, addresses, lookup, c), sink(addresses))
    """
    _check(n, to, af, frm, "PipelineAsync")
    yield from poisoning(lambda: (frm, to), _run_network(n, to, af, frm, close, "async"))


def pipeline(n: int, to: Channel, f: Callable[[Any], Any], frm: Channel, close: bool = True) -> Channel:
    """Start a :func:`Pipeline` beside the caller; return ``to`` (core.async's ``pipeline``).

    For example::

        pipeline(4, results, expensive, jobs)
    """
    _check(n, to, f, frm, "pipeline")
    spawn_detached(Pipeline(n, to, f, frm, close), "pipeline", lambda: (frm, to))
    return to


def pipeline_async(n: int, to: Channel, af: Callable[[Any, Channel], Any], frm: Channel,
                   close: bool = True) -> Channel:
    """Start a :func:`PipelineAsync` beside the caller; return ``to`` (core.async's ``pipeline-async``).

    For example::

        pipeline_async(8, addresses, lookup, names)
    """
    _check(n, to, af, frm, "pipeline_async")
    spawn_detached(PipelineAsync(n, to, af, frm, close), "pipeline_async", lambda: (frm, to))
    return to
