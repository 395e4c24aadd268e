"""csp.patterns: TokenRing, client-server (Server, request) and the worker Farm."""

from __future__ import annotations

from typing import Any

import pytest
from builtin_helpers import chans, collect, feed, take, take_timed, vrun

from csp import Channel, ChannelPoison, Par, Timer, process
from csp.builtins import Generate
from csp.patterns import Farm, Server, TokenRing, request

TRIPS = 3


@process
def ringnode(index: int, tokens: int, numnodes: int, inchan: Channel, outchan: Channel) -> Any:
    """Every node adds one hop to each token it receives; node 0 injects them and keeps the last round."""
    if index == 0:
        for _ in range(tokens):
            yield outchan.write(0)
        arrived = []
        for trip in range(TRIPS):
            for _ in range(tokens):
                hops = (yield inchan.read()) + 1
                if trip < TRIPS - 1:
                    yield outchan.write(hops)
                else:
                    arrived.append(hops)
        return arrived
    for _ in range(TRIPS * tokens):
        yield outchan.write((yield inchan.read()) + 1)
    return None


@pytest.mark.parametrize(("size", "numtoks"), [(2, 1), (5, 1), (5, 3), (16, 4)])
def test_token_ring_passes_each_token_the_expected_number_of_hops(size: int, numtoks: int) -> None:
    ring = TokenRing(ringnode, size, numtoks=numtoks)
    assert len(ring.chans) == size and len(ring.procs) == size
    results = vrun(ring)
    assert results[0][0] == [TRIPS * size] * numtoks


def test_token_ring_wires_node_i_from_node_i_minus_1() -> None:
    seen: dict[int, tuple[Channel, Channel, int, int]] = {}

    @process
    def node(index: int, tokens: int, numnodes: int, inchan: Channel, outchan: Channel) -> None:
        seen[index] = (inchan, outchan, tokens, numnodes)

    ring = TokenRing(node, 4, numtoks=2)
    vrun(ring)
    for i in range(4):
        assert seen[i] == (ring.chans[i - 1], ring.chans[i], 2, 4)
    assert repr(ring) == "TokenRing(node, 4, numtoks=2)"


def test_token_ring_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="size"):
        TokenRing(ringnode, 0)
    with pytest.raises(TypeError, match="@process"):
        TokenRing(lambda **kw: None, 3)


def test_token_ring_ends_by_poison() -> None:
    @process
    def forwarder(index: int, tokens: int, numnodes: int, inchan: Channel, outchan: Channel) -> Any:
        if index == 0:
            yield outchan.write(0)
        while True:
            hops = yield inchan.read()
            if hops == 10:
                outchan.poison()
            yield outchan.write(hops + 1)

    ring = TokenRing(forwarder, 4)
    vrun(ring)
    assert all(c.poisoned for c in ring.chans)


# -- client-server ---------------------------------------------------------------


def test_server_answers_each_client_on_its_own_reply_channel() -> None:
    (requests,) = chans(1)
    answers: dict[str, list[int]] = {"a": [], "b": []}

    @process
    def client(name: str, values: list[int]) -> Any:
        for v in values:
            answers[name].append((yield request(requests, v)))

    @process
    def clients() -> Any:
        yield Par(client("a", [1, 2, 3]), client("b", [10, 20]))
        requests.poison()

    vrun(Server(requests, lambda x: x * x), clients())
    assert answers == {"a": [1, 4, 9], "b": [100, 400]}


def test_server_handler_may_be_a_process() -> None:
    (requests,) = chans(1)

    @process
    def slow_double(x: int) -> Any:
        yield Timer().sleep(2)
        return 2 * x

    @process
    def client() -> Any:
        got = [(yield request(requests, 5)), Timer().read()]
        requests.poison()
        return got

    results = vrun(Server(requests, slow_double), client())
    assert results[1] == [10, 2.0]


def test_async_client() -> None:
    (requests,) = chans(1)

    @process
    async def client() -> Any:
        answer = await request(requests, "hi")
        requests.poison()
        return answer

    assert vrun(Server(requests, str.upper), client())[1] == "HI"


