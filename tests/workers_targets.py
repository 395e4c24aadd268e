"""Process functions that the worker tests run in worker interpreters (imported there by name)."""

from __future__ import annotations

import os
from typing import Any, Generator

from csp import ChannelClosed, Timer, process


@process
def add(a: int, b: int) -> Generator[Any, Any, int]:
    yield
    return a + b


@process
def echo(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
    """Return the arguments as the worker received them."""
    yield
    return [list(args), kwargs]


@process
def divide(a: int, b: int) -> Generator[Any, Any, float]:
    yield
    return a / b


@process
def unsendable() -> Generator[Any, Any, Any]:
    yield
    return object()


@process
def say(text: str) -> Generator[Any, Any, None]:
    yield
    print(text)


@process
def die(status: int) -> Generator[Any, Any, None]:
    yield
    os._exit(status)


@process
def squares(jobs: Any, results: Any) -> Generator[Any, Any, int]:
    """Square every job until ``jobs`` is closed; return how many it did."""
    done = 0
    try:
        while True:
            n = yield jobs.read()
            yield results.write((n, n * n))
            done += 1
    except ChannelClosed:
        return done


@process
def pid_then_sleep(ready: Any) -> Generator[Any, Any, None]:
    """Say its pid on ``ready``, then sleep for a minute (a test kills or cancels it first)."""
    yield ready.write(os.getpid())
    yield Timer().sleep(60)


@process
def pid_then_sleep_mark_finally(ready: Any, fifo: str) -> Generator[Any, Any, None]:
    """Say its pid, sleep; its finally block writes "finally ran" to the FIFO ``fifo``."""
    try:
        yield ready.write(os.getpid())
        yield Timer().sleep(60)
    finally:
        with open(fifo, "w") as f:
            f.write("finally ran")


@process
def stubborn(ready: Any) -> Generator[Any, Any, None]:
    """A process whose finally block never ends: it must be killed after the grace period."""
    try:
        yield ready.write(os.getpid())
        yield Timer().sleep(60)
    finally:
        yield Timer().sleep(60)


@process
def deadlocked() -> Generator[Any, Any, None]:
    """Reads a channel nobody else has: a deadlock inside the worker."""
    from csp import Channel

    yield Channel().read()


@process
def my_pid() -> Generator[Any, Any, int]:
    yield
    return os.getpid()
