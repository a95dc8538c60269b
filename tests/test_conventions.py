"""A list's own conventions, and the style rules that follow them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from awesome_lint import arxiv_ids, conventions
from awesome_lint.config import Config, ConfigError, parse_table
from awesome_lint.conventions import ArxivForm, Badges, EntryShape
from awesome_lint.findings import Finding
from awesome_lint.fix import apply
from conftest import parse_text

Lint = Callable[..., list[Finding]]

PDF_LIST = """\
+ [Janus: Decoupling ...](https://arxiv.org/pdf/2410.13848) (Oct. 2024, arXiv)
+ [Dual Diffusion ...](https://arxiv.org/pdf/2501.00289) (Jan. 2025, arXiv)
+ [Mmada: Multimodal ...](https://arxiv.org/pdf/2505.15809) (May. 2025, arXiv)
+ [OmniGen2: Exploration ...](https://arxiv.org/pdf/2506.18871) (Jun. 2025, arXiv)
+ [Chameleon: Mixed-Modal ...](https://arxiv.org/abs/2405.09818) (May. 2024, arXiv)
"""
ABS_LIST = PDF_LIST.replace("/pdf/", "/abs/").replace("/abs/2405.09818", "/pdf/2405.09818")


def _arxiv_url(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == "arxiv-url"]


def _url(url: str) -> arxiv_ids.ArxivUrl:
    parsed = arxiv_ids.parse_url(url)
    assert parsed is not None
    return parsed


# -- arXiv URL form ----------------------------------------------------------------------


def test_a_pdf_list_has_the_pdf_form() -> None:
    found = conventions.of(parse_text(PDF_LIST))
    assert found.arxiv_links == 5
    assert found.arxiv_form == ArxivForm("arxiv.org", "https", "pdf", False, False)
    assert found.arxiv_url_fits(_url("https://arxiv.org/pdf/2410.13848"))
    assert not found.arxiv_url_fits(_url("https://arxiv.org/abs/2410.13848"))
    assert not found.arxiv_url_fits(_url("https://arxiv.org/pdf/2410.13848v2"))
    aid = arxiv_ids.parse_id("2410.13848v2")
    assert aid is not None
    assert found.arxiv_url_for(aid) == "https://arxiv.org/pdf/2410.13848"


def test_a_pdf_list_flags_its_one_abs_link_and_fixes_it_into_pdf(lint: Lint) -> None:
    (finding,) = _arxiv_url(lint(PDF_LIST))
    assert (finding.span.line, finding.span.column) == (5, 32)
    assert finding.message == (
        "arXiv link has /abs/ page: use https://arxiv.org/pdf/2405.09818, "
        "like this list's other arXiv links"
    )
    assert finding.fix is not None and finding.fix.is_safe
    fixed, count = apply(PDF_LIST, [finding.fix])
    assert count == 1
    assert fixed == PDF_LIST.replace("/abs/2405.09818", "/pdf/2405.09818")


def test_an_abs_list_flags_a_pdf_link_as_before(lint: Lint) -> None:
    (finding,) = _arxiv_url(lint(ABS_LIST))
    assert finding.span.line == 5
    assert finding.message == "arXiv link has /pdf/ page: use https://arxiv.org/abs/2405.09818"
    assert finding.fix is not None
    fixed, _ = apply(ABS_LIST, [finding.fix])
    assert fixed == ABS_LIST.replace("/pdf/2405.09818", "/abs/2405.09818")


def test_configured_abs_form_flags_every_pdf_link_of_a_pdf_list(lint: Lint) -> None:
    findings = _arxiv_url(lint(PDF_LIST, config=Config(arxiv_url_form="abs")))
    assert [f.span.line for f in findings] == [1, 2, 3, 4]
    assert findings[0].message == "arXiv link has /pdf/ page: use https://arxiv.org/abs/2410.13848"


def test_configured_pdf_form_flags_the_abs_links_of_an_abs_list(lint: Lint) -> None:
    findings = _arxiv_url(lint(ABS_LIST, config=Config(arxiv_url_form="pdf")))
    assert [f.span.line for f in findings] == [1, 2, 3, 4]
    assert findings[0].message == "arXiv link has /abs/ page: use https://arxiv.org/pdf/2410.13848"


def test_the_version_is_dropped_when_the_list_form_has_none(lint: Lint) -> None:
    text = PDF_LIST.replace("/abs/2405.09818", "/abs/2405.09818v3")
    (finding,) = _arxiv_url(lint(text))
    assert "version suffix v3" in finding.message and finding.fix is not None
    fixed, _ = apply(text, [finding.fix])
    assert "(https://arxiv.org/pdf/2405.09818)" in fixed


def test_a_versioned_list_form_keeps_versions_and_invents_none(lint: Lint) -> None:
    text = (
        PDF_LIST.replace("/pdf/2410.13848", "/abs/2410.13848v2")
        .replace("/pdf/2501.00289", "/abs/2501.00289v1")
        .replace("/pdf/2505.15809", "/abs/2505.15809v3")
        .replace("/pdf/2506.18871", "/pdf/2506.18871v2")
    )
    found = conventions.of(parse_text(text))
    assert found.arxiv_form == ArxivForm(kind="abs", versioned=True)
    # The unversioned /abs/ link fits: its version cannot be invented.
    assert found.arxiv_url_fits(_url("https://arxiv.org/abs/2405.09818"))
    (finding,) = _arxiv_url(lint(text))
    assert finding.span.line == 4 and finding.fix is not None
    fixed, _ = apply(text, [finding.fix])
    assert "(https://arxiv.org/abs/2506.18871v2)" in fixed


def test_few_or_mixed_arxiv_links_have_no_form() -> None:
    few = "\n".join(PDF_LIST.splitlines()[:4]) + "\n"
    assert conventions.of(parse_text(few)).arxiv_form is None
    mixed = PDF_LIST.replace("/pdf/2410.13848", "/abs/2410.13848").replace(
        "https://arxiv.org/pdf/2501.00289", "http://arxiv.org/pdf/2501.00289"
    )
    found = conventions.of(parse_text(mixed))
    assert found.arxiv_form is None
    assert found.expected_arxiv_form == conventions.CANONICAL


def test_the_list_form_counts_host_scheme_and_suffix() -> None:
    text = PDF_LIST.replace("https://arxiv.org/pdf/", "http://www.arxiv.org/pdf/")
    text = text.replace("/pdf/2410.13848)", "/pdf/2410.13848.pdf)")  # 3 of 5 still share one
    found = conventions.of(parse_text(text))
    assert found.arxiv_form == ArxivForm("www.arxiv.org", "http", "pdf", False, False)
    aid = arxiv_ids.parse_id("2405.09818")
    assert aid is not None
    assert found.arxiv_url_for(aid) == "http://www.arxiv.org/pdf/2405.09818"
    suffixed = ArxivForm(kind="pdf", pdf_suffix=True)
    assert suffixed.url_for(aid) == "https://arxiv.org/pdf/2405.09818.pdf"


@pytest.mark.parametrize(
    "url",
    [
        "http://www.arxiv.org/pdf/2410.13848v2.pdf",
        "https://arxiv.org/abs/2410.13848/",
        "https://arxiv.org/html/2410.13848v1",
        "https://export.arxiv.org/abs/2410.13848#x",
    ],
)
def test_differences_from_the_canonical_form_are_the_url_problems(url: str) -> None:
    parsed = _url(url)
    assert conventions.CANONICAL.differences(parsed) == parsed.problems()


def test_arxiv_url_form_config_key() -> None:
    names = frozenset({"arxiv-url"})
    assert parse_table({}, names, "here").arxiv_url_form == "list"
    assert parse_table({"arxiv-url-form": "pdf"}, names, "here").arxiv_url_form == "pdf"
    with pytest.raises(ConfigError, match="'arxiv-url-form' must be one of abs, pdf, list"):
        parse_table({"arxiv-url-form": "html"}, names, "here")


# -- dates, shape, badges, section order ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "style"),
    [
        (["Oct. 2024", "Jan. 2025", "May. 2025", "June 2025"], "abbr."),
        (["October 2024", "January 2025", "May 2025"], "full"),
        (["2024/10/17", "2025/01/02", "Jan. 2025"], "YYYY/MM/DD"),
        (["Oct. 2024", "October 2024", "2024/10"], None),
    ],
)
def test_date_style(written: list[str], style: str | None) -> None:
    text = "".join(
        f"- [P{n}: x](https://arxiv.org/abs/2401.0000{n}) ({date}, arXiv)\n"
        for n, date in enumerate(written, start=1)
    )
    assert conventions.of(parse_text(text)).date_style == style


SECTIONS = """\
# List

## Newest first

- [A: a](https://arxiv.org/abs/2506.18871) (Jun. 2025, arXiv)
- [B: b](https://arxiv.org/abs/2505.15809) (May. 2025, arXiv)
- [C: c](https://arxiv.org/abs/2505.15810) (May. 2025, arXiv)
- [D: d](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)

## Unsorted

- [E: e](https://arxiv.org/abs/2410.13849) (Oct. 2024, arXiv)
- [F: f](https://arxiv.org/abs/2501.00289) (Jan. 2025, arXiv)
- [G: g](https://arxiv.org/abs/2405.09818) (May. 2024, arXiv)

## Oldest first

- [H: h](https://arxiv.org/abs/2405.09819) (May. 2024, arXiv)
- [I: i](https://arxiv.org/abs/2501.00290)
- [J: j](https://arxiv.org/abs/2501.00291) (Jan. 2025, arXiv)
- [K: k](https://arxiv.org/abs/2506.18872) (Jun. 2025, arXiv)

## Too few dates

- [L: l](https://arxiv.org/abs/2506.18873) (Jun. 2025, arXiv)
- [M: m](https://arxiv.org/abs/2405.09820) (May. 2024, arXiv)
"""


def test_section_order() -> None:
    document = parse_text(SECTIONS)
    found = conventions.of(document)
    assert [(s.section.title, s.dated, s.order) for s in found.sections] == [
        ("Newest first", 4, "newest-first"),
        ("Unsorted", 3, "unsorted"),
        ("Oldest first", 3, "oldest-first"),
        ("Too few dates", 2, None),
    ]
    newest = found.order_of(document.sections[1])
    assert newest is not None and newest.is_sorted
    assert found.order_of(document.sections[0]) is None  # the title holds no entries


def test_one_month_throughout_tells_no_order() -> None:
    text = "".join(
        f"- [P{n}: x](https://arxiv.org/abs/2401.0000{n}) (Jan. 2024)\n" for n in (1, 2, 3)
    )
    (only,) = conventions.of(parse_text("## S\n" + text)).sections
    assert (only.dated, only.order) == (3, None)


SHAPES = """\
## Items

- [A: a](https://arxiv.org/abs/2506.18871) (Jun. 2025, arXiv) [![Star](https://img.shields.io/github/stars/o/a.svg)](https://github.com/o/a)
- [B: b](https://arxiv.org/abs/2505.15809) (May. 2025, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-2505.15809-b31b1b.svg)](https://arxiv.org/abs/2505.15809)
  [![Star](https://img.shields.io/github/stars/o/b.svg)](https://github.com/o/b)
- [C: c](https://arxiv.org/abs/2501.00289) (Jan. 2025, arXiv)

## Table

| Title | Date |
| --- | --- |
| [D: d](https://arxiv.org/abs/2410.13848) | Oct. 2024 |
| [E: e](https://arxiv.org/abs/2405.09818) | May. 2024 |
"""


def test_entry_shape_and_badges() -> None:
    found = conventions.of(parse_text(SHAPES))
    assert found.shape == EntryShape((("item", 3), ("row", 2)), one_line=4, multi_line=1)
    assert (found.shape.entries, found.shape.kind, found.shape.lines) == (5, "item", "one-line")
    assert found.badges == Badges(entries=5, with_arxiv=1, with_stars=2)
    assert (found.badges.arxiv_share, found.badges.star_share) == (0.2, 0.4)
    assert found.badges.usual == frozenset()


def test_no_shape_is_dominant_on_a_tie() -> None:
    text = SHAPES.replace("- [C: c](https://arxiv.org/abs/2501.00289) (Jan. 2025, arXiv)\n", "")
    shape = conventions.of(parse_text(text)).shape
    assert shape.kinds == (("item", 2), ("row", 2))
    assert shape.kind is None


def test_conventions_are_computed_once_per_document() -> None:
    document = parse_text(PDF_LIST)
    first = conventions.of(document)
    document.entries.clear()  # what ``of`` saw is kept: the document is not read again
    assert conventions.of(document) is first
    assert conventions.compute(document).shape.entries == 0
