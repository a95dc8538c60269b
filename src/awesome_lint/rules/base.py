"""What every rule module provides, and the metadata the registry derives from it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from awesome_lint.document import Document
from awesome_lint.facts import Facts
from awesome_lint.findings import Finding, Severity

ONLINE_NEEDS = frozenset({"arxiv", "github", "links", "title_search", "venues"})


class RuleModule(Protocol):
    """A rule is a module: ``NAME``, ``SEVERITY``, ``NEEDS``, ``FIX``, a docstring, ``check``."""

    NAME: str
    SEVERITY: Severity
    NEEDS: frozenset[str]  # facts: "arxiv", "github", "links", "title_search", "venues"
    FIX: str | None  # "safe", "unsafe" or None
    __doc__: str | None

    def check(self, document: Document, context: Context) -> Iterator[Finding]: ...


@dataclass(frozen=True, slots=True)
class RuleMeta:
    name: str
    severity: Severity
    summary: str  # the docstring's first line
    description: str  # the whole docstring (Markdown)
    fix: str | None
    needs: frozenset[str]

    @property
    def online(self) -> bool:
        return bool(self.needs & ONLINE_NEEDS)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may read besides the document: facts and settings. Rules never do I/O."""

    facts: Facts
    severity: Severity
    options: dict[str, object]
    allowed_shared_repos: frozenset[str] = frozenset()  # lower-case "owner/name"
    today_year_month: tuple[int, int] = (9999, 12)
    report_cross_listed: bool = False  # config ``report-cross-listed``
    arxiv_url_form: str = "list"  # config ``arxiv-url-form``: "abs", "pdf" or "list"


def quoted(text: str, width: int = 60) -> str:
    """``text`` for a message: as written, or its start and ``...`` when longer than
    ``width`` (a URL a list pasted a paragraph into)."""
    return text if len(text) <= width else text[: width - 3] + "..."