def test_request_to_a_poisoned_server_raises_in_the_client() -> None:
    (requests,) = chans(1)
    requests.poison()

    @process
    def client() -> Any:
        try:
            yield request(requests, 1)
        except ChannelPoison:
            return "server gone"
        return "answered"

    assert vrun(client()) == ["server gone"]


def test_server_drops_the_answer_for_a_withdrawn_client_and_carries_on() -> None:
    (requests,) = chans(1)

    @process
    def withdrawn() -> Any:
        reply = Channel()
        reply.poison()
        yield requests.write((100, reply))

    @process
    def client() -> Any:
        yield withdrawn()
        answer = yield request(requests, 7)
        requests.poison()
        return answer

    assert vrun(Server(requests, lambda x: x + 1), client())[1] == 8


def test_server_rejects_a_malformed_request() -> None:
    (requests,) = chans(1)
    with pytest.raises(TypeError, match=r"\(request, reply_channel\) pairs"):
        vrun(Server(requests, abs), feed(requests, [3]))


# -- farm --------------------------------------------------------------------------


def test_farm_computes_every_job_and_then_poisons_its_output() -> None:
    jobs, results = chans(2)
    got: list[int] = []
    vrun(feed(jobs, list(range(20))), Farm(lambda x: x * x, jobs, results, workers=3), collect(results, got))
    assert sorted(got) == [x * x for x in range(20)]
    assert results.poisoned


@process
def sleepy_square(x: int) -> Any:
    # Later jobs finish sooner: job x takes (10 - x) seconds.
    yield Timer().sleep(10 - x)
    return x * x


def test_farm_workers_run_concurrently_and_lose_nothing_in_flight() -> None:
    jobs, results = chans(2)
    got: list[tuple[float, int]] = []
    # The source poisons jobs as soon as the last job is taken, while every
    # worker is still busy: all 8 results must still arrive.
    farm = Farm(sleepy_square, jobs, results, workers=8)
    vrun(feed(jobs, list(range(8))), farm, take_timed(results, 8, got))
    assert sorted(v for _, v in got) == [x * x for x in range(8)]
    # All eight ran at once: the slowest (job 0, 10 s) bounds the total.
    assert max(t for t, _ in got) == 10.0
    # Unordered: results come as they finish, the quickest (job 7) first.
    assert [v for _, v in got] == [x * x for x in reversed(range(8))]


def test_ordered_farm_restores_the_job_order() -> None:
    jobs, results = chans(2)
    got: list[int] = []
    vrun(feed(jobs, list(range(8))), Farm(sleepy_square, jobs, results, workers=4, ordered=True),
         collect(results, got))
    assert got == [x * x for x in range(8)]


def test_farm_with_fewer_workers_than_jobs_queues_them() -> None:
    jobs, results = chans(2)

    @process
    def one_second(x: int) -> Any:
        yield Timer().sleep(1)
        return x

    got: list[tuple[float, int]] = []
    vrun(feed(jobs, list(range(6))), Farm(one_second, jobs, results, workers=2), take_timed(results, 6, got))
    assert sorted(v for _, v in got) == list(range(6))
    assert [t for t, _ in got] == [1.0, 1.0, 2.0, 2.0, 3.0, 3.0]


def test_poisoning_the_farm_output_stops_the_farm_and_its_source() -> None:
    jobs, results = chans(2)
    got: list[int] = []
    vrun(Generate(jobs), Farm(lambda x: -x, jobs, results, workers=4), take(results, 5, got))
    assert sorted(got) == [-4, -3, -2, -1, 0]
    assert jobs.poisoned


def test_an_error_in_the_farm_function_fails_the_network() -> None:
    jobs, results = chans(2)
    with pytest.raises(ZeroDivisionError):
        vrun(feed(jobs, [1, 0, 2]), Farm(lambda x: 1 / x, jobs, results, workers=2), collect(results, []))


def test_farm_arguments_are_checked() -> None:
    a, b = chans(2)
    with pytest.raises(ValueError, match="workers"):
        Farm(abs, a, b, workers=0)
    with pytest.raises(TypeError, match="cout must be a Channel"):
        Farm(abs, a, [b])  # type: ignore[arg-type]
    assert repr(Farm(abs, a, b)).startswith("Farm(abs, Channel(")
