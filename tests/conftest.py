"""Shared fixtures: run processes in virtual time on a fake clock.

The tests run against the *installed* txcsp (compiled or pure, whichever
``pip install`` built): ``.venv/bin/pytest`` does not put the checkout first
on ``sys.path``, and this file puts it last, so ``csp`` comes from the
installation while the tutorial's modules (``tutorial.part01``, ...) and the
benchmarks are found in the checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from twisted.internet.task import Clock

import csp

_CHECKOUT = str(Path(__file__).resolve().parent.parent)
if _CHECKOUT not in sys.path:
    sys.path.append(_CHECKOUT)  # last: csp itself comes from the installation


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sched(clock: Clock) -> csp.Scheduler:
    return csp.scheduler_for(clock)


@pytest.fixture
def vrun() -> Any:
    """``vrun(p)`` runs ``p`` to the end in virtual time (a fresh clock at 0) and returns its result."""

    def run(p: csp.Process) -> Any:
        return csp.run(p, reactor=Clock())

    return run


@pytest.fixture
def virtual_reactor(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Replace Twisted's global reactor with a virtual-time one (see tests/virtual_reactor.py)."""
    from virtual_reactor import install

    return install(monkeypatch)


@pytest.fixture
def background_reactor() -> Any:
    """The global reactor, running in the background thread that ``start()`` runs it in."""
    from twisted.internet import reactor

    csp.Skip().start()  # start() is what starts the background reactor (spawn() never does)
    return reactor
