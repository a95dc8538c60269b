"""Diff mode and findings that relate two entries: a pull request that adds a copy of an entry
is told so whether the copy lands above the original or below it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import git

HEADER = "# Papers\n\n## Models\n\n"
JANUS = (
    "- [Janus: Decoupling Visual Encoding](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
)
OTHER_LINES = [
    f"- [Paper {i}: A Study of {i}](https://arxiv.org/abs/2401.{i:05d}) (Jan. 2024, arXiv)\n"
    for i in range(1, 6)
]
OTHERS = "".join(OTHER_LINES)
# The same id under another paper's title: duplicate-arxiv-id, not duplicate-entry.
IMPOSTOR = "- [Puma: Another Model](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"


def _repo(tmp_path: Path, base: str, head: str) -> Path:
    git(tmp_path, "init", "-q")
    (tmp_path / "list.md").write_text(base)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    (tmp_path / "list.md").write_text(head)
    git(tmp_path, "commit", "-qam", "the change")
    return tmp_path


def _findings(folder: Path, *args: str) -> list[dict[str, object]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", "--format", "json", *args, "list.md"],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    findings: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return findings


def _line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[occurrence - 1]


@pytest.mark.parametrize("where", ["above", "below"])
def test_a_copy_added_above_or_below_its_original_is_reported_on_the_copy(
    tmp_path: Path, where: str
) -> None:
    # As lists grow: a new paper at the top of its section, or at the bottom.
    base = HEADER + "".join(OTHER_LINES[:2]) + JANUS + "".join(OTHER_LINES[2:])
    head = HEADER + JANUS + base[len(HEADER) :] if where == "above" else base + JANUS
    folder = _repo(tmp_path, base, head)
    copy_line = _line_of(head, "Janus", 1 if where == "above" else 2)
    original_line = _line_of(head, "Janus", 2 if where == "above" else 1)

    everything = _findings(folder, "--filter-mode", "nofilter")
    assert [(f["rule"], f["line"]) for f in everything] == [
        ("duplicate-entry", max(copy_line, original_line))  # the rule reports the later one
    ]
    reported = _findings(folder, "--diff-base", "HEAD~1")
    assert [(f["rule"], f["line"]) for f in reported] == [("duplicate-entry", copy_line)]
    message = str(reported[0]["message"])
    # Either way the message names the other entry's line.
    assert str(original_line) in message, message
    related_lines = [r["line"] for r in reported[0]["related"]]  # type: ignore[attr-defined]
    assert related_lines == [original_line]


def test_an_id_shared_with_an_entry_added_above_is_reported_on_the_added_one(
    tmp_path: Path,
) -> None:
    base = HEADER + JANUS + OTHERS
    head = HEADER + IMPOSTOR + JANUS + OTHERS
    folder = _repo(tmp_path, base, head)
    reported = _findings(folder, "--diff-base", "HEAD~1")
    assert [(f["rule"], f["line"]) for f in reported] == [("duplicate-arxiv-id", 5)]
    assert "6" in str(reported[0]["message"])


def test_an_unchanged_pair_stays_hidden(tmp_path: Path) -> None:
    base = HEADER + JANUS + OTHERS + JANUS
    head = base + "- [Paper 9: New](https://arxiv.org/abs/2401.00009) (Jan. 2024, arXiv)\n"
    folder = _repo(tmp_path, base, head)
    assert _findings(folder, "--diff-base", "HEAD~1") == []
    assert len(_findings(folder, "--filter-mode", "nofilter")) == 1


def test_a_related_place_within_the_same_entry_does_not_move_the_finding() -> None:
    from awesome_lint.diff import ChangedFile, filter_findings
    from awesome_lint.findings import Finding, Related, Severity, Span

    def span(line: int) -> Span:
        return Span(0, 1, line, 1, line, 2)

    # An entry over lines 3-4 whose date (line 4) disagrees with its id (line 3, changed).
    within = Finding(
        "date-arxiv-id", Severity.ERROR, "list.md", span(4), "m", (Related(span(3), "id"),)
    )
    # Two entries (lines 3-4 and 6): the one at line 6 relates to the changed line 3.
    across = Finding(
        "duplicate-entry", Severity.WARNING, "list.md", span(6), "m", (Related(span(3), "first"),)
    )
    changed = {"list.md": ChangedFile("list.md", "list.md", added=frozenset({3}))}
    entries = {"list.md": [range(3, 5), range(6, 7)]}
    kept, hidden = filter_findings([within, across], changed, "added", entries=entries)
    assert [(f.rule, f.span.line, f.message) for f in kept] == [("duplicate-entry", 3, "line 6: m")]
    assert hidden == 1
    assert filter_findings([within, across], changed, "added") == ([], 2)  # without entries
