"""csp.relaxed_gc: the documented opt-in for huge networks, and the default left alone."""

from __future__ import annotations

import gc

import pytest

import csp
from csp import Channel, Par, process


@process
def relay(cin, cout):
    yield cout.write((yield cin.read()) + 1)


@process
def injector(cin, cout, box):
    yield cout.write(1)
    box["token"] = yield cin.read()


def ring(n, box):
    chans = [Channel() for _ in range(n)]
    return Par(*(relay(chans[i - 1], chans[i]) for i in range(1, n)), injector(chans[-1], chans[0], box))


def test_the_thresholds_are_raised_inside_and_put_back_after(virtual_reactor):
    before = gc.get_threshold()
    box = {}
    with csp.relaxed_gc() as old:
        assert old == before
        assert gc.get_threshold() == (100_000, 50, 50)
        network = ring(2_000, box)
    assert gc.get_threshold() == before
    csp.run(network, reactor=virtual_reactor)
    assert box["token"] == 2_000


def test_they_are_put_back_when_the_block_raises():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError, match="mid-build"):
        with csp.relaxed_gc(5_000, 20, 30):
            assert gc.get_threshold() == (5_000, 20, 30)
            raise RuntimeError("mid-build")
    assert gc.get_threshold() == before


def test_it_decorates_a_builder_and_the_collector_stays_on():
    before = gc.get_threshold()

    @csp.relaxed_gc(50_000)
    def build():
        assert gc.isenabled()
        return gc.get_threshold()

    assert build() == (50_000, 50, 50)
    assert gc.get_threshold() == before


@pytest.mark.parametrize("bad", [0, -5, 1.5, "big", True])
def test_a_bad_threshold_says_what_to_pass(bad):
    before = gc.get_threshold()
    with pytest.raises(ValueError, match=r"threshold0=.*positive int, for instance csp.relaxed_gc\(100000\)"):
        with csp.relaxed_gc(bad):
            pass
    assert gc.get_threshold() == before


def test_the_library_leaves_the_gc_settings_alone_by_default(virtual_reactor):
    before = gc.get_threshold()
    box = {}
    csp.run(ring(500, box), reactor=virtual_reactor)
    assert box["token"] == 500
    assert gc.get_threshold() == before and gc.isenabled()
