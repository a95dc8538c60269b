"""LinkSource against the web stand-in on 127.0.0.1, with a fake resolver (no real DNS, ever)."""

from __future__ import annotations

import asyncio
import itertools
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from awesome_lint.facts import FactStatus
from awesome_lint.sources import http as http_source
from awesome_lint.sources.http import LinkSource, is_public_address, parse_retry_after
from standins.base import Response
from standins.web import StreamedResponse, WebServer, head_refused, sequence, serve_web

PUBLIC_IP = "93.184.215.14"  # never connected to: only returned by the fake resolver


class FakeDNS:
    """Replaces ``socket.getaddrinfo``: numeric hosts as usual, names from ``table`` only.

    ``working=False`` makes the canary names fail like a sandbox without network.
    """

    def __init__(self) -> None:
        self.table: dict[str, list[str] | int] = {"localhost": ["127.0.0.1", "::1"]}
        self.working = True
        self.unknown_error = socket.EAI_NONAME
        self.calls: list[str] = []
        self._real = socket.getaddrinfo

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:  # numeric addresses never need DNS (anyio calls this for IP literals too)
            return self._real(host, port, *args, **{**kwargs, "flags": socket.AI_NUMERICHOST})
        except socket.gaierror:
            pass
        self.calls.append(name)
        answer = self.table.get(name.lower())
        if answer is None and name in http_source.DNS_CANARIES and self.working:
            answer = [PUBLIC_IP]
        if answer is None:
            answer = self.unknown_error
        if isinstance(answer, int):
            raise socket.gaierror(answer, "fake resolver failure")
        port_number = int(port or 0)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (ip, port_number, 0, 0))
            if ":" in ip
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port_number))
            for ip in answer
        ]


@pytest.fixture(autouse=True)
def dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    fake = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return fake


@pytest.fixture
def web() -> Iterator[WebServer]:
    with serve_web() as server:
        yield server


def make_source(**kwargs: Any) -> LinkSource:
    """A quick source: short timeouts and a tiny backoff, so only Retry-After takes real time."""
    kwargs.setdefault("timeout", 2.0)
    kwargs.setdefault("max_retry_wait", 3.0)
    if "allowed_hosts" not in kwargs:
        kwargs.setdefault("allow_private", True)
    source = LinkSource(**kwargs)
    source.retry_base = 0.01
    source.retry_jitter = 0.01
    return source


def check_one(source: LinkSource, url: str) -> Any:
    return source.check([url])[url]


def times(server: WebServer, path: str) -> list[float]:
    return [r.time for r in server.requests if r.path == path]


# --------------------------------------------------------------------------- answers


def test_200_is_found_with_a_single_head(web: WebServer) -> None:
    fact = check_one(make_source(), web.url_for("/ok"))
    assert (fact.status, fact.http_status, fact.final_url) == (
        FactStatus.FOUND,
        200,
        web.url_for("/ok"),
    )
    assert [r.method for r in web.requests] == ["HEAD"]


@pytest.mark.parametrize("path", ["/redirect/301", "/redirect/302", "/redirect/307", "/chain/4"])
def test_redirects_are_followed(web: WebServer, path: str) -> None:
    fact = check_one(make_source(), web.url_for(path))
    assert fact.status is FactStatus.FOUND
    assert fact.final_url == web.url_for("/ok")
    assert web.count("HEAD", "/ok") == 1


def test_redirect_loop_is_unverified_and_bounded(web: WebServer) -> None:
    fact = check_one(make_source(), web.url_for("/loop/a"))
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "redirect loop")
    # A→B→A is allowed once (cookie round trip); A reached a third time stops the chase.
    assert web.count() == 4


def test_too_many_redirects_is_unverified(web: WebServer) -> None:
    fact = check_one(make_source(), web.url_for("/chain/15"))
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "too many redirects")
    assert web.count() == http_source.MAX_REDIRECTS + 1


