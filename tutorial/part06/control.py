"""Cancel and pause: ``python -m tutorial.part06.control``.

A ``ProcessHandle`` (what ``spawn()`` returns) controls a running process:

- ``pause()`` stops it and every child where they are; values offered to
  them wait, timers they sleep on keep counting. ``resume()`` continues
  exactly where they stopped.
- ``cancel()`` throws ``Cancelled`` into the process where it is blocked;
  its ``finally`` blocks run. It cascades to every child it is waiting on and
  to any Deferred it waits on, whose canceller is called (here: the
  pretend download is aborted).
"""

from __future__ import annotations

from typing import Any, Generator

from twisted.internet.defer import CancelledError, Deferred

from csp import Par, Timer, process

from ..runner import execute


def stamp() -> str:
    return f"[{Timer().read():4.1f}s]"


def download(name: str, seconds: float) -> Deferred:
    """A pretend download finishing after ``seconds``; cancelling it aborts it."""
    clock = Timer().clock

    def abort(d: Deferred) -> None:
        call.cancel()
        print(stamp(), f"download of {name} aborted")

    d: Deferred = Deferred(canceller=abort)
    call = clock.callLater(seconds, d.callback, f"{name} ({seconds:g}s)")
    return d


@process
def ticker(every: float) -> Generator[Any, Any, None]:
    """Print the time every ``every`` seconds, for ever."""
    n = 0
    try:
        while True:
            yield Timer().sleep(every)
            n += 1
            print(stamp(), "tick", n)
    finally:
        print(stamp(), f"ticker stops after {n} ticks")


@process
def fetch(name: str, seconds: float) -> Generator[Any, Any, str]:
    try:
        result = yield download(name, seconds)
        print(stamp(), "downloaded", result)
        return result
    finally:
        print(stamp(), f"fetch {name} ends")


@process
def controller() -> Generator[Any, Any, None]:
    """Spawn a ticker and some downloads, then pause, resume and cancel them."""
    timer = Timer()
    ticking = ticker(1.0).spawn()
    downloads = Par(fetch("small", 1.5), fetch("large", 60.0)).spawn()

    yield timer.sleep(2.5)
    print(stamp(), "pause the ticker")
    ticking.pause()
    yield timer.sleep(3)
    print(stamp(), "resume the ticker")
    ticking.resume()
    yield timer.sleep(2)

    print(stamp(), "cancel the downloads and the ticker")
    downloads.cancel()
    ticking.cancel()
    for name, handle in (("downloads", downloads), ("ticker", ticking)):
        try:
            yield handle.deferred
        except CancelledError:
            print(stamp(), f"the {name} handle reports CancelledError")


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    execute(controller(), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
