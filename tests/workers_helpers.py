"""Helpers for the worker tests: is a process alive, wait for one to end (on its pidfd, no polling)."""

from __future__ import annotations

import os
import select


def alive(pid: int) -> bool:
    """True if ``pid`` is a live process (or an unreaped zombie) of this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait until ``pid`` has exited (its pidfd becomes readable); True if it did within ``timeout``."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        readable, _, _ = select.select([fd], [], [], timeout)
        return bool(readable)
    finally:
        os.close(fd)
