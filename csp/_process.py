"""Processes: recipes that the scheduler runs as tasks, and the handles of running ones."""

from __future__ import annotations

import functools
import inspect
from types import MappingProxyType
from typing import Any, Callable, Generator, TypeVar

from ._channel import Channel
from ._errors import Cancelled, ChannelClosed, ChannelPoison, ParError
from ._kernel import DONE, PARKED, Runnable, Task, Trap
from ._runtime import ProcessHandle

__all__ = ["Process", "CSPProcess", "process", "forever", "CSPServer", "ProcessHandle", "ALGEBRA"]

F = TypeVar("F", bound=Callable[..., Any])

_NO_KWARGS: Any = MappingProxyType({})

# The algebra's operators build terms of csp.algebra, a layer above; it puts its builders here.
ALGEBRA: dict[str, Callable[..., Any]] = {}


def _channels_among(items: Any, seen: set[int]) -> list[Channel]:
    """Every channel among ``items``, looking inside lists, tuples, dicts (keys and values), sets."""
    found = []
    stack = [items]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, Channel):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
    return found


class Process(Runnable):
    """A process recipe: a function and its arguments, run fresh each time it starts.

    Build one with the :func:`process` decorator or directly as
    ``Process(func, *args, **kwargs)``. ``func`` may be a generator function
    (``yield`` each operation), an ``async def`` function (``await`` them)
    or a plain function (it runs to completion in one step)::

        @process
        def hello(name):
            print("hello", name)
            yield

        hello("world").start()

    A recipe can be started any number of times; ``p * 3`` and reusing ``p``
    in several compositions both rely on that.
    """

    # No __dict__: a million processes is a normal program, and each one is a GC-tracked object the
    # collector walks; subclasses (Par, Seq, users' own) get a __dict__ unless they say otherwise.
    __slots__ = ("_func", "_args", "_kwargs", "_name")

    _forever = False

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        if not callable(func):
            raise TypeError(
                f"Process() needs a function to run, not {func!r} ({type(func).__name__}). "
                "Write `@process` above a `def`, or `Process(func, *args)` with func a function."
            )
        if isinstance(func, Process):
            raise TypeError(
                f"Process() was given the process {func!r}, not a function: use the process "
                "itself, or Process(f, ...) with the plain function f"
            )
        self._func = func
        self._args = args
        self._kwargs = kwargs or _NO_KWARGS  # one shared empty mapping: a million processes are common
        self._name: str = getattr(func, "__name__", None) or type(func).__name__

    @property
    def name(self) -> str:
        """The process's name (its function's name), used in ``ps`` and deadlock reports."""
        return self._name

    def __repr__(self) -> str:
        args = [repr(a) for a in self._args]
        args += [f"{k}={v!r}" for k, v in self._kwargs.items()]
        return f"{self._name}({', '.join(args)})"

    # -- the kernel's side ---------------------------------------------------

    def _make_body(self) -> Any:
        return self._func(*self._args, **self._kwargs)

    def _end(self, task: Task, value: Any, exc: BaseException | None) -> tuple[Any, BaseException | None]:
        if isinstance(exc, ChannelPoison):
            for ch in _channels_among((self._args, self._kwargs), set()):
                ch.poison()
            return None, None
        if isinstance(exc, ChannelClosed):
            for ch in _channels_among((self._args, self._kwargs), set()):
                ch.close()
            return None, None
        if exc is None and self._forever and not task.cancel_req:
            return None, RuntimeError(
                f"@forever process {task.label} returned {value!r}; a server's body must loop "
                "for ever (`while True:`) and end only by poison or cancel. Use @process for a "
                "process that ends."
            )
        return value, exc

    def _perform(self, task: Task) -> Any:
        return _Join([self], single=True)._perform(task)

    def __await__(self) -> Generator[Any, Any, Any]:
        return (yield self)

    # -- running from outside --------------------------------------------------

    def start(self) -> Any:
        """Run to completion, blocking the calling thread; return the result or raise.

        Outside any process only. Inside one write ``yield p`` (or
        ``await p``); on the reactor thread use :meth:`spawn`.
        """
        from ._runtime import start

        return start(self)

    def spawn(self, scheduler: Any = None) -> ProcessHandle:
        """Start without blocking; return a :class:`ProcessHandle`, a Deferred of the result.

        Inside a process it starts on the same scheduler. From plain code it
        uses the global reactor: at once if it is running, else when the
        program runs it (``spawn()`` never starts a reactor itself). Give a
        scheduler, a reactor or a ``task.Clock`` to run it there::

            h = worker(c).spawn()
            h.addCallback(print)
        """
        from ._runtime import spawn

        return spawn(self, scheduler)

    # -- the algebra -------------------------------------------------------------

    def __gt__(self, other: Any) -> Any:
        return ALGEBRA["seq"](self, other)

    def __lt__(self, other: Any) -> Any:
        return ALGEBRA["seq"](other, self)

    def __floordiv__(self, other: Any) -> Any:
        if isinstance(other, (tuple, list)):
            return ALGEBRA["par"](self, *other)
        return ALGEBRA["par"](self, other)

    def __and__(self, other: Any) -> Any:
        return ALGEBRA["par"](self, other)

    def __mul__(self, n: Any) -> Any:
        return ALGEBRA["repeat"](self, n)

    __rmul__ = __mul__


CSPProcess = Process


class _ServerProcess(Process):
    __slots__ = ()
    _forever = True


