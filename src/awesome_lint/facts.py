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
