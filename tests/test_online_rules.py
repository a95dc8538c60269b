"""Online rules against hand-built facts: the seed's real metadata, and small made-up cases.

No network: ``seed_facts()`` turns ``fixtures/seed-metadata.json`` into the ``Facts`` that the
sources would have gathered for the two verbatim lists, and the rules run on those.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any

import pytest

from awesome_lint import parser, titles
from awesome_lint.config import Config
from awesome_lint.document import Document
from awesome_lint.engine import Engine, Options
from awesome_lint.facts import (
    ArxivFact,
    ArxivPaper,
    Facts,
    FactStatus,
    LinkFact,
    RepoFact,
    Venue,
    VenueFact,
)
from awesome_lint.findings import Applicability, Finding, Severity
from awesome_lint.fix import apply
from awesome_lint.rules import registry
from awesome_lint.sources.semantic_scholar import fact_from_row
from awesome_lint.titles import Verdict
from conftest import FIXTURES, LISTS, TODAY, parse_text
from standins.semantic_scholar import SECONDARY, seed_rows

SEED: dict[str, Any] = json.loads((FIXTURES / "seed-metadata.json").read_text(encoding="utf-8"))
UNIFIED = "awesome-unified-understanding-and-generation.md"
POST = "awesome-umm-post-training.md"
ONLINE = [m.NAME for m in registry.modules() if registry.meta(m).online]
TITLE_RULES = ["arxiv-id-mismatch", "arxiv-title", "arxiv-title-outdated"]
PUMA_TITLE = "PUMA: Empowering Unified MLLM with Multi-granular Visual Generation"
UNITOKEN_ABSTRACT = (
    "We introduce UniToken, an auto-regressive generation model that encodes visual inputs"
    " through a combination of discrete and continuous representations. The code and models"
    " are available at https://github.com/SxJyJay/UniToken."
)


# -- facts from the seed ------------------------------------------------------------------


def _v1_date(submitted: str) -> date:
    """``2024-10-17`` as is; ``2024-10`` (month known only) as the 15th."""
    parts = [int(p) for p in submitted.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 15)


def seed_paper(arxiv_id: str) -> ArxivPaper:
    record = SEED["arxiv"][arxiv_id]
    published = _v1_date(record["submitted"])
    revised = "title_v1" in record  # a changed title means at least a second version
    return ArxivPaper(
        id=arxiv_id,
        version=2 if revised else 1,
        title=record["title"],
        published=published,
        updated=date(2026, 1, 5) if revised else published,
        authors=tuple(record.get("authors", ())),
        summary=UNITOKEN_ABSTRACT if arxiv_id == "2504.04423" else "",
    )


def _readme(hosted: list[str]) -> str:
    """A README that cites each hosted paper: an arXiv link and its title (or just a title)."""
    lines = []
    for item in hosted:
        if item in SEED["arxiv"]:
            lines.append(f"- [{SEED['arxiv'][item]['title']}](https://arxiv.org/abs/{item})")
        else:
            lines.append(f"- {item.split(' (')[0]}")
    return "# Code\n\n" + "\n".join(lines) + "\n"


def seed_repo(name: str, record: dict[str, Any]) -> RepoFact:
    exists = record["exists"]
    if exists is None:
        return RepoFact(name, FactStatus.UNVERIFIED, reason="not checked")
    if not exists:
        return RepoFact(name, FactStatus.MISSING, reason="GitHub: 404 Not Found")
    canonical = record["canonical"].split(" (")[0]
    return RepoFact(
        name, FactStatus.FOUND, canonical=canonical, readme=_readme(record["hosts_papers"])
    )


@cache
def _seed_facts() -> Facts:
    facts = Facts()
    for arxiv_id in SEED["arxiv"]:
        facts.arxiv[arxiv_id] = ArxivFact(arxiv_id, FactStatus.FOUND, seed_paper(arxiv_id))
    for name, record in SEED["github"].items():
        # "bytedance-seed/BAGEL" and "ByteDance-Seed/Bagel" share a key: keep the list's spelling.
        facts.repos.setdefault(name.lower(), seed_repo(name, record))
    for correction in SEED["corrections"]:
        if correction.get("kind") in ("renamed_owner", "canonical_spelling"):
            key = correction["listed"].lower()
            facts.repos[key] = replace(facts.repos[key], canonical=correction["correct"])
    facts.title_search[PUMA_TITLE] = (seed_paper("2410.13848"), seed_paper("2410.13861"))
    # Where the seed papers were published, as Semantic Scholar's stand-in answers, read by
    # the source's own row reader.
    for arxiv_id, row in seed_rows().items():
        facts.venues[arxiv_id] = fact_from_row(arxiv_id, row)
    return facts


def seed_facts() -> Facts:
    """A fresh copy, so that a test may add to it."""
    base = _seed_facts()
    return Facts(
        arxiv=dict(base.arxiv),
        title_search=dict(base.title_search),
        repos=dict(base.repos),
        links=dict(base.links),
        venues=dict(base.venues),
    )


# -- running rules ------------------------------------------------------------------------


def run(document: Document, facts: Facts, select: list[str] | None = None) -> list[Finding]:
    engine = Engine(Config(), Options(select=select or ONLINE, today=TODAY))
    return engine.check(document, facts)


@cache
def verbatim(name: str) -> Document:
    return parser.parse(name, (LISTS / name).read_text(encoding="utf-8"))


def lines(findings: list[Finding], rule: str) -> list[int]:
    return [f.span.line for f in findings if f.rule == rule]


def only(findings: list[Finding], rule: str) -> Finding:
    (found,) = [f for f in findings if f.rule == rule]
    return found


def fixed_text(text: str, finding: Finding) -> str:
    assert finding.fix is not None
    result, count = apply(text, [finding.fix])
    assert count == 1
    return result


@pytest.fixture(scope="module")
def unified() -> list[Finding]:
    return run(verbatim(UNIFIED), seed_facts())


@pytest.fixture(scope="module")
def post() -> list[Finding]:
    return run(verbatim(POST), seed_facts())


# -- the three title cases on all 63 seed records -----------------------------------------


def _id_line(document: Document, line: int) -> str:
    (entry,) = [e for e in document.entries if e.span.line == line]
    return document.text[entry.title_span.start : entry.title_span.end]


def test_title_rules_on_the_seed(unified: list[Finding], post: list[Finding]) -> None:
    assert lines(unified, "arxiv-id-mismatch") == [124]  # PUMA with Janus's id
    assert lines(unified, "arxiv-title") == [221, 243]  # Mmada, OmniGen2's "Generationn"
    # Liquid, LlamaFusion, MINT; then AIA (2511.22663) and UAE (2509.09666).
    assert lines(unified, "arxiv-title-outdated") == [68, 183, 197]
    assert lines(post, "arxiv-title-outdated") == [7, 19]
    assert not [f for f in post if f.rule in ("arxiv-id-mismatch", "arxiv-title")]
    # Never two title rules on one entry.
    for findings in (unified, post):
        title_lines = [f.span.line for f in findings if f.rule in TITLE_RULES]
        assert len(title_lines) == len(set(title_lines))


def test_every_seed_title_is_classified_as_expected() -> None:
    """The 63 listed titles against the latest arXiv title of the id they link."""
    expected = {
        "2410.13848@124": Verdict.OTHER,
        "2505.15809": Verdict.SPELLING,
        "2506.18871": Verdict.SPELLING,
        "2511.22663": Verdict.OUTDATED,
        "2509.09666": Verdict.OUTDATED,
        "2412.04332": Verdict.OUTDATED,
        "2412.15188": Verdict.OUTDATED,
        "2503.01298": Verdict.OUTDATED,
    }
    seen = 0
    for row in SEED["list_entries"]:
        key = row["listed_id"] if row["line"] != 124 else "2410.13848@124"
        got = titles.compare(row["listed_title"], seed_paper(row["listed_id"])).verdict
        assert got is expected.get(key, Verdict.SAME), (row["line"], row["listed_title"])
        seen += 1
    assert seen == 63


def test_no_two_seed_papers_pass_for_one() -> None:
    """Each listed title against every other paper's title: always another paper.

    The worst case for ``arxiv-title-outdated``: every paper taken as revised (version 2), so
    only the words can tell a revision from a wrong id. 63 × 62 pairs, none mistaken.
    """
    mistaken = []
    for row in SEED["list_entries"]:
        for arxiv_id, record in SEED["arxiv"].items():
            if arxiv_id == row["resolved_id"]:
                continue
            paper = replace(seed_paper(arxiv_id), version=2)
            verdict = titles.compare(row["listed_title"], paper).verdict
            if verdict is not Verdict.OTHER:
                mistaken.append((row["listed_title"], record["title"], verdict))
    assert mistaken == []


def test_only_puma_needs_a_title_search() -> None:
    """What the gatherer should search: only titles that are another paper's."""
    wanted = [
        row["line"]
        for row in SEED["list_entries"]
        if titles.needs_search(row["listed_title"], seed_paper(row["listed_id"]))
    ]
    assert wanted == [124]


