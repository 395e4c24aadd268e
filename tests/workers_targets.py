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
def divide(a: int, b: int) -> Generator[Any, Any, float]:
    yield
    return a / b


@process
def die(status: int) -> Generator[Any, Any, None]:
    yield
    os._exit(status)


@process
def sleep_then_mark(path: str) -> Generator[Any, Any, None]:
    try:
        with open(path + ".started", "w") as f:
            f.write(str(os.getpid()))
        yield Timer().sleep(60)
    finally:
        with open(path, "w") as f:
            f.write("finally ran")


@process
def squares(jobs: Any, results: Any) -> Generator[Any, Any, int]:
    """Square every job until ``jobs`` is closed; return how many it did."""
    done = 0
    try:
        while True:
            n = yield jobs.read()
            yield results.write((n, n * n, os.getpid()))
            done += 1
    except ChannelClosed:
        return done
