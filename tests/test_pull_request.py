"""The command line as a pull-request job runs it: diff base from the event, annotations for the
change only, the step summary and outputs, and one review posted to the GitHub stand-in.

Run with ``-s`` to see the annotation lines and the review request body.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import GIT_ENV, LISTS, git
from standins.github import GitHubServer, GitHubStandin, parse_patch_hunks, serve_github

TOKEN = "ghs_PULLsecret0123456789abcdefABCDEF0123"

_SOURCE = (LISTS / "awesome-umm-post-training.md").read_text(encoding="utf-8").split("\n")
# The base commit: heading and four correct entries of a real list, plus UniRL (line 13 here),
# whose `v1` links are old debt: arxiv-url findings nobody in this pull request caused.
BASE = "\n".join([*_SOURCE[0:6], _SOURCE[6], "", _SOURCE[9], "", _SOURCE[12], "", _SOURCE[24], ""])
GOOD = (
    "+ [Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation]"
    "(https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv) [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848) [![Star](https://img.shields.io/github/stars/deepseek-ai/Janus.svg?style=social&label=Star)](https://github.com/deepseek-ai/Janus)"
)
# A /pdf/...v1 link (arxiv-url, fixable) and a month its id (Nov. 2024) rules out.
BROKEN = (
    "+ [JanusFlow: Harmonizing Autoregression and Rectified Flow for Unified Multimodal Understanding and Generation]"
    "(https://arxiv.org/pdf/2411.07975v1) (Jan. 2025, arXiv) [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2411.07975) [![Star](https://img.shields.io/github/stars/deepseek-ai/Janus.svg?style=social&label=Star)](https://github.com/deepseek-ai/Janus)"
)
_BASE_LINES = BASE.split("\n")
HEAD = "\n".join([*_BASE_LINES[0:6], GOOD, "", BROKEN, "", *_BASE_LINES[6:]])
BROKEN_LINE = 9
OLD_DEBT_LINE = 17  # UniRL in the head commit
FIXED = BROKEN.replace("https://arxiv.org/pdf/2411.07975v1", "https://arxiv.org/abs/2411.07975")


@dataclass
class Job:
    """A checked-out pull request, its event, and the GitHub it talks to."""

    repo: Path
    env: dict[str, str]
    server: GitHubServer
    base_sha: str
    head_sha: str
    summary: Path
    outputs: Path


def pull_request_event(number: int, base_sha: str, head_sha: str) -> dict[str, object]:
    """A ``pull_request`` event payload as GitHub writes it to ``$GITHUB_EVENT_PATH`` (abridged)."""

    def repository() -> dict[str, object]:
        return {
            "id": 1296269,
            "name": "papers",
            "full_name": "octo/papers",
            "owner": {"login": "octo", "id": 1, "type": "Organization"},
            "private": False,
            "html_url": "https://github.com/octo/papers",
            "url": "https://api.github.com/repos/octo/papers",
            "default_branch": "main",
        }

    return {
        "action": "opened",
        "number": number,
        "pull_request": {
            "url": f"https://api.github.com/repos/octo/papers/pulls/{number}",
            "id": 1_800_000_001,
            "number": number,
            "state": "open",
            "title": "Add Janus and JanusFlow",
            "user": {"login": "contributor", "id": 2, "type": "User"},
            "head": {
                "label": "octo:add-papers",
                "ref": "add-papers",
                "sha": head_sha,
                "repo": repository(),
            },
            "base": {"label": "octo:main", "ref": "main", "sha": base_sha, "repo": repository()},
            "draft": False,
            "merged": False,
        },
        "repository": repository(),
        "sender": {"login": "contributor", "id": 2, "type": "User"},
    }


@pytest.fixture
def job(tmp_path: Path) -> Iterator[Job]:
    repo = tmp_path / "papers"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text(BASE, encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "Papers")
    base_sha = git(repo, "rev-parse", "HEAD")
    git(repo, "checkout", "-q", "-b", "add-papers")
    (repo / "README.md").write_text(HEAD, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Add Janus and JanusFlow")
    head_sha = git(repo, "rev-parse", "HEAD")
    pr_diff = git(repo, "diff", base_sha, head_sha, "--", "README.md")  # 3 lines of context

    event = tmp_path / "event.json"
    event.write_text(json.dumps(pull_request_event(7, base_sha, head_sha)), encoding="utf-8")
    summary, outputs = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.touch()
    outputs.touch()
    with serve_github(GitHubStandin(repos=[], renames={})) as server:
        server.github.add_pull_request(
            "octo",
            "papers",
            7,
            files={"README.md": pr_diff},
            base_sha=base_sha,
            head_sha=head_sha,
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
        env.update(
            {
                "GITHUB_ACTIONS": "true",
                "GITHUB_EVENT_NAME": "pull_request",
                "GITHUB_EVENT_PATH": str(event),
                "GITHUB_REPOSITORY": "octo/papers",
                "GITHUB_BASE_REF": "main",
                "GITHUB_HEAD_REF": "add-papers",
                "GITHUB_REF": "refs/pull/7/merge",
                "GITHUB_SHA": head_sha,
                "GITHUB_STEP_SUMMARY": str(summary),
                "GITHUB_OUTPUT": str(outputs),
                "GITHUB_API_URL": server.url,
                "GITHUB_TOKEN": TOKEN,
                **GIT_ENV,
            }
        )
        yield Job(repo, env, server, base_sha, head_sha, summary, outputs)


def run(job: Job, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", *args],
        cwd=job.repo,
        capture_output=True,
        text=True,
        env=job.env,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--offline", "--review", "README.md"],
        ["review", "--offline", "README.md"],
    ],
    ids=["--review", "review"],
)
def test_pull_request_job(job: Job, args: list[str]) -> None:
    done = run(job, *args)
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    pull = job.server.github.pull_request("octo", "papers", 7)
    print("\n--- annotations ---")
    print("\n".join(annotations))
    print("--- stderr ---")
    print(done.stderr, end="")
    print("--- review request body ---")
    print(json.dumps(pull.review_requests, indent=2, ensure_ascii=False))

    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # the date error fails the job; the review does not change that

    # Annotations: exactly the broken entry's two findings, on its line, the error first.
    assert len(annotations) == 2, done.stdout
    error, warning = annotations
    assert error.startswith(
        "::error title=awesome-lint (date-arxiv-id),file=README.md,line=9,col=151,"
        "endLine=9,endColumn=160::README.md:9:151: date-arxiv-id listed 'Jan. 2025', but arXiv"
        " id 2411.07975 was assigned in Nov. 2024"
    )
    assert warning.startswith(
        "::warning title=awesome-lint (arxiv-url),file=README.md,line=9,col=114,"
        "endLine=9,endColumn=148::README.md:9:114: arxiv-url arXiv link has /pdf/ page"
    )
    assert f"line={OLD_DEBT_LINE}" not in done.stdout  # the base's UniRL links stay quiet

    summary = job.summary.read_text(encoding="utf-8")
    assert "Found **2 problems** (1 error, 1 warning, 0 info) in 1 file." in summary
    assert "Not shown: 2 problems on lines this change did not touch." in summary
    assert "date-arxiv-id" in summary and "arxiv-url" in summary
    assert job.outputs.read_text(encoding="utf-8") == "problems=2\nerrors=1\nwarnings=1\ninfo=0\n"

    # The review: one request, both findings as comments on line 9, the fix as a suggestion.
    assert len(pull.review_requests) == 1 and len(pull.reviews) == 1
    request = pull.review_requests[0]
    assert request["event"] == "COMMENT" and request["commit_id"] == job.head_sha
    comments = request["comments"]
    assert [(c["path"], c["line"], c["side"]) for c in comments] == [
        ("README.md", BROKEN_LINE, "RIGHT"),
        ("README.md", BROKEN_LINE, "RIGHT"),
    ]
    assert not any("start_line" in c for c in comments)
    date, link = comments
    assert date["body"].startswith("**awesome-lint** (date-arxiv-id) error:")
    suggestion = re.search(r"^```suggestion\n(.*?)\n```$", link["body"], re.S | re.M)
    assert suggestion is not None and suggestion.group(1) == FIXED
    shown = {
        line
        for hunk in parse_patch_hunks(pull.files["README.md"].patch or "")
        for line in hunk.right
    }
    assert all(c["line"] in shown for c in comments)
    assert OLD_DEBT_LINE not in shown
    assert str(OLD_DEBT_LINE) not in " ".join(str(c["line"]) for c in comments)
    for text in (done.stdout, done.stderr, summary, json.dumps(pull.review_requests)):
        assert TOKEN not in text
