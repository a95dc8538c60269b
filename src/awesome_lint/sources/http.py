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
DNS does not work at all   UNVERIFIED   ``network unavailable`` (no name is looked up)
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

**Timeouts.** Connecting has ``connect_timeout`` (5 s), each read ``timeout`` (10 s), a whole
request both together: well under the run's ``--timeout``. A timeout is not retried, and the
host's other URLs are then "timeout" at once: a server that accepts and never answers costs one
connect and one read timeout, not one per URL and attempt.

**Retries.** 429, 408 and transient 5xx and connection errors are retried up to
``max_attempts`` in all. A ``Retry-After`` (seconds or HTTP date) on a 429/503 is obeyed and also
blocks the whole host for that long (so a GET fallback after a 429 to HEAD waits too); if it asks
for more than ``max_retry_wait`` we give up at once ("rate limited", no early re-asking), for
every URL on that host. Otherwise: exponential backoff with jitter, capped by ``max_retry_wait``.

Redirect loops are *not* called dead: loops usually come from cookie or bot walls that a browser
gets through (the client keeps cookies during a run, so a single cookie round trip A→B→A is
followed; only a URL reached a third time counts as a loop).

**Dead or "could not verify" for DNS.** A name that fails to resolve is MISSING only if the
resolver said the name does not exist (``EAI_NONAME``/``EAI_NODATA``) *and* the resolver works:
once per ``check`` call, before any other name, we resolve well-known canary names
(``DNS_CANARIES``, e.g. ``example.com``, reserved by RFC 2606 and always in public DNS). If no
canary resolves to a public address within ``DNS_TIMEOUT``, no other name is looked up and every
URL that needs DNS is UNVERIFIED "network unavailable": in a sandbox without network every name
fails, none of them is dead, and each failing lookup could take the resolver's timeout. The
network libraries (httpx, in ``_link_client``) are then not even imported. Temporary resolver
failures (``EAI_AGAIN``, timeouts) are never MISSING.

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

import email.utils
import ipaddress
import re
import socket
import threading
import time
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from awesome_lint.deadline import Deadline
from awesome_lint.facts import FactStatus, LinkFact, SourceReport

if TYPE_CHECKING:
    import httpx

