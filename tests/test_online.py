"""Online verification end to end: the CLI on the verbatim lists, against the stand-ins.

The real clients (arxiv, PyGithub, httpx) talk to arXiv, GitHub and Semantic Scholar stand-ins on
127.0.0.1 fed with the seed metadata; the requests they receive are counted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import LISTS, standin_env
from standins.arxiv import serve_arxiv
from standins.github import GitHubServer, serve_github
from standins.semantic_scholar import BASE_PATH, SECONDARY, serve_semantic_scholar

UNIFIED = "awesome-unified-understanding-and-generation.md"
POST = "awesome-umm-post-training.md"
TOKEN = "ghp_standin_token_0123456789"


@pytest.fixture(scope="module")
def semantic_scholar() -> Iterator[Any]:
    with serve_semantic_scholar() as server:
        yield server


@pytest.fixture(scope="module")
def standins(semantic_scholar: Any) -> Iterator[tuple[Any, GitHubServer]]:
    with serve_arxiv() as arxiv, serve_github() as github:
        yield arxiv, github


S2_URL: dict[str, str] = {}  # the Semantic Scholar stand-in's base, once it is served


@pytest.fixture(autouse=True)
def _s2_url(semantic_scholar: Any) -> None:
    semantic_scholar.reset()
    S2_URL["base"] = semantic_scholar.url + BASE_PATH


def _env(
    arxiv_url: str,
    github_url: str,
    cache: Path,
    token: str | None = TOKEN,
    s2_url: str | None = None,
) -> dict[str, str]:
    return standin_env(arxiv_url, github_url, cache, token, s2_url or S2_URL["base"])


def _lint(cwd: Path, env: dict[str, str], *args: str) -> tuple[int, dict[str, Any], str]:
    result = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--format", "json", *args, "."],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


@pytest.fixture
def lists(tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    for name in (UNIFIED, POST):
        (folder / name).write_bytes((LISTS / name).read_bytes())
    return folder


def _by_rule(report: dict[str, Any], path: str = UNIFIED) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for finding in report["findings"]:
        if finding["path"] == path:
            out.setdefault(finding["rule"], []).append(finding)
    return out


def test_must_show_findings_and_request_counts(
    standins: Any, semantic_scholar: Any, lists: Path, tmp_path: Path
) -> None:
    arxiv, github = standins
    arxiv.reset()
    github.reset()
    env = _env(arxiv.url, github.url, tmp_path / "cache")
    env["AWESOME_LINT_ARXIV_DELAY"] = "0.4"  # longer than a request takes: pacing is visible
    code, report, stderr = _lint(lists, env)
    found = _by_rule(report)

    (mismatch,) = found["arxiv-id-mismatch"]
    assert mismatch["line"] == 124
    assert "Janus: Decoupling Visual Encoding" in mismatch["message"]
    assert "2410.13861" in mismatch["message"]
    assert sorted(f["line"] for f in found["arxiv-date"]) == [74, 146, 179, 268]
    assert sorted(f["line"] for f in found["arxiv-title"]) == [221, 243]
    outdated = sorted(f["line"] for f in found["arxiv-title-outdated"])
    assert outdated == [68, 183, 197]  # Liquid, LlamaFusion, MINT
    assert {f["severity"] for f in found["arxiv-title-outdated"]} == {"info"}
    post = _by_rule(report, POST)
    assert sorted(f["line"] for f in post["arxiv-title-outdated"]) == [7, 19]
    (unitoken,) = found["repo-mismatch"]
    assert unitoken["line"] in (24, 25, 26) and "SxJyJay/UniToken" in unitoken["message"]
    moved = {f["line"]: f["message"] for f in found["repo-moved"]}
    assert any("ByteVisionLab/TokenFlow" in m for m in moved.values())
    assert any("ByteDance-Seed/Bagel" in m for m in moved.values())
    assert "arxiv-not-found" not in found and "repo-not-found" not in found
    # Published since: every entry whose (confirmed) venue the seed knows and that lists arXiv.
    outdated = {f["line"]: f["message"] for f in found["venue-outdated"]}
    secondary_lines = {102, 116, 221, 229, 232}  # the seed's secondary venues: not exact
    assert sorted(set(outdated) - secondary_lines) == [24, 33, 79, 119, 124]
    assert "published at ICCV 2025" in outdated[124]  # PUMA (filed under Janus's id)
    assert "published at ICCV 2025" in outdated[33]  # MUSE-VL
    assert "published at ICML 2025" in outdated[119]  # Orthus
    assert "published at ICLR 2025" in outdated[79]  # JetFormer
    assert "published at CVPR Workshops 2025" in outdated[24]  # UniToken
    assert "venue-mismatch" not in found
    post_outdated = {f["line"] for f in _by_rule(report, POST)["venue-outdated"]}
    assert post_outdated - {10} == {22}  # ICLR 2026 (10: UniGame, a secondary venue)

    # One arXiv request for every id of both lists, one per title search (PUMA's), and one
    # GraphQL request for every repository.
    id_requests = [r for r in arxiv.requests if r.arg("id_list")]
    searches = [r for r in arxiv.requests if r.arg("search_query")]
    assert len(id_requests) == 1 and len(id_requests[0].arg("id_list").split(",")) == 62
    assert len(searches) == 1
    # The title search keeps arXiv's pacing after the id lookup (AWESOME_LINT_ARXIV_DELAY).
    assert searches[0].time - id_requests[0].time >= 0.4
    # One GraphQL request for every repository; REST only for UAE's README, which GraphQL
    # cannot find by name (the seed knows of no README for it).
    assert github.graphql_count() == 1 and github.rest_count() == 1
    assert "arxiv: 62 verified" in stderr and "github:" in stderr
    # One Semantic Scholar request for every id of both lists, and PUMA's own id that the
    # title search found.
    (batch,) = semantic_scholar.requests
    sent = batch.json()["ids"]
    assert len(sent) == len(set(sent)) == 63 and "ARXIV:2410.13861" in sent
    assert {i for i in SECONDARY} <= {i.split(":")[1] for i in sent}
    assert "semantic-scholar: 63 verified, 1 request" in stderr

    # A second run answers from the cache: no request at all, same findings.
    arxiv.reset()
    github.reset()
    semantic_scholar.reset()
    again_code, again, stderr = _lint(lists, env)
    assert len(arxiv.requests) == 0 and len(github.requests) == 0
    assert len(semantic_scholar.requests) == 0
    assert again["findings"] == report["findings"] and again_code == code
    assert "62 from cache" in stderr


def test_without_a_network_only_offline_findings_decide(lists: Path, tmp_path: Path) -> None:
    closed = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused
    env = _env(closed, closed, tmp_path / "cache", s2_url=closed + BASE_PATH)
    code, report, stderr = _lint(lists, env)
    offline_code, offline, _ = _lint(lists, env, "--offline")
    assert code == offline_code
    online_rules = {
        "arxiv-not-found",
        "repo-not-found",
        "dead-link",
        "arxiv-id-mismatch",
        "arxiv-date",
        "venue-outdated",
        "venue-mismatch",
    }
    assert not [f for f in report["findings"] if f["rule"] in online_rules]
    assert report["findings"] == offline["findings"]
    lines = [line for line in stderr.splitlines() if "unverified" in line]
    assert any(line.startswith("awesome-lint: arxiv: 0 verified, 62 unverified") for line in lines)
    assert any("github: 0 verified" in line for line in lines)
    # One line counts the venue checks that could not be made.
    (venue_line,) = [line for line in lines if "semantic-scholar" in line]
    assert venue_line.startswith("awesome-lint: semantic-scholar: 0 verified, 62 unverified")
    assert "connection failed: 62" in venue_line


def test_no_dns_means_one_line_per_source_and_no_request(
    lists: Path, tmp_path: Path, semantic_scholar: Any
) -> None:
    s2 = "http://api.semanticscholar.invalid/graph/v1"
    env = _env("http://export.arxiv.invalid", "http://api.github.invalid", tmp_path / "cache")
    env["AWESOME_LINT_S2_API_URL"] = s2
    code, report, stderr = _lint(lists, env)
    assert "network unavailable" in stderr
    # One line for all sources, the unverified venue checks counted in it.
    assert stderr.splitlines() == [
        "awesome-lint: network unavailable: 167 online checks could not be verified"
        " (arxiv 62, semantic-scholar 62, github 39, links 4); the offline rules ran"
        " (`--offline` skips the online checks)"
    ]
    offline_code, offline, _ = _lint(lists, env, "--offline")
    assert (code, report["findings"]) == (offline_code, offline["findings"])
    assert not [f for f in report["findings"] if f["rule"].startswith(("arxiv-not", "repo-not"))]


def test_dead_links_against_the_web_standin(standins: Any, tmp_path: Path) -> None:
    from standins.web import serve_web

    arxiv, github = standins
    with serve_web() as web:
        base = web.url
        (tmp_path / ".awesome-lint.toml").write_text('allow-private-hosts = ["127.0.0.1"]\n')
        (tmp_path / "list.md").write_text(
            "- [Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation]"
            "(https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)"
            f" [Project]({base}/missing) [Demo]({base}/gone) [Blog]({base}/ok)"
            f" [Slides]({base}/status/503) [Video]({base}/retry-after/seconds/1?times=1)"
            f" [Page]({base}/head-refused)\n"
        )
        env = _env(arxiv.url, github.url, tmp_path / "cache")
        code, report, stderr = _lint(tmp_path, env, "--select", "dead-link")
        dead = sorted(f["message"] for f in report["findings"])
        assert dead == ["dead link: HTTP 404", "dead link: HTTP 410"]
        assert code == 1
        # 503 after retries is "could not verify", not dead, and the run says so.
        assert "links: 5 verified, 1 unverified (server error: 1)" in stderr

        # Without the config, a private address is never requested.
        (tmp_path / ".awesome-lint.toml").unlink()
        web.reset()
        code, report, stderr = _lint(tmp_path, env, "--select", "dead-link", "--no-cache")
        assert report["findings"] == [] and len(web.requests) == 0
        assert "private address not checked" in stderr


def test_github_and_links_are_asked_while_arxiv_is_paced(
    standins: Any, lists: Path, tmp_path: Path
) -> None:
    from standins.web import serve_web

    arxiv, github = standins
    arxiv.reset()
    github.reset()
    with serve_web() as web:
        (lists / ".awesome-lint.toml").write_text('allow-private-hosts = ["127.0.0.1"]\n')
        pages = "".join(f"- [Page {i}]({web.url}/ok?page={i})\n" for i in range(6))
        (lists / "pages.md").write_text("# Pages\n\n" + pages)
        env = _env(arxiv.url, github.url, tmp_path / "cache")
        env["AWESOME_LINT_ARXIV_DELAY"] = "2"  # PUMA's title search waits 2 s for its turn
        _, report, stderr = _lint(lists, env)
        (lookup,) = [r.time for r in arxiv.requests if r.arg("id_list")]
        (search,) = [r.time for r in arxiv.requests if r.arg("search_query")]
        checked = sorted(r.time for r in web.requests)
        asked_github = sorted(r.time for r in github.requests)
    assert len(checked) == 6 and "links: 6 verified" in stderr
    assert asked_github and "github: " in stderr
    # GitHub and the six pages were all asked before arXiv's second request, while arXiv was
    # being paced: one source after another, they would come after it.
    assert search - lookup >= 2.0 and checked[-1] < search and asked_github[-1] < search
    # The sources' lines keep their order whatever finished first.
    lines = [line.split(":")[1].strip() for line in stderr.splitlines() if line.count(":") > 1]
    assert lines.index("links") > lines.index("github") > lines.index("arxiv")
    assert {f["rule"] for f in report["findings"] if f["path"] == "pages.md"} == set()


def test_cache_flags(standins: Any, lists: Path, tmp_path: Path) -> None:
    arxiv, github = standins
    cache = tmp_path / "cache"
    env = _env(arxiv.url, github.url, cache)
    _lint(lists, env, "--select", "arxiv-date")
    assert cache.is_dir()

    # --cached-only: facts from the cache, not a single request (the pre-commit hook).
    arxiv.reset()
    _, report, stderr = _lint(lists, env, "--select", "arxiv-date", "--cached-only")
    assert len(arxiv.requests) == 0
    assert sorted(f["line"] for f in report["findings"] if f["path"] == UNIFIED) == [
        74,
        146,
        179,
        268,
    ]

    # --refresh: asks again, one batched request.
    _, _, stderr = _lint(lists, env, "--select", "arxiv-date", "--refresh")
    assert len([r for r in arxiv.requests if r.arg("id_list")]) == 1 and "from cache" not in stderr

    # --no-cache: asks again and writes nothing.
    arxiv.reset()
    fresh = tmp_path / "fresh-cache"
    _lint(lists, _env(arxiv.url, github.url, fresh), "--select", "arxiv-date", "--no-cache")
    assert len(arxiv.requests) == 1 and not fresh.exists()

    # --cached-only with an empty cache: everything is "not in the cache", nothing is called wrong.
    _, report, stderr = _lint(
        lists,
        _env(arxiv.url, github.url, fresh),
        "--select",
        "arxiv-date,arxiv-not-found",
        "--cached-only",
    )
    assert report["findings"] == [] and "not in the cache" in stderr


def _run_on_a_terminal(cwd: Path, env: dict[str, str]) -> tuple[str, str]:
    """Run the CLI with stderr on a pseudo-terminal: what the terminal showed, and stdout."""
    import os
    import pty
    import threading

    master, slave = pty.openpty()
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed its end
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "awesome_lint", "--format", "json", "."],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
            timeout=120,
        )
    finally:
        os.close(slave)
    reader.join(timeout=5)
    os.close(master)
    return shown.decode("utf-8", "replace"), done.stdout


def test_a_terminal_sees_the_progress_and_ci_logs_do_not(
    standins: Any, lists: Path, tmp_path: Path
) -> None:
    arxiv, github = standins
    env = _env(arxiv.url, github.url, tmp_path / "cache")
    env["AWESOME_LINT_ARXIV_DELAY"] = "1"  # a second on the title search: the status shows
    env.pop("CI", None)
    env["TERM"] = "xterm-256color"
    shown, stdout = _run_on_a_terminal(lists, env)
    assert "Checking" in shown and "arXiv" in shown, shown
    assert "Checking" not in stdout and json.loads(stdout)["findings"]  # the report is clean
    # The summary lines still come, after the status is gone.
    assert "arxiv: 62 verified" in shown

    env["CI"] = "true"  # a CI log is not a terminal to animate, even through a pty
    shown, stdout = _run_on_a_terminal(
        lists, {**env, "AWESOME_LINT_CACHE_DIR": str(tmp_path / "c2")}
    )
    assert "Checking" not in shown and "arxiv: 62 verified" in shown, shown
    assert json.loads(stdout)["findings"]


def test_unsafe_fixes_write_the_venue_in_the_lists_style(
    standins: Any, lists: Path, tmp_path: Path
) -> None:
    arxiv, github = standins
    env = _env(arxiv.url, github.url, tmp_path / "cache")
    _lint(lists, env, "--select", "venue-outdated,arxiv-id-mismatch", "--fix", "--unsafe-fixes")
    fixed = (lists / UNIFIED).read_text(encoding="utf-8").splitlines()
    assert fixed[123] == (
        "  + [PUMA: Empowering Unified MLLM with Multi-granular Visual Generation]"
        "(https://arxiv.org/abs/2410.13861) (Oct. 2024, ICCV 2025)"
    )
    assert fixed[32].endswith("(Nov. 2024, ICCV 2025)")  # MUSE-VL
    assert fixed[118].endswith("(Nov. 2024, ICML 2025)")  # Orthus
    assert fixed[78].endswith("(Nov. 2024, ICLR 2025)")  # JetFormer
    assert fixed[36].endswith("(Oct. 2023, ICLR)")  # SEED: listed right, left alone
    _, report, _ = _lint(lists, env, "--select", "venue-outdated,venue-mismatch")
    assert not [
        f
        for f in report["findings"]
        if f["path"] == UNIFIED and f["line"] not in (102, 116, 221, 229, 232)
    ]


def test_a_cached_venue_of_the_wrong_shape_is_asked_again(
    standins: Any, semantic_scholar: Any, lists: Path, tmp_path: Path
) -> None:
    import sqlite3

    arxiv, github = standins
    cache = tmp_path / "cache"
    env = _env(arxiv.url, github.url, cache)
    _lint(lists, env, "--select", "venue-outdated")
    with sqlite3.connect(cache / "cache.sqlite3") as db:
        (value,) = db.execute(
            "SELECT value FROM entries WHERE source = 'semantic-scholar' AND key = '2411.17762'"
        ).fetchone()
        row = json.loads(value)
        row["record"]["year"] = "2025"  # a string where Semantic Scholar sends a number
        db.execute(
            "UPDATE entries SET value = ? WHERE source = 'semantic-scholar' AND key = '2411.17762'",
            (json.dumps(row),),
        )
    semantic_scholar.reset()
    _, report, stderr = _lint(lists, env, "--select", "venue-outdated")
    (batch,) = semantic_scholar.requests
    assert batch.json() == {"ids": ["ARXIV:2411.17762"]}  # only the broken row, asked again
    assert "61 from cache" in stderr
    assert any(f["line"] == 33 for f in _by_rule(report)["venue-outdated"])  # MUSE-VL
