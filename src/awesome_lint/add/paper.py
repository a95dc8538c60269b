"""What a new entry says about its paper: title, first-version date, venue, code repository.

The facts come from arXiv (title, v1 date, abstract and comments); the repository is the
``github.com`` link the abstract or the comments name, when there is one, confirmed by GitHub.
The venue comes from an optional ``VenueProvider``; without one, or when it knows nothing, the
paper is listed under the list's own word for a preprint (``arXiv`` in most lists).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from awesome_lint import dates, entries
from awesome_lint.document import Document
from awesome_lint.facts import ArxivPaper

DEFAULT_PREPRINT_VENUE = "arXiv"
# `github.com/owner/name` in running text; the name ends before a sentence's full stop.
_GITHUB = re.compile(r"(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)")


class VenueProvider(Protocol):
    """Where a paper was published (``ICCV 2025``), or ``None`` when the provider does not know
    or the paper is a preprint only."""

    def __call__(self, paper: ArxivPaper) -> str | None: ...


@dataclass(frozen=True, slots=True)
class NewPaper:
    arxiv_id: str  # without version
    title: str
    published: date  # first version
    venue: str | None  # a publication venue, None for a preprint
    repository: str | None  # "Owner/Name" as GitHub spells it, None when none is known
    repository_note: str = ""  # why there is no repository, or why it is unconfirmed


def repositories_named(paper: ArxivPaper) -> list[str]:
    """``owner/name`` of each GitHub repository the abstract, then the comments, link."""
    found: list[str] = []
    for text in (paper.summary, paper.comment):
        for match in _GITHUB.finditer(text):
            name = match[2].rstrip(".")
            if name.lower().endswith(".git"):
                name = name[:-4]
            parsed = entries.parse_repo_url(f"https://github.com/{match[1]}/{name}")
            if parsed is not None and f"{parsed[0]}/{parsed[1]}" not in found:
                found.append(f"{parsed[0]}/{parsed[1]}")
    return found


def best_repository(paper: ArxivPaper, candidates: list[str]) -> str | None:
    """The paper's own repository among ``candidates``: the one named after the paper (its
    name before the colon), else the first named (abstracts name their own code first)."""
    if not candidates:
        return None
    name = paper.title.split(":", 1)[0] if ":" in paper.title else ""
    key = _letters(name)
    for candidate in candidates:
        if key and _letters(candidate.split("/", 1)[1]) == key:
            return candidate
    return candidates[0]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def preprint_venue(document: Document) -> str | None:
    """How the list names a preprint's venue (``arXiv``, ``Arxiv``, ``Preprint``): the most
    common venue text that is not a publication venue; ``None`` when the list writes no venues.
    """
    words = Counter(
        _bare(entry.venue.text)
        for entry in document.entries
        if entry.venue is not None and not dates.is_publication_venue(_bare(entry.venue.text))
    )
    if not words:
        writes_venues = any(entry.venue is not None for entry in document.entries)
        return DEFAULT_PREPRINT_VENUE if writes_venues else None
    return words.most_common(1)[0][0]


def _bare(text: str) -> str:
    """A venue without the emphasis and brackets around it: ``**[CVPR 2025]**`` is CVPR 2025."""
    return text.strip().strip("*_[]() ").strip()


def venue_text(document: Document, venue: str | None) -> str | None:
    """``venue`` as this list writes venues: with the year when most of its publication venues
    carry one, without it otherwise (``(Oct. 2024, ICCV)``). ``None``: the preprint word."""
    if venue is None:
        return preprint_venue(document)
    written = [
        _bare(entry.venue.text)
        for entry in document.entries
        if entry.venue is not None and dates.is_publication_venue(_bare(entry.venue.text))
    ]
    with_year = sum(dates.venue_year(text) is not None for text in written)
    if written and with_year * 2 <= len(written):
        return re.sub(r"\s*'?(?:19|20)?\d{2}$", "", venue).strip() or venue
    return venue
