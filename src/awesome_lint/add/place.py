"""Where a new entry goes: its section, and its position in that section.

A section sorted by date (newest or oldest first, as ``conventions`` tells, or all but a few
steps so) takes the entry where its date puts it: the position that leaves the fewest entries
out of order, the last such position among equals. An entry without a date is dated by its
arXiv id (lists grouped by year often sort by id alone), and within a month the ids' sequence
numbers tell which paper came first. An unsorted section takes it where its recent additions
went, as the list's git history shows them (top or bottom half), else at the end nearer to
its newest paper. Between entries, the blank lines the section already puts between its entries.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal, NamedTuple

from awesome_lint import conventions, dates, entries
from awesome_lint.document import Document, Entry, Section

# Share of a section's date steps that must go one way for it to count as sorted that way:
# lists sorted by hand keep a stray entry or two.
MOSTLY_SORTED = 2 / 3
How = Literal[
    "by date, newest first",
    "by date, oldest first",
    "at the top",
    "at the bottom",
    "at the top, where its recent additions went",
    "at the bottom, where its recent additions went",
]
RECENT = 5  # the section's latest additions that say where new ones go
MAX_ADDED_AT_ONCE = 3


class SectionError(Exception):
    """The section named is not a heading of the list, or names several."""


@dataclass(frozen=True, slots=True)
class Place:
    section: Section
    index: int  # position among the section's entries (0: before the first)
    how: How | Literal["in the empty section"]


def headings(document: Document) -> list[Section]:
    return list(document.sections)


def find_section(document: Document, text: str) -> Section:
    """The heading whose text is ``text``: exactly, else ignoring case, spaces and emphasis.
    Where several headings read the same (``2024`` under each topic), ``Topic > 2024`` names
    one by the heading it stands under."""
    found = _matching(document, text)
    if not found and ">" in text:
        parent_text, _, own = text.rpartition(">")
        parents = [id(s) for s in _matching(document, parent_text.strip())]
        found = [
            s for s in _matching(document, own.strip()) if id(parent_of(document, s)) in parents
        ]
    if not found:
        raise SectionError(f"no heading '{text}' in the list")
    if len(found) > 1:
        named = ", ".join(f"'{path_of(document, s)}' (line {s.line})" for s in found)
        raise SectionError(f"several headings read '{text}': {named}")
    return found[0]


def _matching(document: Document, text: str) -> list[Section]:
    exact = [section for section in document.sections if section.title == text]
    if exact:
        return exact
    key = _key(text)
    return [section for section in document.sections if _key(section.title) == key]


def parent_of(document: Document, section: Section) -> Section | None:
    """The nearest heading above ``section`` of a higher level."""
    above = [s for s in document.sections if s.line < section.line and s.level < section.level]
    return above[-1] if above else None


def path_of(document: Document, section: Section) -> str:
    parent = parent_of(document, section)
    return f"{parent.title} > {section.title}" if parent is not None else section.title


def _key(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).lower().split())


def section_entries(document: Document, section: Section) -> list[Entry]:
    """The section's own entries, in order: items nested under another entry are left out."""
    return [
        entry for entry in document.entries if entry.section == section and entry.parent is None
    ]


class When(NamedTuple):
    """When a paper appeared, as finely as known: its month, and its arXiv id's sequence number
    when the id is of that month (ids are numbered in order of submission within a month)."""

    year: int
    month: int
    sequence: int | None = None


def compare(a: When, b: When) -> int:
    """-1, 0 or 1 as ``a`` appeared before, with (or cannot be told from), or after ``b``."""
    if (a.year, a.month) != (b.year, b.month):
        return -1 if (a.year, a.month) < (b.year, b.month) else 1
    if a.sequence is None or b.sequence is None or a.sequence == b.sequence:
        return 0
    return -1 if a.sequence < b.sequence else 1


def when(published: date, arxiv_id: str) -> When:
    return When(
        published.year, published.month, _sequence(arxiv_id, published.year, published.month)
    )


def place(
    document: Document,
    section: Section,
    published: date,
    arxiv_id: str = "",
    recent: Sequence[Sequence[str]] = (),
) -> Place:
    """Where the paper goes in ``section``; ``recent``: the arXiv ids each of the list's last
    commits added, newest first (``history.recently_added``), for a section not sorted by
    date."""
    found = section_entries(document, section)
    if not found:
        return Place(section, 0, "in the empty section")
    keys = [_when(entry) for entry in found]
    new = when(published, arxiv_id)
    order = _order(document, section, keys)
    if order is None:
        return Place(section, *(_where_added(found, recent) or _recent_end(keys)))
    sign = -1 if order == "newest-first" else 1  # the sign of a step down the section
    best, best_cost = 0, len(found) + 1
    for index in range(len(found) + 1):
        # Out of order: an entry above that should come after the new one, or one below
        # that should come before it.
        cost = sum(k is not None and compare(k, new) == sign for k in keys[:index])
        cost += sum(k is not None and compare(new, k) == sign for k in keys[index:])
        if cost <= best_cost:
            best, best_cost = index, cost
    how: How = "by date, newest first" if sign < 0 else "by date, oldest first"
    return Place(section, best, how)


