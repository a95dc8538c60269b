"""Online judgement against the stand-ins fed with the seed metadata: the finding lands on the
wrong side, and what lists keep on purpose stays quiet.

Four cases, each a small list of seed papers, linted by the CLI with the real clients:

* a title link carrying its neighbour's id while its badge is right;
* a repository moved by its owner, linked under the new name with a badge of the old;
* a list whose titles end in a full stop;
* published papers dated by their venue, later than their arXiv ids.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import standin_env
from standins.arxiv import serve_arxiv
from standins.github import GitHubServer, serve_github

JANUS = "Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation"
JANUSFLOW = (
    "JanusFlow: Harmonizing Autoregression and Rectified Flow for Unified Multimodal"
    " Understanding and Generation"
)
TOKENFLOW = "TokenFlow: Unified Image Tokenizer for Multimodal Understanding and Generation"
BADGE = "https://img.shields.io/badge/arXiv-b31b1b.svg"


@pytest.fixture(scope="module")
def standins() -> Iterator[tuple[Any, GitHubServer]]:
    with serve_arxiv() as arxiv, serve_github() as github:
        yield arxiv, github


def _lint(
    standins: tuple[Any, GitHubServer], tmp_path: Path, text: str, *args: str
) -> tuple[list[dict[str, Any]], str]:
    arxiv, github = standins
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    env = standin_env(arxiv.url, github.url, tmp_path / "cache", "ghp_standin_token_0123456789")
    result = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--no-config", "--format", "json", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings, (tmp_path / "README.md").read_text("utf-8")


def test_a_title_link_with_its_neighbours_id_is_the_copy(
    standins: tuple[Any, GitHubServer], tmp_path: Path
) -> None:
    text = (
        "# Papers\n\n"
        f"+ [{JANUS}](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
        f"  [![arXiv]({BADGE})](https://arxiv.org/abs/2410.13848)\n"
        f"+ [{JANUSFLOW}](https://arxiv.org/abs/2410.13848) (Nov. 2024, arXiv)\n"
        f"  [![arXiv]({BADGE})](https://arxiv.org/abs/2411.07975)\n"
    )
    findings, _ = _lint(standins, tmp_path, text, "README.md")
    errors = [f for f in findings if f["severity"] == "error"]
    # Every error is on JanusFlow's title link: none on Janus, none on the right badge.
    assert errors and {f["line"] for f in errors} == {5}
    by_rule = {f["rule"]: f for f in errors}
    badge = by_rule["arxiv-badge-mismatch"]
    assert "title link" in badge["message"] and "Janus" in badge["message"]
    assert by_rule["duplicate-arxiv-id"]["line"] == 5
    assert "arxiv-id-mismatch" in by_rule  # arXiv has Janus under the id
    # The fix writes the badge's id into the title link, and is unsafe: --fix leaves it.
    _, unchanged = _lint(standins, tmp_path, text, "--fix", "README.md")
    assert unchanged == text
    _, fixed = _lint(standins, tmp_path, text, "--fix", "--unsafe-fixes", "README.md")
    assert f"[{JANUSFLOW}](https://arxiv.org/abs/2411.07975)" in fixed
    assert f"[{JANUS}](https://arxiv.org/abs/2410.13848)" in fixed


def test_a_repository_moved_by_its_owner_is_settled_by_its_canonical_name(
    standins: tuple[Any, GitHubServer], tmp_path: Path
) -> None:
    badge = "https://img.shields.io/github/stars/ByteFlow-AI/TokenFlow.svg?style=social"
    text = (
        "# Papers\n\n"
        f"+ [{TOKENFLOW}](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)\n"
        f"  [![Star]({badge})](https://github.com/ByteVisionLab/TokenFlow)\n"
    )
    offline, _ = _lint(standins, tmp_path, text, "--offline", "README.md")
    assert offline == []  # not a mismatch offline: one name under two owners
    findings, _ = _lint(standins, tmp_path, text, "README.md")
    assert [f["rule"] for f in findings if f["severity"] == "error"] == []
    assert "badge-repo-mismatch" not in {f["rule"] for f in findings}


def test_titles_ending_in_a_full_stop_are_the_titles(
    standins: tuple[Any, GitHubServer], tmp_path: Path
) -> None:
    text = (
        "# Papers\n\n"
        f"1. **[{JANUS}.](https://arxiv.org/abs/2410.13848)**\n"
        f"2. **[{JANUSFLOW}.](https://arxiv.org/abs/2411.07975)**\n"
        f"3. **[{TOKENFLOW}](https://arxiv.org/abs/2412.03069)**\n"
    )
    findings, _ = _lint(standins, tmp_path, text, "README.md")
    assert not [f for f in findings if f["rule"].startswith("arxiv-")]


def test_a_venue_date_later_than_the_arxiv_id_is_the_venues(
    standins: tuple[Any, GitHubServer], tmp_path: Path
) -> None:
    # The list dates published papers by their venue (every such date is later than the id),
    # and its one preprint by arXiv, wrongly: only that one is reported.
    text = (
        "# Papers\n\n"
        f'* "{JANUS}", *CVPR, Jun 2025*. [[Paper](https://arxiv.org/abs/2410.13848)]\n'
        f'* "{JANUSFLOW}", *CVPR, Jun 2025*. [[Paper](https://arxiv.org/abs/2411.07975)]\n'
        '* "PUMA: Empowering Unified MLLM with Multi-granular Visual Generation", *ICCV, Oct'
        " 2025*. [[Paper](https://arxiv.org/abs/2410.13861)]\n"
        f'* "{TOKENFLOW}", *arXiv, Mar 2025*. [[Paper](https://arxiv.org/abs/2412.03069)]\n'
    )
    findings, _ = _lint(standins, tmp_path, text, "README.md")
    dated = [f for f in findings if f["rule"] in ("arxiv-date", "date-arxiv-id")]
    assert {f["line"] for f in dated} == {6}
    assert {f["rule"] for f in dated} == {"arxiv-date", "date-arxiv-id"}
