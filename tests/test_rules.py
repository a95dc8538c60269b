"""Every rule: its documented examples, then the cases its docstring does not show."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from awesome_lint.config import Config
from awesome_lint.findings import Finding, Severity
from awesome_lint.fix import apply
from awesome_lint.rules import registry

Lint = Callable[..., list[Finding]]


def _examples(doc: str, heading: str) -> list[str]:
    """The ```markdown blocks that follow a 'Fails'/'Passes' paragraph of a rule's docstring."""
    out = []
    for match in re.finditer(rf"^{heading}[^\n]*:\n```markdown\n(.*?)```", doc, re.M | re.S):
        out.append(match.group(1))
    return out


RULES = [(m.NAME, m.__doc__ or "") for m in registry.modules()]


@pytest.mark.parametrize(("name", "doc"), RULES, ids=[n for n, _ in RULES])
def test_documented_examples(name: str, doc: str, lint: Lint) -> None:
    fails, passes = _examples(doc, "Fails"), _examples(doc, "Passes")
    assert fails and passes, f"{name}: the docstring needs a Fails and a Passes example"
    meta = registry.meta(registry.by_name()[name])
    for example in fails:
        if meta.online:
            continue  # online rules are tested against the stand-ins
        found = [f for f in lint(example) if f.rule == name]
        assert found, f"{name}: the failing example gives no finding"
        if meta.fix == "safe":
            assert any(f.fix is not None for f in found), f"{name}: no fix on the failing example"
    for example in passes:
        assert not [f for f in lint(example) if f.rule == name], (
            f"{name}: the passing example fails"
        )


def _only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def test_arxiv_url_fix_is_canonical_and_exact(lint: Lint) -> None:
    text = "- [A: b](http://www.arxiv.org/pdf/2410.13848v2.pdf) (Oct. 2024, arXiv)\n"
    (finding,) = _only(lint(text), "arxiv-url")
    assert (finding.span.line, finding.span.column) == (1, 10)
    assert "http scheme" in finding.message and "version suffix v2" in finding.message
    assert finding.fix is not None
    fixed, count = apply(text, [finding.fix])
    assert fixed == "- [A: b](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n" and count == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://arxiv.org/abs/2413.00001", "month 13"),
        ("https://arxiv.org/abs/2410.1384", "5 digits"),
        ("https://arxiv.org/abs/1405.12345", "4 digits"),
        ("https://arxiv.org/abs/0612.0001", "April 2007"),
        ("https://arxiv.org/abs/2701.00001", "still to come"),
        ("https://arxiv.org/abs/hep-th/9901", "not an arXiv id"),
        (
            "https://arxiv.org/pdf/https://ieeexplore.ieee.org/document/8986691",
            "arXiv link 'https://arxiv.org/pdf/https://ieeexplore.ieee.org/document/8986691'"
            " names no arXiv id",
        ),
    ],
)
def test_arxiv_id_invalid(url: str, reason: str, lint: Lint) -> None:
    (finding,) = _only(lint(f"- [A: b]({url}) (Oct. 2024, arXiv)\n"), "arxiv-id-invalid")
    assert reason in finding.message


@pytest.mark.parametrize(
    "url",
    [
        "https://arxiv.org/abs/hep-th/9901001",
        "https://arxiv.org/abs/math.GT/0309136v2",
        "https://arxiv.org/abs/0704.0001",
        "https://arxiv.org/abs/2611.00001",
    ],
)
def test_arxiv_id_valid_ones_pass(url: str, lint: Lint) -> None:
    assert not _only(lint(f"- [A: b]({url})\n"), "arxiv-id-invalid")


def test_duplicate_entry_and_duplicate_id_do_not_both_fire(lint: Lint) -> None:
    same = "- [UniTok: A](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)\n"
    other = "- [PUMA: B](https://arxiv.org/pdf/2502.20321v1) (Feb. 2025, arXiv)\n"
    findings = lint("## One\n" + same + same + other)
    (dup,) = _only(findings, "duplicate-entry")
    assert dup.span.line == 3 and dup.related[0].span.line == 2
    (dup_id,) = _only(findings, "duplicate-arxiv-id")
    assert dup_id.span.line == 4 and "line 2" in dup_id.message


TWICE = (
    "## Video\n"
    "- [ACDC: Autoregressive Coherent Generation](https://arxiv.org/abs/2410.04721)"
    " (Oct. 2024, arXiv)\n"
    "- [DreamCinema: Cinematic Transfer](https://arxiv.org/abs/2410.04721) (Oct. 2024, arXiv)\n"
    "- [Other: Paper](https://arxiv.org/abs/2409.00001) (Sep. 2024, arXiv)\n"
    "- [DreamCinema: Cinematic Transfer](https://arxiv.org/abs/2408.12601) (Aug. 2024, arXiv)\n"
)


def test_a_title_listed_under_two_ids_holds_the_copied_one(lint: Lint) -> None:
    """DreamCinema is listed with its own id too: ACDC's id in its first copy is the copy."""
    (dup_id,) = _only(lint(TWICE), "duplicate-arxiv-id")
    assert dup_id.span.line == 3 and "listed with 2408.12601 too" in dup_id.message


def test_duplicate_entry_lands_on_the_copy_with_anothers_id(lint: Lint) -> None:
    (dup,) = _only(lint(TWICE), "duplicate-entry")
    assert dup.span.line == 3  # the first copy, which carries ACDC's id: not the right one
    assert "line 5" in dup.message and "'ACDC' (line 2)" in dup.message
    assert [r.span.line for r in dup.related] == [5, 2]
    # The same two copies with one id each that nobody else carries: the later is the copy.
    plain = TWICE.replace(
        "2410.04721) (Oct. 2024, arXiv)\n- [Dream", "2410.00009) (Oct. 2024, arXiv)\n- [Dream", 1
    )
    (later,) = _only(lint(plain), "duplicate-entry")
    assert later.span.line == 5 and later.related[0].span.line == 3


def test_two_named_rows_of_one_paper_are_not_one_row_twice(lint: Lint) -> None:
    paper = "[Accountable Textual-Visual Chat](https://arxiv.org/abs/2303.05983)"
    head = "| Name | Paper | Link |\n|:--|:--|:--|\n"
    rows = (
        f"| **CLEVR-ATVC** | {paper} | [Link](https://example.org/a) |\n"
        f"| **Fruit-ATVC** | {paper} | [Link](https://example.org/b) |\n"
    )
    assert not _only(lint(head + rows), "duplicate-entry")
    twice = rows.replace("Fruit-ATVC", "CLEVR-ATVC")
    (dup,) = _only(lint(head + twice), "duplicate-entry")
    assert dup.span.line == 4
    # A table whose first cell is the paper itself: two equal rows are one row twice.
    plain = f"| Paper | Link |\n|:--|:--|\n| {paper} | a |\n| {paper} | b |\n"
    (again,) = _only(lint(plain), "duplicate-entry")
    assert again.span.line == 4


def test_one_name_for_different_pages_is_no_duplicate(lint: Lint) -> None:
    text = (
        "- [Awesome Unified Multimodal Models](https://github.com/showlab/Awesome-UMM), NUS\n"
        "- [Awesome Unified Multimodal Models](https://github.com/Purshow/Awesome-UMM), PKU\n"
        "- [Awesome Unified Multimodal Models](https://github.com/AIDC-AI/Awesome-UMM),"
        " [Paper](https://arxiv.org/abs/2505.02567), Alibaba\n"
    )
    assert not _only(lint(text), "duplicate-entry")
    same_page = text.replace("Purshow", "showlab")
    (dup,) = _only(lint(same_page), "duplicate-entry")
    assert dup.span.line == 2


def test_cross_listing_is_silent_unless_configured(lint: Lint) -> None:
    same = "- [UniTok: A Unified Tokenizer](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)\n"
    variant = "- [A Unified Tokenizer](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)\n"
    text = "## One\n" + same + "## Two\n" + variant
    assert not _only(lint(text), "duplicate-entry")
    assert not _only(lint(text), "duplicate-arxiv-id")  # a variant title: the same paper
    (dup,) = _only(lint(text, config=Config(report_cross_listed=True)), "duplicate-entry")
    assert dup.span.line == 4 and "under 'One'" in dup.message


def test_a_model_listed_by_its_sizes_is_its_papers(lint: Lint) -> None:
    """A list of released models links `Name-7B` to the paper that introduced `Name:`; a date
    the id rules out is then the finding, not a shared id."""
    text = (
        "## Papers\n"
        "- [DeepSeek-V2: A Strong, Economical, and Efficient Model]"
        "(https://arxiv.org/abs/2405.04434) (Jan. 2024, arXiv)\n"
        "- [OPT: Open Pre-trained Transformer Language Models]"
        "(https://arxiv.org/abs/2205.01068) (May. 2022, arXiv)\n"
        "## Models\n"
        "- [DeepSeek-v2-236B-MoE](https://arxiv.org/abs/2405.04434)\n"
        "- [OPT-1.3|6.7|13|30|66B](https://arxiv.org/abs/2205.01068)\n"
    )
    findings = lint(text)
    assert not _only(findings, "duplicate-arxiv-id")
    (date,) = _only(findings, "date-arxiv-id")
    assert date.span.line == 2
    # Another paper's name with sizes is still another paper.
    other = text.replace("[OPT-1.3|6.7|13|30|66B]", "[Llama-7|13|70B]")
    (dup,) = _only(lint(other), "duplicate-arxiv-id")
    assert {dup.span.line, dup.related[0].span.line} == {3, 6}
    # A name that only starts the same way (`JanusFlow` after `Janus:`) is not its model.
    janus = text.replace("[OPT-1.3|6.7|13|30|66B]", "[OPTFlow-1.3B]")
    assert _only(lint(janus), "duplicate-arxiv-id")


def test_a_paper_listed_by_its_name_and_by_what_it_does_is_one(lint: Lint) -> None:
    text = (
        "- **Factuality Detection in LLMs** - proposes a tool called **FacTool** to detect"
        " factual errors [Paper](https://arxiv.org/abs/2307.13528)\n"
        "- **FacTool** - a framework for factuality detection [Paper](https://arxiv.org/abs/2307.13528)\n"
    )
    assert not _only(lint(text), "duplicate-arxiv-id")
    unnamed = text.replace("called **FacTool**", "called **Checker**")
    assert _only(lint(unnamed), "duplicate-arxiv-id")


def test_one_id_one_first_author_is_one_paper_under_two_titles(lint: Lint) -> None:
    """An arXiv daily prints each version's title: a paper renamed between versions."""
    head = "|Publish Date|Title|Authors|PDF|Code|\n|---|---|---|---|---|\n"
    rows = (
        "|**2025-07-23**|**WAKENLLM: Evaluating Reasoning Potential in LLMs**|Zipeng Ling et.al."
        "|[2507.16199](http://arxiv.org/abs/2507.16199)|null|\n"
        "|**2025-07-22**|**WakenLLM: A Fine-Grained Benchmark for LLM Reasoning**|Zipeng Ling et.al."
        "|[2507.16199](http://arxiv.org/abs/2507.16199)|null|\n"
    )
    assert not _only(lint(head + rows), "duplicate-arxiv-id")
    copied = rows.replace("Zipeng Ling et.al.|[2507", "Xu Chu et.al.|[2507", 1)
    assert _only(lint(head + copied), "duplicate-arxiv-id")


def test_accents_do_not_make_another_title(lint: Lint) -> None:
    text = (
        "## Video\n- [Fréchet Video Motion Distance: A Metric](https://arxiv.org/abs/2404.12391)\n"
        "## Metrics\n- [Frechet Video Motion Distance: A Metric](https://arxiv.org/abs/2404.12391)\n"
    )
    assert not _only(lint(text), "duplicate-arxiv-id")


def test_shared_id_blames_the_entry_whose_links_disagree(lint: Lint) -> None:
    # The earlier entry's badge names another id: its title link is the copy, whichever
    # comes first.
    text = (
        "- [Alpha: One](https://arxiv.org/abs/2502.00001) (Feb. 2025, arXiv)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-red)](https://arxiv.org/abs/2502.00009)\n"
        "- [Beta: Two](https://arxiv.org/abs/2502.00001) (Feb. 2025, arXiv)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-red)](https://arxiv.org/abs/2502.00001)\n"
    )
    findings = lint(text)
    (dup_id,) = _only(findings, "duplicate-arxiv-id")
    assert dup_id.span.line == 1 and dup_id.related[0].span.line == 3
    assert "badge" in dup_id.message
    (badge,) = _only(findings, "arxiv-badge-mismatch")
    assert badge.span.line == 1  # the title link is the copy, not the badge
    assert badge.fix is not None and badge.fix.applicability.value == "unsafe"
    fixed, _ = apply(text, [badge.fix])
    assert fixed.splitlines()[0].startswith("- [Alpha: One](https://arxiv.org/abs/2502.00009)")


def test_badge_mismatch_without_evidence_names_both_and_fixes_nothing(lint: Lint) -> None:
    text = (
        "- [Alpha: One](https://arxiv.org/abs/2502.00001) (Feb. 2025, arXiv)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-red)](https://arxiv.org/abs/2502.00009)\n"
    )
    (badge,) = _only(lint(text), "arxiv-badge-mismatch")
    assert badge.span.line == 2 and badge.related[0].span.line == 1
    assert badge.fix is None and "one of the two" in badge.message


@pytest.mark.parametrize(
    ("first", "later", "expected"),
    [
        ("Janus", "JanusFlow", False),
        ("Emu", "Emu2", False),
        ("Show-o", "Show-o2", False),
        ("LaVIT", "Video-LaVIT", False),
        ("UniTok", "UniToken", True),
        ("SEED", "Planting a SEED of Vision in Large Language Model", False),
        ("Chameleon", "Anole", True),
    ],
)
def test_duplicate_repo_families(first: str, later: str, expected: bool, lint: Lint) -> None:
    repo = f"https://github.com/o/{first}"
    text = (
        f"- [{first}: x](https://arxiv.org/abs/2401.00001) [Code]({repo})\n"
        f"- [{later}: y](https://arxiv.org/abs/2401.00002) [Code]({repo})\n"
    )
    found = _only(lint(text), "duplicate-repo")
    assert bool(found) is expected
    if expected:
        assert found[0].span.line == 2 and found[0].related[0].span.line == 1


def test_duplicate_repo_allow_list(lint: Lint) -> None:
    text = (
        "- [UniTok: x](https://arxiv.org/abs/2401.00001) [Code](https://github.com/o/UniTok)\n"
        "- [UniToken: y](https://arxiv.org/abs/2401.00002) [Code](https://github.com/o/UniTok)\n"
    )
    config = Config(allow_shared_repos=frozenset({"o/unitok"}))
    assert not _only(lint(text, config=config), "duplicate-repo")


def test_badge_url_fix_keeps_suffix_and_query(lint: Lint) -> None:
    text = "- [Harmon: x](https://arxiv.org/abs/2503.21979)\n  [![Star](https://github.com/wusize/Harmon.svg?style=social&label=Star)](https://github.com/wusize/Harmon)\n"
    (finding,) = _only(lint(text), "badge-url")
    assert finding.fix is not None
    fixed, _ = apply(text, [finding.fix])
    assert (
        "(https://img.shields.io/github/stars/wusize/Harmon.svg?style=social&label=Star)" in fixed
    )


def test_badge_repo_mismatch_in_a_star_badge_link(lint: Lint) -> None:
    text = "- [X: y](https://arxiv.org/abs/2401.00001) [![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/c/d)\n"
    (finding,) = _only(lint(text), "badge-repo-mismatch")
    assert "shows a/b" in finding.message and "links c/d" in finding.message
    same_case = text.replace("c/d", "A/B")
    assert not _only(lint(same_case), "badge-repo-mismatch")


@pytest.mark.parametrize(
    ("date", "arxiv", "wrong"),
    [
        ("Nov. 2024", "2410.13848", True),
        ("Oct. 2024", "2410.13848", False),
        ("Sep. 2024", "2410.13848", False),  # submitted on the last days of September
        ("Aug. 2024", "2410.13848", True),
        ("Dec. 2024", "2501.00289", False),
        ("2024", "2501.00289", False),
        ("2023", "2501.00289", True),
        ("2025/01/02", "2501.00289", False),
        ("Jan. 1999", "hep-th/9901001", False),
    ],
)
def test_date_arxiv_id(date: str, arxiv: str, wrong: bool, lint: Lint) -> None:
    found = _only(
        lint(f"- [A: b](https://arxiv.org/abs/{arxiv}) ({date}, arXiv)\n"), "date-arxiv-id"
    )
    assert bool(found) is wrong


def test_date_format_follows_the_lists_own_style(lint: Lint) -> None:
    full = "".join(
        f"- [P{i}: x](https://arxiv.org/abs/2501.0000{i}) ({m} 2025, arXiv)\n"
        for i, m in enumerate(["January", "June", "July", "Jan."], start=1)
    )
    (finding,) = _only(lint(full), "date-format")
    assert finding.span.line == 4 and finding.fix is not None
    assert finding.fix.edits[0].replacement == "January 2025"


def _dated(months: list[str]) -> str:
    return "".join(
        f"- [P{i}: x](https://arxiv.org/abs/2505.{i:05d}) ({m}, 2025, arXiv)\n"
        for i, m in enumerate(months, start=1)
    )


def test_date_format_keeps_may_as_the_list_writes_it(lint: Lint) -> None:
    """`May` is a whole word: a `Mar.,` list that mostly writes `May,` means it so."""
    plain = _dated(["Mar.", "Apr.", "Jun.", "Jul.", "May", "May", "May."])
    assert not _only(lint(plain), "date-format")
    # A list that writes `May.` more often asks for its full stop (this project's own list).
    dotted = _dated(["Mar.", "Apr.", "Jun.", "May.", "May.", "May"])
    (finding,) = _only(lint(dotted), "date-format")
    assert finding.span.line == 6 and finding.fix is not None
    assert finding.fix.edits[0].replacement == "May., 2025"
    # Only May: `Jun,` in the same list is still another style.
    other = _dated(["Mar.", "Apr.", "Jul.", "Aug.", "Sep.", "May", "May", "Jun"])
    (june,) = _only(lint(other), "date-format")
    assert june.span.line == 8


def test_date_format_does_not_set_a_month_the_id_rules_out(lint: Lint) -> None:
    """`2022-1` beside a `2211.` id is `2022-11` cut short: `2022-01` would be a wrong date."""
    text = "".join(
        f"- [P{i}: x](https://arxiv.org/abs/{ident}) [{d}]\n"
        for i, (ident, d) in enumerate(
            [
                ("2201.00001", "2022-01"),
                ("2202.00002", "2022-02"),
                ("2203.00003", "2022-03"),
                ("2211.03622", "2022-1"),
                ("2201.00005", "2022-1"),
            ],
            start=1,
        )
    )
    cut, typo = _only(lint(text), "date-format")
    assert cut.span.line == 4 and cut.fix is None and "rules out" in cut.message
    assert typo.span.line == 5 and typo.fix is not None  # January, as its id says
    assert typo.fix.edits[0].replacement == "2022-01"
    assert [f.span.line for f in _only(lint(text), "date-arxiv-id")] == [4]


@pytest.mark.parametrize(
    "venue",
    [
        "IEEE Transactions on Emerging Topics in Computational Intelligence",
        "IEEE Robotics and Automation Letters",
        "Conference on robot learning.",
        "Journal of Machine Learning Research",
    ],
)
def test_a_year_after_a_venue_written_in_full_is_the_venues(venue: str, lint: Lint) -> None:
    """A journal's year is not an arXiv date; `ArXiv, 2020` still is."""
    line = f"* **A survey of embodied ai**, {venue}, 2022 [[paper](https://arxiv.org/abs/2103.04918)]\n"
    assert not _only(lint(line), "date-arxiv-id")
    preprint = line.replace(venue, "ArXiv")
    (found,) = _only(lint(preprint), "date-arxiv-id")
    assert "listed '2022'" in found.message


def test_arxiv_short_dates_are_checked_and_kept_in_the_lists_form(lint: Lint) -> None:
    text = "".join(
        f"- **Model{i}**: Learning World Models Number {i}. **`arXiv {d}`**"
        f" [[Paper](https://arxiv.org/abs/{ident})]\n"
        for i, (d, ident) in enumerate(
            [
                ("25.7", "2507.00001"),
                ("25.8", "2508.00002"),
                ("25.9", "2509.00003"),
                ("25.09", "2509.00004"),
                ("23.9", "2311.13549"),
            ],
            start=1,
        )
    )
    findings = lint(text)
    (padded,) = _only(findings, "date-format")
    assert padded.span.line == 4 and padded.fix is not None
    assert padded.fix.edits[0].replacement == "arXiv 25.9"
    (late,) = _only(findings, "date-arxiv-id")
    assert late.span.line == 5 and "listed 'arXiv 23.9'" in late.message


def test_date_format_has_no_fix_that_invents_a_day(lint: Lint) -> None:
    text = "".join(
        f"- [P{i}: x](https://arxiv.org/abs/2501.0000{i}) ({d}, arXiv)\n"
        for i, d in enumerate(["2025/01/02", "2025/01/03", "2025/01/04", "Jan. 2025"], start=1)
    )
    (finding,) = _only(lint(text), "date-format")
    assert finding.fix is None


def test_title_whitespace_leaves_no_break_spaces(lint: Lint) -> None:
    text = "- [Segment\u00a0Anything for Video: A Review](https://arxiv.org/abs/2507.22792)\n"
    assert not _only(lint(text), "title-whitespace")
    doubled = text.replace("for Video", "for  Video")
    (found,) = _only(lint(doubled), "title-whitespace")
    assert found.fix is not None and "\u00a0" in found.fix.edits[0].replacement


def test_title_whitespace(lint: Lint) -> None:
    text = "- [ A:  b ](https://arxiv.org/abs/2401.00001)\n"
    (finding,) = _only(lint(text), "title-whitespace")
    assert "leading and trailing" in finding.message and "doubled" in finding.message
    assert apply(text, [finding.fix])[0] == "- [A: b](https://arxiv.org/abs/2401.00001)\n"  # type: ignore[list-item]


def test_mojibake_repairs_and_leaves_real_accents(lint: Lint) -> None:
    text = "- [CafÃ© ðŸ“Š: x](https://arxiv.org/abs/2401.00001) by Zoë Müller\n"
    found = _only(lint(text), "mojibake")
    assert [f.fix.edits[0].replacement for f in found if f.fix] == ["é", "📊"]


def test_broken_relative_link_resolves_against_the_file(tmp_path, lint: Lint) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "here.png").write_bytes(b"png")
    text = "![a](assets/here.png) ![b](assets/gone.png) [c](#anchor) [d](https://x.org/y.png)\n"
    found = _only(lint(text), "broken-relative-link")
    assert [f.span.column for f in found] == [text.index("assets/gone.png") + 1]


def test_list_indent_fix_moves_aligned_lines_only(lint: Lint) -> None:
    text = (
        "  + [UniToken: H](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)\n\n"
        "    + [TokenFlow: U](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2412.03069)\n"
    )
    (finding,) = _only(lint(text), "list-indent")
    assert (finding.span.line, finding.span.column) == (3, 5)
    fixed, _ = apply(text, [finding.fix])  # type: ignore[list-item]
    assert fixed.splitlines()[2].startswith("  + [TokenFlow")
    assert fixed.splitlines()[3].startswith("  [![arXiv]")
    assert not _only(lint(fixed), "list-indent")


def test_list_indent_leaves_items_nested_on_purpose(lint: Lint) -> None:
    """A table of contents, and papers under a group's name, nest on purpose."""
    toc = (
        " * [1. Transparent Models](https://github.com/o/r/tree/master/transparent)\n"
        " * [2. Post-Explanation](https://github.com/o/r)\n"
        "   * [2.1 Model Explanation](https://github.com/o/r/tree/master/model)\n"
        "        * [2.1.1 Saliency](https://github.com/o/r/tree/master/saliency)\n"
    )
    assert not _only(lint(toc), "list-indent")
    grouped = (
        "- **Tokenizers**\n"
        "    - [UniTok: A](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)\n"
        "    - [TokenFlow: B](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)\n"
    )
    assert not _only(lint(grouped), "list-indent")
    # A paper under a paper is still reported, wherever the list is.
    paper_under_paper = grouped.replace("    - [TokenFlow", "        - [TokenFlow")
    (finding,) = _only(lint(paper_under_paper), "list-indent")
    assert finding.span.line == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("- [A: b]() (Oct. 2024)\n", "empty target"),
        ("- [A: b](hhttps://arxiv.org/abs/2410.13848)\n", "mistyped scheme"),
        ("- [A: b](\\https://arxiv.org/abs/2410.13848)\n", "backslash"),
        ("- [A: b](https:/arxiv.org/abs/2410.13848)\n", "lacks the '//'"),
        ("- [A: b](www.arxiv.org/abs/2410.13848)\n", "no scheme"),
        ("- [A: b](https://arxiv.org/abs/2410.13848 (Oct. 2024, arXiv)\n", "not closed"),
        (
            "- [A: b](https://arxiv.org/abs/2410.13848) [[Code](https://github.com/o/r)\n",
            "stray character",
        ),
    ],
)
def test_malformed_link(line: str, message: str, lint: Lint) -> None:
    found = _only(lint(line), "malformed-link")
    assert found and message in found[0].message


@pytest.mark.parametrize("label", ["Coming soon", "Comins Soon", "Code (TBA)", "TBD", "WIP"])
def test_a_placeholder_link_is_kept_on_purpose(label: str, lint: Lint) -> None:
    line = f"| [A: b](https://arxiv.org/abs/2410.13848) | [{label}]() |\n"
    assert not _only(lint("| Paper | Code |\n| --- | --- |\n" + line), "malformed-link")


def test_an_empty_link_that_is_no_placeholder_is_reported(lint: Lint) -> None:
    for label in ("Code", "Soonish Model", "Project"):
        found = _only(
            lint(f"- [A: b](https://arxiv.org/abs/2410.13848) [{label}]()\n"), "malformed-link"
        )
        assert found and "empty target" in found[0].message, label


def test_a_link_target_with_a_space_is_named_as_such(lint: Lint) -> None:
    line = (
        "- [Pointnet: Deep](https://arxiv.org/abs/1612.00593) [[page](Pointnet: Deep learning)]\n"
    )
    (found,) = _only(lint(line), "malformed-link")
    assert "'Pointnet: Deep learning' holds a space" in found.message
    toc = "- [Security & Discussion](#security & discussion)\n"
    (anchor,) = _only(lint(toc), "malformed-link")
    assert "'#security & discussion' holds a space" in anchor.message


def test_a_file_url_is_named_as_the_cause(lint: Lint) -> None:
    line = "- [A: b](https://arxiv.org/abs/2410.13848) [[paper](file:///C:/Users/p1/poster.pdf)]\n"
    (found,) = _only(lint(line), "malformed-link")
    assert "'file:///C:/Users/p1/poster.pdf' is one markdown does not link" in found.message


def test_a_broken_link_is_reported_once_not_again_as_a_stray_bracket(lint: Lint) -> None:
    line = "- [A: b](https://arxiv.org/abs/2410.13848) [[code](https://d.org/1 (DOI: 10.1/x)]\n"
    (found,) = _only(lint(line), "malformed-link")
    assert found.severity is Severity.ERROR and "'](' starts no link" in found.message


def test_an_html_badge_that_links_nowhere_is_left_alone(lint: Lint) -> None:
    badge = '<a href=""> <img src="https://img.shields.io/github/stars/o/r?style=flat"></a>\n'
    assert not _only(lint(badge), "malformed-link")
    text = '- [A: b](https://arxiv.org/abs/2410.13848) <a href="">Code</a>\n'
    assert _only(lint(text), "malformed-link")


def test_a_stray_bracket_is_a_warning_and_a_broken_link_an_error(lint: Lint) -> None:
    stray = "- [A: b](https://arxiv.org/abs/2410.13848) [[Code](https://github.com/o/r)\n"
    (finding,) = _only(lint(stray), "malformed-link")
    assert finding.severity is Severity.WARNING
    broken = (
        "- [Alpha Paper: Beta(https://arxiv.org/abs/2410.13848) [Code](https://github.com/o/r)\n"
    )
    assert {f.severity for f in _only(lint(broken), "malformed-link")} == {Severity.ERROR}


def test_merge_conflict_markers_but_not_setext_headings(lint: Lint) -> None:
    assert not _only(
        lint("Title\n=======\n\n- [A: b](https://arxiv.org/abs/2410.13848)\n"), "malformed-link"
    )
    conflict = "<<<<<<< HEAD\n- [A: b](https://arxiv.org/abs/2410.13848)\n=======\n>>>>>>> branch\n"
    assert len(_only(lint(conflict), "malformed-link")) == 3


def _facts_with_readmes(readmes: dict[str, str]):  # type: ignore[no-untyped-def]
    from awesome_lint.facts import Facts, FactStatus, RepoFact

    return Facts(
        repos={
            name.lower(): RepoFact(name, FactStatus.FOUND, canonical=name, readme=text)
            for name, text in readmes.items()
        }
    )


def _check(rule: str, text: str, facts):  # type: ignore[no-untyped-def]
    from awesome_lint.rules.base import Context
    from conftest import parse_text

    module = registry.by_name()[rule]
    return list(module.check(parse_text(text), Context(facts, module.SEVERITY, {})))


SHARED = (
    "- [UniTok: x](https://arxiv.org/abs/2502.20321) [Code](https://github.com/o/UniTok)\n"
    "- [UniToken: y](https://arxiv.org/abs/2504.04423) [Code](https://github.com/o/UniTok)\n"
)


def test_duplicate_repo_is_settled_by_a_readme_citing_both_papers() -> None:
    citing = _facts_with_readmes({"o/UniTok": "2502.20321 and arxiv.org/abs/2504.04423"})
    assert _check("duplicate-repo", SHARED, citing) == []
    other = _facts_with_readmes({"o/UniTok": "only 2502.20321"})
    assert len(_check("duplicate-repo", SHARED, other)) == 1


def _far_apart(between: int) -> str:
    fillers = "".join(
        f"- [Filler{k}: z](https://arxiv.org/abs/2401.{k + 10:05d})\n" for k in range(between)
    )
    return (
        "- [UniTok: x](https://arxiv.org/abs/2502.20321) [Code](https://github.com/o/UniTok)\n"
        + fillers
        + "- [UniToken: y](https://arxiv.org/abs/2504.04423) [Code](https://github.com/o/UniTok)\n"
    )


def test_duplicate_repo_judges_names_between_neighbours_only(lint: Lint) -> None:
    """A copy is made from a neighbour; a lab's papers far apart may share its repository
    (MiniGPT-4 and MiniGPT-v2), which names cannot tell from a copy."""
    (near,) = _only(lint(_far_apart(2)), "duplicate-repo")
    assert near.span.line == 4
    assert not _only(lint(_far_apart(6)), "duplicate-repo")
    in_two_sections = "## A\n" + SHARED.replace("\n- [UniToken", "\n## B\n- [UniToken")
    assert not _only(lint(in_two_sections), "duplicate-repo")


def test_duplicate_repo_far_apart_is_settled_by_the_readme() -> None:
    text = _far_apart(6)
    one = _facts_with_readmes({"o/UniTok": "only 2502.20321"})
    (finding,) = _check("duplicate-repo", text, one)
    assert finding.span.line == 8
    assert _check("duplicate-repo", text, _facts_with_readmes({})) == []


def test_duplicate_repo_ignores_links_into_a_repository(lint: Lint) -> None:
    """A file, a monorepo folder or an issue of a repository is cited, not claimed."""
    text = (
        "- [UniTok: x](https://arxiv.org/abs/2502.20321) [Code](https://github.com/o/UniTok)\n"
        "- [UniToken: y](https://arxiv.org/abs/2504.04423)"
        " [Notes](https://github.com/o/UniTok/blob/main/MATH.md)\n"
        "- [UniTex: z](https://arxiv.org/abs/2504.04424)"
        " [Code](https://github.com/o/UniTok/tree/main/unitex)\n"
        "- [UniTap: w](https://arxiv.org/abs/2504.04425)"
        " [Talk](https://github.com/o/UniTok/issues/47#issuecomment-1)\n"
    )
    assert not _only(lint(text), "duplicate-repo")
    branch = text.replace("/blob/main/MATH.md", "/tree/main")
    (finding,) = _only(lint(branch), "duplicate-repo")
    assert finding.span.line == 2


def test_badge_repo_mismatch_says_which_side_is_right() -> None:
    text = (
        "- [UniToken: y](https://arxiv.org/abs/2504.04423)"
        " ![stars](https://img.shields.io/github/stars/FoundationVision/UniTok?style=social)"
        " [Github](https://github.com/SxJyJay/UniToken)\n"
    )
    facts = _facts_with_readmes(
        {"SxJyJay/UniToken": "arxiv.org/abs/2504.04423", "FoundationVision/UniTok": "2502.20321"}
    )
    (finding,) = _check("badge-repo-mismatch", text, facts)
    assert "SxJyJay/UniToken cites the paper, so the badge is wrong" in finding.message
    (plain,) = _check("badge-repo-mismatch", text, _facts_with_readmes({}))
    assert "cites" not in plain.message


def test_an_arxiv_doi_is_the_papers_id(lint: Lint) -> None:
    # `[2023/07]` for a paper whose id (in arXiv's DOI) is of May 2023.
    text = (
        "- [2023/07] **Voyager: An Open-Ended Embodied Agent with Large Language Models**"
        " [[paper](https://doi.org/10.48550/arXiv.2305.16291)]\n"
    )
    (finding,) = _only(lint(text), "date-arxiv-id")
    assert "2305.16291" in finding.message
    assert not _only(lint(text), "arxiv-url")  # a DOI is a stable form of its own


def test_new_text_rules_on_real_shapes(lint: Lint) -> None:
    text = (
        '* **SegGen**: "SegGen: Supercharging Segmentation Models", arXiv, 2023 (**).'
        " [[Paper](https://arxiv.org/abs/2311.03355)]\n"
        "* [*MindAgent: Emergent Gaming Interaction**](https://arxiv.org/abs/2309.09971)\n"
        '* [Diffusion Schr\\"odinger Bridge Matching](https://arxiv.org/abs/2303.16852)'
        " (Mar. 2023, arXiv)\n"
        "| Title | Date |\n| --- | --- |\n"
        "| [MA-LMM: Memory-Augmented Model](https://arxiv.org/abs/2404.05726) | 2023-0- |\n"
    )
    findings = lint(text)
    assert [f.span.line for f in _only(findings, "unbalanced-emphasis")] == [1, 2]
    (latex,) = _only(findings, "title-markup")
    assert latex.fix is not None and not latex.fix.is_safe
    fixed, _ = apply(text, [latex.fix])
    assert "[Diffusion Schrödinger Bridge Matching]" in fixed
    (invalid,) = _only(findings, "date-invalid")
    assert invalid.span.line == 6 and "2023-0-" in invalid.message
    # A full date and a year-only venue are no invalid dates.
    clean = (
        "| Title | Date |\n| --- | --- |\n| [A B C](https://arxiv.org/abs/2404.05726) | 2024-04 |\n"
    )
    assert not _only(lint(clean), "date-invalid")


def test_a_row_with_more_cells_than_its_header_loses_its_links(lint: Lint) -> None:
    text = (
        "| Title | Venue | Code |\n| --- | --- | --- |\n"
        "| [Alpha Paper: One](https://arxiv.org/abs/2401.00001) | CVPR 2024 | Extra |"
        " [Code](https://github.com/o/r) |\n"
    )
    (finding,) = _only(lint(text), "malformed-link")
    assert finding.span.line == 3 and "4 cells and its header 3" in finding.message


def test_a_bare_name_is_a_variant_of_its_titled_form() -> None:
    from awesome_lint import evidence

    full = "AgentGym: Evolving Large Language Model-based Agents across Diverse Environments"
    assert evidence.is_variant("AgentGym", full)
    assert evidence.is_variant(
        "Evolving Large Language Model-based Agents across Diverse Environments", full
    )
    assert not evidence.is_variant(
        "Janus", "JanusFlow: Harmonizing Autoregression and Rectified Flow"
    )
    assert not evidence.is_variant(
        "PUMA: Empowering Unified MLLM", "Janus: Decoupling Visual Encoding"
    )
