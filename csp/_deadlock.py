"""Deadlock, per composition: a composition that nothing can wake any more fails with ``Deadlock``.

A *composition* is a root task whose caller waits for it (``start()`` or
``run()``) and every task below it. It is deadlocked when none of its tasks
can ever run again. A task can run again if it is ready or paused (someone
may resume it), if it waits on something the outside can fire (a timer, a
Deferred, a channel marked ``external``), if a child it waits for can run
again, or if it waits on a channel (or barrier) that some *live agent* can
still reach. The live agents are the tasks that can run again, of any
composition, and the program's other threads (but a thread blocked in
``start()`` counts only once its own composition can run again).

"Can still reach" is found as Python finds garbage, but the other way round:
from an agent's frame (its locals, the globals its code names, its closures)
and its process's arguments, through lists, tuples, dicts, sets and the
attributes of plain objects, to every channel it could touch; a channel's
buffered values and blocked writers' values are reachable through it (a
channel of channels). Twisted's own objects are not followed: Twisted code
that feeds a channel says so with ``Channel(external=True)`` or by using
``c.put()``/``c.get()``. The search only ever errs towards "alive": when it
cannot tell (too much to walk), it reports nothing and looks again later.

The check runs when the scheduler falls idle and some composition whose
caller waits has no task that can wake by itself; its cost is kept below a
tenth of the time between checks, measured in objects looked at.
"""

from __future__ import annotations

import functools
import sys
import threading
from types import CellType, CodeType, FrameType, FunctionType, MethodType, ModuleType
from typing import Any

from ._errors import Deadlock
from ._forgotten import safe_repr
from ._kernel import DETECTOR, DONE, SELF, Scheduler, Task

__all__ = ["check", "blocked_starters", "internal_threads"]

BUDGET = 500_000  # objects looked at in one check, at most
SECONDS_PER_OBJECT = 1e-6  # about what looking at one costs; checks spend at most 10% of the time

# Threads blocked in start(): their ident -> the root task they wait for (see csp._runtime).
blocked_starters: dict[int, Task] = {}
# Threads of the library's own (the reactor's, the slow-step watchdog): never agents.
internal_threads: set[int] = set()

_ATOMIC = frozenset({str, bytes, bytearray, int, float, complex, bool, type(None), range, slice,
                     memoryview, type(Ellipsis), CodeType})
_CONTAINERS = frozenset({list, tuple, set, frozenset})
_FOREIGN = ("twisted.", "zope.", "threading", "_thread", "asyncio.", "socket", "selectors", "logging",
            "_io", "io", "numpy", "queue", "concurrent.", "_pytest", "pytest", "pluggy", "hypothesis",
            "unittest", "weakref", "_weakref", "typing", "enum", "re", "_sre")


class _Watch:
    """What the detector keeps between checks of one scheduler."""

    __slots__ = ("next_allowed",)

    def __init__(self) -> None:
        self.next_allowed = float("-inf")


def check(sched: Scheduler, force: bool = False) -> None:
    """Fail each deadlocked composition of ``sched`` with :class:`Deadlock`."""
    if sched._ready or sched._draining or sched._inflight or not sched._blocking:
        return  # something will run, or arrive from another thread, and check again after
    watch = sched._watch
    if watch is None:
        watch = sched._watch = _Watch()
    now = sched.clock.seconds()
    if not force and now < watch.next_allowed:
        if sched._check_call is None:  # too soon after an expensive one: look again later
            sched._check_call = sched.clock.callLater(watch.next_allowed - now, sched._check_deadlock)
        return
    finder = _Finder(sched)
    suspects = [r for r in list(sched._roots)
                if r.blocking and r.state is not DONE and not finder.wakes_itself(r)]
    if suspects:
        dead = finder.deadlocked(suspects)
        for root, blocked in dead:
            _fail(sched, root, blocked)
    watch.next_allowed = now + finder.looked * SECONDS_PER_OBJECT * 10


