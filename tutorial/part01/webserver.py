"""A concurrent web server: every request is handled by its own process.

Run it from the repository root (after ``pip install``, ``python -m csp_tutorial.part01.webserver``
runs it from anywhere)::

    python -m tutorial.part01.webserver                     # serves tutorial/part01/www on port 8000
    python -m tutorial.part01.webserver --root . --port 0   # any folder, any free port
    python -m tutorial.part01.webserver --max-requests 3    # stop cleanly after three requests

The network::

    Twisted protocol --requests--> dispatcher --spawns--> handle (one per request)
                                                               \\--log--> logger

The Twisted protocol reads the head of an HTTP request and puts it on the
``requests`` channel (``requests.put(...)`` gives a Deferred: this is how
Twisted code outside any process talks to processes; the channel is made
with ``external=True``, which says that the outside feeds it, so a server
waiting for its first request is not a deadlock). The dispatcher reads
requests and starts one ``handle`` process per request, so a slow client
never holds up the others. Handlers send one log line each to the logger.
Poisoning ``requests`` shuts everything down cleanly: the dispatcher stops
taking requests, waits for the handlers still running, and its poison spreads
to the ``log`` channel, which ends the logger; then the port is closed.
"""

from __future__ import annotations

import argparse
import mimetypes
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generator, TextIO
from urllib.parse import unquote, urlsplit

from twisted.internet.defer import Deferred
from twisted.internet.protocol import Factory, Protocol
from twisted.python.failure import Failure

from csp import Channel, ChannelPoison, Par, ProcessHandle, forever, process

WWW = Path(__file__).with_name("www")
"""The folder served by default: a small site written for this example."""

CHUNK = 64 * 1024
"""Files are sent in pieces of this size, letting other processes run in between."""

MAX_HEAD = 16 * 1024
"""The longest request head (request line and headers) the server accepts."""

ALLOWED = ("GET", "HEAD")

REASONS = {
    200: "OK",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    431: "Request Header Fields Too Large",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


# -- the Twisted side: bytes in, requests out ---------------------------------------


class HTTPConnection(Protocol):
    """One client connection: reads a request head and puts a :class:`Request` on a channel."""

    def __init__(self, requests: Channel) -> None:
        self.requests = requests
        self.buffer = b""
        self.handed_over = False
        self.closed = False
        self.lost: Deferred = Deferred()  # fires once the connection is closed

    def dataReceived(self, data: bytes) -> None:
        if self.handed_over:
            return  # a request body or a pipelined request: we answer one request per connection
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buffer) > MAX_HEAD:
                self.handed_over = True
                self.reply(431, "The request head is too long.")
            return
        self.handed_over = True
        try:
            request = parse_head(self.buffer[:end], self)
        except ValueError as error:
            self.reply(400, str(error))
            return
        # Hand the request to the processes. The Deferred fires when the
        # dispatcher has taken it, or fails if the server is shutting down.
        self.requests.put(request).addErrback(self.refused)

    def refused(self, failure: Any) -> None:
        """The ``requests`` channel was poisoned: the server is stopping."""
        failure.trap(ChannelPoison)
        self.reply(503, "The server is shutting down.")

    def connectionLost(self, reason: Any = None) -> None:
        self.closed = True
        if not self.lost.called:  # (it was cancelled if a handler waiting on it was)
            self.lost.callback(None)

    def send_head(self, status: int, headers: dict[str, str]) -> None:
        """Write the status line and the headers (every response closes the connection)."""
        lines = [f"HTTP/1.1 {status} {REASONS[status]}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines += ["Connection: close", "", ""]
        self.transport.write("\r\n".join(lines).encode("latin-1"))

    def send_body(self, data: bytes) -> None:
        self.transport.write(data)

    def finish(self) -> Deferred:
        """Close the connection once everything written is sent; the Deferred fires when closed."""
        self.transport.loseConnection()
        return self.lost

    def reply(self, status: int, message: str, headers: dict[str, str] | None = None,
              with_body: bool = True) -> int:
        """Send a complete small HTML response; return the number of body bytes."""
        body = error_page(status, message)
        self.send_head(status, {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Length": str(len(body)),
            **(headers or {}),
        })
        if with_body:
            self.send_body(body)
        self.transport.loseConnection()
        return len(body) if with_body else 0

    @property
    def peer(self) -> str:
        return getattr(self.transport.getPeer(), "host", "?")


class HTTPFactory(Factory):
    """Makes one :class:`HTTPConnection` per client, all feeding the same channel."""

    def __init__(self, requests: Channel) -> None:
        self.requests = requests

    def buildProtocol(self, addr: Any) -> HTTPConnection:
        return HTTPConnection(self.requests)


@dataclass
class Request:
    """The head of one HTTP request, and the connection to answer on."""

    method: str
    target: str
    version: str
    headers: dict[str, str] = field(default_factory=dict)
    connection: HTTPConnection | None = None

    def __str__(self) -> str:
        return f"{self.method} {self.target} {self.version}"


def parse_head(head: bytes, connection: HTTPConnection | None = None) -> Request:
    """Parse a request line and headers; raise ValueError if they are malformed.

    >>> parse_head(b"GET /index.html HTTP/1.1\\r\\nHost: x").target
    '/index.html'
    """
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split()
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise ValueError(f"Malformed request line: {lines[0][:80]!r}")
    method, target, version = parts
    headers = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(f"Malformed header line: {line[:80]!r}")
        headers[name.strip().lower()] = value.strip()
    return Request(method, target, version, headers, connection)


def error_page(status: int, message: str) -> bytes:
    """A small HTML page for an error (or any short) response."""
    title = f"{status} {REASONS[status]}"
    return (
        f"<!doctype html>\n<html><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{message}</p></body></html>\n"
    ).encode()


def resolve(root: Path, target: str) -> Path | None:
    """The file under ``root`` that ``target`` names, or None if there is none.

    A folder means its ``index.html``. Names that climb out of ``root``
    (``..``, or a symbolic link pointing elsewhere) name nothing.
    """
    parts = [unquote(p) for p in urlsplit(target).path.split("/") if p]
    if any(p in (".", "..") or "/" in p or "\\" in p or "\0" in p for p in parts):
        return None
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root.resolve()) or not resolved.is_file():
        return None
    return resolved


