"""GitHubSource against the GitHub stand-in on 127.0.0.1: GraphQL with a token, REST without."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from awesome_lint.facts import FactStatus, RepoFact
from awesome_lint.sources.github import (
    NO_TOKEN_RATE_LIMIT,
    RATE_LIMIT,
    SECONDARY_RATE_LIMIT,
    GitHubSource,
    token_from_env,
)
from standins.base import Request, Response
from standins.github import GitHubServer, GitHubStandin, serve_github

SEED = json.loads(
    (Path(__file__).parent / "fixtures" / "seed-metadata.json").read_text(encoding="utf-8")
)
SEED_REPOS: list[str] = list(SEED["github"])  # 42 names as the lists and corrections write them
MISSING = "nobody-home/no-such-repository"
TOKEN = "ghp_TESTtokenVALUE0123456789abcdefABCDEF"
TOKENFLOW_OLD = "ByteFlow-AI/TokenFlow"
TOKENFLOW_NEW = "ByteVisionLab/TokenFlow"


def source(server: GitHubServer, token: str | None = TOKEN, **options: Any) -> GitHubSource:
    """A source tuned for tests: no spacing between requests, no backoff, short waits."""
    settings: dict[str, Any] = {
        "seconds_between_requests": 0,
        "backoff_factor": 0,
        "max_wait": 3,
        "retries": 2,
        "timeout": 5,
    }
    settings.update(options)
    return GitHubSource(token, server.url, **settings)


def rest_paths(server: GitHubServer) -> list[str]:
    return [r.path for r in server.requests if r.path != "/graphql"]


@pytest.fixture
def github() -> Iterator[GitHubServer]:
    with serve_github() as server:
        yield server


# --------------------------------------------------------------------------- with a token
def test_token_all_seed_repositories_in_one_graphql_request(github: GitHubServer) -> None:
    names = [*SEED_REPOS, MISSING]
    src = source(github)
    facts = src.fetch(names)

    # 42 seed names are 41 distinct repositories case-insensitively (+ the missing one)
    assert set(facts) == {n.lower() for n in names}
    assert len(facts) == 42
    assert github.graphql_count() == 1
    # The NOT_FOUND one is confirmed; UAE (unconfirmed in the seed: no README known) is asked
    # for a README under any name, which GraphQL can only try by file name.
    assert sorted(rest_paths(github)) == sorted(
        [f"/repos/{MISSING}", "/repos/PKU-YuanGroup/UAE/readme"]
    )
    assert src.report.requests == 3
    query = github.requests[0].json()["query"]
    assert query.count(": repository(") == 42
    assert github.requests[0].headers["authorization"] == f"token {TOKEN}"

    assert facts[MISSING.lower()].status is FactStatus.MISSING
    found = [f for f in facts.values() if f.status is FactStatus.FOUND]
    assert len(found) == 41
    # Every README is read, incl. sindresorhus/awesome's readme.md; UAE has none to read.
    assert [f.requested for f in found if not f.readme] == ["PKU-YuanGroup/UAE"]
    assert src.report.verified == 42 and src.report.unverified == 0


def test_token_rename_followed_by_graphql(github: GitHubServer) -> None:
    src = source(github)
    fact = src.fetch([TOKENFLOW_OLD])[TOKENFLOW_OLD.lower()]
    assert fact.status is FactStatus.FOUND
    assert fact.canonical == TOKENFLOW_NEW and fact.moved
    assert fact.readme is not None and "2412.03069" in fact.readme
    assert github.graphql_count() == 1 and rest_paths(github) == []


def test_token_rename_not_followed_by_graphql_confirmed_by_rest() -> None:
    with serve_github(graphql_follows_renames=False) as github:
        src = source(github)
        facts = src.fetch([TOKENFLOW_OLD, "deepseek-ai/Janus", MISSING])
        new_id = github.github.repos[TOKENFLOW_NEW.lower()].id
        assert github.graphql_count() == 1
        assert rest_paths(github) == [
            f"/repos/{TOKENFLOW_OLD}",  # 301
            f"/repositories/{new_id}",
            f"/repos/{TOKENFLOW_NEW}/readme",
            f"/repos/{MISSING}",  # 404
        ]
        assert src.report.requests == 5
    fact = facts[TOKENFLOW_OLD.lower()]
    assert fact.status is FactStatus.FOUND and fact.canonical == TOKENFLOW_NEW and fact.moved
    assert fact.readme is not None and "2412.03069" in fact.readme
    assert facts[MISSING.lower()].status is FactStatus.MISSING
    assert facts["deepseek-ai/janus"].status is FactStatus.FOUND


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest"])
def test_case_only_difference_gives_canonical(github: GitHubServer, token: str | None) -> None:
    facts = source(github, token).fetch(["bytedance-seed/BAGEL", "deepseek-ai/Janus"])
    bagel = facts["bytedance-seed/bagel"]
    assert bagel.status is FactStatus.FOUND
    assert bagel.canonical == "ByteDance-Seed/Bagel" and bagel.moved
    assert bagel.readme is not None and "2505.14683" in bagel.readme
    janus = facts["deepseek-ai/janus"]
    assert janus.canonical == "deepseek-ai/Janus" and not janus.moved


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest"])
def test_readme_text_cites_the_hosted_papers(github: GitHubServer, token: str | None) -> None:
    facts = source(github, token).fetch(
        ["deepseek-ai/Janus", "FoundationVision/UniTok", "SxJyJay/UniToken"]
    )
    janus = facts["deepseek-ai/janus"].readme or ""
    assert "https://arxiv.org/abs/2410.13848" in janus and "2411.07975" in janus
    assert "Janus: Decoupling Visual Encoding" in janus
    unitok = facts["foundationvision/unitok"].readme or ""
    assert "2502.20321" in unitok and "2504.04423" not in unitok
    assert "2504.04423" in (facts["sxjyjay/unitoken"].readme or "")


def test_graphql_batches_by_batch_size(github: GitHubServer) -> None:
    facts = source(github, batch_size=20).fetch(SEED_REPOS)
    assert github.graphql_count() == 3  # 41 distinct repositories: 20 + 20 + 1
    assert all(f.status is FactStatus.FOUND for f in facts.values())


def test_graphql_partial_errors_keep_the_good_data(github: GitHubServer) -> None:
    github.github.graphql_error_for("deepseek-ai/Janus", "FORBIDDEN")
    facts = source(github).fetch(["deepseek-ai/Janus", MISSING, "baaivision/Emu3"])
    assert github.graphql_count() == 1
    assert rest_paths(github) == [f"/repos/{MISSING}"]  # FORBIDDEN is not re-asked via REST
    janus = facts["deepseek-ai/janus"]
    assert janus.status is FactStatus.UNVERIFIED and "FORBIDDEN" in janus.reason
    assert facts[MISSING.lower()].status is FactStatus.MISSING
    emu3 = facts["baaivision/emu3"]
    assert emu3.status is FactStatus.FOUND and "2409.18869" in (emu3.readme or "")


def test_graphql_readme_fallback_and_archived(github: GitHubServer) -> None:
    github.github.add_repo("octo/odd", readme="odd text 1706.03762\n", readme_name="README.txt")
    github.github.add_repo("octo/bare", readme=None, archived=True, description="old")
    facts = source(github).fetch(["octo/odd", "octo/bare"])
    assert github.graphql_count() == 1
    # neither README was found by name in GraphQL: REST /readme finds any name, or 404
    assert sorted(rest_paths(github)) == ["/repos/octo/bare/readme", "/repos/octo/odd/readme"]
    assert facts["octo/odd"].readme == "odd text 1706.03762\n"
    bare = facts["octo/bare"]
    assert bare.status is FactStatus.FOUND and bare.readme is None
    assert bare.archived and bare.description == "old"


def test_graphql_5xx_retried_then_found(github: GitHubServer) -> None:
    github.fail_next(2, 502, "/graphql")
    facts = source(github).fetch(["deepseek-ai/Janus"])
    assert facts["deepseek-ai/janus"].status is FactStatus.FOUND
    assert github.graphql_count() == 3


def test_graphql_5xx_exhausted_is_unverified_never_missing(github: GitHubServer) -> None:
    github.fail_next(100, 500, "/graphql")
    src = source(github, retries=1)
    facts = src.fetch(["deepseek-ai/Janus", MISSING])
    assert github.graphql_count() == 2  # one try + one retry
    assert {f.status for f in facts.values()} == {FactStatus.UNVERIFIED}
    assert all("500" in f.reason for f in facts.values())
    assert src.report.unverified == 2 and src.report.requests == 2


def test_graphql_rate_limited_stops(github: GitHubServer) -> None:
    github.github.set_remaining(0, authenticated=True, resource="graphql")
    src = source(github, batch_size=10)
    facts = src.fetch(SEED_REPOS[:25])
    assert github.graphql_count() == 1  # no further batches once RATE_LIMITED
    assert {f.reason for f in facts.values()} == {RATE_LIMIT}
    assert src.report.reasons == {RATE_LIMIT: 25}


def test_bad_token_is_unverified_and_stops() -> None:
    with serve_github(valid_tokens={"ghp_other"}) as github:
        src = source(github, batch_size=10)
        facts = src.fetch(SEED_REPOS[:25])
        assert github.graphql_count() == 1
    assert {f.status for f in facts.values()} == {FactStatus.UNVERIFIED}
    assert {f.reason for f in facts.values()} == {"GitHub rejected the token (401)"}


def test_token_never_leaks(github: GitHubServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="github")  # PyGithub logs request headers here
    github.github.graphql_error_for("deepseek-ai/Janus", "FORBIDDEN")
    github.fail_next(1, 500, "/graphql")
    github.fail_next(100, 502, f"/repos/{MISSING}")
    src = source(github, retries=1)
    facts = src.fetch(["deepseek-ai/Janus", MISSING, "baaivision/Emu3", "x y/z"])
    assert github.requests[0].headers["authorization"] == f"token {TOKEN}"  # it was sent
    texts = [repr(src), str(src.report), repr(facts), caplog.text]
    assert facts[MISSING.lower()].status is FactStatus.UNVERIFIED  # an error path was taken
    with pytest.raises(ValueError) as excinfo:
        GitHubSource(TOKEN, github.url, batch_size=0)
    texts.append(str(excinfo.value))
    assert all(TOKEN not in text for text in texts)
    assert "authenticated=True" in repr(src)


# ------------------------------------------------------------------------ without a token
def test_no_token_rest_request_counts(github: GitHubServer) -> None:
    names = ["deepseek-ai/Janus", TOKENFLOW_OLD, "bytedance-seed/BAGEL", MISSING]
    src = source(github, token=None)
    facts = src.fetch(names)
    new_id = github.github.repos[TOKENFLOW_NEW.lower()].id
    assert github.graphql_count() == 0
    assert rest_paths(github) == [
        "/rate_limit",  # free: learn the budget before spending it
        "/repos/deepseek-ai/Janus",
        "/repos/deepseek-ai/Janus/readme",
        f"/repos/{TOKENFLOW_OLD}",  # 301 ...
        f"/repositories/{new_id}",  # ... followed by PyGithub
        f"/repos/{TOKENFLOW_NEW}/readme",
        "/repos/bytedance-seed/BAGEL",
        "/repos/ByteDance-Seed/Bagel/readme",
        f"/repos/{MISSING}",
    ]
    assert src.report.requests == 9
    assert github.requests[1].headers.get("authorization") is None
    tokenflow = facts[TOKENFLOW_OLD.lower()]
    assert tokenflow.status is FactStatus.FOUND and tokenflow.canonical == TOKENFLOW_NEW
    assert tokenflow.moved and "2412.03069" in (tokenflow.readme or "")
    assert facts[MISSING.lower()].status is FactStatus.MISSING
    assert src.report.verified == 4


def test_no_token_stops_before_the_hourly_limit(github: GitHubServer) -> None:
    github.github.set_remaining(5)  # 5 of the anonymous 60 left
    names = ["deepseek-ai/Janus", "baaivision/Emu3", "GAIR-NLP/anole", "OpenMOSS/AnyGPT"]
    src = source(github, token=None)
    facts = src.fetch(names)
    assert [f.status for f in facts.values()] == [
        FactStatus.FOUND,
        FactStatus.FOUND,
        FactStatus.UNVERIFIED,
        FactStatus.UNVERIFIED,
    ]
    assert facts["gair-nlp/anole"].reason == NO_TOKEN_RATE_LIMIT
    assert src.report.reasons == {NO_TOKEN_RATE_LIMIT: 2}
    assert github.rest_count() == 5  # /rate_limit + 2 x (repository + README)
    assert github.github.rate_limited_answers == 0  # never provoked a 403


def test_no_token_whole_seed_stays_within_60(github: GitHubServer) -> None:
    src = source(github, token=None)
    facts = src.fetch(SEED_REPOS)
    assert github.github.rate_limited_answers == 0
    spent = github.rest_count() - github.count("GET", "/rate_limit")
    assert 58 <= spent <= 60
    unverified = [f for f in facts.values() if f.status is FactStatus.UNVERIFIED]
    assert unverified and all(f.reason == NO_TOKEN_RATE_LIMIT for f in unverified)
    assert not any(f.status is FactStatus.MISSING for f in facts.values())


def test_no_token_primary_rate_limit_403_is_unverified(github: GitHubServer) -> None:
    # the budget runs out under our feet (another client on the same IP): 403, then stop
    state = github.github

    def others_spend_it_all(request: Request) -> Response:
        answer = state.handle(request)  # the budget as /rate_limit saw it ...
        state.set_remaining(0)  # ... is gone by the time we ask for a repository
        return answer

    github.inject("/rate_limit", others_spend_it_all)
    src = source(github, token=None)
    start = time.monotonic()
    facts = src.fetch(["deepseek-ai/Janus", "baaivision/Emu3"])
    assert time.monotonic() - start < 2  # the reset is an hour away: no waiting for it
    assert {f.reason for f in facts.values()} == {NO_TOKEN_RATE_LIMIT}
    assert github.rest_count("/repos/") == 1  # the 403 is not retried, the run stops
    assert state.rate_limited_answers == 1


def test_rest_500_retried_then_unverified(github: GitHubServer) -> None:
    github.fail_next(100, 500, "/repos/deepseek-ai/Janus")
    src = source(github, token=None, retries=2)
    facts = src.fetch(["deepseek-ai/Janus", "baaivision/Emu3"])
    janus = facts["deepseek-ai/janus"]
    assert janus.status is FactStatus.UNVERIFIED and "500" in janus.reason
    assert github.count("GET", "/repos/deepseek-ai/Janus") == 3  # 1 + 2 retries
    assert facts["baaivision/emu3"].status is FactStatus.FOUND


def test_rest_transient_502_recovers(github: GitHubServer) -> None:
    github.fail_next(1, 502, "/repos/deepseek-ai/Janus")
    fact = source(github, token=None).fetch(["deepseek-ai/Janus"])["deepseek-ai/janus"]
    assert fact.status is FactStatus.FOUND and fact.readme


def test_rest_repeated_failures_stop_the_run(github: GitHubServer) -> None:
    github.fail_next(1000, 503, "/repos/")
    src = source(github, token=None, retries=0)
    facts = src.fetch(SEED_REPOS[:8])
    assert github.rest_count("/repos/") == 3  # then the rest are skipped, not hammered
    assert all(f.status is FactStatus.UNVERIFIED for f in facts.values())
    assert sum(src.report.reasons.values()) == 8


def test_invalid_json_retried_once(github: GitHubServer) -> None:
    github.invalid_json_next(1, "/repos/deepseek-ai/Janus")
    github.invalid_json_next(100, "/repos/baaivision/Emu3")
    facts = source(github, token=None).fetch(["deepseek-ai/Janus", "baaivision/Emu3"])
    assert facts["deepseek-ai/janus"].status is FactStatus.FOUND
    emu3 = facts["baaivision/emu3"]
    assert emu3.status is FactStatus.UNVERIFIED and "invalid JSON" in emu3.reason
    assert github.count("GET", "/repos/baaivision/Emu3") == 2


def test_invalid_json_graphql(github: GitHubServer) -> None:
    github.invalid_json_next(100, "/graphql")
    facts = source(github).fetch(["deepseek-ai/Janus"])
    assert facts["deepseek-ai/janus"].status is FactStatus.UNVERIFIED
    assert github.graphql_count() == 2


def test_secondary_rate_limit_retry_after_is_honoured(github: GitHubServer) -> None:
    github.secondary_rate_limit_next(1, retry_after=1, path_prefix="/graphql")
    start = time.monotonic()
    facts = source(github).fetch(["deepseek-ai/Janus"])
    assert time.monotonic() - start >= 0.9
    assert facts["deepseek-ai/janus"].status is FactStatus.FOUND
    assert github.graphql_count() == 2


def test_retry_after_beyond_max_wait_gives_up_at_once(github: GitHubServer) -> None:
    github.secondary_rate_limit_next(100, retry_after=3600, path_prefix="/graphql")
    start = time.monotonic()
    src = source(github, max_wait=2, batch_size=1)
    facts = src.fetch(["deepseek-ai/Janus", "baaivision/Emu3"])
    assert time.monotonic() - start < 2
    assert {f.reason for f in facts.values()} == {SECONDARY_RATE_LIMIT}
    assert github.graphql_count() == 1  # a rate limit stops the remaining batches


def test_429_with_and_without_retry_after(github: GitHubServer) -> None:
    github.too_many_requests_next(1, retry_after=0, path_prefix="/repos/deepseek-ai/Janus")
    github.too_many_requests_next(1, retry_after=None, path_prefix="/repos/baaivision/Emu3")
    src = source(github, token=None)
    facts = src.fetch(["deepseek-ai/Janus", "baaivision/Emu3", "GAIR-NLP/anole"])
    assert facts["deepseek-ai/janus"].status is FactStatus.FOUND  # retried after 0 s
    assert facts["baaivision/emu3"].reason == SECONDARY_RATE_LIMIT
    assert facts["gair-nlp/anole"].reason == SECONDARY_RATE_LIMIT  # the run stopped
    assert github.count("GET", "/repos/GAIR-NLP") == 0


def test_slow_answer_times_out_as_unverified(github: GitHubServer) -> None:
    github.slow_next(1, 2.5, "/repos/deepseek-ai/Janus")
    src = source(github, token=None, timeout=1, retries=0)
    start = time.monotonic()
    facts = src.fetch(["deepseek-ai/Janus", "baaivision/Emu3"])
    assert time.monotonic() - start < 2.4
    janus = facts["deepseek-ai/janus"]
    assert janus.status is FactStatus.UNVERIFIED and janus.reason == "GitHub timed out"
    # A server that did not answer in time is not asked again: a hanging one would cost a
    # timeout per repository otherwise.
    assert facts["baaivision/emu3"].reason == "GitHub timed out"
    assert github.count("GET", "/repos/baaivision") == 0


def test_unreachable_github_is_unverified() -> None:
    with serve_github() as github:
        url = github.url  # a port that is closed once the server is gone
    src = GitHubSource(None, url, seconds_between_requests=0, retries=0, timeout=1)
    facts = src.fetch(["deepseek-ai/Janus", "baaivision/Emu3", "GAIR-NLP/anole", "x/y"])
    assert {f.status for f in facts.values()} == {FactStatus.UNVERIFIED}
    assert facts["deepseek-ai/janus"].reason == "GitHub unreachable (connection failed)"


# ------------------------------------------------------------------------------ details
def test_names_are_validated_and_deduplicated(github: GitHubServer) -> None:
    facts = source(github).fetch(["deepseek-ai/Janus", "DEEPSEEK-AI/janus", "not a repo", ""])
    assert list(facts) == ["deepseek-ai/janus", "not a repo", ""]
    assert facts["deepseek-ai/janus"].requested == "deepseek-ai/Janus"
    assert facts["not a repo"].status is FactStatus.UNVERIFIED
    assert github.requests[0].json()["query"].count(": repository(") == 1
    github.reset()
    assert source(github).fetch([]) == {} and source(github, None).fetch([]) == {}
    assert github.requests == []


def test_token_from_env_and_api_url_from_env(
    github: GitHubServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert token_from_env({"GITHUB_TOKEN": " a ", "GH_TOKEN": "b"}) == "a"
    assert token_from_env({"GITHUB_TOKEN": "", "GH_TOKEN": "b"}) == "b"
    assert token_from_env({}) is None
    monkeypatch.setenv("GITHUB_API_URL", github.url + "/")
    src = GitHubSource(seconds_between_requests=0)
    assert src.api_url == github.url
    assert src.fetch(["deepseek-ai/Janus"])["deepseek-ai/janus"].status is FactStatus.FOUND
    monkeypatch.delenv("GITHUB_API_URL")
    assert GitHubSource().api_url == "https://api.github.com"


def test_repo_fact_shape() -> None:
    fact = RepoFact("bytedance-seed/BAGEL", FactStatus.FOUND, canonical="ByteDance-Seed/Bagel")
    assert fact.moved


# ----------------------------------------------------------------------------- stand-in
def test_standin_speaks_github(github: GitHubServer) -> None:
    base = github.url
    answer = requests.get(f"{base}/repos/DEEPSEEK-AI/janus", timeout=5)
    assert answer.status_code == 200
    body = answer.json()
    assert body["full_name"] == "deepseek-ai/Janus" and body["url"].startswith(base)
    assert answer.headers["X-RateLimit-Limit"] == "60"
    assert answer.headers["X-RateLimit-Resource"] == "core"

    moved = requests.get(f"{base}/repos/{TOKENFLOW_OLD}", allow_redirects=False, timeout=5)
    assert moved.status_code == 301
    assert moved.headers["Location"].startswith(f"{base}/repositories/")

    readme = requests.get(f"{base}/repos/deepseek-ai/Janus/readme", timeout=5).json()
    assert readme["encoding"] == "base64" and readme["download_url"].endswith("/README.md")

    missing = requests.get(f"{base}/repos/{MISSING}", timeout=5)
    assert missing.status_code == 404 and missing.json()["message"] == "Not Found"
    assert "X-RateLimit-Remaining" in missing.headers

    authed = requests.get(
        f"{base}/rate_limit", headers={"Authorization": "Bearer x"}, timeout=5
    ).json()
    assert authed["resources"]["core"]["limit"] == 5000

    anonymous = requests.post(f"{base}/graphql", json={"query": "{ viewer { login } }"}, timeout=5)
    assert anonymous.status_code == 401


def test_standin_knows_every_repository_the_seed_names() -> None:
    state = GitHubStandin()
    named = set(SEED_REPOS)
    for correction in SEED["corrections"]:
        if correction["field"] == "repo" and "://" not in correction["correct"]:
            named |= {correction["listed"], correction["correct"]}
    for entry in SEED["list_entries"]:
        named |= set(entry["linked_repos"])
    assert "SxJyJay/UniToken" in named
    for name in named:
        record, _ = state.resolve(name)
        assert record is not None, name
