"""Part 4: poison, and the shop network, which must end."""

from __future__ import annotations

import re

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet.task import Clock

from csp import run
from tutorial.part04 import shop


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part04" / "README.md") >= 7


def diary(out: str) -> list[tuple[float, str]]:
    entries = []
    for line in out.splitlines():
        m = re.fullmatch(r"\[\s*([\d.]+)s\] (.*)", line)
        assert m, f"not a diary line: {line!r}"
        entries.append((float(m.group(1)), m.group(2)))
    return entries


@pytest.mark.parametrize(("customers", "close_after", "seed"), [(1, 2.5, 3), (3, 10.0, 1), (5, 4.0, 7)])
def test_the_shop_network_ends_by_poison(customers: int, close_after: float, seed: int,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    sales = run(shop.shop(customers, close_after, seed), reactor=Clock())
    entries = diary(capsys.readouterr().out)
    events = [event for _t, event in entries]
    times = [t for t, _e in entries]
    assert times == sorted(times)
    poisoned = events.index("Terminator poisons the counter channel")
    assert times[poisoned] == close_after
    # Nothing is sold at the counter after the poison; everybody goes home.
    assert not any(e.startswith("Merchant sells") for e in events[poisoned:])
    assert events.count("Merchant goes home") == 1
    assert events.count("Merchant's wife goes home") == 1
    for n in range(1, customers + 1):
        assert events.count(f"Customer {n} finds the shop closed and goes home") == 1
    assert sales["merchant"] == sum(e.startswith("Merchant sells") for e in events) > 0
    assert sales["wife"] == sum(e.startswith("Merchant's wife sells") for e in events) > 0
    assert events[-1].startswith("The shop is closed")


def test_the_shop_is_repeatable_with_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    shop.main(["--customers", "2", "--close-after", "3", "--seed", "9"], reactor=Clock())
    first = capsys.readouterr().out
    shop.main(["--customers", "2", "--close-after", "3", "--seed", "9"], reactor=Clock())
    assert capsys.readouterr().out == first
