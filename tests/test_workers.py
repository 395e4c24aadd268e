"""Workers: processes run in worker OS processes, connected to the parent by networked channels.

Every test starts real interpreters (``python -m csp.workers._main``) and
connects them over loopback. Nothing waits on the wall clock: the tests wait
for processes and Deferreds to end, and for a pid to go (on its pidfd).
"""

from __future__ import annotations

import os
import signal
from typing import Any, Generator

import pytest
from twisted.internet.task import Clock
from twisted.internet.threads import blockingCallFromThread
from workers_helpers import alive, wait_gone

import csp
from csp import Cancelled, Channel, ChannelPoison, Par, process
from csp.workers import Worker, WorkerDied, WorkerFailed, WorkerSetupError, in_worker

pytestmark = pytest.mark.timeout(60)  # each test starts one or two interpreters (about 0.3 s each)


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
    return got


def gone(worker: Worker) -> None:
    assert worker.pids, "the worker never started an interpreter"
    assert not any(alive(pid) for pid in worker.pids), "a worker interpreter outlived its Worker process"


# -- results, arguments, output ----------------------------------------------------------------


def test_result_comes_back() -> None:
    w = Worker("workers_targets:add", 2, 3)
    assert w.start() == 5
    gone(w)


def test_arguments_go_through_the_codec() -> None:
    w = Worker("workers_targets:echo", 1, "two", b"\x00three", (4, 5), None, flag=True, d={"k": [1.5]})
    assert w.start() == [[1, "two", b"\x00three", (4, 5), None], {"flag": True, "d": {"k": [1.5]}}]


def test_a_function_object_names_itself() -> None:
    import workers_targets

    assert Worker(workers_targets.add, 20, 22).start() == 42
    assert in_worker(workers_targets.add(1, 1)).start() == 2


def test_worker_output_reaches_the_parent(capfd: pytest.CaptureFixture[str]) -> None:
    Worker("workers_targets:say", "hello from a worker").start()
    assert "hello from a worker\n" in capfd.readouterr().out


# -- a farm over networked channels -----------------------------------------------------------


def test_farm_gives_what_one_process_gives() -> None:
    import workers_targets

    n = 300
    jobs, results = Channel(), Channel()
    w1 = Worker("workers_targets:squares", jobs, results)
    w2 = in_worker(workers_targets.squares(jobs, results))
    _, done1, done2, farmed = Par(feed(jobs, n), w1, w2, collect(results, n)).start()
    jobs, results = Channel(), Channel()
    _, done, local = Par(feed(jobs, n), workers_targets.squares(jobs, results), collect(results, n)).start()
    assert sorted(farmed) == sorted(local) == [(i, i * i) for i in range(n)]
    assert done1 + done2 == done == n
    gone(w1)
    gone(w2)


def test_poison_crosses_to_the_worker_and_back() -> None:
    @process
    def collect_then_poison(results: Channel, jobs: Channel, n: int) -> Generator[Any, Any, list]:
        got = []
        for _ in range(n):
            got.append((yield results.read()))
        jobs.poison()  # the worker's read raises ChannelPoison; it poisons results in turn
        try:
            yield results.read()
        except ChannelPoison:
            got.append("results poisoned")
        return got

    @process
    def feed_forever(jobs: Channel) -> Generator[Any, Any, None]:
        i = 0
        while True:
            yield jobs.write(i)
            i += 1

    jobs, results = Channel(), Channel()
    w = Worker("workers_targets:squares", jobs, results)
    _, ended, got = Par(feed_forever(jobs), w, collect_then_poison(results, jobs, 5)).start()
    assert ended is None  # ended by poison: normally, with no result
    assert got == [(i, i * i) for i in range(5)] + ["results poisoned"]
    gone(w)


# -- errors ---------------------------------------------------------------------------------


def test_an_error_in_the_worker_carries_its_traceback_and_the_function_name() -> None:
    w = Worker("workers_targets:divide", 1, 0)
    with pytest.raises(WorkerFailed) as info:
        w.start()
    error = info.value
    assert error.function == "workers_targets:divide" and error.kind == "ZeroDivisionError"
    assert "worker workers_targets:divide raised ZeroDivisionError: division by zero" in str(error)
    assert "return a / b" in error.remote_traceback and "workers_targets.py" in error.remote_traceback
    gone(w)


def test_an_error_fails_the_par_and_cancels_the_siblings() -> None:
    ran = []

    @process
    def sibling(c: Channel) -> Generator[Any, Any, None]:
        try:
            yield c.read()
        finally:
            ran.append("sibling's finally")

    with pytest.raises(WorkerFailed):
        Par(sibling(Channel()), Worker("workers_targets:divide", 1, 0)).start()
    assert ran == ["sibling's finally"]


