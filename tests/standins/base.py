"""A small threaded HTTP server on 127.0.0.1 (a free port) that logs every request it gets.

Each stand-in subclasses ``StandinHandler`` and implements ``handle(request) -> Response``.
Faults are injected per path prefix with ``server.inject(...)``; every request is recorded, so
tests can assert how many requests a run made. Two answers that are faults of the connection
itself: ``Response(reset=True)`` closes it with a TCP reset instead of answering, and a
``StreamedResponse`` sends its headers at once and its body in slow chunks.
"""

from __future__ import annotations

import json
import math
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    time: float

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Response:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/plain; charset=utf-8"
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # no answer: the connection is closed with a TCP reset (RST)

    @classmethod
    def json(cls, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
        return cls(status, json.dumps(data), headers or {}, "application/json; charset=utf-8")


@dataclass
class StreamedResponse(Response):
    """Headers at once; then ``body`` in ``chunks`` pieces, ``chunk_delay`` seconds apart."""

    chunks: int = 10
    chunk_delay: float = 0.5


S = TypeVar("S", bound="StandinServer")
Fault = Callable[[Request], Response | None]


def send_reset(connection: socket.socket) -> None:
    """Close ``connection`` so that the client gets ECONNRESET rather than an orderly end."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


class StandinServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, handle: Callable[[Request], Response], latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.handle_request_fn = handle
        self.latency = latency
        self.requests: list[Request] = []
        self._faults: list[tuple[str, Fault]] = []
        self._lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gives up (a timeout test, a deadline) closes the connection under a
        # handler: that is the test working, not a stand-in error worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def inject(self, path_prefix: str, fault: Fault) -> None:
        """Answer requests under ``path_prefix`` with ``fault(request)`` while it returns one."""
        with self._lock:
            self._faults.append((path_prefix, fault))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def count(self, method: str | None = None, path_prefix: str = "") -> int:
        with self._lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method) and r.path.startswith(path_prefix)
            )

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()

    def _dispatch(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
            faults = list(self._faults)
        for prefix, fault in faults:
            if request.path.startswith(prefix):
                answer = fault(request)
                if answer is not None:
                    return answer
        return self.handle_request_fn(request)


class _Handler(BaseHTTPRequestHandler):
    server: StandinServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _make_request(self, **fields: Any) -> Request:
        """The request object handlers see; a stand-in may return a richer one."""
        return Request(**fields)

    def _read_request(self) -> Request:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        return self._make_request(
            method=self.command,
            path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
            time=time.monotonic(),
        )

    def _answer(self, request: Request, finishing: Callable[[], None] = lambda: None) -> None:
        """Dispatch, wait the latency, then reset the connection or write the answer.

        ``finishing`` runs just before the answer's last bytes leave: once they arrive the
        client may send its next request, which must not find this one still counted."""
        response = self.server._dispatch(request)
        if self.server.latency or response.delay:
            time.sleep(self.server.latency + response.delay)
        if response.reset:
            self.close_connection = True
            finishing()
            send_reset(self.connection)
            return
        payload = response.body.encode() if isinstance(response.body, str) else response.body
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            if self.command == "HEAD":
                finishing()
                self.end_headers()
                return
            self.end_headers()
            if not isinstance(response, StreamedResponse):
                finishing()
                self.wfile.write(payload)
                return
            self.wfile.flush()
            size = math.ceil(len(payload) / max(response.chunks, 1)) or 1
            for start in range(0, len(payload), size):
                time.sleep(response.chunk_delay)
                if start + size >= len(payload):
                    finishing()
                self.wfile.write(payload[start : start + size])
                self.wfile.flush()
        except OSError:  # the client went away (gave up, timed out)
            self.close_connection = True

    def _serve(self) -> None:
        self._answer(self._read_request())

    do_GET = do_POST = do_HEAD = do_PATCH = do_PUT = do_DELETE = _serve


@contextmanager
def run_server(server: S, name: str, poll_interval: float = 0.05) -> Iterator[S]:
    """Serve ``server`` on a daemon thread for the block. A short poll interval, because
    ``shutdown()`` waits up to one interval and tests start many servers."""
    thread = threading.Thread(
        target=server.serve_forever, args=(poll_interval,), name=name, daemon=True
    )
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve(handle: Callable[[Request], Response], latency: float = 0.0) -> Iterator[StandinServer]:
    with run_server(StandinServer(handle, latency), "standin") as server:
        yield server
