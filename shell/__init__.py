"""``python-csp``: an interactive Python console for composing CSP processes.

Start it with ``python-csp``. Everything from ``csp``, ``csp.guards`` and
``csp.builtins`` is already imported, and the Twisted reactor runs in the
background, so the prompt stays usable while processes run::

    >>> @process
    ... def hello(n):
    ...     print("hello", n)
    ...     yield
    ...
    >>> hello(1) > hello(2) > hello(3)
    hello 1
    hello 2
    hello 3

What the shell adds to a plain Python console:

- A bare expression whose value is a process or term (``foo(1)``,
  ``a // (b, c)``, ``p * 3``) is run there and then; what it prints appears,
  then its result (a term whose processes all returned ``None`` shows
  nothing). To look at a process without running it, write ``repr(p)``.
- ``a > b > c`` (and ``a < b < c``) of processes means ``Seq(a, b, c)``
  (``Seq(c, b, a)``): the shell rewrites chained comparisons before running
  them. Chains of anything else keep Python's meaning.
- Ctrl-C while a composition runs cancels it (its ``finally`` blocks run)
  and returns to the prompt. A ``Deadlock`` or an exception in a process is
  shown, without the library's own frames, and the shell goes on.
- Commands, typed on a line of their own:

  ``info``          lists the help topics;
  ``info TOPIC``    shows one (``info channel``, ``info par``, ...);
  ``info NAME``     shows help on any name: ``info Channel``, ``info csp.Channel.read``,
                    or one of your own processes;
  ``ps``            lists the processes running now (started with ``p.spawn()``)
                    and what each one is blocked on.

  A variable of your own called ``info`` or ``ps`` still works as Python:
  ``info`` alone then shows its value (``info channel`` is still the command).
- Line editing, tab completion and a history kept across sessions in
  ``~/.csp-console-history``.

``python-csp FILE.py [ARGS]`` runs a script and ``python-csp -c CODE`` a
snippet, with the same names preloaded and the same two rules (a bare
process statement runs; chained comparisons of processes are ``Seq``);
``-i`` then goes on to the prompt.
"""

from ._main import main

__all__ = ["main"]
