"""A new entry's text, copied from the shape of an entry the list already has.

The template is the nearest entry of the section that is plain (no text beyond its title,
date, venue and links) and that shows a repository when the new paper has one; without
entries in the section, the nearest entry of the list's dominant shape. Its source is copied
and each field is rewritten: the title (and a bold model name before it), the paper's link in
the list's arXiv URL form, the date as the template writes dates, the venue as it writes
venues, the arXiv badge's target (and an id the badge shows), the star badge and repository
link. Every other link and image is dropped (a project page belongs to the neighbour, not the
new paper), and so is every word that is none of these fields (authors, notes, ratings); the
markup around them stays. Half-edited copies are how wrong entries are born: a copy that still
names an arXiv id or a repository other than the paper's is never written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from awesome_lint import conventions, entries
from awesome_lint.add.date_text import date_text
from awesome_lint.add.leftovers import TAG, WORD, Edit, apply, blank_lines, stale_text, tidy
from awesome_lint.add.paper import NewPaper, venue_as_written, venue_text
from awesome_lint.arxiv_ids import parse_id
from awesome_lint.document import Document, Entry, Link

MAX_TEMPLATES = 20  # templates tried, best first, before giving up
# `Anchor DETR: Query Design...` names a model; `Visual Dependency Transformers: ...` does not.
MAX_NAME_WORDS = 2
_ARXIV_IDS = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")
_REPOS = re.compile(
    r"(?:github\.com|img\.shields\.io/github/stars)/([A-Za-z0-9-]+)/([A-Za-z0-9_.-]+?)"
    r"(?:\.svg|\.git)?(?=[/?#)\]\s\"'>]|$)"
)
_NAME_BEFORE = re.compile(r"\*\*([^*\n]+)\*\*(?P<colon>\s*:\s*)[\"\u201c]?\s*$")


@dataclass(frozen=True, slots=True)
class Written:
    text: str  # the entry's lines, joined with "\n", without a final line ending
    template_title: str  # the title of the entry whose shape was copied
    table_head: str = ""  # header and delimiter rows, when the entry starts a new table
    shows_repository: bool = True  # False when the list has no place for the repository


def templates(
    document: Document, section_entries: Sequence[Entry], near: int, paper: NewPaper
) -> list[Entry]:
    """The entries to copy, best first: plain ones (nothing to leave out) before others, those
    that show a repository when the paper has one (and not otherwise), then the nearest to
    position ``near`` of the section (or, for an empty section, to line ``near`` of the list)."""
    wants_repo = paper.repository is not None
    if section_entries:
        pool = list(section_entries)
        distance = {id(entry): abs(index - near) for index, entry in enumerate(pool)}
    else:
        pool = _dominant_shape(document)
        distance = {id(entry): abs(entry.span.line - near) for entry in pool}
    usable = [entry for entry in pool if entry.title and entry.title_exact]
    one_line = [entry.span.line == entry.span.end_line for entry in pool]
    # The section's own shape first: one line or several, as most of its entries are.
    most = one_line.count(True) * 2 > len(one_line)
    return sorted(
        usable,
        key=lambda entry: (
            (entry.span.line == entry.span.end_line) != most,
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
    return len(WORD.findall("".join(text)))


def _bounds(document: Document, entry: Entry) -> tuple[int, int]:
    start = document.line_starts[entry.span.line - 1]
    end = start
    for line in range(entry.span.line, entry.span.end_line + 1):
        end = document.line_starts[line - 1] + len(document.lines[line - 1])
    return start, end


def write(
    document: Document,
    section_entries: Sequence[Entry],
    near: int,
    paper: NewPaper,
    venue: str | None,
    *,
    new_table: bool = False,
) -> Written | None:
    """The new entry, copied from the best template whose copy carries no arXiv id and no
    repository but the paper's own (the guard against a half-edited copy); ``None`` when no
    entry of the list can serve."""
    for template in templates(document, section_entries, near, paper)[:MAX_TEMPLATES]:
        written = render(document, template, paper, venue, new_table=new_table)
        if carries_only_its_own(written.text, paper):
            return written
    return None


def carries_only_its_own(text: str, paper: NewPaper) -> bool:
    """Whether ``text`` links the paper's arXiv id, and every arXiv id and GitHub repository
    it names is the paper's."""
    body = text.replace(paper.title, " ")
    ids = _ARXIV_IDS.findall(body)
    if paper.arxiv_id not in ids or any(found != paper.arxiv_id for found in ids):
        return False
    repo = (paper.repository or "").lower()
    return all(f"{owner}/{name}".lower() == repo for owner, name in _REPOS.findall(body))


