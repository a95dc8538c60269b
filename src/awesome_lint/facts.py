"""Facts: what the sources (arXiv, GitHub, Semantic Scholar, the web) answered about ids,
repositories, venues and links.

Sources produce facts; online rules read them. A fact is never a guess: when a source could not
be reached, the fact says ``UNVERIFIED`` with the reason, and no rule may turn that into "not
found" or "dead".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from awesome_lint import values


class FactStatus(enum.Enum):
    FOUND = "found"  # the source answered and knows the thing
    MISSING = "missing"  # the source answered: no such id / repository / page (404, 410, NXDOMAIN)
    UNVERIFIED = "unverified"  # no trustworthy answer: network down, rate limited, 5xx, timeout


@dataclass(frozen=True, slots=True)
class ArxivPaper:
    id: str  # without version: "2410.13848", "hep-th/9901001"
    version: int  # latest version number
    title: str  # latest title, whitespace collapsed
    published: date  # v1 submission date
    updated: date
    authors: tuple[str, ...] = ()
    summary: str = ""
    comment: str = ""
    journal_ref: str = ""

    @property
    def withdrawn(self) -> bool:
        text = f"{self.comment} {self.summary[:300]}".lower()
        return "withdrawn" in text or "withdraw this" in text


@dataclass(frozen=True, slots=True)
class ArxivFact:
    id: str
    status: FactStatus
    paper: ArxivPaper | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RepoFact:
    requested: str  # "owner/name" as the list wrote it
    status: FactStatus
    canonical: str | None = None  # "Owner/Name" as GitHub spells it now
    archived: bool = False
    description: str = ""
    readme: str | None = None
    reason: str = ""

    @property
    def moved(self) -> bool:
        return self.canonical is not None and self.canonical != self.requested


@dataclass(frozen=True, slots=True)
class LinkFact:
    url: str
    status: FactStatus
    http_status: int | None = None
    final_url: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Venue:
    """Where a paper was published: ``ICCV`` 2025, ``CVPR`` 2025 ``Workshops``, ``EMNLP`` 2024
    ``Findings``. A workshop or a findings track is a venue of its own, not its conference."""

    name: str  # the acronym lists write: "ICCV", "NeurIPS", "TPAMI"
    year: int | None
    track: str = ""  # "" (main track), "Workshops" or "Findings"
    source: str = ""  # where it was read: "DBLP record conf/iccv/XieDSL25", "venue 'ICCV'"
    aliases: tuple[str, ...] = field(default=(), compare=False)  # other names: "CVPR", full names

    @property
    def label(self) -> str:
        """``ICCV 2025``, ``CVPR Workshops 2025``: the venue in words, for messages."""
        parts = [self.name, self.track, str(self.year) if self.year else ""]
        return " ".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class VenueFact:
    """What Semantic Scholar answered for one arXiv id (keyed without version).

    ``FOUND`` with ``title`` and ``venue`` (``None``: only on arXiv/CoRR, or no venue known),
    ``MISSING`` when it does not know the id, ``UNVERIFIED`` when it could not be asked.
    ``record`` is the answer's row as validated (what the cache keeps).
    """

    id: str
    status: FactStatus
    title: str = ""
    venue: Venue | None = None
    reason: str = ""
    record: dict[str, object] | None = field(default=None, compare=False, repr=False)


@dataclass(slots=True)
class SourceReport:
    """One line of the end-of-run summary for a source."""

    source: str
    verified: int = 0
    from_cache: int = 0
    unverified: int = 0
    requests: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str, count: int = 1) -> None:
        self.unverified += count
        self.reasons[reason] = self.reasons.get(reason, 0) + count


@dataclass(slots=True)
class Facts:
    """Everything the sources answered in one run, keyed for the rules."""

    arxiv: dict[str, ArxivFact] = field(default_factory=dict)  # by id without version
    title_search: dict[str, tuple[ArxivPaper, ...]] = field(default_factory=dict)  # by title
    repos: dict[str, RepoFact] = field(default_factory=dict)  # by "owner/name".lower()
    links: dict[str, LinkFact] = field(default_factory=dict)  # by URL as written
    files: dict[str, bool] = field(default_factory=dict)  # local paths: whether each exists
    venues: dict[str, VenueFact] = field(default_factory=dict)  # by arXiv id without version
    reports: list[SourceReport] = field(default_factory=list)

    def repo(self, owner_name: str) -> RepoFact | None:
        return self.repos.get(owner_name.lower())


# -- encoding facts for the cache -----------------------------------------------------------
# Only answers are stored (FOUND and MISSING); an UNVERIFIED fact is never cached, so a network
# failure is asked again next run instead of being remembered.


def paper_to_json(paper: ArxivPaper) -> dict[str, object]:
    return {
        "id": paper.id,
        "version": paper.version,
        "title": paper.title,
        "published": paper.published.isoformat(),
        "updated": paper.updated.isoformat(),
        "authors": list(paper.authors),
        "summary": paper.summary,
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
    }


class BadRow(ValueError):
    """A cache row that is not what this version stores: read as a miss, never trusted."""


def _field(data: object, name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get(name), kind):
        raise BadRow(f"{name} missing or of the wrong type")
    return data[name]


def _optional(data: dict[str, object], name: str, kind: type, default: Any) -> Any:
    value = data.get(name, default)
    if value is not None and not isinstance(value, kind):
        raise BadRow(f"{name} of the wrong type")
    return value


def _answer_status(data: object) -> FactStatus:
    """Only answers are stored: a row saying UNVERIFIED (or anything else) is not one."""
    status = _field(data, "status", str)
    if status not in (FactStatus.FOUND.value, FactStatus.MISSING.value):
        raise BadRow(f"status {status!r}")
    return FactStatus(status)


def _iso_date(data: object, name: str) -> date:
    try:
        return date.fromisoformat(_field(data, name, str))
    except ValueError:
        raise BadRow(f"{name} is not a date") from None


def paper_from_json(data: object) -> ArxivPaper:
    """An ``ArxivPaper`` from a cache row; ``BadRow`` unless every field is what arXiv could
    have said (a valid id, a version, one-line title, real dates)."""
    paper_id = _field(data, "id", str)
    version = _field(data, "version", int)
    title = _field(data, "title", str)
    if not values.is_arxiv_id(paper_id) or isinstance(version, bool) or not 1 <= version < 10_000:
        raise BadRow("not an arXiv id and version")
    if not title.strip() or not values.is_one_line(title):
        raise BadRow("not a one-line title")
    assert isinstance(data, dict)
    authors = _optional(data, "authors", list, [])
    return ArxivPaper(
        id=paper_id,
        version=version,
        title=title,
        published=_iso_date(data, "published"),
        updated=_iso_date(data, "updated"),
        authors=tuple(a for a in authors or () if isinstance(a, str)),
        summary=_optional(data, "summary", str, "") or "",
        comment=_optional(data, "comment", str, "") or "",
        journal_ref=_optional(data, "journal_ref", str, "") or "",
    )


def arxiv_fact_to_json(fact: ArxivFact) -> dict[str, object]:
    return {
        "status": fact.status.value,
        "paper": paper_to_json(fact.paper) if fact.paper is not None else None,
        "reason": fact.reason,  # findings quote it: a cached answer reads as a fresh one
    }


def arxiv_fact_from_json(key: str, data: object) -> ArxivFact:
    status = _answer_status(data)
    assert isinstance(data, dict)
    paper = data.get("paper")
    found = paper_from_json(paper) if paper is not None else None
    if (status is FactStatus.FOUND) != (found is not None) or (found and found.id != key):
        raise BadRow("the paper does not match the row")
    return ArxivFact(key, status, found, reason=_optional(data, "reason", str, "") or "")


def repo_fact_to_json(fact: RepoFact) -> dict[str, object]:
    return {
        "requested": fact.requested,
        "status": fact.status.value,
        "canonical": fact.canonical,
        "archived": fact.archived,
        "description": fact.description,
        "readme": fact.readme,
        "reason": fact.reason,  # findings quote it: a cached answer reads as a fresh one
    }


def repo_fact_from_json(data: object, key: str | None = None) -> RepoFact:
    """A ``RepoFact`` from a cache row (stored under ``key``, ``owner/name`` in lower case)."""
    status = _answer_status(data)
    requested = _field(data, "requested", str)
    assert isinstance(data, dict)
    canonical = _optional(data, "canonical", str, None)
    if not values.is_repo_name(requested) or (key is not None and requested.lower() != key):
        raise BadRow("requested is not the repository the row is stored for")
    if status is FactStatus.FOUND and not values.is_repo_name(canonical):
        raise BadRow("canonical is not a repository name")  # it may be written into a list
    if status is FactStatus.MISSING and canonical is not None:
        raise BadRow("a missing repository with a name")
    return RepoFact(
        requested=requested,
        status=status,
        canonical=canonical,
        archived=_optional(data, "archived", bool, False) or False,
        description=_optional(data, "description", str, "") or "",
        readme=_optional(data, "readme", str, None),
        reason=_optional(data, "reason", str, "") or "",
    )


def link_fact_to_json(fact: LinkFact) -> dict[str, object]:
    return {
        "status": fact.status.value,
        "http_status": fact.http_status,
        "final_url": fact.final_url,
        "reason": fact.reason,
    }


def link_fact_from_json(url: str, data: object) -> LinkFact:
    status = _answer_status(data)
    assert isinstance(data, dict)
    http_status = _optional(data, "http_status", int, None)
    final_url = _optional(data, "final_url", str, None)
    if http_status is not None and (isinstance(http_status, bool) or not 100 <= http_status < 600):
        raise BadRow("not an HTTP status")
    if final_url is not None and not values.is_http_url(final_url):
        raise BadRow("final_url is not an http(s) URL")
    return LinkFact(url, status, http_status, final_url, _optional(data, "reason", str, "") or "")
