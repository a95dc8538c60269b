"""Reading an entry's own text: where its title, date and venue are.

The parser hands over an entry's text with every link, image and inline HTML tag replaced by
as many ``LINK`` characters (so positions still match the source), and this module finds, by
position, what the text says:

* the **head** of the first line: prefixes a list puts before the title (``(CVPR 2023)``,
  ``[2023/10]``, ``**[ICCV 2025]**``, ``🔥🔥[**Name**]``, ``:star:``, ``<br>``), then the title:
  a link right there, a quoted ``"Title"`` (after a ``**Name**:`` nickname or not), a bold
  title (with the rest of the title when the bold part is only a ``Name:``), or plain text up
  to the first link, bracket, parenthesis or HTML tag;
* **fields** after the title: a date and a venue, from the pieces that lists write them in,
  ``(Oct. 2024, arXiv)``, ``*IJCAI, Aug 2024*``, ``[**arXiv 2024.03**]``, ``<br> EMNLP 2023``,
  ``", CVPR, 2024 (*Affil*)"``. A year next to a venue that publishes (``CVPR 2024``) is the
  venue's year, never the paper's date.

Everything here is a pure function of strings: the parser turns positions into spans.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from awesome_lint import dates

LINK = "\x01"  # what a link, image or HTML tag is replaced with in the text given here
TITLE = "\x02"  # what the title is replaced with when fields are searched
DECOR = "\x03"  # what an image, a badge, an HTML tag or code is replaced with

# Spaces that separate words, Unicode's included: never part of a title.
SPACES = " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
SPACES += "\u202f\u205f\u3000\u200b\ufeff"
_SPACES = frozenset(SPACES)
_QUOTES = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_SHORTCODE = re.compile(r":[a-z0-9_+-]{1,30}:")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,200}>")
_BOLD_OPEN = re.compile(r"(\*\*|__)")
# Where a plain title ends: a link, a bracket, a parenthesis, a tag, a cell, a dash between
# spaces, two spaces, a hard break, an italic author list.
_PLAIN_STOP = re.compile(
    r"\x01|\x03|\[|\(|<|\||\\$|\\\n|\s[-–—]\s|\s{2,}|\s\*(?=[^\s*])|\s_(?=[^\s_])|\*\*|\n"
)
_TITLE_TRIM = " \t*_:-–—,;|"


def is_space(ch: str) -> bool:
    return ch in _SPACES or (ch.isspace() and ch != "\n")


def _is_symbol(ch: str) -> bool:
    """An emoji or a sign that decorates an entry (🔥, ⭐, 💬, ✨): not text."""
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cn", "Mn", "Cf") or ch in "\ufe0f\u200d"


@dataclass(frozen=True, slots=True)
class Piece:
    """A range of the text: ``text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Head:
    """What starts an entry's first line."""

    prefixes: tuple[Piece, ...]  # `(CVPR 2023)`, `[2023/10]`: where dates and venues may be
    title: Piece | None  # a title in the text itself (not a link)
    link_at: int | None  # the title is the link that starts here
    exact: bool  # whether the source at ``title`` is the title exactly (no markup inside)
    how: str = "none"  # "link", "quoted", "bold", "named" (bold name + rest) or "plain"


def skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and is_space(text[pos]):
        pos += 1
    return pos


def _closing(text: str, pos: int, open_ch: str, close_ch: str) -> int:
    """Index of the bracket closing ``text[pos]``, on the same line, or -1."""
    depth = 0
    for i in range(pos, len(text)):
        ch = text[i]
        if ch == "\n":
            return -1
        if ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return i
    return -1


_ROW_NUMBER = re.compile(r"\d{1,4}\)\s+(?=\S)")


