"""An operation created but never yielded is reported, like an un-awaited coroutine."""

from __future__ import annotations

import warnings

import pytest

from csp import Alt, Channel, Par, Skip, Timer, process


def collect(vrun, p):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vrun(p)
    return [w for w in caught if issubclass(w.category, RuntimeWarning)]


def line_of(func, text):
    """The line number of the first line of ``func``'s source containing ``text``."""
    import inspect

    lines, first = inspect.getsourcelines(func)
    return first + next(i for i, line in enumerate(lines) if text in line)


def test_a_forgotten_write_is_reported_with_the_channel_and_the_line(vrun):
    @process
    def forgetful(c):
        c.write(1)  # forgot the yield
        yield Timer().sleep(1)

    caught = collect(vrun, forgetful(Channel(name="pipe")))
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "pipe" in message and "never yielded" in message and "yield c.write(1)" in message
    assert caught[0].filename == __file__
    assert caught[0].lineno == line_of(forgetful.__wrapped__, "forgot the yield")
    assert f"at line {caught[0].lineno}" in message


def test_a_forgotten_read_before_another_operation_is_reported(vrun):
    @process
    def forgetful(a, b):
        a.read()  # forgotten
        yield b.write(2)

    @process
    def sink(b):
        yield b.read()

    b = Channel()
    caught = collect(vrun, Par(forgetful(Channel(name="left"), b), sink(b)))
    assert [str(w.message).split(" created")[0] for w in caught] == [
        "channel operation <read from Channel(name='left')>"
    ]
    assert caught[0].lineno == line_of(forgetful.__wrapped__, "# forgotten")


def test_the_line_is_found_when_the_yielded_operation_is_of_the_same_kind(vrun):
    @process
    def forgetful(a, b):
        a.write("lost")  # this one
        yield b.write("kept")

    @process
    def sink(b):
        return (yield b.read())

    b = Channel()
    caught = collect(vrun, Par(forgetful(Channel(name="a"), b), sink(b)))
    assert len(caught) == 1 and 'yield a.write("lost")' in str(caught[0].message)
    assert caught[0].lineno == line_of(forgetful.__wrapped__, "# this one")


def test_the_line_is_found_round_a_loop(vrun):
    @process
    def forgetful(a, b):
        for _ in range(2):
            yield b.read()
            a.write("lost")  # after the yield, in the loop

    @process
    def feed(b):
        yield b.write(1)
        yield b.write(2)

    b = Channel()
    caught = collect(vrun, Par(forgetful(Channel(name="a"), b), feed(b)))
    assert len(caught) == 2
    first, second = caught
    # found at the next yield, going round the loop backwards
    assert first.lineno == line_of(forgetful.__wrapped__, "# after the yield")
    # the second is only seen once the process has ended: its `def` line is all that is left
    assert "which then ended" in str(second.message)
    assert second.lineno == forgetful.__wrapped__.__code__.co_firstlineno


def test_two_forgotten_operations_in_one_step_get_their_own_lines(vrun):
    @process
    def forgetful(a):
        a.write(1)  # first
        a.write(2)  # second
        yield Timer().sleep(1)

    caught = collect(vrun, forgetful(Channel(name="a")))
    lines = {str(w.message).split("write(")[1][0]: w.lineno for w in caught}
    assert lines == {
        "1": line_of(forgetful.__wrapped__, "# first"),
        "2": line_of(forgetful.__wrapped__, "# second"),
    }


def test_a_forgotten_operation_at_the_end_of_a_process_is_reported(vrun):
    @process
    def forgetful(c):
        yield
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
        yield
        c.write(1)

    with pytest.raises(RuntimeWarning, match="which then ended"):
        vrun(forgetful(Channel()))


def test_a_process_function_without_yield_that_makes_an_operation_is_told_at_once(vrun):
    """python-csp's front-page example with only print() changed: no yield anywhere."""

    @process
    def reader(channel):
        while True:  # would spin for ever without a word
            print(channel.read())

    with pytest.raises(TypeError, match=r"`channel.read\(\)` in a process function that has no `yield`"):
        vrun(reader(Channel()))


def test_an_operation_made_in_plain_code_is_told_at_once():
    c = Channel(name="c")
    with pytest.raises(RuntimeError, match=r"`c.read\(\)` outside any process .* c.get\(\)"):
        c.read()
    with pytest.raises(RuntimeError, match=r"`c.write\(5\)` outside any process .* c.put\(x\)"):
        v = c.write(5)  # noqa: F841 - stored: the mistake is the same
    with pytest.raises(RuntimeError, match=r"outside any process"):
        Timer().sleep(1)


def test_guards_can_still_be_built_in_plain_code(vrun):
    c, d = Channel(), Channel()
    alt = Alt(c.read(), d.write(1))  # an Alt built outside a process, selected inside
    either = c.read() | d

    @process
    def chooser():
        yield Alt(Skip())
        return alt, either

    assert vrun(chooser())[0] is alt


def test_forgotten_sleep_and_synchronise_are_reported_like_channel_operations(vrun):
    from csp import Barrier

    @process
    def sleepy():
        Timer().sleep(1)  # forgot the yield
        yield

    @process
    def lonely(b):
        b.synchronise()  # forgot the yield
        yield

    caught = collect(vrun, sleepy())
    assert len(caught) == 1 and "yield Timer().sleep(1)" in str(caught[0].message)
    caught = collect(vrun, lonely(Barrier(1)))
    assert len(caught) == 1 and "yield b.synchronise()" in str(caught[0].message)