def test_a_result_that_cannot_be_sent_is_an_error() -> None:
    with pytest.raises(WorkerFailed, match="its result cannot be sent back"):
        Worker("workers_targets:unsendable").start()


def test_a_worker_that_exits_is_a_clear_error_with_its_status() -> None:
    w = Worker("workers_targets:die", 7)
    with pytest.raises(WorkerDied, match=r"worker workers_targets:die exited with status 7") as info:
        w.start()
    assert info.value.exit_code == 7 and info.value.signal is None
    gone(w)


def test_a_killed_worker_is_a_clear_error_with_the_signal() -> None:
    @process
    def killer(ready: Channel) -> Generator[Any, Any, None]:
        pid = yield ready.read()
        os.kill(pid, signal.SIGKILL)

    ready = Channel()
    w = Worker("workers_targets:pid_then_sleep", ready)
    with pytest.raises(WorkerDied, match=f"was killed by signal {int(signal.SIGKILL)}") as info:
        Par(w, killer(ready)).start()
    assert info.value.signal == signal.SIGKILL
    gone(w)


# -- cancel and shutdown ---------------------------------------------------------------------


def test_cancel_runs_the_workers_finally_blocks(tmp_path: Any, background_reactor: Any) -> None:
    fifo = str(tmp_path / "finally")
    os.mkfifo(fifo)
    ready = Channel()
    w = Worker("workers_targets:pid_then_sleep_mark_finally", ready, fifo)
    handle = w.spawn()
    pid = blockingCallFromThread(background_reactor, ready.get)
    assert alive(pid)
    handle.cancel()
    with open(fifo) as f:  # blocks until the worker's finally block opens and writes it
        assert f.read() == "finally ran"
    with pytest.raises(Cancelled):
        blockingCallFromThread(background_reactor, lambda: handle)
    gone(w)


def test_a_sibling_failing_cancels_the_worker(tmp_path: Any) -> None:
    fifo = str(tmp_path / "finally")
    os.mkfifo(fifo)
    marks = []

    @process
    def fail_once_started(ready: Channel) -> Generator[Any, Any, None]:
        yield ready.read()
        raise RuntimeError("a sibling failed")

    def read_fifo() -> None:
        with open(fifo) as f:
            marks.append(f.read())

    import threading

    reader = threading.Thread(target=read_fifo)
    reader.start()
    ready = Channel()
    w = Worker("workers_targets:pid_then_sleep_mark_finally", ready, fifo)
    with pytest.raises(RuntimeError, match="a sibling failed"):
        Par(w, fail_once_started(ready)).start()
    reader.join()
    assert marks == ["finally ran"]  # and Par ended only once the worker had exited:
    gone(w)


def test_a_worker_that_ignores_cancel_is_killed_after_the_grace_period(background_reactor: Any) -> None:
    ready = Channel()
    w = Worker("workers_targets:stubborn", ready)
    w.grace = 0.5
    handle = w.spawn()
    blockingCallFromThread(background_reactor, ready.get)
    handle.cancel()
    with pytest.raises(Cancelled):
        blockingCallFromThread(background_reactor, lambda: handle)
    gone(w)


def test_a_worker_whose_parent_dies_stops_and_runs_its_finally_blocks(tmp_path: Any) -> None:
    import subprocess
    import sys

    fifo = str(tmp_path / "finally")
    os.mkfifo(fifo)
    script = tmp_path / "parent.py"
    script.write_text(
        "from csp import Channel, Par, Timer, process\n"
        "from csp.workers import Worker\n"
        "@process\n"
        "def show(ready):\n"
        "    print((yield ready.read()), flush=True)\n"
        "    yield Timer().sleep(60)\n"
        "ready = Channel()\n"
        f"Par(Worker('workers_targets:pid_then_sleep_mark_finally', ready, {fifo!r}), show(ready)).start()\n"
    )
    tests = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")]))
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env)
    try:
        worker_pid = int(parent.stdout.readline())
        assert alive(worker_pid)
        parent.kill()  # SIGKILL: the parent runs nothing more; the worker sees its stdin close
        parent.wait()
        with open(fifo) as f:
            assert f.read() == "finally ran"
        assert wait_gone(worker_pid, 20), "the worker outlived its parent"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()


