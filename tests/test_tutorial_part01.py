"""Part 1: the process examples, and the web server fetched over HTTP on 127.0.0.1.

The server runs on the real Twisted reactor (in the background thread that
``start()`` starts: the ``background_reactor`` fixture) and is fetched by Python's own HTTP client from this
thread and from a pool of threads, every call bounded by a timeout.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest
from tutorial_helpers import TUTORIAL, check_markdown
from twisted.internet import reactor
from twisted.internet.task import Clock
from twisted.internet.threads import blockingCallFromThread

from csp import Channel, ProcessHandle
from tutorial.part01 import processes, webserver

TIMEOUT = 5.0
REPO = TUTORIAL.parent

pytestmark = pytest.mark.usefixtures("background_reactor")


def test_document_snippets_run_and_print_what_they_say() -> None:
    assert check_markdown(TUTORIAL / "part01" / "README.md") >= 10


def test_processes_example_interleaves_and_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert processes.main(["2"], reactor=Clock()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "generator counts 1",
        "generator counts 2",
        "coroutine counts 1",
        "coroutine counts 2",
        "4 lines printed",
    ]


# -- the web server ------------------------------------------------------------------


class Server:
    """A running web server: its URL, its requests channel and its handle."""

    def __init__(self, root: Path, log: io.StringIO | None = None) -> None:
        self.root = root
        self.requests = Channel(name="requests", external=True)
        self.log = log if log is not None else io.StringIO()
        ready = Channel(1)
        self.handle: ProcessHandle = webserver.serve(root, self.requests, 0, ready=ready,
                                                     log_file=self.log).spawn()
        self.url: str = blockingCallFromThread(reactor, ready.get)
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def stop(self) -> None:
        """Poison the requests channel and wait (bounded) for the server process to end."""
        self.requests.poison()
        blockingCallFromThread(reactor, lambda: self.handle.deferred)


def fetch(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def raw(port: int, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as s:
        s.sendall(data)
        return read_all(s)


def read_all(s: socket.socket) -> bytes:
    chunks = []
    while chunk := s.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site") / "www"
    shutil.copytree(webserver.WWW, root)
    # Large enough to be sent in several pieces, with a checkpoint between them.
    (root / "big.bin").write_bytes(bytes(range(256)) * 1200)
    (root / "empty").mkdir()
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[Server]:
    running = Server(site)
    yield running
    running.stop()


@pytest.mark.parametrize(
    ("path", "file", "mime"),
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/index.html", "index.html", "text/html; charset=utf-8"),
        ("/style.css", "style.css", "text/css; charset=utf-8"),
        ("/about.txt", "about.txt", "text/plain; charset=utf-8"),
        ("/images/logo.svg", "images/logo.svg", "image/svg+xml; charset=utf-8"),
        ("/data/primes.json", "data/primes.json", "application/json"),
        ("/big.bin", "big.bin", "application/octet-stream"),
    ],
)
def test_serves_real_files_with_their_mime_types(server: Server, path: str, file: str, mime: str) -> None:
    status, headers, body = fetch(server.url.rstrip("/") + path)
    assert status == 200
    assert headers["Content-Type"] == mime
    expected = (server.root / file).read_bytes()
    assert body == expected
    assert headers["Content-Length"] == str(len(expected))


@pytest.mark.parametrize("path", ["/missing.html", "/images/", "/empty/", "/data/primes.json/x"])
def test_missing_files_are_404(server: Server, path: str) -> None:
    status, headers, body = fetch(server.url.rstrip("/") + path)
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"404 Not Found" in body


def test_paths_climbing_out_of_the_root_are_404(server: Server) -> None:
    for target in (b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/..%2f..%2fetc/passwd"):
        reply = raw(server.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert reply.startswith(b"HTTP/1.1 404 Not Found\r\n"), target


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_other_methods_are_405_with_an_allow_header(server: Server, method: str) -> None:
    status, headers, body = fetch(server.url, method=method)
    assert status == 405
    assert headers["Allow"] == "GET, HEAD"
    assert b"405 Method Not Allowed" in body


def test_head_sends_the_headers_without_the_body(server: Server) -> None:
    status, headers, body = fetch(server.url + "about.txt", method="HEAD")
    assert status == 200
    assert headers["Content-Length"] == str(len((server.root / "about.txt").read_bytes()))
    assert body == b""


def test_a_malformed_request_is_400(server: Server) -> None:
    assert raw(server.port, b"HELLO\r\n\r\n").startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert raw(server.port, b"GET / HTTP/1.1\r\nno colon here\r\n\r\n").startswith(b"HTTP/1.1 400 ")


def test_many_clients_at_once(server: Server) -> None:
    paths = ["", "about.txt", "big.bin", "missing", "style.css"] * 8
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda p: fetch(server.url + p), paths))
    statuses = [status for status, _h, _b in results]
    assert statuses == [404 if p == "missing" else 200 for p in paths]
    big = (server.root / "big.bin").read_bytes()
    assert all(body == big for (_s, _h, body), p in zip(results, paths, strict=True) if p == "big.bin")


def test_a_stalled_client_does_not_hold_up_the_others(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as slow:
        slow.sendall(b"GET /about.txt HTTP/1.1\r\nHo")  # half a request, then silence
        assert fetch(server.url)[0] == 200
        assert fetch(server.url + "style.css")[0] == 200
        slow.sendall(b"st: x\r\n\r\n")
        reply = read_all(slow)
    assert reply.startswith(b"HTTP/1.1 200 OK\r\n")
    assert reply.endswith((server.root / "about.txt").read_bytes())


def test_poison_shuts_the_server_down_cleanly(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    running = Server(site)
    # A client that has sent half a request when the server stops gets a 503.
    half = socket.create_connection(("127.0.0.1", running.port), timeout=TIMEOUT)
    with half:
        half.sendall(b"GET / HTTP/1.1\r\n")
        # Connections are accepted in order: once this one is answered, `half` is accepted too.
        assert fetch(running.url)[0] == 200
        running.stop()
        assert running.handle.done
        half.sendall(b"\r\n")
        assert read_all(half).startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", running.port), timeout=TIMEOUT).close()
    assert '"GET / HTTP/1.1" 200' in running.log.getvalue()
    assert capsys.readouterr().out.rstrip().endswith("Server stopped.")


@pytest.mark.slow  # starts a Python interpreter
def test_the_command_line_serves_and_stops_after_max_requests(site: Path) -> None:
    command = [sys.executable, "-m", "tutorial.part01.webserver", "--root", str(site),
               "--port", "0", "--max-requests", "2"]
    with subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            first = proc.stdout.readline()
            assert first.startswith(f"Serving {site} at http://127.0.0.1:")
            url = first.split(" at ")[1].strip()
            assert fetch(url + "about.txt")[0] == 200
            assert fetch(url + "nope")[0] == 404
            rest = proc.communicate(timeout=TIMEOUT)[0]
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0
    assert rest.splitlines()[-1] == "Server stopped."
    assert '"GET /about.txt HTTP/1.1" 200' in rest


def test_parse_head_and_resolve(site: Path) -> None:
    request = webserver.parse_head(b"GET /a%20b?q=1 HTTP/1.0\r\nHost: example\r\nX-Y:  z ")
    assert (request.method, request.target, request.version) == ("GET", "/a%20b?q=1", "HTTP/1.0")
    assert request.headers == {"host": "example", "x-y": "z"}
    with pytest.raises(ValueError):
        webserver.parse_head(b"GET /")
    assert webserver.resolve(site, "/?x=1") == (site / "index.html").resolve()
    assert webserver.resolve(site, "/data/primes.json") == (site / "data/primes.json").resolve()
    assert webserver.resolve(site, "/../www/index.html") is None
