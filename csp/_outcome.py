"""How a run ended: a value or an exception, for a caller that waits (possibly in another thread)."""

from __future__ import annotations

from typing import Any

__all__ = ["Outcome", "EndAtOnce"]


class Outcome:
    """How a run ended: a value or an exception. Thread-safe to wait on."""

    __slots__ = ("done", "value", "exc", "_event")

    def __init__(self) -> None:
        self.done = False
        self.value: Any = None
        self.exc: BaseException | None = None
        self._event: Any = None

    def set(self, _task: Any, value: Any, exc: BaseException | None) -> None:
        self.value, self.exc, self.done = value, exc, True
        if self._event is not None:
            self._event.set()

    def waitable(self) -> Any:
        import threading

        self._event = threading.Event()
        if self.done:
            self._event.set()
        return self._event

    def get(self) -> Any:
        if self.exc is not None:
            exc, self.exc = self.exc, None
            try:
                raise exc
            finally:
                del exc
        return self.value


class EndAtOnce:
    """Stands in for the body of a task whose first step ends it (see ``_kernel.Task._boot``)."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def send(self, _value: Any) -> Any:
        raise self.exc

    def throw(self, exc: BaseException) -> Any:
        raise exc
