"""Markdown in, a ``Document`` of entries out, with exact spans.

markdown-it-py gives block tokens line maps but no columns. We wrap its inline rules for links,
images, autolinks and inline HTML so that each token records where it started and ended in its
inline source; each inline token's content lines are then located in the document's lines (a
paragraph line is a suffix of its source line, a table cell a substring of its row), which turns
every inline position into an exact document offset.
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType

from markdown_it import MarkdownIt
from markdown_it import helpers as _markdown_helpers
from markdown_it.common.normalize_url import normalizeLink as _markdown_normalize_link
from markdown_it.common.utils import normalizeReference, unescapeAll
from markdown_it.helpers.parse_link_destination import _Result as _DestinationResult
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline import autolink as _autolink_rule
from markdown_it.rules_inline import html_inline as _html_inline_rule
from markdown_it.rules_inline import image as _image_rule
from markdown_it.rules_inline import link as _link_rule
from markdown_it.token import Token

from awesome_lint import dates, entry_text
from awesome_lint.document import Document, Entry, Link, Section, TextField
from awesome_lint.findings import Span
from awesome_lint.inline_dispatch import DispatchingInline

InlineRule = Callable[[StateInline, bool], bool]

# Link texts that label a link rather than name a paper: "[Paper]", "[Code]", "[Project Page]".
GENERIC_LABELS = frozenset(
    """paper papers pdf arxiv code codes github gitlab project project page projectpage page
    website site homepage home demo demos model models dataset datasets data video videos
    blog huggingface hugging face hf openreview link links slides poster bib bibtex doi
    supp supplementary star stars repo repository colab weights checkpoint checkpoints
    official code official paper abstract abs html tweet twitter x youtube benchmark
    leaderboard""".split()
)
_PUNCTUATION = re.compile(r"[^\w\s]")
_GENERIC_MULTI = frozenset({"project page", "hugging face", "official code", "official paper"})
_HTML_A = re.compile(r"<a\s[^>]*?href\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
_HTML_IMG = re.compile(r"<img\s[^>]*?src\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
_HTML_ALT = re.compile(r"\balt\s*=\s*([\"'])(.*?)\1", re.IGNORECASE | re.DOTALL)
_DATE_HEADERS = ("date", "time", "year", "published", "release", "month")
_VENUE_HEADERS = ("venue", "conference", "publication", "journal", "pub", "where", "source")
_TITLE_HEADERS = ("title", "paper", "papers", "name", "work")


def _track(rule: InlineRule, opener: str) -> InlineRule:
    """Wrap an inline rule so that the first token it pushes records its source range.

    ``opener`` is the only character the rule can start at (each rule returns False at once at
    any other): checking it here first spares a call per character markdown-it tries.
    """

    def tracked(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] != opener:
            return False
        start, count = state.pos, len(state.tokens)
        ok = rule(state, silent)
        if ok and not silent:
            # push() first flushes pending text as a 'text' token: skip those.
            tokens = state.tokens
            for index in range(count, len(tokens)):
                if tokens[index].type != "text":
                    tokens[index].meta["src"] = (start, state.pos)
                    break
        return ok

    return tracked


# A URL that markdown-it's normalizeLink returns unchanged: http(s), a lower-case ASCII host
# (valid labels, so that mdurl keeps it whole; punycode leaves ASCII alone), an optional port,
# then only characters that mdurl.encode keeps, and "%" only as an escape it keeps.
_PLAIN_URL = re.compile(
    r"https?://(?=[a-z0-9.-]{1,253}(?:[:/?#]|\Z))(?:[a-z0-9-]{1,63}\.)*[a-z0-9-]{1,63}"
    r"(?::[0-9]{1,5})?(?:[/?#](?:[A-Za-z0-9;/?:@&=+$,_.!~*'()#-]|%[0-9A-Fa-f]{2})*)?"
)


def _normalize_link(url: str) -> str:
    """markdown-it's ``normalizeLink``, answering plain URLs at once.

    Normalizing (mdurl parse and format, punycode, percent-encoding) took half of markdown-it's
    time on a list of links; for the URLs lists are made of it changes nothing
    (``tests/test_speedups.py`` holds the two to the same answers).
    """
    if _PLAIN_URL.fullmatch(url):
        return url
    return _markdown_normalize_link(url)


# Where markdown-it's scan of a destination not in <...> stops, or must look closer.
_DESTINATION_SPECIAL = re.compile(r"[\x00-\x20\x7f\\()]")


def _parse_link_destination(string: str, pos: int, maximum: int) -> _DestinationResult:
    """markdown-it's ``parseLinkDestination``, without its loop over each character when the
    destination holds no backslash and no ``(``: then it ends at the first space, control
    character or ``)``, or at ``maximum``. Anything else goes to the original. (The loop cost
    a tenth of a 10,000-entry run; ``tests/test_speedups.py`` holds the two to the same
    answers.)"""
    if pos < maximum and string[pos] != "<":
        found = _DESTINATION_SPECIAL.search(string, pos, maximum)
        stop = maximum if found is None else found.start()
        if stop > pos and (found is None or string[stop] not in "\\("):
            result = _DestinationResult()
            result.str = unescapeAll(string[pos:stop])
            result.pos = stop
            result.ok = True
            return result
    return _markdown_helpers.parseLinkDestination(string, pos, maximum)


def _helpers() -> ModuleType:
    """markdown-it's link helpers, for our parser only, with the faster destination scan."""
    module = ModuleType(f"{__name__}.markdown_helpers")
    module.parseLinkLabel = _markdown_helpers.parseLinkLabel  # type: ignore[attr-defined]
    module.parseLinkTitle = _markdown_helpers.parseLinkTitle  # type: ignore[attr-defined]
    module.parseLinkDestination = _parse_link_destination  # type: ignore[attr-defined]
    return module


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    inline = md.inline = DispatchingInline()
    md.configure("commonmark").enable(["table", "strikethrough"])
    for name, rule, opener in (
        ("link", _link_rule, "["),
        ("image", _image_rule, "!"),
        ("autolink", _autolink_rule, "<"),
        ("html_inline", _html_inline_rule, "<"),
    ):
        md.inline.ruler.at(name, _track(rule, opener))
    inline.compile_dispatch()
    md.normalizeLink = _normalize_link  # type: ignore[method-assign]
    md.helpers = _helpers()
    return md