def test_name_prefixes_and_typography_are_not_findings(unified: list[Finding]) -> None:
    title_lines = {f.span.line for f in unified if f.rule in TITLE_RULES}
    # LaVIT:, Emu2:, CoDi: added by the list; BLIP3-o's em dash; SynerGen-VL's spaces.
    assert not title_lines & {46, 146, 235, 251, 71}


def test_arxiv_id_mismatch_message_and_fix(unified: list[Finding]) -> None:
    finding = only([f for f in unified if f.span.line == 124], "arxiv-id-mismatch")
    assert finding.severity is Severity.ERROR
    assert "Janus: Decoupling Visual Encoding" in finding.message
    assert "2410.13861" in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    text = verbatim(UNIFIED).text
    after = fixed_text(text, finding).split("\n")
    assert after[123].startswith(f"  + [{PUMA_TITLE}](https://arxiv.org/abs/2410.13861) ")
    assert "(https://arxiv.org/abs/2410.13861)" in after[124]  # the badge
    assert after[73] == text.split("\n")[73]  # Janus keeps its id


def test_arxiv_id_mismatch_without_a_search_has_no_fix() -> None:
    facts = seed_facts()
    del facts.title_search[PUMA_TITLE]
    finding = only(run(verbatim(UNIFIED), facts, ["arxiv-id-mismatch"]), "arxiv-id-mismatch")
    assert finding.span.line == 124 and finding.fix is None


