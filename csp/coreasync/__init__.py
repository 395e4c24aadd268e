"""core.async's combinators as CSP processes: ``import csp.coreasync as a`` (or ``import *``).

Each combinator comes two ways: a function that returns channels and
starts its process beside the caller, as core.async's do
(``merge(chs)``, ``mult(ch)``, ``pipeline(n, to, f, frm)``), and the
process itself, to compose with ``Par`` like any other (``Merge(chs, out)``,
``Mult(ch).process``, ``Pipeline(n, to, f, frm)``). Semantics are
core.async's, adapted to CSP:

- ``None`` is a value. A closed channel is told by ``ChannelClosed`` (and
  by ``CLOSED`` in :func:`alts`), never by ``None``.
- Every combinator closes its outputs when its inputs close (``mix`` is
  core.async's exception: inputs come and go, so its output stays open).
- Poison passes on as in any txcsp network: a combinator whose channel is
  poisoned poisons all of its channels and ends. One that ends by an
  error (raised by your function) or a cancel poisons its channels too, so
  nothing waits for ever; a detached one (the function form) also logs
  the error.
- Where core.async drops values, they are dropped here too, and the
  docstrings say so (``mult`` with no taps, ``mix`` muted inputs, ``pub``
  topics nobody subscribes to, the value in hand when an output is found
  closed).

``map``, ``filter`` and ``reduce`` are not exported by ``*`` (they would
hide Python's builtins): call them as ``a.map(...)`` after
``import csp.coreasync as a``.

Buffers, promise channels and non-blocking ``offer``/``poll`` are
``csp``'s own: ``Channel(DroppingBuffer(n))``, ``Channel(SlidingBuffer(n))``,
``PromiseChannel()``, ``c.offer(x)``, ``c.poll(default)``.
"""

from ._alts import CLOSED, DEFAULT, AltResult, alts
from ._collections import Into, OntoChan, Reduce, into, onto_chan, to_chan
from ._collections import reduce as reduce  # not in __all__: it would hide functools' reduce
from ._flow import Merge, Pipe, Split, merge, pipe, split
from ._mix import Mix, admix, mix, solo_mode, toggle, unmix, unmix_all
from ._mult import Mult, mult, tap, untap, untap_all
from ._pipeline import Pipeline, PipelineAsync, pipeline, pipeline_async
from ._pub import Pub, pub, sub, unsub, unsub_all
from ._timeout import timeout
from ._transform import Filter, Map
from ._transform import filter as filter  # not in __all__: they would hide the builtins
from ._transform import map as map

__all__ = [
    "alts",
    "AltResult",
    "CLOSED",
    "DEFAULT",
    "timeout",
    "Pipe",
    "pipe",
    "Merge",
    "merge",
    "Split",
    "split",
    "OntoChan",
    "onto_chan",
    "to_chan",
    "Reduce",
    "Into",
    "into",
    "Map",
    "Filter",
    "Mult",
    "mult",
    "tap",
    "untap",
    "untap_all",
    "Pub",
    "pub",
    "sub",
    "unsub",
    "unsub_all",
    "Mix",
    "mix",
    "admix",
    "unmix",
    "unmix_all",
    "toggle",
    "solo_mode",
    "Pipeline",
    "PipelineAsync",
    "pipeline",
    "pipeline_async",
]
