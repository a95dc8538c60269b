"""A list's own conventions: how this list writes its entries, worked out once per document.

Style rules compare each entry with the rest of its list rather than with a fixed house style,
so they ask here instead of each counting for itself. ``of(document)`` computes the conventions
on first use and keeps them on the document.

What is found:

- **date style**: how entries write their dates (``abbr.`` for ``Jun. 2025``, ``full`` for
  ``June 2025``, ``YYYY/MM/DD``...; see ``dates``).
- **arXiv URL form**: how links to arXiv papers are written: host, scheme, page kind (``abs``,
  ``pdf``, ``html``), with or without a version, with or without a ``.pdf`` suffix.
- **entry shape**: how many entries are list items, table rows...; how many fit on one line.
- **badges**: the share of entries that carry an arXiv badge and a GitHub star badge.
- **section order**: whether each section lists its entries newest first, oldest first, or in
  no date order.
- **venue style**: how listed venues write their year: ``ICCV 2025``, ``ICCV, 2025`` or
  ``ICCV'25`` (``venues.year_style``). Brackets, emphasis and table cells around a venue are
  outside its field, so a fix that rewrites the field keeps them.

*Dominant* means the same everywhere: shared by more than half of the things counted. A tie or
a plurality is no convention, and then the answer is ``None``. The arXiv URL form also needs at
least ``MIN_ARXIV_LINKS`` links: a list with three links has no habit worth enforcing.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal, TypeVar
from urllib.parse import urlsplit

from awesome_lint import dates, entries, venues
from awesome_lint.arxiv_ids import ArxivId, ArxivUrl
from awesome_lint.document import Document, Entry, Section

MIN_ARXIV_LINKS = 5
MIN_DATED_FOR_ORDER = 3
_CACHE_KEY = "_awesome_lint_conventions"  # in Document.__dict__, so the document owns the cache

ArxivHost = Literal["arxiv.org", "www.arxiv.org"]
ArxivScheme = Literal["https", "http"]
ArxivKind = Literal["abs", "pdf", "html"]
LineShape = Literal["one-line", "multi-line"]
Order = Literal["newest-first", "oldest-first", "unsorted"]
BadgeKind = Literal["arxiv", "stars"]
_HOSTS: dict[str | None, ArxivHost] = {"arxiv.org": "arxiv.org", "www.arxiv.org": "www.arxiv.org"}
_SCHEMES: dict[str, ArxivScheme] = {"https": "https", "http": "http"}
_KINDS: dict[str, ArxivKind] = {"abs": "abs", "pdf": "pdf", "html": "html"}
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class ArxivForm:
    """One way of writing arXiv paper URLs, whatever the id: ``https://arxiv.org/pdf/ID``."""

    host: ArxivHost = "arxiv.org"
    scheme: ArxivScheme = "https"
    kind: ArxivKind = "abs"
    versioned: bool = False  # ``2410.13848v2``
    pdf_suffix: bool = False  # ``2410.13848.pdf``

    def url_for(self, arxiv_id: ArxivId) -> str:
        """``arxiv_id`` written in this form.

        A version is written only when the form is versioned and the id has one: a version is
        never invented, and one the form does not write is dropped (as the canonical form does).
        """
        ident = arxiv_id.versioned if self.versioned else arxiv_id.id
        suffix = ".pdf" if self.pdf_suffix else ""
        return f"{self.scheme}://{self.host}/{self.kind}/{ident}{suffix}"

    def fits(self, url: ArxivUrl) -> bool:
        """Whether ``url`` is written in this form: rewriting it would change nothing.

        In a versioned form an unversioned link fits, since its version cannot be invented.
        """
        return url.arxiv_id is not None and url.url == self.url_for(url.arxiv_id)

    def differences(self, url: ArxivUrl) -> list[str]:
        """How ``url`` differs from this form, in words: ``ArxivUrl.problems`` for ``CANONICAL``."""
        parts = urlsplit(url.url)
        out = []
        if parts.scheme != self.scheme:
            out.append(f"{parts.scheme or 'no'} scheme")
        if parts.hostname != self.host:
            out.append(f"host {parts.hostname}")
        if url.kind != self.kind:
            out.append(f"/{url.kind}/ page")
        has_suffix = url.raw_id.endswith(".pdf")
        if has_suffix and not self.pdf_suffix:
            out.append(".pdf suffix")
        elif self.pdf_suffix and not has_suffix:
            out.append("no .pdf suffix")
        if url.arxiv_id is not None and url.arxiv_id.version and not self.versioned:
            out.append(f"version suffix v{url.arxiv_id.version}")
        if parts.query or parts.fragment or parts.path.endswith("/"):
            out.append("extra characters")
        return out


