"""Leaving the neighbour out of a copy: edits on a template's text, and the tidying after.

Every run of text that none of the new entry's fields, links, tags or markers covers is a word
about the neighbour (its authors, notes, ratings): it goes, and the markup around it stays.
What that leaves behind is tidied: empty brackets, emphasis and tags, doubled spaces, lines
with nothing left to say. The template's own blank lines (between an item's paragraphs) stay.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]")
TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# A run of text that is neither space nor markup: removed when it belongs to no field.
_STALE = re.compile(r"[^\s\[\]()|*_~`<>]+")
# Brackets and parentheses left with no word (`[** &**]`), empty tags, and emphasis left empty:
# an emphasis pair only where it opens (after a space or a bracket) and closes (before one), so
# that `**[CVPR]** **Title**` is left alone.
_EMPTY_PAIR = re.compile(
    r"(?<!!)\[[^\w\[\]()\n]*\](?![(:])|(?<!\])\([^\w()\[\]\n]*\)|<(\w+)[^<>]*>\s*</\1>"
    r"|(?:^|(?<=[\s(\[|]))(?:\*\*\s*\*\*|\*\s+\*|__\s*__|_\s+_)(?=[\s)\]|,.:;]|$)"
    r"|(?<=[(\[])(?:\*\*|\*|__|_)(?=[)\]])",
    re.M,
)
_BREAK = re.compile(r"(?i)<br\s*/?>")
_BLANK = "\x00"  # marks a blank line of the template while the copy is tidied
_BLANK_LINE = re.compile(r"^[ \t]*$", re.M)
_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_CLOSE = re.compile(r"\s+([)\]]|(?:\*\*|\*|__|_)(?=[)\],.;:|]|$))")
# A line break left at a cell's edge once the text beside it went.
_EDGE_BREAK = re.compile(r"(?i)(?<=\|)\s*<br\s*/?>|<br\s*/?>\s*(?=\||$)")


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # offsets into the template's text
    end: int
    text: str


def blank_lines(source: str) -> list[Edit]:
    """Marks on the template's own blank lines (between an item's paragraphs): ``tidy`` keeps
    them, and drops the lines that only the removals left empty."""
    return [Edit(m.start(), m.start(), _BLANK) for m in _BLANK_LINE.finditer(source)]


def stale_text(source: str, covered: list[tuple[int, int]]) -> list[Edit]:
    """Edits that remove what describes the neighbour: every word (or emoji) that is none of
    the fields, links, tags or markers the new entry keeps: its authors, notes, ratings. The
    markup around them (brackets, emphasis, cell bars, line breaks) stays."""
    out: list[Edit] = []
    marks = [False] * (len(source) + 1)
    for first, last in covered:
        for offset in range(max(first, 0), min(last, len(source))):
            marks[offset] = True
    for token in _STALE.finditer(source):
        if any(marks[token.start() : token.end()]):
            continue
        if WORD.search(token.group()) or any(is_symbol(ch) for ch in token.group()):
            out.append(Edit(token.start(), token.end(), ""))
    return out


def is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) == "So"


def tidy(text: str) -> str:
    """What removals leave behind: empty brackets, emphasis and tags, doubled spaces, and
    continuation lines left with nothing to say (the template's blank lines stay)."""
    previous = None
    while previous != text:
        previous = text
        text = _EMPTY_PAIR.sub("", text)
        lines = text.split("\n")
        kept = [line for line in lines[1:] if _BLANK in line or _says_something(line)]
        text = _EDGE_BREAK.sub("", "\n".join([lines[0], *kept]))
    lines = []
    for line in text.split("\n"):
        if _BLANK in line:
            lines.append("")
            continue
        indent = len(line) - len(line.lstrip(" \t"))
        body = _SPACES.sub(" ", line[indent:]).rstrip()
        body = _SPACE_BEFORE_CLOSE.sub(r"\1", body)
        if body:
            lines.append(line[:indent] + body)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _says_something(line: str) -> bool:
    line = _BREAK.sub("", line)
    return bool(WORD.search(line)) or any(is_symbol(ch) for ch in line)


def apply(source: str, edits: list[Edit]) -> str:
    """Apply edits from the end; one that overlaps an edit already taken is skipped (a venue
    whose year is also the date's)."""
    taken: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if any(edit.start < other.end and other.start < edit.end for other in taken):
            continue
        taken.append(edit)
    text = source
    for edit in sorted(taken, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text
