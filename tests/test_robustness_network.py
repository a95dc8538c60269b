"""Network faults against the stand-ins: the same list linted on a healthy and on a faulty
network, and the findings compared.

Under every fault: no finding that the healthy network would not give (so no false
``arxiv-not-found``, ``repo-not-found`` or ``dead-link``), every check is counted as verified or
unverified with a reason, and the run ends within its ``--timeout``. The scenarios run in
parallel, each with its own stand-ins, in one module fixture; each test reads its outcome.

``AWESOME_LINT_ROBUSTNESS_REPORT=FILE`` writes the outcomes as JSON (docs/robustness.md).
"""

from __future__ import annotations

import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import LISTS, standin_env
from standins.arxiv import http_status, rate_exceeded, slow_answer, standin_of, truncated_feed
from standins.base import Request, Response, StandinServer, StreamedResponse
from standins.github import GitHubServer, serve_github
from standins.semantic_scholar import BASE_PATH as S2_BASE
from standins.semantic_scholar import BATCH_PATH as S2_BATCH
from standins.semantic_scholar import serve_semantic_scholar
from standins.semantic_scholar import standin_of as s2_standin_of
from standins.web import WebServer, http_date, redirect, serve_web

POST = "awesome-umm-post-training.md"
TOKEN = "ghp_robustness_0123456789abcdef"
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens, connections are refused
TIMEOUT = 30.0  # --timeout of every run: a fault must not make a run wait longer
SLOW_TIMEOUT = 4.0  # --timeout of the runs whose sources answer after a minute
SLACK = 8.0  # start-up, and two cores shared by the parallel runs
ONLINE_VERDICTS = ("arxiv-not-found", "repo-not-found", "dead-link")


def _arxiv_always(answer: Callable[[Request], Response]) -> Callable[[Any, Any, Any], None]:
    return lambda arxiv, github, web: arxiv.inject("/api/query", answer)


def _web_always(answer: Callable[[Request], Response]) -> Callable[[Any, Any, Any], None]:
    return lambda arxiv, github, web: web.inject("/", answer)


def _slow_body(seconds: float) -> Callable[[Request], Response]:
    return lambda _request: StreamedResponse(
        200, b"<feed>" + b" " * 600, chunks=60, chunk_delay=seconds / 60
    )


def _reset(_request: Request) -> Response:
    return Response(reset=True)


def _loop(request: Request) -> Response | None:
    return None if request.path.startswith("/loop/") else redirect("/loop/a")


def _graphql_null(_request: Request) -> Response:
    return Response.json({"data": None, "errors": [{"type": "RATE_LIMITED", "message": "x"}]})


def _partial_errors(arxiv: Any, github: GitHubServer, web: Any) -> None:
    github.github.graphql_error_for("zhengdian1/AIA", "FORBIDDEN")
    github.github.graphql_error_for("WayneJin0918/SRUM", "INTERNAL")
    github.github.graphql_error_for("AIFrontierLab/UniGame", "SERVICE_UNAVAILABLE")


@dataclass
class Scenario:
    name: str  # as in docs/robustness.md
    faulted: tuple[str, ...]  # sources expected to report unverified checks ("" : none)
    setup: Callable[[Any, Any, Any], None] | None = None
    timeout: float = TIMEOUT
    reason: str = ""  # a reason the faulted sources must give
    env: dict[str, str] = field(default_factory=dict)
    s2_setup: Callable[[StandinServer], None] | None = None  # faults for Semantic Scholar


def _s2_always(answer: Callable[[Request], Response]) -> Callable[[StandinServer], None]:
    return lambda s2: s2.inject(S2_BATCH, answer)


