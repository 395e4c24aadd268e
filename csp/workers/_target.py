"""A worker's process is named by an importable ``"module:function"`` string, never sent as code.

Both ends resolve the name the same way: the parent when the :class:`Worker`
is made (so a misspelt name is an error there and then), the worker
interpreter again when it starts.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from typing import Any, Callable

from .._process import Process
from ._errors import WorkerSetupError

__all__ = ["target_name", "resolve", "make_process"]

_DOTTED = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")


def target_name(target: Any) -> str:
    """The ``"module:function"`` name of ``target``: a name already, or a module-level function.

    A function defined in the program's ``__main__`` is named by the module
    it was run as (``python -m package.module``); one in a plain script
    cannot be imported by another interpreter, and the error says so.
    """
    if isinstance(target, str):
        return _check_syntax(target)
    if isinstance(target, Process):
        raise TypeError(
            f"Worker({target!r}): give the process's function and its arguments, "
            "Worker(f, *args), or use in_worker(p) to run the process p in a worker"
        )
    func = getattr(target, "__wrapped_process__", target)
    module = getattr(func, "__module__", None)
    qualname = getattr(func, "__qualname__", None)
    if not callable(func) or module is None or qualname is None:
        raise TypeError(
            f"Worker({target!r}): the target is a \"module:function\" string or a module-level "
            f"function, not {type(target).__name__}"
        )
    if "<locals>" in qualname or "<lambda>" in qualname:
        raise WorkerSetupError(
            f"Worker({qualname}): a worker imports its function by name, and {qualname} is defined "
            "inside another function (or is a lambda); define it at the top level of a module"
        )
    if module == "__main__":
        spec = getattr(sys.modules["__main__"], "__spec__", None)
        if spec is None or not spec.name or spec.name == "__main__":
            raise WorkerSetupError(
                f"Worker({qualname}): {qualname} is defined in the script being run, which a worker "
                "interpreter cannot import by name; put it in a module (and import it), or run the "
                "program as `python -m package.module`"
            )
        module = spec.name
    return _check_syntax(f"{module}:{qualname}")


def _check_syntax(name: str) -> str:
    module, sep, attr = name.partition(":")
    if not sep or not _DOTTED.match(module) or not _DOTTED.match(attr):
        raise WorkerSetupError(
            f"Worker({name!r}): a worker's process is named \"package.module:function\" "
            "(an importable module, a colon, a function in it), e.g. \"tutorial.part10.farm:render\""
        )
    return name


def resolve(name: str) -> Callable[..., Any]:
    """Import ``"module:function"`` and return the function, or raise a clear WorkerSetupError."""
    module_name, _, attr = _check_syntax(name).partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise WorkerSetupError(
            f"Worker({name!r}): cannot import module {module_name!r} ({error}); the name must be a "
            "module the worker's interpreter can import (it gets the parent's sys.path)"
        ) from error
    obj: Any = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise WorkerSetupError(
                f"Worker({name!r}): module {module_name!r} has no {attr!r}; check the spelling "
                "(the name after the colon is a function defined in that module)"
            ) from None
    if not callable(obj) or isinstance(obj, Process):
        raise WorkerSetupError(
            f"Worker({name!r}): {attr} is {type(obj).__name__}, not a process function; name a "
            "function decorated with @process (or a generator or async def function)"
        )
    return obj


def make_process(func: Callable[..., Any], args: tuple, kwargs: dict) -> Process:
    """The process that ``func`` gives for these arguments, decorated or not."""
    if hasattr(func, "__wrapped_process__"):
        made = func(*args, **kwargs)
        if isinstance(made, Process):
            return made
    if inspect.isgeneratorfunction(func) or inspect.iscoroutinefunction(func):
        return Process(func, *args, **kwargs)
    made = func(*args, **kwargs)
    if isinstance(made, Process):
        return made
    raise WorkerSetupError(
        f"worker function {getattr(func, '__qualname__', func)!r} returned {type(made).__name__}, "
        "not a process; decorate it with @process, or make it a generator or async def function"
    )
