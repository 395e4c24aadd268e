"""The process algebra: ``>`` (Seq), ``//`` and ``&`` (Par), ``*`` (Repeat).

>>> from csp import process, Par, Seq
>>> @process
... def say(word):
...     print(word)
>>> (say("a") > say("b")).procs
[say('a'), say('b')]
"""

from ._terms import Par, Repeat, Seq

__all__ = ["Par", "Seq", "Repeat"]
