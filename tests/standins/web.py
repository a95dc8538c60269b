"""A plain web host stand-in on 127.0.0.1, for the link checker.

Built on ``base``: every request is logged (``server.count(...)``, ``server.requests``), faults
are injected with ``server.inject(prefix, fault)``. On top of that:

* a default site map (below), and ``server.route(path, answer)`` to add or replace a path
  (an exact path, without the query); an answer is a ``Response`` or a function of the request;
* ``StreamedResponse``: headers at once, then the body in slow chunks (a "very slow body");
* in-flight accounting per ``Host`` name: ``server.max_in_flight(host)``;
* an optional per-client rate limit: ``serve_web(rate_limit=N)`` answers 429 (``Retry-After: 1``)
  once a client (by address) got N answers within the last second; refused requests don't count.

Default site map (``<s>`` seconds, ``<n>`` a number):

========================================  ==================================================
path                                      answer
========================================  ==================================================
``/ok``                                   200
``/redirect/<code>``                      ``<code>`` (301, 302, 303, 307, 308) to ``/ok``
``/chain/<n>``                            302 to ``/chain/<n-1>``; ``/chain/0`` is 302 to ``/ok``
``/loop/a``, ``/loop/b``                  302 to each other
``/redirect-to?url=U&status=302``         a redirect to any URL ``U``
``/missing``                              404
``/gone``                                 410
``/head-refused``                         405 to HEAD, 200 to GET
``/status/<code>``                        that status (500, 502, 503, 401, 403, ...)
``/retry-after/seconds/<s>?times=k``      429 with ``Retry-After: <s>`` for the first ``k``
                                          requests to the path (default 1), then 200
``/retry-after/date/<s>?times=k``         the same with an HTTP date (rounded up to a second)
``/slow/<s>``                             200 after ``<s>`` seconds
``/slow-body/<s>``                        200 at once, the body trickling over ``<s>`` seconds
========================================  ==================================================
"""

from __future__ import annotations

import email.utils
import math
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .base import Request, Response, StandinServer, StreamedResponse, _Handler, run_server

Answer = Response | Callable[[Request], Response]


@dataclass
class WebRequest(Request):
    client: str = "127.0.0.1"  # the client's address (for the rate limit)


def head_refused(then: Answer, status: int = 405) -> Callable[[Request], Response]:
    """Answer ``status`` to HEAD and ``then`` to every other method."""

    def answer(request: Request) -> Response:
        if request.method == "HEAD":
            return Response(status, f"{request.method} not allowed", {"Allow": "GET"})
        return then(request) if callable(then) else then

    return answer


def redirect(location: str, status: int = 302) -> Response:
    return Response(status, f"see {location}", {"Location": location})


def sequence(*answers: Response) -> Callable[[Request], Response]:
    """The first request gets ``answers[0]``, the next ``answers[1]``...; the last one repeats."""
    lock = threading.Lock()
    served = 0

    def answer(request: Request) -> Response:
        nonlocal served
        with lock:
            index = min(served, len(answers) - 1)
            served += 1
        return answers[index]

    return answer


def http_date(at: float) -> str:
    return email.utils.formatdate(at, usegmt=True)


class WebServer(StandinServer):
    """The web stand-in; see the module docstring."""

    def __init__(
        self,
        routes: Mapping[str, Answer] | None = None,
        rate_limit: int | None = None,
        latency: float = 0.0,
    ) -> None:
        super().__init__(self._answer, latency)
        self.RequestHandlerClass = _WebHandler
        self.routes: dict[str, Answer] = dict(routes or {})
        self.rate_limit = rate_limit
        self._web_lock = threading.Lock()
        self._hits: dict[str, int] = defaultdict(int)  # by exact path
        self._in_flight: dict[str, int] = defaultdict(int)  # by Host name
        self._max_in_flight: dict[str, int] = defaultdict(int)
        self._accepted: dict[str, deque[float]] = defaultdict(deque)  # by client, for the limit
        self.rate_limited = 0  # requests answered 429 by the rate limit

    def route(self, path: str, answer: Answer) -> None:
        """Answer ``path`` (exact, without query) with ``answer`` from now on."""
        with self._web_lock:
            self.routes[path] = answer

    def url_for(self, path: str, host: str | None = None) -> str:
        """The full URL of ``path``, optionally with another host name for this server's port."""
        return f"http://{host or '127.0.0.1'}:{self.server_address[1]}{path}"

    def max_in_flight(self, host: str | None = None) -> int:
        """The most requests in progress at once: for one ``Host`` name, or the whole server."""
        with self._web_lock:
            if host is None:
                return self._max_in_flight["*"]
            return self._max_in_flight[host]

    # ---- bookkeeping called by the handler

    def enter(self, host: str) -> None:
        with self._web_lock:
            for key in (host, "*"):
                self._in_flight[key] += 1
                self._max_in_flight[key] = max(self._max_in_flight[key], self._in_flight[key])

    def leave(self, host: str) -> None:
        with self._web_lock:
            for key in (host, "*"):
                self._in_flight[key] -= 1

    # ---- answers

    def _answer(self, request: Request) -> Response:
        with self._web_lock:
            if self.rate_limit is not None and not self._admit(request):
                self.rate_limited += 1
                return Response(429, "slow down", {"Retry-After": "1"})
            self._hits[request.path] += 1
            hits = self._hits[request.path]
            answer = self.routes.get(request.path)
        if answer is not None:
            return answer(request) if callable(answer) else answer
        return _site_map(request, hits)

    def _admit(self, request: Request) -> bool:
        assert self.rate_limit is not None
        client = request.client if isinstance(request, WebRequest) else "?"
        window = self._accepted[client]
        now = time.monotonic()
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.rate_limit:
            return False
        window.append(now)
        return True


