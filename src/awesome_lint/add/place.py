"""Where a new entry goes: its section, and its position in that section.

A section sorted by date (newest or oldest first, as ``conventions`` tells, or all but a few
steps so) takes the entry where its date puts it: the position that leaves the fewest entries
out of order, the last such position among equals. An unsorted section takes it where its
recent additions went: at the top when its newest paper is in its upper half, else at the
bottom. Between entries, the blank lines the section already puts between its entries.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Literal

from awesome_lint import conventions, dates, entries
from awesome_lint.document import Document, Entry, Section

# Share of a section's date steps that must go one way for it to count as sorted that way:
# lists sorted by hand keep a stray entry or two.
MOSTLY_SORTED = 2 / 3
How = Literal["by date, newest first", "by date, oldest first", "at the top", "at the bottom"]


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
    """The heading whose text is ``text``: exactly, else ignoring case, spaces and emphasis."""
    exact = [section for section in document.sections if section.title == text]
    if not exact:
        key = _key(text)
        exact = [section for section in document.sections if _key(section.title) == key]
    if not exact:
        raise SectionError(f"no heading '{text}' in the list")
    if len(exact) > 1:
        lines = ", ".join(str(section.line) for section in exact)
        raise SectionError(f"several headings read '{text}' (lines {lines})")
    return exact[0]


def _key(text: str) -> str:
    return " ".join(re.sub(r"[*_`]", "", text).lower().split())


def section_entries(document: Document, section: Section) -> list[Entry]:
    """The section's own entries, in order: items nested under another entry are left out."""
    return [
        entry for entry in document.entries if entry.section == section and entry.parent is None
    ]


def place(document: Document, section: Section, published: date) -> Place:
    found = section_entries(document, section)
    if not found:
        return Place(section, 0, "in the empty section")
    keys = [_date_key(entry) for entry in found]
    new = (published.year, published.month)
    order = _order(document, section, keys)
    if order is None:
        return Place(section, *_recent_end(found, keys))
    newest_first = order == "newest-first"
    best, best_cost = 0, len(found) + 1
    for index in range(len(found) + 1):
        before, after = keys[:index], keys[index:]
        if newest_first:
            cost = sum(k is not None and k < new for k in before)
            cost += sum(k is not None and k > new for k in after)
        else:
            cost = sum(k is not None and k > new for k in before)
            cost += sum(k is not None and k < new for k in after)
        if cost <= best_cost:
            best, best_cost = index, cost
    how: How = "by date, newest first" if newest_first else "by date, oldest first"
    return Place(section, best, how)


def _date_key(entry: Entry) -> tuple[int, int] | None:
    """``(year, month)`` of the entry's date; ``None`` without a month (it cannot be placed)."""
    found = dates.find_date(entry.date.text) if entry.date is not None else None
    if found is None or found.month is None:
        return None
    return found.year, found.month


def _order(
    document: Document, section: Section, keys: Sequence[tuple[int, int] | None]
) -> conventions.Order | None:
    known = conventions.of(document).order_of(section)
    if known is not None and known.is_sorted:
        return known.order
    dated = [key for key in keys if key is not None]
    steps = [(later > earlier) - (later < earlier) for earlier, later in pairwise(dated)]
    moving = [step for step in steps if step]
    if len(dated) < conventions.MIN_DATED_FOR_ORDER or len(moving) < 2:
        return None
    if moving.count(-1) >= MOSTLY_SORTED * len(moving):
        return "newest-first"
    if moving.count(1) >= MOSTLY_SORTED * len(moving):
        return "oldest-first"
    return None


def _recent_end(found: Sequence[Entry], keys: Sequence[tuple[int, int] | None]) -> tuple[int, How]:
    """Top or bottom: where the section's newest paper is (by date, else by arXiv id)."""
    ranked = [
        ((key or (0, 0)), _id_key(entry), index)
        for index, (entry, key) in enumerate(zip(found, keys, strict=True))
        if key is not None or _id_key(entry) != ""
    ]
    if not ranked:
        return len(found), "at the bottom"
    newest = max(ranked)[2]
    if newest * 2 < len(found) - 1:
        return 0, "at the top"
    return len(found), "at the bottom"


def _id_key(entry: Entry) -> str:
    found = entries.arxiv_id(entry)
    return found.id if found is not None and "/" not in found.id else ""


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
