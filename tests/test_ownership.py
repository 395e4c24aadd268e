"""Who owns the reactor: spawn() before the program's reactor.run(), start() after run(), signals.

Each scenario runs as a fresh Python program (the global reactor runs once
per process), bounded by a timeout; none sleeps to wait for anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from twisted.internet.task import Clock

import csp
from csp import Channel, Par, Timer, process

pytestmark = pytest.mark.slow


def script(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout)


def test_spawn_before_the_programs_own_reactor_run_starts_when_that_runs():
    out = script("""
        import threading
        from twisted.internet import reactor
        from csp import *

        @process
        def hello():
            print("hello from", threading.current_thread().name, flush=True)
            yield Timer().sleep(0.01)
            reactor.stop()
            return "hi"

        h = hello().spawn()
        print("before run:", reactor.running, [t.name for t in threading.enumerate()], flush=True)
        h.addCallback(lambda v: print("handle fired with", v, flush=True))
        reactor.run()
        print("after run", flush=True)
    """)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "before run: False ['MainThread']",
        "hello from MainThread",
        "handle fired with hi",
        "after run",
    ]


def test_start_after_run_and_a_second_run_are_clear_errors_not_hangs():
    out = script("""
        import csp
        from csp import *

        @process
        def hello():
            yield Timer().sleep(0.01)
            return "hi"

        print(csp.run(hello()))
        for attempt in (lambda: hello().start(), lambda: csp.run(hello())):
            try:
                attempt()
            except RuntimeError as e:
                print("RuntimeError:", e)
    """)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "hi"
    assert "already run and stopped" in lines[1] and "cannot run again" in lines[1]
    assert "csp.run() runs the reactor once" in lines[2]


def test_run_while_start_runs_the_reactor_in_the_background_says_so():
    out = script("""
        import csp
        from csp import *

        Skip().start()
        try:
            csp.run(Skip())
        except RuntimeError as e:
            print(e)
    """)
    assert "already running in the background" in out.stdout and "p.start()" in out.stdout


def test_run_inside_a_process_is_a_clear_error(vrun):
    @process
    def inner():
        yield Timer().sleep(1)

    @process
    def outer():
        try:
            csp.run(inner())
        except RuntimeError as e:
            return str(e)
        yield

    assert "yield p" in vrun(outer())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_under_run_end_like_start_does(sig):
    code = textwrap.dedent("""
        import sys
        import csp
        from csp import *

        @process
        def worker():
            try:
                print("ready", flush=True)
                while True:
                    yield Timer().sleep(0.01)
            finally:
                yield Timer().sleep(0.01)   # a finally that itself waits on the reactor
                print("finally ran", flush=True)

        csp.run(worker())
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        assert proc.stdout.readline() == "ready\n"
        os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert out == "finally ran\n"
    assert proc.returncode in (130, -signal.SIGINT)
    assert "KeyboardInterrupt" in err
    assert "ReactorNotRunning" not in err and "Unhandled error" not in err


def test_spawned_processes_that_never_started_are_named_at_exit():
    out = script("""
        from csp import *

        @process
        def forgotten():
            yield

        forgotten().spawn()
    """)
    assert "1 process(es) spawned with spawn() never started (forgotten())" in out.stderr
    assert "run_in_background" in out.stderr


def test_run_in_background_lets_a_plain_script_spawn():
    out = script("""
        import threading, csp
        from csp import *

        @process
        def where():
            yield
            return threading.current_thread().name

        csp.run_in_background()
        h = where().spawn()
        done = threading.Event()
        h.addCallback(lambda name: (print(name), done.set()))
        done.wait(30)
    """)
    assert out.stdout.strip() == "csp-reactor", out.stderr


# -- what they are given --------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda p: p.spawn(5),
    lambda p: csp.run(p, reactor=5),
    lambda p: csp.scheduler_for(None),
    lambda p: Timer(clock=5),
    lambda p: csp.scheduler_for("reactor"),
])
def test_what_is_not_a_reactor_is_refused_saying_what_was_expected(call):
    with pytest.raises(TypeError, match=r"needs a Twisted reactor or a twisted.internet.task.Clock"):
        call(csp.Skip())


def test_a_clock_given_to_spawn_runs_the_process_there():
    clock = Clock()

    @process
    def napper():
        yield Timer().sleep(5)
        return "rested"

    h = napper().spawn(clock)  # the natural slip: a Clock, not scheduler_for(Clock)
    assert not h.done
    clock.advance(5)
    assert h.done and h.result == "rested"


def test_run_accepts_a_scheduler_as_its_reactor():
    clock = Clock()
    assert csp.run(Par(csp.Skip()), reactor=csp.scheduler_for(clock)) == [None]


def test_start_and_spawn_refuse_what_is_not_a_process():
    @process
    def p():
        yield

    with pytest.raises(TypeError, match="Did you forget the call"):
        csp.spawn(p)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="is a class: call it"):
        csp.start(csp.Skip)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="runs a process, not 5"):
        csp.run(5, reactor=Clock())  # type: ignore[arg-type]


def test_a_channel_never_needs_the_reactor_for_a_clock(vrun):
    c = Channel(1)
    c.put("x")  # plain code in a thread that drives a Clock acts at once

    @process
    def reader():
        return (yield c.read())

    assert vrun(reader()) == "x"