def test_redirect_to_another_scheme_is_unverified(web: WebServer) -> None:
    fact = check_one(make_source(), web.url_for("/redirect-to?url=ftp://example.org/x"))
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "redirect to non-HTTP URL")


@pytest.mark.parametrize(
    ("path", "code", "methods"),
    # A 404 to HEAD is asked again with GET (some servers only break HEAD); a 410 is final.
    [("/missing", 404, ["HEAD", "GET"]), ("/gone", 410, ["HEAD"])],
)
def test_404_and_410_are_dead(web: WebServer, path: str, code: int, methods: list[str]) -> None:
    fact = check_one(make_source(), web.url_for(path))
    assert (fact.status, fact.reason, fact.http_status) == (FactStatus.MISSING, "dead", code)
    assert [r.method for r in web.requests] == methods


@pytest.mark.parametrize(("code", "reason"), [(401, "access denied"), (403, "access denied")])
def test_access_denied_is_unverified(web: WebServer, code: int, reason: str) -> None:
    fact = check_one(make_source(), web.url_for(f"/status/{code}"))
    assert (fact.status, fact.reason, fact.http_status) == (FactStatus.UNVERIFIED, reason, code)


def test_head_refused_falls_back_to_get(web: WebServer) -> None:
    fact = check_one(make_source(), web.url_for("/head-refused"))
    assert (fact.status, fact.http_status) == (FactStatus.FOUND, 200)
    assert [(r.method, r.path) for r in web.requests] == [
        ("HEAD", "/head-refused"),
        ("GET", "/head-refused"),
    ]


def test_get_fallback_does_not_download_the_body(web: WebServer) -> None:
    # HEAD refused, and the GET body trickles over 10 s: only the headers may be awaited.
    body = StreamedResponse(200, b"x" * 10_000, chunks=20, chunk_delay=0.5)
    web.route("/big", head_refused(body))
    start = time.monotonic()
    fact = check_one(make_source(timeout=1.0), web.url_for("/big"))
    assert fact.status is FactStatus.FOUND
    assert time.monotonic() - start < 1.5
    assert web.count("GET", "/big") == 1


# --------------------------------------------------------------------------- retries


def test_429_with_retry_after_seconds_waits_then_succeeds(web: WebServer) -> None:
    path = "/retry-after/seconds/1"
    fact = check_one(make_source(), web.url_for(f"{path}?times=2"))
    assert (fact.status, fact.http_status) == (FactStatus.FOUND, 200)
    assert [r.method for r in web.requests] == ["HEAD", "GET", "GET"]
    stamps = times(web, path)
    # Each request after a 429 waited the whole second (the backoff alone would be ~0.02 s).
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(stamps))


def test_429_with_retry_after_date_waits_then_succeeds(web: WebServer) -> None:
    path = "/retry-after/date/1"
    start = time.time()
    fact = check_one(make_source(), web.url_for(f"{path}?times=1"))
    assert fact.status is FactStatus.FOUND
    stamps = times(web, path)
    assert len(stamps) == 2
    # The date is rounded up to a whole second after now + 1 s: the wait ends after it.
    assert stamps[1] - stamps[0] >= 0.9
    assert time.time() - start < 3.5


def test_retry_after_beyond_the_cap_gives_up_for_the_whole_host(web: WebServer) -> None:
    web.route("/busy", Response(429, "slow down", {"Retry-After": "60"}))
    start = time.monotonic()
    # per_host=1: /busy is asked first; /ok waits for the slot, then sees the host's block.
    facts = make_source(max_retry_wait=1.0, per_host=1).check(
        [web.url_for("/busy"), web.url_for("/ok")]
    )
    assert {(f.status, f.reason) for f in facts.values()} == {
        (FactStatus.UNVERIFIED, "rate limited")
    }
    assert [(r.method, r.path) for r in web.requests] == [("HEAD", "/busy")]
    assert time.monotonic() - start < 1.0  # waited neither the 60 s nor the 1 s cap


