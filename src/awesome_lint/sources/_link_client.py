"""The link checker's network half: httpx, httpcore and tenacity, imported only when a link is
really asked for (``sources.http`` decides that, and documents the behaviour).

Without DNS no link is asked for at all, so a run without network never pays for these imports.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import functools
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import httpcore
import httpx
import tenacity
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from awesome_lint.deadline import REASON as DEADLINE_REASON
from awesome_lint.deadline import Deadline
from awesome_lint.facts import FactStatus, LinkFact
from awesome_lint.sources.http import (
    _ACCEPT,
    _HOST_RE,
    ACCESS_DENIED,
    DEAD,
    DNS_CANARIES,
    HEAD_REFUSED,
    MAX_CONNECTIONS,
    MAX_HOST_INTERVAL,
    MAX_REDIRECTS,
    REDIRECTS,
    RETRY_STATUSES,
    SKIPPED_HOSTS,
    is_public_address,
    needs_dns,
    parse_retry_after,
)

if TYPE_CHECKING:
    from awesome_lint.sources.http import LinkSource

# --------------------------------------------------------------------------- internal errors


class _Retryable(Exception):
    """A status worth retrying (429, 5xx, 408); carries what the server asked us to wait."""

    def __init__(self, status: int, url: httpx.URL, retry_after: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.url = url
        self.retry_after = retry_after


class _RateLimited(Exception):
    """The host asked us to wait longer than ``max_retry_wait``: give up without a request."""


# A request cut short this close to the run's deadline was stopped by it, not by its timeout.
_DEADLINE_SLACK = 0.05


class _Silent(Exception):
    """A request to the host timed out already in this run: its other URLs are not asked."""


class _DeadlineReached(Exception):
    """The run's deadline has passed (or would, before a wait ends): no more requests."""


class _Refused(httpcore.ConnectError):
    """Raised by the network backend: the address is private, or the name does not resolve."""


@dataclass(frozen=True, slots=True)
class _Resolution:
    addresses: tuple[str, ...] = ()
    error: Literal["nxdomain", "failure", "timeout"] | None = None


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    url: httpx.URL
    location: str | None
    retry_after: float | None  # seconds, from a 429/503 answer


@dataclass(slots=True)
class _Host:
    semaphore: asyncio.Semaphore
    interval: float  # seconds between request starts; doubled by a 429, reset by a 2xx
    blocked_until: float = 0.0  # monotonic; set by Retry-After, shared by all URLs on the host
    last_start: float = float("-inf")  # monotonic: when the last request went out
    exhausted: bool = False  # a URL got 429 after all its attempts: no more requests
    silent: bool = False  # a request timed out: the host's other URLs are not asked either
    pace: asyncio.Lock = field(default_factory=asyncio.Lock)  # one request at a time takes its turn
    recent: collections.deque[_Turn] = field(default_factory=collections.deque)  # in the window

    def answered(self, status: int, base: float, retry_after: float | None) -> None:
        if status == 429 and retry_after is None:  # with Retry-After, the block says it all
            self.interval = min(max(self.interval * 2, base, 0.5), MAX_HOST_INTERVAL)
        elif 200 <= status < 300:
            self.interval = base


class _Turn:
    """One request's place in its host's window: set once its answer (or failure) is back."""

    __slots__ = ("done", "ended")

    def __init__(self) -> None:
        self.done = asyncio.Event()
        self.ended = 0.0  # monotonic

    def end(self) -> None:
        self.ended = time.monotonic()
        self.done.set()


@dataclass(slots=True)
class _Verdict:
    status: FactStatus
    reason: str = ""
    http_status: int | None = None
    final_url: str | None = None


_NXDOMAIN_CODES = frozenset(
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
)


# --------------------------------------------------------------------------- DNS