def test_arxiv_id_mismatch_needs_a_single_matching_search_result() -> None:
    facts = seed_facts()
    other = replace(seed_paper("2410.13861"), id="2410.99999")
    facts.title_search[PUMA_TITLE] = (*facts.title_search[PUMA_TITLE], other)
    finding = only(run(verbatim(UNIFIED), facts, ["arxiv-id-mismatch"]), "arxiv-id-mismatch")
    assert finding.fix is None  # two ids carry PUMA's title: no confident suggestion


def test_a_revised_papers_id_on_another_entry_is_still_a_mismatch() -> None:
    """PUMA vs Janus does not become "outdated" just because Janus had a second version."""
    facts = seed_facts()
    janus = replace(seed_paper("2410.13848"), version=3)
    facts.arxiv["2410.13848"] = ArxivFact("2410.13848", FactStatus.FOUND, janus)
    found = run(verbatim(UNIFIED), facts, TITLE_RULES)
    assert [f.rule for f in found if f.span.line in (74, 124)] == ["arxiv-id-mismatch"]
    assert only(found, "arxiv-id-mismatch").span.line == 124


def test_a_search_hit_under_another_id_overrules_outdated() -> None:
    """LlamaFusion's words look revised, but arXiv's search finds the title under another id."""
    facts = seed_facts()
    title = "LlamaFusion: Adapting Pretrained Language Models for Multimodal Generation"
    twin = replace(seed_paper("2412.15188"), id="2412.77777", title=title)
    facts.title_search[title] = (twin,)
    found = run(verbatim(UNIFIED), facts, TITLE_RULES)
    assert ("arxiv-id-mismatch", 183) in [(f.rule, f.span.line) for f in found]
    assert 183 not in lines(found, "arxiv-title-outdated")


@pytest.mark.parametrize(
    ("line", "replacement"),
    [
        (221, "MMaDA: Multimodal Large Diffusion Language Models"),
        (243, "OmniGen2: Exploration to Advanced Multimodal Generation"),
    ],
)
def test_arxiv_title_fix(unified: list[Finding], line: int, replacement: str) -> None:
    finding = only([f for f in unified if f.span.line == line], "arxiv-title")
    assert finding.severity is Severity.WARNING
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    after = fixed_text(verbatim(UNIFIED).text, finding).split("\n")
    assert after[line - 1].startswith(f"  + [{replacement}](https://")


@pytest.mark.parametrize(
    ("document", "line", "replacement"),
    [
        (POST, 7, "AIA: Rethinking Architecture Decoupling Strategy In Unified Multimodal Model"),
        (POST, 19, "Unified Multimodal Models as Auto-Encoders"),
        (UNIFIED, 68, "Liquid: Language Models are Scalable and Unified Multi-modal Generators"),
        (UNIFIED, 183, "LMFusion: Adapting Pretrained Language Models for Multimodal Generation"),
        # arXiv's new title has no name: the list's "MINT: " stays.
        (
            UNIFIED,
            197,
            "MINT: Towards Enhanced Image Generation Via Multi-modal Chain of Thought in"
            " Unified Generative Models",
        ),
    ],
)
def test_arxiv_title_outdated_fix(document: str, line: int, replacement: str) -> None:
    found = run(verbatim(document), seed_facts(), ["arxiv-title-outdated"])
    finding = only([f for f in found if f.span.line == line], "arxiv-title-outdated")
    assert finding.severity is Severity.INFO
    assert "version 2" in finding.message
    after = fixed_text(verbatim(document).text, finding).split("\n")
    assert re.match(rf"\s*\+ \[{re.escape(replacement)}\]\(https://", after[line - 1])


def test_a_list_prefix_is_kept_in_a_spelling_fix() -> None:
    text = "+ [CoDi: Any-to-any generation via composable diffusion](https://arxiv.org/abs/2305.11846)\n"
    finding = only(run(parse_text(text), seed_facts()), "arxiv-title")
    assert fixed_text(text, finding) == (
        "+ [CoDi: Any-to-Any Generation via Composable Diffusion](https://arxiv.org/abs/2305.11846)\n"
    )


def test_a_title_never_revised_but_reworded_is_arxiv_title() -> None:
    text = "+ [Emu3: Next-Token Prediction is What You Need](https://arxiv.org/abs/2409.18869)\n"
    found = run(parse_text(text), seed_facts(), TITLE_RULES)
    assert [f.rule for f in found] == ["arxiv-title"]  # version 1: the list is wrong


@pytest.mark.parametrize(
    ("listed", "arxiv", "verdict"),
    [
        ("A: Foo—Bar Baz", "A: Foo - Bar Baz", Verdict.SAME),
        ("It’s “Quoted”", 'It\'s "Quoted"', Verdict.SAME),
        ("A:  Foo  Bar", "A: Foo Bar", Verdict.SAME),
        ("Mmada: X Y", "MMaDA: X Y", Verdict.SPELLING),
        (
            "A Multi-modal Model for Everything",
            "A Multimodal Model for Everything",
            Verdict.SPELLING,
        ),
        ("Emu3: Next-Token Prediction", "Emu2: Next-Token Prediction", Verdict.OTHER),
    ],
)
def test_compare_cases(listed: str, arxiv: str, verdict: Verdict) -> None:
    paper = replace(seed_paper("2409.18869"), title=arxiv, version=2)
    assert titles.compare(listed, paper).verdict is verdict


