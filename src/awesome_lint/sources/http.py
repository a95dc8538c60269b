"""Check that web links answer: HEAD (else GET), redirects, retries, per-host limits.

``LinkSource.check(urls)`` returns one ``LinkFact`` per URL as given. The verdicts:

=========================  ===========  ==============================================
what happened              status       reason
=========================  ===========  ==============================================
2xx (after redirects)      FOUND
404 or 410                 MISSING      ``dead``
the name does not exist    MISSING      ``host not found`` (only when DNS works, below)
401, 403, 407              UNVERIFIED   ``access denied``
429 after retries          UNVERIFIED   ``rate limited``
5xx after retries          UNVERIFIED   ``server error``
other statuses             UNVERIFIED   ``unexpected HTTP status`` (see ``http_status``)
timeout (or 408), retried  UNVERIFIED   ``timeout``
connection errors          UNVERIFIED   ``connection failed`` / ``TLS error``
redirect loop              UNVERIFIED   ``redirect loop`` (a URL reached a third time)
more than 10 redirects     UNVERIFIED   ``too many redirects``
private/internal address   UNVERIFIED   ``private address not checked`` (no request made)
the run's deadline passed  UNVERIFIED   ``deadline reached`` (no request after it)
DNS does not work at all   UNVERIFIED   ``network unavailable``
other resolver failures    UNVERIFIED   ``DNS failure``
=========================  ===========  ==============================================

**Pacing.** Requests to one host start at least ``host_interval`` apart (0.1 s: ten a second;
lychee has such a per-host interval) and at most ``per_host`` run at once. And as a host counts
requests when they *arrive*, which a busy client or a new connection can delay, the rate is
also held from the answers: a request starts only once the one a second's worth of requests
before it (ten) was answered a second ago.
A 429 doubles that host's interval (at least 0.5 s, at most ``MAX_HOST_INTERVAL``) unless it
says how long to wait (``Retry-After``, below); a 2xx brings it back to ``host_interval``
(lychee's adaptive backoff). A host that still answers 429 to a URL after all its attempts is
not asked again in the run: its other URLs are "rate limited" at once, rather than each
spending its own retries on it.

**Retries.** 429, 408 and transient 5xx, timeouts and connection errors are retried up to
``max_attempts`` in all. A ``Retry-After`` (seconds or HTTP date) on a 429/503 is obeyed and also
blocks the whole host for that long (so a GET fallback after a 429 to HEAD waits too); if it asks
for more than ``max_retry_wait`` we give up at once ("rate limited", no early re-asking), for
every URL on that host. Otherwise: exponential backoff with jitter, capped by ``max_retry_wait``.

Redirect loops are *not* called dead: loops usually come from cookie or bot walls that a browser
gets through (the client keeps cookies during a run, so a single cookie round trip A→B→A is
followed; only a URL reached a third time counts as a loop).

**Dead or "could not verify" for DNS.** A name that fails to resolve is MISSING only if the
resolver said the name does not exist (``EAI_NONAME``/``EAI_NODATA``) *and* the resolver works:
once per ``check`` call, the first time a name fails, we resolve well-known canary names
(``DNS_CANARIES``, e.g. ``example.com``, reserved by RFC 2606 and always in public DNS). If no
canary resolves to a public address, every failed name is UNVERIFIED "network unavailable": in a
sandbox without network every name fails and none of them is dead. Temporary resolver failures
(``EAI_AGAIN``, timeouts) are never MISSING.

**Private addresses.** Before every hop (the first URL and each redirect target) the host is
resolved and *all* its addresses must be public (not private, loopback, link-local, reserved,
multicast, shared, NAT64/6to4/Teredo-embedded private IPv4, or a cloud metadata address); the
connection is then made to exactly those vetted addresses by a network backend that checks them
again, so a second DNS answer (DNS rebinding) cannot redirect the request. ``allow_private`` or
``allowed_hosts`` lift the rule (tests use 127.0.0.1).

**Not checked, not returned.** URLs that are not http(s) (``mailto:``, relative paths, ...) and
shields.io badge images (``img.shields.io``) get no entry in the result: the caller skips them,
and calling them FOUND or UNVERIFIED would both be wrong. A URL's ``#fragment`` is not sent, so
URLs differing only by fragment are fetched once.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import email.utils
import functools
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from typing import Literal

import httpcore
import httpx
import tenacity
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from awesome_lint.deadline import REASON as DEADLINE_REASON
from awesome_lint.deadline import Deadline
from awesome_lint.facts import FactStatus, LinkFact, SourceReport

__all__ = [
    "DEFAULT_HOST_INTERVAL",
    "DEFAULT_USER_AGENT",
    "DNS_CANARIES",
    "LinkSource",
    "is_public_address",
    "parse_retry_after",
]

DEFAULT_USER_AGENT = "awesome-lint/0.1 (+https://github.com/awesome-lint/awesome-lint)"
# Reserved by RFC 2606 / run by IANA: present in every working public DNS.
DNS_CANARIES: tuple[str, ...] = ("example.com", "www.iana.org")
SKIPPED_HOSTS = frozenset({"img.shields.io"})
MAX_REDIRECTS = 10  # lychee's default
MAX_CONNECTIONS = 32  # all hosts together
DEFAULT_HOST_INTERVAL = 0.1  # seconds between request starts on one host: ten a second
MAX_HOST_INTERVAL = 5.0  # the slowest pace a run of 429s can bring a host to
# Servers that refuse HEAD (amazon 405, npm 503, twitter 400, ...): ask again with GET.
HEAD_REFUSED = frozenset({400, 403, 404, 405, 406, 429, 501, 503})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEAD = frozenset({404, 410})
ACCESS_DENIED = frozenset({401, 403, 407})
# Transient statuses worth another try; 501/505 are permanent answers.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 507, 509, 520, 521, 522, 523, 524})
# Public addresses that are nonetheless cloud-internal services.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, Oracle (also link-local)
        "168.63.129.16",  # Azure wireserver (a public address)
        "100.100.100.200",  # Alibaba Cloud (shared address space)
        "192.0.0.192",  # Oracle Cloud, older
        "fd00:ec2::254",  # AWS over IPv6
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_HOST_RE = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$")
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def is_public_address(address: str) -> bool:
    """True when ``address`` (IPv4 or IPv6 text) is a globally routable, non-metadata address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False
    if ip in METADATA_ADDRESSES or not ip.is_global or ip.is_multicast:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address reach that IPv4 host: judge the embedded one.
        embedded = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
        if int(ip) >> 32 == 0:  # deprecated IPv4-compatible form, ::127.0.0.1 (RFC 4291)
            embedded.append(ipaddress.IPv4Address(int(ip)))
        if ip in _NAT64:
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        return all(e is None or is_public_address(str(e)) for e in embedded)
    return True


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses as naive; HTTP dates are GMT
        when = when.replace(tzinfo=UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


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

    def __init__(self, timeout: float) -> None:
        self._timeout = timeout
        self._cache: dict[str, asyncio.Future[_Resolution]] = {}
        self._dns_works: asyncio.Future[bool] | None = None
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


def _should_retry(exc: BaseException) -> bool:
    if isinstance(exc, _Retryable | TimeoutError | httpx.TimeoutException):
        return True
    if isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError):
        # A bad certificate or a refused address will not change on a second try.
        return not (_is_tls_error(exc) or _is_refused(exc))
    return False


