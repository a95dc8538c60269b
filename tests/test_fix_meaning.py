"""Safe fixes never change what a list says: no arXiv id, repository, date or title.

``--fix`` applies safe fixes only, and a safe fix changes a form (an arXiv URL's form keeping
its id, spaces inside a title, a badge URL rebuilt from the entry's own link, mojibake), never a
value. On generated lists with every kind of planted error, and on the real lists of the
training set when they are materialized (``AWESOME_LINT_REALWORLD=DIR``, the folder
``shared/train/materialize.py`` writes; skipped without it), this holds:

* each entry keeps its arXiv ids, repositories, date (by value) and title (by its words);
* the rendered HTML keeps every link and image: as many, with the same targets except arXiv
  links (same id) and badge images;
* a second ``--fix`` changes nothing.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from awesome_lint import dates, entries, fix, parser
from awesome_lint.config import Config
from awesome_lint.document import Document, Entry
from awesome_lint.engine import Engine, Options
from awesome_lint.facts import Facts
from awesome_lint.findings import Finding
from conftest import TODAY

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate

ENGINE = Engine(Config(), Options(offline=True, today=TODAY))
_HREF = re.compile(r'<(a|img)\s[^>]*?(href|src)="([^"]*)"')
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _entry_values(entry: Entry) -> tuple[object, ...]:
    paper = entries.arxiv_id(entry)
    ids = sorted(
        parsed.arxiv_id.id
        for link in entry.links
        if (parsed := entries.arxiv_url(link.url)) is not None and parsed.arxiv_id is not None
    )
    repos = sorted(ref.key for ref in entries.repositories(entry))
    when = None
    if entry.date is not None and (found := dates.find_date(entry.date.text)) is not None:
        when = (found.year, found.month, found.day)
    title = " ".join(entries.normalized_title(entry.title).split())
    return (paper.id if paper else None, ids, repos, when, title)


def _rendered(text: str) -> Counter[tuple[str, str]]:
    """Links and images of the rendered HTML: arXiv links by id, badge images by kind."""
    out: Counter[tuple[str, str]] = Counter()
    for tag, _, target in _HREF.findall(_MARKDOWN.render(text)):
        parsed = entries.arxiv_url(target)
        if parsed is not None and parsed.arxiv_id is not None:
            target = "arxiv:" + parsed.arxiv_id.id
        elif tag == "img" and "img.shields.io" in target:
            target = "badge"
        out[(tag, target)] += 1
    return out


def _check(document: Document) -> list[Finding]:
    return ENGINE.check(document, Facts())


def assert_safe_fixes_keep_meaning(path: str, text: str) -> None:
    document = parser.parse(path, text)
    first = fix.fix_document(document, _check(document), _check)
    if first.text == text:
        return
    before = [_entry_values(e) for e in document.entries]
    after = [_entry_values(e) for e in first.document.entries]
    assert len(before) == len(after), f"{path}: entries lost or gained"
    for old, new, entry in zip(before, after, document.entries, strict=True):
        assert old == new, f"{path}:{entry.span.line}: {old} became {new}"
    assert _rendered(text) == _rendered(first.text), f"{path}: links or images changed"
    second = fix.fix_document(first.document, first.findings, _check)
    assert second.text == first.text and second.applied == 0, f"{path}: second run changed"


@settings(max_examples=25, deadline=None)
@given(size=st.integers(100, 160), seed=st.integers(0, 10_000))
def test_safe_fixes_keep_meaning_on_generated_lists(size: int, seed: int) -> None:
    synthetic = generate.generate(size, seed=seed)
    assert_safe_fixes_keep_meaning("generated.md", synthetic.text)


def test_the_generated_lists_have_safe_fixes_to_apply() -> None:
    # The property above is only worth something if fixes do happen.
    text = generate.generate(200, seed=1).text
    document = parser.parse("generated.md", text)
    fixed = fix.fix_document(document, _check(document), _check)
    assert fixed.applied >= 10 and fixed.text != text
    assert_safe_fixes_keep_meaning("generated.md", text)


def test_a_safe_fix_that_changed_a_value_would_be_caught() -> None:
    # The checker itself: an id rewritten in a link is a changed value.
    text = "- [Alpha: One](https://arxiv.org/abs/2502.00001) (Feb. 2025, arXiv)\n"
    changed = text.replace("2502.00001", "2502.00002")
    document = parser.parse("x.md", text)
    assert _entry_values(document.entries[0]) != _entry_values(
        parser.parse("x.md", changed).entries[0]
    )
    assert _rendered(text) != _rendered(changed)


REALWORLD = os.environ.get("AWESOME_LINT_REALWORLD")
REAL_LISTS = sorted(Path(REALWORLD).rglob("README.md")) if REALWORLD else []


@pytest.mark.skipif(not REAL_LISTS, reason="set AWESOME_LINT_REALWORLD to the training lists")
@pytest.mark.parametrize("path", REAL_LISTS, ids=lambda p: p.parent.name)
def test_safe_fixes_keep_meaning_on_real_lists(path: Path) -> None:
    text = path.read_text("utf-8", errors="replace").replace("\r\n", "\n")
    assert_safe_fixes_keep_meaning(str(path), text)