def test_title_rules_say_nothing_without_a_found_fact() -> None:
    facts = seed_facts()
    facts.arxiv["2505.15809"] = ArxivFact("2505.15809", FactStatus.UNVERIFIED, reason="timeout")
    del facts.arxiv["2506.18871"]
    found = run(verbatim(UNIFIED), facts, TITLE_RULES)
    assert not {221, 243} & {f.span.line for f in found}


# -- arxiv-date -----------------------------------------------------------------------------


def test_arxiv_date_on_the_seed(unified: list[Finding], post: list[Finding]) -> None:
    # Janus, Emu2, Show-o2 (May listed, v1 18 June, id 2506) and DreamLLM; not Orthus (v1 28
    # Nov., id 2412) nor Dual Diffusion (v1 31 Dec., id 2501).
    assert lines(unified, "arxiv-date") == [74, 146, 179, 268]
    assert lines(post, "arxiv-date") == []


@pytest.mark.parametrize(
    ("line", "before", "after"),
    [
        (74, "Nov. 2024", "Oct. 2024"),
        (146, "Jul. 2023", "Dec. 2023"),
        (179, "May. 2025", "Jun. 2025"),
        (268, "Dec. 2023", "Sep. 2023"),
    ],
)
def test_arxiv_date_fix_uses_the_lists_style(
    unified: list[Finding], line: int, before: str, after: str
) -> None:
    finding = only([f for f in unified if f.span.line == line], "arxiv-date")
    assert finding.severity is Severity.ERROR and before in finding.message
    assert finding.fix is not None and finding.fix.applicability is Applicability.UNSAFE
    text = verbatim(UNIFIED).text
    old, new = text.split("\n")[line - 1], fixed_text(text, finding).split("\n")[line - 1]
    assert new == old.replace(f"({before},", f"({after},")


def test_arxiv_date_fix_in_the_dates_own_style_without_a_dominant_one() -> None:
    text = (
        "- [Show-o2: Improved Native Unified Multimodal Models](https://arxiv.org/abs/2506.15564) (2025/05/02, arXiv)\n"
        "- [Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation](https://arxiv.org/abs/2410.13848) (October 2024, arXiv)\n"
    )
    finding = only(run(parse_text(text), seed_facts(), ["arxiv-date"]), "arxiv-date")
    assert "(2025/06/18, arXiv)" in fixed_text(text, finding)


def test_arxiv_date_leaves_a_wrong_id_to_arxiv_id_mismatch() -> None:
    text = f"- [{PUMA_TITLE}](https://arxiv.org/abs/2410.13848) (Mar. 2024, arXiv)\n"
    found = run(parse_text(text), seed_facts())
    assert [f.rule for f in found if f.rule.startswith("arxiv-")] == ["arxiv-id-mismatch"]
    # The venue is the listed title's paper's (PUMA, found by the title search), not Janus's.
    assert "ICCV 2025" in only(found, "venue-outdated").message


# -- arxiv-not-found, arxiv-withdrawn -------------------------------------------------------


def test_arxiv_not_found_only_for_missing_facts() -> None:
    text = (
        "- [A: x](https://arxiv.org/abs/2410.99999) [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.99999)\n"
        "- [B: y](https://arxiv.org/abs/2410.88888)\n"
        "- [C: z](https://arxiv.org/abs/2410.77777)\n"
        "See also [our survey](https://arxiv.org/pdf/2410.66666v2).\n"
    )
    facts = Facts()
    facts.arxiv["2410.99999"] = ArxivFact("2410.99999", FactStatus.MISSING)
    facts.arxiv["2410.88888"] = ArxivFact("2410.88888", FactStatus.UNVERIFIED, reason="timeout")
    facts.arxiv["2410.66666"] = ArxivFact("2410.66666", FactStatus.MISSING)
    found = run(parse_text(text), facts)
    assert [(f.rule, f.span.line) for f in found] == [
        ("arxiv-not-found", 1),  # once for the title link and the badge
        ("arxiv-not-found", 4),
    ]
    assert "2410.99999" in found[0].message and found[0].severity is Severity.ERROR


def test_arxiv_withdrawn() -> None:
    text = "- [A: x](https://arxiv.org/abs/1703.00001) (Mar. 2017, arXiv)\n"
    paper = ArxivPaper(
        "1703.00001",
        3,
        "A: x",
        date(2017, 3, 1),
        date(2018, 1, 1),
        comment="This paper has been withdrawn by the author due to an error in Lemma 2",
    )
    facts = Facts(arxiv={"1703.00001": ArxivFact("1703.00001", FactStatus.FOUND, paper)})
    finding = only(run(parse_text(text), facts), "arxiv-withdrawn")
    assert finding.severity is Severity.WARNING and "withdrawn" in finding.message


def test_no_arxiv_finding_on_the_seed_that_is_not_expected(
    unified: list[Finding], post: list[Finding]
) -> None:
    for findings in (unified, post):
        assert not [f for f in findings if f.rule in ("arxiv-not-found", "arxiv-withdrawn")]


# -- repositories ---------------------------------------------------------------------------


