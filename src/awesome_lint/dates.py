"""Dates and venues as lists write them: ``Oct. 2024``, ``June 2025``, ``2024/10/17``, ``2024.10``.

A date's *style* is how it is written, independent of its value, so that a list's dominant style
can be found and a stray one rewritten: ``Jun.`` is style ``abbr.``, ``June`` is ``full``, and
``May`` fits both ``abbr`` and ``full``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_NAMES = """january february march april may june july august september october november
    december""".split()
MONTHS: dict[str, int] = {}
for _number, _name in enumerate(_NAMES, start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9
ABBREVIATIONS = [name[:3].title() for name in _NAMES]
FULL_NAMES = [name.title() for name in _NAMES]

_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_NAMED = re.compile(
    rf"\b(?P<month>{_MONTH_WORD})(?P<dot>\.)?(?:\s+(?P<day>\d{{1,2}}),?)?\s+(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<sep>[/.-])(?P<month>\d{1,2})"
    r"(?:(?P=sep)(?P<day>\d{1,2}))?(?![\d.]*\d)"
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")

VENUES = frozenset(
    """arxiv cvpr iccv eccv neurips nips icml iclr aaai ijcai acl emnlp naacl coling eacl
        tpami tip tmm tcsvt siggraph wacv bmvc kdd sigir icassp interspeech corl rss icra
        iros tmlr jmlr nature science cvprw iccvw eccvw preprint openreview workshop
        workshops mm acmmm acm ieee tog tvcg ijcv pami neurocomputing tnnls icme 3dv uai
        aistats colm""".split()
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int  # offset in the searched text
    text: str
    year: int
    month: int | None
    day: int | None
    styles: frozenset[str]  # every style this spelling fits

    @property
    def named(self) -> bool:
        return not next(iter(self.styles)).startswith("Y")


def _named(match: re.Match[str], offset: int = 0) -> DateMatch | None:
    word = match["month"]
    month = MONTHS[word.lower()]
    dot = "." if match["dot"] else ""
    lower = word.lower()
    styles: set[str] = set()
    if lower == _NAMES[month - 1][:3]:
        styles.add("abbr" + dot)
    if lower == _NAMES[month - 1]:
        styles.add("full" + dot)
    if not styles:  # "Sept"
        styles.add("other" + dot)
    if not (word[0].isupper() and word[1:].islower()):
        styles = {"case:" + s for s in styles}  # "OCT." or "oct.": fits no style of a list
    day = int(match["day"]) if match["day"] else None
    return DateMatch(
        offset + match.start(), match.group(), int(match["year"]), month, day, frozenset(styles)
    )


def _numeric(match: re.Match[str], offset: int = 0) -> DateMatch | None:
    month = int(match["month"])
    if not 1 <= month <= 12:
        return None
    day = int(match["day"]) if match["day"] else None
    sep = match["sep"]
    style = f"YYYY{sep}{'MM' if len(match['month']) == 2 else 'M'}"
    if match["day"]:
        style += f"{sep}{'DD' if len(match['day']) == 2 else 'D'}"
    return DateMatch(
        offset + match.start(), match.group(), int(match["year"]), month, day, frozenset({style})
    )


def iter_dates(text: str, *, month_names_only: bool = False) -> Iterator[DateMatch]:
    """Dates anywhere in ``text``: named months, and numeric ones unless asked not to."""
    for match in _NAMED.finditer(text):
        found = _named(match)
        if found is not None:
            yield found
    if not month_names_only:
        for match in _NUMERIC.finditer(text):
            found = _numeric(match)
            if found is not None:
                yield found


def find_date(text: str) -> DateMatch | None:
    """The first date in a short field such as ``Oct. 2024, arXiv`` or ``2025/04/06``.

    A bare year counts only when it stands alone between commas, so ``CVPR 2025`` is a venue.
    """
    offset = 0
    for part in text.split(","):
        stripped = part.strip()
        lead = part.find(stripped) if stripped else 0
        named = _NAMED.search(part)
        if named is not None:
            return _named(named, offset)
        numeric = _NUMERIC.search(part)
        if numeric is not None:
            return _numeric(numeric, offset)
        if _YEAR.match(stripped):
            year = int(stripped)
            return DateMatch(offset + lead, stripped, year, None, None, frozenset({"YYYY"}))
        offset += len(part) + 1
    return None


def looks_like_venue(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    if any(word in VENUES for word in words):
        return True
    return bool(re.fullmatch(r"[A-Z][A-Za-z&-]{1,15}\s*'?\d{2,4}", text.strip()))


def dominant_style(found: Iterable[DateMatch]) -> str | None:
    """The style that most dates fit, if it covers more than half of them."""
    matches = list(found)
    counts: Counter[str] = Counter()
    for match in matches:
        counts.update(match.styles)
    if not counts:
        return None
    style, count = max(counts.items(), key=lambda item: (item[1], item[0] == "abbr."))
    return style if count * 2 > len(matches) and not style.startswith(("case:", "other")) else None


def rewrite(date: DateMatch, style: str) -> str | None:
    """``date`` written in ``style``, or ``None`` when that would lose or invent information."""
    if date.month is None:
        return None
    if style in ("abbr", "abbr.", "full", "full."):
        if date.day is not None:
            return None  # "Oct 17, 2024" has a day that the list's style has no place for
        name = ABBREVIATIONS if style.startswith("abbr") else FULL_NAMES
        dot = "." if style.endswith(".") else ""
        return f"{name[date.month - 1]}{dot} {date.year}"
    match = re.fullmatch(r"YYYY([/.-])(MM|M)(?:\1(DD|D))?", style)
    if match is None:
        return None
    sep, month_form, day_form = match.groups()
    if (day_form is None) != (date.day is None):
        return None
    text = (
        f"{date.year}{sep}{date.month:02d}"
        if month_form == "MM"
        else f"{date.year}{sep}{date.month}"
    )
    if day_form is not None and date.day is not None:
        text += sep + (f"{date.day:02d}" if day_form == "DD" else str(date.day))
    return text