@pytest.mark.parametrize(("code", "requests"), [(500, 3), (502, 3), (503, 4)])
def test_5xx_is_retried_then_unverified(web: WebServer, code: int, requests: int) -> None:
    fact = check_one(make_source(max_attempts=3), web.url_for(f"/status/{code}"))
    assert (fact.status, fact.reason, fact.http_status) == (
        FactStatus.UNVERIFIED,
        "server error",
        code,
    )
    # 500/502: three HEADs. 503 is also a "HEAD refused" answer: HEAD, GET, then GET twice.
    assert web.count() == requests


def test_5xx_then_200_is_found(web: WebServer) -> None:
    web.route("/flaky", sequence(Response(502), Response(500), Response(200)))
    fact = check_one(make_source(max_attempts=3), web.url_for("/flaky"))
    assert (fact.status, fact.http_status) == (FactStatus.FOUND, 200)
    assert web.count("HEAD", "/flaky") == 3


def test_a_timeout_is_not_retried_and_silences_the_host(web: WebServer) -> None:
    start = time.monotonic()
    source = make_source(timeout=0.2, max_attempts=3, per_host=1)
    facts = source.check([web.url_for("/slow/2"), web.url_for("/ok")])
    assert {(f.status, f.reason) for f in facts.values()} == {(FactStatus.UNVERIFIED, "timeout")}
    assert web.count("HEAD", "/slow/2") == 1  # a second attempt would wait as long again
    assert web.count("HEAD", "/ok") == 0  # the host did not answer in time: not asked again
    assert time.monotonic() - start < 1.5


def test_connection_refused_is_unverified() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fact = check_one(make_source(max_attempts=2), f"http://127.0.0.1:{port}/")
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "connection failed")


def test_rate_limited_host_is_paced_by_retry_after() -> None:
    with serve_web(rate_limit=3) as web:
        urls = [web.url_for(f"/ok?i={i}") for i in range(6)]
        facts = make_source(per_host=4).check(urls)
        assert all(f.status is FactStatus.FOUND for f in facts.values()), facts
        assert web.rate_limited > 0
        # The stand-in never admitted more than 3 answers per second to us.
        admitted = sorted(r.time for r in web.requests)
        assert admitted[-1] - admitted[0] >= 0.9


def test_requests_to_one_host_are_spaced_and_a_ten_a_second_host_never_refuses() -> None:
    # The web stand-in's limit is the benchmark's: 10 requests a second per client.
    with serve_web(rate_limit=10) as web:
        urls = [web.url_for(f"/ok?i={i}") for i in range(25)]
        facts = make_source(per_host=4).check(urls)
        assert all(f.status is FactStatus.FOUND for f in facts.values()), facts
        assert web.rate_limited == 0
        starts = sorted(r.time for r in web.requests)
        assert len(starts) == 25
        # Ten a second as the host sees them, whatever the jitter on the way: a request and the
        # tenth after it arrive at least a second apart (the window counts from the answers).
        assert all(starts[k + 10] - starts[k] >= 1.0 for k in range(len(starts) - 10))


def test_a_second_of_requests_is_counted_from_the_answers(web: WebServer) -> None:
    # The first request is answered only after 0.5 s. Its start is not what the host counts,
    # its arrival is, which could be as late as its answer: so the eleventh request, a second's
    # worth of requests later, waits for a second after that answer, not after that start.
    urls = [web.url_for("/slow/0.5?i=0"), *(web.url_for(f"/ok?i={i}") for i in range(1, 12))]
    facts = make_source(per_host=4).check(urls)
    assert all(f.status is FactStatus.FOUND for f in facts.values()), facts
    starts = sorted(r.time for r in web.requests)
    assert len(starts) == 12
    assert starts[9] - starts[0] < 1.4  # the first ten at the pace: 0.1 s apart
    assert starts[10] - starts[0] >= 1.45  # 0.5 s answer + 1 s, not 1.0 s


