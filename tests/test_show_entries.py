"""`awesome-lint entries`: each entry as the parser read it, in JSON and in text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from awesome_lint.cli import main

# The title link and the arXiv badge carry different ids, and the star badge names another
# repository than the link around it: each must come out in its own field.
MULTILINE = """\
# Awesome Unified Models

## Unified Models

- [Janus: Decoupling Visual Encoding](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13861)
  [![Star](https://img.shields.io/github/stars/deepseek-ai/JanusFlow.svg?style=social&label=Star)](https://github.com/deepseek-ai/Janus)
  [Project](https://example.org/janus)
"""

TABLE = """\
## Table

| Date | Title | Code |
| --- | --- | --- |
| 2024/10/17 | [PUMA: Empowering Unified MLLM](https://arxiv.org/abs/2410.13861) | [Code](https://github.com/rongyaofang/PUMA) |
| 2025 | [Plain Paper](https://example.org/plain) | - |
"""


def _json(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, dict[str, Any], str]:
    status = main(["entries", "--format", "json", *paths])
    captured = capsys.readouterr()
    return status, json.loads(captured.out), captured.err


@pytest.fixture
def lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "multi.md").write_text(MULTILINE, encoding="utf-8")
    (tmp_path / "table.md").write_text(TABLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # paths are shown relative to the working folder
    return tmp_path


def test_json_multiline_item(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, body, err = _json(capsys, "multi.md")
    assert status == 0
    assert body["version"] == 1
    assert [f["path"] for f in body["files"]] == ["multi.md"]
    assert body["files"][0]["entries"] == [
        {
            "path": "multi.md",
            "kind": "item",
            "start_line": 5,
            "end_line": 8,
            "section": "Unified Models",
            "title": "Janus: Decoupling Visual Encoding",
            "title_line": 5,
            "title_column": 4,
            "arxiv_id": "2410.13848",
            "badge_arxiv_ids": ["2410.13861"],
            "date": {"text": "Oct. 2024", "year": 2024, "month": 10},
            "venue": "arXiv",
            "repositories": ["deepseek-ai/Janus"],
            "star_badges": ["deepseek-ai/JanusFlow"],
            "links": ["https://example.org/janus"],
        }
    ]
    assert err.strip() == "1 entry in 1 file"


def test_json_table_rows(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, body, _ = _json(capsys, "table.md")
    assert status == 0
    puma, plain = body["files"][0]["entries"]
    assert (puma["kind"], puma["start_line"], puma["end_line"]) == ("row", 5, 5)
    assert puma["section"] == "Table"
    assert puma["title"] == "PUMA: Empowering Unified MLLM"
    assert (puma["title_line"], puma["title_column"]) == (5, 17)
    assert puma["arxiv_id"] == "2410.13861"
    assert puma["badge_arxiv_ids"] == []
    assert puma["date"] == {"text": "2024/10/17", "year": 2024, "month": 10}
    assert puma["repositories"] == ["rongyaofang/PUMA"]
    assert puma["star_badges"] == [] and puma["links"] == []
    # A bare year is a date without a month; a title link off arXiv is one of the other links.
    assert plain["title"] == "Plain Paper"
    assert plain["arxiv_id"] is None
    assert plain["date"] == {"text": "2025", "year": 2025, "month": None}
    assert plain["repositories"] == []
    assert plain["links"] == ["https://example.org/plain"]


def test_folder_and_missing_path(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, body, err = _json(capsys, ".", "gone.md")
    assert status == 0  # something was read
    assert [f["path"] for f in body["files"]] == ["multi.md", "table.md"]
    assert "gone.md: no such file or folder" in err
    assert err.strip().splitlines()[-1] == "3 entries in 2 files"


def test_nothing_readable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.md")
    assert main(["entries", "--format", "json", missing]) == 2
    captured = capsys.readouterr()
    assert f"awesome-lint: error: {missing}: no such file or folder" in captured.err
    assert "Traceback" not in captured.err


def test_unreadable_file_is_one_line(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (lists / "latin1.md").write_bytes(b"- [Caf\xe9](https://example.org)\n")
    assert main(["entries", "latin1.md"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("awesome-lint: error: latin1.md: is not valid UTF-8")
    assert "Traceback" not in err


def test_usage_error(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entries", "--format", "xml", "multi.md"]) == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_text_format(lists: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entries", "multi.md", "table.md"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:8] == [
        "multi.md:5-8 item [Unified Models] 'Janus: Decoupling Visual Encoding' at 5:4",
        "  arxiv: 2410.13848 (badge: 2410.13861)",
        "  date: Oct. 2024 (2024-10)",
        "  venue: arXiv",
        "  repos: deepseek-ai/Janus",
        "  stars: deepseek-ai/JanusFlow",
        "  links: https://example.org/janus",
        "table.md:5 row [Table] 'PUMA: Empowering Unified MLLM' at 5:17",
    ]
    # Empty fields are left out: the plain row has no arXiv, venue, repository or badge line.
    plain = lines[lines.index("table.md:6 row [Table] 'Plain Paper' at 6:11") :]
    assert plain == [
        "table.md:6 row [Table] 'Plain Paper' at 6:11",
        "  date: 2025 (2025)",
        "  links: https://example.org/plain",
        "3 entries in 2 files",
    ]


def test_imports_no_network_library_nor_rules(lists: Path) -> None:
    code = (
        "import sys; from awesome_lint.cli import main; main(['entries', 'multi.md']);"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'requests',"
        " 'urllib3', 'github', 'arxiv') or m.startswith(('awesome_lint.sources',"
        " 'awesome_lint.rules', 'awesome_lint.engine'))); print('IMPORTED', bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=lists, capture_output=True, text=True, timeout=60
    )
    assert "IMPORTED []" in result.stdout, result.stdout + result.stderr