class _Resolver:
    """Resolves each host once per run (so the connection uses the vetted answer) + the canary."""

    def __init__(self, timeout: float, public_dns: bool | None = None) -> None:
        self._timeout = timeout
        self._cache: dict[str, asyncio.Future[_Resolution]] = {}
        self._dns_works: asyncio.Future[bool] | None = None
        self._known = public_dns  # what the caller's canary said already (None: not asked)
        # Our own pool: a hung getaddrinfo must not hold up asyncio.run's executor shutdown.
        self._executor = concurrent.futures.ThreadPoolExecutor(8, thread_name_prefix="dns")

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def resolve(self, host: str) -> _Resolution:
        host = host.lower()
        try:
            return _Resolution((str(ipaddress.ip_address(host)),))  # a literal: no DNS
        except ValueError:
            pass
        future = self._cache.get(host)
        if future is None:
            future = asyncio.ensure_future(self._lookup(host))
            self._cache[host] = future
        return await asyncio.shield(future)

    async def _lookup(self, host: str) -> _Resolution:
        loop = asyncio.get_running_loop()
        # socket.getaddrinfo is looked up per call, so tests can replace it.
        call = functools.partial(socket.getaddrinfo, host, None, type=socket.SOCK_STREAM)
        try:
            infos = await asyncio.wait_for(
                loop.run_in_executor(self._executor, call), self._timeout
            )
        except TimeoutError:
            return _Resolution(error="timeout")
        except socket.gaierror as exc:
            return _Resolution(error="nxdomain" if exc.errno in _NXDOMAIN_CODES else "failure")
        except (OSError, UnicodeError):
            return _Resolution(error="failure")
        addresses = tuple(dict.fromkeys(str(info[4][0]) for info in infos))
        return _Resolution(addresses) if addresses else _Resolution(error="nxdomain")

    async def dns_works(self) -> bool:
        """Whether the resolver answers for a canary name at all (checked once, lazily)."""
        if self._known is not None:
            return self._known
        if self._dns_works is None:
            self._dns_works = asyncio.ensure_future(self._probe_canaries())
        return await asyncio.shield(self._dns_works)

    async def _probe_canaries(self) -> bool:
        for name in DNS_CANARIES:
            answer = await self.resolve(name)
            # A sinkhole answering 10.x for everything is not a working public DNS.
            if any(is_public_address(a) for a in answer.addresses):
                return True
        return False


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to the addresses the resolver vetted, re-checking them at connect time."""

    def __init__(self, resolver: _Resolver, allowed: Callable[[str], bool]) -> None:
        self._resolver = resolver
        self._allowed = allowed
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        resolution = await self._resolver.resolve(host)
        if resolution.error is not None:
            raise _Refused(f"cannot resolve {host}")
        if not self._allowed(host) and not all(map(is_public_address, resolution.addresses)):
            raise _Refused(f"private address for {host}")
        error: Exception = _Refused(f"no address for {host}")
        for address in resolution.addresses:  # in resolver order; next one if refused
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                error = exc
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise _Refused("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with our network backend.

    httpx has no public way to pass a network backend, so the pool is rebuilt with one; the rest
    (request mapping, exception mapping) stays httpx's own code.
    """

    def __init__(self, backend: httpcore.AsyncNetworkBackend, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
            raise RuntimeError("unsupported httpx version: no connection pool to guard")
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=True),  # honours SSL_CERT_FILE
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


