"""JSON: every finding with its exact span, related places and fix, plus the run's summary.

The shape is versioned (``"version": 1``); fields are only ever added. Fix edits carry offsets
into the document's text (``start_offset``/``end_offset``); with ``texts`` (path to the
document's text, ``\\n`` line endings) they carry 1-based line and column too, else ``null``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from awesome_lint.findings import Finding, Fix, Severity, Span
from awesome_lint.report import LineIndex, RunResult

if TYPE_CHECKING:
    from awesome_lint.rules.base import RuleMeta

VERSION = 1


class EditPositions:
    """Line and column of fix edits, from the documents' texts (each indexed once, lazily)."""

    def __init__(self, texts: Mapping[str, str] | None) -> None:
        self._texts = texts or {}
        self._indexes: dict[str, LineIndex | None] = {}

    def __call__(self, path: str, offset: int) -> dict[str, int] | None:
        if path not in self._indexes:
            text = self._texts.get(path)
            self._indexes[path] = LineIndex(text) if text is not None else None
        index = self._indexes[path]
        if index is None:
            return None
        line, column = index.position(offset)
        return {"line": line, "column": column}


def _span(span: Span) -> dict[str, int]:
    return {
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
    }


def _fix(fix: Fix, path: str, positions: EditPositions) -> dict[str, Any]:
    return {
        "message": fix.message,
        "applicability": fix.applicability.value,
        "edits": [
            {
                "start": positions(path, edit.start),
                "end": positions(path, edit.end),
                "content": edit.replacement,
                "start_offset": edit.start,
                "end_offset": edit.end,
            }
            for edit in fix.edits
        ],
    }


def finding_to_dict(finding: Finding, positions: EditPositions | None = None) -> dict[str, Any]:
    """One finding as the JSON reporter writes it."""
    positions = positions or EditPositions(None)
    return {
        "path": finding.path,
        **_span(finding.span),
        "rule": finding.rule,
        "severity": str(finding.severity),
        "message": finding.message,
        "related": [
            {"path": finding.path, **_span(r.span), "message": r.message} for r in finding.related
        ],
        "fix": _fix(finding.fix, finding.path, positions) if finding.fix is not None else None,
        "on_changed_line": finding.on_changed_line,
    }


def to_dict(result: RunResult, *, texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The whole report as plain data, in the order it is written."""
    positions = EditPositions(texts)
    return {
        "version": VERSION,
        "findings": [finding_to_dict(finding, positions) for finding in result.findings],
        "summary": {
            "files": len(result.files_checked),
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "info": result.count(Severity.INFO),
            "fixable": result.fixable,
            "unsafe_fixable": result.unsafe_fixable,
            "fixed": result.fixed,
            "hidden_by_diff_filter": result.hidden_by_diff_filter,
            "file_problems": [{"path": p.path, "message": p.message} for p in result.file_problems],
            "sources": [
                {
                    "source": s.source,
                    "verified": s.verified,
                    "from_cache": s.from_cache,
                    "unverified": s.unverified,
                    "requests": s.requests,
                    "reasons": dict(s.reasons),
                }
                for s in result.sources
            ],
        },
    }


def render(
    result: RunResult,
    rules: Sequence[RuleMeta],
    *,
    texts: Mapping[str, str] | None = None,
    **_other: object,
) -> str:
    """The report as indented JSON (ASCII-only, so any terminal encoding can print it)."""
    return json.dumps(to_dict(result, texts=texts), indent=2) + "\n"