def _site_map(request: Request, hits: int) -> Response:
    parts = request.path.strip("/").split("/")
    head, rest = parts[0], parts[1:]
    if request.path == "/ok":
        return Response(200, "ok")
    if head == "redirect" and len(rest) == 1 and rest[0].isdigit():
        return redirect("/ok", int(rest[0]))
    if head == "chain" and len(rest) == 1 and rest[0].isdigit():
        n = int(rest[0])
        return redirect(f"/chain/{n - 1}" if n > 0 else "/ok")
    if request.path == "/loop/a":
        return redirect("/loop/b")
    if request.path == "/loop/b":
        return redirect("/loop/a")
    if request.path == "/redirect-to":
        return redirect(request.arg("url"), int(request.arg("status", "302")))
    if request.path == "/missing":
        return Response(404, "not found")
    if request.path == "/gone":
        return Response(410, "gone")
    if request.path == "/head-refused":
        return head_refused(Response(200, "ok"))(request)
    if head == "status" and len(rest) == 1 and rest[0].isdigit():
        return Response(int(rest[0]), f"status {rest[0]}")
    if head == "retry-after" and len(rest) == 2:
        seconds = float(rest[1])
        if hits > int(request.arg("times", "1")):
            return Response(200, "ok")
        if rest[0] == "date":
            # HTTP dates have whole seconds: round up so the client waits at least ``seconds``.
            value = http_date(math.ceil(time.time() + seconds))
        else:
            value = str(math.ceil(seconds))
        return Response(429, "too many requests", {"Retry-After": value})
    if head == "slow" and len(rest) == 1:
        return Response(200, "finally", delay=float(rest[0]))
    if head == "slow-body" and len(rest) == 1:
        chunks = 20
        return StreamedResponse(
            200, b"x" * 1000 * chunks, chunks=chunks, chunk_delay=float(rest[0]) / chunks
        )
    return Response(404, "no such page")


def _host_name(host_header: str) -> str:
    """``127.0.0.1:8080`` → ``127.0.0.1``; ``[::1]:80`` → ``::1``."""
    return urlsplit(f"//{host_header}").hostname or host_header


class _WebHandler(_Handler):
    """The base handler, plus client address, in-flight accounting and streamed bodies."""

    server: WebServer

    def _make_request(self, **fields: Any) -> Request:
        return WebRequest(**fields, client=str(self.client_address[0]))

    def _serve(self) -> None:
        request = self._read_request()
        host = _host_name(request.headers.get("host", ""))
        self.server.enter(host)
        counted = True

        def finishing() -> None:  # before the last bytes: see _Handler._answer
            nonlocal counted
            if counted:
                counted = False
                self.server.leave(host)

        try:
            self._answer(request, finishing)
        finally:
            finishing()

    do_GET = do_POST = do_HEAD = do_PATCH = do_PUT = do_DELETE = _serve


@contextmanager
def serve_web(
    routes: Mapping[str, Answer] | None = None,
    *,
    rate_limit: int | None = None,
    latency: float = 0.0,
) -> Iterator[WebServer]:
    """Run a ``WebServer`` on 127.0.0.1 (a free port) for the duration of the block."""
    with run_server(WebServer(routes, rate_limit, latency), "web-standin", 0.02) as server:
        yield server


__all__ = [
    "Answer",
    "StreamedResponse",
    "WebRequest",
    "WebServer",
    "head_refused",
    "http_date",
    "redirect",
    "sequence",
    "serve_web",
]
