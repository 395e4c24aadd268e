"""Channels: rendezvous (or buffered) any-to-any communication between processes.

A parked reader or writer sits in the channel's queue of readers or of
writers as an *entry*: a task, a choice's offer, or a Deferred-backed request
from Twisted code (``put``/``get``). Every entry has ``val`` (a writer's
value) and ``sched`` with ``_wake(entry, value)`` and ``_throw(entry, exc)``.
An entry in a queue is always live: a choice withdraws its other offers the
moment one commits, and a cancelled ``put``/``get`` leaves at once, so the
first entry in a queue can always be taken.

The two traps here, :class:`_Read` and :class:`_Write`, hold the whole
rendezvous: when the other side is a task parked on this same scheduler,
they hand the value over and queue that task themselves, the hottest path of
the library; anything else goes through the entry's ``sched``.
"""

from __future__ import annotations

import uuid
from collections import deque
from threading import get_ident
from typing import Any, Callable, Final, Generator

from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from ._buffers import FIXED, POLICY_NAMES, SLIDING, Buffer, DroppingBuffer, SlidingBuffer
from ._errors import ChannelClosed, ChannelPoison
from ._external import External
from ._forgotten import made, note_made, safe_repr
from ._kernel import PARKED, SELF, Task, Trap, current_task
from ._mypyc import mypyc_attr
from ._reactor import call, call_blocking, clock_threads, loaded_global_reactor, reactor_of

__all__ = ["Channel", "Buffer", "DroppingBuffer", "SlidingBuffer", "OPEN", "CLOSED", "POISONED"]

# A channel's ``_shut``: any true value stops the fast paths.
OPEN: Final = 0
CLOSED: Final = 1
POISONED: Final = 2

_NO_BUFFER: Final[tuple[()]] = ()  # the buffer of every rendezvous channel: always empty, never appended to

# Counts every poison ever: a choice that has checked its channels for poison
# need not look again until this changes (see csp/guards/_alt.py).
poison_epoch: Final[list[int]] = [0]

# What pays only compiled (pure, it costs more): a store into a task typed as Task is a field
# write where an untyped one is a setattr, so the parking paths test the type first; calling
# the scheduler's bound ``_push`` skips the method lookup of ``_ready.append``.
_TYPED: Final[bool] = __file__.endswith((".so", ".pyd"))

# ``|`` between guards builds a choice; csp.guards puts the builder here (it is a layer above).
CHOICE: Final[list[Callable[[Any, Any], Any] | None]] = [None]


def _choice(left: Any, right: Any) -> Any:
    build = CHOICE[0]
    if build is None:  # pragma: no cover - csp/__init__ imports csp.guards
        return NotImplemented
    return build(left, right)


@mypyc_attr(allow_interpreted_subclasses=True)
class _Read(Trap):
    """``c.read()``: one per channel, shared by every reader (it holds no state)."""

    __slots__ = ("ch",)
    _method = "read"  # the call that makes it (for never-yielded reports)

    def __init__(self, ch: Channel) -> None:
        self.ch = ch

    def _perform(self, task: Any) -> Any:
        ch = self.ch
        w = ch._writer
        if w is not None:
            queue = ch._wqueue
            ch._writer = queue.pop(0) if queue else None
            buf = ch._buf
            if isinstance(w, Task):  # the hottest path of the library: a process's write, typed
                if buf:  # a full buffer: the first buffered value is read, the writer's joins the end
                    value = buf.popleft()
                    buf.append(w.val)
                else:
                    value = w.val
                w.val = None
                s = w.sched  # s._wake(w, None), inlined
                w.parked_on = None
                if _TYPED:
                    s._push((w, None, None))
                else:
                    s._ready.append((w, None, None))
                if not s._draining:
                    s._drain()
                return value
            if buf:  # a write from Twisted code (c.put) or a choice's offer
                value = buf.popleft()
                buf.append(w.val)
            else:
                value = w.val
            w.val = None
            w.sched._wake(w, None)
            return value
        if ch._shut:
            if ch._shut == POISONED:
                raise ChannelPoison(ch)
            if not ch._buf:
                raise ChannelClosed(ch)
        if ch._buf:
            return ch._buf.popleft()
        if _TYPED and isinstance(task, Task):
            t: Task = task  # compiled, a field store rather than a setattr
            t.parked_on = self
        else:
            task.parked_on = self
        if ch._reader is None:
            ch._reader = task
        else:
            ch._add_reader(task)
        return PARKED

    def _repark(self, task: Any) -> Any:
        return self._perform(task)

    def _abort(self, task: Any) -> bool:
        self.ch._remove(task, writer=False)
        return True

    def _describe(self, task: Task) -> str:
        return f"reading from {safe_repr(self.ch)}"

    def _blocked_on(self, task: Task) -> tuple:
        return (SELF,) if self.ch._external else (self.ch,)

    def _text(self) -> str:
        return "c.read()"

    def _forgotten(self) -> None:
        pass

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<read from {safe_repr(self.ch)}>"

    def __or__(self, other: Any) -> Any:
        return _choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return _choice(other, self)


