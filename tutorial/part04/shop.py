"""The shop: customers, their children, the merchant, his wife, and the terminator.

    python -m tutorial.part04.shop                    # 3 customers, the shop closes after 10 s
    python -m tutorial.part04.shop --customers 5 --close-after 4 --seed 7

Customers buy from the merchant over the ``counter`` channel; before each
purchase a customer's child buys sweets from the merchant's wife over the
``sweets`` channel. Everyone shops for ever: the only way this network ends
is poison. After ``--close-after`` seconds the terminator poisons
``counter``. The poison spreads: the merchant's next read fails and he goes
home; each customer's next purchase fails, and a process that ends by
poison poisons every channel among its arguments, ``sweets`` included, so
the children and the merchant's wife stop too.

Times are random (``--seed`` makes them repeatable) and measured on the
reactor clock, so the tests run the whole afternoon in virtual time.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from typing import Any, Generator

from csp import Channel, ChannelPoison, Par, Timer, forever, process

from ..runner import execute


class Diary:
    """Prints what happens, stamped with the seconds since the shop opened."""

    def __init__(self) -> None:
        self.opened = Timer().read()

    def __call__(self, event: str) -> None:
        print(f"[{Timer().read() - self.opened:5.2f}s] {event}")


@process
def customer_child(sweets: Channel, n: int, rng: random.Random, diary: Diary) -> Generator[Any, Any, None]:
    """Buy three sweets from the merchant's wife, dawdling in between."""
    for i in range(3):
        diary(f"Customer {n}'s child asks for sweet {i}")
        yield sweets.write((n, i))
        yield Timer().sleep(rng.random())


@process
def customer(counter: Channel, sweets: Channel, n: int, rng: random.Random,
             diary: Diary) -> Generator[Any, Any, None]:
    """Shop for ever: the child buys sweets, then the customer buys an item."""
    item = 0
    try:
        while True:
            yield customer_child(sweets, n, rng, diary)
            diary(f"Customer {n} asks for item {item}")
            yield counter.write((n, item))
            item += 1
            yield Timer().sleep(rng.random() * 3)
    except ChannelPoison:
        diary(f"Customer {n} finds the shop closed and goes home")
        raise  # ending by poison poisons our channels: `sweets` too


@forever
def merchant(counter: Channel, rng: random.Random, diary: Diary,
             sales: Counter[str]) -> Generator[Any, Any, None]:
    """Serve customers at the counter until the shop is closed."""
    try:
        while True:
            n, item = yield counter.read()
            sales["merchant"] += 1
            diary(f"Merchant sells item {item} to customer {n}")
            yield Timer().sleep(rng.random() * 2)
    except ChannelPoison:
        diary("Merchant goes home")
        raise


@forever
def merchants_wife(sweets: Channel, rng: random.Random, diary: Diary,
                   sales: Counter[str]) -> Generator[Any, Any, None]:
    """Sell sweets to the children until the poison reaches her."""
    try:
        while True:
            n, i = yield sweets.read()
            sales["wife"] += 1
            diary(f"Merchant's wife sells sweet {i} to customer {n}'s child")
            yield Timer().sleep(rng.random())
    except ChannelPoison:
        diary("Merchant's wife goes home")
        raise


@process
def terminator(counter: Channel, after: float, diary: Diary) -> Generator[Any, Any, None]:
    """Close the shop after ``after`` seconds by poisoning the counter."""
    yield Timer().sleep(after)
    diary(f"Terminator poisons the {counter.name} channel")
    counter.poison()


@process
def shop(customers: int, close_after: float, seed: int) -> Generator[Any, Any, Counter[str]]:
    """Open the shop, run it until the terminator closes it; return the sales."""
    rng = random.Random(seed)
    diary = Diary()
    sales: Counter[str] = Counter()
    counter, sweets = Channel(name="counter"), Channel(name="sweets")
    yield Par(
        merchant(counter, rng, diary, sales),
        merchants_wife(sweets, rng, diary, sales),
        terminator(counter, close_after, diary),
        *[customer(counter, sweets, n, rng, diary) for n in range(1, customers + 1)],
    )
    diary(f"The shop is closed: the merchant sold {sales['merchant']} items, "
          f"his wife {sales['wife']} sweets")
    return sales


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="The shop network, ended by poison.")
    parser.add_argument("--customers", type=int, default=3)
    parser.add_argument("--close-after", type=float, default=10.0, help="seconds until the terminator")
    parser.add_argument("--seed", type=int, default=1, help="random seed, for repeatable runs")
    args = parser.parse_args(argv)
    execute(shop(args.customers, args.close_after, args.seed), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