def render(
    document: Document,
    template: Entry,
    paper: NewPaper,
    venue: str | None,
    *,
    new_table: bool = False,
) -> Written:
    """The new entry, written in ``template``'s shape (see the module's docstring); ``venue``
    where the paper was published, ``None`` for a preprint."""
    start, end = _bounds(document, template)
    source = document.text[start:end]
    arxiv = parse_id(paper.arxiv_id)
    assert arxiv is not None, "ids are checked before they are looked up"
    arxiv_url = conventions.of(document).arxiv_url_for(arxiv)
    row = template.kind == "row"
    repo = paper.repository
    edits: list[Edit] = []
    covered: list[tuple[int, int]] = []  # what the new entry keeps or fills: not stale text

    def put(first: int, last: int, text: str) -> None:
        edits.append(Edit(first - start, last - start, text))

    def keep(first: int, last: int) -> None:
        covered.append((first - start, last - start))

    title = paper.title
    name = _name_before(source, template.title_span.start - start)
    if name is not None:
        # `**AutoRT**: "Embodied Foundation Models..."`: the name before the colon goes in the
        # template's name, the rest in its title; without a colon, `**Name**: ` is left out.
        (first, last), prefix = name
        named, _, rest = paper.title.partition(": ")
        if rest and len(named.split()) <= MAX_NAME_WORDS:
            put(start + first, start + last, named.strip())
            title = rest.strip()
        else:
            put(start + prefix[0], start + prefix[1], "")
        keep(start + prefix[0], start + prefix[1])
    put(template.title_span.start, template.title_span.end, _escape(title, row))
    keep(template.title_span.start, template.title_span.end)
    if template.date is not None:
        put(template.date.span.start, template.date.span.end, date_text(document, template, paper))
        keep(template.date.span.start, template.date.span.end)
    if template.venue is not None:
        _venue(document, template, paper, venue, put, keep)
    shows_repository = repo is None
    last_badge: Link | None = None
    repo_links = 0
    paper_link = _paper_link(template)
    for link in template.links:
        keep(link.span.start, link.span.end)
        if link is paper_link:
            put(link.url_span.start, link.url_span.end, arxiv_url)
            continue
        if _inside(link, template.title_link):
            continue
        parsed = entries.arxiv_url(link.url)
        if link.is_image:  # a figure or a venue badge of the neighbour's
            edits.append(_drop(source, link.span.start - start, link.span.end - start))
        elif parsed is not None and parsed.arxiv_id is not None:
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
        elif (
            link.image is None
            and entries.parse_repo_url(link.url)
            and repo is not None
            and not repo_links
        ):
            put(link.url_span.start, link.url_span.end, f"https://github.com/{repo}")
            shows_repository, repo_links = True, repo_links + 1
        else:
            edits.append(_drop(source, link.span.start - start, link.span.end - start))
    if repo is not None and not shows_repository:
        borrowed = _borrowed_star_badge(document, repo)
        if borrowed is not None:
            edits.append(_after(source, start, last_badge or paper_link, borrowed, row))
            shows_repository = True
    if template.marker_span is not None:
        keep(template.marker_span.start, template.marker_span.end)
    covered.extend((m.start(), m.end()) for m in TAG.finditer(source))
    edits.extend(stale_text(source, covered))
    edits.extend(blank_lines(source))
    text = tidy(apply(source, edits))
    head = _table_head(document, template) if new_table and row else ""
    return Written(text, template.title, head, shows_repository)


