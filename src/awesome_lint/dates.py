"""Dates and venues as lists write them: ``Oct. 2024``, ``June 2025``, ``2024/10/17``, ``2024.10``.

A date's *style* is how it is written, independent of its value, so that a list's dominant style
can be found and a stray one rewritten: ``Jun.`` is style ``abbr.``, ``June`` is ``full``, and
``May`` fits both ``abbr`` and ``full``.
"""

from __future__ import annotations

import functools
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
    rf"(?<![\w.])(?:(?P<pday>\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<month>{_MONTH_WORD})(?P<dot>\.)?"
    rf"(?P<comma>,)?(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?)?\s+(?P<year>(?:19|20)\d{{2}})\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<sep>[/.-])(?P<month>\d{1,2})"
    r"(?:(?P=sep)(?P<day>\d{1,2}))?(?![\d.]*\d)"
)
# `24.04.15` (YY.MM.DD), as some lists prefix entries: `(Arxiv 24.04.15) Title`.
_SHORT = re.compile(
    r"(?<![\d.])(?P<year>[0-4]\d)\.(?P<month>0[1-9]|1[0-2])\.(?P<day>[0-3]\d)(?![\d.]*\d)"
)
# `arXiv 25.7` (YY.M after the word arXiv), as some lists tag entries: `**`arXiv 25.7`**`. Only
# with `arXiv` (part of the date's text): elsewhere `25.7` is a number.
_ARXIV_SHORT = re.compile(
    r"(?<![\w.])arxiv[,:]? (?P<year>[0-4]\d)\.(?P<month>1[0-2]|0?[1-9])(?![\d.]*\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")

