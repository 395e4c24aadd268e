"""The peers txcsp is measured against, each written the way its users would write it.

Every peer offers the same three workloads with the same shape as the
library's versions in ``_systems.py``:

- ``commstime(loops)``: PREFIX -> DELTA -> SUCC ring plus a consumer; returns
  the seconds the consumer took to read ``loops`` values (4 communications
  per loop).
- ``ring(n, hops)``: ``n`` processes pass one token round a ring of
  rendezvous channels for ``hops`` hops; returns the seconds taken.
- ``bigring(n)``: ``n`` processes each pass one token once; returns
  ``(build, run)``: seconds until every relay is blocked on its read, then
  seconds for the token to go once around.

Peers: a bare generator round-robin scheduler with unbuffered rendezvous
(the floor for pure-Python cooperative processes), asyncio with a rendezvous
built on futures, trio memory channels of size 0, and Twisted
``inlineCallbacks`` with ``DeferredQueue``.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections import deque
from time import perf_counter
from typing import Any, Callable, Generator

# -- a bare generator scheduler: the floor -----------------------------------------------

READ, WRITE = 0, 1


class BareChannel:
    """One-to-one rendezvous: at most one parked reader or writer at a time."""

    __slots__ = ("reader", "writer", "value")

    def __init__(self) -> None:
        self.reader: Any = None
        self.writer: Any = None
        self.value: Any = None


def bare_run(gens: list[Generator[Any, Any, Any]]) -> None:
    """Run generators that yield ``(READ, ch)`` or ``(WRITE, ch, value)`` until all block or end."""
    ready = deque((g, None) for g in gens)
    pop, push = ready.popleft, ready.append
    while ready:
        g, value = pop()
        while True:  # a ready process runs until it blocks
            try:
                op = g.send(value)
            except StopIteration:
                break
            ch = op[1]
            if op[0] is READ:
                w = ch.writer
                if w is None:
                    ch.reader = g
                    break
                ch.writer = None
                value = ch.value
                push((w, None))
            else:
                r = ch.reader
                if r is None:
                    ch.writer, ch.value = g, op[2]
                    break
                ch.reader = None
                push((r, op[2]))
                value = None


def bare_commstime(loops: int) -> float:
    a, b, c, d = BareChannel(), BareChannel(), BareChannel(), BareChannel()
    box: dict[str, float] = {}

    def prefix() -> Generator:
        yield WRITE, a, 0
        while True:
            yield WRITE, a, (yield READ, c)

    def delta() -> Generator:
        while True:
            x = yield READ, a
            yield WRITE, b, x
            yield WRITE, d, x

    def succ() -> Generator:
        while True:
            yield WRITE, c, (yield READ, b) + 1

    def consumer() -> Generator:
        start = perf_counter()
        for i in range(loops):
            if (yield READ, d) != i:
                raise AssertionError("bare COMMSTIME miscounted")
        box["s"] = perf_counter() - start

    bare_run([prefix(), delta(), succ(), consumer()])
    return box["s"]


def bare_ring(n: int, hops: int) -> float:
    chans = [BareChannel() for _ in range(n)]
    box: dict[str, float] = {}

    def node(cin: BareChannel, cout: BareChannel) -> Generator:
        while True:
            t = yield READ, cin
            if t >= hops:
                box["end"] = perf_counter()
                return
            yield WRITE, cout, t + 1

    def first() -> Generator:
        box["start"] = perf_counter()
        yield WRITE, chans[0], 1
        yield from node(chans[-1], chans[0])

    bare_run([node(chans[i - 1], chans[i]) for i in range(1, n)] + [first()])
    return box["end"] - box["start"]


def bare_bigring(n: int) -> tuple[float, float]:
    t0 = perf_counter()
    chans = [BareChannel() for _ in range(n)]
    box: dict[str, float] = {}

    def relay(cin: BareChannel, cout: BareChannel) -> Generator:
        yield WRITE, cout, (yield READ, cin) + 1

    def first() -> Generator:
        box["start"] = perf_counter()
        yield WRITE, chans[0], 1
        box["token"] = yield READ, chans[-1]
        box["end"] = perf_counter()

    bare_run([relay(chans[i - 1], chans[i]) for i in range(1, n)] + [first()])
    assert box["token"] == n
    return box["start"] - t0, box["end"] - box["start"]


# -- asyncio: a rendezvous built on futures ------------------------------------------------


class AsyncChannel:
    """Any-to-any rendezvous on asyncio futures: the usual hand-written one."""

    __slots__ = ("readers", "writers")

    def __init__(self) -> None:
        self.readers: deque = deque()
        self.writers: deque = deque()

    async def read(self) -> Any:
        if self.writers:
            fut, value = self.writers.popleft()
            fut.set_result(None)
            return value
        fut = asyncio.get_running_loop().create_future()
        self.readers.append(fut)
        return await fut

    async def write(self, value: Any) -> None:
        if self.readers:
            self.readers.popleft().set_result(value)
            return
        fut = asyncio.get_running_loop().create_future()
        self.writers.append((fut, value))
        await fut


def asyncio_commstime(loops: int) -> float:
    async def prefix(cin: AsyncChannel, cout: AsyncChannel) -> None:
        await cout.write(0)
        while True:
            await cout.write(await cin.read())

    async def delta(cin: AsyncChannel, out1: AsyncChannel, out2: AsyncChannel) -> None:
        while True:
            x = await cin.read()
            await out1.write(x)
            await out2.write(x)

    async def succ(cin: AsyncChannel, cout: AsyncChannel) -> None:
        while True:
            await cout.write(await cin.read() + 1)

    async def main() -> float:
        a, b, c, d = AsyncChannel(), AsyncChannel(), AsyncChannel(), AsyncChannel()
        tasks = [asyncio.create_task(x) for x in (prefix(c, a), delta(a, b, d), succ(b, c))]
        start = perf_counter()
        for i in range(loops):
            if await d.read() != i:
                raise AssertionError("asyncio COMMSTIME miscounted")
        elapsed = perf_counter() - start
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return elapsed

    return asyncio.run(main())


def asyncio_ring(n: int, hops: int) -> float:
    async def node(cin: AsyncChannel, cout: AsyncChannel, done: asyncio.Future) -> None:
        while True:
            t = await cin.read()
            if t >= hops:
                done.set_result(perf_counter())
                return
            await cout.write(t + 1)

    async def main() -> float:
        chans = [AsyncChannel() for _ in range(n)]
        done = asyncio.get_running_loop().create_future()
        tasks = [asyncio.create_task(node(chans[i - 1], chans[i], done)) for i in range(1, n)]
        await asyncio.sleep(0)  # every node is now blocked on its read
        start = perf_counter()
        tasks.append(asyncio.create_task(node(chans[-1], chans[0], done)))
        await chans[0].write(1)
        end = await done
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        return end - start

    return asyncio.run(main())


def asyncio_bigring(n: int) -> tuple[float, float]:
    async def relay(cin: AsyncChannel, cout: AsyncChannel) -> None:
        await cout.write(await cin.read() + 1)

    async def main(t0: float) -> tuple[float, float]:
        chans = [AsyncChannel() for _ in range(n)]
        for i in range(1, n):
            asyncio.create_task(relay(chans[i - 1], chans[i]))
        await asyncio.sleep(0)  # every relay is now blocked on its read
        start = perf_counter()
        await chans[0].write(1)
        token = await chans[-1].read()
        end = perf_counter()
        assert token == n
        return start - t0, end - start

    return asyncio.run(main(perf_counter()))


# -- trio: memory channels of size 0 -------------------------------------------------------


def trio_commstime(loops: int) -> float:
    import trio

    async def main() -> float:
        a_s, a_r = trio.open_memory_channel(0)
        b_s, b_r = trio.open_memory_channel(0)
        c_s, c_r = trio.open_memory_channel(0)
        d_s, d_r = trio.open_memory_channel(0)

        async def prefix() -> None:
            await a_s.send(0)
            while True:
                await a_s.send(await c_r.receive())

        async def delta() -> None:
            while True:
                x = await a_r.receive()
                await b_s.send(x)
                await d_s.send(x)

        async def succ() -> None:
            while True:
                await c_s.send(await b_r.receive() + 1)

        async with trio.open_nursery() as nursery:
            for f in (prefix, delta, succ):
                nursery.start_soon(f)
            start = perf_counter()
            for i in range(loops):
                if await d_r.receive() != i:
                    raise AssertionError("trio COMMSTIME miscounted")
            elapsed = perf_counter() - start
            nursery.cancel_scope.cancel()
        return elapsed

    return trio.run(main)


def trio_ring(n: int, hops: int) -> float:
    import trio

    async def main() -> float:
        chans = [trio.open_memory_channel(0) for _ in range(n)]
        box: dict[str, float] = {}

        async def node(cin: Any, cout: Any, scope: Any) -> None:
            while True:
                t = await cin.receive()
                if t >= hops:
                    box["end"] = perf_counter()
                    scope.cancel()
                    return
                await cout.send(t + 1)

        async with trio.open_nursery() as nursery:
            for i in range(1, n):
                nursery.start_soon(node, chans[i - 1][1], chans[i][0], nursery.cancel_scope)
            await trio.testing.wait_all_tasks_blocked()
            box["start"] = perf_counter()
            await chans[0][0].send(1)
            await node(chans[-1][1], chans[0][0], nursery.cancel_scope)
        return box["end"] - box["start"]

    import trio.testing  # noqa: F401 - wait_all_tasks_blocked

    return trio.run(main)


def trio_bigring(n: int) -> tuple[float, float]:
    import trio
    import trio.testing

    async def main(t0: float) -> tuple[float, float]:
        chans = [trio.open_memory_channel(0) for _ in range(n)]

        async def relay(cin: Any, cout: Any) -> None:
            await cout.send(await cin.receive() + 1)

        async with trio.open_nursery() as nursery:
            for i in range(1, n):
                nursery.start_soon(relay, chans[i - 1][1], chans[i][0])
            await trio.testing.wait_all_tasks_blocked()
            start = perf_counter()
            await chans[0][0].send(1)
            token = await chans[-1][1].receive()
            end = perf_counter()
        assert token == n
        return start - t0, end - start

    return trio.run(main, perf_counter())


# -- Twisted: inlineCallbacks and DeferredQueue ---------------------------------------------
#
# DeferredQueue.put fires the waiting reader's Deferred inside the call, so a
# ring of inlineCallbacks processes recurses without bound (RecursionError
# after a few hundred hops). The Twisted idiom is to hand the put to the next
# reactor turn with callLater(0). A task.Clock driven in a loop stands in for
# the reactor (which does the same work plus a poll per turn) so that every
# measurement can run in one process. A DeferredQueue is buffered: a writer
# does not wait for its reader, which is less work than a rendezvous.


def _twisted_drive(clock: Any, box: dict[str, Any], until: str) -> None:
    while until not in box and clock.getDelayedCalls():
        clock.advance(0)


def twisted_commstime(loops: int) -> float:
    from twisted.internet.defer import DeferredQueue, inlineCallbacks
    from twisted.internet.task import Clock

    clock = Clock()
    later = clock.callLater
    a, b, c, d = DeferredQueue(), DeferredQueue(), DeferredQueue(), DeferredQueue()
    box: dict[str, float] = {}

    @inlineCallbacks
    def prefix() -> Generator:
        later(0, a.put, 0)
        while "s" not in box:  # a buffered ring never blocks: stop it by hand
            later(0, a.put, (yield c.get()))

    @inlineCallbacks
    def delta() -> Generator:
        while "s" not in box:
            x = yield a.get()
            later(0, b.put, x)
            later(0, d.put, x)

    @inlineCallbacks
    def succ() -> Generator:
        while "s" not in box:
            later(0, c.put, (yield b.get()) + 1)

    @inlineCallbacks
    def consumer() -> Generator:
        start = perf_counter()
        for i in range(loops):
            if (yield d.get()) != i:
                raise AssertionError("Twisted COMMSTIME miscounted")
        box["s"] = perf_counter() - start

    for f in (consumer, prefix, delta, succ):
        f()
    _twisted_drive(clock, box, "s")
    return box["s"]


def twisted_ring(n: int, hops: int) -> float:
    from twisted.internet.defer import DeferredQueue, inlineCallbacks
    from twisted.internet.task import Clock

    clock = Clock()
    later = clock.callLater
    queues = [DeferredQueue() for _ in range(n)]
    box: dict[str, float] = {}

    @inlineCallbacks
    def node(cin: Any, cout: Any) -> Generator:
        while True:
            t = yield cin.get()
            if t >= hops:
                box["end"] = perf_counter()
                return
            later(0, cout.put, t + 1)

    for i in range(1, n):
        node(queues[i - 1], queues[i])
    box["start"] = perf_counter()
    later(0, queues[0].put, 1)
    node(queues[-1], queues[0])
    _twisted_drive(clock, box, "end")
    return box["end"] - box["start"]


def twisted_bigring(n: int) -> tuple[float, float]:
    from twisted.internet.defer import DeferredQueue, inlineCallbacks
    from twisted.internet.task import Clock

    t0 = perf_counter()
    clock = Clock()
    later = clock.callLater
    queues = [DeferredQueue() for _ in range(n)]
    box: dict[str, Any] = {}

    @inlineCallbacks
    def relay(cin: Any, cout: Any) -> Generator:
        later(0, cout.put, (yield cin.get()) + 1)

    for i in range(1, n):
        relay(queues[i - 1], queues[i])
    start = perf_counter()
    later(0, queues[0].put, 1)
    token = queues[-1].get()
    token.addCallback(lambda v: box.update(token=v, end=perf_counter()))
    _twisted_drive(clock, box, "end")
    assert box["token"] == n
    return start - t0, box["end"] - start


# -- the registry ---------------------------------------------------------------------------


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


PEERS: dict[str, dict[str, Callable[..., Any]]] = {
    "bare generators": {"commstime": bare_commstime, "ring": bare_ring, "bigring": bare_bigring},
    "asyncio futures": {"commstime": asyncio_commstime, "ring": asyncio_ring, "bigring": asyncio_bigring},
    "trio channels": {"commstime": trio_commstime, "ring": trio_ring, "bigring": trio_bigring},
    "Twisted inlineCallbacks": {
        "commstime": twisted_commstime,
        "ring": twisted_ring,
        "bigring": twisted_bigring,
    },
}

REQUIRES = {"trio channels": "trio"}


def available() -> tuple[dict[str, dict[str, Callable[..., Any]]], list[str]]:
    """The peers that can run here, and a note for each one skipped."""
    peers, notes = {}, []
    for name, funcs in PEERS.items():
        need = REQUIRES.get(name)
        if need and not installed(need):
            notes.append(f"{name}: skipped, `{need}` is not installed (pip install 'txcsp[bench]')")
            continue
        peers[name] = funcs
    return peers, notes
