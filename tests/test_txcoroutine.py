"""csp.txcoroutine: txcoroutine's README examples, cascading control, tail calls."""

from __future__ import annotations

import math
import sys
import textwrap

import pytest
from twisted.internet.defer import CancelledError, Deferred, succeed
from twisted.internet.task import Clock

import csp
from csp.txcoroutine import Coroutine, coroutine, noreturn, returnValue

SIMPLE = '''
from __future__ import print_function
from csp.txcoroutine import coroutine

from twisted.internet import reactor
from twisted.internet.defer import Deferred

def get_message():
    d = Deferred(canceller=lambda _: (
        print("cancelled getting a message"),
        heavylifting.cancel(),
    ))
    print("getting a message...")
    heavylifting = reactor.callLater(1.0, d.callback, 'dummy-message')
    return d

@coroutine
def some_process():
    try:
        while True:
            msg = yield get_message()
            print("processing message: %s" % (msg,))
    finally:  # could use `except GeneratorExit` but `finally` is more illustrative
        print("coroutine stopped, cleaning up")

def main():
    proc = some_process()
    reactor.callLater(3, proc.cancel)  # stop the coroutine 3 seconds later.

reactor.callWhenRunning(main)
reactor.run()
'''

ADVANCED = '''
from __future__ import print_function
from csp.txcoroutine import coroutine

from twisted.internet import reactor, task
from twisted.internet.defer import Deferred

@coroutine
def level3_process():
    basetime = reactor.seconds()
    seconds_passed = lambda: int(round(reactor.seconds() - basetime))
    try:
        while True:
            print("iterating: %ss passed" % seconds_passed())
            yield sleep(1.0)
    finally:  # could use `except GeneratorExit` but `finally` is more illustrative
        print("level3_process stopped; cleaning up...")

@coroutine
def level2_process():
    try:
        yield level3_process()
    finally:
        print("level2_process stopped; cleaning up...")

@coroutine
def root_process():
    try:
        yield level2_process()
    finally:
        print("root_process stopped; cleaning up...")

def main():
    proc = root_process()
    reactor.callLater(3, proc.pause)  # pause the coroutine 3 seconds later.
    reactor.callLater(6, proc.unpause)  # then pause 3 seconds later
    reactor.callLater(9, proc.cancel)  # then finally stop it 3 seconds later


def sleep(seconds, reactor=reactor):
    """A simple helper for asynchronously sleeping a certain amount of time."""
    return task.deferLater(reactor, seconds, lambda: None)


reactor.callWhenRunning(main)
reactor.run()
'''


def _run_example(source, virtual_reactor, capsys, stamp=False):
    lines = []
    if stamp:
        import builtins

        real_print = builtins.print

        def stamped(*args, **kw):
            lines.append((virtual_reactor.seconds(), " ".join(map(str, args))))
            real_print(*args, **kw)

        namespace = {"__name__": "__example__", "print": stamped}
    else:
        namespace = {"__name__": "__example__"}
    exec(compile(textwrap.dedent(source), "<txcoroutine example>", "exec"), namespace)
    return capsys.readouterr().out.splitlines(), lines


def test_the_simple_example_prints_what_the_readme_shows(virtual_reactor, capsys):
    out, _ = _run_example(SIMPLE, virtual_reactor, capsys)
    assert out == [
        "getting a message...",
        "processing message: dummy-message",
        "getting a message...",
        "processing message: dummy-message",
        "getting a message...",
        "cancelled getting a message",
        "coroutine stopped, cleaning up",
    ]


def test_the_advanced_example_pauses_unpauses_and_cancels_through_three_levels(virtual_reactor, capsys):
    out, _ = _run_example(ADVANCED, virtual_reactor, capsys)
    assert out == [
        "iterating: 0s passed",
        "iterating: 1s passed",
        "iterating: 2s passed",
        "iterating: 6s passed",
        "iterating: 7s passed",
        "iterating: 8s passed",
        "level3_process stopped; cleaning up...",
        "level2_process stopped; cleaning up...",
        "root_process stopped; cleaning up...",
    ]


def test_nothing_is_printed_while_paused(virtual_reactor, capsys):
    _, stamped = _run_example(ADVANCED, virtual_reactor, capsys, stamp=True)
    times = [t for t, _ in stamped]
    assert times == [0, 1, 2, 6, 7, 8, 9, 9, 9]  # silent from 2 s to 6 s: 4 seconds


def fact(n, result=1):
    if n <= 1:
        returnValue(result)
    else:
        noreturn(fact(n - 1, n * result))
    yield  # make sure it's a generator


def test_the_readme_fact_example_gives_its_result_at_once(virtual_reactor):
    assert coroutine(fact)(10).result == 3628800
    assert coroutine(fact)(10000).result == math.factorial(10000)  # compared, never printed


def countdown(n, blocks):
    if n in (990_000, 10):  # early in the chain, and at its end
        blocks.append(sys.getallocatedblocks())
    if n == 0:
        return "landed"
    noreturn(countdown(n - 1, blocks))
    yield


def test_noreturn_a_million_hand_overs_deep_in_flat_memory(virtual_reactor):
    # sys.getallocatedblocks() rather than tracemalloc, which makes a million
    # hand-overs ten times slower: a frame kept per hand-over would be a
    # million live blocks at the end, flat memory is a handful.
    blocks = []
    proc = coroutine(countdown)(1_000_000, blocks)  # the kernel may give the reactor turns meanwhile
    virtual_reactor.run()
    assert proc.result == "landed"
    early, late = blocks
    assert late - early < 2_000, f"{late - early} blocks more after 980,000 further hand-overs"


def test_a_hand_over_keeps_the_coroutine_pausable_and_cancellable():
    clock = Clock()
    log = []

    def second_state():
        try:
            while True:
                log.append(("tick", clock.seconds()))
                d = Deferred()
                clock.callLater(1, d.callback, None)
                yield d
        finally:
            log.append(("stopped", clock.seconds()))

    @coroutine
    def first_state():
        noreturn(second_state())
        yield

    @csp.process
    def host():
        proc = first_state()
        assert isinstance(proc, Coroutine)
        clock.callLater(1.5, proc.pause)
        clock.callLater(4.5, proc.unpause)
        clock.callLater(6.5, proc.cancel)
        with pytest.raises(CancelledError):
            yield proc
        return "cancelled"

    assert csp.run(host(), reactor=clock) == "cancelled"
    assert log == [("tick", 0), ("tick", 1), ("tick", 4.5), ("tick", 5.5), ("stopped", 6.5)]


def test_a_coroutine_is_a_deferred_with_its_result_and_failure():
    clock = Clock()

    @coroutine
    def ok():
        x = yield succeed(20)
        return x + 1

    @coroutine
    def bad():
        yield succeed(None)
        raise KeyError("missing")

    @csp.process
    def host():
        got = []
        ok().addCallback(got.append)
        bad().addErrback(lambda f: got.append(f.check(KeyError)))
        yield
        return got

    assert csp.run(host(), reactor=clock) == [21, KeyError]


def test_twisted_chaining_a_finished_coroutine_still_works(virtual_reactor):
    @coroutine
    def first():
        yield succeed(None)
        return 1

    outer = succeed(None)
    outer.addCallback(lambda _: first())  # Twisted pauses `outer` while the coroutine is its result
    got = []
    outer.addCallback(got.append)
    assert got == [1]


def test_coroutine_refuses_a_function_without_yield(virtual_reactor):
    with pytest.raises(TypeError, match="not a generator"):
        coroutine(lambda: 42)()
