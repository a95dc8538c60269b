"""Values from the cache or a source are checked before they reach a fix or an output: a row
of the wrong shape is a miss, never a traceback, and a poisoned name is never written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from awesome_lint.sources.cache import Cache

REPO_LIST = (
    "# Papers\n\n"
    "- [Tool: A Paper](https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)"
    " [Code](https://github.com/acme/tool)\n"
)
GOOD_PAPER = {
    "id": "2401.00001",
    "version": 1,
    "title": "Tool: A Paper",
    "published": "2024-01-05",
    "updated": "2024-01-05",
}


def _cached_only(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--cached-only", "--cache-dir", str(cache), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _store(cache: Path, source: str, rows: dict[str, object]) -> None:
    with Cache(cache) as store:
        store.put_many(source, rows)


def _repo_row(canonical: object) -> dict[str, object]:
    return {"requested": "acme/tool", "status": "found", "canonical": canonical}


@pytest.mark.parametrize(
    "canonical",
    [
        "evil/x)\n\n## Injected [click](https://evil.example)",
        "evil/x\n",
        "evil/..",
        "-evil/x",
        "evil/x/y",
        "evil x/y",
        5,
    ],
)
def test_a_poisoned_canonical_name_is_never_written(tmp_path: Path, canonical: object) -> None:
    cache = tmp_path / "cache"
    _store(cache, "github", {"acme/tool": _repo_row(canonical)})
    path = tmp_path / "list.md"
    path.write_text(REPO_LIST)
    done = _cached_only(
        tmp_path, cache, "--select", "repo-moved", "--fix", "--unsafe-fixes", "list.md"
    )
    assert path.read_text() == REPO_LIST
    assert "Injected" not in done.stdout + done.stderr and "evil" not in done.stdout


def test_a_valid_cached_rename_is_still_applied(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _store(cache, "github", {"acme/tool": _repo_row("acme-labs/tool.py")})
    path = tmp_path / "list.md"
    path.write_text(REPO_LIST)
    _cached_only(tmp_path, cache, "--select", "repo-moved", "--fix", "--unsafe-fixes", "list.md")
    assert path.read_text() == REPO_LIST.replace("acme/tool", "acme-labs/tool.py")


BAD_ROWS: list[object] = [
    {},
    [],
    None,
    5,
    "found",
    {"status": "found"},
    {"status": "unverified", "paper": None},
    {"status": "found", "paper": {**GOOD_PAPER, "published": "2024-13-45"}},
    {"status": "found", "paper": {**GOOD_PAPER, "id": "not an id"}},
    {"status": "found", "paper": {**GOOD_PAPER, "id": "2402.00009"}},  # another paper
    {"status": "found", "paper": {**GOOD_PAPER, "title": "Two\nlines"}},
    {"status": "found", "paper": {**GOOD_PAPER, "version": "1"}},
    {"status": "found", "paper": []},
]


@pytest.mark.parametrize("row", BAD_ROWS, ids=range(len(BAD_ROWS)))
def test_an_arxiv_row_of_the_wrong_shape_is_a_miss(tmp_path: Path, row: object) -> None:
    cache = tmp_path / "cache"
    _store(cache, "arxiv", {"2401.00001": row})
    (tmp_path / "list.md").write_text(REPO_LIST)
    done = _cached_only(tmp_path, cache, "--select", "arxiv-date,arxiv-not-found", "list.md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not in the cache" in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("source", "key", "row"),
    [
        ("github", "acme/tool", {}),
        ("github", "acme/tool", []),
        ("github", "acme/tool", None),
        ("github", "acme/tool", {"requested": "acme/tool", "status": "found", "archived": 1}),
        ("links", "https://github.com/acme/tool", {"status": "found", "http_status": "200"}),
        ("links", "https://github.com/acme/tool", {"status": "found", "final_url": "javascript:x"}),
        ("links", "https://github.com/acme/tool", []),
        ("title_search", "Tool: A Paper", {}),
        ("title_search", "Tool: A Paper", [None]),
        ("title_search", "Tool: A Paper", [{"id": 5}]),
    ],
)
def test_other_rows_of_the_wrong_shape_are_misses(
    tmp_path: Path, source: str, key: str, row: object
) -> None:
    cache = tmp_path / "cache"
    _store(cache, source, {key: row})
    (tmp_path / "list.md").write_text(REPO_LIST)
    done = _cached_only(tmp_path, cache, "--select", "ALL", "list.md")
    assert "not in the cache" in done.stdout + done.stderr
    assert done.returncode in (0, 1), done.stdout + done.stderr


def test_a_good_row_is_read(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _store(cache, "arxiv", {"2401.00001": {"status": "found", "paper": GOOD_PAPER}})
    (tmp_path / "list.md").write_text(REPO_LIST)
    done = _cached_only(tmp_path, cache, "--select", "arxiv-date,arxiv-not-found", "list.md")
    assert "not in the cache" not in done.stdout + done.stderr, done.stdout


@pytest.mark.parametrize("token", ["ghp_TESTtokenVALUE0123456789abcdefABCDEF", None])
def test_a_source_answer_that_is_not_a_repository_name_is_not_trusted(token: str | None) -> None:
    from awesome_lint.facts import FactStatus
    from awesome_lint.sources.github import GitHubSource
    from standins.github import GitHubStandin, serve_github

    state = GitHubStandin(repos=[])
    state.add_repo("acme/tool")
    state.rename("acme/tool", "evil/x)\n\n## Injected")
    with serve_github(state) as server:
        source = GitHubSource(
            token, server.url, seconds_between_requests=0, backoff_factor=0, retries=1, timeout=5
        )
        with source:
            fact = source.fetch(["acme/tool"])["acme/tool"]
    assert fact.status is FactStatus.UNVERIFIED and fact.canonical is None
    assert "not owner/name" in fact.reason
