"""Part 2: the algebra examples and the concurrent word count."""

from __future__ import annotations

from pathlib import Path

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet.task import Clock

from tutorial.part02 import algebra, wordcount


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part02" / "README.md") >= 8


def test_algebra_example_runs_every_operator(capsys: pytest.CaptureFixture[str]) -> None:
    assert algebra.main(reactor=Clock()) == 0
    out = capsys.readouterr().out
    assert out.count("--- ") == len(algebra.examples())
    assert "--- a // (b, c)  is  Par(say('a', 2), say('b', 2), say('c', 2))\na\nb\nc\na\nb\nc\n" in out
    assert "result: [['a', 'b'], ['c', 'c']]" in out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text("one two three\nfour\n\n  five  \n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "long.txt").write_text("alpha beta\n" * 2500)  # several turns of 1000 lines
    (tmp_path / "sub" / "empty.txt").write_text("")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9 cr\xe8me br\xfbl\xe9e\n")
    (tmp_path / ".hidden").write_text("not counted")
    return tmp_path


def test_wordcount_counts_words_not_lines(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = wordcount.directory_count(folder).start()
    assert counts == {"latin1.txt": 3, "one.txt": 5, "sub/empty.txt": 0, "sub/long.txt": 5000}
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "5008 words in 4 files"
    assert "sub/long.txt: 5000 words" in out


def test_wordcount_of_several_long_files(folder: Path) -> None:
    (folder / "sub" / "long2.txt").write_text("x y\n" * 3000)
    counts = wordcount.directory_count(folder).start()
    assert (counts["sub/long.txt"], counts["sub/long2.txt"]) == (5000, 6000)


def test_wordcount_command_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert wordcount.main([str(folder)], reactor=Clock()) == 0
    assert capsys.readouterr().out.endswith("5008 words in 4 files\n")
    assert wordcount.main([str(folder / "one.txt")]) == 1
    assert wordcount.main([]) == 2


def test_wordcount_of_an_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert wordcount.directory_count(tmp_path).start() == {}
    assert capsys.readouterr().out == "0 words in 0 files\n"