SCENARIOS = [
    # arXiv
    Scenario(
        "arXiv: HTTP 500",
        ("arxiv",),
        _arxiv_always(http_status(500, times=10**6)),
        reason="HTTP 500",
    ),
    Scenario(
        "arXiv: HTTP 502",
        ("arxiv",),
        _arxiv_always(http_status(502, times=10**6)),
        reason="HTTP 502",
    ),
    Scenario(
        "arXiv: HTTP 503 with Retry-After: 1",
        ("arxiv",),
        _arxiv_always(http_status(503, retry_after=1, times=10**6)),
        reason="HTTP 503",
    ),
    Scenario(
        "arXiv: 429 Retry-After in seconds, then healthy",
        (),
        _arxiv_always(http_status(429, retry_after=1, times=1)),
    ),
    Scenario(
        "arXiv: 429 Retry-After as an HTTP date, then healthy",
        (),
        lambda arxiv, github, web: arxiv.inject(
            "/api/query", http_status(429, retry_after=http_date(time.time() + 2), times=1)
        ),
    ),
    Scenario(
        "arXiv: 429 Retry-After in seconds, always",
        ("arxiv",),
        _arxiv_always(http_status(429, retry_after=1, times=10**6)),
        reason="rate limited",
    ),
    Scenario(
        "arXiv: 200 `Rate exceeded.` body",
        ("arxiv",),
        _arxiv_always(rate_exceeded(times=10**6)),
        reason="rate limited",
    ),
    Scenario(
        "arXiv: truncated Atom feed",
        ("arxiv",),
        lambda arxiv, github, web: arxiv.inject(
            "/api/query", truncated_feed(standin_of(arxiv), keep=0.6, times=10**6)
        ),
        reason="malformed response",
    ),
    Scenario(
        "arXiv: connection reset", ("arxiv",), _arxiv_always(_reset), reason="connection failed"
    ),
    Scenario(
        "arXiv: answer after 60 s",
        ("arxiv",),
        lambda arxiv, github, web: arxiv.inject(
            "/api/query", slow_answer(standin_of(arxiv), 60, times=10**6)
        ),
        timeout=SLOW_TIMEOUT,
        reason="deadline reached",
    ),
    Scenario(
        "arXiv: body trickling over 60 s",
        ("arxiv",),
        _arxiv_always(_slow_body(60)),
        timeout=SLOW_TIMEOUT,
        reason="deadline reached",
    ),
    # GitHub
    *(
        Scenario(
            f"GitHub: HTTP {status}",
            ("github",),
            lambda arxiv, github, web, status=status: github.fail_next(10**6, status),
            reason=f"HTTP {status}",
        )
        for status in (500, 502, 503)
    ),
    Scenario(
        "GitHub: secondary rate limit (403, Retry-After: 1)",
        ("github",),
        lambda arxiv, github, web: github.secondary_rate_limit_next(10**6, 1),
        reason="rate limit",
    ),
    Scenario(
        "GitHub: 429 Retry-After: 1",
        ("github",),
        lambda arxiv, github, web: github.too_many_requests_next(10**6, 1),
        reason="rate limit",
    ),
    Scenario(
        "GitHub: invalid JSON",
        ("github",),
        lambda arxiv, github, web: github.invalid_json_next(10**6),
        reason="invalid JSON",
    ),
    Scenario(
        "GitHub: GraphQL partial errors",
        ("github",),
        _partial_errors,
        reason="GitHub GraphQL error: FORBIDDEN",
    ),
    Scenario(
        "GitHub: GraphQL `data: null`, RATE_LIMITED",
        ("github",),
        lambda arxiv, github, web: github.inject("/graphql", _graphql_null),
        reason="rate limit",
    ),
    Scenario(
        "GitHub: connection reset",
        ("github",),
        lambda arxiv, github, web: github.inject("/", _reset),
        reason="GitHub unreachable",
    ),
    Scenario(
        "GitHub: answer after 60 s",
        ("github",),
        lambda arxiv, github, web: github.slow_next(10**6, 60),
        timeout=SLOW_TIMEOUT,
        reason="deadline reached",
    ),
    # Semantic Scholar
    *(
        Scenario(
            f"Semantic Scholar: HTTP {status}",
            ("semantic-scholar",),
            s2_setup=_s2_always(lambda _request, status=status: Response(status, "down")),
            reason=f"HTTP {status}",
        )
        for status in (500, 503)
    ),
    Scenario(
        "Semantic Scholar: 429 Retry-After: 1, then healthy",
        (),
        s2_setup=lambda s2: s2.inject(S2_BATCH, http_status(429, retry_after=1, times=1)),
    ),
    Scenario(
        "Semantic Scholar: 429 Retry-After: 1, always",
        ("semantic-scholar",),
        s2_setup=_s2_always(http_status(429, retry_after=1, times=10**6)),
        reason="rate limited",
    ),
    Scenario(
        "Semantic Scholar: an HTML page with status 200",
        ("semantic-scholar",),
        s2_setup=_s2_always(lambda _request: Response(200, "<html>Service</html>")),
        reason="malformed answer",
    ),
    Scenario(
        "Semantic Scholar: connection reset",
        ("semantic-scholar",),
        s2_setup=_s2_always(_reset),
        reason="connection failed",
    ),
    Scenario(
        "Semantic Scholar: answer after 60 s",
        ("semantic-scholar",),
        s2_setup=lambda s2: s2.inject(
            S2_BATCH,
            slow_answer(s2_standin_of(s2), 60, times=10**6),  # type: ignore[arg-type]
        ),
        timeout=SLOW_TIMEOUT,
        reason="deadline reached",
    ),
    # Links
    *(
        Scenario(
            f"links: HTTP {status}",
            ("links",),
            _web_always(lambda _request, status=status: Response(status, "down")),
            reason="server error",
        )
        for status in (500, 502, 503)
    ),
    Scenario(
        "links: 429 Retry-After: 1",
        ("links",),
        _web_always(lambda _request: Response(429, "slow down", {"Retry-After": "1"})),
        reason="rate limited",
    ),
    Scenario(
        "links: 429 Retry-After as an HTTP date",
        ("links",),
        _web_always(
            lambda _request: Response(429, "slow down", {"Retry-After": http_date(time.time() + 1)})
        ),
        reason="rate limited",
    ),
    Scenario("links: redirect loop", ("links",), _web_always(_loop), reason="redirect loop"),
    Scenario("links: connection reset", ("links",), _web_always(_reset), reason="connection"),
    Scenario("links: body trickling over 60 s", (), _web_always(_slow_body(60))),
    Scenario(
        "links: answer after 60 s",
        ("links",),
        _web_always(lambda _request: Response(200, "late", delay=60)),
        timeout=SLOW_TIMEOUT,
        reason="deadline reached",
    ),
    # Everything at once
    Scenario(
        "every source refuses connections",
        ("arxiv", "github", "links", "semantic-scholar"),
        None,
        env={"arxiv": CLOSED, "github": CLOSED, "web": CLOSED, "s2": CLOSED + S2_BASE},
    ),
    Scenario(
        "every source answers after 60 s",
        ("arxiv", "github", "links", "semantic-scholar"),
        lambda arxiv, github, web: (
            arxiv.inject("/api/query", slow_answer(standin_of(arxiv), 60, times=10**6)),
            github.slow_next(10**6, 60),
            web.inject("/", lambda _request: Response(200, "late", delay=60)),
        ),
        timeout=SLOW_TIMEOUT,
        reason="deadline reached",
        s2_setup=lambda s2: s2.inject(
            S2_BATCH,
            slow_answer(s2_standin_of(s2), 60, times=10**6),  # type: ignore[arg-type]
        ),
    ),
]
HEALTHY = Scenario("healthy", ())