class _Borrowed(httpx.AsyncBaseTransport):
    """The caller's transport, used but not closed: it may serve several ``check`` calls."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        pass


# --------------------------------------------------------------------------- retry policy


class _WaitRetryAfter(wait_base):
    """Wait what ``Retry-After`` says; otherwise the fallback (exponential with jitter)."""

    def __init__(self, fallback: wait_base, deadline: Deadline) -> None:
        self._fallback = fallback
        self._deadline = deadline

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            wait = exc.retry_after
        else:
            wait = self._fallback(retry_state)
        return self._deadline.bound(wait)  # the attempt after the deadline gives up at once


class _StopIfRetryAfterTooLong(stop_base):
    """Give up at once when the server asks for a longer wait than we accept.

    Waiting only ``max_retry_wait`` and asking again would ignore the server's ``Retry-After``.
    """

    def __init__(self, cap: float) -> None:
        self._cap = cap

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        return isinstance(exc, _Retryable) and (exc.retry_after or 0.0) > self._cap


def _is_tls_error(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _is_refused(exc: BaseException) -> bool:
    return isinstance(exc, _Refused) or isinstance(exc.__cause__, _Refused)


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, _Silent | TimeoutError | httpx.TimeoutException)


def _should_retry(exc: BaseException) -> bool:
    """Whether another attempt may succeed. Not after a timeout: a server that accepts and
    never answers would hold each attempt for the whole timeout again."""
    if isinstance(exc, _Retryable):
        return True
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        # A bad certificate or a refused address will not change on a second try.
        return not (_is_tls_error(exc) or _is_refused(exc))
    return False


# --------------------------------------------------------------------------- the source


def _parse(text: str) -> httpx.URL | Literal[False] | None:
    """The URL to fetch; None if it is an http(s) URL we cannot parse; False if not checked."""
    scheme = text.split(":", 1)[0].strip().lower() if ":" in text else ""
    if scheme not in ("http", "https"):
        return False
    try:
        url = httpx.URL(text.strip())
    except (httpx.InvalidURL, ValueError, UnicodeError):
        return None
    if url.host.lower().rstrip(".") in SKIPPED_HOSTS:
        return False
    return url


def _host_of(url: httpx.URL) -> str:
    return url.raw_host.decode("ascii").lower()


class _Run:
    """State for one ``check`` call: client, resolver, per-host limits."""

    def __init__(self, source: LinkSource) -> None:
        self.source = source
        self.resolver = _Resolver(source.connect_timeout, source.public_dns)
        self.hosts: dict[str, _Host] = {}
        # A second's worth of requests at the host's pace (ten at 0.1 s); none without a pace.
        base = source.host_interval
        count = max(1, round(1.0 / base)) if base > 0 else 0
        self.window = (count, count * base)
        self.connections = asyncio.Semaphore(MAX_CONNECTIONS)
        limits = httpx.Limits(
            max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS
        )
        transport: httpx.AsyncBaseTransport
        if source.transport is not None:
            transport = _Borrowed(source.transport)
        else:
            backend = _GuardedBackend(self.resolver, source.is_allowed)
            transport = _GuardedTransport(backend, limits)
        self.client = httpx.AsyncClient(
            transport=transport,
            # No pool timeout: our semaphores, not the pool, make requests wait their turn.
            timeout=httpx.Timeout(source.timeout, connect=source.connect_timeout, pool=None),
            follow_redirects=False,  # we follow them ourselves, vetting every hop
            headers={"User-Agent": source.user_agent, "Accept": _ACCEPT},
            trust_env=False,
        )

    async def __aenter__(self) -> _Run:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()

    def close(self) -> None:
        self.resolver.close()

    # ---- one URL

    async def check(self, url: httpx.URL | None) -> _Verdict:
        if url is None:
            return _Verdict(FactStatus.UNVERIFIED, "invalid URL")
        visits: dict[str, int] = {}
        for _hop in range(MAX_REDIRECTS + 1):
            current = str(url)
            visits[current] = visits.get(current, 0) + 1
            if visits[current] > 2:  # one revisit is a cookie round trip; two is a loop
                return _Verdict(FactStatus.UNVERIFIED, "redirect loop", None, current)
            if self.source.deadline.expired:  # not even a DNS lookup
                return _Verdict(FactStatus.UNVERIFIED, DEADLINE_REASON, None, current)
            refused = await self._vet(url)
            if refused is not None:
                refused.final_url = current
                return refused
            try:
                answer = await self._probe(url)
            except Exception as exc:  # every network failure becomes a verdict
                if isinstance(exc, _Retryable) and exc.status == 429:
                    self._host(url).exhausted = True
                verdict = _failure(exc, current)
                if _is_timeout(exc):
                    if self.source.deadline.remaining() < _DEADLINE_SLACK:
                        verdict.reason = DEADLINE_REASON  # the deadline cut it short
                    else:
                        self._host(url).silent = True
                return verdict
            if answer.status in REDIRECTS and answer.location:
                try:
                    url = url.join(answer.location.strip())
                except (httpx.InvalidURL, ValueError, UnicodeError):
                    return _Verdict(FactStatus.UNVERIFIED, "invalid URL", answer.status, current)
                if url.scheme not in ("http", "https"):
                    return _Verdict(
                        FactStatus.UNVERIFIED, "redirect to non-HTTP URL", answer.status, str(url)
                    )
                url = url.copy_with(fragment=None)
                continue
            return _final(answer)
        return _Verdict(FactStatus.UNVERIFIED, "too many redirects", None, str(url))

    async def _vet(self, url: httpx.URL) -> _Verdict | None:
        """Refuse a hop before any request: bad host, private address, name not resolving."""
        host = _host_of(url)
        allowed = self.source.is_allowed(host)
        try:
            literal: str | None = str(ipaddress.ip_address(host))
        except ValueError:
            literal = None
            if not _HOST_RE.match(host):
                return _Verdict(FactStatus.UNVERIFIED, "invalid URL")
        if literal is not None:
            if allowed or is_public_address(literal):
                return None
            return _Verdict(FactStatus.UNVERIFIED, "private address not checked")
        if self.source.transport is not None:
            return None  # the injected transport does its own (fake) networking
        # The canary first: without DNS, no name is looked up (each failing lookup can take
        # the resolver's timeout; hundreds of hosts took minutes). Hosts the user allowed may
        # be on a private resolver that works without public DNS: looked up all the same.
        if not allowed and needs_dns(host) and not await self.resolver.dns_works():
            return _Verdict(FactStatus.UNVERIFIED, "network unavailable")
        resolution = await self.resolver.resolve(host)
        if resolution.error is not None:
            if not await self.resolver.dns_works():
                return _Verdict(FactStatus.UNVERIFIED, "network unavailable")
            if resolution.error == "nxdomain":
                return _Verdict(FactStatus.MISSING, "host not found")
            return _Verdict(FactStatus.UNVERIFIED, "DNS failure")
        if not allowed and not all(map(is_public_address, resolution.addresses)):
            return _Verdict(FactStatus.UNVERIFIED, "private address not checked")
        return None

    async def _probe(self, url: httpx.URL) -> _Answer:
        """One hop, with retries: HEAD, then GET if HEAD is refused; remembered across retries."""
        source = self.source
        use_get = False
        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_exception(_should_retry),
            wait=_WaitRetryAfter(
                tenacity.wait_exponential_jitter(
                    multiplier=source.retry_base,
                    max=source.max_retry_wait,
                    jitter=source.retry_jitter,
                ),
                source.deadline,
            ),
            stop=(
                tenacity.stop_after_attempt(source.max_attempts)
                | _StopIfRetryAfterTooLong(source.max_retry_wait)
            ),
            reraise=True,
        )
        # A 429/503 to HEAD sets the host's Retry-After block, so the GET fallback waits too.
        async for attempt in retrying:
            with attempt:
                answer = None
                if not use_get:
                    answer = await self._send("HEAD", url)
                    use_get = answer.status in HEAD_REFUSED
                if use_get:
                    answer = await self._send("GET", url)
                assert answer is not None
                if answer.status in RETRY_STATUSES:
                    raise _Retryable(answer.status, url, answer.retry_after)
                return answer
        raise AssertionError("unreachable: tenacity reraises")  # pragma: no cover

    async def _send(self, method: str, url: httpx.URL) -> _Answer:
        host = self._host(url)
        deadline = self.source.deadline
        async with host.semaphore, self.connections:
            turn = await self._take_turn(host, url)
            try:
                self.source.report.requests += 1
                request = self.client.build_request(method, url)
                # httpx's timeout is per operation; this bounds a server trickling headers.
                response = await asyncio.wait_for(
                    self.client.send(request, stream=True),
                    deadline.bound(self.source.connect_timeout + self.source.timeout),
                )
                await response.aclose()  # headers are all we need; never download the body
            finally:
                turn.end()
        retry_after = None
        if response.status_code in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if retry_after is not None:
                until = time.monotonic() + retry_after
                host.blocked_until = max(host.blocked_until, until)
        host.answered(response.status_code, self.source.host_interval, retry_after)
        location = response.headers.get("Location")
        return _Answer(response.status_code, url, location, retry_after)

    async def _take_turn(self, host: _Host, url: httpx.URL) -> _Turn:
        """Wait for the host's pace, its window and any block it asked for; raise if we must
        not ask. The returned turn is ended when the answer is back."""
        deadline = self.source.deadline
        # One request at a time looks at the host's state, so those queued behind a 429 see its
        # block; the pace counts from when the last request really went out.
        async with host.pace:
            now = time.monotonic()
            if host.silent:
                raise _Silent(f"{_host_of(url)} did not answer in time")
            if host.exhausted:
                raise _RateLimited(f"{_host_of(url)} kept answering 429")
            if host.blocked_until - now > self.source.max_retry_wait:
                wait = host.blocked_until - now
                raise _RateLimited(f"{_host_of(url)} asked to wait {wait:.0f} s")
            await self._wait(max(host.last_start + host.interval, host.blocked_until) - now)
            await self._wait_for_the_window(host)
            if deadline.expired:
                raise _DeadlineReached()
            host.last_start = time.monotonic()
            turn = _Turn()
            host.recent.append(turn)
            return turn

    async def _wait_for_the_window(self, host: _Host) -> None:
        """At most ``window`` requests in any ``window * host_interval`` seconds, counted from
        when each was *answered*: a request held up on its way (a busy client, a new
        connection) can then never arrive among the next ones' window at the host."""
        window, span = self.window
        if window == 0:
            return
        while len(host.recent) >= window:
            oldest = host.recent[0]
            await oldest.done.wait()
            await self._wait(oldest.ended + span - time.monotonic())
            host.recent.popleft()

    async def _wait(self, seconds: float) -> None:
        """Sleep that long, unless it would end past the run's deadline: then give up now."""
        if seconds >= self.source.deadline.remaining():
            raise _DeadlineReached()
        if seconds > 0:
            await asyncio.sleep(seconds)

    def _host(self, url: httpx.URL) -> _Host:
        key = _host_of(url)
        host = self.hosts.get(key)
        if host is None:
            semaphore = asyncio.Semaphore(self.source.per_host)
            host = self.hosts[key] = _Host(semaphore, self.source.host_interval)
        return host