_MD = _make_parser()


def is_generic_label(text: str) -> bool:
    words = _PUNCTUATION.sub(" ", text.lower()).split()
    if not words:
        return True
    joined = " ".join(words)
    return joined in _GENERIC_MULTI or (len(words) <= 2 and all(w in GENERIC_LABELS for w in words))


@dataclass
class _Inline:
    """An inline token placed in the document: content line k starts at ``bases[k]``."""

    token: Token
    bases: list[int]
    cell: int = -1  # table cell index, -1 outside tables
    links: list[Link] = field(default_factory=list)  # its links, found once
    # Per content line k: where it starts in the content, and the document line it lies on
    # (0-based) with that line's start and end offsets.
    starts: list[int] = field(default_factory=list)
    lines: list[tuple[int, int, int]] = field(default_factory=list)

    def offset(self, pos: int) -> int:
        if len(self.bases) == 1:  # one line: most inline tokens
            return self.bases[0] + pos
        k = bisect.bisect_right(self.starts, pos) - 1  # the newlines before pos
        return self.bases[k] + (pos - self.starts[k])

    def span(self, document: Document, start: int, end: int) -> Span:
        """``document.span`` of two positions in the content, without searching the document's
        lines for them: each lies on its content line's document line (else: searched)."""
        one = len(self.bases) == 1
        ka = 0 if one else bisect.bisect_right(self.starts, start) - 1
        kb = 0 if one else bisect.bisect_right(self.starts, end) - 1
        a = self.bases[ka] + (start - self.starts[ka])
        b = self.bases[kb] + (end - self.starts[kb])
        line_a, first_a, last_a = self.lines[ka]
        line_b, first_b, last_b = self.lines[kb]
        if first_a <= a <= last_a and first_b <= b <= last_b and a <= b:
            return Span(a, b, line_a + 1, a - first_a + 1, line_b + 1, b - first_b + 1)
        return document.span(a, b)


@dataclass
class _Block:
    """The inline tokens that belong to one list item or table row, and its own lines."""

    kind: str
    first_line: int  # 0-based
    end_line: int = 0  # 0-based, exclusive: a list item's whole extent, nested lists included
    inlines: list[_Inline] = field(default_factory=list)
    indent: int = 0
    marker: str = ""
    parent: _Block | None = None
    header: list[str] = field(default_factory=list)  # table header cells, lower-case
    venue: TextField | None = None  # `<summary>[CVPR 2025] Authors</summary>` in the item
    entry: Entry | None = None


