"""``info``: help topics generated from the library's own docstrings.

A topic is a list of dotted names; ``info TOPIC`` renders each one's
signature, docstring and (for a class) its public methods with their
one-line summaries, at the moment it is asked for. Nothing here repeats
the documentation, so the help cannot drift from the code. ``info NAME``
renders any name the same way: a preloaded one (``Channel``), a dotted one
(``csp.Channel.read``) or one of the user's own (their processes show
their own docstrings).

A topic the tutorial covers also ends with one example from it, read from
the tutorial's document at the same moment (see :func:`tutorial_example`),
so the examples cannot drift from the tutorial either.
"""

from __future__ import annotations

import importlib.resources
import inspect
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from csp import Process
from csp._docsource import getdoc, source_signature

from ._commands import COMMANDS

__all__ = ["Topic", "TOPICS", "topic_list", "describe", "render", "resolve", "tutorial_example"]


@dataclass(frozen=True)
class Topic:
    """A help topic: its ``name``, a line for the topic list, and what to render.

    ``tutorial`` is ``(part, key)``: the part of the tutorial that covers the
    topic (``"part05"``) and the text whose first mention picks its example
    (see :func:`tutorial_example`).
    """

    name: str
    summary: str
    subjects: tuple[str, ...] = ()
    builder: Callable[[], str] | None = None
    tutorial: tuple[str, str] | None = None


def _first_line(obj: Any) -> str:
    doc = getdoc(obj)
    return doc.strip().splitlines()[0] if doc else "(no docstring)"


def _index(title: str, module_name: str) -> str:
    """The module's docstring, then every name of its ``__all__`` with its one-line summary."""
    try:
        module = pkgutil.resolve_name(module_name)
    except ImportError as error:
        return f"{module_name} is not available in this installation ({type(error).__name__}: {error})\n"
    names = getattr(module, "__all__", None)
    if names is None:
        return f"{module_name} has no __all__, so there is no list of its names yet\n"
    lines = [title, "", getdoc(module) or "", ""]
    width = max((len(n) for n in names), default=0)
    for name in names:
        obj = getattr(module, name, None)
        summary = _first_line(obj) if obj is not None else f"(listed in {module_name}.__all__, but missing)"
        lines.append(f"  {name:<{width}}  {summary}")
    return "\n".join(lines) + "\n"


def _csp_index() -> str:
    return _index("csp: every name `from csp import *` gives", "csp")


def _builtin_index() -> str:
    return _index("Builtin processes (csp.builtins), preloaded in the shell", "csp.builtins")


_TOPICS = [
    Topic("csp", "the library: every public name, with a line each", builder=_csp_index),
    Topic("process", "@process, Process: write a process; start, spawn", ("csp.process", "csp.Process"),
          tutorial=("part01", "@process")),
    Topic("server", "@forever (CSPServer): a process that loops until poisoned", ("csp.forever",),
          tutorial=("part04", "@forever")),
    Topic("par", "Par, a // (b, c), a & b: run in parallel", ("csp.Par",), tutorial=("part02", "//")),
    Topic("seq", "Seq, a > b > c, p * n: run in sequence, repeat", ("csp.Seq", "csp.Repeat"),
          tutorial=("part02", ") > ")),
    Topic("alt", "Alt, g | h: choose between guards", ("csp.Alt",), tutorial=("part05", "Alt(")),
    Topic("skip", "Skip: the process that does nothing; the guard always ready", ("csp.Skip",),
          tutorial=("part05", "Skip(")),
    Topic("timer", "Timer: read the reactor clock, sleep, alarms", ("csp.Timer",),
          tutorial=("part05", "set_alarm(")),
    Topic("channel", "Channel: read, write, buffers, poison", ("csp.Channel",),
          tutorial=("part03", "Channel(")),
    Topic("poison", "ChannelPoison: shutting a network down", ("csp.ChannelPoison", "csp.Channel.poison"),
          tutorial=("part04", "except ChannelPoison")),
    Topic("builtin", "the builtin processes (Generate, Succ, Printer, ...)", builder=_builtin_index,
          tutorial=("part07", "Generate(")),
    Topic("deadlock", "Deadlock: when every process is blocked", ("csp.Deadlock",),
          tutorial=("part04", "Deadlock")),
    Topic(
        "twisted",
        "processes and the Twisted reactor: run, spawn, handles, Deferreds",
        ("csp.run", "csp.Process.spawn", "csp.ProcessHandle", "csp.Channel.put", "csp.Channel.get"),
        tutorial=("part06", "defer"),
    ),
    Topic("errors", "the library's exceptions", builder=lambda: _errors_index()),
    Topic("cspm", "the CSPm checker: check FILE.csp, assert ..., check_trace, Monitor",
          builder=lambda: _cspm_topic()),
    Topic("shell", "this shell: commands, what a bare process does, a > b > c", ("csp_shell",)),
]