def test_repo_moved_on_the_seed(unified: list[Finding], post: list[Finding]) -> None:
    assert lines(unified, "repo-moved") == [30, 194]
    assert lines(post, "repo-moved") == []
    tokenflow = only([f for f in unified if f.span.line == 30], "repo-moved")
    assert "ByteVisionLab/TokenFlow" in tokenflow.message
    # A transfer changes the repository a link names: unsafe. A case respelling is the same
    # repository: safe.
    assert tokenflow.fix is not None and not tokenflow.fix.is_safe
    bagel = only([f for f in unified if f.span.line == 194], "repo-moved")
    assert bagel.fix is not None and bagel.fix.is_safe


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (30, "ByteFlow-AI/TokenFlow", "ByteVisionLab/TokenFlow"),
        (194, "bytedance-seed/BAGEL", "ByteDance-Seed/Bagel"),
    ],
)
def test_repo_moved_fix_rewrites_badge_link_and_image(
    unified: list[Finding], line: int, old: str, new: str
) -> None:
    finding = only([f for f in unified if f.span.line == line], "repo-moved")
    text = verbatim(UNIFIED).text
    before, after = text.split("\n")[line - 1], fixed_text(text, finding).split("\n")[line - 1]
    assert before.count(old) == 2
    assert after == before.replace(old, new)
    assert f"https://img.shields.io/github/stars/{new}.svg?style=social&label=Star" in after
    assert f"(https://github.com/{new})" in after


def test_repo_moved_keeps_paths_and_queries() -> None:
    text = (
        "- [SEED: x](https://arxiv.org/abs/2307.08041)"
        " ![Stars](https://img.shields.io/github/stars/old-org/SEED?style=social)"
        " [Code](https://github.com/old-org/SEED/tree/v1)"
        " [Paper code](https://github.com/old-org/seed#readme)\n"
    )
    facts = Facts(
        repos={"old-org/seed": RepoFact("old-org/SEED", FactStatus.FOUND, "AILab-CVC/SEED")}
    )
    finding = only(run(parse_text(text), facts), "repo-moved")
    assert fixed_text(text, finding) == (
        "- [SEED: x](https://arxiv.org/abs/2307.08041)"
        " ![Stars](https://img.shields.io/github/stars/AILab-CVC/SEED?style=social)"
        " [Code](https://github.com/AILab-CVC/SEED/tree/v1)"
        " [Paper code](https://github.com/AILab-CVC/SEED#readme)\n"
    )


def test_repo_mismatch_on_the_seed(unified: list[Finding], post: list[Finding]) -> None:
    assert lines(unified, "repo-mismatch") == [26]  # UniToken linking FoundationVision/UniTok
    assert lines(post, "repo-mismatch") == []
    finding = only(unified, "repo-mismatch")
    assert finding.severity is Severity.WARNING
    assert "FoundationVision/UniTok" in finding.message and "2504.04423" in finding.message
    assert "the paper's abstract names SxJyJay/UniToken" in finding.message


def test_repo_mismatch_without_a_readme_or_with_an_empty_one() -> None:
    text = "- [UniToken: H](https://arxiv.org/abs/2504.04423) [Code](https://github.com/o/r)\n"
    facts = seed_facts()
    facts.repos["o/r"] = RepoFact("o/r", FactStatus.FOUND, "o/r", readme=None)
    assert not run(parse_text(text), facts, ["repo-mismatch"])
    facts.repos["o/r"] = RepoFact("o/r", FactStatus.FOUND, "o/r", readme="")
    assert lines(run(parse_text(text), facts, ["repo-mismatch"]), "repo-mismatch") == [1]


def test_repo_mismatch_accepts_the_repository_the_paper_names() -> None:
    text = "- [UniToken: H](https://arxiv.org/abs/2504.04423) [Code](https://github.com/sxjyjay/unitoken)\n"
    facts = seed_facts()
    facts.repos["sxjyjay/unitoken"] = RepoFact(
        "sxjyjay/unitoken", FactStatus.FOUND, "SxJyJay/UniToken", readme="Nothing cited yet."
    )
    assert not run(parse_text(text), facts, ["repo-mismatch"])


def test_repo_not_found_and_archived() -> None:
    text = (
        "- [A: x](https://arxiv.org/abs/2401.00001) [Code](https://github.com/o/gone) [Fork](https://github.com/o/old)\n"
        "- [B: y](https://arxiv.org/abs/2401.00002) [Code](https://github.com/o/unknown) [Other](https://github.com/o/unchecked)\n"
    )
    facts = Facts(
        repos={
            "o/gone": RepoFact("o/gone", FactStatus.MISSING, reason="GitHub: 404 Not Found"),
            "o/old": RepoFact("o/old", FactStatus.FOUND, "o/old", archived=True),
            "o/unchecked": RepoFact("o/unchecked", FactStatus.UNVERIFIED, reason="rate limit"),
        }
    )
    found = run(parse_text(text), facts)
    assert [(f.rule, f.span.line, f.severity) for f in found] == [
        ("repo-not-found", 1, Severity.ERROR),
        ("repo-archived", 1, Severity.INFO),
    ]


def test_unverified_or_absent_repositories_give_no_finding() -> None:
    text = (
        "- [UniToken: Harmonizing Multimodal Understanding and Generation through Unified Visual"
        " Encoding](https://arxiv.org/abs/2504.04423)"
        " [![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b)\n"
    )
    for fact in (None, RepoFact("a/b", FactStatus.UNVERIFIED, reason="GitHub rate limit reached")):
        facts = seed_facts()
        if fact is not None:
            facts.repos["a/b"] = fact
        facts.links["https://github.com/a/b"] = LinkFact(
            "https://github.com/a/b", FactStatus.MISSING, 404, reason="dead"
        )
        assert not run(parse_text(text), facts)