class _Builder:
    def __init__(self, document: Document) -> None:
        self.doc = document
        self.lines = document.lines
        self._definitions: dict[str, list[tuple[int, int]]] | None = None  # read when needed

    # -- placing inline content in the document ------------------------------------------

    def place(self, token: Token, cell_cursor: list[int] | None = None) -> _Inline:
        assert token.map is not None
        first = token.map[0]
        bases: list[int] = []
        placed = _Inline(token, bases)
        content_start = 0
        for k, content_line in enumerate(token.content.split("\n")):
            line_no = min(first + k, len(self.lines) - 1)
            source = self.lines[line_no]
            line_start = self.doc.line_starts[line_no]
            placed.starts.append(content_start)
            placed.lines.append((line_no, line_start, line_start + len(source)))
            content_start += len(content_line) + 1
            if cell_cursor is not None:
                col = source.find(content_line, cell_cursor[0]) if content_line else -1
                if col < 0:
                    col = max(cell_cursor[0], 0)
                else:
                    cell_cursor[0] = col + len(content_line)
            else:
                col = self._suffix_column(source, content_line)
            bases.append(line_start + col)
        return placed

    @staticmethod
    def _suffix_column(source: str, content_line: str) -> int:
        stripped = content_line.rstrip()
        if not stripped:
            return len(source) - len(source.lstrip())
        src = source.rstrip()
        if src.endswith(stripped):
            return len(src) - len(stripped)
        # Tabs in indentation are expanded by markdown-it: fall back to a search, and count
        # back the expanded indentation the content line keeps before its text.
        text = stripped.lstrip()
        col = source.find(text)
        if col < 0:
            return 0
        return col - (len(stripped) - len(text))

    # -- links -------------------------------------------------------------------------

    def links_of(self, inline: _Inline) -> Iterator[Link]:
        children = inline.token.children or []
        src = inline.token.content
        i = 0
        while i < len(children):
            tok = children[i]
            if tok.type == "link_open":
                close = _matching_close(children, i)
                inner = children[i + 1 : close]
                image = next((c for c in inner if c.type == "image"), None)
                yield self._markdown_link(
                    inline,
                    tok,
                    children[close] if close < len(children) else None,
                    inner,
                    image,
                    src,
                )
                i = close + 1
                continue
            if tok.type == "image":
                yield self._image(inline, tok, src)
            elif tok.type == "html_inline":
                link = self._html_inline(inline, tok, children, i)
                if link is not None:
                    yield link
            i += 1

    def _markdown_link(
        self,
        inline: _Inline,
        tok: Token,
        close: Token | None,
        inner: list[Token],
        image_tok: Token | None,
        src: str,
    ) -> Link:
        start, end = tok.meta.get("src", (0, 0))
        href = str(tok.attrs.get("href", ""))
        text = _plain_text(inner)
        label_end = _label_end(src, start, end)
        url_start, url_end = _destination(src, label_end, end)
        kind: str = "autolink" if tok.markup == "autolink" else "markdown"
        if tok.markup == "autolink":
            url_start, url_end = start + 1, end - 1
            text = href
        elif url_start < 0:
            kind = "reference"
        span = inline.span(self.doc, start, end)
        if kind == "reference":
            label = _reference_label(src, start, label_end, end)
            url_span = self._reference_url_span(label, href) or span
            raw_url = self.doc.text[url_span.start : url_span.end] if url_span is not span else href
        else:
            url_span = inline.span(self.doc, url_start, url_end)
            raw_url = src[url_start:url_end]
        text_span = None
        if kind != "autolink" and label_end > start:
            text_span = inline.span(self.doc, start + 1, label_end)
        image = self._image(inline, image_tok, src) if image_tok is not None else None
        return Link(kind, text, raw_url, span, url_span, text_span, image)  # type: ignore[arg-type]

    def _image(self, inline: _Inline, tok: Token, src: str) -> Link:
        start, end = tok.meta.get("src", (0, 0))
        label_end = _label_end(src, start + 1, end)
        url_start, url_end = _destination(src, label_end, end)
        span = inline.span(self.doc, start, end)
        if url_start < 0:
            url_span, raw = span, str(tok.attrs.get("src", ""))
        else:
            url_span = inline.span(self.doc, url_start, url_end)
            raw = src[url_start:url_end]
        text_span = inline.span(self.doc, start + 2, max(label_end, start + 2))
        return Link("image", tok.content, raw, span, url_span, text_span)

    def _html_inline(
        self, inline: _Inline, tok: Token, children: list[Token], index: int
    ) -> Link | None:
        start, end = tok.meta.get("src", (0, 0))
        a = _HTML_A.search(tok.content)
        img = _HTML_IMG.search(tok.content)
        match = a or img
        if match is None:
            return None
        url_start = start + match.start(2)
        url = html.unescape(match.group(2))
        url_span = inline.span(self.doc, url_start, url_start + len(match.group(2)))
        if img is not None and a is None:
            alt = _HTML_ALT.search(tok.content)
            span = inline.span(self.doc, start, end)
            return Link(
                "html-image", html.unescape(alt.group(2)) if alt else "", url, span, url_span
            )
        # <a href=...>text</a>: the text runs to the closing tag.
        text_parts: list[str] = []
        stop = end
        for j in range(index + 1, len(children)):
            child = children[j]
            if child.type == "html_inline" and child.content.lower().startswith("</a"):
                stop = child.meta.get("src", (end, end))[1]
                break
            text_parts.append(child.content)
        span = inline.span(self.doc, start, stop)
        return Link("html", "".join(text_parts).strip(), url, span, url_span)

    def _reference_url_span(self, label: str | None, href: str) -> Span | None:
        """The URL of a reference link, in its definition: the first definition of its label
        whose URL is the link's (never a line that merely contains the URL)."""
        if label is None:
            return None
        if self._definitions is None:
            self._definitions = _definitions("\n".join(self.lines))
        for start, end in self._definitions.get(normalizeReference(label), ()):
            raw = self.doc.text[start:end]
            if _normalize_link(unescapeAll(raw)) == href:
                return self.doc.span(start, end)
        return None

    def html_block_links(self, token: Token) -> Iterator[Link]:
        assert token.map is not None
        for k, line in enumerate(token.content.split("\n")):
            line_no = token.map[0] + k
            if line_no >= len(self.lines):
                break
            source = self.lines[line_no]
            base = self.doc.line_starts[line_no] + self._suffix_column(source, line)
            for regex, kind in ((_HTML_A, "html"), (_HTML_IMG, "html-image")):
                for match in regex.finditer(line):
                    url_span = self.doc.span(base + match.start(2), base + match.end(2))
                    span = self.doc.span(base + match.start(), base + match.end())
                    yield Link(kind, "", html.unescape(match.group(2)), span, url_span)  # type: ignore[arg-type]


