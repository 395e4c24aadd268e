"""Running processes: start() from plain code, spawn(), run() on the main thread, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

import pytest

from csp import Channel, Par, Timer, process, spawn, start


@process
def add(a, b):
    yield
    return a + b


def test_start_blocks_until_the_result_and_reuses_one_reactor_thread():
    assert add(1, 2).start() == 3
    threads = {t.name for t in threading.enumerate() if t.name == "csp-reactor"}
    assert add(3, 4).start() == 7
    assert {t.name for t in threading.enumerate() if t.name == "csp-reactor"} == threads == {"csp-reactor"}


def test_start_raises_the_exception_that_ended_the_process():
    @process
    def bad():
        yield Timer().sleep(0)
        raise LookupError("from the process")

    with pytest.raises(LookupError, match="from the process"):
        bad().start()


def test_start_from_several_threads_at_once():
    results = {}

    def go(i):
        results[i] = add(i, i).start()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == {i: 2 * i for i in range(4)}


def test_start_inside_a_process_refuses_with_advice():
    @process
    def nested():
        try:
            add(1, 1).start()
        except RuntimeError as e:
            return str(e)
        yield

    message = nested().start()
    assert "yield p" in message and "spawn()" in message


def test_start_on_the_reactor_thread_refuses_with_advice():
    from twisted.internet import reactor

    add(0, 0).start()  # make sure the reactor runs
    box: dict = {}
    done = threading.Event()

    def on_reactor():
        try:
            add(1, 1).start()
        except RuntimeError as e:
            box["message"] = str(e)
        done.set()

    reactor.callFromThread(on_reactor)
    assert done.wait(10)
    assert "reactor thread" in box["message"] and "spawn()" in box["message"]


def test_spawn_from_plain_code_returns_a_handle_with_a_deferred():
    h = spawn(add(20, 22))
    done = threading.Event()
    box: list = []
    from twisted.internet import reactor

    reactor.callFromThread(lambda: h.deferred.addBoth(lambda r: (box.append(r), done.set())))
    assert done.wait(10)
    assert box == [42]


def test_ctrl_c_while_start_blocks_cancels_the_process_and_raises_keyboard_interrupt():
    cleaned = threading.Event()

    @process
    def long_one():
        try:
            os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C now
            yield Timer().sleep(3600)
        finally:
            cleaned.set()

    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signals reach only the main thread")
    with pytest.raises(KeyboardInterrupt):
        long_one().start()
    assert cleaned.wait(10)


def _run_script(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.slow
def test_run_owns_the_reactor_in_the_main_thread():
    out = _run_script(
        """
        import threading
        from csp import *

        @process
        def main_proc():
            yield Timer().sleep(0.01)
            return threading.current_thread() is threading.main_thread()

        print("on main thread:", run(main_proc()))
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "on main thread: True"


@pytest.mark.slow
def test_contract_example_prints_zero_to_four_and_returns():
    out = _run_script(
        """
        from csp import *

        @process
        def writer(cout, n):
            for i in range(n):
                yield cout.write(i)
            cout.poison()

        @process
        async def reader(cin):
            while True:
                print(await cin.read())

        c = Channel()
        Par(reader(c), writer(c, 5)).start()
        print("returned")
        """
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "1", "2", "3", "4", "returned"]


def test_python_csp_import_line_works():
    namespace: dict = {}
    exec("from csp.csp import *", namespace)
    for name in ("Channel", "Par", "Seq", "process", "forever", "Skip", "Timer", "ChannelPoison"):
        assert name in namespace


def test_start_and_spawn_refuse_non_processes():
    with pytest.raises(TypeError, match="@process"):
        start(lambda: None)
    with pytest.raises(TypeError, match="@process"):
        spawn(Channel())
    assert Par(add(1, 1)).start() == [2]