__all__ = [
    "CONNECT_TIMEOUT",
    "DEFAULT_HOST_INTERVAL",
    "DEFAULT_USER_AGENT",
    "DNS_CANARIES",
    "DNS_TIMEOUT",
    "READ_TIMEOUT",
    "LinkSource",
    "is_public_address",
    "parse_retry_after",
    "public_dns_works",
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


class Unavailable(Exception):
    """A request that got no usable answer; ``reason`` goes into the facts and the report."""

    def __init__(self, reason: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after


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


CONNECT_TIMEOUT = 5.0  # seconds to open a connection
READ_TIMEOUT = 10.0  # seconds for each read (headers are all we wait for)
DNS_TIMEOUT = 5.0  # seconds for the canaries together
NETWORK_UNAVAILABLE = "network unavailable"


def public_dns_works(timeout: float = DNS_TIMEOUT) -> bool:
    """Whether a canary name resolves to a public address within ``timeout`` seconds.

    On a daemon thread: a resolver that hangs neither holds this call past ``timeout`` nor the
    process at exit. ``socket.getaddrinfo`` is looked up per call, so tests can replace it."""
    answers: list[bool] = []
    done = threading.Event()

    def probe(name: str) -> None:
        try:
            infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            infos = []
        # A sinkhole answering 10.x for everything is not a working public DNS.
        answers.append(any(is_public_address(str(info[4][0])) for info in infos))
        if answers[-1] or len(answers) == len(DNS_CANARIES):
            done.set()

    # The canaries side by side: without a network, one failing lookup's time, not two.
    for name in DNS_CANARIES:
        thread = threading.Thread(target=probe, args=(name,), name="awesome-lint-dns", daemon=True)
        thread.start()
    done.wait(timeout)
    return any(answers)


class LinkSource:
    """Checks http(s) links; see the module docstring for the verdicts.

    ``retry_base`` and ``retry_jitter`` (seconds) shape the backoff when the server gives no
    ``Retry-After``: ``min(retry_base * 2**(n-1) + U(0, retry_jitter), max_retry_wait)``.
    """

    def __init__(
        self,
        *,
        timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        per_host: int = 4,
        host_interval: float = DEFAULT_HOST_INTERVAL,
        max_attempts: int = 3,
        allow_private: bool = False,
        allowed_hosts: Collection[str] = (),
        user_agent: str = DEFAULT_USER_AGENT,
        max_retry_wait: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        deadline: Deadline | None = None,
        public_dns: bool | None = None,
    ) -> None:
        """Configure the checker.

        ``timeout`` is per read, ``connect_timeout`` for opening a connection; a whole request
        stops after both together. ``per_host`` bounds simultaneous requests to one host name,
        and ``host_interval`` spaces their starts (seconds; see "Pacing" above).
        ``max_attempts`` counts the first try. ``allowed_hosts`` are host names (or IP literals)
        exempt from the private-address rule. ``transport`` replaces the network layer (tests
        with ``httpx.MockTransport``): then there is no DNS resolution and no connect-time guard;
        IP literals are still vetted. Past ``deadline`` no request is sent and no request or wait
        runs past it: the URLs not answered are UNVERIFIED, "deadline reached". ``public_dns``
        is the canary's verdict when the caller asked it already (None: ``check`` asks).
        """
        if (
            per_host < 1
            or max_attempts < 1
            or timeout <= 0
            or connect_timeout <= 0
            or max_retry_wait < 0
            or not 0 <= host_interval <= MAX_HOST_INTERVAL
        ):
            raise ValueError(
                "need per_host >= 1, max_attempts >= 1, timeouts > 0, max_retry_wait >= 0, "
                f"0 <= host_interval <= {MAX_HOST_INTERVAL:g}"
            )
        self.timeout = timeout
        self.connect_timeout = connect_timeout
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
        self._known_public_dns = public_dns
        # What the canary said in this check (None: not asked); the resolver reuses it.
        self.public_dns: bool | None = None

    # ---- public API

    def check(self, urls: Iterable[str]) -> dict[str, LinkFact]:
        """Check ``urls``; one fact per http(s) URL as given (badges and other schemes omitted)."""
        urls = list(dict.fromkeys(urls))
        facts: dict[str, LinkFact] = {}
        rest, need_dns = self._by_dns(urls)
        self.public_dns = None
        if need_dns:
            self.public_dns = self._known_public_dns
            if self.public_dns is None:
                self.public_dns = public_dns_works(min(DNS_TIMEOUT, self.connect_timeout))
            if self.public_dns:
                rest += need_dns
            else:
                for text in need_dns:
                    facts[text] = LinkFact(text, FactStatus.UNVERIFIED, reason=NETWORK_UNAVAILABLE)
                    self.report.skip(NETWORK_UNAVAILABLE)
        if rest:
            facts.update(self._run(rest))
        return {text: facts[text] for text in urls if text in facts}

    async def acheck(self, urls: Iterable[str]) -> dict[str, LinkFact]:
        """The asynchronous form of ``check`` (the canary is asked by the resolver, lazily)."""
        from awesome_lint.sources import _link_client

        return await _link_client.check(self, urls)

    def _run(self, urls: list[str]) -> dict[str, LinkFact]:
        import asyncio  # here: a run without a network, or without links, does not load it
        import concurrent.futures

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.acheck(urls))
        # Called from inside an event loop: run ours on a helper thread rather than nest loops.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, self.acheck(urls)).result()

    def _by_dns(self, urls: list[str]) -> tuple[list[str], list[str]]:
        """The URLs to hand to the client as they are, and those whose host name must be
        looked up in public DNS first. URLs never checked (other schemes, badges) are dropped;
        anything unusual (IP literals, allowed hosts, odd names) goes to the client, which
        judges it."""
        rest: list[str] = []
        need_dns: list[str] = []
        for text in urls:
            scheme = text.split(":", 1)[0].strip().lower() if ":" in text else ""
            if scheme not in ("http", "https"):
                continue
            try:
                host = (urlsplit(text.strip()).hostname or "").rstrip(".")
            except ValueError:
                host = ""
            if host in SKIPPED_HOSTS:
                continue
            if (
                self.transport is None
                and host.isascii()
                and _HOST_RE.match(host)
                and not self.is_allowed(host)
                and needs_dns(host)
            ):
                need_dns.append(text)
            else:
                rest.append(text)
        return rest, need_dns

    def is_allowed(self, host: str) -> bool:
        """Whether ``host`` may resolve to a private address (allow_private, allowed_hosts)."""
        return self.allow_private or host.lower().rstrip(".") in self.allowed_hosts


def needs_dns(host: str) -> bool:
    """Whether looking ``host`` up asks the DNS: not for an address in any form the resolver
    reads without a network (``127.0.0.1``, ``2130706433``, ``127.1``), nor for ``localhost``
    and names under it, which never leave the machine (RFC 6761)."""
    host = host.lower().rstrip(".").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        ipaddress.ip_address(host)
        return False
    except ValueError:
        pass
    try:  # the classic IPv4 forms (inet_aton's, as the resolver reads them): no lookup
        socket.inet_aton(host)
    except (OSError, UnicodeError, ValueError):
        return True
    return False


def _host_forms(hosts: Iterable[str]) -> Iterator[str]:
    """Each host lower-cased, and also in its IDNA (punycode) form, which is what we compare."""
    for host in hosts:
        host = host.strip().lower().rstrip(".")
        yield host
        if host.isascii():
            continue  # its own IDNA form
        import httpx  # only for a non-ASCII host: IDNA 2008, as httpx encodes URLs

        try:
            encoded = httpx.URL(f"http://{host}/").raw_host.decode("ascii")
        except (httpx.InvalidURL, ValueError, UnicodeError):
            continue
        yield encoded


def __getattr__(name: str) -> Any:
    """The client's internals (``_Resolver``, ``_Refused``, ...), for tests, loaded on use."""
    if name.startswith("_") and not name.startswith("__"):
        from awesome_lint.sources import _link_client

        try:
            return getattr(_link_client, name)
        except AttributeError:
            pass
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
