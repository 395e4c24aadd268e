"""``Skip``: the process that does nothing (and, for choices, the guard that is always ready)."""

from __future__ import annotations

from typing import Any

from .._channel import _choice
from .._process import Process

__all__ = ["Skip"]


def _skip() -> None:
    return None


class Skip(Process):
    """Does nothing and ends at once: ``Skip()`` is CSP's SKIP.

    As a process it is the unit of ``>`` and ``//``: ``Skip() > p`` behaves
    like ``p``::

        Skip().start()          # returns None
    """

    def __init__(self) -> None:
        super().__init__(_skip)
        self._name = "Skip"

    def __repr__(self) -> str:
        return "Skip()"

    def __or__(self, other: Any) -> Any:
        return _choice(self, other)

    def __ror__(self, other: Any) -> Any:
        return _choice(other, self)
