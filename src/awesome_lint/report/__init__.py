"""Reporters: one module per output format. None of them re-parses a document.

Every format module exposes ``render(result, rules, **options) -> str``. ``render(fmt, ...)``
here imports only the module asked for, so ``--format text`` never pays for ``json`` or SARIF.
Options a format does not know are ignored, so the CLI can pass one set of options to any format.
"""

from __future__ import annotations

import bisect
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from awesome_lint.findings import Finding, Severity

if TYPE_CHECKING:
    from awesome_lint.facts import SourceReport  # the values module behind it: online runs only
    from awesome_lint.rules.base import RuleMeta

#: The ``--format`` values, each the name of a module of this package.
FORMATS: tuple[str, ...] = ("text", "github", "json", "sarif", "markdown")


@dataclass(slots=True)
class FileProblem:
    """A file that could not be linted (not UTF-8, unreadable, missing), with a clear message."""

    path: str
    message: str


@dataclass(slots=True)
class RunResult:
    findings: list[Finding]  # sorted by path, line, column, rule; already filtered and suppressed
    files_checked: list[str]
    file_problems: list[FileProblem] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)
    hidden_by_diff_filter: int = 0
    fixed: int = 0  # fixes applied by --fix in this run
    not_written: int = 0  # files --fix had fixes for but refused or failed to write

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def fixable(self) -> int:
        return sum(1 for f in self.findings if f.fix is not None and f.fix.is_safe)

    @property
    def unsafe_fixable(self) -> int:
        return sum(1 for f in self.findings if f.fix is not None and not f.fix.is_safe)


def render(fmt: str, result: RunResult, rules: Sequence[RuleMeta], **options: Any) -> str:
    """Render ``result`` in format ``fmt`` (one of ``FORMATS``), importing only that reporter."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    module = importlib.import_module(f"{__name__}.{fmt}")
    renderer = cast(Callable[..., str], module.render)
    return renderer(result, rules, **options)


class LineIndex:
    """Turns offsets into a document's text into 1-based (line, column), columns in code points.

    Fix edits carry offsets only; reporters that want line and column (JSON, SARIF) need the
    document's text, with ``\\n`` line endings as ``Document.text`` has it.
    """

    __slots__ = ("_length", "_starts")

    def __init__(self, text: str) -> None:
        # CRLF would shift every offset after it; Document.text never has it, a raw file might.
        text = text.replace("\r\n", "\n")
        self._length = len(text)
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` (clamped into the text)."""
        offset = min(max(offset, 0), self._length)
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def source_line(report: SourceReport) -> str:
    """One plain-text line for a source: ``arxiv: 12 verified (10 from cache), ...``."""
    parts = [f"{report.verified} verified"]
    if report.from_cache:
        parts[0] += f" ({report.from_cache} from cache)"
    if report.unverified:
        reasons = sorted(report.reasons.items(), key=lambda item: (-item[1], item[0]))
        detail = ", ".join(f"{reason}: {count}" for reason, count in reasons)
        parts.append(f"{report.unverified} unverified" + (f" ({detail})" if detail else ""))
    parts.append(f"{report.requests} request{'' if report.requests == 1 else 's'}")
    return f"{report.source}: {', '.join(parts)}"


def outcome_sentences(result: RunResult, strong: Callable[[str], str] = str) -> list[str]:
    """What the run found, in the same words in every human-readable format; ``strong``
    emphasizes the count (bold in Markdown)."""
    sentences: list[str] = []
    if result.fixed:
        sentences.append(f"Fixed {plural(result.fixed, 'problem')}.")
    unverified = unverified_total(result.sources)
    if result.findings:
        files = len({f.path for f in result.findings})
        sentences.append(
            f"Found {strong(plural(len(result.findings), 'problem'))} ({counts_phrase(result)})"
            f" in {plural(files, 'file')}."
        )
    elif not result.file_problems and unverified:
        sentences.append(
            "No problems found in what could be checked"
            f" ({plural(unverified, 'online check')} not verified)."
        )
    elif not result.file_problems:
        sentences.append("All checks passed.")
    if result.hidden_by_diff_filter:
        sentences.append(
            f"Not shown: {plural(result.hidden_by_diff_filter, 'problem')} on lines this change"
            " did not touch."
        )
    if result.file_problems:
        sentences.append(f"{plural(len(result.file_problems), 'file')} could not be checked.")
    return sentences


def source_lines(reports: Sequence[SourceReport]) -> list[str]:
    """One line per source; a single line when no source could be reached at all."""
    offline = [
        r
        for r in reports
        if r.unverified and not r.verified and all(k.startswith(NO_NETWORK) for k in r.reasons)
    ]
    if reports and len(offline) == len(reports):
        total = sum(r.unverified for r in reports)
        parts = ", ".join(f"{r.source} {r.unverified}" for r in reports)
        return [
            f"{NO_NETWORK}: {plural(total, 'online check')} could not be verified ({parts});"
            " the offline rules ran (`--offline` skips the online checks)"
        ]
    return [source_line(report) for report in reports]


NO_NETWORK = "network unavailable"


def unverified_total(reports: Sequence[SourceReport]) -> int:
    return sum(r.unverified for r in reports)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """``1 error``, ``2 errors``; ``info`` stays ``info``."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {plural_word if plural_word is not None else word + 's'}"


def counts_phrase(result: RunResult) -> str:
    """``1 error, 2 warnings, 0 info``: the same wording in every human-readable format."""
    return ", ".join(
        (
            plural(result.count(Severity.ERROR), "error"),
            plural(result.count(Severity.WARNING), "warning"),
            plural(result.count(Severity.INFO), "info", "info"),
        )
    )
