"""The Go concurrency talk examples, run in virtual time."""

from __future__ import annotations

import re

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet.task import Clock

from csp import run
from tutorial.go import boring, daisy, fanin, google, pingpong, timeout


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "go" / "README.md") >= 7


def test_boring_generator(capsys: pytest.CaptureFixture[str]) -> None:
    heard = run(boring.generator(4, seed=3), reactor=Clock())
    assert heard == [f"boring! {i}" for i in range(4)]
    assert capsys.readouterr().out.splitlines()[-1] == "You're boring; I'm leaving."


def test_boring_service_is_lockstep() -> None:
    heard = run(boring.service(3, seed=3), reactor=Clock())
    assert heard == ["Joe 0", "Ann 0", "Joe 1", "Ann 1", "Joe 2", "Ann 2"]


@pytest.mark.parametrize("use_select", [False, True])
def test_fan_in_hears_both_in_their_own_order(use_select: bool) -> None:
    heard = run(fanin.listen(20, seed=5, use_select=use_select), reactor=Clock())
    joe = [h for h in heard if h.startswith("Joe")]
    ann = [h for h in heard if h.startswith("Ann")]
    assert len(joe) + len(ann) == 20 and joe and ann
    assert joe == [f"Joe {i}" for i in range(len(joe))]  # each in order, none lost
    assert ann == [f"Ann {i}" for i in range(len(ann))]
    assert heard != [x for pair in zip(joe, ann, strict=False) for x in pair]  # not lockstep


def test_fanin_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert fanin.main(["--select", "-n", "4"], reactor=Clock()) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5


def test_timeout_per_message(capsys: pytest.CaptureFixture[str]) -> None:
    heard = run(timeout.per_message(0.5, seed=1, max_pause=1.5), reactor=Clock())
    assert heard == [f"Joe {i}" for i in range(len(heard))]
    assert capsys.readouterr().out.splitlines()[-1] == "You're too slow."


def test_timeout_for_the_whole_conversation(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    heard = run(timeout.whole_conversation(3.0, seed=1, max_pause=1.5), reactor=clock)
    assert len(heard) >= 2
    assert clock.seconds() == 3.0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "You talk too much."
    stamps = [float(re.match(r"\[([\d.]+)s\]", line).group(1)) for line in lines[:-1]]
    assert stamps == sorted(stamps) and stamps[-1] < 3.0


def test_timeout_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert timeout.main(["--total", "2"], reactor=Clock()) == 0
    assert capsys.readouterr().out.endswith("You talk too much.\n")


def test_daisy_chain_small() -> None:
    assert daisy.daisy(1, reactor=Clock()) == 2
    assert daisy.daisy(1000, reactor=Clock()) == 1001


@pytest.mark.slow  # 100,000 processes and channels take a few seconds to build and run
def test_daisy_chain_of_100000_returns_100001(capsys: pytest.CaptureFixture[str]) -> None:
    assert daisy.main([], reactor=Clock()) == 0
    assert capsys.readouterr().out == "100001\n"


def test_ping_pong(capsys: pytest.CaptureFixture[str]) -> None:
    assert pingpong.main(["1.0"], reactor=Clock()) == 0
    lines = capsys.readouterr().out.splitlines()
    hits = int(lines[-1].split()[3])
    assert 10 <= hits <= 12
    assert lines[:-1] == [("ping" if i % 2 else "pong") + f" {i}" for i in range(1, hits + 1)]


@pytest.mark.parametrize("seed", range(6))
def test_google_versions(seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    timings = {}
    for version in ("1.0", "2.0", "2.1", "3.0"):
        results, elapsed = run(google.search_and_time(version, "golang", seed), reactor=Clock())
        timings[version] = (len(results), elapsed)
        kinds = sorted(r.split()[0].rstrip("12") for r in results)
        assert len(set(kinds)) == len(kinds)  # never two answers of the same kind
        if version in ("1.0", "2.0"):
            assert kinds == ["image", "video", "web"]
    assert timings["2.0"][1] <= timings["1.0"][1]
    assert timings["2.1"][1] <= google.TIMEOUT + 1e-9
    assert timings["3.0"][1] <= google.TIMEOUT + 1e-9
    assert timings["2.1"][0] == 3 or timings["2.1"][1] == pytest.approx(google.TIMEOUT)
    capsys.readouterr()


def test_google_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert google.main(["--version", "1.0", "--query", "csp"], reactor=Clock()) == 0
    out = capsys.readouterr().out
    assert "web1 result for 'csp'" in out and "Google 1.0: 3 results" in out
