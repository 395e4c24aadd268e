"""``info`` topics: generated from the library's docstrings, so they cannot drift from the code."""

from __future__ import annotations

import importlib.resources
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest

import csp
from csp._docsource import getdoc
from csp_shell import _topics
from csp_shell._namespace import make_namespace
from csp_shell._topics import TOPICS, describe, render, resolve, topic_list, tutorial_example

TUTORIAL = Path(__file__).resolve().parent.parent / "tutorial"

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
        doc = getdoc(obj)
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
        first = getdoc(getattr(builtins, name)).splitlines()[0]
        assert any(line.split() and line.split()[0] == name and first in line for line in text.splitlines())


def test_csp_topic_lists_every_public_name() -> None:
    text = describe("csp")
    for name in csp.__all__:
        assert f"  {name} " in text


def test_channel_topic_shows_methods_with_summaries() -> None:
    text = describe("channel")
    assert text.startswith("class Channel(buffer=0, name=None, external=False)")
    for method in ("read", "write", "poison"):
        summary = getdoc(getattr(csp.Channel, method)).splitlines()[0]
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
    assert getdoc(csp.Channel).splitlines()[0] in text


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


# --- examples from the tutorial -------------------------------------------------------------------


def _example(text: str) -> list[str]:
    """The example's lines, as the tutorial has them (the section indents them by four)."""
    start = text.index("From the tutorial (")
    body = text[start:].split("\n\n")[1:]
    lines = "\n\n".join(body).split("\nRead on in ")[0].splitlines()
    return [line.removeprefix("    ") for line in lines if not line.lstrip().startswith("# ... (")]


@pytest.mark.parametrize(
    "topic, part, title, must_show",
    [
        ("alt", "part05", "part 5: choice with `Alt`", "alt = Alt(a, b)"),
        ("poison", "part04", "part 4: poison, and the shop network", "except ChannelPoison:"),
        ("channel", "part03", "part 3: channels", "word = yield cin.read()"),
        ("twisted", "part06", "part 6: Twisted integration", "deferLater"),
    ],
)
def test_topic_ends_with_an_example_that_is_in_the_tutorial(topic: str, part: str, title: str,
                                                           must_show: str) -> None:
    text = describe(topic)
    assert f"From the tutorial ({title}" in text
    document = TUTORIAL / part / "README.md"
    assert re.search(r"Read on in .*" + re.escape(f"{part}/README.md") + "$", text, re.M)
    example = _example(text)
    assert must_show in "\n".join(example)
    # the lines shown are consecutive lines of one python block of the document
    blocks = re.findall(r"^```python\n(.*?)^```", document.read_text(), re.M | re.S)
    assert any("\n".join(example) in block for block in blocks), "\n".join(example)


def test_every_topic_the_tutorial_covers_has_an_example() -> None:
    covered = [t for t in TOPICS.values() if t.tutorial is not None]
    assert {"process", "server", "par", "seq", "channel", "poison", "alt", "skip", "timer", "builtin",
            "deadlock", "twisted"} <= {t.name for t in covered}
    for topic in covered:
        text = describe(topic.name)
        assert "From the tutorial (" in text, topic.name
        assert len(_example(text)) <= _topics.EXAMPLE_LINES + 1
        assert text.startswith(_topics._render_subjects(topic))  # the docstrings come first


def test_long_examples_are_cut_at_a_blank_line() -> None:
    code = "\n".join(["a = 1"] * 12 + [""] + ["b = 2"] * 12)
    assert _topics._shorten(code, 18) == ["a = 1"] * 12 + ["# ... (13 more lines in the document)"]
    assert _topics._shorten("x\n" * 30, 18)[-1] == "# ... (12 more lines in the document)"


def test_the_tutorial_documents_are_package_resources_of_csp_tutorial() -> None:
    root = importlib.resources.files("csp_tutorial")
    for part in ("part00", "part01", "part02", "part03", "part04", "part05", "part06", "part07", "part08",
                 "go"):
        document = root.joinpath(part, "README.md")
        assert document.is_file(), part
        assert document.read_text(encoding="utf-8") == (TUTORIAL / part / "README.md").read_text()
    assert root.joinpath("part01", "www", "index.html").is_file()  # the web server's files


def test_without_a_tutorial_the_section_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_topics, "_tutorial_document", lambda part: None)
    assert tutorial_example("part05", "Alt(") == ""
    text = describe("alt")
    assert "From the tutorial" not in text and getdoc(csp.Alt).splitlines()[0] in text


def test_no_matching_block_leaves_the_section_out() -> None:
    assert tutorial_example("part05", "no such text anywhere") == ""
    assert tutorial_example("part99", "Alt(") == ""


def test_without_csp_tutorial_the_source_checkouts_tutorial_folder_is_read(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(package: str) -> Any:
        raise ModuleNotFoundError(f"No module named {package!r}")

    monkeypatch.setattr(_topics.importlib.resources, "files", not_installed)
    # As if csp_shell were imported from the source checkout (CI installs it into site-packages).
    monkeypatch.setattr(_topics, "__file__", str(TUTORIAL.parent / "shell" / "_topics.py"))
    text = tutorial_example("part05", "Alt(")
    assert text.startswith("From the tutorial (part 5: choice with `Alt`):")
    assert text.rstrip().endswith(str(TUTORIAL / "part05" / "README.md"))
