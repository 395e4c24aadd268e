"""Guards: what a process can wait on besides a channel (``Skip``, ``Timer``)."""

from ._skip import Skip
from ._timer import Timer

__all__ = ["Skip", "Timer"]
