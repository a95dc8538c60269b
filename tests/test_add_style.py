"""`awesome-lint add` offline: where an entry goes, how it is written, which repository the
abstract names. The facts are given; the stand-in tests (test_add.py) look them up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from awesome_lint.add import history, place, style
from awesome_lint.add.paper import NewPaper, best_repository, repositories_named
from awesome_lint.facts import ArxivPaper
from conftest import git, lint_text, parse_text

PAPER = NewPaper("2410.13861", "PUMA: Empowering Unified MLLM", date(2024, 10, 17), None, None)


def _paper(summary: str, comment: str = "", title: str = "PUMA: A Title") -> ArxivPaper:
    day = date(2024, 10, 17)
    return ArxivPaper("2410.13861", 1, title, day, day, summary=summary, comment=comment)


def test_repositories_named_in_the_abstract_then_the_comments() -> None:
    paper = _paper(
        "Code: https://github.com/orgs/acme/people and github.com/Acme/Other.git. "
        "Models at https://github.com/acme/puma.",
        comment="Project: https://acme.github.io/puma; code https://github.com/acme/puma",
    )
    assert repositories_named(paper) == ["Acme/Other", "acme/puma"]
    # The repository named after the paper wins over the one named first.
    assert best_repository(paper, repositories_named(paper)) == "acme/puma"
    assert best_repository(_paper("no code"), repositories_named(_paper("no code"))) is None


def _sections(text: str) -> tuple[object, list[object]]:
    document = parse_text(text)
    (section,) = [s for s in document.sections if s.title == "Papers"]
    return document, place.section_entries(document, section)


UNSORTED = """# List

## Papers

