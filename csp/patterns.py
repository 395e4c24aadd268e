"""Process network patterns: a token ring, client-server, and a worker farm.

``TokenRing`` is python-csp's; ``Server``/``request`` and ``Farm`` are the
patterns its tutorial promised: a server answering requests that carry their
own reply channel, and a farmer handing work to N workers whose results a
harvester collects::

    from csp import Channel, Par
    from csp.patterns import Farm

    jobs, results = Channel(), Channel()
    Par(producer(jobs), Farm(compute, jobs, results, workers=4), consumer(results))
"""

from __future__ import annotations

from typing import Any, Callable, Generator

from twisted.internet.defer import Deferred

from ._channel import Channel
from ._errors import ChannelPoison
from ._kernel import Task
from ._process import Process, forever, process
from .algebra import Par

__all__ = ["TokenRing", "Server", "request", "Farm"]

Body = Generator[Any, Any, Any]


def _run_result(result: Any) -> Body:
    """Wait for ``result`` if it is a process or a Deferred; return the value."""
    if isinstance(result, (Process, Deferred)):
        result = yield result
    return result


# -- token ring ----------------------------------------------------------------


class TokenRing(Par):
    """TokenRing(func, size, numtoks=1): `size` processes in a ring, each reading from the one before.

    As python-csp defined it: ``size`` channels ``ring.chans`` and the
    processes ``func(index=i, tokens=numtoks, numnodes=size,
    inchan=ring.chans[i - 1], outchan=ring.chans[i])`` for ``i`` in
    ``range(size)``, run in parallel. Node ``i`` reads from node ``i - 1``
    (node 0 from node ``size - 1``) and writes to node ``i + 1``::

        @process
        def node(index, tokens, numnodes, inchan, outchan):
            if index == 0:
                for _ in range(tokens):
                    yield outchan.write(0)
            for _ in range(3 * tokens):     # every token goes round three times
                yield outchan.write((yield inchan.read()) + 1)
            ...

        TokenRing(node, 8, numtoks=2).start()
    """

    def __init__(self, func: Callable[..., Process], size: int, numtoks: int = 1) -> None:
        if not callable(func):
            raise TypeError(
                f"TokenRing({func!r}, ...): the first argument is a @process function "
                "taking index, tokens, numnodes, inchan and outchan"
            )
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"TokenRing(..., size={size!r}): a ring has a whole number >= 1 of nodes")
        if isinstance(numtoks, bool) or not isinstance(numtoks, int) or numtoks < 0:
            raise ValueError(
                f"TokenRing(..., numtoks={numtoks!r}): the number of tokens is a whole number >= 0"
            )
        self.chans = [Channel() for _ in range(size)]
        self.size = size
        self.numtoks = numtoks
        nodes = []
        for i in range(size):
            inchan, outchan = self.chans[i - 1], self.chans[i]
            node = func(index=i, tokens=numtoks, numnodes=size, inchan=inchan, outchan=outchan)
            if not isinstance(node, Process):
                raise TypeError(
                    f"TokenRing: {getattr(func, '__name__', func)!r}(index={i}, ...) returned {node!r}, "
                    "not a process; decorate the node function with @process"
                )
            nodes.append(node)
        super().__init__(*nodes)
        self._name = "TokenRing"

    def __repr__(self) -> str:
        name = getattr(self.procs[0], "name", "?")
        return f"TokenRing({name}, {self.size}, numtoks={self.numtoks})"


# -- client-server -------------------------------------------------------------


@forever
def Server(requests: Channel, handler: Callable[[Any], Any]) -> Body:
    """Server(requests, handler): reads (request, reply) pairs from requests, writes handler(request) to reply

    Each message on ``requests`` is a pair ``(request, reply_channel)``;
    the server answers one request at a time. ``handler`` is a plain
    function, or returns a process (a ``@process`` function) or a Deferred,
    whose result is the answer. Clients send with :func:`request`. Several
    servers may read the same ``requests`` channel to share the load. A
    client that poisons its reply channel has withdrawn: the server drops
    that answer and carries on. Poisoning ``requests`` ends the server::

        Par(Server(requests, lambda x: x * x), client(requests))

        @process
        def client(requests):
            nine = yield request(requests, 3)
    """
    while True:
        message = yield requests.read()
        if not (isinstance(message, tuple) and len(message) == 2 and isinstance(message[1], Channel)):
            raise TypeError(
                f"Server read {message!r} from {requests!r}; a server reads (request, reply_channel) "
                "pairs: send with `answer = yield request(requests, value)`"
            )
        value, reply = message
        answer = yield from _run_result(handler(value))
        try:
            yield reply.write(answer)
        except ChannelPoison as poison:
            if poison.channel is not reply:
                raise
            # The client poisoned its own reply channel: it no longer wants the answer.


class _Request(Process):
    """A client's call: unlike other processes it lets ChannelPoison reach its caller."""

    def _end(self, task: Task, value: Any, exc: BaseException | None) -> tuple[Any, BaseException | None]:
        return value, exc