def _literal_emphasis(inline: _Inline) -> Iterator[int]:
    """Positions (in the inline's content) of `*` markers that markdown left as text: a `**`
    that opens or closes nothing (`(**)`, `**Title` then `**` alone), and a `*` in a link's
    text beside emphasis that did open (`[**LITE*8]`, `[*Title**]`)."""
    content = inline.token.content
    if "*" not in content:
        return
    cursor = 0
    depth = strong = 0
    for child in inline.token.children or []:
        kind = child.type
        if kind == "link_open":
            depth, strong = depth + 1, 0
        elif kind == "link_close":
            depth = max(depth - 1, 0)
        elif kind in ("strong_open", "em_open") and depth:
            strong += 1
        elif kind == "text" and "*" in child.content:
            at = content.find(child.content, cursor)
            if at < 0:
                continue
            cursor = at + len(child.content)
            double = child.content.find("**")
            if double >= 0:
                yield at + double
            elif depth and strong:
                yield at + child.content.find("*")
        elif kind == "text":
            at = content.find(child.content, cursor)
            if at >= 0:
                cursor = at + len(child.content)


def _matching_close(children: list[Token], open_index: int) -> int:
    depth = 0
    for j in range(open_index, len(children)):
        if children[j].type == "link_open":
            depth += 1
        elif children[j].type == "link_close":
            depth -= 1
            if depth == 0:
                return j
    return len(children) - 1