def test_without_the_interval_the_same_host_refuses() -> None:
    # The test above passes because of the pacing, not because the stand-in is lenient.
    with serve_web(rate_limit=10) as web:
        urls = [web.url_for(f"/ok?i={i}") for i in range(25)]
        facts = make_source(per_host=4, host_interval=0).check(urls)
        assert all(f.status is FactStatus.FOUND for f in facts.values()), facts
        assert web.rate_limited > 0


def test_a_429_without_retry_after_slows_the_host_down_and_a_200_restores_it(
    web: WebServer,
) -> None:
    web.route("/busy", sequence(Response(429), Response(429), Response(200)))
    source = make_source(host_interval=0.05)
    fact = check_one(source, web.url_for("/busy"))
    assert fact.status is FactStatus.FOUND
    stamps = times(web, "/busy")
    assert [r.method for r in web.requests] == ["HEAD", "GET", "GET"]
    # The first 429 takes the host to 0.5 s apart, the second to 1 s (the backoff is 0.01 s).
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert gaps[0] >= 0.45 and gaps[1] >= 0.95, gaps
    # The 200 brought the pace back: the next two URLs go 0.05 s apart, not 1 s.
    source.check([web.url_for("/ok?a"), web.url_for("/ok?b")])
    pair = times(web, "/ok")
    assert len(pair) == 2 and pair[1] - pair[0] < 0.5


def test_a_host_still_refusing_after_the_retries_is_not_asked_again(web: WebServer) -> None:
    for name in ("a", "b", "c"):
        web.route(f"/busy/{name}", Response(429, "slow down", {"Retry-After": "0"}))
    urls = [web.url_for(f"/busy/{name}") for name in ("a", "b", "c")]
    facts = make_source(max_attempts=2, per_host=1, host_interval=0).check(urls)
    assert {(f.status, f.reason) for f in facts.values()} == {
        (FactStatus.UNVERIFIED, "rate limited")
    }
    paths = [r.path for r in web.requests]
    # The first URL to use up its attempts (HEAD, then GET twice) made the last request: the
    # others, still retrying, asked no more (each alone would have made three).
    exhausted = next(p for p in dict.fromkeys(paths) if paths.count(p) == 3)
    assert paths[-1] == exhausted
    assert len(paths) < 9, paths


@pytest.mark.parametrize("interval", [-0.1, 5.5])
def test_the_host_interval_is_validated(interval: float) -> None:
    with pytest.raises(ValueError, match="host_interval"):
        LinkSource(host_interval=interval)
    # The configuration checks the same bound without importing this module (no httpx).
    from awesome_lint.config import MAX_HOST_REQUEST_INTERVAL

    assert MAX_HOST_REQUEST_INTERVAL == http_source.MAX_HOST_INTERVAL


# --------------------------------------------------------------------------- limits


def test_per_host_concurrency_is_never_exceeded(web: WebServer) -> None:
    urls = [web.url_for(f"/slow/0.15?i={i}") for i in range(8)]
    facts = make_source(per_host=2).check(urls)
    assert all(f.status is FactStatus.FOUND for f in facts.values())
    assert web.max_in_flight("127.0.0.1") == 2  # reached, so the limit (not luck) held it


def test_per_host_limit_is_per_host(web: WebServer, dns: FakeDNS) -> None:
    dns.table["other.test"] = ["127.0.0.1"]
    urls = [
        web.url_for(f"/slow/0.15?i={i}", host)
        for i in range(3)
        for host in ("127.0.0.1", "other.test")
    ]
    facts = make_source(per_host=1).check(urls)
    assert all(f.status is FactStatus.FOUND for f in facts.values())
    assert web.max_in_flight("127.0.0.1") == 1
    assert web.max_in_flight("other.test") == 1
    assert web.max_in_flight() == 2


