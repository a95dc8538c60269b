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
from awesome_lint.document import Document, Entry
from awesome_lint.facts import ArxivPaper

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
    """How the list names a preprint's venue (``arXiv``, ``Arxiv``, ``Preprint``), without a
    year: the most common venue that is not a publication venue; ``None`` when the list names
    none (a preprint is then written without a venue)."""
    words = Counter(
        _YEAR_AT_END.sub("", text).strip() or text
        for text in _venues(document)
        if text and not dates.is_publication_venue(text)
    )
    if not words:  # the list names publication venues only: a preprint goes without one
        return None
    return words.most_common(1)[0][0]


def _venues(document: Document) -> list[str]:
    return [_bare(venue_as_written(document, entry)[0]) for entry in document.entries]


def venue_as_written(document: Document, entry: Entry) -> tuple[str, int]:
    """The entry's venue with a year written right after it (``arXiv 2023.``, ``ICLR 2024``)
    and the offset where that ends; ``("", 0)`` without a venue."""
    if entry.venue is None:
        return "", 0
    text, end = entry.venue.text, entry.venue.span.end
    if dates.venue_year(text) is None:
        year = _YEAR_AFTER.match(document.text, end)
        # The year may be the one the parser read as the date: it is the venue's all the same.
        if year is not None and (entry.date is None or entry.date.span.start >= year.start()):
            return text + year.group(), year.end()
    return text, end


def _bare(text: str) -> str:
    """A venue without the emphasis and brackets around it: ``**[CVPR 2025]**`` is CVPR 2025."""
    return text.strip().strip("*_[]() ").strip()


def venue_text(
    document: Document, venue: str | None, year: int, template_venue: str | None = None
) -> str | None:
    """``venue`` (``None``: the list's word for a preprint) written as the template writes its
    venue: with a year when it has one, in its form (``arXiv, 2024``, ``ICLR'24``), else
    without (``(Oct. 2024, ICCV)``). The year is the venue's own, else ``year`` (the paper's,
    for a preprint)."""
    name = venue if venue is not None else preprint_venue(document)
    if name is None:
        return None
    bare = _YEAR_AT_END.sub("", name).strip() or name
    if venue is None:  # a preprint: as the list's preprints are written, with a year or not
        form = _preprint_year_form(document)
    else:
        form = _YEAR_AT_END.search(_bare(template_venue)) if template_venue else None
    if form is None:
        return bare
    chosen = (dates.venue_year(name) if name != bare else None) or year
    return bare + form["sep"] + (f"{chosen % 100:02d}" if len(form["year"]) == 2 else str(chosen))


def _preprint_year_form(document: Document) -> re.Match[str] | None:
    """How most of the list's preprint venues write their year (``arXiv, 2024``); ``None``
    when most write none (``arXiv``)."""
    preprints = [
        text for text in _venues(document) if text and not dates.is_publication_venue(text)
    ]
    forms = [found for text in preprints if (found := _YEAR_AT_END.search(text)) is not None]
    if len(forms) * 2 <= len(preprints):
        return None
    common = Counter((found["sep"], len(found["year"])) for found in forms).most_common(1)[0][0]
    return next(found for found in forms if (found["sep"], len(found["year"])) == common)


# A year after a venue, not the start of a longer date (`2024.03`).
_YEAR_AFTER = re.compile(r",?[ \t]*'?(?:(?:19|20)\d{2}|(?<=')\d{2})(?!\d|[./-]\d)")
_YEAR_AT_END = re.compile(r"(?P<sep>,?\s*'?|\s+)(?P<year>(?:19|20)\d{2}|(?<=')\d{2})$")
