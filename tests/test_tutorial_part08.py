"""Part 8: client-server, token ring and reactive pipeline examples."""

from __future__ import annotations

import re

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet.task import Clock

from csp import run
from tutorial.part08 import client_server, pipeline, token_ring


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part08" / "README.md") >= 5


@pytest.mark.parametrize(("clients", "servers", "rounds"), [(1, 1, 1), (3, 2, 4), (5, 3, 2)])
def test_client_server_store_is_consistent(clients: int, servers: int, rounds: int,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    store = run(client_server.office(clients, servers, rounds), reactor=Clock())
    assert store["shared"] == clients * rounds  # no lost update, with several servers
    for n in range(1, clients + 1):
        assert store[f"client{n}"] == sum(range(rounds))
    out = capsys.readouterr().out.splitlines()
    assert len(out) == clients + 1 and out[-1].startswith("store: ")


def test_token_ring(capsys: pytest.CaptureFixture[str]) -> None:
    assert token_ring.main(["--nodes", "4", "--tokens", "3", "--laps", "2"], reactor=Clock()) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"token {t} made 2 laps: 8 visits" for t in range(3)] + ["24 hand-overs in all"]


def test_pipeline_samples_once_a_second_and_raises_alarms(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    events = run(pipeline.pipeline(seconds=30, limit=0.7), reactor=clock)[-1]
    lines = capsys.readouterr().out.splitlines()
    stamps = [float(re.match(r"\s*([\d.]+)s", line).group(1)) for line in lines]
    assert stamps == [float(t) for t in range(1, 30)]
    assert events and events[0] == "ALARM"
    assert all(a != b for a, b in zip(events, events[1:], strict=False))  # ALARM, ok, ALARM, ...
    # The poison reaches each stage the next time it uses a channel: within a period or so.
    assert 30 <= clock.seconds() < 32


def test_pipeline_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert pipeline.main(["--seconds", "3.5", "--limit", "2"], reactor=Clock()) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_client_server_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert client_server.main(["--clients", "2", "--rounds", "1"], reactor=Clock()) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "store: {'client1': 0, 'client2': 0, 'shared': 2}"
