"""A token ring: tokens travel round a ring of processes; only the holder may act.

    python -m tutorial.part08.token_ring --nodes 5 --tokens 2 --laps 3

``csp.patterns.TokenRing(node, size, numtoks)`` builds the ring: node ``i``
reads from node ``i - 1`` and writes to node ``i + 1``. Node 0 puts the
tokens into circulation. A token is the right to do something (here: to
add the node's mark to the token's log), which makes it a classic way to
share a resource without a lock or a central arbiter.
"""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any, Generator

from csp import Channel, process
from csp.patterns import TokenRing

from ..runner import execute


@process
def node(index: int, tokens: int, numnodes: int, inchan: Channel, outchan: Channel,
         laps: int = 2) -> Generator[Any, Any, int]:
    """Pass every token on ``laps`` times round, stamping it; node 0 starts and collects them."""
    if index == 0:
        for t in range(tokens):
            yield outchan.write({"token": t, "visits": []})
    passes = laps * tokens if index else (laps - 1) * tokens
    for _ in range(passes):
        token = yield inchan.read()
        token["visits"].append(index)
        yield outchan.write(token)
    if index == 0:
        for _ in range(tokens):  # every token comes home one last time
            token = yield inchan.read()
            token["visits"].append(0)
            print(f"token {token['token']} made {laps} laps: {len(token['visits'])} visits")
        passes += tokens
    return passes  # how many tokens this node received


def ring(nodes: int, tokens: int, laps: int) -> TokenRing:
    """The ring; ``partial`` fixes ``laps``, TokenRing gives each node the rest."""
    return TokenRing(partial(node, laps=laps), nodes, numtoks=tokens)


def main(argv: list[str] | None = None, reactor: Any = None) -> int:
    parser = argparse.ArgumentParser(description="A token ring of CSP processes.")
    parser.add_argument("--nodes", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=2)
    parser.add_argument("--laps", type=int, default=3)
    args = parser.parse_args(argv)
    passes = execute(ring(args.nodes, args.tokens, args.laps), reactor)
    print(f"{sum(passes)} hand-overs in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
