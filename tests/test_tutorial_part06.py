"""Part 6: Deferreds, a TCP protocol feeding a channel, cancel and pause."""

from __future__ import annotations

import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet import reactor
from twisted.internet.task import Clock
from twisted.internet.threads import blockingCallFromThread

from csp import Channel, run
from tutorial.part06 import control, deferreds, linefeed

TIMEOUT = 5.0


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part06" / "README.md") >= 7


def test_deferreds_example(capsys: pytest.CaptureFixture[str]) -> None:
    results = run(deferreds.demo(["twisted", "csp", ""]), reactor=Clock())
    assert results == [7, 3, "LookupError"]
    assert capsys.readouterr().out.splitlines() == [
        "'twisted' has 7 letters",
        "'csp' has 3 letters",
        "the service failed: no such name: ''",
        "all at once: [7, 3, 'LookupError'] after 0.5s",
    ]


def test_control_example_pauses_resumes_and_cancels(capsys: pytest.CaptureFixture[str]) -> None:
    assert control.main(reactor=Clock()) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "[ 1.0s] tick 1",
        "[ 1.5s] downloaded small (1.5s)",
        "[ 1.5s] fetch small ends",
        "[ 2.0s] tick 2",
        "[ 2.5s] pause the ticker",
        # The tick due at 3.0s waited for resume: nothing ran while paused.
        "[ 5.5s] resume the ticker",
        "[ 5.5s] tick 3",
        "[ 6.5s] tick 4",
        "[ 7.5s] cancel the downloads and the ticker",
        "[ 7.5s] download of large aborted",
        "[ 7.5s] fetch large ends",
        "[ 7.5s] ticker stops after 4 ticks",
        "[ 7.5s] the downloads handle reports CancelledError",
        "[ 7.5s] the ticker handle reports CancelledError",
    ]


def talk(port: int, data: bytes, answers: int) -> list[str]:
    """Send ``data`` and read ``answers`` lines back (worker numbers stripped)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall(data)
        received = b""
        while received.count(b"\n") < answers:
            chunk = s.recv(65536)
            assert chunk, f"the server closed the connection after {received!r}"
            received += chunk
    return received.decode().splitlines()


def strip(answers: list[str]) -> list[str]:
    return [a.split("  (worker")[0] for a in answers]


def test_add_up() -> None:
    assert linefeed.add_up("1 2 3") == "= 6"
    assert linefeed.add_up("-1.5 0.5") == "= -1"
    assert linefeed.add_up("1 two") == "error: 'two' is not a number"


def test_the_adding_machine_over_tcp(capsys: pytest.CaptureFixture[str], background_reactor: object) -> None:
    lines = Channel(name="lines", external=True)
    ready = Channel(1)
    handle = linefeed.serve(lines, 3, 0, ready=ready).spawn()
    port = blockingCallFromThread(reactor, ready.get)

    # Several clients at once, each sending many lines: every line answered, in order.
    def client(k: int) -> list[str]:
        return talk(port, b"".join(b"%d %d\n" % (k, i) for i in range(50)), 50)

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(client, range(8)))
    for k, got in enumerate(answers):
        assert strip(got) == [f"= {k + i}" for i in range(50)]
    assert {a.split("(worker ")[1] for got in answers for a in got} == {"1)", "2)", "3)"}

    # Blank lines are skipped; a bad number is reported.
    assert strip(talk(port, b"1 x\n\n7\n", 2)) == ["error: 'x' is not a number", "= 7"]

    # `shutdown` poisons the channel: the workers end, the port closes, the handle fires.
    assert talk(port, b"shutdown\n", 1) == ["shutting down"]
    blockingCallFromThread(reactor, lambda: handle.deferred)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT).close()
    out = capsys.readouterr().out
    assert out.count("answered") == 3
    assert out.rstrip().endswith("Adding machine stopped.")
