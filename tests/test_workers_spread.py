"""spread(*procs, workers=N): Par(*procs) with the processes dealt to N worker OS processes."""

from __future__ import annotations

import os
from typing import Any, Generator

import pytest
import workers_targets as T

from csp import Channel, Par, Skip, process
from csp.workers import WorkerFailed, WorkerSetupError, spread

pytestmark = pytest.mark.timeout(60)


def test_the_processes_run_in_that_many_workers_and_their_results_come_in_order() -> None:
    pids = spread(T.my_pid(), T.my_pid(), T.my_pid(), T.my_pid(), T.my_pid(), workers=2).start()
    first, second = pids[0], pids[1]
    assert pids == [first, second, first, second, first]  # dealt round robin
    assert first != second and os.getpid() not in pids
    assert spread(T.add(1, 2), T.echo("x", k=[1]), workers=3).start() == [3, [["x"], {"k": [1]}]]


def test_processes_in_different_workers_share_the_parents_channels() -> None:
    @process
    def feed(jobs: Channel, n: int) -> Generator[Any, Any, None]:
        for i in range(n):
            yield jobs.write(i)
        jobs.close()

    @process
    def collect(results: Channel, n: int) -> Generator[Any, Any, list]:
        got = []
        for _ in range(n):
            got.append((yield results.read()))
        return sorted(got)

    jobs, results = Channel(), Channel()
    crunchers = spread(*(T.squares(jobs, results) for _ in range(3)), workers=2)
    _, done, got = Par(feed(jobs, 60), crunchers, collect(results, 60)).start()
    assert got == [(i, i * i) for i in range(60)] and sum(done) == 60


def test_an_error_in_one_worker_fails_the_whole() -> None:
    with pytest.raises(WorkerFailed, match="ZeroDivisionError"):
        spread(T.add(1, 2), T.divide(1, 0), workers=2).start()


def test_bad_input_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="whole number >= 1"):
        spread(T.add(1, 2), workers=0)
    with pytest.raises(WorkerSetupError, match="not a Par"):
        spread(Par(Skip(), Skip()))
    with pytest.raises(TypeError, match="not 5"):
        spread(5)  # type: ignore[arg-type]
    with pytest.raises(WorkerSetupError, match="an argument cannot be sent"):
        spread(T.add(object(), 1))