TOPICS: dict[str, Topic] = {t.name: t for t in _TOPICS}


def _cspm_topic() -> str:
    from ._check import cspm_topic

    return cspm_topic()


def _errors_index() -> str:
    import csp

    names = [n for n in csp.__all__ if isinstance(getattr(csp, n), type) and issubclass(getattr(csp, n),
                                                                                           BaseException)]
    lines = ["The library's exceptions, all importable from csp:", ""]
    width = max((len(n) for n in names), default=0)
    lines += [f"  {n:<{width}}  {_first_line(getattr(csp, n))}" for n in names]
    return "\n".join(lines) + "\n"


#: An example longer than this many lines is cut, at a blank line if one is near the limit.
EXAMPLE_LINES = 18

_FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
_EXCERPT = "# excerpt from "  # a block quoting an example program (the tutorial's tests check it)


def _tutorial_document(part: str) -> tuple[str, str] | None:
    """The text of ``tutorial/PART/README.md`` and where it is, or None if there is no tutorial.

    The installed package ``csp_tutorial`` first (``pip install`` ships the
    documents as package data), then the ``tutorial/`` folder of the source
    checkout this shell runs from.
    """
    try:
        document: Any = importlib.resources.files("csp_tutorial").joinpath(part, "README.md")
        return document.read_text(encoding="utf-8"), str(document)
    except (ImportError, OSError, UnicodeDecodeError, TypeError):
        pass
    path = Path(__file__).resolve().parent.parent / "tutorial" / part / "README.md"
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError):
        return None


def _shorten(code: str, limit: int = EXAMPLE_LINES) -> list[str]:
    lines = code.rstrip().splitlines()
    if len(lines) <= limit:
        return lines
    blanks = [i for i, line in enumerate(lines[: limit + 1]) if not line.strip() and i >= limit // 2]
    cut = blanks[-1] if blanks else limit
    return lines[:cut] + [f"# ... ({len(lines) - cut} more lines in the document)"]


def tutorial_example(part: str, key: str) -> str:
    """A section "From the tutorial (part N: title)": one example from that part's document.

    The example is the first ```` ```python ```` block of ``tutorial/PART/README.md``
    whose code contains ``key`` (a plain substring, e.g. ``"Alt("``), skipping
    blocks that quote an example program (``# excerpt from NAME``: they are
    not whole). Blocks longer than :data:`EXAMPLE_LINES` lines are cut. The
    section names the document so the reader can go on there. Without a
    tutorial, or without a matching block, the section is empty: ``info``
    still has the docstrings.
    """
    found = _tutorial_document(part)
    if found is None:
        return ""
    text, where = found
    for match in _FENCE.finditer(text):
        code = match.group(2)
        if match.group(1) == "python" and key in code and not code.startswith(_EXCERPT):
            break
    else:
        return ""
    heading = text.lstrip().splitlines()[0].lstrip("#").strip()
    title = heading[:1].lower() + heading[1:] if heading.startswith("Part") else f"{part}: {heading}"
    return "\n".join(
        [f"From the tutorial ({title}):", ""]
        + [("    " + line).rstrip() for line in _shorten(code)]
        + ["", f"Read on in {where}"]
    ) + "\n"


def topic_list() -> str:
    """What ``info`` alone prints: the topics and how to ask for more."""
    width = max(len(t) for t in TOPICS)
    lines = ["Help topics: type `info TOPIC`, e.g. `info channel`.", ""]
    lines += [f"  {t.name:<{width}}  {t.summary}" for t in TOPICS.values()]
    lines += [
        "",
        "`info NAME` shows help on any name: a csp name (`info Channel`), a dotted",
        "name (`info csp.Channel.read`) or one of your own processes.",
        "Shell commands: " + "; ".join(COMMANDS.values()) + ".",
    ]
    return "\n".join(lines) + "\n"


def resolve(name: str, namespace: Mapping[str, Any] | None = None) -> Any:
    """The object called ``name``: looked up in ``namespace`` first, then imported.

    Raises ``LookupError`` saying what could not be found.
    """
    first, _, rest = name.partition(".")
    if namespace is not None and first in namespace:
        obj = namespace[first]
        for part in rest.split(".") if rest else []:
            try:
                obj = getattr(obj, part)
            except AttributeError:
                raise LookupError(f"{name!r}: {first} has no attribute path {rest!r}") from None
        return obj
    try:
        return pkgutil.resolve_name(name)
    except (ImportError, AttributeError, ValueError) as error:
        raise LookupError(f"{name!r}: {type(error).__name__}: {error}") from None


def _signature(obj: Any) -> str:
    written = source_signature(obj)
    if written is not None:  # a compiled function: its signature as the source writes it
        return written
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return ""
    params = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    if params and params[0].name == "self":
        params = params[1:]  # a method looked up on its class
    return str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))


