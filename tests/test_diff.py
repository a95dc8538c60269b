"""Diff mode: parsing git's diffs, the merge base against real repositories, the four filters,
and the base of a GitHub pull-request run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from awesome_lint.diff import (
    ChangedFile,
    DiffError,
    Hunk,
    PullRequestRef,
    base_from_github_env,
    filter_findings,
    merge_base_diff,
    parse_hunk_header,
    parse_patch,
    parse_unified_diff,
    pull_request_from_github_env,
)
from awesome_lint.findings import Finding, Severity, Span
from conftest import git


def commit_all(cwd: Path, message: str) -> str:
    git(cwd, "add", "-A")
    git(cwd, "commit", "-q", "-m", message)
    return git(cwd, "rev-parse", "HEAD")


def numbered(n: int, prefix: str = "line") -> str:
    return "".join(f"{prefix} {i}\n" for i in range(1, n + 1))


# ------------------------------------------------------------------------------ parsing
def test_hunk_header_counts_default_to_one() -> None:
    assert parse_hunk_header("@@ -3 +4,2 @@ context") == Hunk(3, 1, 4, 2)
    assert parse_hunk_header("@@ -0,0 +1 @@") == Hunk(0, 0, 1, 1)
    assert parse_hunk_header("@@@ -1 +1 @@@") is None  # combined diffs are not ours
    assert parse_hunk_header("+@@ -1 +1 @@") is None


def test_unified_diff_modifications_new_deleted_renamed_and_traps() -> None:
    text = (
        "diff --git a/README.md b/README.md\n"
        "index 1111111..2222222 100644\n"
        "--- a/README.md\n"
        "+++ b/README.md\n"
        "@@ -2 +2 @@ context text\n"
        "-old two\n"
        "+new two\n"
        "@@ -5,0 +6,3 @@\n"
        "+++ b/looks-like-a-header.md\n"  # added line whose content is "++ b/..."
        "+@@ -1 +1 @@\n"
        "+diff --git a/x b/x\n"
        "@@ -9,2 +11,0 @@\n"
        "-gone\n"
        "-gone too\n"
        "diff --git a/new.md b/new.md\n"
        "new file mode 100644\n"
        "index 0000000..3333333\n"
        "--- /dev/null\n"
        "+++ b/new.md\n"
        "@@ -0,0 +1,2 @@\n"
        "+one\n"
        "+two\n"
        "\\ No newline at end of file\n"
        "diff --git a/deleted.md b/deleted.md\n"
        "deleted file mode 100644\n"
        "index 4444444..0000000\n"
        "--- a/deleted.md\n"
        "+++ /dev/null\n"
        "@@ -1 +0,0 @@\n"
        "-bye\n"
        "diff --git a/docs/old name.md b/docs/new name.md\n"
        "similarity index 90%\n"
        "rename from docs/old name.md\n"
        "rename to docs/new name.md\n"
        "index 5555555..6666666 100644\n"
        "--- a/docs/old name.md\t\n"
        "+++ b/docs/new name.md\t\n"
        "@@ -4 +4 @@\n"
        "-x\n"
        "+y\n"
        "diff --git a/moved.md b/elsewhere/moved.md\n"
        "similarity index 100%\n"
        "rename from moved.md\n"
        "rename to elsewhere/moved.md\n"
        'diff --git "a/caf\\303\\251 \\"q\\".md" "b/caf\\303\\251 \\"q\\".md"\n'
        "index 7777777..8888888 100644\n"
        '--- "a/caf\\303\\251 \\"q\\".md"\n'
        '+++ "b/caf\\303\\251 \\"q\\".md"\n'
        "@@ -1,0 +2 @@\n"
        "+more\n"
        "diff --git a/script with space.md b/script with space.md\n"
        "old mode 100644\n"
        "new mode 100755\n"
        "diff --git a/image.png b/image.png\n"
        "index 9999999..aaaaaaa 100644\n"
        "Binary files a/image.png and b/image.png differ\n"
    )
    changed = parse_unified_diff(text)
    assert set(changed) == {
        "README.md",
        "new.md",
        "docs/new name.md",
        "elsewhere/moved.md",
        'café "q".md',
        "script with space.md",
        "image.png",
    }  # deleted.md has nothing to lint: left out
    readme = changed["README.md"]
    assert readme.added == {2, 6, 7, 8}
    assert readme.hunks == (Hunk(2, 1, 2, 1), Hunk(5, 0, 6, 3), Hunk(9, 2, 11, 0))
    assert not readme.new_file and readme.old_path is None
    assert changed["new.md"].new_file and changed["new.md"].added == {1, 2}
    renamed = changed["docs/new name.md"]
    assert renamed.old_path == "docs/old name.md" and renamed.added == {4}
    moved = changed["elsewhere/moved.md"]
    assert moved.old_path == "moved.md" and moved.added == frozenset() and moved.hunks == ()
    assert changed['café "q".md'].added == {2}
    assert changed["script with space.md"].added == frozenset()


def test_patch_with_context_lines_as_github_sends_it() -> None:
    patch = (
        "@@ -1,4 +1,5 @@\n"
        " # Title\n"
        " \n"
        "-- [Old](https://arxiv.org/pdf/2410.13848)\n"
        "+- [New](https://arxiv.org/abs/2410.13848)\n"
        "+- [Added](https://arxiv.org/abs/2411.07975)\n"
        " \n"
        "@@ -20 +21 @@ section\n"
        "-a\r\n"  # CRLF content: the \r stays part of the line
        "+b\r\n"
    )
    hunks, added = parse_patch(patch)
    assert hunks == [Hunk(1, 4, 1, 5), Hunk(20, 1, 21, 1)]
    assert list(hunks[0].new_lines) == [1, 2, 3, 4, 5]
    assert added == {3, 4, 21}


# ---------------------------------------------------------------------- real repositories
@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main: README.md (20 lines), gone.md, old.md; branch `change` checked out off it."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README.md").write_text(numbered(20))
    (root / "gone.md").write_text("bye\n")
    (root / "old.md").write_text(numbered(10, "old"))
    (root / "crlf.md").write_bytes(b"a\r\nb\r\nc\r\n")
    commit_all(root, "base")
    git(root, "checkout", "-q", "-b", "change")
    return root


def test_merge_base_diff_sees_commits_uncommitted_edits_and_untracked_files(repo: Path) -> None:
    readme = (repo / "README.md").read_text().splitlines(keepends=True)
    readme[4] = "line 5 edited\n"
    (repo / "README.md").write_text("".join(readme))
    (repo / "gone.md").unlink()
    git(repo, "mv", "old.md", "renamed.md")
    renamed = (repo / "renamed.md").read_text().replace("old 3\n", "old three\n")
    (repo / "renamed.md").write_text(renamed)
    (repo / "crlf.md").write_bytes(b"a\r\nB\r\nc\r\n")
    (repo / "café.md").write_text("new\nfile\n")
    commit_all(repo, "change")
    # after the commit: an uncommitted edit and a file git does not track yet
    readme[11] = "line 12 uncommitted\n"
    (repo / "README.md").write_text("".join(readme))
    (repo / "draft.md").write_text("draft\n")

    changed = merge_base_diff("main", repo)
    assert set(changed) == {"README.md", "renamed.md", "crlf.md", "café.md", "draft.md"}
    assert changed["README.md"].added == {5, 12}
    assert changed["renamed.md"].old_path == "old.md" and changed["renamed.md"].added == {3}
    assert changed["crlf.md"].added == {2}
    assert changed["café.md"].new_file and changed["café.md"].added == {1, 2}
    draft = changed["draft.md"]
    assert draft.new_file and draft.is_added(1) and draft.is_added(999)


def test_commits_on_the_base_branch_after_the_fork_are_not_the_change(repo: Path) -> None:
    (repo / "README.md").write_text(numbered(20).replace("line 2\n", "line two\n"))
    commit_all(repo, "change")
    git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text(numbered(20).replace("line 18\n", "line eighteen\n"))
    (repo / "other.md").write_text("main only\n")
    commit_all(repo, "main moves on")
    git(repo, "checkout", "-q", "change")
    changed = merge_base_diff("main", repo)
    assert set(changed) == {"README.md"}
    assert changed["README.md"].added == {2}


def test_keys_are_relative_to_the_working_folder(repo: Path) -> None:
    docs = repo / "docs"
    docs.mkdir()
    (docs / "list.md").write_text("x\n")
    (repo / "README.md").write_text("changed\n" + numbered(20)[len("line 1\n") :])
    commit_all(repo, "docs")
    changed = merge_base_diff("main", docs)
    assert set(changed) == {"list.md", "../README.md"}
    assert changed["list.md"].repo_path == "docs/list.md"
    assert changed["../README.md"].repo_path == "README.md"


def test_diff_errors_are_one_clear_line(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    cases = [
        (outside, "main", "not in a git repository"),
        (repo, "origin/nope", r"unknown diff base 'origin/nope'.*fetch-depth: 0"),
        (repo, "--output=/tmp/x", "invalid diff base"),
    ]
    messages = []
    for folder, base, expected in cases:
        with pytest.raises(DiffError, match=expected) as caught:
            merge_base_diff(base, folder)
        messages.append(str(caught.value))
    git(repo, "checkout", "-q", "--orphan", "unrelated")
    commit_all(repo, "no shared history")
    with pytest.raises(DiffError, match="share no history") as caught:
        merge_base_diff("main", repo)
    messages.append(str(caught.value))
    assert all("\n" not in message for message in messages)


def test_shallow_clone_suggests_fetch_depth(repo: Path, tmp_path: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    (repo / "README.md").write_text("second\n")
    commit_all(repo, "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "change", f"file://{repo}", "clone")
    with pytest.raises(DiffError, match=r"shallow.*fetch-depth: 0") as caught:
        merge_base_diff(first, clone)
    assert "\n" not in str(caught.value)


def test_missing_git(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo))  # no git in there
    with pytest.raises(DiffError, match="git is not installed"):
        merge_base_diff("main", repo)


# ------------------------------------------------------------------------------- filters
def finding(line: int, path: str = "README.md", rule: str = "arxiv-url") -> Finding:
    span = Span(start=0, end=1, line=line, column=3, end_line=line, end_column=9)
    return Finding(rule, Severity.WARNING, path, span, f"problem on line {line}")


CHANGED = {
    "README.md": ChangedFile(
        "README.md",
        "README.md",
        hunks=(Hunk(10, 1, 10, 2), Hunk(30, 2, 31, 0)),  # lines 10-11 new; 2 deleted after 31
        added=frozenset({10, 11}),
    ),
    "new.md": ChangedFile("new.md", "new.md", new_file=True),
}
LINES = [1, 6, 7, 10, 11, 14, 15, 28, 29, 34, 35]
FINDINGS = [finding(n) for n in LINES] + [finding(3, "new.md"), finding(10, "untouched.md")]


@pytest.mark.parametrize(
    ("mode", "kept_lines"),
    [
        ("added", [10, 11]),
        ("diff_context", [7, 10, 11, 14, 29, 34]),
        ("file", LINES),
        ("nofilter", LINES),
    ],
)
def test_filter_modes(mode: str, kept_lines: list[int]) -> None:
    kept, hidden = filter_findings(FINDINGS, CHANGED, mode)
    readme = [f.span.line for f in kept if f.path == "README.md"]
    assert readme == kept_lines
    assert [f.path for f in kept if f.path != "README.md"] == (
        ["new.md", "untouched.md"] if mode == "nofilter" else ["new.md"]
    )
    assert hidden == len(FINDINGS) - len(kept)
    for item in kept:
        expected = item.path == "new.md" or (
            item.path == "README.md" and item.span.line in {10, 11}
        )
        assert item.on_changed_line is expected, (mode, item.path, item.span.line)


def test_filter_context_width_and_path_forms() -> None:
    kept, _ = filter_findings(FINDINGS, CHANGED, "diff_context", context_lines=0)
    assert [f.span.line for f in kept if f.path == "README.md"] == [10, 11]
    dotted = [finding(10, "./README.md")]
    assert filter_findings(dotted, CHANGED, "added")[1] == 0
    with pytest.raises(ValueError, match="unknown filter mode"):
        filter_findings(FINDINGS, CHANGED, "everything")


# ---------------------------------------------------------------- GitHub environment
def pull_request_event(base_sha: str, head_sha: str, head_repo: str = "octo/papers") -> dict:  # type: ignore[type-arg]
    """A pull_request event payload in GitHub's shape (webhook docs, abridged)."""

    def repository(full_name: str) -> dict:  # type: ignore[type-arg]
        owner, name = full_name.split("/")
        return {
            "id": 1296269,
            "node_id": "MDEwOlJlcG9zaXRvcnkxMjk2MjY5",
            "name": name,
            "full_name": full_name,
            "private": False,
            "owner": {"login": owner, "id": 1, "type": "User"},
            "html_url": f"https://github.com/{full_name}",
            "url": f"https://api.github.com/repos/{full_name}",
            "default_branch": "main",
        }

    return {
        "action": "synchronize",
        "number": 7,
        "before": "0" * 40,
        "after": head_sha,
        "pull_request": {
            "url": "https://api.github.com/repos/octo/papers/pulls/7",
            "id": 279147437,
            "number": 7,
            "state": "open",
            "locked": False,
            "title": "Add JanusFlow",
            "user": {"login": "contributor", "id": 2, "type": "User"},
            "head": {
                "label": f"{head_repo.split('/')[0]}:add-papers",
                "ref": "add-papers",
                "sha": head_sha,
                "repo": repository(head_repo),
            },
            "base": {
                "label": "octo:main",
                "ref": "main",
                "sha": base_sha,
                "repo": repository("octo/papers"),
            },
            "draft": False,
            "merged": False,
            "commits": 1,
            "additions": 2,
            "deletions": 0,
            "changed_files": 1,
        },
        "repository": repository("octo/papers"),
        "sender": {"login": "contributor", "id": 2, "type": "User"},
    }