# --------------------------------------------------------------------------- the source


class LinkSource:
    """Checks http(s) links with httpx and tenacity; see the module docstring for the verdicts.

    ``retry_base`` and ``retry_jitter`` (seconds) shape the backoff when the server gives no
    ``Retry-After``: ``min(retry_base * 2**(n-1) + U(0, retry_jitter), max_retry_wait)``.
    """

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        per_host: int = 4,
        host_interval: float = DEFAULT_HOST_INTERVAL,
        max_attempts: int = 3,
        allow_private: bool = False,
        allowed_hosts: Collection[str] = (),
        user_agent: str = DEFAULT_USER_AGENT,
        max_retry_wait: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        """Configure the checker.

        ``timeout`` is per network operation (connect, each read); a whole request also stops
        after twice that. ``per_host`` bounds simultaneous requests to one host name, and
        ``host_interval`` spaces their starts (seconds; see "Pacing" above).
        ``max_attempts`` counts the first try. ``allowed_hosts`` are host names (or IP literals)
        exempt from the private-address rule. ``transport`` replaces the network layer (tests
        with ``httpx.MockTransport``): then there is no DNS resolution and no connect-time guard;
        IP literals are still vetted. Past ``deadline`` no request is sent and no request or wait
        runs past it: the URLs not answered are UNVERIFIED, "deadline reached".
        """
        if (
            per_host < 1
            or max_attempts < 1
            or timeout <= 0
            or max_retry_wait < 0
            or not 0 <= host_interval <= MAX_HOST_INTERVAL
        ):
            raise ValueError(
                "need per_host >= 1, max_attempts >= 1, timeout > 0, max_retry_wait >= 0, "
                f"0 <= host_interval <= {MAX_HOST_INTERVAL:g}"
            )
        self.timeout = timeout
        self.per_host = per_host
        self.host_interval = host_interval
        self.max_attempts = max_attempts
        self.allow_private = allow_private
        self.allowed_hosts = frozenset(_host_forms(allowed_hosts))
        self.user_agent = user_agent
        self.max_retry_wait = max_retry_wait
        self.transport = transport
        self.deadline = deadline or Deadline(None)
        self.retry_base = 1.0
        self.retry_jitter = 1.0
        self.report = SourceReport("links")

    # ---- public API

    def check(self, urls: Iterable[str]) -> dict[str, LinkFact]:
        """Check ``urls``; one fact per http(s) URL as given (badges and other schemes omitted)."""
        urls = list(urls)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.acheck(urls))
        # Called from inside an event loop: run ours on a helper thread rather than nest loops.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, self.acheck(urls)).result()

    async def acheck(self, urls: Iterable[str]) -> dict[str, LinkFact]:
        """The asynchronous form of ``check``."""
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

        run = _Run(self)
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
                    self.report.skip(verdict.reason)
                else:
                    self.report.verified += 1
        return facts

    # ---- helpers used by _Run

    def is_allowed(self, host: str) -> bool:
        """Whether ``host`` may resolve to a private address (allow_private, allowed_hosts)."""
        return self.allow_private or host.lower().rstrip(".") in self.allowed_hosts


def _host_forms(hosts: Iterable[str]) -> Iterator[str]:
    """Each host lower-cased, and also in its IDNA (punycode) form, which is what we compare."""
    for host in hosts:
        host = host.strip().lower().rstrip(".")
        yield host
        try:
            encoded = httpx.URL(f"http://{host}/").raw_host.decode("ascii")
        except (httpx.InvalidURL, ValueError, UnicodeError):
            continue
        yield encoded


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
        self.resolver = _Resolver(source.timeout)
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
            timeout=httpx.Timeout(source.timeout, pool=None),
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
                return _failure(exc, current)
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
                    deadline.bound(self.source.timeout * 2),
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
    elif isinstance(exc, TimeoutError | httpx.TimeoutException):
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
