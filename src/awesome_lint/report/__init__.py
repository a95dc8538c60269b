"""Reporters: one module per output format. None of them re-parses a document."""

from __future__ import annotations

from dataclasses import dataclass, field

from awesome_lint.facts import SourceReport
from awesome_lint.findings import Finding, Severity


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

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def fixable(self) -> int:
        return sum(1 for f in self.findings if f.fix is not None and f.fix.is_safe)

    @property
    def unsafe_fixable(self) -> int:
        return sum(1 for f in self.findings if f.fix is not None and not f.fix.is_safe)