def test_duplicates_and_fragments_are_fetched_once(web: WebServer) -> None:
    url = web.url_for("/ok")
    facts = make_source().check([url, url, url + "#intro", url + "#usage"])
    assert set(facts) == {url, url + "#intro", url + "#usage"}
    assert facts[url + "#intro"].url == url + "#intro"
    assert web.count() == 1


def test_badges_and_other_schemes_are_not_returned(web: WebServer) -> None:
    urls = [
        "https://img.shields.io/github/stars/a/b",
        "mailto:someone@example.org",
        "docs/usage.md",
        "#section",
        web.url_for("/ok"),
    ]
    facts = make_source().check(urls)
    assert list(facts) == [web.url_for("/ok")]
    assert web.count() == 1


def test_invalid_url_is_unverified() -> None:
    facts = make_source().check(["http://", "http://bad host/"])
    assert {f.reason for f in facts.values()} == {"invalid URL"}


def test_report_counts_answers_requests_and_reasons(web: WebServer) -> None:
    source = make_source()
    source.check([web.url_for("/ok"), web.url_for("/missing"), web.url_for("/status/403")])
    report = source.report
    assert report.source == "links"
    assert (report.verified, report.unverified) == (2, 1)
    assert report.requests == web.count() == 5
    assert report.reasons == {"access denied": 1}


def test_user_agent_is_sent(web: WebServer) -> None:
    make_source(user_agent="tester/1").check([web.url_for("/ok")])
    assert web.requests[0].headers["user-agent"] == "tester/1"


def test_check_works_inside_a_running_event_loop(web: WebServer) -> None:
    async def caller() -> Any:
        return make_source().check([web.url_for("/ok")])

    facts = asyncio.run(caller())
    assert facts[web.url_for("/ok")].status is FactStatus.FOUND


def test_injected_transport_is_used_without_dns(dns: FakeDNS) -> None:
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.headers["user-agent"]))
        return httpx.Response(405 if request.method == "HEAD" else 200)

    source = make_source(transport=httpx.MockTransport(handler), allow_private=False)
    facts = source.check(["https://example.org/paper"])
    assert facts["https://example.org/paper"].status is FactStatus.FOUND
    assert [m for m, _ in seen] == ["HEAD", "GET"]
    assert seen[0][1].startswith("awesome-lint/")
    assert dns.calls == []


def test_injected_transport_is_not_closed(web: WebServer) -> None:
    class Tracking(httpx.MockTransport):
        closed = False

        async def aclose(self) -> None:
            self.closed = True

    transport = Tracking(lambda request: httpx.Response(200))
    source = make_source(transport=transport)
    source.check(["https://example.org/a"])
    facts = source.check(["https://example.org/b"])  # the same transport, a second run
    assert facts["https://example.org/b"].status is FactStatus.FOUND
    assert not transport.closed  # the caller's to close


# --------------------------------------------------------------------------- private addresses


PRIVATE_HOSTS = [
    "127.0.0.1",
    "localhost",
    "[::1]",
    "169.254.169.254",
    "10.0.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "[fd00:ec2::254]",
    "[fe80::1]",
    "[::ffff:127.0.0.1]",
    "2130706433",  # 127.0.0.1 written as one number
    "evil.test",  # a public-looking name that resolves to 127.0.0.1
    "mixed.test",  # one public and one private address: refused as a whole
]


@pytest.mark.parametrize("host", PRIVATE_HOSTS)
def test_private_addresses_are_refused_without_a_request(
    web: WebServer, dns: FakeDNS, host: str
) -> None:
    dns.table["evil.test"] = ["127.0.0.1"]
    dns.table["mixed.test"] = [PUBLIC_IP, "127.0.0.1"]
    url = f"http://{host}:{web.server_address[1]}/ok"
    fact = check_one(LinkSource(timeout=1.0), url)
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "private address not checked")
    assert web.count() == 0


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://evil.test:{port}/ok",
        "http://[::1]:{port}/ok",
    ],
)
def test_redirect_from_an_allowed_host_to_a_private_one_is_refused(
    web: WebServer, dns: FakeDNS, target: str
) -> None:
    dns.table["allowed.test"] = ["127.0.0.1"]
    dns.table["evil.test"] = ["127.0.0.1"]
    port = web.server_address[1]
    target = target.format(port=port)
    source = make_source(allowed_hosts=["allowed.test"])
    start_url = web.url_for(f"/redirect-to?url={target}", "allowed.test")
    fact = check_one(source, start_url)
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "private address not checked")
    assert fact.final_url == target
    assert [r.path for r in web.requests] == ["/redirect-to"]  # the hop itself was never asked


