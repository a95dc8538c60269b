"""Listed as a preprint, but the paper has since been published at a venue.

The change maintainers make most by hand: `(Oct. 2024, arXiv)` becomes `(Oct. 2024, ICCV 2025)`
once the paper is accepted. Semantic Scholar's record of the paper says where it appeared:
DBLP's record key first (`conf/iccv/…25` is ICCV 2025), then the venue's acronym, then its
name; a record that only knows arXiv or CoRR is no venue. Workshops and findings tracks are
venues of their own (`CVPR Workshops 2025`). An entry listed as `arXiv`, `preprint` or `CoRR`
is reported; so is one without any venue in a list whose entries mostly list one. Entries
whose link is another paper's id (`arxiv-id-mismatch`) are judged by the paper arXiv's title
search finds for their title, or not at all.

The unsafe fix writes the venue in the list's own style: its year as the list writes venue
years (`ICCV 2025`, `ICCV'25`, `ICCV, 2025`; `ICCV 2025` when it writes none), in place of
the preprint's name, so brackets, emphasis or a table's venue column stay as they are. A year
right after `arXiv` (`arXiv 2024`) is the preprint's, and goes with it.

Fails:
```markdown
+ [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762) (Nov. 2024, arXiv)
```

Passes:
```markdown
+ [MUSE-VL: Modeling Unified VLM through Semantic Discrete Encoding](https://arxiv.org/abs/2411.17762) (Nov. 2024, ICCV 2025)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from awesome_lint import conventions, entries, titles, venues
from awesome_lint.document import Document, Entry, TextField
from awesome_lint.facts import ArxivPaper, Facts, FactStatus, Venue, VenueFact
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.base import Context

NAME = "venue-outdated"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset({"venues"})
FIX = "unsafe"

_PIECE_END = re.compile(r"[)\]|*_\n,;<]")
_TRAILING_YEAR = re.compile(r"[ \t]+(?:19|20)\d{2}(?![\d'’])")


def published(entry: Entry, facts: Facts) -> tuple[str, Venue] | None:
    """The id of the entry's paper and where it was published, if Semantic Scholar says so.

    The paper is the one under the entry's arXiv id, unless arXiv has another paper there
    (then the one arXiv's title search finds for the listed title, if it found exactly one).
    Without an arXiv answer, Semantic Scholar's own title must be the listed title's paper.
    """
    found = entries.arxiv_link(entry)
    if found is None:
        return None
    listed_id = paper_id = found[1].id
    arxiv = facts.arxiv.get(listed_id)
    checked = False
    if arxiv is not None and arxiv.status is FactStatus.FOUND and arxiv.paper is not None:
        checked = True
        if titles.judge(entry, arxiv.paper, facts).verdict is titles.Verdict.OTHER:
            right = titles.suggestion(facts, entry.title, listed_id)
            if right is None:
                return None
            paper_id = right.id
    fact: VenueFact | None = facts.venues.get(paper_id)
    if fact is None or fact.status is not FactStatus.FOUND or fact.venue is None:
        return None
    if not checked and _another_paper(entry.title, paper_id, fact.title):
        return None
    return paper_id, fact.venue


def _another_paper(listed: str, paper_id: str, title: str) -> bool:
    paper = ArxivPaper(paper_id, 1, title, date.min, date.min)
    return titles.compare(listed, paper).verdict is titles.Verdict.OTHER


def listed_venue(document: Document, field: TextField) -> venues.Listed:
    """The entry's venue as listed, with what follows it in its piece (``Workshop``)."""
    rest = document.text[field.span.end : field.span.end + 60]
    end = _PIECE_END.search(rest)
    return venues.parse_listed(field.text, rest[: end.start()] if end else rest)


def in_place(document: Document, field: TextField) -> bool:
    """Whether the field's text stands as such in the source (an exact place to edit)."""
    return document.text[field.span.start : field.span.end] == field.text


def source_words(paper_id: str, venue: Venue) -> str:
    """Where the venue came from: ``Semantic Scholar on arXiv 2411.17762: DBLP record ...``."""
    return f"Semantic Scholar on arXiv {paper_id}: {venue.source}"


def any_published(facts: Facts) -> bool:
    """Whether Semantic Scholar named a venue for any paper (none without a network: then
    the entries need not be read at all)."""
    return any(
        fact.status is FactStatus.FOUND and fact.venue is not None for fact in facts.venues.values()
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    if not any_published(context.facts):
        return
    found = conventions.of(document)
    lists_venues = found.with_venue * 2 > len(document.entries)
    for entry in document.entries:
        field = entry.venue
        if field is None and not lists_venues:
            continue
        if field is not None and not listed_venue(document, field).preprint:
            continue
        paper = published(entry, context.facts)
        if paper is None:
            continue
        paper_id, venue = paper
        link = entries.arxiv_link(entry)
        related = (Related(link[0].url_span, f"arXiv {link[1].id}"),) if link else ()
        where = f"published at {venue.label} ({source_words(paper_id, venue)})"
        if field is None:
            yield Finding(
                NAME,
                context.severity,
                document.path,
                entry.title_span,
                f"no venue listed, but {where}",
                related=related,
            )
            continue
        text = venues.format_venue(venue, found.venue_year_style)
        fix = None
        if in_place(document, field):
            end = field.span.end
            trailing = _TRAILING_YEAR.match(document.text, end)
            if trailing is not None:
                end = trailing.end()
            fix = Fix(f"Write {text}", (Edit(field.span.start, end, text),), Applicability.UNSAFE)
        yield Finding(
            NAME,
            context.severity,
            document.path,
            field.span,
            f"listed as '{field.text}', but {where}",
            related=related,
            fix=fix,
        )