def _final(answer: _Answer) -> _Verdict:
    """The verdict for the last hop's status."""
    status, url = answer.status, str(answer.url)
    if 200 <= status < 300:
        return _Verdict(FactStatus.FOUND, "", status, url)
    if status in DEAD:
        return _Verdict(FactStatus.MISSING, "dead", status, url)
    if status in ACCESS_DENIED:
        reason = "access denied"
    elif status == 429:
        reason = "rate limited"
    elif status == 408:
        reason = "timeout"
    elif status >= 500:
        reason = "server error"
    else:
        reason = "unexpected HTTP status"
    return _Verdict(FactStatus.UNVERIFIED, reason, status, url)


def _failure(exc: Exception, url: str) -> _Verdict:
    """The verdict when a hop ended in an exception (after retries)."""
    if isinstance(exc, _Retryable):
        return _final(_Answer(exc.status, exc.url, None, exc.retry_after))
    if isinstance(exc, _DeadlineReached):
        reason = DEADLINE_REASON
    elif isinstance(exc, _RateLimited):
        reason = "rate limited"
    elif _is_refused(exc):
        # Only reachable if the backend disagrees with _vet (e.g. an injected resolver change).
        reason = "private address not checked"
    elif _is_timeout(exc):
        reason = "timeout"
    elif _is_tls_error(exc):
        reason = "TLS error"
    elif isinstance(exc, httpx.ConnectError):
        reason = "connection failed"
    elif isinstance(exc, httpx.TransportError):
        reason = "connection error"
    elif isinstance(exc, httpx.InvalidURL | ValueError | UnicodeError):
        reason = "invalid URL"
    else:
        raise exc  # a bug, not a network answer: let it show
    return _Verdict(FactStatus.UNVERIFIED, reason, None, url)


