"""Findings: what a rule reports, and the fixes that come with it.

A ``Span`` is an exact place in a document: character offsets into the document's text (line
endings normalized to ``\\n``) plus 1-based line and column numbers. Columns count Unicode code
points; ``end_column`` is the column just past the last character, as ruff has it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered, so ``severity >= Severity.WARNING`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {name!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Span(NamedTuple):
    """Where something is: offsets into the text, and 1-based lines and columns of both ends.

    A named tuple rather than a frozen dataclass: a 10,000-entry list makes 160,000 of them,
    and a frozen dataclass's ``__init__`` took three times as long.
    """

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int


class Applicability(enum.Enum):
    """Whether a fix may be applied without a person looking at it (ruff's safe/unsafe)."""

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``document.text[start:end]`` with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def is_safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Related:
    """Another place that explains a finding ("first listed at line 74")."""

    span: Span
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    path: str
    span: Span
    message: str
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    #: Set by the diff filter: whether the finding lies on a line the change touched.
    on_changed_line: bool = field(default=True, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.rule)