def read_head(text: str) -> Head:
    """The prefixes and the title of an entry's first line (``text`` is masked, see above)."""
    line_end = text.find("\n")
    line = text if line_end < 0 else text[:line_end]
    pos = 0
    prefixes: list[Piece] = []
    while pos < len(line):
        pos = skip_spaces(line, pos)
        if pos >= len(line):
            break
        ch = line[pos]
        shortcode = _SHORTCODE.match(line, pos)
        if shortcode is not None:
            pos = shortcode.end()
            continue
        if _is_symbol(ch) or ch in "•·▪►▶➤→|" or ch == DECOR:
            pos += 1
            continue
        if ch == "<":
            tag = _HTML_TAG.match(line, pos)
            if tag is None:
                break
            pos = tag.end()
            continue
        # `| 1) **Muse: ...** - introduces ... |`: a row's own number before its title.
        number = _ROW_NUMBER.match(line, pos)
        if number is not None and not prefixes:
            pos = number.end()
            continue
        # `**[CVPR 2025]**`, `[**Name**]`, `[2023/10]`, `(CVPR 2023)`: a bracketed prefix that
        # is not a link (links are masked) and not the whole rest of the line.
        bold = line.startswith(("**", "__"), pos)
        at = pos + 2 if bold else pos
        if line.startswith(("\\(", "\\["), at):
            at += 1  # `\(Arxiv 24.04.04) Title`: an escaped bracket is still one
        if at < len(line) and line[at] in "[(":
            close = _closing(line, at, line[at], "]" if line[at] == "[" else ")")
            inner = line[at + 1 : close] if close > 0 else ""
            if line[at] == "[" and line.startswith("(", close + 1):
                break  # `[Title](url` that markdown could not read: a broken title link
            if close > 0 and LINK not in inner and 0 < len(inner.strip(" *_")) <= 60:
                end = close + 1
                if bold and line.startswith(line[pos : pos + 2], end):
                    end += 2
                elif bold:
                    break  # `**[Title](url)**` is masked; `**[x] y**` is a bold title
                stripped = inner.strip(" *_")
                k = line.find(stripped, at)
                prefixes.append(Piece(k, k + len(stripped), stripped))
                pos = end
                continue
        break
    head = _title_at(line, pos, tuple(prefixes))
    if head.how in ("plain", "named") and line_end >= 0 and line.rstrip().endswith(DECOR):
        # `- A. Author, B. Author.<br />` then `"Title." Venue (2025).`: the authors come
        # first, the quoted title on the next line is the paper's.
        start = skip_spaces(text, line_end + 1)
        if start < len(text) and text[start] in _QUOTES:
            quoted = _quoted(text[: _line_end(text, start)], start)
            if quoted is not None:
                return Head(head.prefixes, quoted, None, True, "quoted")
    return head


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _title_at(line: str, pos: int, prefixes: tuple[Piece, ...]) -> Head:
    if pos >= len(line):
        return Head(prefixes, None, None, True)
    ch = line[pos]
    if ch == LINK:
        return Head(prefixes, None, pos, True, "link")
    bold = _BOLD_OPEN.match(line, pos)
    if bold is not None:
        marker = bold.group()
        inner_start = bold.end()
        if line.startswith(LINK, inner_start):
            return Head(prefixes, None, inner_start, True, "link")  # `**[Title](url)**`
        close = line.find(marker, inner_start)
        if close > inner_start:
            return _after_bold(line, pos, inner_start, close, marker, prefixes)
    if ch == "[":
        # A link markdown could not read (`[Title](url` or `[Title(url)`): its text is the
        # title, so that the entry is still one and the markup rules see it.
        close = _closing(line, pos, "[", "]")
        inner_end = close if close > 0 else len(line)
        broken = _plain(line[:inner_end], pos + 1)
        if broken is not None:
            return Head(prefixes, broken, None, True, "broken")
    if ch in _QUOTES:
        quoted = _quoted(line, pos)
        if quoted is not None:
            return Head(prefixes, quoted, None, True, "quoted")
    return Head(prefixes, _plain(line, pos), None, True, "plain")


def _after_bold(
    line: str, pos: int, inner_start: int, close: int, marker: str, prefixes: tuple[Piece, ...]
) -> Head:
    name = line[inner_start:close]
    after = close + len(marker)
    rest = skip_spaces(line, after)
    # `**Name** (what it is): "Title"`: a note in parentheses may stand between the two.
    if rest < len(line) and line[rest] == "(":
        note_end = line.find(")", rest)
        beyond = skip_spaces(line, note_end + 1) if note_end > 0 else len(line)
        if beyond < len(line) and line[beyond] == ":":
            rest = beyond
    # `**Name**: "Title"` or `**Name** : "Title"`: the quoted title is the paper's title.
    colon = rest < len(line) and line[rest] == ":"
    if colon:
        rest = skip_spaces(line, rest + 1)
    if rest < len(line) and line[rest] in _QUOTES:
        quoted = _quoted(line, rest)
        if quoted is not None:
            return Head(prefixes, quoted, None, True, "quoted")
    bold = _trimmed(line, inner_start, close)
    # `**AnyV2V:** A Tuning-Free Framework ...`: the bold part is only the paper's name; so is
    # a one-word bold name before the title's words (`**LVM** Sequential Modeling Enables ...`).
    named = name.rstrip().endswith(":") or colon or _name_before_title(name, line, rest)
    if named and rest < len(line) and line[rest] not in (LINK, "[", "(", "<", "|"):
        tail = _plain(line, rest)
        if tail is not None and len(tail.text.split()) >= 2 and bold is not None:
            text = f"{bold.text.rstrip(':').rstrip()}: {tail.text}"
            return Head(prefixes, Piece(bold.start, tail.end, text), None, False, "named")
    if bold is None and pos < close:
        return Head(prefixes, None, None, True)
    return Head(prefixes, bold, None, True, "bold")


