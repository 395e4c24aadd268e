"""Guards: what a process can wait on besides a channel (``Skip``, ``Timer``)."""

from ._alt import Alt, Guard
from ._barrier import Barrier
from ._skip import Skip
from ._timer import Timer

__all__ = ["Alt", "Guard", "Barrier", "Skip", "Timer"]
