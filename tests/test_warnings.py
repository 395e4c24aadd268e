"""An operation created but never yielded is reported, like an un-awaited coroutine."""

from __future__ import annotations

import warnings

import pytest

from csp import Channel, Par, Timer, process


def collect(vrun, p):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vrun(p)
    return [w for w in caught if issubclass(w.category, RuntimeWarning)]


def test_a_forgotten_write_is_reported_with_the_channel_and_the_line(vrun):
    @process
    def forgetful(c):
        c.write(1)  # forgot the yield
        yield Timer().sleep(1)

    caught = collect(vrun, forgetful(Channel(name="pipe")))
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "pipe" in message and "never yielded" in message and "yield pipe.write(1)" in message
    assert caught[0].filename == __file__
    # the process's code where it went on without yielding: the next line
    assert caught[0].lineno == forgetful.__wrapped__.__code__.co_firstlineno + 3


def test_a_forgotten_read_before_another_operation_is_reported(vrun):
    @process
    def forgetful(a, b):
        a.read()
        yield b.write(2)

    @process
    def sink(b):
        yield b.read()

    b = Channel()
    caught = collect(vrun, Par(forgetful(Channel(name="left"), b), sink(b)))
    assert [str(w.message).split(" in process")[0] for w in caught] == [
        "channel operation <read from Channel(name='left')>"
    ]


def test_a_forgotten_operation_at_the_end_of_a_process_is_reported(vrun):
    @process
    def forgetful(c):
        c.write(5)

    caught = collect(vrun, forgetful(Channel(name="last")))
    assert len(caught) == 1 and "last" in str(caught[0].message)


def test_yielded_operations_are_not_reported(vrun):
    @process
    def fine(c):
        yield c.write(1)
        op = c.write(2)
        yield op

    @process
    def sink(c):
        yield c.read()
        yield c.read()

    c = Channel()
    assert collect(vrun, Par(fine(c), sink(c))) == []


def test_tests_turn_the_warning_into_an_error(vrun):
    @process
    def forgetful(c):
        c.write(1)
        yield

    with pytest.raises(RuntimeWarning, match="never yielded"):
        vrun(forgetful(Channel()))


def test_as_an_error_the_warning_is_raised_in_the_process_which_can_catch_it(vrun):
    @process
    def forgetful(c):
        c.write(1)
        try:
            yield Timer().sleep(1)
        except RuntimeWarning as w:
            return f"caught: {w}"

    assert "never yielded" in vrun(forgetful(Channel(name="w")))


def test_as_an_error_at_the_end_of_a_process_it_ends_the_process(vrun):
    @process
    def forgetful(c):
        c.write(1)

    with pytest.raises(RuntimeWarning, match="which then ended"):
        vrun(forgetful(Channel()))