def event_env(tmp_path: Path, payload: object, name: str = "pull_request") -> dict[str, str]:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(payload))
    return {
        "GITHUB_EVENT_NAME": name,
        "GITHUB_EVENT_PATH": str(path),
        "GITHUB_REPOSITORY": "octo/papers",
        "GITHUB_BASE_REF": "main",
    }


def test_base_from_a_pull_request_event(tmp_path: Path) -> None:
    base, head = "b" * 40, "c" * 40
    env = event_env(tmp_path, pull_request_event(base, head))
    assert base_from_github_env(env) == base
    target = event_env(tmp_path, pull_request_event(base, head), "pull_request_target")
    assert base_from_github_env(target) == base
    # no payload to read: GITHUB_BASE_REF, as fetched by actions/checkout
    assert base_from_github_env({**env, "GITHUB_EVENT_PATH": str(tmp_path / "none")}) == (
        "origin/main"
    )
    assert base_from_github_env({"GITHUB_EVENT_NAME": "push", "GITHUB_REF": "refs/heads/x"}) is None
    assert base_from_github_env({}) is None


def test_pull_request_from_the_event(tmp_path: Path) -> None:
    base, head = "b" * 40, "c" * 40
    env = event_env(tmp_path, pull_request_event(base, head))
    assert pull_request_from_github_env(env) == PullRequestRef(
        "octo/papers", 7, head, base, "octo/papers"
    )
    fork = pull_request_from_github_env(
        event_env(tmp_path, pull_request_event(base, head, "someone/papers"))
    )
    assert fork is not None and fork.is_fork
    no_repo_env = {k: v for k, v in env.items() if k != "GITHUB_REPOSITORY"}
    from_event = pull_request_from_github_env(no_repo_env)
    assert from_event is not None and from_event.repository == "octo/papers"
    assert pull_request_from_github_env({**env, "GITHUB_EVENT_NAME": "push"}) is None
    (tmp_path / "event.json").write_text("{not json")
    assert pull_request_from_github_env(env) is None