def _venue(
    document: Document,
    template: Entry,
    paper: NewPaper,
    venue: str | None,
    put: Callable[[int, int, str], None],
    keep: Callable[[int, int], None],
) -> None:
    """Rewrite the template's venue; a year written right after it (``arXiv 2023.``, where
    the entry's date is elsewhere) is the venue's."""
    assert template.venue is not None
    span = template.venue.span
    text, end = venue_as_written(document, template)
    written = venue_text(document, venue, paper.published.year, text)
    core = text.strip().strip("*_[]() ").strip()
    at = text.find(core) if core else -1
    if at >= 0:  # no venue to write: the neighbour's goes all the same
        put(span.start + at, span.start + at + len(core), written or "")
    keep(span.start, end)


def _name_before(source: str, title_start: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A bold name right before the title (``**Name**: "`` or ``**Name**: ``): the name's span
    and that of the whole ``**Name**: `` before the title or its quote."""
    line_start = source.rfind("\n", 0, title_start) + 1
    match = _NAME_BEFORE.search(source[line_start:title_start])
    if match is None:
        return None
    name = (line_start + match.start(1), line_start + match.end(1))
    return name, (line_start + match.start(), line_start + match.end("colon"))


def _paper_link(template: Entry) -> Link | None:
    """The link that takes the paper's arXiv URL: the title's link, else the first link to
    arXiv, else the first link that is neither an image nor a repository (``[[Paper]](...)``
    to OpenReview)."""
    if template.title_link is not None:
        return template.title_link
    links = [link for link in template.links if not link.is_image]
    for link in links:
        parsed = entries.arxiv_url(link.url)
        if link.image is None and parsed is not None and parsed.arxiv_id is not None:
            return link
    return next(
        (link for link in links if link.image is None and not entries.parse_repo_url(link.url)),
        None,
    )


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


def _drop(source: str, first: int, last: int) -> Edit:
    """Delete a link with the brackets around it (``[[Code](url)]``) and the spaces before it;
    a link alone on its line goes with its line."""
    if first > 0 and last < len(source) and source[first - 1] == "[" and source[last] == "]":
        first, last = first - 1, last + 1
    line_start = source.rfind("\n", 0, first) + 1
    line_end = source.find("\n", last)
    line_end = len(source) if line_end < 0 else line_end
    if not source[line_start:first].strip() and not source[last:line_end].strip():
        if line_start > 0:
            return Edit(line_start - 1, line_end, "")
        return Edit(line_start, min(line_end + 1, len(source)), "")
    while first > line_start and source[first - 1] in " \t":
        first -= 1
    return Edit(first, last, "")


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


def _after(source: str, start: int, after: Link | None, badge: str, row: bool) -> Edit:
    """Insert ``badge`` after ``after`` (the template's last badge, else its paper link): on a
    line of its own when that badge has one (indented alike), else after a space. Without
    either, at the end of an item's first line (a row's would be outside its cells)."""
    if after is None or (not row and after.image is None):
        at = source.find("\n") if "\n" in source else len(source)
        return Edit(at, at, " " + badge)
    at = after.span.end - start
    line_start = source.rfind("\n", 0, after.span.start - start) + 1
    before = source[line_start : after.span.start - start]
    if line_start > 0 and not before.strip():
        return Edit(at, at, "\n" + before + badge)
    return Edit(at, at, " " + badge)


def _table_head(document: Document, template: Entry) -> str:
    """The header and delimiter rows of the template's table, for a section without one."""
    line = template.span.line - 1
    while line >= 1 and document.lines[line - 1].lstrip().startswith("|"):
        line -= 1
    first = line + 1
    if first + 1 >= template.span.line:
        return ""
    return "\n".join(document.lines[first - 1 : first + 1])