def test_no_repo_finding_on_the_seed_beyond_the_expected(
    unified: list[Finding], post: list[Finding]
) -> None:
    for findings in (unified, post):
        assert not [f for f in findings if f.rule in ("repo-not-found", "repo-archived")]


# -- dead-link ------------------------------------------------------------------------------


def test_dead_link() -> None:
    text = (
        "- [A: x](https://arxiv.org/abs/2401.00001) [Project](https://a.example.org/)"
        " [Demo](https://b.example.org/) [Slow](https://c.example.org/)"
        " ![Stars](https://img.shields.io/github/stars/o/r)"
        " [Tree](https://github.com/o/r/tree/v1) [Repo](https://github.com/o/r)\n"
    )
    dead = {
        "https://a.example.org/": LinkFact(
            "https://a.example.org/", FactStatus.MISSING, 404, reason="dead"
        ),
        "https://b.example.org/": LinkFact(
            "https://b.example.org/", FactStatus.MISSING, reason="host not found"
        ),
        "https://c.example.org/": LinkFact(
            "https://c.example.org/", FactStatus.UNVERIFIED, reason="timeout"
        ),
        "https://img.shields.io/github/stars/o/r": LinkFact("x", FactStatus.MISSING, 404),
        "https://github.com/o/r/tree/v1": LinkFact("x", FactStatus.MISSING, 404),
        "https://github.com/o/r": LinkFact("x", FactStatus.MISSING, 404),
        "https://arxiv.org/abs/2401.00001": LinkFact("x", FactStatus.MISSING, 404),
    }
    facts = Facts(links=dead, repos={"o/r": RepoFact("o/r", FactStatus.FOUND, "o/r")})
    found = run(parse_text(text), facts, ["dead-link"])
    assert [text[f.span.start : f.span.end] for f in found] == [
        "https://a.example.org/",
        "https://b.example.org/",
        "https://github.com/o/r/tree/v1",  # the repository exists, the branch does not
    ]
    assert "HTTP 404" in found[0].message and "host not found" in found[1].message
    facts.repos["o/r"] = RepoFact("o/r", FactStatus.UNVERIFIED, reason="rate limit")
    assert len(run(parse_text(text), facts, ["dead-link"])) == 2


# -- documentation ------------------------------------------------------------------------


def _examples(doc: str, heading: str) -> list[str]:
    return [
        m.group(1)
        for m in re.finditer(rf"^{heading}[^\n]*:\n```markdown\n(.*?)```", doc, re.M | re.S)
    ]


def _example_facts() -> Facts:
    """The seed, plus what the examples need that the seed lacks."""
    facts = seed_facts()
    facts.arxiv["2410.99999"] = ArxivFact("2410.99999", FactStatus.MISSING)
    facts.arxiv["1703.00001"] = ArxivFact(
        "1703.00001",
        FactStatus.FOUND,
        ArxivPaper(
            "1703.00001",
            2,
            "Fast Training of Deep Networks",
            date(2017, 3, 1),
            date(2017, 6, 1),
            comment="This paper has been withdrawn by the authors",
        ),
    )
    facts.repos["sxjyjay/unitokken"] = RepoFact("SxJyJay/UniTokken", FactStatus.MISSING)
    facts.repos["example-lab/older-model"] = RepoFact(
        "example-lab/older-model", FactStatus.FOUND, "example-lab/older-model", archived=True
    )
    facts.links["https://janus.example.org/"] = LinkFact(
        "https://janus.example.org/", FactStatus.MISSING, 404, reason="dead"
    )
    return facts


ONLINE_MODULES = [m for m in registry.modules() if registry.meta(m).online]


@pytest.mark.parametrize("module", ONLINE_MODULES, ids=[m.NAME for m in ONLINE_MODULES])
def test_documented_examples(module: registry.RuleModule) -> None:
    doc = module.__doc__ or ""
    fails, passes = _examples(doc, "Fails"), _examples(doc, "Passes")
    assert fails and passes
    for example in fails:
        found = [f for f in run(parse_text(example), _example_facts()) if f.rule == module.NAME]
        assert found, f"{module.NAME}: the failing example gives no finding"
        if module.FIX == "safe":
            assert all(f.fix is not None for f in found)
    for example in passes:
        found = [f for f in run(parse_text(example), _example_facts()) if f.rule == module.NAME]
        assert not found, f"{module.NAME}: the passing example fails: {found}"


def test_online_rules_are_registered_with_their_metadata() -> None:
    table = {
        "arxiv-not-found": (Severity.ERROR, {"arxiv"}, None),
        "arxiv-id-mismatch": (Severity.ERROR, {"arxiv", "title_search"}, "unsafe"),
        "arxiv-title": (Severity.WARNING, {"arxiv"}, "unsafe"),
        "arxiv-title-outdated": (Severity.INFO, {"arxiv"}, "unsafe"),
        "arxiv-date": (Severity.ERROR, {"arxiv"}, "unsafe"),
        "arxiv-withdrawn": (Severity.WARNING, {"arxiv"}, None),
        "repo-not-found": (Severity.ERROR, {"github"}, None),
        "repo-moved": (Severity.WARNING, {"github"}, "unsafe"),
        "repo-archived": (Severity.INFO, {"github"}, None),
        "repo-mismatch": (Severity.WARNING, {"github", "arxiv"}, None),
        "dead-link": (Severity.ERROR, {"links"}, None),
        "venue-outdated": (Severity.WARNING, {"venues"}, "unsafe"),
        "venue-mismatch": (Severity.WARNING, {"venues"}, "unsafe"),
    }
    assert list(table) == ONLINE
    for name, (severity, needs, fix) in table.items():
        meta = registry.meta(registry.by_name()[name])
        assert (meta.severity, set(meta.needs), meta.fix) == (severity, needs, fix)
        assert meta.online and meta.summary