def test_allowed_host_itself_is_checked(web: WebServer, dns: FakeDNS) -> None:
    dns.table["allowed.test"] = ["127.0.0.1"]
    fact = check_one(
        make_source(allowed_hosts=["Allowed.Test"]), web.url_for("/ok", "allowed.test")
    )
    assert fact.status is FactStatus.FOUND


def test_connect_time_guard_refuses_a_changed_answer(dns: FakeDNS) -> None:
    # Defence in depth: even if the pre-request check were skipped, the network backend
    # connects only to vetted addresses.
    dns.table["rebind.test"] = ["127.0.0.1"]

    async def connect() -> None:
        resolver = http_source._Resolver(timeout=1.0)
        backend = http_source._GuardedBackend(resolver, lambda host: False)
        try:
            await backend.connect_tcp("rebind.test", 80, timeout=1.0)
        finally:
            resolver.close()

    with pytest.raises(http_source._Refused):
        asyncio.run(connect())


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("169.254.169.254", False),
        ("168.63.129.16", False),  # Azure wireserver: public range, still internal
        ("100.100.100.200", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
        ("not an address", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


# --------------------------------------------------------------------------- DNS


def test_unresolvable_name_without_working_dns_is_unverified(dns: FakeDNS) -> None:
    dns.working = False  # like a sandbox: every name fails, the canaries too
    facts = LinkSource(timeout=1.0).check(["https://no-such-host.test/", "https://github.com/"])
    assert {(f.status, f.reason) for f in facts.values()} == {
        (FactStatus.UNVERIFIED, "network unavailable")
    }


def test_temporary_dns_failure_without_network_is_unverified(dns: FakeDNS) -> None:
    dns.working = False
    dns.unknown_error = socket.EAI_AGAIN
    fact = check_one(LinkSource(timeout=1.0), "https://no-such-host.test/")
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "network unavailable")


def test_unresolvable_name_with_working_dns_is_missing(dns: FakeDNS) -> None:
    urls = [f"https://gone-{i}.test/" for i in range(3)]
    facts = LinkSource(timeout=1.0).check(urls)
    assert {(f.status, f.reason) for f in facts.values()} == {
        (FactStatus.MISSING, "host not found")
    }
    canary = http_source.DNS_CANARIES[0]
    assert dns.calls.count(canary) == 1  # the canary is asked once per run


def test_temporary_dns_failure_with_working_dns_is_unverified(dns: FakeDNS) -> None:
    dns.unknown_error = socket.EAI_AGAIN
    fact = check_one(LinkSource(timeout=1.0), "https://flaky-dns.test/")
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "DNS failure")


def test_canary_answering_only_private_addresses_does_not_count(dns: FakeDNS) -> None:
    for name in http_source.DNS_CANARIES:
        dns.table[name] = ["10.0.0.1"]  # a sinkhole resolver is not a working DNS
    fact = check_one(LinkSource(timeout=1.0), "https://gone.test/")
    assert (fact.status, fact.reason) == (FactStatus.UNVERIFIED, "network unavailable")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), (" 0 ", 0.0), ("", None), ("soon", None), ("-1", None)],
)
def test_parse_retry_after_seconds(value: str, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_parse_retry_after_date() -> None:
    now = 1_700_000_000.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", now=now) == pytest.approx(10.0)
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:00 GMT", now=now) == 0.0  # in the past