@dataclass
class Outcome:
    scenario: Scenario
    code: int
    findings: list[dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    stderr: str
    elapsed: float
    requests: int  # requests the stand-ins received


def _write_list(folder: Path, web_url: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = (LISTS / POST).read_text(encoding="utf-8")
    text += (
        "\n### Added for the fault tests\n\n"
        "+ [A Paper arXiv Does Not Know](https://arxiv.org/abs/2501.99999) (Jan. 2025, arXiv)"
        " [![Star](https://img.shields.io/github/stars/nobody-here/nothing-here.svg?style=social&label=Star)]"
        "(https://github.com/nobody-here/nothing-here)"
        f" [Project]({web_url}/ok) [Demo]({web_url}/missing) [Blog]({web_url}/head-refused)"
        f" [Slides]({web_url}/redirect/301)\n"
    )
    (folder / POST).write_text(text, encoding="utf-8")
    # Only the web stand-in is checked: the list's other links name real hosts.
    (folder / ".awesome-lint.toml").write_text(
        'allow-private-hosts = ["127.0.0.1"]\n'
        'exclude-urls = ["^https?://(?!127\\\\.0\\\\.0\\\\.1[:/])"]\n',
        encoding="utf-8",
    )


def _run(scenario: Scenario, workdir: Path) -> Outcome:
    with ExitStack() as stack:
        from standins.arxiv import serve_arxiv

        arxiv: StandinServer = stack.enter_context(serve_arxiv())
        github: GitHubServer = stack.enter_context(serve_github())
        web: WebServer = stack.enter_context(serve_web())
        s2: StandinServer = stack.enter_context(serve_semantic_scholar())
        if scenario.setup is not None:
            scenario.setup(arxiv, github, web)
        if scenario.s2_setup is not None:
            scenario.s2_setup(s2)
        urls = {
            "arxiv": arxiv.url,
            "github": github.url,
            "web": web.url,
            "s2": s2.url + S2_BASE,
            **scenario.env,
        }
        _write_list(workdir, urls["web"])
        env = standin_env(urls["arxiv"], urls["github"], workdir / "cache", TOKEN, urls["s2"])
        started = time.monotonic()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "awesome_lint",
                "--format",
                "json",
                "--no-cache",
                "--timeout",
                str(scenario.timeout),
                ".",
            ],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=scenario.timeout + 60,
        )
        elapsed = time.monotonic() - started
        requests = len(arxiv.requests) + len(github.requests) + len(web.requests)
        requests += len(s2.requests)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    sources = {s["source"]: s for s in report["summary"]["sources"]}
    return Outcome(
        scenario, result.returncode, report["findings"], sources, result.stderr, elapsed, requests
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    root = tmp_path_factory.mktemp("faults")
    everything = [HEALTHY, *SCENARIOS]
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        futures = {
            s.name: pool.submit(_run, s, root / f"run-{i}") for i, s in enumerate(everything)
        }
        results = {name: future.result() for name, future in futures.items()}
    report = os.environ.get("AWESOME_LINT_ROBUSTNESS_REPORT")
    if report:
        Path(report).write_text(json.dumps(_summary(results), indent=2), encoding="utf-8")
    yield results


def _key(finding: dict[str, Any]) -> tuple[Any, ...]:
    return (
        finding["rule"],
        finding["path"],
        finding["line"],
        finding["column"],
        finding["message"],
    )


def _extra(outcome: Outcome, healthy: Outcome) -> list[tuple[Any, ...]]:
    """Findings the faulty run gave that the healthy run did not."""
    known = {_key(f) for f in healthy.findings}
    return [_key(f) for f in outcome.findings if _key(f) not in known]


def _summary(results: dict[str, Outcome]) -> list[dict[str, Any]]:
    healthy = results[HEALTHY.name]
    return [
        {
            "scenario": name,
            "seconds": round(o.elapsed, 1),
            "timeout": o.scenario.timeout,
            "findings": len(o.findings),
            "extra_findings": len(_extra(o, healthy)),
            "false_not_found_or_dead": sum(
                1 for k in _extra(o, healthy) if k[0] in ONLINE_VERDICTS
            ),
            "unverified": {s: v["unverified"] for s, v in o.sources.items() if v["unverified"]},
            "requests": o.requests,
        }
        for name, o in results.items()
    ]


def test_the_healthy_run_finds_the_true_not_found_and_dead(outcomes: dict[str, Outcome]) -> None:
    healthy = outcomes[HEALTHY.name]
    rules = [f["rule"] for f in healthy.findings]
    # One of each is true: the unknown id, the missing repository, the 404 page.
    assert rules.count("arxiv-not-found") == 1
    assert rules.count("repo-not-found") == 1
    assert rules.count("dead-link") == 1
    assert "arxiv-title-outdated" in rules
    assert all(s["unverified"] == 0 for s in healthy.sources.values()), healthy.sources
    assert healthy.code == 1


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_fault_never_adds_a_finding_and_every_check_is_counted(
    outcomes: dict[str, Outcome], scenario: Scenario
) -> None:
    healthy, faulty = outcomes[HEALTHY.name], outcomes[scenario.name]
    assert faulty.code in (0, 1)
    assert _extra(faulty, healthy) == []  # no false not-found or dead, nor anything else
    for name, source in healthy.sources.items():
        if name == "arxiv title search":
            continue  # only searched when arXiv answered
        counted = faulty.sources[name]
        assert counted["verified"] + counted["unverified"] == source["verified"], name
        if name in scenario.faulted:
            assert counted["unverified"] > 0, (name, counted)
            if scenario.reason:
                assert any(scenario.reason in reason for reason in counted["reasons"]), counted
            # ... and the run says so, on the source's own line.
            prefix = f"awesome-lint: {name}:"
            line = next(x for x in faulty.stderr.splitlines() if x.startswith(prefix))
            assert re.search(r"\d+ unverified \(", line), line
        elif not scenario.faulted:
            assert counted["unverified"] == 0, (name, counted)
    # Online findings that need an answer are gone where the answer was not had, never wrong.
    assert faulty.elapsed < scenario.timeout + SLACK, faulty.elapsed


def test_the_deadline_stops_the_requests(outcomes: dict[str, Outcome]) -> None:
    """Sources that answer after a minute get one request each at most, and the run ends near
    its deadline rather than after the minute."""
    slow = outcomes["every source answers after 60 s"]
    assert slow.elapsed < SLOW_TIMEOUT + SLACK
    assert all(set(s["reasons"]) <= {"deadline reached"} for s in slow.sources.values()), (
        slow.sources
    )
    # arXiv 1, GitHub 1, links at most one per URL (4), Semantic Scholar at most 1.
    assert slow.requests <= 3 + 4 + 1


# ------------------------------------------------------------------------------ the deadline


def test_no_source_sends_a_request_after_the_deadline() -> None:
    from awesome_lint.deadline import Deadline
    from awesome_lint.sources.arxiv import ArxivSource
    from awesome_lint.sources.github import GitHubSource
    from awesome_lint.sources.http import LinkSource
    from standins.arxiv import serve_arxiv

    passed = Deadline(0)
    with serve_arxiv() as arxiv, serve_github() as github, serve_web() as web:
        facts: dict[str, Any] = {}
        source = ArxivSource(f"{arxiv.url}/api/query", delay_seconds=0, deadline=passed)
        facts.update(source.fetch(["2410.13848", "2411.07975"]))
        assert source.search_title("Janus") == ()
        with GitHubSource(TOKEN, github.url, deadline=passed) as hub:
            facts.update(hub.fetch(["deepseek-ai/Janus"]))
        links = LinkSource(allow_private=True, deadline=passed)
        facts.update(links.check([f"{web.url}/ok"]))
        assert len(arxiv.requests) + len(github.requests) + len(web.requests) == 0
    assert {(f.status.value, f.reason) for f in facts.values()} == {
        ("unverified", "deadline reached")
    }


@pytest.mark.parametrize(
    ("config", "args", "message"),
    [
        ("timeout = 0\n", [], "'timeout' must be a number of seconds above 0"),
        ('timeout = "soon"\n', [], "'timeout' must be a number of seconds"),
        ("timeout = true\n", [], "'timeout' must be a number of seconds"),
        ("host-request-interval = 6\n", [], "'host-request-interval' must be a number"),
        ('host-request-interval = "1s"\n', [], "'host-request-interval' must be a number"),
        ("", ["--timeout", "-5"], "--timeout: must be a number of seconds above 0"),
        ("", ["--timeout", "nan"], "--timeout: must be a number of seconds above 0"),
    ],
)
def test_the_timeout_is_validated(
    tmp_path: Path, config: str, args: list[str], message: str
) -> None:
    (tmp_path / ".awesome-lint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "list.md").write_text("# Papers\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", *args, "list.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and message in done.stderr, done.stderr


def test_the_timeout_comes_from_the_command_line_then_the_config_then_the_default(
    tmp_path: Path,
) -> None:
    from awesome_lint import cli, config
    from awesome_lint.deadline import DEFAULT_TIMEOUT

    names = frozenset({"arxiv-url"})
    parser = cli.build_parser()
    configured = config.parse_table({"timeout": 42}, names, "test")
    assert configured.timeout == 42.0
    for argv, conf, expected in (
        ([], config.Config(), DEFAULT_TIMEOUT),
        ([], configured, 42.0),
        (["--timeout", "7.5"], configured, 7.5),
    ):
        gatherer = cli._online_gatherer(parser.parse_args(argv), conf)
        assert gatherer.settings.timeout == expected  # type: ignore[attr-defined]
