"""Values from the cache or a source are checked before they reach a fix or an output: a row
of the wrong shape is a miss, never a traceback, and a poisoned name is never written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from awesome_lint.sources.cache import Cache
from conftest import run_cli

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
    return run_cli(cwd, "--cached-only", "--cache-dir", str(cache), *args, timeout=60)


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
        ("github", "acme/tool", {"requested": "evil/other", "status": "missing"}),
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


# ------------------------------------------------------------------ the cache's own folder


def test_an_existing_folder_given_as_cache_dir_is_not_hidden_from_git(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("# Guide\n")
    with Cache(docs) as store:
        store.put_many("github", {"acme/tool": _repo_row("acme/tool")})
    assert not (docs / ".gitignore").exists()
    assert (docs / "cache.sqlite3").is_file()
    fresh = tmp_path / "new-cache"
    with Cache(fresh):
        pass
    assert (fresh / ".gitignore").read_text().splitlines()[-1] == "*"  # a folder we made


def _paper_row() -> dict[str, object]:
    return {"status": "found", "paper": {**GOOD_PAPER, "title": "TOOL: A Paper"}}


def _without_root_overrides() -> None:
    """In the child, before it runs: as root, drop the capabilities that let root write any
    file (prctl PR_CAPBSET_DROP of CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so that mode bits
    bind it as they bind anyone; nothing to do for another user."""
    import ctypes
    import os

    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_cache_is_read_not_switched_off(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _store(cache, "arxiv", {"2401.00001": _paper_row()})
    (tmp_path / "list.md").write_text(REPO_LIST)
    before = {p.name: p.read_bytes() for p in cache.iterdir()}
    for item in cache.iterdir():
        item.chmod(0o444)
    cache.chmod(0o555)
    try:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "awesome_lint", "--cached-only", "--cache-dir", "cache"),
                *("--select", "arxiv-title", "--format", "json", "list.md"),
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_without_root_overrides,  # before exec; this test starts no threads
        )
    except subprocess.SubprocessError as error:  # prctl refused: a container without it
        pytest.skip(f"cannot take root's overrides away here: {error}")
    finally:
        cache.chmod(0o755)
    assert "Traceback" not in done.stderr, done.stderr
    assert "cache is read-only" in done.stderr and "cache disabled" not in done.stderr
    # The cached answer was read: arXiv's spelling 'TOOL' is reported.
    assert '"rule": "arxiv-title"' in done.stdout, done.stdout + done.stderr
    assert {p.name: p.read_bytes() for p in cache.iterdir()} == before  # nothing written


def test_a_self_loop_symbolic_link_is_called_a_loop(tmp_path: Path) -> None:
    (tmp_path / "loop.md").symlink_to("loop.md")
    (tmp_path / "gone.md").symlink_to("nowhere.md")
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", "loop.md", "gone.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    output = done.stdout + done.stderr
    assert "loop.md: error: is a symbolic link loop" in output
    assert "gone.md: error: is a broken symbolic link" in output
    assert "loop.md: error: is a broken" not in output