VENUES = frozenset(
    """arxiv cvpr iccv eccv neurips nips icml iclr aaai ijcai acl emnlp naacl coling eacl
        tpami tip tmm tcsvt siggraph wacv bmvc kdd sigir icassp interspeech corl rss icra
        iros tmlr jmlr nature science cvprw iccvw eccvw preprint openreview workshop
        workshops mm acmmm acm ieee tog tvcg ijcv pami neurocomputing tnnls icme 3dv uai
        aistats colm blog usenix hpca humanoids ral iser isrr icdm wsdm cikm miccai isbi icde
        vldb sigmod osdi sosp nsdi eurosys asplos isca mlsys iccad tacl tkde tog ieee acm
        icra iros corl rss iclr icml lrec findings ecai kr aamas icaps""".split()
) | frozenset(
    # Words of a venue written out in full: `IEEE Robotics and Automation Letters`,
    # `IEEE Transactions on Image Processing`, `Conference on Robot Learning`.
    "transactions journal letters conference proceedings symposium".split()
)
# A venue written out in full may be long: `IEEE Transactions on Emerging Topics in
# Computational Intelligence`.
FULL_VENUE = re.compile(
    r"\b(?:transactions|journal|letters|conference|proceedings|symposium)\b", re.IGNORECASE
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
    # `Jan., 2023`: a comma after the month is a style of its own (a day is not: see below).
    comma = "," if match["comma"] and not match["day"] else ""
    lower = word.lower()
    styles: set[str] = set()
    if lower == _NAMES[month - 1][:3]:
        styles.add("abbr" + dot + comma)
    if lower == _NAMES[month - 1]:
        styles.add("full" + dot + comma)
    if not styles:  # "Sept"
        styles.add("other" + dot + comma)
    if not (word[0].isupper() and word[1:].islower()):
        styles = {"case:" + s for s in styles}  # "OCT." or "oct.": fits no style of a list
    # A day, before or after the month, is information rather than style: `rewrite` keeps it
    # or gives up, never drops it.
    day_text = match["day"] or match["pday"]
    day = int(day_text) if day_text else None
    if day is not None and not 1 <= day <= 31:
        return None
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


def _arxiv_short(match: re.Match[str], offset: int = 0) -> DateMatch:
    month = match["month"]
    # `25.10` fits both `YY.M` and `YY.MM`, as `May` fits both month styles.
    styles = {"YY.M"} if len(month) == 1 else {"YY.MM"} if month[0] == "0" else {"YY.M", "YY.MM"}
    return DateMatch(
        offset + match.start(),
        match.group(),
        2000 + int(match["year"]),
        int(month),
        None,
        frozenset(styles),
    )


def _short(match: re.Match[str], offset: int = 0) -> DateMatch:
    return DateMatch(
        offset + match.start(),
        match.group(),
        2000 + int(match["year"]),
        int(match["month"]),
        int(match["day"]),
        frozenset({"YY.MM.DD"}),
    )


def iter_dates(text: str) -> Iterator[DateMatch]:
    """Dates anywhere in ``text``: named months, then numeric ones."""
    for match in _NAMED.finditer(text):
        found = _named(match)
        if found is not None:
            yield found
    for match in _NUMERIC.finditer(text):
        found = _numeric(match)
        if found is not None:
            yield found
    for match in _SHORT.finditer(text):
        yield _short(match)
    for match in _ARXIV_SHORT.finditer(text):
        yield _arxiv_short(match)


@functools.lru_cache(maxsize=1 << 16)
def find_date(text: str) -> DateMatch | None:
    """The first date in a short field such as ``Oct. 2024, arXiv`` or ``2025/04/06``.

    A named month is looked for in the whole field (``Aug. 30, 2024`` and ``Jan., 2023`` hold
    commas); the other forms part by part between commas. A bare year counts only when it
    stands alone between commas and no other part is a venue, so ``CVPR 2025`` and
    ``CVPR, 2025`` are a venue and its year, while ``arXiv, 2025`` is a date.
    """
    for named in _NAMED.finditer(text):
        found = _named(named)
        if found is not None:
            return found
    parts = text.split(",")
    offset = 0
    year: DateMatch | None = None
    for part in parts:
        stripped = part.strip()
        lead = part.find(stripped) if stripped else 0
        numeric = _NUMERIC.search(part)
        if numeric is not None:
            found = _numeric(numeric, offset)
            if found is not None:
                return found
        short = _SHORT.search(part)
        if short is not None:
            return _short(short, offset)
        arxiv_short = _ARXIV_SHORT.search(part)
        if arxiv_short is not None:
            return _arxiv_short(arxiv_short, offset)
        if year is None and _YEAR.match(stripped):
            value = int(stripped)
            year = DateMatch(offset + lead, stripped, value, None, None, frozenset({"YYYY"}))
        offset += len(part) + 1
    if year is not None and any(is_publication_venue(part) for part in parts):
        return None  # `CVPR, 2024`: the venue's year, not the paper's date
    return year


def venue_year(text: str) -> int | None:
    """The year a venue names: `CVPR 2024`, `CVPR, 2024`, `ICML'25`, `NeurIPS'2023`."""
    match = re.search(r"(?:(?<![\w.])(?P<full>(?:19|20)\d{2})|'(?P<short>\d{2}))(?!\d)", text)
    if match is None:
        return None
    return int(match["full"]) if match["full"] else 2000 + int(match["short"])


_PREPRINT = frozenset({"arxiv", "preprint", "corr", "biorxiv", "medrxiv", "openreview"})


@functools.lru_cache(maxsize=1 << 16)
def is_publication_venue(text: str) -> bool:
    """A venue that publishes (CVPR, NeurIPS), not arXiv or a preprint."""
    words = re.findall(r"[a-z]+", text.lower())
    return looks_like_venue(text) and not any(word in _PREPRINT for word in words)


@functools.lru_cache(maxsize=1 << 16)
def looks_like_venue(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    if any(word in VENUES for word in words):
        return True
    token = text.strip()
    if " " not in token and re.sub(r"[^a-z]", "", token.lower()) in VENUES:
        return True  # `RA-L`: one token, its letters a venue's
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
    named = re.fullmatch(r"(abbr|full)(\.?)(,?)", style)
    if named is not None:
        if date.day is not None:
            return None  # "Oct 17, 2024" has a day that the list's style has no place for
        form, dot, comma = named.groups()
        name = ABBREVIATIONS if form == "abbr" else FULL_NAMES
        return f"{name[date.month - 1]}{dot}{comma} {date.year}"
    if style in ("YY.M", "YY.MM"):
        prefix = re.match(r"arxiv[,:]? ", date.text, re.IGNORECASE)
        if prefix is None or date.day is not None or not 2000 <= date.year < 2050:
            return None
        month = f"{date.month:02d}" if style == "YY.MM" else str(date.month)
        return f"{prefix.group()}{date.year % 100:02d}.{month}"
    if style == "YY.MM.DD":
        if date.day is None or not 2000 <= date.year < 2050:
            return None
        return f"{date.year % 100:02d}.{date.month:02d}.{date.day:02d}"
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