- [A](https://arxiv.org/abs/2305.00001) (May 2023)
- [B](https://arxiv.org/abs/2301.00001) (Jan. 2023)
- [C](https://arxiv.org/abs/2303.00001) (Mar. 2023)
- [D](https://arxiv.org/abs/2302.00001) (Feb. 2023)
- [E](https://arxiv.org/abs/2409.00001) (Sep. 2024)
"""


def test_an_unsorted_section_takes_new_entries_where_its_newest_is() -> None:
    document = parse_text(UNSORTED)
    (section,) = [s for s in document.sections if s.title == "Papers"]
    where = place.place(document, section, date(2024, 10, 17))
    assert (where.index, where.how) == (5, "at the bottom")
    flipped = UNSORTED.replace("(May 2023)", "(May 2025)")  # the newest is now the first
    document = parse_text(flipped)
    (section,) = [s for s in document.sections if s.title == "Papers"]
    where = place.place(document, section, date(2020, 1, 1))
    assert (where.index, where.how) == (0, "at the top")


def test_a_sorted_section_puts_an_entry_after_those_of_its_month() -> None:
    text = UNSORTED.replace("(May 2023)", "(Jan. 2023)").replace("(Mar. 2023)", "(Feb. 2023)")
    document = parse_text(text)  # Jan., Jan., Feb., Feb., Sep.
    (section,) = [s for s in document.sections if s.title == "Papers"]
    where = place.place(document, section, date(2023, 1, 30))
    assert (where.index, where.how) == (2, "by date, oldest first")
    where = place.place(document, section, date(2023, 2, 1))
    assert (where.index, where.how) == (4, "by date, oldest first")


BOLD_VENUES = """# List

## Papers

- **[CVPR 2024]** [First Paper](https://arxiv.org/abs/2312.00001) [[Code](https://github.com/a/first)] [[Project](https://a.github.io/first)]
- **[ICLR 2024]** [Second Paper](https://arxiv.org/abs/2310.00002) [[Code](https://github.com/b/second)]
- **[arXiv]** [Third Paper](https://arxiv.org/abs/2309.00003)
"""


def _written(text: str, paper: NewPaper, venue: str | None = None) -> str:
    document = parse_text(text)
    (section,) = [s for s in document.sections if s.title == "Papers"]
    found = place.section_entries(document, section)
    written = style.write(document, found, 0, paper, venue)
    assert written is not None
    return written.text


def test_a_bold_venue_tag_and_bracketed_links_copied_without_the_neighbours_links() -> None:
    with_repo = NewPaper("2410.13861", "PUMA: A Title", date(2024, 10, 17), None, "acme/puma")
    # The nearest plain entry with a repository is the second: the first has a project page.
    assert _written(BOLD_VENUES, with_repo) == (
        "- **[arXiv]** [PUMA: A Title](https://arxiv.org/abs/2410.13861)"
        " [[Code](https://github.com/acme/puma)]"
    )
    assert _written(BOLD_VENUES, with_repo, "ICCV 2025").startswith("- **[ICCV 2025]** [PUMA")
    without = BOLD_VENUES.replace(" [[Code](https://github.com/b/second)]", " [Notes by B]")
    # Without a plain template, links of the neighbour go; with no repository, so does [[Code]].
    assert _written(without.replace("- **[arXiv]** [Third", "- **[arXiv]** Third"), PAPER) == (
        "- **[arXiv]** [PUMA: Empowering Unified MLLM](https://arxiv.org/abs/2410.13861)"
    )


def test_a_table_row_keeps_its_columns_and_empties_a_cell_about_the_neighbour() -> None:
    text = """# List

## Papers

| Title | Authors | Date | Code |
|---|---|---|---|
| [First Paper](https://arxiv.org/abs/2312.00001) | A. Author | 2023/12/04 | [link](https://github.com/a/first) |
"""
    assert _written(text, PAPER) == (
        "| [PUMA: Empowering Unified MLLM](https://arxiv.org/abs/2410.13861) | | 2024/10/17 | |"
    )


def test_a_star_badge_borrowed_from_the_list_when_the_section_shows_none(tmp_path: Path) -> None:
    text = """# List

## Other

- [Zero](https://arxiv.org/abs/2301.00009) [![Stars](https://img.shields.io/github/stars/z/zero?style=flat)](https://github.com/z/zero)

## Papers

- [First Paper](https://arxiv.org/abs/2312.00001) [![arXiv](https://img.shields.io/badge/arXiv-2312.00001-b31b1b.svg)](https://arxiv.org/abs/2312.00001)
"""
    paper = NewPaper("2410.13861", "PUMA", date(2024, 10, 17), None, "acme/puma")
    written = _written(text, paper)
    assert written == (
        "- [PUMA](https://arxiv.org/abs/2410.13861)"
        " [![arXiv](https://img.shields.io/badge/arXiv-2410.13861-b31b1b.svg)]"
        "(https://arxiv.org/abs/2410.13861)"
        " [![Stars](https://img.shields.io/github/stars/acme/puma?style=flat)]"
        "(https://github.com/acme/puma)"
    )
    result = text.replace("\n\n## Papers\n\n", f"\n\n## Papers\n\n{written}\n")
    assert [f.rule for f in lint_text(result, tmp_path) if f.span.line == 9] == []


def test_a_heading_repeated_under_topics_is_named_by_its_topic() -> None:
    text = "# L\n\n## Survey\n\n### 2024\n\n## Analysis\n\n### 2024\n\n### 2023\n"
    document = parse_text(text)
    assert place.find_section(document, "Analysis > 2024").line == 9
    assert place.find_section(document, "analysis>2023").line == 11
    try:
        place.find_section(document, "2024")
    except place.SectionError as error:
        assert str(error) == (
            "several headings read '2024': 'Survey > 2024' (line 5), 'Analysis > 2024' (line 9)"
        )
    else:
        raise AssertionError("an ambiguous heading was taken")


HISTORY = """# List

## Papers

- [A](https://arxiv.org/abs/2301.00001) (Jan. 2023)
- [B](https://arxiv.org/abs/2305.00001) (May 2023)
- [C](https://arxiv.org/abs/2302.00001) (Feb. 2023)
- [D](https://arxiv.org/abs/2409.00001) (Sep. 2024)
"""


def test_an_unsorted_section_takes_new_entries_where_git_says_they_went(tmp_path: Path) -> None:
    path = tmp_path / "list.md"
    git(tmp_path, "init", "-q")
    path.write_text(HISTORY, encoding="utf-8")
    git(tmp_path, "add", "list.md")
    git(tmp_path, "commit", "-qm", "the list")
    assert history.recently_added(str(path)) == [
        ["2301.00001", "2305.00001", "2302.00001", "2409.00001"]
    ]
    # Two papers added at the top, one commit each, though the newest paper is at the bottom.
    for ident, month in (("2303.00007", "Mar."), ("2304.00008", "Apr.")):
        text = path.read_text(encoding="utf-8")
        entry = f"- [New {ident}](https://arxiv.org/abs/{ident}) ({month} 2023)\n"
        path.write_text(text.replace("## Papers\n\n", "## Papers\n\n" + entry), encoding="utf-8")
        git(tmp_path, "commit", "-qam", f"add {ident}")
    recent = history.recently_added(str(path))
    assert recent[:2] == [["2304.00008"], ["2303.00007"]]
    document = parse_text(path.read_text(encoding="utf-8"))
    (section,) = document.sections[1:]
    where = place.place(document, section, date(2023, 6, 1), "2306.00001", recent)
    assert (where.index, where.how) == (0, "at the top, where its recent additions went")
    # Without the history (the first commit, an import, says nothing), the newest paper decides.
    where = place.place(document, section, date(2023, 6, 1), "2306.00001", recent[2:])
    assert (where.index, where.how) == (6, "at the bottom")
    assert history.recently_added(str(tmp_path.parent / "not-in-git.md")) == []


def test_a_paper_link_elsewhere_takes_the_arxiv_url_and_the_sections_shape_wins() -> None:
    text = """# List

## Papers

- A Study of Something <br> ICLR 2024 [[Paper]](https://openreview.net/pdf?id=abc)
- Another Study <br> Arxiv 2023 [[Paper]](https://arxiv.org/abs/2312.00678)
- A Third Study

  Arxiv 2023 [[Paper]](https://arxiv.org/abs/2312.00679)
"""
    # The multi-line entry is nearest to the top, but the section writes one line per entry.
    assert _written(text, PAPER) == (
        "- PUMA: Empowering Unified MLLM <br> Arxiv 2024 [[Paper]](https://arxiv.org/abs/2410.13861)"
    )
