"""noreturn: a process hands over to another in tail position (txcoroutine's tail calls)."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest
from twisted.internet.task import Clock

import csp
from csp import Channel, Par, Timer, noreturn, process


def countdown(n, blocks=None):
    if blocks is not None and n in (990_000, 10):  # early in the chain, and at its end
        blocks.append(sys.getallocatedblocks())
    if n == 0:
        return "landed"
    noreturn(countdown(n - 1, blocks))
    yield


@process
def start_countdown(n, blocks=None):
    noreturn(countdown(n, blocks))
    yield


def test_a_million_hand_overs_in_flat_memory():
    # Counted in allocated blocks, not with tracemalloc (ten times slower over a
    # million steps): a frame or an exception kept per hand-over would be a
    # million blocks more at the end. (CPython 3.13 keeps one fixed buffer of
    # about 2 MiB once compiled code has raised into Python often; one block.)
    blocks = []
    assert csp.run(start_countdown(1_000_000, blocks), reactor=Clock()) == "landed"
    early, late = blocks
    assert late - early < 2_000, f"{late - early} blocks more after 980,000 further hand-overs"


def test_the_callers_frame_is_released_at_the_hand_over(vrun):
    class Big:
        pass

    refs = []

    def second():
        gc.collect()
        yield Timer().sleep(1)
        return refs[0]() is None

    @process
    def first():
        big = Big()
        refs.append(weakref.ref(big))
        noreturn(second())
        yield

    assert vrun(first()) is True


def test_hand_over_to_a_process_keeps_the_handle_and_result(clock):
    @process
    def stage2(c):
        return (yield c.read()) * 2

    @process
    def stage1(c):
        noreturn(stage2(c))
        yield

    c = Channel()
    results = []
    h = stage1(c).spawn(csp.scheduler_for(clock))
    h.deferred.addCallback(results.append)
    c.put(21)
    assert results == [42]


def test_cancel_and_poison_reach_the_process_handed_over_to(vrun):
    log = []

    def waiter(c):
        try:
            yield c.read()
        finally:
            log.append("cleaned up")

    @process
    def handing(c):
        noreturn(waiter(c))
        yield

    @process
    def poisoner(c):
        yield Timer().sleep(1)
        c.poison()

    c = Channel()
    assert vrun(Par(handing(c), poisoner(c))) == [None, None]
    assert log == ["cleaned up"]


def test_twisted_returnvalue_returns_from_a_process(vrun):
    from twisted.internet.defer import returnValue

    @process
    def legacy():
        yield Timer().sleep(1)
        returnValue("old style")

    with pytest.warns(DeprecationWarning):
        assert vrun(legacy()) == "old style"


def test_poison_escaping_after_a_hand_over_poisons_the_new_processs_channels(vrun):
    out = Channel()

    @process
    def second(cin, cout):
        yield cin.read()

    @process
    def first(cin):
        noreturn(second(cin, out))
        yield

    cin = Channel()
    cin.poison()
    vrun(first(cin))
    assert out.poisoned
