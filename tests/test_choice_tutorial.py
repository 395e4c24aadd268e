"""The python-csp tutorial, part 5 (choice), written for this library and run as tests.

python-csp's examples called ``alt.select()`` and got the value; here every
selection is yielded (``value = yield alt.select()``), and ``Alt * n``
gives selections to yield rather than values.
"""

from __future__ import annotations

from csp import Alt, Channel, Par, Skip, Timer, process


@process
def send_msg(cout, msg, delay=0):
    if delay:
        yield Timer().sleep(delay)
    yield cout.write(msg)


# -- the choice operator ----------------------------------------------------------------


def test_choice_operator_reads_whichever_channel_is_ready(vrun, capsys):
    @process
    def choice(cin1, cin2):
        print((yield cin1 | cin2))
        cin1.poison()  # the slower sender is never read: poison ends it
        cin2.poison()

    c1, c2 = Channel(), Channel()
    vrun(Par(choice(c1, c2), send_msg(c1, "yes", delay=1), send_msg(c2, "no", delay=2)))
    assert capsys.readouterr().out == "yes\n"


def test_choice_operator_over_three_channels_and_a_default(vrun):
    @process
    def poll(cins):
        """Read from any channel that has a value; Skip() makes the choice never wait."""
        got = []
        while True:
            value = yield (cins[0] | cins[1] | cins[2] | Skip()).pri_select()
            if value is None:
                return got
            got.append(value)

    c = [Channel(1), Channel(1), Channel(1)]

    @process
    def main():
        for i, ch in enumerate(c):
            yield ch.write(f"m{i}")
        return sorted((yield poll(c)))

    assert vrun(main()) == ["m0", "m1", "m2"]


# -- Alt objects ---------------------------------------------------------------------------


def test_alt_object_selects_each_message_once(vrun):
    @process
    def print_all(cins):
        alt = Alt(*cins)
        got = []
        for _ in range(len(cins)):
            got.append((yield alt.select()))
        return got

    chans = [Channel() for _ in range(4)]
    senders = [send_msg(c, f"message {i}", delay=i % 2) for i, c in enumerate(chans)]
    got = vrun(Par(print_all(chans), *senders))[0]
    assert sorted(got) == [f"message {i}" for i in range(4)]


def test_alt_last_selected_says_where_the_value_came_from(vrun):
    @process
    def router(cin1, cin2):
        alt = Alt(cin1, cin2)
        seen = []
        for _ in range(2):
            value = yield alt.pri_select()
            seen.append(("first" if alt.last_selected is cin1 else "second", value))
        return seen

    c1, c2 = Channel(), Channel()
    result = vrun(Par(router(c1, c2), send_msg(c2, "b", delay=1), send_msg(c1, "a", delay=2)))
    assert result[0] == [("second", "b"), ("first", "a")]


def test_fair_select_serves_two_busy_clients_in_turn(vrun):
    @process
    def client(cout, name, n):
        for i in range(n):
            yield cout.write(f"{name}{i}")

    @process
    def server(cins, n):
        alt = Alt(*cins)
        got = []
        for _ in range(n):
            got.append((yield alt.fair_select()))
        return got

    a, b = Channel(), Channel()
    got = vrun(Par(server([a, b], 8), client(a, "a", 4), client(b, "b", 4)))[0]
    assert [v[0] for v in got] in (list("abababab"), list("babababa"))


# -- Alt * n --------------------------------------------------------------------------------


def test_alt_times_n_performs_n_selections(vrun):
    @process
    def gather(cins):
        got = []
        for op in Alt(*cins) * 3:
            got.append((yield op))
        return sorted(got)

    chans = [Channel() for _ in range(3)]
    senders = [send_msg(c, i * 10) for i, c in enumerate(chans)]
    assert vrun(Par(gather(chans), *senders))[0] == [0, 10, 20]


# -- the Mandelbrot consumer ------------------------------------------------------------------

MAXITER = 50


def column_of(xcoord, width, height):
    """Escape-time iteration counts of one image column (what each producer computes)."""
    column = []
    for ycoord in range(height):
        c = complex(-2.0 + xcoord * 2.5 / width, -1.25 + ycoord * 2.5 / height)
        z = 0j
        n = 0
        while n < MAXITER and abs(z) <= 2:
            z = z * z + c
            n += 1
        column.append(n)
    return column


@process
def mandelbrot(xcoord, size, cout):
    """One producer per image column: compute it, send ``(xcoord, column)``."""
    width, height = size
    yield Timer().sleep((width - xcoord) * 0.01)  # columns finish out of order
    yield cout.write((xcoord, column_of(xcoord, width, height)))


@process
def consume(size, cins):
    """Collect the columns in whatever order they arrive: ``len(cins) * Alt(*cins)``."""
    width, height = size
    pixmap = [[0] * height for _ in range(width)]
    order = []
    for op in len(cins) * Alt(*cins):
        xcoord, column = yield op
        pixmap[xcoord] = column
        order.append(xcoord)
    return pixmap, order


def test_mandelbrot_consumer_collects_every_column(vrun):
    size = (24, 16)
    chans = [Channel() for _ in range(size[0])]
    producers = [mandelbrot(x, size, chans[x]) for x in range(size[0])]
    pixmap, order = vrun(Par(consume(size, chans), *producers))[0]
    assert pixmap == [column_of(x, *size) for x in range(size[0])]
    assert order == list(reversed(range(size[0])))  # arrival order, not channel order
    assert any(MAXITER in col for col in pixmap) and any(n < 5 for col in pixmap for n in col)
