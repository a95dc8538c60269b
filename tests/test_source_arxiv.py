"""ArxivSource with the real ``arxiv`` client against the arXiv stand-in on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import arxiv
import pytest

from awesome_lint.facts import FactStatus
from awesome_lint.sources.arxiv import API_URL_ENV, DEFAULT_API_URL, ArxivSource, title_query
from conftest import Sleeps
from standins.arxiv import (
    QUERY_PATH,
    SEED_PATH,
    StandinPaper,
    for_next,
    http_status,
    rate_exceeded,
    serve_arxiv,
    slow_answer,
    standin_of,
    truncated_feed,
    withdrawn_paper,
)
from standins.base import Request, Response, StandinServer

SEED: dict[str, dict[str, Any]] = json.loads(SEED_PATH.read_text(encoding="utf-8"))["arxiv"]
PUMA = "2410.13861"
DELAY = 0.05  # pacing used by the tests; the default (3 s) is arXiv's


@pytest.fixture(scope="module")
def shared_server() -> Iterator[StandinServer]:
    # One server for the module: stopping one takes up to 0.5 s (serve_forever's poll interval).
    with serve_arxiv(extra=[withdrawn_paper()]) as srv:
        yield srv


@pytest.fixture
def server(shared_server: StandinServer) -> StandinServer:
    """The shared stand-in, back to the seed papers, no faults, options off, empty log."""
    shared_server.clear_faults()
    standin_of(shared_server).reset()
    shared_server.reset()
    return shared_server


def source(server: StandinServer, **options: Any) -> ArxivSource:
    settings: dict[str, Any] = {"delay_seconds": DELAY, "timeout": 2.0, "max_attempts": 3}
    settings.update(options)
    return ArxivSource(server.url + QUERY_PATH, **settings)


def queries(server: StandinServer) -> list[Request]:
    return [r for r in server.requests if r.path == QUERY_PATH]


def sent_ids(request: Request) -> list[str]:
    return [i for i in request.arg("id_list").split(",") if i]


def extra_papers(count: int) -> list[StandinPaper]:
    return [
        StandinPaper(f"2501.{10000 + i:05d}", f"Synthetic Paper Number {i}", date(2025, 1, 20))
        for i in range(count)
    ]


# --- batches ---------------------------------------------------------------------------------


def test_all_seed_ids_in_one_request_with_seed_titles_and_dates(server: StandinServer) -> None:
    src = source(server)
    facts = src.fetch(SEED)

    assert server.count("GET", QUERY_PATH) == 1
    (request,) = queries(server)
    assert sorted(sent_ids(request)) == sorted(SEED)
    assert request.arg("max_results") == str(len(SEED))  # the whole batch on one page
    assert list(facts) == list(SEED)
    for ident, record in SEED.items():
        fact = facts[ident]
        assert fact.status is FactStatus.FOUND, ident
        paper = fact.paper
        assert paper is not None and paper.id == ident
        # The stand-in wraps titles over lines, as arXiv does: they must come back collapsed.
        assert paper.title == record["title"]
        assert paper.version == (2 if record.get("title_v1") else 1)
        assert paper.authors == tuple(record["authors"])
        if record["submitted_precision"] == "day":
            assert paper.published.isoformat() == record["submitted"], ident
        else:
            assert paper.published.isoformat()[:7] == record["submitted"], ident
        assert not paper.withdrawn
    assert (src.report.requests, src.report.verified, src.report.unverified) == (1, 63, 0)


def test_150_ids_take_two_requests_paced_apart(server: StandinServer) -> None:
    extra = extra_papers(150 - len(SEED))
    standin_of(server).add(*extra)
    ids = list(SEED) + [p.id for p in extra]
    delay = 0.3
    src = source(server, delay_seconds=delay)

    facts = src.fetch(ids)

    first, second = queries(server)
    assert (len(sent_ids(first)), len(sent_ids(second))) == (100, 50)
    assert set(sent_ids(first)) | set(sent_ids(second)) == set(ids)
    # The pacing runs from the end of one request to the start of the next, so the arrivals are
    # at least that far apart.
    assert second.time - first.time >= delay
    assert all(f.status is FactStatus.FOUND for f in facts.values())
    assert src.report.requests == 2


def test_versions_and_duplicates_are_folded_into_one_unversioned_id(
    server: StandinServer,
) -> None:
    facts = source(server).fetch(["2511.22663v1", "arXiv:2511.22663", "2511.22663v5"])

    assert list(facts) == ["2511.22663"]
    assert sent_ids(queries(server)[0]) == ["2511.22663"]
    paper = facts["2511.22663"].paper
    assert paper is not None and paper.version == 2
    assert paper.title == SEED["2511.22663"]["title"]  # the latest title, not the v1 one


def test_malformed_id_is_never_sent(server: StandinServer) -> None:
    # Sanity: sent, it would fail the whole batch with arXiv's 400.
    with pytest.raises(arxiv.HTTPError) as excinfo:
        client = arxiv.Client(delay_seconds=0, num_retries=0)
        client.query_url_format = server.url + QUERY_PATH + "?{}"
        list(client.results(arxiv.Search(id_list=[PUMA, "1234.5678x"])))
    assert excinfo.value.status == 400
    server.reset()

    src = source(server)
    facts = src.fetch([PUMA, "1234.5678x", "2413.00001", "0112019"])

    (request,) = queries(server)
    assert sent_ids(request) == [PUMA]
    assert facts[PUMA].status is FactStatus.FOUND
    for bad in ("1234.5678x", "2413.00001", "0112019"):
        assert facts[bad].status is FactStatus.UNVERIFIED
        assert facts[bad].reason == "invalid id"
    assert src.report.reasons == {"invalid id": 3}


def test_only_invalid_ids_make_no_request(server: StandinServer) -> None:
    facts = source(server).fetch(["2413.00001"])
    assert facts["2413.00001"].status is FactStatus.UNVERIFIED
    assert server.count() == 0


def test_missing_id_is_missing(server: StandinServer) -> None:
    src = source(server)
    facts = src.fetch([PUMA, "2501.99999"])

    assert facts[PUMA].status is FactStatus.FOUND
    assert facts["2501.99999"].status is FactStatus.MISSING
    assert facts["2501.99999"].paper is None
    assert (src.report.requests, src.report.verified, src.report.unverified) == (1, 2, 0)


def test_total_results_counting_missing_ids_keeps_what_was_found(server: StandinServer) -> None:
    # The real API sometimes counts ids it does not have: the package then asks for a second
    # page, gets it empty and raises UnexpectedEmptyPageError.
    standin_of(server).count_missing = True
    facts = source(server).fetch([PUMA, "2501.99999", "2502.99999"])

    assert facts[PUMA].status is FactStatus.FOUND
    assert facts["2501.99999"].status is FactStatus.MISSING
    assert facts["2502.99999"].status is FactStatus.MISSING
    assert [r.arg("start") for r in queries(server)] == ["0", "1"]


def test_rate_exceeded_on_the_extra_page_is_retried_not_taken_for_the_end(
    server: StandinServer,
) -> None:
    # An empty second page that is really "Rate exceeded." must not end the search as if the
    # remaining ids were missing without a trustworthy answer: it is retried.
    throttle = rate_exceeded(times=1)

    def on_later_pages(request: Request) -> Response | None:
        return throttle(request) if request.arg("start") != "0" else None

    standin_of(server).count_missing = True
    server.inject(QUERY_PATH, on_later_pages)
    src = source(server)
    facts = src.fetch([PUMA, "2501.99999"])

    assert [r.arg("start") for r in queries(server)] == ["0", "1", "1"]
    assert facts[PUMA].status is FactStatus.FOUND
    assert facts["2501.99999"].status is FactStatus.MISSING
    assert src.report.requests == 3


def test_withdrawn_paper_says_so(server: StandinServer) -> None:
    facts = source(server).fetch(["2402.99999", PUMA])

    withdrawn = facts["2402.99999"].paper
    assert facts["2402.99999"].status is FactStatus.FOUND
    assert withdrawn is not None and withdrawn.withdrawn
    assert "withdrawn" in withdrawn.comment
    puma = facts[PUMA].paper
    assert puma is not None and not puma.withdrawn


# --- throttling and failures -----------------------------------------------------------------


def test_429_with_retry_after_is_retried_then_verified(server: StandinServer) -> None:
    server.inject(QUERY_PATH, http_status(429, retry_after=1, times=1))
    sleeps = Sleeps()
    src = source(server, sleep=sleeps)

    facts = src.fetch([PUMA])

    assert facts[PUMA].status is FactStatus.FOUND
    assert server.count("GET", QUERY_PATH) == 2
    assert max(sleeps) >= 1.0  # Retry-After was honoured (the recorder cut the actual wait)
    assert (src.report.requests, src.report.verified, src.report.unverified) == (2, 1, 0)


def test_rate_exceeded_body_is_detected_and_retried(server: StandinServer) -> None:
    # Sanity: the package alone reads this 200 as "no results at all".
    client = arxiv.Client(delay_seconds=0, num_retries=0)
    client.query_url_format = server.url + QUERY_PATH + "?{}"
    server.inject(QUERY_PATH, rate_exceeded(times=1))
    assert list(client.results(arxiv.Search(id_list=[PUMA]))) == []
    server.reset()

    server.inject(QUERY_PATH, rate_exceeded(times=1))
    src = source(server)
    facts = src.fetch([PUMA])

    assert facts[PUMA].status is FactStatus.FOUND
    assert server.count("GET", QUERY_PATH) == 2


def test_persistent_rate_exceeded_is_unverified_not_missing(server: StandinServer) -> None:
    server.inject(QUERY_PATH, rate_exceeded(times=100))
    src = source(server, max_attempts=2)
    facts = src.fetch([PUMA, "2501.99999"])

    assert {f.status for f in facts.values()} == {FactStatus.UNVERIFIED}
    assert {f.reason for f in facts.values()} == {"rate limited"}
    assert src.report.reasons == {"rate limited": 2}


def test_truncated_feed_is_retried_and_never_read_as_missing(server: StandinServer) -> None:
    standin = standin_of(server)
    server.inject(QUERY_PATH, truncated_feed(standin, keep=0.5, times=1))
    facts = source(server).fetch(SEED)

    assert server.count("GET", QUERY_PATH) == 2
    assert all(f.status is FactStatus.FOUND for f in facts.values())

    # Cut short every time: the entries before the cut would parse, but none may be trusted.
    server.reset()
    server.inject(QUERY_PATH, truncated_feed(standin, keep=0.5, times=100))
    facts = source(server, max_attempts=2).fetch(SEED)
    assert {f.status for f in facts.values()} == {FactStatus.UNVERIFIED}
    assert {f.reason for f in facts.values()} == {"malformed response"}


def test_persistent_503_is_unverified_not_missing(server: StandinServer) -> None:
    server.inject(QUERY_PATH, http_status(503, retry_after=0, times=100))
    sleeps = Sleeps()
    src = source(server, max_attempts=3, sleep=sleeps)

    facts = src.fetch([PUMA, "2501.99999"])

    assert server.count("GET", QUERY_PATH) == 3
    for fact in facts.values():
        assert fact.status is FactStatus.UNVERIFIED
        assert fact.reason == "HTTP 503"
    # Backoff doubles from the pacing delay (the pacing itself adds nothing on top).
    assert [s for s in sleeps if s >= DELAY * 0.99] == pytest.approx([DELAY, 2 * DELAY])
    assert (src.report.requests, src.report.verified) == (3, 0)
    assert src.report.unverified == 2 and src.report.reasons == {"HTTP 503": 2}


def test_error_feed_with_status_200_is_not_read_as_missing(server: StandinServer) -> None:
    standin = standin_of(server)

    def error_feed_200(request: Request) -> Response:
        bad = replace(request, query={"id_list": ["1234.5678x"]})
        return replace(standin.answer(bad), status=200)

    server.inject(QUERY_PATH, for_next(1, error_feed_200))
    facts = source(server).fetch([PUMA])

    assert server.count("GET", QUERY_PATH) == 1  # an error about the request: not retried
    assert facts[PUMA].status is FactStatus.UNVERIFIED and facts[PUMA].reason == "API error"


def test_400_is_not_retried(server: StandinServer) -> None:
    server.inject(QUERY_PATH, http_status(400, times=1))
    facts = source(server).fetch([PUMA])

    assert server.count("GET", QUERY_PATH) == 1
    assert facts[PUMA].status is FactStatus.UNVERIFIED and facts[PUMA].reason == "HTTP 400"


def test_slow_answer_beyond_the_timeout_is_unverified(server: StandinServer) -> None:
    server.inject(QUERY_PATH, slow_answer(standin_of(server), 1.5, times=100))
    started = time.monotonic()
    src = source(server, timeout=0.2, max_attempts=2, batch_size=1)
    facts = src.fetch([PUMA, "2410.13848"])

    assert time.monotonic() - started < 1.2  # gave up on the timeout, did not wait 1.5 s
    # Neither retried nor the next batch sent: each would wait the whole timeout again.
    assert server.count("GET", QUERY_PATH) == 1
    assert {(f.status, f.reason) for f in facts.values()} == {(FactStatus.UNVERIFIED, "timeout")}
    assert src.search_title("Janus: Decoupling Visual Encoding") == ()
    assert server.count("GET", QUERY_PATH) == 1


def test_stopped_server_is_unverified() -> None:
    with serve_arxiv() as srv:
        url = srv.url
    src = ArxivSource(url + QUERY_PATH, delay_seconds=DELAY, timeout=1.0, max_attempts=2)

    facts = src.fetch([PUMA, "2501.99999"])

    for fact in facts.values():
        assert fact.status is FactStatus.UNVERIFIED and fact.reason == "connection failed"
    assert src.report.requests == 2 and src.report.reasons == {"connection failed": 2}


def test_min_interval_is_respected_by_the_pacing(server: StandinServer) -> None:
    standin = standin_of(server)
    standin.min_interval = 0.2
    standin.add(*extra_papers(40))
    facts = source(server, delay_seconds=0.2, batch_size=40).fetch(list(standin.papers))

    assert server.count("GET", QUERY_PATH) == 3
    assert standin.throttled == 0
    assert all(f.status is FactStatus.FOUND for f in facts.values())


def test_min_interval_answers_429_to_an_impatient_client(server: StandinServer) -> None:
    standin_of(server).min_interval = 5.0
    sleeps = Sleeps()
    src = source(server, batch_size=1, max_attempts=2, sleep=sleeps)
    facts = src.fetch([PUMA, "2402.08268"])

    assert facts[PUMA].status is FactStatus.FOUND
    assert facts["2402.08268"].status is FactStatus.UNVERIFIED
    assert facts["2402.08268"].reason == "rate limited"
    assert standin_of(server).throttled == 2
    assert 3.0 in sleeps  # the stand-in's Retry-After


# --- title search ----------------------------------------------------------------------------


def test_title_search_finds_puma_first(server: StandinServer) -> None:
    src = source(server)
    found = src.search_title("PUMA: Empowering Unified MLLM with Multi-granular Visual Generation")

    assert found and found[0].id == PUMA
    assert found[0].title == SEED[PUMA]["title"]
    assert 1 < len(found) <= 5  # other papers share words: candidates, best first
    (request,) = queries(server)
    assert request.arg("search_query").startswith('ti:"puma" OR ')
    assert (src.report.requests, src.report.verified) == (1, 1)


def test_title_search_finds_a_paper_by_its_v1_title(server: StandinServer) -> None:
    found = source(server).search_title(
        "LlamaFusion: Adapting Pretrained Language Models for Multimodal Generation"
    )
    assert found[0].id == "2412.15188"
    assert found[0].title.startswith("LMFusion")  # the paper's latest title


def test_title_with_query_syntax_is_escaped(server: StandinServer) -> None:
    title = 'Unified "Models" (AND OR ANDNOT): ti:Auto-Encoders?'
    query = title_query(title)
    assert query == 'ti:"unified" OR ti:"models" OR ti:"ti" OR ti:"auto" OR ti:"encoders"'
    found = source(server).search_title(title)
    assert found[0].id == "2509.09666"


def test_title_search_unverifiable_is_empty_and_reported(server: StandinServer) -> None:
    server.inject(QUERY_PATH, http_status(503, times=100))
    src = source(server, max_attempts=2)

    assert src.search_title("PUMA: Empowering Unified MLLM") == ()
    assert src.report.unverified == 1 and src.report.reasons == {"HTTP 503": 1}


# --- configuration ---------------------------------------------------------------------------


def test_api_url_from_the_environment(
    server: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(API_URL_ENV, server.url + QUERY_PATH)
    facts = ArxivSource(delay_seconds=DELAY).fetch([PUMA])
    assert facts[PUMA].status is FactStatus.FOUND
    assert server.count("GET", QUERY_PATH) == 1

    monkeypatch.delenv(API_URL_ENV)
    src = ArxivSource()
    assert src.api_url == DEFAULT_API_URL  # no request made here


def test_pacing_counts_from_the_end_of_the_previous_request(server: StandinServer) -> None:
    # A fake clock: the first request "ends" at t=10, the next starts at t=11 -> sleep 2 s.
    now = [10.0]
    sleeps: list[float] = []
    src = ArxivSource(
        server.url + QUERY_PATH, delay_seconds=3.0, clock=lambda: now[0], sleep=sleeps.append
    )
    src.fetch([PUMA])
    now[0] = 11.0
    src.search_title("Liquid")
    assert sleeps == [pytest.approx(2.0)]
    assert server.count("GET", QUERY_PATH) == 2


def test_unused_faults_step_aside(server: StandinServer) -> None:
    fault = for_next(1, lambda _r: Response(503))
    server.inject(QUERY_PATH, fault)
    src = source(server, max_attempts=1)
    assert src.fetch([PUMA])[PUMA].status is FactStatus.UNVERIFIED
    assert src.fetch([PUMA])[PUMA].status is FactStatus.FOUND
