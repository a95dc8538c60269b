"""A Markdown report: counts, one table row per finding, files not checked, sources.

``--format markdown`` prints it; the GitHub reporter writes the same report to the step summary,
with ``max_bytes`` set so that GitHub does not reject it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from awesome_lint.findings import Finding
from awesome_lint.report import RunResult, outcome_sentences, source_lines

if TYPE_CHECKING:
    from awesome_lint.rules.base import RuleMeta

#: ``{count}`` and ``{problems}`` ("1 problem is", "2 problems are") are filled in.
DEFAULT_TRUNCATION_NOTE = (
    "_{count} more {problems} not shown, to keep this report small enough."
    " `awesome-lint --format json` lists them all._"
)

_TABLE_HEAD = ("| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |")
_TABLE_OVERHEAD = len(("\n" + "\n".join(_TABLE_HEAD) + "\n").encode())  # blank line + head
# Characters with a meaning in a GFM table cell: the pipe ends the cell (even inside a code span),
# the rest start code, emphasis, links or strikethrough. CommonMark lets any of them be escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\|`*_\[\]~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape_cell(text: str) -> str:
    """``text`` as literal content of one Markdown table cell.

    HTML is written as entities (so ``<script>`` shows as text), Markdown punctuation is
    backslash-escaped, and line breaks become ``<br>`` so that a row stays on one line.
    """
    text = _CONTROL.sub("", text)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)  # one pass: added backslashes stay single
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def table_row(finding: Finding) -> str:
    """One table row: ``| path:line | severity | rule | message |``, related places included."""
    message = finding.message
    for related in finding.related:
        message += f"\n{related.message} ({finding.path}:{related.span.line})"
    cells = (
        f"{finding.path}:{finding.span.line}",
        str(finding.severity),
        finding.rule,
        message,
    )
    return "| " + " | ".join(escape_cell(cell) for cell in cells) + " |"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def render(
    result: RunResult,
    rules: Sequence[RuleMeta],
    *,
    max_bytes: int | None = None,
    heading: str = "awesome-lint",
    heading_level: int = 2,
    truncation_note: str = DEFAULT_TRUNCATION_NOTE,
    **_other: object,
) -> str:
    """The report as Markdown, at most ``max_bytes`` UTF-8 bytes when given.

    Only table rows are dropped to fit (the last rows first), and a note says how many; the
    counts, files not checked and sources are always kept.
    """
    head = [f"{'#' * heading_level} {escape_cell(heading)}", "", _counts_paragraph(result)]
    tail: list[str] = []
    if result.file_problems:
        tail += ["", "**Files not checked:**", ""]
        tail += [f"- {escape_cell(p.path)}: {escape_cell(p.message)}" for p in result.file_problems]
    if result.sources:
        tail += ["", "**Sources:**", ""]
        tail += [f"- {escape_cell(line)}" for line in source_lines(result.sources)]

    rows = [table_row(finding) for finding in result.findings]
    text = _assemble(head, rows, None, tail)
    if max_bytes is None or _size(text) <= max_bytes:
        return text

    # Reserve room for the note as it would read with every row dropped: no shorter note fits less.
    def note(count: int) -> str:
        problems = "problem is" if count == 1 else "problems are"
        return truncation_note.format(count=count, problems=problems)

    budget = max_bytes - _size(_assemble(head, [], note(len(rows)), tail)) - _TABLE_OVERHEAD
    kept = 0
    for row in rows:
        budget -= _size(row) + 1
        if budget < 0:
            break
        kept += 1
    if kept == 0:
        text = _assemble(head, [], note(len(rows)), tail)
    else:
        text = _assemble(head, rows[:kept], note(len(rows) - kept), tail)
    if _size(text) > max_bytes:
        # Even the fixed parts do not fit (thousands of sources?): cut at a line boundary.
        cut = text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
        text = cut[: cut.rfind("\n") + 1]
    return text


def _counts_paragraph(result: RunResult) -> str:
    sentences = outcome_sentences(result, strong=lambda text: f"**{text}**")
    safe, unsafe = result.fixable, result.unsafe_fixable
    if safe and unsafe:
        sentences.append(f"{safe} fixable with `--fix` ({unsafe} more with `--unsafe-fixes`).")
    elif safe:
        sentences.append(f"{safe} fixable with `--fix`.")
    elif unsafe:
        sentences.append(f"{unsafe} fixable with `--unsafe-fixes`.")
    return " ".join(sentences)


def _assemble(
    head: Sequence[str], rows: Sequence[str], note: str | None, tail: Sequence[str]
) -> str:
    lines = list(head)
    if rows:
        lines += ["", *_TABLE_HEAD, *rows]
    if note is not None:
        lines += ["", note]
    lines += tail
    return "\n".join(lines) + "\n"
