"""Documents and entries: markdown in, papers with exact spans out.

This is the only module that knows markdown. ``parse_document`` is filled in by ``parser.py``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from awesome_lint.findings import Span

LinkKind = Literal["markdown", "html", "autolink", "image", "html-image", "reference"]


@dataclass(frozen=True, slots=True)
class Link:
    """A link or an image. A badge is a link whose ``image`` is set: ``[![alt](img)](href)``."""

    kind: LinkKind
    text: str  # link text, or an image's alt text
    url: str  # the target as written in the source (unescaped for HTML)
    span: Span  # the whole construct
    url_span: Span  # the target as written in the source
    text_span: Span | None = None  # the link text, for markdown links
    image: Link | None = None

    @property
    def is_image(self) -> bool:
        return self.kind in ("image", "html-image")


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    level: int
    line: int


@dataclass(frozen=True, slots=True)
class TextField:
    """A piece of plain text in an entry: a date or a venue."""

    text: str
    span: Span


@dataclass(slots=True)
class Entry:
    """One paper: the list item, table row or paragraph that holds its title and links.

    ``title_exact`` says whether the source at ``title_span`` is the title as it stands (a fix
    may then rewrite it); a title read from several pieces (``**Name:** rest``) is not.
    """

    kind: Literal["item", "row", "paragraph"]
    span: Span  # the whole item (first line to last line of its own text)
    title: str
    title_span: Span
    title_link: Link | None  # the link whose text is the title, if the title is a link
    links: list[Link]  # every link, badge and image of the entry, in source order
    date: TextField | None = None
    venue: TextField | None = None
    section: Section | None = None
    indent: int = 0  # column (0-based) of the list marker, for items
    marker_span: Span | None = None
    parent: Entry | None = field(default=None, repr=False)  # the entry this item nests under
    title_exact: bool = True
    # 1-based last line of the whole item, its nested lists included (its own text for rows).
    subtree_end_line: int = 0
    # What ``entries`` derived from this entry (its arXiv link...): many rules ask the same.
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)


def blank(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with every ``text[start:end]`` of ``ranges`` replaced by as many spaces.

    The same as assigning ``" " * (end - start)`` to each slice of ``list(text)`` in turn, which
    it does for ranges that reach outside the text; others it joins from slices, faster.
    """
    spans = list(ranges)
    if any(not 0 <= start <= end <= len(text) for start, end in spans):
        chars = list(text)
        for start, end in spans:
            chars[max(start, 0) : max(end, 0)] = " " * max(end - start, 0)
        return "".join(chars)
    pieces: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        if end > pos:
            pieces += (text[pos : max(start, pos)], " " * (end - max(start, pos)))
            pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


class Document:
    """A markdown file: its text with ``\\n`` line endings, its links and its entries."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.entries: list[Entry] = []
        self.links: list[Link] = []  # every link and image in the file, entries' ones included
        self.sections: list[Section] = []
        self.code_lines: frozenset[int] = frozenset()  # 1-based lines inside code blocks
        # (start, end) offsets of HTML comments, in order: nothing inside is read or reported.
        self.comment_ranges: list[tuple[int, int]] = []
        # Offsets of `*` markers markdown left as literal text (``unbalanced-emphasis``).
        self.literal_emphasis: list[int] = []

    def in_comment(self, offset: int) -> bool:
        ranges = self.comment_ranges
        if not ranges:
            return False
        index = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
        return index >= 0 and ranges[index][0] <= offset < ranges[index][1]

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def offset(self, line: int, column: int) -> int:
        """Offset of a 1-based line and column."""
        return self.line_starts[line - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        # ``position`` twice, but an end on the start's line (nearly every span) needs no search.
        starts = self.line_starts
        index = bisect.bisect_right(starts, start) - 1
        if start <= end and (index + 1 == len(starts) or end < starts[index + 1]):
            end_index = index
        else:
            end_index = bisect.bisect_right(starts, end) - 1
        return Span(
            start,
            end,
            index + 1,
            start - starts[index] + 1,
            end_index + 1,
            end - starts[end_index] + 1,
        )

    def line_span(self, line: int) -> Span:
        start = self.line_starts[line - 1]
        return self.span(start, start + len(self.lines[line - 1]))