# -- venue-outdated, venue-mismatch ---------------------------------------------------------

_LISTED = re.compile(
    r"arxiv\.org/(?:abs|pdf)/(?P<id>\d{4}\.\d{4,5})[^)]*\) \((?P<date>[^,)]+), (?P<venue>[^)]+)\)"
)


def _listed_as_arxiv_with_a_confirmed_venue(name: str) -> dict[int, str]:
    """Line -> published venue, read from the list's raw text and the seed, not by our parser:
    entries whose seed venue is confirmed and that list ``arXiv`` (PUMA's entry carries Janus's
    id; its venue is PUMA's, 2410.13861)."""
    out = {}
    for number, text in enumerate((LISTS / name).read_text(encoding="utf-8").splitlines(), 1):
        found = _LISTED.search(text)
        if found is None or found["venue"] != "arXiv":
            continue
        arxiv_id = "2410.13861" if PUMA_TITLE in text else found["id"]
        venue = SEED["arxiv"].get(arxiv_id, {}).get("venue")
        if venue and arxiv_id not in SECONDARY:
            out[number] = venue
    return out


def _secondary_lines(document: Document) -> set[int]:
    return {
        entry.span.line
        for entry in document.entries
        if (
            found := re.search(
                r"(?:abs|pdf)/(\d{4}\.\d{4,5})", document.text[entry.span.start : entry.span.end]
            )
        )
        and found.group(1) in SECONDARY
    }


def test_venue_outdated_on_the_seed(unified: list[Finding], post: list[Finding]) -> None:
    expected = _listed_as_arxiv_with_a_confirmed_venue(UNIFIED)
    # UniToken (CVPR 2025 Workshops), MUSE-VL, JetFormer, Orthus, PUMA.
    assert sorted(expected) == [24, 33, 79, 119, 124]
    secondary = _secondary_lines(verbatim(UNIFIED))
    found = {f.span.line: f for f in unified if f.rule == "venue-outdated"}
    assert set(found) - secondary == set(expected)
    assert found[124].message == (
        "listed as 'arXiv', but published at ICCV 2025 (Semantic Scholar on arXiv 2410.13861:"
        " DBLP record conf/iccv/FangDW25)"
    )
    assert "published at ICCV 2025" in found[33].message
    assert "published at ICML 2025" in found[119].message
    assert "published at ICLR 2025" in found[79].message
    assert "published at CVPR Workshops 2025" in found[24].message
    assert {f.severity for f in found.values()} == {Severity.WARNING}
    post_expected = _listed_as_arxiv_with_a_confirmed_venue(POST)
    assert sorted(post_expected) == [22]  # ICLR 2026
    post_found = {f.span.line for f in post if f.rule == "venue-outdated"}
    assert post_found - _secondary_lines(verbatim(POST)) == {22}


def test_entries_listing_their_venue_right_are_quiet(unified: list[Finding]) -> None:
    # SEED, LaVIT, Emu (ICLR), NExT-GPT (ICML), Emu2 (CVPR, listed without its year 2024) and
    # CoDi (NeurIPS): the listed name is the published one, and a missing year is no mismatch.
    venue_lines = {f.span.line for f in unified if f.rule.startswith("venue-")}
    assert venue_lines.isdisjoint({37, 46, 142, 146, 150, 235})
    assert lines(unified, "venue-mismatch") == []


def test_venue_outdated_fix_in_the_lists_style(unified: list[Finding]) -> None:
    text = (LISTS / UNIFIED).read_text(encoding="utf-8")
    puma = next(f for f in unified if f.rule == "venue-outdated" and f.span.line == 124)
    assert puma.fix is not None and puma.fix.applicability is Applicability.UNSAFE
    fixed = fixed_text(text, puma).splitlines()[123]
    assert fixed.endswith("(Oct. 2024, ICCV 2025)")


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        # The list writes venue years with an apostrophe: so does the fix.
        (
            "- [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762) (Nov. 2024, arXiv)\n"
            "- [Emu: Generative Pretraining in Multimodality](https://arxiv.org/abs/2307.05222) (Jul. 2023, ICLR'24)\n",
            "(Nov. 2024, ICCV'25)",
        ),
        # A bracketed tag keeps its brackets; the preprint's year goes with "arXiv".
        (
            "- [arXiv 2024] [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762)\n",
            "- [ICCV 2025] [MUSE-VL",
        ),
        # A bold tag stays bold.
        (
            "- [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762), **arXiv**\n",
            "**ICCV 2025**",
        ),
        # A table's venue column.
        (
            "| Title | Venue | Date |\n|---|---|---|\n"
            "| [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762) | arXiv | 2024-11 |\n",
            "| ICCV 2025 | 2024-11 |",
        ),
    ],
)
def test_venue_outdated_fix_styles(line: str, fixed: str) -> None:
    found = run(parse_text(line), seed_facts(), ["venue-outdated"])
    assert len(found) == 1 and found[0].fix is not None
    assert fixed in fixed_text(line, found[0])