def _plain_text(tokens: list[Token]) -> str:
    parts = []
    for tok in tokens:
        if tok.type in ("text", "code_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            parts.append(tok.content)
    return "".join(parts)


_LABEL_STOPS = re.compile(r"[\\`\[\]]")  # what a label scan looks at; other characters it skips
_DESTINATION_STOPS = re.compile(r"[\\ \t\n()]")


def _label_end(src: str, start: int, end: int) -> int:
    """Index of the ``]`` closing the label that opens at ``src[start] == '['``."""
    depth = 0
    i = start
    search = _LABEL_STOPS.search
    while i < end:
        found = search(src, i, end)
        if found is None:
            return -1
        i = found.start()
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            close = src.find("`", i + 1)
            i = close + 1 if 0 <= close < end else i + 1
            continue
        if ch == "[":
            depth += 1
        else:  # "]"
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


# A link reference definition: `[label]: url` or `[label]: <url>`, the URL maybe on the next
# line, inside list items or block quotes too. Group 2 or 3 is the URL as written.
_DEFINITION = re.compile(
    r"^[ \t>]*\[((?:[^\\\[\]]|\\.){1,999})\]:[ \t]*\n?[ \t>]*(?:<([^<>\n]*)>|([^\s<][^\s]*))",
    re.MULTILINE,
)


def _definitions(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each reference label's definitions put their URL, in order: one pass."""
    found: dict[str, list[tuple[int, int]]] = {}
    if "]:" not in text:
        return found
    for match in _DEFINITION.finditer(text):
        group = 2 if match.group(2) is not None else 3
        label = normalizeReference(match.group(1))
        if label:
            found.setdefault(label, []).append(match.span(group))
    return found


def _reference_label(src: str, start: int, label_end: int, end: int) -> str | None:
    """The label a reference link is looked up by: `[text][label]`, else its text
    (`[text][]`, `[text]`)."""
    if label_end < 0:
        return None
    if label_end + 1 < end and src[label_end + 1] == "[":
        close = src.find("]", label_end + 2, end)
        if close > label_end + 2:
            return src[label_end + 2 : close]
    return src[start + 1 : label_end]


def _destination(src: str, label_end: int, end: int) -> tuple[int, int]:
    """Where the destination of an inline link starts and ends; (-1, -1) for references."""
    if label_end < 0 or label_end + 1 >= end or src[label_end + 1] != "(":
        return -1, -1
    pos = label_end + 2
    while pos < end and src[pos] in " \t\n":
        pos += 1
    if pos < end and src[pos] == "<":
        close = src.find(">", pos)
        return (pos + 1, close) if 0 < close < end else (pos, pos)
    depth, start = 0, pos
    search = _DESTINATION_STOPS.search
    while pos < end:
        found = search(src, pos, end)
        if found is None:
            return start, end
        pos = found.start()
        ch = src[pos]
        if ch == "\\":
            if pos + 1 < end:
                pos += 2
                continue
        elif ch in " \t\n":
            break
        elif ch == "(":
            depth += 1
        elif depth == 0:  # ")"
            break
        else:
            depth -= 1
        pos += 1
    return start, pos


def _mask(inline: _Inline) -> str:
    """The inline's content with each link replaced by as many ``entry_text.LINK``
    characters, and each image, badge, HTML tag and code span by ``entry_text.DECOR``
    (newlines kept): positions stay those of the content."""
    content = inline.token.content
    ranges: list[tuple[int, int, str]] = []
    children = inline.token.children or []
    depth = 0
    for index, child in enumerate(children):
        if child.type == "link_close":
            depth -= 1
        if "src" not in child.meta or depth > 0:
            if child.type == "link_open":
                depth += 1
            continue
        start, end = child.meta["src"]
        if child.type == "link_open":
            depth += 1
            badge = index + 1 < len(children) and children[index + 1].type == "image"
            ranges.append((start, end, entry_text.DECOR if badge else entry_text.LINK))
        elif child.type in ("image", "html_inline"):
            ranges.append((start, end, entry_text.DECOR))
    if "`" in content:
        for m in _CODE_SPAN.finditer(content):
            if dates.looks_like_venue(m.group()[1:-1]) and len(m.group()) <= 32:
                # `arXiv 25.7`, `CVPR 24`: a list's venue tag, set in code: read, not masked.
                ranges += [(m.start(), m.start() + 1, entry_text.DECOR)]
                ranges += [(m.end() - 1, m.end(), entry_text.DECOR)]
            else:
                ranges.append((*m.span(), entry_text.DECOR))
    if not ranges:
        return content
    ranges.sort()
    pieces: list[str] = []
    pos = 0
    for start, end, mark in ranges:
        start, end = max(start, pos), min(end, len(content))
        if end <= start:
            continue
        pieces.append(content[pos:start])
        covered = content[start:end]
        if "\n" in covered:  # keep line breaks where they are
            pieces.append("\n".join(mark * len(part) for part in covered.split("\n")))
        else:
            pieces.append(mark * (end - start))
        pos = end
    pieces.append(content[pos:])
    return "".join(pieces)


_CODE_SPAN = re.compile(r"`[^`\n]*`")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def comment_ranges(text: str) -> list[tuple[int, int]]:
    """Where the HTML comments are: nothing inside one is an entry, a link or a finding."""
    if "<!--" not in text:
        return []
    return [match.span() for match in _COMMENT.finditer(text)]


def _without_comments(text: str, ranges: list[tuple[int, int]]) -> str:
    """``text`` with each comment's characters blanked, its line breaks kept."""
    if not ranges:
        return text
    pieces: list[str] = []
    pos = 0
    for start, end in ranges:
        pieces += (text[pos:start], re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def parse(path: str, text: str) -> Document:
    """Parse markdown ``text`` (line endings already ``\\n``) into a ``Document``."""
    doc = Document(path, text)
    doc.comment_ranges = comment_ranges(text)
    visible = _without_comments(text, doc.comment_ranges)
    if "\x00" in visible:
        # markdown-it turns NUL into U+FFFD before parsing: locate its content in lines that
        # say the same, else every inline span after a NUL on its line is misplaced.
        visible = visible.replace("\x00", "\ufffd")
    builder = _Builder(doc)
    if visible is not text:
        builder.lines = visible.split("\n")
    tokens = _MD.parse(visible, {})
    blocks: list[_Block] = []
    stack: list[_Block] = []  # open list items
    row: _Block | None = None
    paragraph: _Block | None = None  # a paragraph outside lists and tables
    header: list[str] = []
    in_head = False
    cell = -1
    cell_cursor: list[int] = [0]
    section: Section | None = None
    code_lines: set[int] = set()
    item_sections: dict[int, Section | None] = {}

    for i, tok in enumerate(tokens):
        t = tok.type
        if t == "heading_open" and tok.map is not None:
            inline = tokens[i + 1]
            section = Section(_heading_text(inline), int(tok.tag[1:]), tok.map[0] + 1)
            doc.sections.append(section)
        elif t in ("fence", "code_block") and tok.map is not None:
            code_lines.update(range(tok.map[0], tok.map[1]))
        elif t == "list_item_open" and tok.map is not None:
            line = builder.lines[tok.map[0]]
            indent = len(line) - len(line.lstrip(" \t>"))
            block = _Block(
                "item",
                tok.map[0],
                end_line=tok.map[1],
                indent=indent,
                marker=tok.markup,
                parent=stack[-1] if stack else None,
            )
            stack.append(block)
            blocks.append(block)
            item_sections[id(block)] = section
        elif t == "list_item_close":
            if stack:
                stack.pop()
        elif t == "thead_open":
            in_head, header = True, []
        elif t == "thead_close":
            in_head = False
        elif t == "tr_open" and tok.map is not None:
            row = _Block("row", tok.map[0], header=header)
            cell, cell_cursor = -1, [0]
            if not in_head:
                blocks.append(row)
                item_sections[id(row)] = section
        elif t == "tr_close":
            row = None
        elif t == "paragraph_open" and not stack and row is None and tok.map is not None:
            paragraph = _Block("paragraph", tok.map[0])
            if _joins_previous(blocks, paragraph, tokens, i, builder.lines):
                paragraph = blocks[-1]
            else:
                blocks.append(paragraph)
                item_sections[id(paragraph)] = section
        elif t == "paragraph_close" and not stack:
            paragraph = None
        elif t in ("td_open", "th_open"):
            cell += 1
        elif t == "inline" and tok.map is not None:
            if row is not None:
                placed = builder.place(tok, cell_cursor)
                placed.cell = cell
                if in_head:
                    header.append(tok.content.strip().lower())
                else:
                    placed.links = list(builder.links_of(placed))
                    doc.literal_emphasis.extend(placed.offset(k) for k in _literal_emphasis(placed))
                    row.inlines.append(placed)
                    doc.links.extend(placed.links)
            else:
                placed = builder.place(tok)
                placed.links = list(builder.links_of(placed))
                doc.literal_emphasis.extend(placed.offset(k) for k in _literal_emphasis(placed))
                if stack and not _is_heading(tokens, i):
                    stack[-1].inlines.append(placed)
                elif paragraph is not None:
                    paragraph.inlines.append(placed)
                doc.links.extend(placed.links)
        elif t == "html_block" and tok.map is not None:
            doc.links.extend(builder.html_block_links(tok))
            if stack and stack[-1].venue is None:
                stack[-1].venue = _summary_venue(doc, builder.lines, tok)

    doc.links.sort(key=lambda link: link.span.start)
    by_block: dict[int, Entry] = {}
    for block in blocks:
        entry = _entry(doc, block, item_sections.get(id(block)))
        if entry is None:
            continue
        if block.parent is not None:
            entry.parent = _nearest_entry(block.parent, by_block)
        by_block[id(block)] = entry
        doc.entries.append(entry)
    doc.code_lines = frozenset(line + 1 for line in code_lines)
    return doc


_SUMMARY_VENUE = re.compile(r"<summary>\s*\[(?P<venue>[^\]\n]{2,40})\]", re.IGNORECASE)


def _summary_venue(doc: Document, lines: list[str], token: Token) -> TextField | None:
    """The venue an item's `<details><summary>[CVPR 2025] Authors</summary>` names."""
    assert token.map is not None
    for line_no in range(token.map[0], min(token.map[1], len(lines))):
        match = _SUMMARY_VENUE.search(lines[line_no])
        if match is not None and dates.looks_like_venue(match["venue"]):
            start = doc.line_starts[line_no] + match.start("venue")
            return TextField(match["venue"], doc.span(start, start + len(match["venue"])))
    return None


def _joins_previous(
    blocks: list[_Block], paragraph: _Block, tokens: list[Token], index: int, lines: list[str]
) -> bool:
    """Whether a paragraph of links alone (badges below a title, after a blank line) belongs
    to the entry just before it rather than standing alone."""
    if not blocks or index + 1 >= len(tokens):
        return False
    previous = blocks[-1]
    if previous.kind == "row" or not previous.inlines:
        return False
    last = max((inline.token.map or (0, 0))[1] for inline in previous.inlines)
    # Between them: at most one blank line, or the item's own indented lines (an HTML
    # `<details>` block ends the item, and badges at column 0 follow it directly).
    gap = lines[last : paragraph.first_line]
    if len(gap) > 8 or sum(1 for line in gap if not line.strip()) > 1:
        return False
    if previous.kind != "item" and any(line.strip() for line in gap):
        return False
    if any(line.strip() and not line[:1].isspace() for line in gap):
        return False
    inline = tokens[index + 1]
    text = inline.content
    for child in inline.children or []:
        if child.type in ("link_open", "image") and "src" in child.meta:
            start, end = child.meta["src"]
            text = text[:start] + " " * (end - start) + text[end:]
    children = inline.children or []
    has_link = any(child.type in ("link_open", "image") for child in children)
    leftover = re.sub(r"<[^<>]*>|[\s\[\]()|*_.,:;-]", "", text)
    return has_link and not leftover


def _nearest_entry(block: _Block | None, by_block: dict[int, Entry]) -> Entry | None:
    while block is not None:
        if id(block) in by_block:
            return by_block[id(block)]
        block = block.parent
    return None


def _is_heading(tokens: list[Token], index: int) -> bool:
    return index > 0 and tokens[index - 1].type == "heading_open"


def _heading_text(inline: Token) -> str:
    return _plain_text(inline.children or []).strip() or inline.content.strip()


def _entry(doc: Document, block: _Block, section: Section | None) -> Entry | None:
    if not block.inlines:
        return None
    links = [link for inline in block.inlines for link in inline.links]
    if not links and not _may_be_broken_entry(doc, block):
        return None
    head_inline = _head_inline(block)
    masked = _mask(head_inline)
    head = entry_text.read_head(masked)
    if head.how == "plain" and head.title is not None and _ANNOUNCEMENT.match(head.title.text):
        return None  # `We released [C2LLM](...)`, `[2024.07.10] We release ...`: news, no paper
    if head.how == "plain" and head.title is not None and _is_prose(head.title.text):
        # `Paper: [AgentGym](...)`, `New paper R3 ... released! Paper: [Title](...)`: news
        # around a link, whose text is the title.
        head = dataclasses.replace(head, title=None, how="none")
    title_link: Link | None = None
    title, title_span, exact = "", None, True
    if head.link_at is not None:
        title_link = _link_at(head_inline, head.link_at)
    elif head.title is None and block.kind != "paragraph":
        title_link = _title_link(doc, block, links)
    if title_link is not None:
        title, title_span, exact = _link_title(doc, title_link)
    elif head.title is not None:
        piece = head.title
        title, title_span = piece.text, head_inline.span(doc, piece.start, piece.end)
        exact = head.exact and doc.text[title_span.start : title_span.end] == piece.text
    if title_span is None or not title:
        return None
    if block.kind == "paragraph" and head.how == "plain" and not _label_follows(head_inline, head):
        return None  # prose that mentions a paper: "see [our survey](...) for more"
    paperless = block.kind != "row" and title_link is None and not _has_paper_link(links)
    if paperless and not (block.kind == "item" and _may_be_broken_entry(doc, block)):
        return None
    date_field, venue_field = _fields(doc, block, head_inline, masked, head, title_span)
    last_line = max(inline.token.map[1] for inline in block.inlines if inline.token.map)
    indent = block.indent if block.kind == "item" else 0
    start = doc.line_starts[block.first_line] + indent
    end = doc.line_starts[last_line - 1] + len(doc.lines[last_line - 1])
    marker_span = None
    if block.kind == "item":
        marker_span = doc.span(start, start + max(len(block.marker), 1))
    return Entry(
        kind=block.kind,  # type: ignore[arg-type]
        span=doc.span(start, max(end, start)),
        title=title,
        title_span=title_span,
        title_link=title_link,
        links=links,
        date=date_field,
        venue=venue_field,
        section=section,
        indent=block.indent,
        marker_span=marker_span,
        title_exact=exact,
        subtree_end_line=max(block.end_line, last_line),
    )


def _label_follows(inline: _Inline, head: entry_text.Head) -> bool:
    """Whether the first link after a plain title labels it (`[Paper]`, a badge)."""
    if head.title is None:
        return False
    end = inline.offset(head.title.end)
    for link in inline.links:
        if link.span.start >= end:
            text = link.text.strip("[] ")
            return link.is_image or link.image is not None or is_generic_label(text)
    return False


# A list's own news: `We released ...`, `Our survey has been accepted`, `Excited to release
# ...`, `Introducing [X](...)`.
_ANNOUNCEMENT = re.compile(
    r"(?:(?:we|our|i)\s+\w|(?:excited|thrilled|happy|glad|introducing|announcing)\b)",
    re.IGNORECASE,
)


def _is_prose(text: str) -> bool:
    """A label (`Paper`) or a sentence (`... has been released! Paper`), not a title."""
    return is_generic_label(text) or re.search(r"[!] \S", text) is not None


def _head_inline(block: _Block) -> _Inline:
    """Where the entry's title is: its first line, or a table's title column."""
    if block.kind == "row" and block.header:
        for names in (_TITLE_HEADERS[:3], _TITLE_HEADERS):
            for inline in block.inlines:
                cell = inline.cell
                if (
                    0 <= cell < len(block.header)
                    and _header_is(block.header[cell], names)
                    and inline.token.content.strip()
                ):
                    return inline
    for inline in block.inlines:
        if inline.token.content.strip():
            return inline
    return block.inlines[0]


def _link_at(inline: _Inline, position: int) -> Link | None:
    """The entry's title link, if the link that starts at ``position`` names a paper."""
    offset = inline.offset(position)
    for link in inline.links:
        if link.span.start == offset:
            return link if _is_title_link(link) else None
    return None


def _is_title_link(link: Link) -> bool:
    if link.is_image or link.image is not None or link.url.startswith("#"):
        return False
    url = link.url.strip().lower()
    if "://" not in url and not url.startswith("www.") and not url.endswith(".pdf"):
        return False  # `[Pruning](pruning.md)`: another page of the list, not a paper
    text = link.text.strip()
    if not text or is_generic_label(text):
        return False
    # `[[PyTorch]](url)` or `[[Eval Tool](url)]`: a label in brackets, not a title.
    if text.startswith("[") and text.endswith("]"):
        return False
    return not dates.looks_like_venue(text) or len(text.split()) > 4


def _label_wrapped(doc: Document, link: Link) -> bool:
    before = doc.text[max(link.span.start - 1, 0) : link.span.start]
    after = doc.text[link.span.end : link.span.end + 1]
    return before == "[" and after == "]"


def _link_title(doc: Document, link: Link) -> tuple[str, Span, bool]:
    """The title a link's text gives, its span, and whether the source there is the title.

    The span leaves out emphasis around the whole text (`[**Title**](url)`) and a closing
    full stop (`[Title.](url)`: the list's punctuation), and keeps any other spaces, which
    are `title-whitespace`'s business.
    """
    span = link.text_span if link.text_span is not None else link.span
    raw = doc.text[span.start : span.end]
    start, end = 0, len(raw)
    core_start, core_end = start, end
    while core_start < core_end and (
        entry_text.is_space(raw[core_start]) or raw[core_start] in "*_"
    ):
        core_start += 1
    while core_end > core_start and (
        entry_text.is_space(raw[core_end - 1]) or raw[core_end - 1] in "*_"
    ):
        core_end -= 1
    if any(ch in "*_" for ch in raw[:core_start] + raw[core_end:]):
        start, end = core_start, core_end  # emphasis around the title: inside it
    text = " ".join(link.text.split()) if "\n" in link.text else link.text.strip()
    text = text.strip(entry_text.SPACES)
    if (
        core_end - core_start > 1
        and raw[core_end - 1] == "."
        and not raw[:core_end].endswith(("..", " al."))
    ):
        end = core_end - 1  # `[Title.](url)`: the list's full stop, not the title's
        text = text[:-1] if text.endswith(".") else text
    narrowed = doc.span(span.start + start, span.start + end)
    exact = doc.text[narrowed.start : narrowed.end].strip() == text
    return text, narrowed, exact


def _title_link(doc: Document, block: _Block, links: list[Link]) -> Link | None:
    """The first link that names a paper: not a badge, not "[Code]", not an anchor."""
    candidates = links
    if block.kind == "row" and block.header:
        # In a table, a link in the title column wins over one in the name column; when the
        # table has a title column, links in other columns (code, project) are not titles.
        in_title = [
            link
            for inline in block.inlines
            if 0 <= inline.cell < len(block.header)
            and _header_is(block.header[inline.cell], _TITLE_HEADERS[:3])
            for link in inline.links
        ]
        candidates = in_title + links
    for link in candidates:
        if not _is_title_link(link) or _label_wrapped(doc, link):
            continue
        return link
    return None


def _may_be_broken_entry(doc: Document, block: _Block) -> bool:
    """An item or row whose paper link markdown could not read (`[Title(https://arxiv...)`,
    a row without a link in a paper table): still an entry, so that markup rules see it."""
    # What markdown read as a link is masked: what is left of a link's markup is broken.
    text = "".join(_mask(inline) for inline in block.inlines)
    broken = re.search(r"arxiv\.org/|\]\(|\[\[|\]\]", text) is not None
    if block.kind == "row":
        return broken and any(_header_is(name, _TITLE_HEADERS[:3]) for name in block.header)
    return block.kind == "item" and broken


def _has_paper_link(links: list[Link]) -> bool:
    for link in links:
        label = (link.image.text if link.image is not None else link.text).lower()
        if link.is_image:
            continue
        url = link.url.lower()
        if "arxiv.org" in url or "10.48550/arxiv." in url:
            return True
        if any(w in label for w in ("paper", "pdf", "arxiv", "doi")):
            return True
    return False


def _fields(
    doc: Document,
    block: _Block,
    head_inline: _Inline,
    masked: str,
    head: entry_text.Head,
    title_span: Span,
) -> tuple[TextField | None, TextField | None]:
    """The entry's date and venue: a table's columns first, then its text after the title."""
    date_field = venue_field = None
    if block.kind == "row":
        date_field, venue_field = _row_fields(doc, block)
        if date_field is not None or venue_field is not None:
            return date_field, venue_field
    # The title itself is no field: "GPT-4 in 2024" has no date.
    start = title_span.start - head_inline.offset(0)
    end = start + (title_span.end - title_span.start)
    hidden = masked
    if 0 <= start <= end <= len(masked):
        hidden = masked[:start] + entry_text.TITLE * (end - start) + masked[end:]
    inlines = [head_inline] + [i for i in block.inlines if i is not head_inline]
    if block.kind == "row":
        inlines = [head_inline]
    for k, inline in enumerate(inlines):
        if k > 0 and _links_only(inline):
            continue  # a line of badges: no date or venue in its text
        text = hidden if k == 0 else _mask(inline)
        found = entry_text.find_fields(text, list(head.prefixes) if k == 0 else None)
        if date_field is None and found.date is not None:
            date_field = _field(doc, inline, found.date.start, found.date.end, found.date.text)
        if venue_field is None and found.venue is not None:
            venue = found.venue
            venue_field = _field(doc, inline, venue.start, venue.end, venue.text)
        if date_field is not None and venue_field is not None:
            break
    if venue_field is None:
        venue_field = block.venue or _venue_link(doc, block)
    return date_field, venue_field


_LINE_OF_LINKS = frozenset({"image", "softbreak", "hardbreak", "text", "html_inline"})


def _links_only(inline: _Inline) -> bool:
    """Whether the inline holds links and images and nothing else but spaces."""
    depth = 0
    for child in inline.token.children or []:
        kind = child.type
        if kind == "link_open":
            depth += 1
        elif kind == "link_close":
            depth -= 1
        elif (depth == 0 and kind == "text" and child.content.strip()) or (
            depth == 0 and kind not in ("image", "softbreak", "hardbreak", "text", "html_inline")
        ):
            return False
    return True


def _venue_link(doc: Document, block: _Block) -> TextField | None:
    """`[[ICCV 2025](https://arxiv.org/abs/...)]`: a paper link labelled with its venue."""
    for inline in block.inlines:
        for link in inline.links:
            text = link.text.strip()
            if (
                link.text_span is not None
                and link.image is None
                and re.fullmatch(r"[A-Za-z][\w&\- ]{1,30}[ ']\d{2,4}", text)
                and dates.looks_like_venue(text)
            ):
                return TextField(text, link.text_span)
    return None


def _row_fields(doc: Document, block: _Block) -> tuple[TextField | None, TextField | None]:
    date_field = venue_field = None
    for inline in block.inlines:
        name = block.header[inline.cell] if 0 <= inline.cell < len(block.header) else ""
        content = inline.token.content.strip()
        if not content:
            continue
        if date_field is None and _header_is(name, _DATE_HEADERS) and "release" not in name:
            found = dates.find_date(content)
            if found is not None:
                s = inline.token.content.find(content) + found.start
                date_field = _field(doc, inline, s, s + len(found.text), found.text)
        elif venue_field is None and _header_is(name, _VENUE_HEADERS):
            s = inline.token.content.find(content)
            venue_field = _field(doc, inline, s, s + len(content), content)
    return date_field, venue_field


def _header_is(name: str, words: tuple[str, ...]) -> bool:
    return any(word == name or name.startswith(word + " ") for word in words)


def _field(doc: Document, inline: _Inline, start: int, end: int, text: str) -> TextField:
    return TextField(text, inline.span(doc, start, end))