@mypyc_attr(allow_interpreted_subclasses=True)
class _Write(Trap):
    """``c.write(x)``: the channel keeps one to reuse; a second is made if it is busy."""

    __slots__ = ("ch", "value", "armed")
    _method = "write"  # the call that makes it (for never-yielded reports)

    def __init__(self, ch: Channel) -> None:
        self.ch = ch
        self.value: Any = None
        self.armed = False

    @classmethod
    def _armed(cls, ch: Channel, value: Any) -> _Write:
        """A fresh write of ``value``, ready to perform (not tracked as never-yielded)."""
        op = cls(ch)
        op.value, op.armed = value, True
        return op

    def _perform(self, task: Any) -> Any:
        if not self.armed:
            raise RuntimeError(
                f"{self!r} was already performed; each `c.write(x)` writes once: "
                "call c.write(x) again to write again"
            )
        value = self.value
        self.value = None
        self.armed = False
        ch = self.ch
        r = ch._reader
        if r is not None:
            queue = ch._rqueue
            ch._reader = queue.pop(0) if queue else None
            if isinstance(r, Task):  # r.sched._wake(r, value), inlined: the hottest path of the library
                s = r.sched
                r.parked_on = None
                if _TYPED:
                    s._push((r, value, None))
                else:
                    s._ready.append((r, value, None))
                if not s._draining:
                    s._drain()
            else:
                r.sched._wake(r, value)
            return None
        if ch._shut:
            raise ChannelPoison(ch) if ch._shut == POISONED else ChannelClosed(ch)
        if len(ch._buf) < ch._size:
            ch._buf.append(value)
            return None
        if ch._policy:  # a dropping or sliding buffer never blocks its writers
            ch._overflow(value)
            return None
        if _TYPED and isinstance(task, Task):
            t: Task = task  # compiled, field stores rather than setattrs
            t.val = value
            t.parked_on = self
        else:
            task.val = value
            task.parked_on = self
        if ch._writer is None:
            ch._writer = task
        else:
            ch._add_writer(task)
        return PARKED

    def _repark(self, task: Any) -> Any:
        return type(self)._armed(self.ch, task.val)._perform(task)

    def _abort(self, task: Any) -> bool:
        self.ch._remove(task, writer=True)
        return True

    def _describe(self, task: Task) -> str:
        return f"writing {safe_repr(task.val)} to {safe_repr(self.ch)}"

    def _blocked_on(self, task: Task) -> tuple:
        return (SELF,) if self.ch._external else (self.ch,)

    def _text(self) -> str:
        return f"c.write({safe_repr(self.value, 40)})"

    def _forgotten(self) -> None:
        # The holder may still yield it later; the channel gets a fresh one to reuse.
        if self.ch._wr is self:
            self.ch._wr = type(self)(self.ch)

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    def __repr__(self) -> str:
        return f"<write to {safe_repr(self.ch)}>"

    def __or__(self, other: Any) -> Any:
        return _choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return _choice(other, self)


class _Values:
    """What ``async for v in c`` iterates: reads of ``c`` until it is closed and drained."""

    __slots__ = ("ch",)

    def __init__(self, ch: Channel) -> None:
        self.ch = ch

    def __aiter__(self) -> _Values:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.ch.read()
        except ChannelClosed as closed:
            if closed.channel is not self.ch:
                raise
            raise StopAsyncIteration from None