def test_ctrl_c_stops_the_parent_and_its_workers_and_their_finally_blocks_run(tmp_path: Any) -> None:
    import subprocess
    import sys

    fifo = str(tmp_path / "finally")
    os.mkfifo(fifo)
    script = tmp_path / "parent.py"
    script.write_text(
        "from csp import Channel, Par, Timer, process\n"
        "from csp.workers import Worker\n"
        "@process\n"
        "def show(ready):\n"
        "    print((yield ready.read()), flush=True)\n"
        "    yield Timer().sleep(60)\n"
        "ready = Channel()\n"
        f"Par(Worker('workers_targets:pid_then_sleep_mark_finally', ready, {fifo!r}), show(ready)).start()\n"
    )
    tests = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")]))
    # A terminal's Ctrl-C sends SIGINT to the whole foreground process group: the parent and its workers.
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, start_new_session=True)
    try:
        worker_pid = int(parent.stdout.readline())
        os.killpg(parent.pid, signal.SIGINT)
        with open(fifo) as f:
            assert f.read() == "finally ran"
        _, err = parent.communicate(timeout=30)
        assert "KeyboardInterrupt" in err  # start() re-raises it once the network has stopped
        assert wait_gone(worker_pid, 20), "a worker outlived Ctrl-C"
    finally:
        parent.kill()
        parent.wait()


# -- mistakes --------------------------------------------------------------------------------


@pytest.mark.parametrize("name, says", [
    ("workers_targets:nope", "module 'workers_targets' has no 'nope'; check the spelling"),
    ("no_such_module_xyz:f", "cannot import module 'no_such_module_xyz'"),
    ("workers_targets.add", "a worker's process is named \"package.module:function\""),
    ("not a name", "a worker's process is named"),
    ("workers_targets:os", "not a process function"),
])
def test_a_bad_function_name_is_a_clear_error_at_once(name: str, says: str) -> None:
    with pytest.raises(WorkerSetupError) as info:
        Worker(name)
    assert says in str(info.value)


def test_functions_that_cannot_be_imported_by_name_are_refused() -> None:
    def local() -> None:
        pass

    with pytest.raises(WorkerSetupError, match="defined inside another function"):
        Worker(local)
    with pytest.raises(WorkerSetupError, match="lambda"):
        Worker(lambda: None)
    with pytest.raises(TypeError, match="in_worker"):
        Worker(Par())
    with pytest.raises(WorkerSetupError, match="not a Par"):
        in_worker(Par(csp.Skip(), csp.Skip()))


def test_arguments_that_cannot_be_sent_are_refused_at_once() -> None:
    with pytest.raises(WorkerSetupError, match="an argument cannot be sent to a worker"):
        Worker("workers_targets:add", object(), 1)
    with pytest.raises(WorkerSetupError, match="give each channel as an argument of its own"):
        Worker("workers_targets:echo", [Channel(), Channel()])


def test_a_worker_needs_a_real_reactor() -> None:
    with pytest.raises(WorkerSetupError, match="needs a real Twisted reactor"):
        csp.run(Worker("workers_targets:add", 1, 2), reactor=Clock())


def test_a_function_the_worker_cannot_import_is_a_setup_error_from_the_worker() -> None:
    import sys
    import types

    import workers_targets

    module = types.ModuleType("only_in_the_parent_xyz")  # importable here, absent from the worker's disk
    module.add = workers_targets.add  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        w = Worker("only_in_the_parent_xyz:add", 1, 2)
        with pytest.raises(WorkerSetupError, match="cannot import module 'only_in_the_parent_xyz'"):
            w.start()
    finally:
        del sys.modules[module.__name__]
    gone(w)


def test_a_deadlock_inside_the_worker_is_reported_as_its_error() -> None:
    with pytest.raises(WorkerFailed) as info:
        Worker("workers_targets:deadlocked").start()
    assert info.value.kind == "Deadlock" and "deadlocked#" in str(info.value)
    assert "is blocked reading from" in str(info.value)


def test_workers_under_csp_run_with_the_reactor_in_the_main_thread(tmp_path: Any) -> None:
    import subprocess
    import sys

    script = tmp_path / "main_thread.py"
    script.write_text(
        "import csp\n"
        "from csp import Par\n"
        "from csp.workers import Worker\n"
        "print(csp.run(Par(Worker('workers_targets:add', 1, 2), Worker('workers_targets:add', 3, 4))))\n"
    )
    tests = os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=50)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[3, 7]\n"


def test_a_module_that_raises_on_import_in_the_worker_is_its_error(tmp_path: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    import workers_targets

    (tmp_path / "raises_in_worker_xyz.py").write_text('raise RuntimeError("no import in the worker")\n')
    monkeypatch.syspath_prepend(str(tmp_path))  # the worker gets the parent's sys.path
    stand_in = types.ModuleType("raises_in_worker_xyz")  # what the parent has already imported
    stand_in.add = workers_targets.add  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "raises_in_worker_xyz", stand_in)
    with pytest.raises(WorkerFailed) as info:
        Worker("raises_in_worker_xyz:add", 1, 2).start()
    assert info.value.kind == "RuntimeError" and "no import in the worker" in str(info.value)


def test_the_bootstrap_run_by_hand_says_what_it_is() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "csp.workers._main"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "it is not a program to run by hand" in done.stderr