async def check(source: LinkSource, urls: Iterable[str]) -> dict[str, LinkFact]:
    """``LinkSource.acheck``: one fact per http(s) URL as given (badges and other schemes
    omitted); the verdicts are those of ``sources.http``'s docstring."""
    groups: dict[str, list[str]] = {}  # fetch URL (no fragment) -> URLs as given
    parsed: dict[str, httpx.URL | None] = {}
    for text in urls:
        if text in parsed:
            continue
        url = _parse(text)
        if url is False:
            continue  # not http(s), or a badge: not ours to judge
        parsed[text] = url
        key = text if url is None else str(url.copy_with(fragment=None))
        groups.setdefault(key, []).append(text)

    run = _Run(source)
    try:
        async with run:
            keys = list(groups)
            verdicts = await asyncio.gather(*(run.check(parsed[groups[k][0]]) for k in keys))
    finally:
        run.close()

    facts: dict[str, LinkFact] = {}
    for key, verdict in zip(keys, verdicts, strict=True):
        for text in groups[key]:
            facts[text] = LinkFact(
                text, verdict.status, verdict.http_status, verdict.final_url, verdict.reason
            )
            if verdict.status is FactStatus.UNVERIFIED:
                source.report.skip(verdict.reason)
            else:
                source.report.verified += 1
    return facts
