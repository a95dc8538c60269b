"""A new entry's text, copied from the shape of an entry the list already has.

The template is the nearest entry of the section that is plain (no text beyond its title,
date, venue and links) and that shows a repository when the new paper has one; without
entries in the section, the nearest entry of the list's dominant shape. Its source is copied
and each field is rewritten: the title, the paper's link in the list's arXiv URL form, the date
in the list's date style, the venue, the arXiv badge's target, the star badge and repository
link. Every other link is dropped (a project page belongs to the neighbour, not the new paper),
and so is text that names no field of the new paper (a table cell of authors, a line of notes):
half-edited copies are how wrong entries are born.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from awesome_lint import conventions, dates, entries
from awesome_lint.add.paper import NewPaper
from awesome_lint.arxiv_ids import parse_id
from awesome_lint.document import Document, Entry, Link

_STAR_BADGE = (
    "[![Star](https://img.shields.io/github/stars/{repo}.svg?style=social&label=Star)]"
    "(https://github.com/{repo})"
)
_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Written:
    text: str  # the entry's lines, joined with "\n", without a final line ending
    template_line: int  # the line of the entry whose shape was copied
    table_head: str = ""  # header and delimiter rows, when the entry starts a new table
    shows_repository: bool = True  # False when the list has no place for the repository


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int  # offsets into the template's text
    end: int
    text: str


def choose_template(
    document: Document, section_entries: Sequence[Entry], near: int, paper: NewPaper
) -> Entry | None:
    """The entry to copy: nearest to position ``near`` of the section (or, for an empty
    section, to line ``near`` of the list), plain, with a repository when the paper has one."""
    wants_repo = paper.repository is not None
    if section_entries:
        pool = list(section_entries)
        distance = {id(entry): abs(index - near) for index, entry in enumerate(pool)}
    else:
        pool = _dominant_shape(document)
        distance = {id(entry): abs(entry.span.line - near) for entry in pool}
    usable = [entry for entry in pool if entry.title and entry.title_exact]
    if not usable:
        return None
    return min(
        usable,
        key=lambda entry: (
            _leftover(document, entry) > 0,
            _shows_repository(entry) != wants_repo,
            distance[id(entry)],
        ),
    )


def _dominant_shape(document: Document) -> list[Entry]:
    shape = conventions.of(document).shape
    kind, lines = shape.kind, shape.lines
    out = [
        entry
        for entry in document.entries
        if (kind is None or entry.kind == kind)
        and (lines is None or (entry.span.line == entry.span.end_line) == (lines == "one-line"))
    ]
    return out or list(document.entries)


def _shows_repository(entry: Entry) -> bool:
    return entries.repository(entry) is not None


def _leftover(document: Document, entry: Entry) -> int:
    """Letters and digits of the entry that are none of its fields nor links: text that
    describes the neighbour, which a copy would carry over."""
    start, end = _bounds(document, entry)
    text = list(document.text[start:end])
    covered = [entry.title_span, *(link.span for link in entry.links)]
    covered += [field.span for field in (entry.date, entry.venue) if field is not None]
    if entry.marker_span is not None:
        covered.append(entry.marker_span)
    for span in covered:
        for offset in range(max(span.start, start), min(span.end, end)):
            text[offset - start] = " "
    return len(_WORD.findall("".join(text)))


def _bounds(document: Document, entry: Entry) -> tuple[int, int]:
    start = document.line_starts[entry.span.line - 1]
    end = start
    for line in range(entry.span.line, entry.span.end_line + 1):
        end = document.line_starts[line - 1] + len(document.lines[line - 1])
    return start, end


def date_text(document: Document, template: Entry | None, paper: NewPaper) -> str:
    """The paper's first-version date in the list's date style (else the template's own)."""
    styles: list[str] = []
    if (style := conventions.of(document).date_style) is not None:
        styles.append(style)
    if template is not None and template.date is not None:
        found = dates.find_date(template.date.text)
        if found is not None:
            styles.extend(sorted(found.styles))
    day = paper.published.day
    for style in [*styles, "abbr."]:
        with_day = style == "YY.MM.DD" or bool(re.search(r"[/.-]D", style))
        written = dates.rewrite(
            dates.DateMatch(
                0,
                "",
                paper.published.year,
                paper.published.month,
                day if with_day else None,
                frozenset({style}),
            ),
            style,
        )
        if written is not None:
            return written
    raise AssertionError("the abbr. style writes every month")  # pragma: no cover


def render(
    document: Document,
    template: Entry,
    paper: NewPaper,
    venue: str | None,
    *,
    new_table: bool = False,
) -> Written:
    """The new entry, written in ``template``'s shape (see the module's docstring)."""
    start, end = _bounds(document, template)
    source = document.text[start:end]
    arxiv = parse_id(paper.arxiv_id)
    assert arxiv is not None, "ids are checked before they are looked up"
    arxiv_url = conventions.of(document).arxiv_url_for(arxiv)
    row = template.kind == "row"
    repo = paper.repository
    edits: list[_Edit] = []
    kept: list[tuple[int, int]] = []  # spans of fields the new entry fills, for the cells

    def put(first: int, last: int, text: str) -> None:
        edits.append(_Edit(first - start, last - start, text))
        kept.append((first - start, last - start))

    put(template.title_span.start, template.title_span.end, _escape(paper.title, row))
    if template.title_link is not None:
        link = template.title_link
        put(link.url_span.start, link.url_span.end, arxiv_url)
    if template.date is not None:
        put(template.date.span.start, template.date.span.end, date_text(document, template, paper))
    if template.venue is not None and venue is not None:
        core = template.venue.text.strip().strip("*_[]() ").strip()
        at = template.venue.text.find(core) if core else -1
        if at >= 0:
            first = template.venue.span.start + at
            put(first, first + len(core), venue)
    shows_repository = repo is None
    last_badge: Link | None = None
    for link in template.links:
        if link is template.title_link or _inside(link, template.title_link):
            continue
        parsed = entries.arxiv_url(link.url)
        if parsed is not None and parsed.arxiv_id is not None:
            put(link.url_span.start, link.url_span.end, arxiv_url)
            if link.image is not None:
                # `badge/arXiv-2312.00001-b31b1b`: a badge that shows its id shows the new one.
                image = link.image
                shown = image.url.replace(parsed.arxiv_id.id, paper.arxiv_id)
                put(image.url_span.start, image.url_span.end, shown)
                last_badge = link
        elif link.image is not None and entries.is_star_badge(link.image) and repo is not None:
            put(link.image.url_span.start, link.image.url_span.end, _star_url(link.image, repo))
            put(link.url_span.start, link.url_span.end, f"https://github.com/{repo}")
            shows_repository, last_badge = True, link
        elif link.image is None and entries.parse_repo_url(link.url) and repo is not None:
            put(link.url_span.start, link.url_span.end, f"https://github.com/{repo}")
            shows_repository = True
        else:
            edits.append(_drop(source, link.span.start - start, link.span.end - start))
    if repo is not None and not shows_repository:
        borrowed = _borrowed_star_badge(document, repo)
        if borrowed is not None:
            edits.append(_after(document, source, start, template, last_badge, borrowed))
            shows_repository = True
    edits.extend(_stale_text(source, kept, row, template.span.line == template.span.end_line))
    text = _apply(source, edits)
    head = _table_head(document, template) if new_table and row else ""
    return Written(text, template.span.line, head, shows_repository)


def _inside(link: Link, outer: Link | None) -> bool:
    return outer is not None and outer.span.start <= link.span.start < outer.span.end


def _escape(title: str, row: bool) -> str:
    text = title.replace("[", "\\[").replace("]", "\\]")
    return text.replace("|", "\\|") if row else text


def _star_url(image: Link, repo: str) -> str:
    """The template's star badge URL for ``repo``: its style and label kept."""
    parsed = entries.parse_star_badge(image.url)
    if parsed is None:
        return f"https://img.shields.io/github/stars/{repo}.svg?style=social&label=Star"
    return image.url.replace(f"{parsed[0]}/{parsed[1]}", repo, 1)


def _drop(source: str, first: int, last: int) -> _Edit:
    """Delete a link with the brackets around it (``[[Code](url)]``) and the spaces before it;
    a link alone on its line goes with its line."""
    if first > 0 and last < len(source) and source[first - 1] == "[" and source[last] == "]":
        first, last = first - 1, last + 1
    line_start = source.rfind("\n", 0, first) + 1
    line_end = source.find("\n", last)
    line_end = len(source) if line_end < 0 else line_end
    if not source[line_start:first].strip() and not source[last:line_end].strip():
        if line_start > 0:
            return _Edit(line_start - 1, line_end, "")
        return _Edit(line_start, min(line_end + 1, len(source)), "")
    while first > line_start and source[first - 1] in " \t":
        first -= 1
    return _Edit(first, last, "")


def _borrowed_star_badge(document: Document, repo: str) -> str | None:
    """A star badge as this list writes them, for ``repo``; ``None`` when the list has none."""
    for link in document.links:
        if link.image is not None and entries.is_star_badge(link.image):
            badge = document.text[link.span.start : link.span.end]
            parsed = entries.parse_repo_url(link.url)
            new = badge.replace(link.image.url, _star_url(link.image, repo), 1)
            if parsed is not None:
                return new.replace(link.url, f"https://github.com/{repo}", 1)
    return None


def _after(
    document: Document,
    source: str,
    start: int,
    template: Entry,
    last_badge: Link | None,
    badge: str,
) -> _Edit:
    """Insert ``badge`` after the template's last badge: on a line of its own when that badge
    has one (indented alike), else after a space."""
    if last_badge is None:
        at = len(source.rstrip())
        return _Edit(at, at, " " + badge)
    at = last_badge.span.end - start
    line_start = source.rfind("\n", 0, last_badge.span.start - start) + 1
    before = source[line_start : last_badge.span.start - start]
    if line_start > 0 and not before.strip():
        return _Edit(at, at, "\n" + before + badge)
    return _Edit(at, at, " " + badge)


def _stale_text(source: str, kept: list[tuple[int, int]], row: bool, one_line: bool) -> list[_Edit]:
    """Edits that empty what describes the neighbour: a table cell without any field of the new
    entry, or a continuation line of an item without one."""
    out: list[_Edit] = []
    if row:
        bounds = [m.start() for m in re.finditer(r"(?<!\\)\|", source)]
        for left, right in pairwise(bounds):
            cell = source[left + 1 : right]
            filled = any(left < s < right for s, _ in kept)
            if _WORD.search(cell) and not filled and not _has_link(cell):
                out.append(_Edit(left + 1, right, " "))
        return out
    if one_line:
        return out
    position = source.find("\n") + 1
    while 0 < position < len(source):
        end = source.find("\n", position)
        end = len(source) if end < 0 else end
        line = source[position:end]
        filled = any(position <= s < end for s, _ in kept)
        if _WORD.search(line) and not _has_link(line) and not filled:
            out.append(_Edit(position - 1, end, ""))
        position = end + 1
    return out


def _has_link(text: str) -> bool:
    """Links are handled one by one (kept or dropped), not with the text around them."""
    return "](" in text or "<a " in text.lower() or "<img" in text.lower()


def _apply(source: str, edits: list[_Edit]) -> str:
    """Apply edits from the end; one that overlaps an edit already taken is skipped (a venue
    whose year is also the date's)."""
    taken: list[_Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if any(edit.start < other.end and other.start < edit.end for other in taken):
            continue
        taken.append(edit)
    text = source
    for edit in sorted(taken, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _table_head(document: Document, template: Entry) -> str:
    """The header and delimiter rows of the template's table, for a section without one."""
    line = template.span.line - 1
    while line >= 1 and document.lines[line - 1].lstrip().startswith("|"):
        line -= 1
    first = line + 1
    if first + 1 >= template.span.line:
        return ""
    return "\n".join(document.lines[first - 1 : first + 1])