CANONICAL = ArxivForm()  # https://arxiv.org/abs/ID, what lists agree on when they agree on none
PDF = ArxivForm(kind="pdf")  # https://arxiv.org/pdf/ID


_PLAIN_FORM = re.compile(r"(https?)://((?:www\.)?arxiv\.org)/")


@functools.lru_cache(maxsize=1 << 16)
def form_of(url: ArxivUrl) -> ArxivForm | None:
    """The form ``url`` is written in; ``None`` for shapes no list should adopt (ftp,
    ``export.arxiv.org``, ``/format/`` pages). Remembered: a list links thousands."""
    plain = _PLAIN_FORM.match(url.url)
    if plain is not None:  # the usual shape, without urlsplit
        scheme_text, host_text = plain.groups()
    else:
        try:
            parts = urlsplit(url.url.strip())
        except ValueError:
            return None
        scheme_text, host_text = parts.scheme, parts.hostname or ""
    host, scheme, kind = (
        _HOSTS.get(host_text),
        _SCHEMES.get(scheme_text),
        _KINDS.get(url.kind),
    )
    if host is None or scheme is None or kind is None:
        return None
    versioned = url.arxiv_id is not None and url.arxiv_id.version is not None
    return ArxivForm(host, scheme, kind, versioned, url.raw_id.endswith(".pdf"))


@dataclass(frozen=True, slots=True)
class EntryShape:
    """How entries are laid out: counts of each kind (``item``, ``row``...) and of line shapes."""

    kinds: tuple[tuple[str, int], ...]  # (kind, entries), most common first
    one_line: int  # entries whose text fits on their first line
    multi_line: int

    @property
    def entries(self) -> int:
        return self.one_line + self.multi_line

    @property
    def kind(self) -> str | None:
        """The kind of more than half of the entries, if any."""
        return _dominant(dict(self.kinds), self.entries)

    @property
    def lines(self) -> LineShape | None:
        """``one-line`` or ``multi-line`` when more than half of the entries are so."""
        counts: dict[LineShape, int] = {"one-line": self.one_line, "multi-line": self.multi_line}
        return _dominant(counts, self.entries)


@dataclass(frozen=True, slots=True)
class Badges:
    """Which badges entries carry: of ``entries`` entries, how many have each kind."""

    entries: int
    with_arxiv: int
    with_stars: int

    @property
    def arxiv_share(self) -> float:
        return self.with_arxiv / self.entries if self.entries else 0.0

    @property
    def star_share(self) -> float:
        return self.with_stars / self.entries if self.entries else 0.0

    @property
    def usual(self) -> frozenset[BadgeKind]:
        """The badge kinds more than half of the entries carry."""
        out: set[BadgeKind] = set()
        if self.with_arxiv * 2 > self.entries:
            out.add("arxiv")
        if self.with_stars * 2 > self.entries:
            out.add("stars")
        return frozenset(out)


@dataclass(frozen=True, slots=True)
class SectionOrder:
    """The date order of one section's entries.

    ``order`` is ``None`` when the section has fewer than ``MIN_DATED_FOR_ORDER`` dated entries
    or all of them share one month: nothing can be told then.
    """

    section: Section
    dated: int  # entries with a date that ``dates.find_date`` reads
    order: Order | None

    @property
    def is_sorted(self) -> bool:
        return self.order in ("newest-first", "oldest-first")


@dataclass(frozen=True, slots=True)
class Conventions:
    """How one list writes its entries. Get it with ``of(document)``."""

    date_style: str | None  # the dominant ``dates`` style, e.g. "abbr."
    arxiv_links: int  # links to arXiv papers (badges' targets included, images not)
    arxiv_form: ArxivForm | None  # the dominant form, None when there is none
    shape: EntryShape
    badges: Badges
    sections: tuple[SectionOrder, ...]  # sections that hold entries, in document order
    venue_year_style: venues.YearStyle | None = None  # "space", "comma", "apostrophe"
    with_venue: int = 0  # entries that list a venue (a preprint's "arXiv" included)

    @property
    def expected_arxiv_form(self) -> ArxivForm:
        """The form arXiv links should take: the list's own, else the canonical one."""
        return self.arxiv_form or CANONICAL

    def arxiv_url_fits(self, url: ArxivUrl) -> bool:
        """Whether ``url`` is written in this list's form (``expected_arxiv_form``)."""
        return self.expected_arxiv_form.fits(url)

    def arxiv_url_for(self, arxiv_id: ArxivId) -> str:
        """``arxiv_id`` written in this list's form; never adds a version (see ``url_for``)."""
        return self.expected_arxiv_form.url_for(arxiv_id)

    def order_of(self, section: Section) -> SectionOrder | None:
        return next((found for found in self.sections if found.section == section), None)


