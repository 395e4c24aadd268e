"""txcoroutine's API on txcsp: ``coroutine``, ``Coroutine``, ``noreturn``, ``returnValue``.

``@coroutine`` turns a generator function into one whose call starts it
as a csp process and returns a :class:`Coroutine`, a Twisted ``Deferred``
that fires with its result. ``pause()``, ``unpause()`` and ``cancel()`` on
it reach everything it is waiting on, through any depth of nested
coroutines and Deferreds::

    from twisted.internet import reactor, task
    from csp.txcoroutine import coroutine

    @coroutine
    def ticker():
        try:
            while True:
                print("tick")
                yield task.deferLater(reactor, 1.0, lambda: None)
        finally:
            print("stopped")

    proc = ticker()
    reactor.callLater(3, proc.pause)     # no tick between 3 s and 6 s
    reactor.callLater(6, proc.unpause)
    reactor.callLater(9, proc.cancel)    # prints "stopped"

The body may yield what any csp process yields (Deferreds, coroutines,
channel operations, processes). ``noreturn(g)`` hands the coroutine over to
the generator ``g`` in tail position (the kernel's ``noreturn``: the
caller's frame is released, the Coroutine fires with ``g``'s result), so a
coroutine can swap its behaviour for ever in flat memory.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Generator, NoReturn

from twisted.internet.defer import Deferred, _DefGen_Return
from twisted.python.failure import Failure

import csp
from csp import Process, ProcessHandle
from csp.coreasync._here import scheduler_here

__all__ = ["coroutine", "Coroutine", "noreturn", "returnValue"]

_running: list[Coroutine | None] = [None]  # the coroutine whose body is taking a step now


class Coroutine(Deferred):
    """A running coroutine: a ``Deferred`` that fires with its result, with cascading control.

    - ``cancel()``: the body gets ``CancelledError`` where it waits (its
      ``finally`` blocks run), and so do the coroutines and Deferreds it is
      waiting on, innermost first; this Deferred then fails with
      ``CancelledError``.
    - ``pause()``: the coroutine and everything it waits on stop where they
      are; a Deferred that fires meanwhile is delivered on ``unpause()``.
    - ``unpause()``: they go on exactly where they stopped.

    Once the coroutine has ended, ``pause``/``unpause``/``cancel`` act on
    the Deferred as Twisted's do (Twisted itself pauses a Deferred whose
    callback returned another one).
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.handle: ProcessHandle | None = None
        self._waiting_on: Any = None  # the Coroutine or Deferred the body is waiting for now

    def __repr__(self) -> str:
        state = "ended" if self.called else "running"
        return f"<Coroutine {self.name} {state}>"

    def _attach(self, handle: ProcessHandle) -> None:
        self.handle = handle
        handle.deferred.addBoth(self._ended)

    def _ended(self, result: Any) -> None:
        if isinstance(result, Failure):
            self.errback(result)
        else:
            self.callback(result)

    def pause(self) -> None:
        if self.called or self.handle is None:
            super().pause()
            return
        self.handle.pause()
        inner = self._waiting_on
        if isinstance(inner, Coroutine):
            inner.pause()

    def unpause(self) -> None:
        if self.called or self.handle is None:
            if self.paused:
                super().unpause()
            return
        inner = self._waiting_on
        if isinstance(inner, Coroutine):
            inner.unpause()
        self.handle.resume()

    def cancel(self) -> None:
        if self.called or self.handle is None:
            super().cancel()
            return
        self.handle.cancel()  # the kernel cancels what the body waits on, which cancels inner coroutines


def _drive(coro: Coroutine, body: Any) -> Generator[Any, Any, Any]:
    """Step ``body``, noting what it waits on (for pause), passing every yield to the kernel."""
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            _running[0] = coro
            try:
                op = body.send(value) if error is None else body.throw(error)
            except StopIteration as end:
                return end.value
            finally:
                _running[0] = None
            value, error = None, None
            coro._waiting_on = op
            try:
                value = yield op
            except GeneratorExit:
                raise
            except BaseException as raised:  # noqa: BLE001 - thrown into the body at its yield
                error = raised
            finally:
                coro._waiting_on = None
    finally:
        body.close()


def _start(name: str, body: Any) -> Coroutine:
    coro = Coroutine(name)
    driver = _named(name)
    coro._attach(Process(driver, coro, body).spawn(scheduler_here()))
    return coro


_drivers: dict[str, Callable[..., Any]] = {}


def _named(name: str) -> Callable[..., Any]:
    import types

    fn = _drivers.get(name)
    if fn is None:
        fn = _drivers[name] = types.FunctionType(_drive.__code__, _drive.__globals__, name)
    return fn


def coroutine(f: Callable[..., Any]) -> Callable[..., Coroutine]:
    """Decorator: calling the generator function starts it and returns its :class:`Coroutine`.

    It starts at once (running up to its first wait, as
    ``inlineCallbacks`` does) on the calling process's reactor, or the
    global one. ``coroutine(f)(x)`` works on an undecorated generator
    function too::

        n = coroutine(fact)(10).result      # 3628800, if fact never waits
    """
    if not callable(f):
        raise TypeError(f"@coroutine decorates a generator function, not {f!r}")

    @functools.wraps(f)
    def start(*args: Any, **kwargs: Any) -> Coroutine:
        body = f(*args, **kwargs)
        if not (inspect.isgenerator(body) or inspect.iscoroutine(body)):
            if isinstance(body, Deferred):
                return body  # type: ignore[return-value]
            raise TypeError(
                f"@coroutine {getattr(f, '__name__', f)!r} returned {body!r}, not a generator: put a "
                "`yield` in its body (a bare `yield` after a tail call will do)"
            )
        return _start(getattr(f, "__name__", "coroutine"), body)

    return start


def noreturn(target: Any) -> NoReturn:
    """Hand this coroutine over to ``target`` (a generator) in tail position; never returns.

    The caller's frame is released at once; ``target`` runs on as the same
    coroutine (same Coroutine, same pause and cancel) and its result is the
    coroutine's. Don't decorate the target with ``@coroutine``, or it would
    start as a coroutine of its own::

        def fact(n, result=1):
            if n <= 1:
                returnValue(result)
            noreturn(fact(n - 1, n * result))
            yield
    """
    coro = _running[0]
    if coro is None or not (inspect.isgenerator(target) or inspect.iscoroutine(target)):
        csp.noreturn(target)  # outside a coroutine, or a process: the kernel's own hand-over
    csp.noreturn(_named(getattr(target, "__name__", coro.name))(coro, target))


def returnValue(value: Any) -> NoReturn:  # noqa: N802 - txcoroutine's (and Twisted's) name
    """End the coroutine with ``value`` (txcoroutine's, from Python 2 days; ``return value`` works too)."""
    raise _DefGen_Return(value)
