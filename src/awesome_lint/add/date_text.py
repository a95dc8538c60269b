"""A new entry's date, written as its template writes dates.

- A bare year (``ICLR 2024``, ``(arXiv preprint 2024)``): the year; the venue's year when the
  paper has a venue with one, since such lists put the year after the venue.
- A named month with a day (``(12 Aug 2024)``, ``Aug. 12, 2024``): the template's text with its
  day, month word (in the same form and case) and year replaced.
- Otherwise the list's dominant style (``dates.rewrite``), else the template's own, else
  ``Oct. 2024``.
"""

from __future__ import annotations

import re

from awesome_lint import conventions, dates
from awesome_lint.add.paper import NewPaper
from awesome_lint.document import Document, Entry

_TOKEN = re.compile(r"\d+|[A-Za-z]+")
_ORDINALS = frozenset({"st", "nd", "rd", "th"})


def date_text(document: Document, template: Entry | None, paper: NewPaper) -> str:
    found = dates.find_date(template.date.text) if template and template.date else None
    listed = conventions.of(document).date_style
    if found is not None and (found.month is None or listed == "YYYY"):
        year = dates.venue_year(paper.venue) if paper.venue else None
        return str(year or paper.published.year)
    if found is not None and found.named and found.day is not None:
        return _like(found.text, paper)
    styles: list[str] = []
    if listed is not None:
        styles.append(listed)
    if found is not None:
        styles.extend(sorted(found.styles))
    published = paper.published
    for style in [*styles, "abbr."]:
        with_day = style == "YY.MM.DD" or bool(re.search(r"[/.-]D", style))
        day = published.day if with_day else None
        match = dates.DateMatch(0, "", published.year, published.month, day, frozenset({style}))
        written = dates.rewrite(match, style)
        if written is not None:
            return written
    raise AssertionError("the abbr. style writes every month")  # pragma: no cover


def _like(text: str, paper: NewPaper) -> str:
    """``text`` (a named date with a day) with the paper's day, month and year."""
    published = paper.published
    out: list[str] = []
    pos = 0
    for token in _TOKEN.finditer(text):
        out.append(text[pos : token.start()])
        word = token.group()
        if word.isdigit():
            out.append(str(published.year) if len(word) == 4 else str(published.day))
        elif word.lower() in _ORDINALS:
            out.append(_ordinal(published.day))
        elif word.lower() in dates.MONTHS:
            out.append(_month_word(word, published.month))
        else:
            out.append(word)
        pos = token.end()
    out.append(text[pos:])
    return "".join(out)


def _month_word(word: str, month: int) -> str:
    full = len(word) > 3 and word.title() in dates.FULL_NAMES  # "June"; "May" is both
    new = dates.FULL_NAMES[month - 1] if full else dates.ABBREVIATIONS[month - 1]
    if word.isupper() and len(word) > 1:
        return new.upper()
    return new.lower() if word.islower() else new


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