def test_venue_mismatch_cases() -> None:
    jetformer = "- [JetFormer: An Autoregressive Generative Model of Raw Images and Text](https://arxiv.org/abs/2411.19722)"
    unitoken = "- [UniToken: Harmonizing Multimodal Understanding and Generation through Unified Visual Encoding](https://arxiv.org/abs/2504.04423)"
    cases = {
        f"{jetformer} (Nov. 2024, ICLR 2024)": "another year",
        f"{jetformer} (Nov. 2024, ICML 2025)": "another venue",
        f"{jetformer} (Nov. 2024, ICLR 2025 Workshop)": "a main-conference paper listed as a workshop's",
        f"{unitoken} (Apr. 2025, CVPR 2025)": "a workshop paper listed as the main conference's",
        f"{unitoken} (Apr. 2025, CVPR)": "a workshop paper listed as the main conference's",
        f"{jetformer} (Nov. 2024, ICLR)": None,  # no year listed: not a mismatch
        f"{jetformer} (Nov. 2024, ICLR'25)": None,
        f"{jetformer} (Nov. 2024, ICLR 2025 (Poster))": None,
        f"{unitoken} (Apr. 2025, CVPR 2025 Workshops)": None,
        f"{unitoken} (Apr. 2025, CVPRW 2025)": None,
        f"{jetformer} (Nov. 2024, arXiv)": None,  # venue-outdated's
        f"{jetformer} (Nov. 2024, Tech Report)": None,  # a name in words: nothing sure
    }
    for text, difference in cases.items():
        found = run(parse_text(text + "\n"), seed_facts(), ["venue-mismatch"])
        if difference is None:
            assert found == [], text
        else:
            assert len(found) == 1 and difference in found[0].message, text
    coding = "- [CoDi: Any-to-Any Generation via Composable Diffusion](https://arxiv.org/abs/2305.11846) (May. 2023, NIPS 2023)\n"
    assert run(parse_text(coding), seed_facts(), ["venue-mismatch"]) == []
    # A publisher before the name is no other venue.
    facts = seed_facts()
    facts.venues["2305.11846"] = replace(
        facts.venues["2305.11846"], venue=Venue("TPAMI", 2023, "", "DBLP record journals/pami/X23")
    )
    journal = coding.replace("NIPS 2023", "IEEE TPAMI 2023")
    assert run(parse_text(journal), facts, ["venue-mismatch"]) == []
    other = coding.replace("NIPS 2023", "IEEE TIP 2023")
    assert len(run(parse_text(other), facts, ["venue-mismatch"])) == 1


def test_venue_mismatch_fix_only_for_a_plain_venue() -> None:
    text = "- [JetFormer: An Autoregressive Generative Model of Raw Images and Text](https://arxiv.org/abs/2411.19722) (Nov. 2024, ICLR 2024)\n"
    (finding,) = run(parse_text(text), seed_facts(), ["venue-mismatch"])
    assert finding.fix is not None and "(Nov. 2024, ICLR 2025)" in fixed_text(text, finding)
    assert "DBLP record conf/iclr/" in finding.message
    worded = text.replace("ICLR 2024", "ICLR 2024 Oral Presentation")
    (finding,) = run(parse_text(worded), seed_facts(), ["venue-mismatch"])
    assert finding.fix is None


def test_venue_rules_are_silent_without_a_published_venue() -> None:
    janus = "- [Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
    muse = "- [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762) (Nov. 2024, arXiv)\n"
    rules = ["venue-outdated", "venue-mismatch"]
    assert run(parse_text(janus), seed_facts(), rules) == []  # only arXiv/CoRR: no venue
    for fact in (
        None,
        VenueFact("2411.17762", FactStatus.UNVERIFIED, reason="network unavailable"),
        VenueFact("2411.17762", FactStatus.MISSING),
    ):
        facts = seed_facts()
        facts.venues.pop("2411.17762")
        if fact is not None:
            facts.venues["2411.17762"] = fact
        assert run(parse_text(muse), facts, rules) == []
    # Semantic Scholar's title is another paper's, and arXiv did not answer: say nothing.
    facts = seed_facts()
    facts.arxiv.pop("2411.17762")
    other = replace(
        facts.venues["2411.17762"], title="Planting a SEED of Vision in Large Language Model"
    )
    facts.venues["2411.17762"] = other
    assert run(parse_text(muse), facts, rules) == []


def test_an_entry_without_a_venue_in_a_list_that_lists_venues() -> None:
    text = (
        "- [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762) (Nov. 2024)\n"
        "- [Emu: Generative Pretraining in Multimodality](https://arxiv.org/abs/2307.05222) (Jul. 2023, ICLR)\n"
        "- [Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
    )
    (finding,) = run(parse_text(text), seed_facts(), ["venue-outdated"])
    assert finding.span.line == 1 and finding.message.startswith("no venue listed, but")
    assert finding.fix is None
    # Where entries do not list venues, none missing is worth a word.
    assert run(parse_text(text.splitlines()[0] + "\n"), seed_facts(), ["venue-outdated"]) == []
