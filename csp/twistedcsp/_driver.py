"""The driver: runs a twisted-csp generator as a csp process, carrying out its instructions."""

from __future__ import annotations

import inspect
import types
import warnings
from collections import deque
from typing import Any, Callable, Generator

from csp import Channel, Process

from ._instructions import Instruction, _Stop

__all__ = ["as_process", "body_of"]


def _drive(body: Any, _arguments: tuple) -> Generator[Any, Any, Any]:
    """Step ``body``; carry out its instructions with csp operations; pass anything else to the kernel.

    ``_arguments`` are the arguments the body was made with: the channels
    among them are poisoned (or closed) when poison (or a close) escapes the
    body, as for any csp process.
    """
    reserved: dict[Channel, deque] = {}  # values taken by select(), kept for the next take()
    value: Any = None
    error: BaseException | None = None
    try:
        while True:
            try:
                op = body.send(value) if error is None else body.throw(error)
            except StopIteration as end:
                return end.value
            value, error = None, None
            try:
                if isinstance(op, Instruction):
                    op.done = True
                    if isinstance(op, _Stop):
                        return op.value
                    value = yield from op._run(reserved)
                else:
                    value = yield op  # a csp operation, a process, a Deferred, or a bare yield
            except GeneratorExit:
                raise
            except BaseException as raised:  # noqa: BLE001 - thrown into the body, as at its own yield
                error = raised
    finally:
        body.close()  # runs the body's finally blocks if it was stopped or cancelled
        if reserved:
            warnings.warn(
                f"a process ended with values it had select()ed but never taken: "
                f"{ {ch.name: list(vs) for ch, vs in reserved.items()} }; follow each "
                "`ch = yield select(...)` with `yield take(ch)`",
                RuntimeWarning,
                stacklevel=1,
            )


_drivers: dict[str, Callable[..., Any]] = {}


def _driver_named(name: str) -> Callable[..., Any]:
    """``_drive`` under the name of the user's function (a process is named after its function)."""
    fn = _drivers.get(name)
    if fn is None:
        fn = types.FunctionType(_drive.__code__, _drive.__globals__, name)
        fn.__qualname__ = name
        _drivers[name] = fn
    return fn


def body_of(f: Any, args: tuple, kwargs: dict, verb: str) -> tuple[Any, tuple]:
    """The generator (or coroutine) to drive for ``go(f, *args)`` or ``go(gen)``, and its arguments."""
    if inspect.isgenerator(f) or inspect.iscoroutine(f):
        if args or kwargs:
            raise TypeError(
                f"{verb}({f.__name__}(...), ...): give either a generator, go(f(x)), or a "
                "function and its arguments, go(f, x); not both"
            )
        arguments = inspect.getgeneratorlocals(f) if inspect.isgenerator(f) else {}
        return f, (tuple(arguments.values()),)
    if not callable(f):
        raise TypeError(
            f"{verb}({f!r}): give a generator, go(f(x)), or a generator function and its "
            "arguments, go(f, x)"
        )
    body = f(*args, **kwargs)
    if not (inspect.isgenerator(body) or inspect.iscoroutine(body)):
        name = getattr(f, "__name__", repr(f))
        raise TypeError(
            f"{verb}({name}, ...): {name}(...) returned {body!r}, not a generator; a process "
            "function has a `yield` in it (yield take(c), yield put(c, v), ...)"
        )
    return body, (args, kwargs)


def as_process(f: Any, *args: Any, **kwargs: Any) -> Process:
    """A twisted-csp function (or generator) as a csp :class:`~csp.Process`, to use with ``Par``, ``run``.

    For example::

        csp.run(as_process(main), reactor=Clock())
    """
    body, arguments = body_of(f, args, kwargs, "as_process")
    name = getattr(body, "__name__", None) or "process"
    return Process(_driver_named(name), body, arguments)