def _fail(sched: Scheduler, root: Task, blocked: list[Task]) -> None:
    waited = [item for t in blocked for item in t.parked_on._blocked_on(t)
              if getattr(type(item), "_csp_point", False) and hasattr(item, "put")]
    report = Deadlock([(t.label, t.where()) for t in blocked], hint=_external_hint(waited))
    for t in root.subtree():
        t.deadlock = report
    sched.cancel(root)


def _external_hint(channels: list[Any]) -> str:
    if not channels:
        return ""
    names = list(dict.fromkeys(safe_repr(ch) for ch in channels))
    shown = ", ".join(names[:3]) + (f" (and {len(names) - 3} more)" if len(names) > 3 else "")
    return (
        f"If {shown} {'is' if len(names) == 1 else 'are'} fed from outside the processes (Twisted "
        "code, another thread), create it with Channel(external=True), or feed it with "
        "c.put(x) / c.get(): processes waiting on such a channel wait for the outside."
    )


class _Finder:
    """One check's search: which tasks can run again, and what the live agents can reach."""

    def __init__(self, sched: Scheduler) -> None:
        self.sched = sched
        self.looked = 0
        self.seen: set[int] = set()
        self.reached: set[int] = set()  # ids of the channels and barriers a live agent can reach
        self.overflow = False
        self._names: dict[CodeType, tuple[str, ...]] = {}

    def wakes_itself(self, root: Task) -> bool:
        """Can some task of ``root``'s composition run again without any other process's help?"""
        for t in root.subtree():
            self.looked += 1
            if t.paused or t.parked_on is None or SELF in t.parked_on._blocked_on(t):
                return True
        return False

    def deadlocked(self, suspects: list[Task]) -> list[tuple[Task, list[Task]]]:
        tasks = [t for r in list(self.sched._roots) for t in r.subtree()]
        alive: set[Task] = set()
        waiting: dict[int, list[Task]] = {}  # point id -> tasks parked on it
        dependents: dict[Task, list[Task]] = {}  # child -> parents waiting for it
        for t in tasks:
            if t.paused or t.parked_on is None:
                alive.add(t)
                continue
            for item in t.parked_on._blocked_on(t):
                if item is SELF:
                    alive.add(t)
                elif isinstance(item, Task):
                    if item.state is DONE or item.sched is not self.sched:
                        alive.add(t)  # ended (its wake-up is on its way) or elsewhere: assume it can
                    else:
                        dependents.setdefault(item, []).append(t)
                else:
                    waiting.setdefault(id(item), []).append(t)
        attached: dict[Task, list[FrameType]] = {}
        todo = list(alive)

        def reach(roots: list[Any]) -> None:
            for point in self.walk(roots):
                if id(point) in self.reached:
                    continue
                self.reached.add(id(point))
                for w in waiting.get(id(point), ()):
                    if w not in alive:
                        alive.add(w)
                        todo.append(w)

        for ident, frames in self._threads():
            root = blocked_starters.get(ident)
            if root is not None:
                attached.setdefault(root, []).extend(frames)
            else:
                reach(frames)
        while todo:
            t = todo.pop()
            for parent in dependents.get(t, ()):
                if parent not in alive:
                    alive.add(parent)
                    todo.append(parent)
            reach(_task_roots(t))
            if t in attached:
                reach(attached.pop(t))
        if self.overflow:
            return []  # could not tell: say nothing now, look again later
        out = []
        for root in suspects:
            members = root.subtree()
            if not any(t in alive for t in members):
                blocked = sorted((t for t in members if not t.parked_on._children()), key=lambda t: t.tid)
                out.append((root, blocked))
        return out

    def _threads(self) -> list[tuple[int, list[FrameType]]]:
        me = threading.get_ident()
        skip = internal_threads | {me}
        from twisted.python import threadable

        if threadable.ioThread is not None:
            skip.add(threadable.ioThread)
        out: list[tuple[int, list[FrameType]]] = []
        for ident, top in sys._current_frames().items():
            if ident in skip:
                continue
            frames: list[FrameType] = []
            frame: FrameType | None = top
            while frame is not None:
                if not frame.f_code.co_filename.endswith(("threading.py", "/csp/_runtime.py")):
                    frames.append(frame)
                frame = frame.f_back
            out.append((ident, frames))
        return out

    # -- the walk -----------------------------------------------------------------

    def walk(self, roots: list[Any]) -> list[Any]:
        """Every channel or barrier reachable from ``roots`` not walked before in this check."""
        found: list[Any] = []
        stack = list(roots)
        seen = self.seen
        while stack:
            obj = stack.pop()
            cls = type(obj)
            if cls in _ATOMIC:
                continue
            key = id(obj)
            if key in seen:
                continue
            seen.add(key)
            self.looked += 1
            if self.looked > BUDGET:
                self.overflow = True
                return found
            if cls in _CONTAINERS:
                stack.extend(obj)
            elif cls is dict:
                stack.extend(obj.values())
                stack.extend(obj.keys())
            elif getattr(cls, "_csp_point", False):
                found.append(obj)
                stack.extend(obj._csp_contents())
            elif getattr(cls, "_csp_opaque", False) or isinstance(obj, (type, ModuleType)):
                continue
            elif cls is FrameType:
                stack.extend(obj.f_locals.values())
                self._named(obj.f_code, obj.f_globals, stack)
            elif cls is FunctionType:
                self._named(obj.__code__, obj.__globals__, stack)
                if obj.__closure__:
                    stack.extend(obj.__closure__)
                stack.append(obj.__defaults__)
                stack.append(obj.__kwdefaults__)
            elif cls is CellType:
                try:
                    stack.append(obj.cell_contents)
                except ValueError:  # an empty cell
                    pass
            elif cls is MethodType:
                stack.append(obj.__self__)
                stack.append(obj.__func__)
            elif cls is functools.partial:
                stack.extend((obj.func, obj.args, obj.keywords))
            elif hasattr(obj, "gi_frame") or hasattr(obj, "cr_frame") or hasattr(obj, "ag_frame"):
                frame = (getattr(obj, "gi_frame", None) or getattr(obj, "cr_frame", None)
                         or getattr(obj, "ag_frame", None))
                if frame is not None:
                    stack.append(frame)
                stack.append(getattr(obj, "gi_yieldfrom", None) or getattr(obj, "cr_await", None))
            elif not (cls.__module__ or "").startswith(_FOREIGN):
                _attributes(obj, cls, stack)
        return found

    def _named(self, code: CodeType, globals_: dict, stack: list) -> None:
        """The globals that ``code`` (and the code nested in it) names, and ``module.name`` of them."""
        names = self._names.get(code)
        if names is None:
            collected: list[str] = []
            todo = [code]
            while todo:
                c = todo.pop()
                collected.extend(c.co_names)
                todo.extend(k for k in c.co_consts if isinstance(k, CodeType))
            names = self._names[code] = tuple(dict.fromkeys(collected))
        for name in names:
            value = globals_.get(name, _MISSING)
            if value is _MISSING:
                continue
            if isinstance(value, ModuleType):
                space = value.__dict__
                stack.extend(space[n] for n in names if n in space and not isinstance(space[n], ModuleType))
            else:
                stack.append(value)


_MISSING = object()


def _task_roots(t: Task) -> list[Any]:
    """Where a task's reach starts: its body's frame and its process (arguments, function)."""
    body = t.body
    process = t.process
    return [body, getattr(process, "_args", None), getattr(process, "_kwargs", None),
            getattr(process, "_func", None)]


def _attributes(obj: Any, cls: type, stack: list) -> None:
    try:
        space = object.__getattribute__(obj, "__dict__")
    except (AttributeError, TypeError):
        space = None
    if isinstance(space, dict):
        stack.extend(space.values())
    for klass in cls.__mro__:
        for name in getattr(klass, "__slots__", ()):
            if name in ("__dict__", "__weakref__"):
                continue
            try:
                stack.append(object.__getattribute__(obj, name))
            except (AttributeError, TypeError):
                pass


DETECTOR[0] = check  # the kernel calls it when a scheduler falls idle