def _check_arguments(buffer: Any, name: Any) -> None:
    """Raise the error that says what is wrong with ``Channel(buffer, name)``."""
    if isinstance(buffer, bool) or not isinstance(buffer, int):
        raise TypeError(
            f"Channel({buffer!r}): the first argument is the buffer size, a whole "
            "number >= 0 (or DroppingBuffer(n), SlidingBuffer(n)). Give a name as "
            "Channel(name='...'), a buffer as Channel(8)."
        )
    if buffer < 0:
        raise ValueError(f"Channel({buffer}): the buffer size must be >= 0; 0 means rendezvous")
    if name is not None and not isinstance(name, str):
        raise TypeError(f"Channel(name={name!r}): a channel's name must be a str")


@mypyc_attr(allow_interpreted_subclasses=True)
class Channel:
    """An any-to-any channel: unbuffered rendezvous, or a buffer of ``buffer`` values.

    Every operation is yielded (or awaited) inside a process::

        c = Channel()            # rendezvous
        b = Channel(8)           # buffer of 8 (also Channel(buffer=8))

        @process
        def writer(cout):
            yield cout.write(42)     # blocks until a reader has taken 42
            cout.poison()

        @process
        def reader(cin):
            print((yield cin.read()))

    ``c.poison()`` may be called from anywhere; every process blocked on
    ``c`` wakes with :class:`ChannelPoison` and so does every later operation.
    ``c.close()`` ends the stream gracefully (see :meth:`close`).
    Twisted code outside any process uses ``c.put(x)`` and ``c.get()``,
    which return Deferreds. A channel that such code will feed (a protocol
    that puts each line it receives, say) is declared with
    ``Channel(external=True)``: processes blocked on it wait for the outside
    instead of being reported as deadlocked. Using ``put``/``get`` marks a
    channel external too. Every method may be called from any thread.
    """

    __slots__ = ("_name", "_size", "_policy", "_buf", "_reader", "_writer", "_rqueue", "_wqueue", "_shut",
                 "_external", "_rd", "_wr", "_home", "__weakref__")

    _csp_point = True  # the deadlock detector: processes blocked here wait for whoever can reach it

    def __init__(self, buffer: Any = 0, name: Any = None, external: bool = False) -> None:
        # (buffer: an int >= 0 or a Buffer; name: a str or None. Checked here, with advice, not by type.)
        policy = FIXED
        if isinstance(buffer, Buffer):
            policy = buffer.policy
            buffer = buffer.size
        if buffer.__class__ is not int or buffer < 0 or not (name is None or isinstance(name, str)):
            _check_arguments(buffer, name)
        self._name = name  # a uuid is made on first use (a million channels need no names)
        self._size = buffer
        self._policy = policy
        # Small and cheap: a rendezvous channel has no buffer at all, and a queue of parked
        # entries is rarely more than one long: the first entry has a slot of its own
        # (``_reader``, ``_writer``); the rest, if any, wait in a list (``_rqueue``,
        # ``_wqueue``; the shared ``()`` until a second entry parks). Parking and
        # unparking one entry allocate nothing. Once poisoned, ``_buf`` keeps what the
        # poison discarded (see ``discarded``).
        self._buf: Any = deque() if buffer else _NO_BUFFER
        self._reader: Any = None
        self._writer: Any = None
        self._rqueue: Any = ()
        self._wqueue: Any = ()
        self._shut = OPEN
        self._external = bool(external)  # fed by Twisted code: never a deadlock
        self._rd = _Read(self)
        self._wr: _Write | None = None  # made at the first write (a channel only read needs none)
        self._home: Any = None  # the scheduler of the processes it was given to (see _reactor)

    def __repr__(self) -> str:
        size = ""
        if self._policy:
            size = f", buffer={POLICY_NAMES[self._policy]}({self._size})"
        elif self._size:
            size = f", buffer={self._size}"
        return f"{type(self).__name__}(name={self.name!r}{size})"

    def __or__(self, other: Any) -> Any:
        """``c | g``: a choice between reading ``c`` and guard ``g`` (an ``Alt``)."""
        return _choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return _choice(other, self)

    def __aiter__(self) -> _Values:
        """``async for v in c:`` in an ``async def`` process reads until ``c`` is closed."""
        return _Values(self)

    # -- what users read ----------------------------------------------------------

    @property
    def name(self) -> str:
        """The channel's unique name: ``name=`` if given, else a uuid string."""
        name = self._name
        if name is None:
            name = self._name = str(uuid.uuid4())
        return name

    @property
    def buffer(self) -> int:
        """The buffer size (0 for a rendezvous channel)."""
        return self._size

    @property
    def poisoned(self) -> bool:
        """True once :meth:`poison` has been called."""
        return self._shut == POISONED

    @property
    def closed(self) -> bool:
        """True once :meth:`close` (or :meth:`poison`) has been called."""
        return self._shut != OPEN

    @property
    def discarded(self) -> list[Any]:
        """The values a poison took out of the buffer unread (empty if none, or not poisoned)."""
        return list(self._buf) if self._shut == POISONED else []

    # -- operations (yield them in a process) -----------------------------------

    def read(self) -> _Read:
        """The operation that reads one value: ``x = yield c.read()``."""
        rd = self._rd
        if made[0] is None:
            made[0] = rd
        else:
            note_made(rd)
        return rd

    def write(self, value: Any) -> _Write:
        """The operation that writes ``value``: ``yield c.write(value)``."""
        op = self._wr
        if op is None:
            op = self._wr = _Write(self)
        elif op.armed:
            op = op.__class__(self)
        op.value = value
        op.armed = True
        if made[0] is None:
            made[0] = op
        else:
            note_made(op)
        return op

    # -- ending -----------------------------------------------------------------

    def _write_class(self) -> Any:
        """The class of this channel's writes (a subclass or csp.trace may put its own in ``_wr``)."""
        wr = self._wr
        return _Write if wr is None else type(wr)

    def poison(self) -> list[Any]:
        """Poison the channel: every blocked and every later operation raises ChannelPoison.

        Safe from anywhere: inside a process, from Twisted code, or from
        another thread. Values still in the buffer are not delivered (poison
        means stop now; :meth:`close` is the graceful end): they are
        returned, and kept in :attr:`discarded`, so nothing is dropped
        unseen::

            leftovers = c.poison()    # [] for a rendezvous channel
        """
        return call_blocking(self._reactor(), self._poison)

    def _poison(self) -> list[Any]:
        if self._shut == POISONED:
            return []
        self._shut = POISONED
        poison_epoch[0] += 1
        discarded = list(self._buf)
        self._buf = tuple(discarded)  # kept for ``discarded``; never read or written again
        self._wake_all(self._readers + self._writers, ChannelPoison)
        return discarded

    def close(self) -> None:
        """End the stream: later writes raise :class:`ChannelClosed`; what was written stays readable.

        Values in the buffer, and the values of writers blocked at the
        moment of the close, are still delivered to readers, in order
        (nothing a writer was promised is dropped). Once they are all read,
        every read raises ``ChannelClosed``, so a reader loop ends without a
        sentinel and ``None`` stays a value. Closing twice does nothing; so
        does closing a poisoned channel. Safe from any thread::

            @process
            def numbers(cout):
                for i in range(3):
                    yield cout.write(i)
                cout.close()          # the reader's loop ends after 2
        """
        call_blocking(self._reactor(), self._close)

    def _close(self) -> None:
        if self._shut:
            return
        self._shut = CLOSED
        if self._reader is not None and not self._buf and self._writer is None:
            self._wake_all(self._readers, ChannelClosed)

    def _wake_all(self, entries: list[Any], error: type[BaseException]) -> None:
        """Take ``entries`` off the queues and throw ``error(self)`` into each (on the reactor thread)."""
        for entry in entries:
            if not (self._remove(entry, writer=False) or self._remove(entry, writer=True)):
                continue  # withdrawn in the meantime (a choice that committed elsewhere)
            entry.val = None
            entry.sched._throw(entry, error(self))

    def _reactor(self) -> Any:
        """The reactor whose thread must act on this channel: this process's, its waiters', or the global."""
        task = current_task()
        if task is not None:
            return task.sched.clock
        if self._reader is not None or self._writer is not None:
            reactor = reactor_of(self._readers + self._writers)
            if reactor is not None:
                return reactor
        if self._home is not None:  # given to processes started on that scheduler
            return self._home.clock
        if get_ident() in clock_threads:
            return None  # this thread drives a task.Clock: it acts for that Clock's processes
        return loaded_global_reactor()

    # -- the queues of parked entries (the traps' fast paths inline the common case) --

    @property
    def _readers(self) -> list[Any]:
        """Every parked reader, first come first."""
        return [] if self._reader is None else [self._reader, *self._rqueue]

    @property
    def _writers(self) -> list[Any]:
        """Every parked writer, first come first."""
        return [] if self._writer is None else [self._writer, *self._wqueue]

    def _add_reader(self, entry: Any) -> None:
        """Park ``entry`` at the end of the readers' queue."""
        if self._reader is None:
            self._reader = entry
        elif self._rqueue:
            self._rqueue.append(entry)
        else:
            self._rqueue = [entry]

    def _add_writer(self, entry: Any) -> None:
        """Park ``entry`` at the end of the writers' queue."""
        if self._writer is None:
            self._writer = entry
        elif self._wqueue:
            self._wqueue.append(entry)
        else:
            self._wqueue = [entry]

    def _take_reader(self) -> Any:
        """Unpark the first parked reader (there must be one) and return it."""
        entry = self._reader
        queue = self._rqueue  # a list (perhaps emptied: kept for the next to park) or ()
        self._reader = queue.pop(0) if queue else None
        return entry

    def _take_writer(self) -> Any:
        """Unpark the first parked writer (there must be one) and return it."""
        entry = self._writer
        queue = self._wqueue
        self._writer = queue.pop(0) if queue else None
        return entry

    def _remove(self, entry: Any, writer: bool) -> bool:
        """Take ``entry`` out of the writers' (or readers') queue; False if it is not there."""
        first, queue = (self._writer, self._wqueue) if writer else (self._reader, self._rqueue)
        if first is entry:
            if writer:
                self._take_writer()
            else:
                self._take_reader()
            return True
        if entry not in queue:  # the rest: a list, or () while only one has parked
            return False
        queue.remove(entry)
        return True

    def _overflow(self, value: Any) -> None:
        """A write to a full dropping or sliding buffer: it completes, and one value goes."""
        if self._policy == SLIDING:
            self._buf.popleft()
            self._buf.append(value)
        # DROPPING: the new value is dropped, as the buffer's kind promises

    def _csp_contents(self) -> list[Any]:
        """What a process that can reach this channel can get from it (for the deadlock detector)."""
        return [*self._buf, *(w.val for w in self._writers)]

    # -- Twisted code outside any process ------------------------------------

    def put(self, value: Any) -> Deferred:
        """From Twisted code (not a process): write ``value``; the Deferred fires when it is taken.

        A channel used this way counts as fed from outside, so processes
        blocked on it are never reported as deadlocked. Cancelling the
        Deferred (``d.addTimeout(5, reactor)``, say) withdraws the write: a
        write reported as failed is never delivered. From another thread the
        write is handed to the reactor's thread, where the Deferred fires::

            d = c.put("job")
            d.addCallback(lambda _: print("taken"))
        """
        self._external = True
        entry = External()
        call(self._reactor(), entry.run, self._write_class()._armed(self, value))
        return entry.d

    def get(self) -> Deferred:
        """From Twisted code (not a process): a Deferred firing with the next value.

        Cancelling it withdraws the read, so no value is taken for it::

            c.get().addCallback(print)
        """
        self._external = True
        entry = External()
        call(self._reactor(), entry.run, self._rd)
        return entry.d

    def offer(self, value: Any) -> bool:
        """Write ``value`` only if that can be done now (core.async's ``offer!``); never blocks.

        True if a reader took it or the buffer had room (a dropping or
        sliding buffer always takes it), False if the write would have had
        to wait. Raises :class:`ChannelPoison` or :class:`ChannelClosed` as a
        write would::

            if not c.offer(job):
                print("busy: try later")
        """
        return call_blocking(self._reactor(), self._offer, value)

    def _offer(self, value: Any) -> bool:
        if self._shut or self._reader is not None or len(self._buf) < self._size or self._policy:
            _raise_failure(External().run(self._write_class()._armed(self, value)))
            return True
        return False

    def poll(self, default: Any = None) -> Any:
        """Read a value only if one is there now (core.async's ``poll!``); never blocks.

        Returns the value, or ``default`` if reading would have had to wait
        (``None`` is a value like any other: pass a sentinel of your own to
        tell "nothing" from a ``None`` that was written). Raises
        :class:`ChannelPoison`, or :class:`ChannelClosed` once closed and
        drained, as a read would::

            value = c.poll(default=NOTHING)
        """
        return call_blocking(self._reactor(), self._poll, default)

    def _poll(self, default: Any) -> Any:
        if self._shut or self._writer is not None or self._buf:
            return _raise_failure(External().run(self._rd))
        return default


def _raise_failure(d: Deferred) -> Any:
    """The result of a Deferred that has fired, raising its failure."""
    box: list = []
    d.addBoth(box.append)
    if isinstance(box[0], Failure):
        box[0].raiseException()
    return box[0]
