"""The listed venue or its year is not where the paper was published.

`CVPR 2024` listed, ECCV 2024 published; `ICLR 2024` listed, ICLR 2025 published. Where the
paper was published comes from Semantic Scholar, as for `venue-outdated` (DBLP's record key
first). Workshops and findings tracks are venues of their own: a workshop paper listed under
its conference's name (`CVPR 2025` for a paper of the CVPR 2025 workshops) is a mismatch, and
so is the other way round. A listed venue without a year (`ICLR`) is not a mismatch for its
year; `NIPS` is `NeurIPS`, and `IEEE TPAMI` or `ACM MM` name the venue DBLP calls TPAMI or
ACM MM. Entries listed as preprints are `venue-outdated`'s.

The unsafe fix writes the published venue in the list's style, only where the listed venue is
nothing but a name, a track and a year (never dropping an `(Oral)` or other words).

Fails:
```markdown
+ [JetFormer: An Autoregressive Generative Model of Raw Images and Text](https://arxiv.org/abs/2411.19722) (Nov. 2024, ICLR 2024)
+ [UniToken: Harmonizing Multimodal Understanding and Generation through Unified Visual Encoding](https://arxiv.org/abs/2504.04423) (Apr. 2025, CVPR 2025)
```

Passes:
```markdown
+ [JetFormer: An Autoregressive Generative Model of Raw Images and Text](https://arxiv.org/abs/2411.19722) (Nov. 2024, ICLR 2025)
+ [UniToken: Harmonizing Multimodal Understanding and Generation through Unified Visual Encoding](https://arxiv.org/abs/2504.04423) (Apr. 2025, CVPR 2025 Workshops)
+ [JetFormer: An Autoregressive Generative Model of Raw Images and Text](https://arxiv.org/abs/2411.19722) (Nov. 2024, ICLR)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_lint import conventions, entries, venues
from awesome_lint.document import Document
from awesome_lint.facts import Venue
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.base import Context
from awesome_lint.rules.venue_outdated import (
    any_published,
    in_place,
    listed_venue,
    published,
    source_words,
)

NAME = "venue-mismatch"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset({"venues"})
FIX = "unsafe"

# A name worth comparing: an acronym (two capitals at least) or a one-word name.
_COMPARABLE = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z][A-Za-z0-9&+-]{1,11}$")


def _difference(listed: venues.Listed, venue: Venue) -> str | None:
    """What differs, in words; ``None`` when the listed venue agrees with the published one."""
    assert listed.name is not None
    if not any(venues.same_name(name, venue) for name in listed.names()):
        if not _COMPARABLE.match(listed.name) or not _COMPARABLE.match(venue.name):
            return None  # a name in words ("Nature Communications"): nothing sure to compare
        return "another venue"
    if listed.track != venue.track:
        if venue.track == venues.WORKSHOPS:
            return "a workshop paper listed as the main conference's"
        if listed.track == venues.WORKSHOPS:
            return "a main-conference paper listed as a workshop's"
        return f"{venue.track or 'main'} track, not {listed.track or 'main'} track"
    if listed.year is not None and venue.year is not None and listed.year != venue.year:
        return "another year"
    return None


def check(document: Document, context: Context) -> Iterator[Finding]:
    if not any_published(context.facts):
        return
    for entry in document.entries:
        field = entry.venue
        if field is None:
            continue
        listed = listed_venue(document, field)
        if listed.preprint or listed.name is None:
            continue
        paper = published(entry, context.facts)
        if paper is None:
            continue
        paper_id, venue = paper
        difference = _difference(listed, venue)
        if difference is None:
            continue
        style = conventions.of(document).venue_year_style
        text = venues.format_venue(venue, style)
        fix = None
        if listed.plain and in_place(document, field):
            edit = Edit(field.span.start, field.span.end, text)
            fix = Fix(f"Write {text}", (edit,), Applicability.UNSAFE)
        link = entries.arxiv_link(entry)
        yield Finding(
            NAME,
            context.severity,
            document.path,
            field.span,
            f"listed '{field.text}', but published at {venue.label} ({difference};"
            f" {source_words(paper_id, venue)})",
            related=(Related(link[0].url_span, f"arXiv {link[1].id}"),) if link else (),
            fix=fix,
        )
