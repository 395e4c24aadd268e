"""Client-server: a key-value store served to several clients.

    python -m tutorial.part08.client_server --clients 3 --servers 2

Each request carries its own reply channel (``csp.patterns.request`` makes
one per call), so any number of clients can share one ``requests`` channel,
and any number of servers can read it to share the load. The store is
owned by a single process at a time (one server answers one request at a
time, and only servers touch the dictionary), so it needs no lock.
"""

from __future__ import annotations

import argparse
from typing import Any, Generator

from csp import Channel, Par, Timer, process
from csp.patterns import Server, request

from ..runner import execute


def make_handler(store: dict[str, int]) -> Any:
    """The server's handler: a plain function from request to answer."""

    def handle(message: tuple[str, str, int]) -> Any:
        op, key, amount = message
        if op == "add":
            store[key] = store.get(key, 0) + amount
            return store[key]
        if op == "get":
            return store.get(key, 0)
        raise ValueError(f"unknown operation {op!r}")

    return handle


@process
def client(name: str, requests: Channel, rounds: int) -> Generator[Any, Any, int]:
    """Add to a shared counter and to a counter of its own; return its last shared total."""
    total = 0
    for i in range(rounds):
        total = yield request(requests, ("add", "shared", 1))
        yield request(requests, ("add", name, i))
        yield Timer().sleep(0.1)
    print(f"{name} done; the shared counter was {total} after its last visit")
    return total


@process
def office(clients: int, servers: int, rounds: int) -> Generator[Any, Any, dict[str, int]]:
    """Clients and servers; when every client is done, poison the requests: the servers end."""
    store: dict[str, int] = {}
    requests = Channel(name="requests")
    handler = make_handler(store)

    @process
    def all_clients() -> Generator[Any, Any, None]:
        yield Par(*[client(f"client{n}", requests, rounds) for n in range(1, clients + 1)])
        requests.poison()

    yield Par(all_clients(), *[Server(requests, handler) for _ in range(servers)])
    print("store:", dict(sorted(store.items())))
    return store


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="A key-value store as a CSP server.")
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args(argv)
    execute(office(args.clients, args.servers, args.rounds), reactor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