def _when(entry: Entry) -> When | None:
    """When the entry's paper appeared: the month of its date, else of its arXiv id; ``None``
    when neither tells a month (it cannot be placed)."""
    found = dates.find_date(entry.date.text) if entry.date is not None else None
    paper = entries.arxiv_id(entry)
    ident = paper.id if paper is not None else ""
    if found is not None and found.month is not None:
        return When(found.year, found.month, _sequence(ident, found.year, found.month))
    match = _NEW_ID.fullmatch(ident)
    if match is None:
        return None
    year, month = 2000 + int(match["yy"]), int(match["mm"])
    return When(year, month, int(match["number"]))


_NEW_ID = re.compile(r"(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<number>\d{4,5})")


def _sequence(arxiv_id: str, year: int, month: int) -> int | None:
    match = _NEW_ID.fullmatch(arxiv_id)
    if match is None or (2000 + int(match["yy"]), int(match["mm"])) != (year, month):
        return None
    return int(match["number"])


def _order(
    document: Document, section: Section, keys: Sequence[When | None]
) -> conventions.Order | None:
    known = conventions.of(document).order_of(section)
    if known is not None and known.is_sorted:
        return known.order
    # By month only: lists sorted by date rarely sort the papers of one month by id.
    dated = [When(key.year, key.month) for key in keys if key is not None]
    moving = [step for a, b in pairwise(dated) if (step := compare(b, a))]
    if len(dated) < conventions.MIN_DATED_FOR_ORDER or len(moving) < 2:
        return None
    if moving.count(-1) >= MOSTLY_SORTED * len(moving):
        return "newest-first"
    if moving.count(1) >= MOSTLY_SORTED * len(moving):
        return "oldest-first"
    return None


def _where_added(found: Sequence[Entry], recent: Sequence[Sequence[str]]) -> tuple[int, How] | None:
    """Top or bottom: where the section's last ``RECENT`` additions are, from the commits that
    added one to three of its entries (more is an import or a reordering, not an addition);
    ``None`` when the history shows none."""
    index: dict[str, int] = {}
    for position, entry in enumerate(found):
        paper = entries.arxiv_id(entry)
        if paper is not None:
            index.setdefault(paper.id, position)
    positions: list[int] = []
    for added in recent:
        mine = [index[ident] for ident in added if ident in index]
        if 0 < len(mine) <= MAX_ADDED_AT_ONCE:
            positions.extend(mine)
        if len(positions) >= RECENT:
            break
    if not positions:
        return None
    upper = sum(position * 2 < len(found) - 1 for position in positions)
    if upper * 2 > len(positions):
        return 0, "at the top, where its recent additions went"
    return len(found), "at the bottom, where its recent additions went"


def _recent_end(keys: Sequence[When | None]) -> tuple[int, How]:
    """Top or bottom: the end of the section nearer to its newest paper."""
    dated = [(key, index) for index, key in enumerate(keys) if key is not None]
    if not dated:
        return len(keys), "at the bottom"
    newest = max(dated, key=lambda item: (item[0].year, item[0].month, item[0].sequence or 0))[1]
    if newest * 2 < len(keys) - 1:
        return 0, "at the top"
    return len(keys), "at the bottom"


@dataclass(frozen=True, slots=True)
class Insertion:
    offset: int  # where the text goes in the document's text
    text: str  # what goes there
    line: int  # the new entry's first line in the new text


def insertion(document: Document, where: Place, entry_text: str, table_head: str) -> Insertion:
    """The text to insert for ``entry_text`` at ``where``, with the section's spacing."""
    found = section_entries(document, where.section)
    if not found:
        return _into_empty(document, where.section, entry_text, table_head)
    gap = "\n" * (_blank_lines(document, found) + 1)
    if where.index < len(found):
        following = found[where.index]
        offset = document.line_starts[following.span.line - 1]
        return Insertion(offset, entry_text + gap, following.span.line)
    last_line = _last_line(document, found[-1])
    offset = document.line_starts[last_line - 1] + len(document.lines[last_line - 1])
    return Insertion(offset, gap + entry_text, last_line + len(gap))


def _into_empty(document: Document, section: Section, text: str, head: str) -> Insertion:
    """After the heading and one blank line; a blank line after it unless one follows."""
    line = section.line
    offset = document.line_starts[line - 1] + len(document.lines[line - 1])
    block = f"{head}\n{text}" if head else text
    after = ""
    if line < len(document.lines) and document.lines[line].strip():
        after = "\n"
    return Insertion(offset, "\n\n" + block + after, line + 2 + (2 if head else 0))


def _last_line(document: Document, entry: Entry) -> int:
    """The entry's last line, items nested under it included."""
    last = entry.span.end_line
    for other in document.entries:
        parent = other.parent
        while parent is not None and parent is not entry:
            parent = parent.parent
        if parent is entry:
            last = max(last, other.span.end_line)
    return last


def _blank_lines(document: Document, found: Sequence[Entry]) -> int:
    """The blank lines most often found between two of the section's entries."""
    counts: Counter[int] = Counter()
    for earlier, later in pairwise(found):
        between = document.lines[_last_line(document, earlier) : later.span.line - 1]
        if all(not line.strip() for line in between):
            counts[len(between)] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return 0 if found[0].kind == "row" else 1
