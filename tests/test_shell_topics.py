"""``info`` topics: generated from the library's docstrings, so they cannot drift from the code."""

from __future__ import annotations

import inspect
import pkgutil
from typing import Any

import pytest

import csp
from csp_shell._namespace import make_namespace
from csp_shell._topics import TOPICS, describe, render, resolve, topic_list

REQUIRED = [
    "process", "server", "par", "seq", "alt", "skip", "timer", "channel",
    "poison", "builtin", "deadlock", "twisted",
]


@pytest.fixture(scope="module")
def ns() -> dict[str, Any]:
    namespace = make_namespace().namespace
    exec(
        "@process\n"
        "def hello(name):\n"
        '    """hello(name): prints a greeting, from the user\'s own docstring."""\n'
        "    print('hello', name)\n"
        "    yield\n"
        "greeting = hello('you')\n"
        "ch = Channel(name='mine')\n",
        namespace,
    )
    return namespace


def test_every_required_topic_exists() -> None:
    assert set(REQUIRED) <= set(TOPICS)


@pytest.mark.parametrize("name", list(TOPICS))
def test_every_subject_of_every_topic_resolves_and_its_docstring_is_shown(name: str) -> None:
    topic = TOPICS[name]
    text = describe(name)
    assert "not available" not in text and "(no docstring)" not in text
    for subject in topic.subjects:
        obj = resolve(subject)
        doc = inspect.getdoc(obj)
        assert doc, f"{subject} has no docstring"
        assert doc.splitlines()[0] in text


def test_topic_list_names_every_topic_and_the_commands() -> None:
    text = topic_list()
    for name, topic in TOPICS.items():
        assert f"  {name}" in text and topic.summary in text
    assert "info NAME" in text and "ps" in text
    assert describe(None) == text


def test_builtin_lists_every_builtin_with_its_summary() -> None:
    builtins = pytest.importorskip("csp.builtins")
    text = describe("builtin")
    assert getattr(builtins, "__all__", None), "csp.builtins has no __all__"
    for name in builtins.__all__:
        first = inspect.getdoc(getattr(builtins, name)).splitlines()[0]
        assert any(line.split() and line.split()[0] == name and first in line for line in text.splitlines())


def test_csp_topic_lists_every_public_name() -> None:
    text = describe("csp")
    for name in csp.__all__:
        assert f"  {name} " in text


def test_channel_topic_shows_methods_with_summaries() -> None:
    text = describe("channel")
    assert text.startswith("class Channel(buffer=0, name=None, external=False)")
    for method in ("read", "write", "poison"):
        summary = inspect.getdoc(getattr(csp.Channel, method)).splitlines()[0]
        assert summary in text
    assert "read()" in text and "write(value)" in text


def test_unknown_topic_says_so_and_lists_topics() -> None:
    text = describe("nosuchthing")
    assert "no topic or name called 'nosuchthing'" in text
    assert ", ".join(TOPICS) in text


def test_info_on_a_users_process_shows_its_docstring(ns: dict[str, Any]) -> None:
    text = describe("hello", ns)
    assert text.startswith("hello(name): a process")
    assert "from the user's own docstring" in text


def test_info_on_a_process_object(ns: dict[str, Any]) -> None:
    text = describe("greeting", ns)
    assert text.startswith("greeting = hello('you'): a process")
    assert "from the user's own docstring" in text


def test_info_on_a_value_shows_its_type(ns: dict[str, Any]) -> None:
    text = describe("ch", ns)
    assert text.startswith("ch = Channel(name='mine')")
    assert inspect.getdoc(csp.Channel).splitlines()[0] in text


@pytest.mark.parametrize(
    "name, head",
    [
        ("Channel", "class Channel(buffer=0, name=None, external=False)"),
        ("csp.Channel.read", "csp.Channel.read()"),
        ("Par", "class Par(*procs)"),
        ("csp.guards", "module csp.guards"),
        ("Timer.sleep", "Timer.sleep(seconds)"),
    ],
)
def test_info_on_public_names(ns: dict[str, Any], name: str, head: str) -> None:
    assert describe(name, ns).startswith(head)


def test_info_on_every_preloaded_name(ns: dict[str, Any]) -> None:
    for name in csp.__all__:
        text = describe(name, ns)
        assert "no topic or name" not in text


def test_a_topic_wins_over_a_variable_of_the_same_name() -> None:
    assert describe("channel", {"channel": 42}).startswith("class Channel")


def test_topics_are_case_insensitive_when_nothing_else_matches() -> None:
    assert describe("DEADLOCK").startswith("class Deadlock")


def test_render_attribute_and_missing_docstring() -> None:
    assert render(csp.Channel.buffer, "Channel.buffer").startswith("Channel.buffer (attribute)")

    def bare() -> None:
        pass

    assert "(no docstring)" in render(bare, "bare")


def test_resolve_explains_what_is_missing() -> None:
    with pytest.raises(LookupError, match="nope"):
        resolve("csp.nope")
    with pytest.raises(LookupError, match="has no attribute path"):
        resolve("x.y", {"x": 1})
    assert resolve("csp.Channel") is csp.Channel
    assert resolve("csp") is pkgutil.resolve_name("csp")