def content_type(path: Path) -> str:
    """The MIME type to send for ``path`` (text gets an explicit charset)."""
    kind, _encoding = mimetypes.guess_type(path.name)
    if kind is None:
        return "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
        return f"{kind}; charset=utf-8"
    return kind


# -- the processes ----------------------------------------------------------------


@process
def handle(request: Request, root: Path, log: Channel) -> Generator[Any, Any, int]:
    """Answer one request: the file it names, 404 if there is none, 405 for other methods."""
    conn = request.connection
    assert conn is not None, "a request to handle needs its connection"
    head_only = request.method == "HEAD"
    if request.method not in ALLOWED:
        status = 405
        sent = conn.reply(405, f"{request.method} is not allowed here.",
                          {"Allow": ", ".join(ALLOWED)})
    elif (path := resolve(root, request.target)) is None:
        status = 404
        sent = conn.reply(404, "There is no such file here.", with_body=not head_only)
    else:
        status, sent = 200, 0
        try:
            f = path.open("rb")
        except OSError as error:
            status = 500
            sent = conn.reply(500, f"The file could not be read: {error.strerror}.")
        else:
            with f:
                conn.send_head(200, {
                    "Content-Type": content_type(path),
                    "Content-Length": str(path.stat().st_size),
                })
                while not head_only and not conn.closed and (chunk := f.read(CHUNK)):
                    conn.send_body(chunk)
                    sent += len(chunk)
                    yield  # a checkpoint: other requests are served between pieces
    # Waiting until the connection is closed (all sent) makes a clean shutdown complete.
    yield conn.finish()
    yield log.write(f'{conn.peer} "{request}" {status} {sent}')
    return status


@process
def dispatcher(requests: Channel, root: Path, log: Channel,
               max_requests: int | None = None) -> Generator[Any, Any, None]:
    """Start one handler process per request; after ``max_requests`` of them, poison ``requests``."""
    running: list[ProcessHandle] = []
    served = 0
    try:
        while True:
            request = yield requests.read()
            handler = handle(request, root, log).spawn()
            running.append(handler)
            handler.deferred.addBoth(finished, handler, request, running)
            served += 1
            if served == max_requests:
                requests.poison()
    except ChannelPoison:
        # Shutting down: no new requests, but let the ones in progress finish.
        for handler in list(running):
            yield handler
        raise  # the poison spreads to every channel among our arguments: `log` too


def finished(result: Any, handler: ProcessHandle, request: Request,
             running: list[ProcessHandle]) -> None:
    """A handler ended: forget it, and report it on stderr if it failed."""
    running.remove(handler)
    if isinstance(result, Failure):
        print(f"The handler for {request} failed:\n{result.getTraceback()}", file=sys.stderr)


@forever
def logger(log: Channel, out: TextIO | None = None) -> Generator[Any, Any, None]:
    """Print every log line (to ``out``, standard output by default); ends when ``log`` is poisoned."""
    while True:
        line = yield log.read()
        print(line, file=out or sys.stdout, flush=True)


@process
def serve(root: Path, requests: Channel, port: int = 8000, interface: str = "127.0.0.1",
          ready: Channel | None = None, max_requests: int | None = None,
          reactor: Any = None, log_file: TextIO | None = None) -> Generator[Any, Any, None]:
    """Listen on ``interface:port``, serve files from ``root`` until ``requests`` is poisoned.

    Once listening, the server's address (``http://host:port/``) is printed
    and, if ``ready`` is given, written to it (port 0 picks a free port, so
    this is how a caller learns which one). Log lines go to ``log_file``
    (standard output by default).
    """
    if reactor is None:
        from twisted.internet import reactor
    listening = reactor.listenTCP(port, HTTPFactory(requests), interface=interface)
    address = listening.getHost()
    url = f"http://{address.host}:{address.port}/"
    print(f"Serving {root} at {url}", flush=True)
    try:
        if ready is not None:
            yield ready.write(url)
        log = Channel(name="log")
        # The network is spawned and waited on through its handle, not run
        # with `yield Par(...)`: until the first client connects, every
        # process in it is blocked on a channel, and only Twisted (the
        # listening port) can wake them, which the deadlock detector cannot
        # see. Waiting on a handle is waiting on Twisted, so it is not a deadlock.
        network = Par(dispatcher(requests, root, log, max_requests), logger(log, log_file)).spawn()
        try:
            yield network
        finally:
            network.cancel()  # does nothing if the network has ended; stops it if we were cancelled
    finally:
        yield listening.stopListening()
        print("Server stopped.", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=WWW, help="folder to serve (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port; 0 picks a free one")
    parser.add_argument("--interface", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--max-requests", type=int, default=None,
                        help="stop cleanly after this many requests (default: serve until Ctrl-C)")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"{args.root} is not a folder")
    requests = Channel(name="requests", external=True)  # fed by the Twisted protocol
    try:
        serve(args.root, requests, args.port, args.interface, max_requests=args.max_requests).start()
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
