"""Processes: @process on generator, async and plain functions; recipes; results."""

from __future__ import annotations

import pytest

from csp import Channel, CSPProcess, Par, Process, Timer, forever, process


@process
def gen_double(x):
    yield
    return 2 * x


@process
async def async_double(x):
    await Timer().sleep(1)
    return 2 * x


@process
def plain_double(x):
    return 2 * x


def test_decorated_call_returns_an_unstarted_process():
    ran = []

    @process
    def p():
        ran.append(1)
        yield

    proc = p()
    assert isinstance(proc, Process)
    assert CSPProcess is Process
    assert ran == []


@pytest.mark.parametrize("factory", [gen_double, async_double, plain_double])
def test_every_kind_of_body_returns_its_result(vrun, factory):
    assert vrun(factory(21)) == 42


def test_process_without_decorator(vrun):
    def triple(x):
        yield
        return 3 * x

    assert vrun(Process(triple, 5)) == 15
    assert vrun(Process(lambda a, b=1: a + b, 1, b=2)) == 3


def test_a_process_is_a_recipe_that_can_run_many_times(vrun):
    runs = []

    @process
    def count():
        runs.append(len(runs))
        yield
        return len(runs)

    p = count()
    assert vrun(p) == 1
    assert vrun(p) == 2
    assert vrun(p * 3) == [3, 4, 5]


def test_yield_a_process_runs_it_as_a_child_and_returns_its_result(vrun):
    @process
    def parent():
        a = yield gen_double(1)
        b = yield async_double(2)
        c = yield plain_double(3)
        return a, b, c

    assert vrun(parent()) == (2, 4, 6)


def test_async_process_awaits_a_process(vrun):
    @process
    async def parent():
        return await gen_double(10)

    assert vrun(parent()) == 20


def test_exception_in_a_process_reaches_the_waiter(vrun):
    @process
    def bad():
        yield
        raise KeyError("nope")

    @process
    def parent():
        try:
            yield bad()
        except KeyError as e:
            return f"caught {e}"

    assert vrun(parent()) == "caught 'nope'"
    with pytest.raises(KeyError):
        vrun(bad())


def test_a_process_runs_no_code_until_started(vrun):
    log = []

    @process
    def p():
        log.append("ran")
        return 1

    proc = p()
    assert log == []
    vrun(proc)
    assert log == ["ran"]


def test_forever_server_ends_by_poison(vrun):
    got = []

    @forever
    def sink(cin):
        while True:
            got.append((yield cin.read()))

    @process
    def feed(cout):
        for i in range(3):
            yield cout.write(i)
        cout.poison()

    c = Channel()
    vrun(Par(sink(c), feed(c)))
    assert got == [0, 1, 2]


def test_forever_body_that_returns_is_an_error(vrun):
    @forever
    def oops():
        yield

    with pytest.raises(RuntimeError, match="must loop for ever"):
        vrun(oops())


def test_forever_bare_yield_is_a_checkpoint_letting_others_run(vrun):
    order = []

    @forever
    def spinner(stop):
        while True:
            order.append("spin")
            yield
            if stop:
                raise KeyError("stopped")

    @process
    def other(stop):
        order.append("other")
        stop.append(True)
        yield

    stop: list = []
    with pytest.raises(KeyError):
        vrun(Par(spinner(stop), other(stop)))
    assert order == ["spin", "other"]


def test_forever_rejects_a_plain_function():
    with pytest.raises(TypeError, match="generator function"):

        @forever
        def not_a_generator():
            return 1


def test_process_needs_something_callable():
    with pytest.raises(TypeError, match="needs a function"):
        Process(42)
    with pytest.raises(TypeError, match="decorates a function"):
        process(42)


def test_repr_and_name():
    p = gen_double(3)
    assert p.name == "gen_double"
    assert repr(p) == "gen_double(3)"


def test_cspserver_is_a_constructor_and_a_decorator(vrun) -> None:
    from csp import Channel, CSPServer, Par
    from csp.builtins import Timer  # python-csp's import

    @process
    def take_three(cin, got):
        for _ in range(3):
            got.append((yield cin.read()))
        cin.poison()

    def numbers(cout, start):
        n = start
        while True:
            yield cout.write(n)
            n += 1

    got1: list = []
    c = Channel()
    vrun(Par(CSPServer(numbers, c, 10), take_three(c, got1)))  # CSPServer(func, *args), as CSPProcess

    @CSPServer
    def letters(cout):
        for ch in "xyzw":
            yield cout.write(ch)
        while True:
            yield Timer().sleep(1)

    got2: list = []
    d = Channel()
    vrun(Par(letters(d), take_three(d, got2)))
    assert got1 == [10, 11, 12] and got2 == ["x", "y", "z"]
    with pytest.raises(TypeError, match="already has its arguments"):
        letters(d)(d)
    with pytest.raises(TypeError, match="generator function"):
        CSPServer(lambda: None)
