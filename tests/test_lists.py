"""The regression corpus: the two verbatim lists give exactly their expected findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from awesome_lint.config import Config
from awesome_lint.engine import Engine, Options
from awesome_lint.findings import Finding, Severity
from conftest import LISTS, TODAY

NAMES = ["awesome-unified-understanding-and-generation", "awesome-umm-post-training"]


def _lint(name: str) -> list[Finding]:
    engine = Engine(Config(), Options(offline=True, today=TODAY))
    result, _, _ = engine.run([str(LISTS / f"{name}.md")])
    assert not result.file_problems
    return result.findings


def _expected(name: str) -> set[str]:
    lines = (LISTS / f"{name}.expected").read_text("utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@pytest.mark.parametrize("name", NAMES)
def test_exactly_the_expected_findings(name: str) -> None:
    found = {f"{f.span.line}:{f.span.column} {f.severity} {f.rule}" for f in _lint(name)}
    expected = _expected(name)
    assert found - expected == set(), "unexpected findings"
    assert expected - found == set(), "expected findings missing"


def test_unified_list_findings_name_the_right_places() -> None:
    findings = _lint(NAMES[0])
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    (puma,) = by_rule["duplicate-arxiv-id"]
    assert puma.span.line == 124 and puma.related[0].span.line == 74 and "Janus" in puma.message
    (unitoken,) = by_rule["duplicate-repo"]
    assert unitoken.span.line == 26 and unitoken.related[0].span.line == 22
    assert "UniTok" in unitoken.message
    assert sorted(f.span.line for f in by_rule["date-arxiv-id"]) == [74, 146, 268]
    assert sorted(f.span.line for f in by_rule["date-format"]) == [90, 243]
    assert [f.span.line for f in by_rule["badge-url"]] == [168]
    assert [f.span.line for f in by_rule["title-whitespace"]] == [71]
    assert [f.span.line for f in by_rule["list-indent"]] == [28]
    assert [f.span.line for f in by_rule["broken-relative-link"]] == [6]
    arxiv_url = by_rule["arxiv-url"]
    assert len(arxiv_url) == 32
    assert len({f.span.line for f in arxiv_url}) == 32  # title link and badge of 16 entries
    errors = {f.rule for f in findings if f.severity is Severity.ERROR}
    assert errors == {"duplicate-arxiv-id", "badge-url", "date-arxiv-id", "broken-relative-link"}


def test_post_training_list() -> None:
    findings = _lint(NAMES[1])
    assert sorted((f.span.line, f.rule) for f in findings) == [
        (19, "mojibake"),
        (25, "arxiv-url"),
        (25, "arxiv-url"),
    ]


def test_fixture_lists_are_verbatim() -> None:
    """The corpus never changes: these are the lists as they were found, errors included."""
    for name in NAMES:
        text = (LISTS / f"{name}.md").read_text("utf-8")
        assert "2410.13848) (Oct. 2024, arXiv)" in text or name != NAMES[0]
    unified = (LISTS / f"{NAMES[0]}.md").read_bytes()
    assert (
        b"[PUMA: Empowering Unified MLLM with Multi-granular Visual Generation](https://arxiv.org/abs/2410.13848)"
        in unified
    )
    assert b"\xc3\xb0\xc5\xb8\xe2\x80\x9c\xc5\xa0" in (LISTS / f"{NAMES[1]}.md").read_bytes()
    assert Path(LISTS / f"{NAMES[0]}.md").stat().st_size == 19770