def _request_body(requests: Channel, value: Any) -> Body:
    reply = Channel()
    yield requests.write((value, reply))
    return (yield reply.read())


def request(requests: Channel, value: Any) -> Process:
    """The process that asks a :func:`Server`: ``answer = yield request(requests, value)``.

    Sends ``(value, reply)`` on ``requests`` with a fresh reply channel and
    returns what the server writes back (``await request(...)`` in an
    ``async def`` process). If ``requests`` is poisoned, ``ChannelPoison``
    is raised in the caller, which then ends (and poisons its own channels)
    like any process unless it catches it::

        @process
        def client(requests, out):
            out.append((yield request(requests, 3)))
    """
    if not isinstance(requests, Channel):
        raise TypeError(
            f"request({requests!r}, ...): the first argument is the server's requests channel"
        )
    proc = _Request(_request_body, requests, value)
    proc._name = "request"
    return proc


# -- worker farm ---------------------------------------------------------------


class _Done:
    """What a worker sends the harvester when it has no more work."""

    def __repr__(self) -> str:
        return "<worker done>"


_DONE = _Done()


@forever
def _farmer(cin: Channel, work: Channel) -> Body:
    # Poison on cin (no more jobs) or on work (the farm is shutting down)
    # escapes and poisons both.
    seq = 0
    while True:
        job = yield cin.read()
        yield work.write((seq, job))
        seq += 1


@process
def _worker(work: Channel, results: Channel, func: Callable[[Any], Any]) -> Body:
    while True:
        try:
            seq, job = yield work.read()
        except ChannelPoison:
            # No more work. Tell the harvester; if results is poisoned too, the
            # poison escapes and this worker ends like any other process.
            yield results.write(_DONE)
            return
        result = yield from _run_result(func(job))
        yield results.write((seq, result))


@process
def _harvester(results: Channel, cout: Channel, workers: int, ordered: bool,
               cin: Channel, work: Channel) -> Body:
    # cin and work are arguments so that poison on cout (nobody wants more
    # results) poisons the whole farm and its source at once.
    done = 0
    pending: dict[int, Any] = {}
    following = 0
    while done < workers:
        item = yield results.read()
        if item is _DONE:
            done += 1
            continue
        seq, result = item
        if not ordered:
            yield cout.write(result)
            continue
        pending[seq] = result
        while following in pending:
            yield cout.write(pending.pop(following))
            following += 1
    cout.poison()


def _farm_body(func: Callable[[Any], Any], cin: Channel, cout: Channel, workers: int, ordered: bool) -> Body:
    work, results = Channel(), Channel()
    team = [_worker(work, results, func) for _ in range(workers)]
    yield Par(_farmer(cin, work), *team, _harvester(results, cout, workers, ordered, cin, work))


class Farm(Process):
    """Farm(func, cin, cout, workers=4, ordered=False): reads jobs from cin, writes func(job) to cout.

    A farmer hands each job read from ``cin`` to the first free one of
    ``workers`` workers; each worker computes ``func(job)`` and a harvester
    writes the results to ``cout``. ``func`` is a plain function, or returns
    a process (a ``@process`` function) or a Deferred, whose result is used:
    that is where workers run concurrently on the reactor.

    Results are written in the order they are finished; with
    ``ordered=True`` the harvester holds early ones back so that ``cout``
    gets them in the order the jobs were read. Nothing is lost: when ``cin``
    is poisoned (no more jobs), every job already read is finished and its
    result written before the farm poisons ``cout``. Poisoning ``cout``
    shuts the farm down and poisons ``cin``. An exception in ``func`` fails
    the farm (and the ``Par`` it runs in). Each run makes fresh internal
    channels::

        Par(columns(jobs), Farm(render_column, jobs, out, workers=8), display(out))
    """

    def __init__(
        self,
        func: Callable[[Any], Any],
        cin: Channel,
        cout: Channel,
        workers: int = 4,
        ordered: bool = False,
    ) -> None:
        if not callable(func):
            raise TypeError(f"Farm({func!r}, ...): the first argument is the function each worker applies")
        for label, ch in (("cin", cin), ("cout", cout)):
            if not isinstance(ch, Channel):
                raise TypeError(f"Farm(func, cin, cout): {label} must be a Channel, not {ch!r}")
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ValueError(f"Farm(..., workers={workers!r}): a farm needs a whole number >= 1 of workers")
        super().__init__(_farm_body, func, cin, cout, workers, bool(ordered))
        self.func, self.cin, self.cout = func, cin, cout
        self.workers, self.ordered = workers, bool(ordered)
        self._name = "Farm"

    def __repr__(self) -> str:
        name = getattr(self.func, "__name__", repr(self.func))
        return f"Farm({name}, {self.cin!r}, {self.cout!r}, workers={self.workers}, ordered={self.ordered})"
