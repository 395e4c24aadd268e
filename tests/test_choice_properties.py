"""Property: in random networks of writers and selecting readers, no value is lost or duplicated.

Writers write unique values, some with plain writes and some with write
guards over several channels; readers select (randomly, fairly or by
priority) over overlapping subsets of the channels; a poisoner may poison
a random channel at a random time. Whatever happens, every run ends, and
every value whose write completed was read exactly once or was still in a
buffer when the channel was poisoned (``poison()`` hands those back).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twisted.internet.task import Clock

from csp import Alt, Channel, Par, Timer, process, run


class Traced(Channel):
    """A channel that remembers what its poison discarded from the buffer."""

    def __init__(self, buffer: int, discarded: list) -> None:
        super().__init__(buffer)
        self.lost = discarded

    def poison(self) -> list[Any]:
        lost = super().poison()
        self.lost.extend(lost)
        return lost


@process
def plain_writer(cout, values, pauses, written):
    for value, pause in zip(values, pauses, strict=False):
        if pause:
            yield Timer().sleep(pause)
        yield cout.write(value)
        written.append(value)


@process
def guard_writer(couts, values, pauses, written):
    """Each value goes to whichever of ``couts`` is ready first (write guards)."""
    for value, pause in zip(values, pauses, strict=False):
        if pause:
            yield Timer().sleep(pause)
        alt = Alt(*[c.write(value) for c in couts])
        got = yield alt.select()
        assert got is None and alt.last_selected in couts
        written.append(value)


@process
def reader(cins, mode, pause, read):
    alt = Alt(*cins)
    while True:
        if mode == "or":
            op = cins[0].read()
            for c in cins[1:]:
                op = op | c
        else:
            op = getattr(alt, mode)()
        value = yield op
        read.append(value)
        if pause:
            yield Timer().sleep(pause)


@process
def coordinator(writers, chans):
    """Wait for every writer, then poison everything so the readers end."""
    yield Par(*writers)
    for c in chans:
        c.poison()


@process
def poisoner(chan, when):
    yield Timer().sleep(when)
    chan.poison()


pauses = st.sampled_from([0, 0, 0, 0.5, 1])


@st.composite
def networks(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(1, 4))
    buffers = draw(st.lists(st.sampled_from([0, 0, 1, 2]), min_size=n, max_size=n))
    subset = st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)
    readers = draw(st.lists(
        st.tuples(subset, st.sampled_from(["select", "fair_select", "pri_select", "or"]), pauses),
        min_size=1, max_size=4,
    ))
    covered = {i for chans, _, _ in readers for i in chans}
    missing = sorted(set(range(n)) - covered)
    if missing:  # every channel has a reader, so no writer waits for ever
        readers.append((missing, "select", 0))
    writers = draw(st.lists(
        st.tuples(subset, st.integers(0, 6), st.lists(pauses, min_size=6, max_size=6)),
        min_size=1, max_size=5,
    ))
    poison = draw(st.one_of(st.none(), st.tuples(st.integers(0, n - 1), st.sampled_from([0, 0.5, 1, 2, 3]))))
    return {"n": n, "buffers": buffers, "readers": readers, "writers": writers, "poison": poison}


def run_network(net: dict[str, Any]) -> tuple[list, list, list]:
    discarded: list = []
    chans = [Traced(b, discarded) for b in net["buffers"]]
    written: list = []
    read: list = []
    writers = []
    for w, (subset, count, wpauses) in enumerate(net["writers"]):
        values = [(w, i) for i in range(count)]
        if len(subset) == 1:
            writers.append(plain_writer(chans[subset[0]], values, wpauses, written))
        else:
            writers.append(guard_writer([chans[i] for i in subset], values, wpauses, written))
    procs = [coordinator(writers, chans)]
    procs += [reader([chans[i] for i in subset], mode, pause, read)
              for subset, mode, pause in net["readers"]]
    if net["poison"] is not None:
        which, when = net["poison"]
        procs.append(poisoner(chans[which], when))
    run(Par(*procs), reactor=Clock())
    return written, read, discarded


def check_network(net: dict[str, Any]) -> None:
    written, read, discarded = run_network(net)  # returning at all: the run ended
    assert len(read) == len(set(read)), "a value was read twice"
    assert len(written) == len(set(written)), "a write completed twice"
    assert not set(read) & set(discarded)
    assert sorted(read + discarded) == sorted(written), "a value was lost or invented"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_every_value_written_is_read_exactly_once_or_discarded_by_poison(net):
    check_network(net)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_many_random_networks(net):
    check_network(net)


def test_a_network_without_poison_delivers_everything():
    net = {
        "n": 3,
        "buffers": [0, 1, 0],
        "readers": [([0, 1], "fair_select", 0), ([1, 2], "select", 0.5), ([2, 0], "pri_select", 0)],
        "writers": [([0], 6, [0] * 6), ([0, 1, 2], 6, [0.5] * 6), ([2, 1], 5, [0, 1] * 3)],
        "poison": None,
    }
    written, read, discarded = run_network(net)
    assert discarded == []
    assert sorted(read) == sorted(written) and len(written) == 17


def test_poison_midway_ends_the_network_and_loses_nothing():
    net = {
        "n": 2,
        "buffers": [2, 0],
        "readers": [([0, 1], "select", 1)],
        "writers": [([0], 6, [0] * 6), ([0, 1], 6, [0.5] * 6)],
        "poison": (1, 2),
    }
    written, read, discarded = run_network(net)
    assert 0 < len(written) < 12
    assert sorted(read + discarded) == sorted(written)