def _name_before_title(name: str, line: str, rest: int) -> bool:
    """`**LVM** Sequential Modeling Enables Scalable Learning ...`: one word in bold, then at
    least four words of plain text that start with a capital (a title, not a description)."""
    word = name.strip()
    if not word or " " in word or len(word) > 24 or rest >= len(line):
        return False
    tail = _plain(line, rest)
    return tail is not None and len(tail.text.split()) >= 4 and tail.text[:1].isupper()


def _quoted(line: str, pos: int) -> Piece | None:
    close_ch = _QUOTES[line[pos]]
    close = line.find(close_ch, pos + 1)
    if close < 0:
        return None
    piece = _trimmed(line, pos + 1, close)
    return piece if piece is not None and len(piece.text.split()) >= 2 else None


def _plain(line: str, pos: int) -> Piece | None:
    stop = _PLAIN_STOP.search(line, pos)
    end = stop.start() if stop is not None else len(line)
    return _trimmed(line, pos, end)


def _trimmed(line: str, start: int, end: int) -> Piece | None:
    """``line[start:end]`` without the spaces, markup and separators around it."""
    while start < end and (is_space(line[start]) or line[start] in _TITLE_TRIM):
        start += 1
    while end > start and (is_space(line[end - 1]) or line[end - 1] in _TITLE_TRIM):
        end -= 1
    # A title's closing period is the list's punctuation (`**Title.**`), not the title's.
    if end - start > 1 and line[end - 1] == "." and line[end - 2] != ".":
        word = line[start:end].rsplit(None, 1)[-1]
        if word.lower() not in ("al.", "etc.", "vs.", "inc.", "co."):
            end -= 1
    text = line[start:end]
    if len(text) < 3 or not re.search(r"[^\W\d_]{2}", text) or LINK in text or DECOR in text:
        return None
    return Piece(start, end, text)


# -- fields after the title ------------------------------------------------------------

# Pieces a date or venue is written in: between brackets, emphasis, tags, cells, links.
_FIELD_BREAK = re.compile(r"[\x01\x02\x03()\[\]|\\\n]+|\*+|(?<!\w)_+|_+(?!\w)|<[^<>\n]*>")


@dataclass(frozen=True, slots=True)
class Fields:
    date: Piece | None
    venue: Piece | None


_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[^\W_]")


def _chunks(text: str) -> list[Piece]:
    out = []
    pos = 0
    for match in _FIELD_BREAK.finditer(text):
        if match.start() > pos:
            out.append(Piece(pos, match.start(), text[pos : match.start()]))
        pos = match.end()
    if pos < len(text):
        out.append(Piece(pos, len(text), text[pos:]))
    return out


# `VLDB`, `USENIX Security`, `ACL Findings`: capitals that name a venue beside its year.
_ACRONYM = re.compile(r"(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*)(?: [A-Z][a-z]+)?")


# `Computational Visual Media`: a name in title case, beside a year, is a venue's.
_TITLED = re.compile(r"[A-Z][a-z]+(?: (?:of|on|and|for|in|&) | )[A-Z][a-z]+(?: [A-Z][a-z]+){0,4}")


def _venue_piece(
    chunk: Piece, rel_start: int, rel_end: int, *, beside_year: bool = False
) -> Piece | None:
    """The venue in ``chunk.text[rel_start:rel_end]``: a short piece with a venue's name (or,
    beside a year, capitals such as `VLDB`)."""
    found = _venue_in(chunk.text[rel_start:rel_end], beside_year)
    if found is None:
        return None
    start = chunk.start + rel_start + found[0]
    return Piece(start, start + len(found[1]), found[1])


@functools.lru_cache(maxsize=1 << 14)
def _venue_in(text: str, beside_year: bool) -> tuple[int, str] | None:
    """Where the venue in ``text`` starts, and its text; remembered: lists repeat
    `(Oct. 2024, arXiv)` a thousand times."""
    for part_match in re.finditer(r"[^,;]+", text):
        part = part_match.group()
        if "et al" in part:  # `A. Author et al. arXiv`: the venue ends an author list
            part = part[part.index("et al") + 5 :]
            if part.startswith("."):
                part = part[1:]
        stripped = part.strip(" .:;-–—'\"\u00a0")
        most_words, most_chars = (10, 90) if dates.FULL_VENUE.search(stripped) else (4, 40)
        if not stripped or len(stripped.split()) > most_words or len(stripped) > most_chars:
            continue
        if dates.looks_like_venue(stripped) or (
            beside_year and (_ACRONYM.fullmatch(stripped) or _TITLED.fullmatch(stripped))
        ):
            return part_match.end() - len(part) + part.find(stripped), stripped
    return None