def _members(cls: type) -> list[str]:
    rows = []
    for attr in inspect.classify_class_attrs(cls):
        if attr.name.startswith("_") or attr.defining_class.__module__ == "builtins":
            continue
        value = attr.object
        if attr.kind in ("class method", "static method"):
            value = value.__func__
        if attr.kind == "property":
            rows.append((attr.name, _first_line(value)))
        elif attr.kind in ("method", "class method", "static method"):
            rows.append((attr.name + _signature(value), _first_line(value)))
    if not rows:
        return []
    width = max(len(r[0]) for r in rows)
    return ["", "Methods and attributes:"] + [f"  {n:<{width}}  {s}" for n, s in rows]


def render(obj: Any, label: str) -> str:
    """Help text for ``obj``, shown under the name ``label``."""
    lines: list[str]
    doc_source: Any = obj
    if inspect.ismodule(obj):
        lines = [f"module {obj.__name__}"]
    elif isinstance(obj, Process):
        lines = [f"{label} = {obj!r}: a process (type `{label}` alone to run it)"]
        doc_source = obj._func if getdoc(obj._func) else type(obj)
    elif inspect.isclass(obj):
        lines = [f"class {label}{_signature(obj)}"]
    elif isinstance(obj, property) or inspect.isgetsetdescriptor(obj) or inspect.ismemberdescriptor(obj):
        lines = [f"{label} (attribute)"]  # (a compiled class's properties are getset descriptors)
    elif callable(obj):
        head = f"{label}{_signature(obj)}"
        if hasattr(obj, "__wrapped_process__"):
            head += ": a process; calling it returns an unstarted process"
        lines = [head]
    else:
        lines = [f"{label} = {obj!r}"]
        doc_source = type(obj)
    lines += ["", _indent(getdoc(doc_source) or "(no docstring)")]
    if inspect.isclass(obj):
        lines += _members(obj)
    return "\n".join(lines) + "\n"


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())


def _render_topic(topic: Topic) -> str:
    text = _render_subjects(topic)
    example = tutorial_example(*topic.tutorial) if topic.tutorial is not None else ""
    return f"{text}\n{example}" if example else text


def _render_subjects(topic: Topic) -> str:
    if topic.builder is not None:
        return topic.builder()
    parts = []
    for name in topic.subjects:
        try:
            obj = resolve(name)
        except LookupError as error:
            parts.append(f"{name} is not available in this installation ({error})\n")
            continue
        parts.append(render(obj, name.removeprefix("csp.")))
    return "\n".join(parts)


def describe(what: str | None, namespace: Mapping[str, Any] | None = None) -> str:
    """What ``info WHAT`` prints: the topic list, a topic, or help on a name.

    A topic name wins over a variable of the same name; an unknown name
    says so and lists the topics.
    """
    if what is None:
        return topic_list()
    topic = TOPICS.get(what) or TOPICS.get(what.lower())
    if topic is not None and (what in TOPICS or namespace is None or what not in namespace):
        return _render_topic(topic)
    try:
        obj = resolve(what, namespace)
    except LookupError:
        return (
            f"info: there is no topic or name called {what!r}.\n"
            f"Topics: {', '.join(TOPICS)}.\n"
            "`info NAME` works for any name you can type at the prompt, and dotted ones "
            "like csp.Channel.read.\n"
        )
    return render(obj, what)
