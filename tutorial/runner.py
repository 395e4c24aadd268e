"""How the example programs run their networks, in real or in virtual time."""

from __future__ import annotations

from typing import Any

from csp import Process, run


def execute(network: Process, reactor: Any = None) -> Any:
    """Run ``network`` to the end and return its result.

    With no ``reactor`` this is ``network.start()``, python-csp's way: the
    calling thread waits while the Twisted reactor runs the processes. Given
    a ``twisted.internet.task.Clock``, the network runs in virtual time
    instead: timers fire at once, in order, with no real waiting. The tests
    run every example that way.
    """
    if reactor is None:
        return network.start()
    return run(network, reactor=reactor)
