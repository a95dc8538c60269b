"""Diff mode looks up only what the change touches: 3 new entries of 1,000, 3 lookups a source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import git, standin_env
from standins.arxiv import serve_arxiv
from standins.github import serve_github


def _entry(i: int) -> str:
    return (
        f"- [Paper {i}: A Study](https://arxiv.org/abs/2401.{i:05d}) (Jan. 2024, arXiv)"
        f" [![Star](https://img.shields.io/github/stars/lab{i}/paper{i}.svg)](https://github.com/lab{i}/paper{i})\n"
    )


def test_a_change_adding_three_entries_makes_three_lookups(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    path = tmp_path / "list.md"
    path.write_text("# Papers\n\n" + "".join(_entry(i) for i in range(1, 1001)))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    with path.open("a") as out:
        out.write("".join(_entry(i) for i in range(1001, 1004)))
    git(tmp_path, "commit", "-qam", "three more")

    with serve_arxiv() as arxiv, serve_github() as github:
        env = standin_env(arxiv.url, github.url, tmp_path / ".cache")
        result = subprocess.run(
            [sys.executable, "-m", "awesome_lint", "--diff-base", "HEAD~1", "list.md"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in result.stderr, result.stderr
        id_lists = [r.arg("id_list") for r in arxiv.requests if r.arg("id_list")]
        assert id_lists == ["2401.01001,2401.01002,2401.01003"]
        graphql = [r.json()["query"] for r in github.requests if r.path == "/graphql"]
        assert len(graphql) == 1 and graphql[0].count(": repository(") == 3
    # The three new ids are unknown to arXiv's stand-in: reported on the new lines only.
    assert result.stdout.count("arxiv-not-found") == 3
    assert all(f"list.md:{line}:" in result.stdout for line in (1003, 1004, 1005))
