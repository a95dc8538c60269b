"""The shapes real paper lists take, each read into the entries it must give.

Each ``tests/fixtures/shapes/NAME.md`` is a small list in one shape (dates as lists write them,
venue years, entries without a list marker, badge-only paper links, numbered and nested lists,
``<br>`` in items and cells, ``<details>`` blocks, titles and link labels, HTML comments,
Unicode spaces, broken entries); ``NAME.json`` beside it holds the entries
``awesome-lint entries --format json`` must print for it (the fields compared are the JSON keys
of the expected file).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from awesome_lint.cli import main
from awesome_lint.config import Config
from awesome_lint.engine import Engine, Options
from conftest import TODAY

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
NAMES = sorted(path.stem for path in SHAPES.glob("*.md"))


def _entries(path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["entries", "--format", "json", str(path)]) == 0
    body = json.loads(capsys.readouterr().out)
    (only,) = body["files"]
    entries: list[dict[str, Any]] = only["entries"]
    return entries


def test_every_shape_has_its_expected_entries() -> None:
    assert len(NAMES) >= 11
    assert all((SHAPES / f"{name}.json").is_file() for name in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_shape(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = json.loads((SHAPES / f"{name}.json").read_text("utf-8"))
    found = _entries(SHAPES / f"{name}.md", capsys)
    keys = sorted({key for entry in expected for key in entry})
    assert [{key: entry[key] for key in keys} for entry in found] == expected


def test_a_venue_year_is_never_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    found = _entries(SHAPES / "venue-years.md", capsys)
    by_title = {entry["title"]: entry for entry in found}
    for title in ("Beta Paper One: A Study", "Beta Paper Two: A Study", "Beta Paper Four: A Study"):
        assert by_title[title]["date"] is None and by_title[title]["venue"]
    # ... while arXiv's own year is the paper's date.
    assert by_title["Beta Paper Five: A Study"]["date"]["year"] == 2024


def test_link_labels_are_never_titles(capsys: pytest.CaptureFixture[str]) -> None:
    titles = [entry["title"] for entry in _entries(SHAPES / "titles.md", capsys)]
    assert "PyTorch" not in titles and "Eval Tool" not in titles
    assert "AnyTheta: A Tuning-Free Framework for Theta Editing" in titles
    assert "Theta Paper Three: A Quoted Title" in titles  # not the nickname ThetaThree


def test_nothing_inside_an_html_comment_is_read_or_reported(tmp_path: Path) -> None:
    # Inside the comment: a duplicate id, an impossible month and an unclosed link.
    engine = Engine(Config(), Options(offline=True, today=TODAY))
    result, linted, _ = engine.run([str(SHAPES / "comments.md")])
    (item,) = linted
    assert [entry.span.line for entry in item.document.entries] == [3, 10]
    comment_lines = range(5, 9)
    assert not [f for f in result.findings if f.span.line in comment_lines]
    assert not [link for link in item.document.links if link.span.line in comment_lines]
    # The inline comment on line 10 holds a link too: not a link of the entry.
    assert len(item.document.entries[1].links) == 1


def test_unicode_spaces_separate_the_title_from_its_links(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = (SHAPES / "unicode-spaces.md").read_text("utf-8")
    assert "\u00a0[[Paper]" in text and "\u2003[[Paper]" in text
    found = _entries(SHAPES / "unicode-spaces.md", capsys)
    assert [entry["title"] for entry in found] == [
        "Kappa Paper One: A Title",
        "Kappa Paper Two: Bold",
    ]
    engine = Engine(Config(), Options(offline=True, today=TODAY))
    result, _, _ = engine.run([str(SHAPES / "unicode-spaces.md")])
    assert [f for f in result.findings if f.rule == "title-whitespace"] == []


def test_broken_entries_still_reach_the_markup_rules() -> None:
    engine = Engine(Config(), Options(offline=True, today=TODAY))
    result, linted, _ = engine.run([str(SHAPES / "broken.md")])
    (item,) = linted
    lines = [entry.span.line for entry in item.document.entries]
    assert lines == [3, 4, 8]
    assert {f.span.line for f in result.findings if f.rule == "malformed-link"} >= {4, 8}