# `Hoffmann et al. (2022)`, `Smith et al., 2021`: the year of a work a description cites.
_CITED = re.compile(r"et al\.?,?[\s(\[]*$")
# A piece of more words than this is a sentence: a bare year in it is no date of the entry.
_SENTENCE_WORDS = 10


def _cites(text: str, end: int) -> bool:
    """Whether the year at ``end`` follows `et al.` at the end of a sentence of a description
    (`... the law proposed in Hoffmann et al. (2022)`), not an entry's own author line
    (`A. Author et al., 2023`)."""
    if not _CITED.search(text, 0, end):
        return False
    start = max(text.rfind("\n", 0, end), text.rfind("|", 0, end)) + 1
    return len(text[start:end].split()) > _SENTENCE_WORDS


def find_fields(text: str, pieces: list[Piece] | None = None) -> Fields:
    """The date and venue in ``text`` (title masked with ``TITLE``), or in ``pieces`` first.

    A month-level date wins over a bare year; the first of each kind wins. A bare year is a
    date only where no venue that publishes stands beside it (``arXiv 2022``, ``(2023)``).
    """
    candidates = list(pieces or ()) + _chunks(text)
    month_date: Piece | None = None
    year_date: Piece | None = None
    venue: Piece | None = None
    previous_venue: Piece | None = None  # the venue of the chunk just before, if any
    for chunk in candidates:
        if len(chunk.text) > 200 or not _ALNUM.search(chunk.text):
            continue  # prose, an abstract or a list of authors; or punctuation: no field
        before_venue, previous_venue = previous_venue, _venue_piece(chunk, 0, len(chunk.text))
        found = _date_in(chunk.text) if _DIGIT.search(chunk.text) else None
        if found is not None:
            start = chunk.start + found.start
            piece = Piece(start, start + len(found.text), found.text)
            year_only = found.month is None
            if year_only and len(chunk.text.split()) > _SENTENCE_WORDS:
                continue  # `scores 85.3 on AIME 2024, 74.4 on ...`: a year in a sentence
            if year_only and _cites(text, chunk.start + found.start):
                continue  # `proposed in Hoffmann et al. (2022)`: a citation's year
            before = _venue_piece(chunk, 0, found.start, beside_year=year_only)
            after = _venue_piece(
                chunk, found.start + len(found.text), len(chunk.text), beside_year=year_only
            )
            beside = before or after
            if found.month is not None:
                if month_date is None:
                    month_date = piece
                    venue = venue or beside
                continue
            if (
                beside is None
                and before_venue is not None
                and _publishes(before_venue.text)
                and not chunk.text[: found.start].strip(" ,;:")
            ):
                venue = venue or before_venue  # `(HPCA), 2023`: that venue's year
                continue
            if beside is not None and _publishes(beside.text):
                # `CVPR 2024`, `CVPR, 2024`: the venue and its year.
                end = max(beside.end, piece.end)
                first = min(beside.start, piece.start)
                if venue is None:
                    venue = Piece(first, end, chunk.text[first - chunk.start : end - chunk.start])
                continue
            if year_date is None:
                year_date = piece
                venue = venue or beside
            continue
        if venue is None:
            venue = _venue_piece(chunk, 0, len(chunk.text))
    return Fields(month_date or year_date, venue)


def _publishes(venue: str) -> bool:
    if dates.is_publication_venue(venue):
        return True
    if dates.looks_like_venue(venue):
        return False  # a known name that is no publisher: arXiv, a preprint
    return _ACRONYM.fullmatch(venue) is not None or _TITLED.fullmatch(venue) is not None


@functools.lru_cache(maxsize=1 << 14)
def _date_in(text: str) -> dates.DateMatch | None:
    """The first date in a piece of text, anywhere in it: a named month, a numeric date, or a
    year standing alone (not inside a longer number, an id or a name like `GPT-2024`)."""
    best: dates.DateMatch | None = None
    for found in dates.iter_dates(text):
        if best is None or found.start < best.start:
            best = found
    if best is not None:
        return best
    year = re.search(r"(?<![\w./'-])(?:19|20)\d{2}(?![\w/-]|\.\d)", text)
    if year is None:
        return None
    value = int(year.group())
    return dates.DateMatch(year.start(), year.group(), value, None, None, frozenset({"YYYY"}))
