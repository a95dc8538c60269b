"""SemanticScholarSource (httpx) against the Semantic Scholar stand-in on 127.0.0.1, and the
venue resolution it feeds (``awesome_lint.venues``)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from awesome_lint import venues
from awesome_lint.deadline import Deadline
from awesome_lint.facts import FactStatus, Venue
from awesome_lint.sources import semantic_scholar as s2
from awesome_lint.sources.semantic_scholar import SemanticScholarSource, lookup_venues
from conftest import Sleeps
from standins.arxiv import for_next, http_status, slow_answer
from standins.base import Request, Response, StandinServer
from standins.semantic_scholar import (
    BASE_PATH,
    BATCH_PATH,
    SECONDARY,
    SEED_PATH,
    SemanticScholarStandin,
    confirmed_venues,
    seed_rows,
    serve_semantic_scholar,
    standin_of,
)

SEED: dict[str, dict[str, Any]] = json.loads(SEED_PATH.read_text(encoding="utf-8"))["arxiv"]
KEY = "s2-standin-key"


@pytest.fixture(scope="module")
def shared_server() -> Iterator[StandinServer]:
    with serve_semantic_scholar() as srv:
        yield srv


@pytest.fixture
def server(shared_server: StandinServer) -> StandinServer:
    shared_server.clear_faults()
    standin = standin_of(shared_server)
    standin.reset()
    standin.api_key = None
    standin.min_interval = None
    shared_server.reset()
    return shared_server


def source(server: StandinServer, **options: Any) -> SemanticScholarSource:
    settings: dict[str, Any] = {"delay_seconds": 0.05, "timeout": 2.0, "max_attempts": 3}
    settings.update(options)
    return SemanticScholarSource(server.url + BASE_PATH, **settings)


def batches(server: StandinServer) -> list[Request]:
    return [r for r in server.requests if r.path == BATCH_PATH]


# --- the request ------------------------------------------------------------------------------


def test_all_seed_ids_in_one_request_with_the_seed_venues(server: StandinServer) -> None:
    src = source(server, api_key=KEY)
    facts = src.fetch(SEED)

    (request,) = batches(server)
    assert request.method == "POST"
    assert request.json() == {"ids": [f"ARXIV:{i}" for i in SEED]}
    assert request.arg("fields") == s2.FIELDS
    assert request.headers["x-api-key"] == KEY
    assert list(facts) == list(SEED)
    confirmed = confirmed_venues()
    for ident, record in SEED.items():
        fact = facts[ident]
        assert fact.status is FactStatus.FOUND and fact.title == record["title"], ident
        if record["venue"] is None:
            assert fact.venue is None, ident  # arXiv.org, journals/corr: not published
        elif ident in confirmed:
            name, year, workshops = confirmed[ident]
            assert fact.venue is not None, ident
            assert (fact.venue.name, fact.venue.year) == (name, year), ident
            assert fact.venue.track == ("Workshops" if workshops else ""), ident
    assert (src.report.requests, src.report.verified, src.report.unverified) == (1, 63, 0)
    assert len(confirmed) == 13 and SECONDARY  # the seed's split, as the stand-in reads it


def test_the_year_is_dblp_s_not_the_preprint_s(server: StandinServer) -> None:
    # Semantic Scholar's ``year`` for MUSE-VL is 2024 (the preprint's); DBLP's key says 2025.
    row = standin_of(server).rows["2411.17762"]
    assert row["year"] == 2024 and row["externalIds"]["DBLP"].startswith("conf/iccv/")
    fact = source(server).fetch(["2411.17762"])["2411.17762"]
    assert fact.venue == Venue("ICCV", 2025, "", f"DBLP record {row['externalIds']['DBLP']}")


def test_without_a_key_no_key_header_and_slower_pacing(server: StandinServer) -> None:
    src = SemanticScholarSource(server.url + BASE_PATH)
    src.fetch(["2411.17762"])
    (request,) = batches(server)
    assert "x-api-key" not in request.headers
    assert src._delay == s2.DELAY_WITHOUT_KEY > SemanticScholarSource(api_key=KEY)._delay == 1.0


def test_versions_duplicates_and_invalid_ids(server: StandinServer) -> None:
    src = source(server)
    facts = src.fetch(["2411.17762v3", "arXiv:2411.17762", "2413.00001", "not-an-id"])
    (request,) = batches(server)
    assert request.json() == {"ids": ["ARXIV:2411.17762"]}  # invalid ids are never sent
    assert facts["2411.17762"].status is FactStatus.FOUND
    assert facts["2413.00001"].status is FactStatus.UNVERIFIED
    assert facts["2413.00001"].reason == s2.INVALID_ID


def test_unknown_id_is_missing(server: StandinServer) -> None:
    facts = source(server).fetch(["2411.17762", "2501.99999"])
    assert facts["2501.99999"].status is FactStatus.MISSING
    assert facts["2411.17762"].status is FactStatus.FOUND


def test_more_than_500_ids_take_two_requests_paced_apart(server: StandinServer) -> None:
    ids = [f"2501.{10000 + i:05d}" for i in range(501)]
    sleeps = Sleeps()
    src = source(server, delay_seconds=0.3, sleep=sleeps)
    facts = src.fetch(ids)
    first, second = batches(server)
    assert len(first.json()["ids"]) == 500 and len(second.json()["ids"]) == 1
    assert all(f.status is FactStatus.MISSING for f in facts.values())
    assert sleeps and 0.0 < sleeps[0] <= 0.3
    assert src.report.requests == 2


def test_the_stand_in_refuses_more_than_500_ids(server: StandinServer) -> None:
    import httpx

    ids = [f"ARXIV:2501.{10000 + i:05d}" for i in range(501)]
    answer = httpx.post(server.url + BATCH_PATH, json={"ids": ids})
    assert answer.status_code == 400 and "500" in answer.json()["error"]


# --- failures -------------------------------------------------------------------------------


def test_429_with_retry_after_is_retried_then_verified(server: StandinServer) -> None:
    server.inject(BATCH_PATH, http_status(429, retry_after=1))
    sleeps = Sleeps()
    src = source(server, sleep=sleeps)
    facts = src.fetch(["2411.17762"])
    assert len(batches(server)) == 2 and facts["2411.17762"].status is FactStatus.FOUND
    assert sleeps == [1.0]  # Retry-After, longer than the backoff


def test_persistent_429_is_unverified_not_missing(server: StandinServer) -> None:
    server.inject(BATCH_PATH, http_status(429, retry_after=0, times=10))
    src = source(server, sleep=Sleeps())
    facts = src.fetch(["2411.17762", "2501.99999"])
    assert len(batches(server)) == 3  # max_attempts
    assert {f.status for f in facts.values()} == {FactStatus.UNVERIFIED}
    assert src.report.reasons == {"rate limited": 2}


def test_a_retry_after_too_long_gives_up_at_once(server: StandinServer) -> None:
    server.inject(BATCH_PATH, http_status(429, retry_after=3600, times=10))
    sleeps = Sleeps()
    facts = source(server, sleep=sleeps, max_wait=60).fetch(["2411.17762"])
    assert len(batches(server)) == 1 and sleeps == []
    assert facts["2411.17762"].reason == "rate limited"


def test_the_stand_in_s_own_throttling_is_obeyed(server: StandinServer) -> None:
    standin_of(server).min_interval = 0.5
    standin_of(server).rows = {}  # every id unknown: 600 ids, two requests
    src = source(server, delay_seconds=0.05, sleep=time.sleep)
    facts = src.fetch([f"2501.{10000 + i:05d}" for i in range(600)])
    # The second batch came too soon, got a 429 with Retry-After: 1, waited, and was answered.
    _, throttled, second = batches(server)
    assert standin_of(server).throttled == 1 and second.time - throttled.time >= 1.0
    assert src.report.unverified == 0 and len(facts) == 600


def test_a_rejected_key_is_unverified_and_not_retried(server: StandinServer) -> None:
    standin_of(server).api_key = KEY
    src = source(server, api_key="wrong")
    facts = src.fetch(["2411.17762"])
    assert len(batches(server)) == 1
    assert facts["2411.17762"].status is FactStatus.UNVERIFIED
    assert "rejected the API key" in facts["2411.17762"].reason
    assert "wrong" not in repr(src)


@pytest.mark.parametrize(
    "body",
    [
        "<html>Service Unavailable</html>",
        json.dumps({"data": []}),
        json.dumps([None, None]),  # one id asked, two rows: not this request's answer
    ],
)
def test_an_answer_of_the_wrong_shape_is_unverified(server: StandinServer, body: str) -> None:
    server.inject(BATCH_PATH, for_next(10, lambda _r: Response(200, body)))
    src = source(server, sleep=Sleeps())
    facts = src.fetch(["2411.17762"])
    assert facts["2411.17762"].status is FactStatus.UNVERIFIED
    assert facts["2411.17762"].reason == s2.MALFORMED and len(batches(server)) == 3


def test_a_row_of_the_wrong_shape_is_a_miss_the_others_stand(server: StandinServer) -> None:
    rows = standin_of(server).rows
    rows["2411.17762"]["year"] = "2025"  # a string where an integer belongs
    rows["2412.00127"]["externalIds"]["ArXiv"] = "2410.13861"  # another paper's row
    rows["2411.19722"]["publicationVenue"]["alternate_names"] = "ICLR"
    facts = source(server).fetch(["2411.17762", "2412.00127", "2411.19722", "2410.13861"])
    assert [f.status for f in facts.values()] == [FactStatus.UNVERIFIED] * 3 + [FactStatus.FOUND]


def test_slow_answer_beyond_the_timeout_is_unverified(server: StandinServer) -> None:
    standin = standin_of(server)
    server.inject(BATCH_PATH, slow_answer(standin, 1.0, times=5))  # type: ignore[arg-type]
    facts = source(server, timeout=0.2, max_attempts=2, sleep=Sleeps()).fetch(["2411.17762"])
    assert facts["2411.17762"].reason == "timeout"


def test_stopped_server_is_unverified() -> None:
    with serve_semantic_scholar() as srv:
        url = srv.url
    facts = SemanticScholarSource(url + BASE_PATH, max_attempts=2, sleep=Sleeps()).fetch(
        ["2411.17762"]
    )
    assert facts["2411.17762"].status is FactStatus.UNVERIFIED
    assert facts["2411.17762"].reason == "connection failed"


def test_no_request_past_the_deadline(server: StandinServer) -> None:
    facts = source(server, deadline=Deadline(0)).fetch(["2411.17762"])
    assert batches(server) == [] and facts["2411.17762"].reason == "deadline reached"


def test_api_url_from_the_environment(
    server: StandinServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert SemanticScholarSource().api_url == s2.DEFAULT_API_URL
    monkeypatch.setenv(s2.API_URL_ENV, server.url + BASE_PATH + "/")
    monkeypatch.setenv(s2.API_KEY_ENV, KEY)
    assert lookup_venues(["2411.17762", "2410.13848", "2501.99999"]) == {
        "2411.17762": Venue("ICCV", 2025, "", "DBLP record conf/iccv/XieDS25")
    }
    (request,) = batches(server)
    assert request.headers["x-api-key"] == KEY


# --- the cache's side -----------------------------------------------------------------------


def test_cached_rows_are_checked_like_answers(server: StandinServer) -> None:
    fact = source(server).fetch(["2504.04423"])["2504.04423"]
    stored = json.loads(json.dumps(s2.fact_to_json(fact)))
    assert s2.fact_from_json("2504.04423", stored) == fact
    assert fact.venue is not None and fact.venue.label == "CVPR Workshops 2025"
    missing = s2.fact_to_json(s2.fact_from_row("2501.99999", None))
    assert s2.fact_from_json("2501.99999", missing).status is FactStatus.MISSING
    broken = {"status": "found", "record": {**stored["record"], "title": 7}}
    assert s2.fact_from_json("2504.04423", broken).status is FactStatus.UNVERIFIED
    assert s2.fact_from_json("2504.04423", {"status": "found"}).status is FactStatus.UNVERIFIED


# --- venue resolution -----------------------------------------------------------------------


def _row(**fields: Any) -> dict[str, Any]:
    return {"title": "A Paper", "venue": "", "externalIds": None, **fields}


@pytest.mark.parametrize(
    ("row", "label"),
    [
        (_row(venue="arXiv.org", externalIds={"DBLP": "journals/corr/abs-2411-17762"}), None),
        (_row(venue="ArXiv", year=2024), None),
        (_row(venue="CoRR", year=2024), None),
        (
            _row(externalIds={"DBLP": "conf/nips/TangYZ23a"}, venue="Neural Information"),
            "NeurIPS 2023",
        ),
        (_row(externalIds={"DBLP": "conf/iccvw/LiZ23"}), "ICCV Workshops 2023"),
        (_row(externalIds={"DBLP": "journals/pami/WuLZ24"}), "TPAMI 2024"),
        (
            _row(
                venue="Findings of the Association for Computational Linguistics: EMNLP 2024",
                externalIds={"DBLP": "conf/emnlp/ChenL24"},
            ),
            "EMNLP Findings 2024",
        ),
        (
            _row(
                venue="International Conference on Learning Representations",
                publicationVenue={"name": "ICLR", "alternate_names": ["Int Conf Learn Represent"]},
                year=2026,
            ),
            "ICLR 2026",
        ),
        (_row(venue="Neural Information Processing Systems", year=2025), "NeurIPS 2025"),
        (
            _row(
                venue="2024 IEEE/CVF Conference on Computer Vision and Pattern Recognition Workshops (CVPRW)",
                year=2024,
            ),
            "CVPR Workshops 2024",
        ),
        (_row(venue="", year=2024), None),
        (_row(venue="Nature", year=2025), "Nature 2025"),
        (_row(venue="[x](https://example.com)", year=2025), None),  # never written into a list
    ],
)
def test_resolve(row: dict[str, Any], label: str | None) -> None:
    record = venues.validate_record(row, "2411.17762")
    assert record is not None
    venue = venues.resolve(record)
    assert (venue.label if venue else None) == label


@pytest.mark.parametrize(
    ("text", "after", "name", "year", "track", "preprint"),
    [
        ("arXiv", "", None, None, "", True),
        ("Arxiv 2024", "", None, 2024, "", True),
        ("preprint", "", None, None, "", True),
        ("ICCV 2025", "", "ICCV", 2025, "", False),
        ("ICCV'25", "", "ICCV", 2025, "", False),
        ("NeurIPS 2024", " Workshop", "NeurIPS", 2024, "Workshops", False),
        ("CVPRW 2024", "", "CVPR", 2024, "Workshops", False),
        ("ACL Findings 2024", "", "ACL", 2024, "Findings", False),
        ("Findings of EMNLP", "", "EMNLP", None, "Findings", False),
        ("ICLR", "", "ICLR", None, "", False),
    ],
)
def test_parse_listed(
    text: str, after: str, name: str | None, year: int | None, track: str, preprint: bool
) -> None:
    listed = venues.parse_listed(text, after)
    assert (listed.name, listed.year, listed.track, listed.preprint) == (
        name,
        year,
        track,
        preprint,
    )


def test_year_style_and_format() -> None:
    iccv = Venue("ICCV", 2025)
    assert venues.year_style(["ICCV'25", "CVPR'24", "arXiv"]) == "apostrophe"
    assert venues.year_style(["ICCV 2025", "NeurIPS 2024", "arXiv 2024"]) == "space"
    assert venues.year_style(["ICLR", "arXiv"]) is None
    assert venues.format_venue(iccv, "apostrophe") == "ICCV'25"
    assert venues.format_venue(iccv, "comma") == "ICCV, 2025"
    assert venues.format_venue(iccv, None) == "ICCV 2025"
    assert venues.same_name("NIPS", Venue("NeurIPS", 2019, aliases=("NeurIPS",)))


def test_seed_rows_have_the_real_fields_only() -> None:
    allowed = {"paperId", "title", "venue", "publicationVenue", "year", "publicationDate"}
    for row in seed_rows().values():
        assert set(row) <= allowed | {"externalIds"}
    answer = SemanticScholarStandin()._row("ARXIV:2411.17762", ["title"])
    assert answer is not None and set(answer) == {"paperId", "title"}
