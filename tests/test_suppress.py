"""Inline suppression comments, in markdownlint's grammar."""

from __future__ import annotations

from collections.abc import Callable

from awesome_lint.config import Config
from awesome_lint.findings import Finding

Lint = Callable[..., list[Finding]]
BAD = "- [Janus: D](https://arxiv.org/pdf/2410.13848) (Nov. 2024, arXiv)\n"


def _rules(findings: list[Finding]) -> list[tuple[int, str]]:
    findings = [f for f in findings if f.rule in ("arxiv-url", "date-arxiv-id")]
    return sorted((f.span.line, f.rule) for f in findings)


def test_disable_next_line_covers_the_whole_next_entry(lint: Lint) -> None:
    text = (
        "<!-- awesome-lint-disable-next-line date-arxiv-id -->\n"
        "- [Janus: D](https://arxiv.org/abs/2410.13848) (Nov. 2024, arXiv)\n"
        "  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/pdf/2410.13848)\n"
        + BAD
    )
    assert _rules(lint(text)) == [(3, "arxiv-url"), (4, "arxiv-url"), (4, "date-arxiv-id")]


def test_disable_line_and_all_rules(lint: Lint) -> None:
    text = BAD.rstrip("\n") + " <!-- awesome-lint-disable-line -->\n" + BAD
    assert _rules(lint(text)) == [(2, "arxiv-url"), (2, "date-arxiv-id")]


def test_disable_enable_ranges(lint: Lint) -> None:
    text = (
        "<!-- awesome-lint-disable arxiv-url, date-arxiv-id -->\n"
        + BAD
        + BAD
        + "<!-- awesome-lint-enable arxiv-url -->\n"
        + BAD
    )
    assert _rules(lint(text)) == [(5, "arxiv-url")]


def test_disable_file(lint: Lint) -> None:
    assert _rules(lint(BAD + "<!-- awesome-lint-disable-file arxiv-url -->\n" + BAD)) == [
        (1, "date-arxiv-id"),
        (3, "date-arxiv-id"),
    ]


def test_comments_in_code_blocks_are_text(lint: Lint) -> None:
    text = "```\n<!-- awesome-lint-disable-file -->\n```\n" + BAD
    assert _rules(lint(text)) == [(4, "arxiv-url"), (4, "date-arxiv-id")]


def test_config_ignore_beats_inline_enable(lint: Lint) -> None:
    text = "<!-- awesome-lint-enable arxiv-url -->\n" + BAD
    assert _rules(lint(text, config=Config(ignore=["arxiv-url"]))) == [(2, "date-arxiv-id")]