def of(document: Document) -> Conventions:
    """The conventions of ``document``, worked out on the first call and kept on it."""
    cached = document.__dict__.get(_CACHE_KEY)
    if isinstance(cached, Conventions):
        return cached
    found = compute(document)
    document.__dict__[_CACHE_KEY] = found
    return found


def compute(document: Document) -> Conventions:
    """The conventions of ``document``, worked out afresh (``of`` keeps them)."""
    forms = [form_of(url) for url in _arxiv_urls(document)]
    return Conventions(
        date_style=dates.dominant_style(
            found for entry in document.entries if (found := _date(entry)) is not None
        ),
        arxiv_links=len(forms),
        arxiv_form=_dominant(Counter(forms), len(forms)) if len(forms) >= MIN_ARXIV_LINKS else None,
        shape=_shape(document.entries),
        badges=_badges(document.entries),
        sections=_section_orders(document.entries),
        venue_year_style=venues.year_style(
            entry.venue.text for entry in document.entries if entry.venue is not None
        ),
        with_venue=sum(entry.venue is not None for entry in document.entries),
    )


def _dominant(counts: Mapping[_T, int], total: int) -> _T | None:
    """The key counted more than ``total / 2`` times, if any."""
    for key, count in counts.items():
        if count * 2 > total:
            return key
    return None


def _date(entry: Entry) -> dates.DateMatch | None:
    return dates.find_date(entry.date.text) if entry.date is not None else None


def _arxiv_urls(document: Document) -> Iterable[ArxivUrl]:
    """Every link to an arXiv paper, as the ``arxiv-url`` rule sees them: images left out."""
    for link in document.links:
        if link.is_image:
            continue
        parsed = entries.arxiv_url(link.url)
        if parsed is not None and parsed.arxiv_id is not None and parsed.arxiv_id.is_valid:
            yield parsed


def _shape(found: Sequence[Entry]) -> EntryShape:
    kinds = Counter(entry.kind for entry in found)
    one_line = sum(entry.span.line == entry.span.end_line for entry in found)
    return EntryShape(tuple(kinds.most_common()), one_line, len(found) - one_line)


def _badges(found: Sequence[Entry]) -> Badges:
    with_arxiv = with_stars = 0
    for entry in found:
        images = [image for image, _ in entries.images(entry)]
        with_arxiv += any(entries.is_arxiv_badge(image) for image in images)
        with_stars += any(entries.is_star_badge(image) for image in images)
    return Badges(len(found), with_arxiv, with_stars)


def _section_orders(found: Sequence[Entry]) -> tuple[SectionOrder, ...]:
    by_section: dict[Section, list[dates.DateMatch]] = {}
    for entry in found:
        if entry.section is None:
            continue
        dated = by_section.setdefault(entry.section, [])
        if (date := _date(entry)) is not None:
            dated.append(date)
    return tuple(
        SectionOrder(section, len(dated), _order(dated)) for section, dated in by_section.items()
    )


def _order(found: Sequence[dates.DateMatch]) -> Order | None:
    if len(found) < MIN_DATED_FOR_ORDER:
        return None
    steps = [_compare(earlier, later) for earlier, later in pairwise(found)]
    if all(step <= 0 for step in steps) and any(step < 0 for step in steps):
        return "newest-first"
    if all(step >= 0 for step in steps) and any(step > 0 for step in steps):
        return "oldest-first"
    return None if not any(steps) else "unsorted"


def _compare(earlier: dates.DateMatch, later: dates.DateMatch) -> int:
    """-1 when ``later`` is older, 1 when newer, 0 when one cannot tell (same month, or the same
    year and one of them gives no month)."""
    if earlier.year != later.year:
        return 1 if later.year > earlier.year else -1
    if earlier.month is None or later.month is None or earlier.month == later.month:
        return 0
    return 1 if later.month > earlier.month else -1