def process(func: F) -> Callable[..., Process]:
    """Decorator: calling the function returns an unstarted :class:`Process`.

    ``func`` is a generator function, an ``async def`` function or a plain one::

        @process
        def counter(cout, n):
            for i in range(n):
                yield cout.write(i)
            cout.poison()
    """
    if not callable(func):
        raise TypeError(
            f"@process decorates a function; got {func!r} ({type(func).__name__})"
        )
    if inspect.isasyncgenfunction(func):
        raise TypeError(
            f"@process on {func.__name__}, an async generator (an `async def` containing `yield`), "
            "which cannot run as a process: in an `async def` process write `await c.read()` "
            "(no yield), or drop `async` and write `yield c.read()`"
        )
    return _maker(Process, func)


def _maker(cls: type[Process], func: Callable[..., Any]) -> Callable[..., Process]:
    """The function a decorator returns: each call makes a ``cls`` of ``func`` and the arguments.

    ``Process(func, *args)`` checks ``func`` on every call; the decorator has
    checked it once, so the processes are made without the checks (a network
    of a million of them is built a good deal faster).
    """
    name = Process(func)._name  # the checks, once, and the name they give
    new = cls.__new__

    @functools.wraps(func)
    def make(*args: Any, **kwargs: Any) -> Process:
        p = new(cls)
        p._func, p._args, p._kwargs, p._name = func, args, kwargs or _NO_KWARGS, name
        return p

    make.__wrapped_process__ = func  # type: ignore[attr-defined]
    return make


def forever(func: F) -> Callable[..., Process]:
    """Decorator for a server: a generator whose body loops for ever.

    A bare ``yield`` is a cooperative checkpoint. The process ends only by
    poison or cancel; returning is reported as an error::

        @forever
        def printer(cin):
            while True:
                print((yield cin.read()))
    """
    if not (inspect.isgeneratorfunction(func) or inspect.iscoroutinefunction(func)):
        raise TypeError(
            f"@forever needs a generator function (a def with `yield` in a `while True:` "
            f"loop) or an async def; {getattr(func, '__name__', func)!r} is neither"
        )

    return _maker(_ServerProcess, func)


class CSPServer(_ServerProcess):
    """python-csp's server process: ``CSPServer(func, *args)``, or ``@CSPServer`` as a decorator.

    ``CSPServer(func, *args, **kwargs)`` builds a server process the way
    ``CSPProcess(func, *args)`` builds a process; ``func`` is a generator
    function whose body loops for ever (as with :func:`forever`). Used as a
    decorator, ``@CSPServer`` gives a server with no arguments yet; calling
    it with arguments gives the server for them::

        @CSPServer
        def printer(cin):
            while True:
                print((yield cin.read()))

        p = printer(c)                    # as with @forever
        q = CSPServer(integers)           # python-csp's constructor form
    """

    __slots__ = ()

    def __init__(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        forever(func)  # the same check, and the same error, as @forever
        super().__init__(func, *args, **kwargs)

    def __call__(self, *args: Any, **kwargs: Any) -> CSPServer:
        """The server of the decorated function, for these arguments."""
        if self._args or self._kwargs:
            raise TypeError(
                f"{self!r} already has its arguments; call CSPServer(func) (or decorate with "
                "@CSPServer) and then give the arguments, once"
            )
        return CSPServer(self._func, *args, **kwargs)


class _Join(Trap):
    """Run processes as children of the parked task; wake it when all have ended."""

    __slots__ = ("procs", "single", "parent", "tasks", "left", "errors", "cancelling")
    _csp_opaque = True  # holds tasks: the deadlock detector does not look inside

    def __init__(self, procs: list[Process], single: bool = False) -> None:
        self.procs = procs
        self.single = single
        self.parent: Task | None = None
        self.tasks: list[Task] = []
        self.left = 0
        self.errors: list[BaseException] = []
        self.cancelling = False

    def _perform(self, task: Task) -> Any:
        procs = self.procs
        if not procs:
            return []
        self.parent = task
        self.left = len(procs)
        task.parked_on = self
        spawn = task.sched.spawn_task
        done = self._child_done
        tasks = self.tasks
        for p in procs:
            tasks.append(spawn(p, done, task))
        return PARKED

    def _child_done(self, child: Task, value: Any, exc: BaseException | None) -> None:
        self.left -= 1
        if exc is not None:
            if not (isinstance(exc, Cancelled) and (self.cancelling or self.errors)):
                self.errors.append(exc)
                if len(self.errors) == 1:
                    self._cancel_children()
        else:
            child.val = value  # an ended task's val is free: it holds the result until all end
        if self.left:
            return
        parent = self.parent
        results = [t.val for t in self.tasks]
        self.tasks = []
        if parent is None or parent.state is DONE:
            return
        sched = parent.sched
        if self.errors:
            errors = self.errors
            sched._throw(parent, errors[0] if len(errors) == 1 else ParError(errors))
        elif self.cancelling:
            sched._throw(parent, parent._cancelled())
        else:
            sched._wake(parent, results[0] if self.single else results)

    def _cancel_children(self) -> None:
        for t in self.tasks:
            if t.state is not DONE:
                t.sched.cancel(t)

    def _abort(self, task: Task) -> bool:
        self.cancelling = True
        return False  # the kernel cancels the children; Cancelled reaches the parent once all have ended

    def _children(self) -> list[Task]:
        return self.tasks

    def _describe(self, task: Task) -> str:
        live = [t.label for t in self.tasks if t.state is not DONE]
        return f"waiting for {', '.join(live) or 'its processes'}"

    def _blocked_on(self, task: Task) -> tuple:
        return tuple(t for t in self.tasks if t.state is not DONE)
