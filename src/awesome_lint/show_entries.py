"""`awesome-lint entries PATH...`: print each entry as the linter understood it.

Rules see a list only through its entries; when a rule fires, or stays silent, a maintainer can
see here what the parser read: the title and where it is, the arXiv ids of the title link and
of the badges, the date and venue, the repositories and star badges, and every other link. The
JSON format gives tests and scripts the same view with stable keys (``version`` 1).

Offline and light on imports: files, the parser and the entry helpers, no rule and no source.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from awesome_lint import dates, entries, files, parser
from awesome_lint.document import Entry, Link
from awesome_lint.report import FileProblem

EXIT_OK, EXIT_ERROR = 0, 2
FORMAT_VERSION = 1

EntryView = dict[str, Any]


@dataclass(slots=True)
class FileView:
    path: str
    entries: list[EntryView]


def describe(path: str, entry: Entry) -> EntryView:
    """The entry as a JSON-ready object, with the keys of format version 1."""
    paper = entries.arxiv_link(entry)
    badge_ids, badge_links = _arxiv_badges(entry)
    return {
        "path": path,
        "kind": entry.kind,
        "start_line": entry.span.line,
        "end_line": entry.span.end_line,
        "section": entry.section.title if entry.section is not None else None,
        "title": entry.title,
        "title_line": entry.title_span.line,
        "title_column": entry.title_span.column,
        "arxiv_id": paper[1].id if paper is not None else None,
        "badge_arxiv_ids": badge_ids,
        "date": _date(entry),
        "venue": entry.venue.text if entry.venue is not None else None,
        "repositories": [ref.full_name for ref in entries.repositories(entry)],
        "star_badges": _star_badges(entry),
        "links": _other_links(entry, paper[0] if paper is not None else None, badge_links),
    }


def _arxiv_badges(entry: Entry) -> tuple[list[str], list[Link]]:
    """Ids of the images whose surrounding link is an arXiv URL, and those links.

    Invalid ids are kept: a badge pointing at an impossible id is what a maintainer looks for.
    """
    ids: list[str] = []
    links: list[Link] = []
    for _image, around in entries.images(entry):
        if around is None:
            continue
        parsed = entries.arxiv_url(around.url)
        if parsed is not None and parsed.arxiv_id is not None:
            ids.append(parsed.arxiv_id.id)
            links.append(around)
    return ids, links


def _date(entry: Entry) -> dict[str, Any] | None:
    if entry.date is None:
        return None
    found = dates.find_date(entry.date.text)
    return {
        "text": entry.date.text,
        "year": found.year if found is not None else None,
        "month": found.month if found is not None else None,
    }


def _star_badges(entry: Entry) -> list[str]:
    """``owner/repo`` of each well-formed star badge (a malformed one is badge-url's finding)."""
    out: list[str] = []
    for image, _around in entries.images(entry):
        parsed = entries.parse_star_badge(image.url) if entries.is_star_badge(image) else None
        if parsed is not None:
            out.append(f"{parsed[0]}/{parsed[1]}")
    return out


def _other_links(entry: Entry, paper: Link | None, arxiv_badges: list[Link]) -> list[str]:
    """Link targets not already shown as the paper's id, a badge's id or a repository."""
    shown = [paper, *arxiv_badges]
    out: list[str] = []
    for link in entry.links:
        if link.is_image or any(link is known for known in shown):
            continue
        if entries.parse_repo_url(link.url) is not None or link.url in out:
            continue
        out.append(link.url)
    return out


def load(paths: Sequence[str]) -> tuple[list[FileView], list[FileProblem]]:
    """Discover, read and parse as a lint run does (no configuration, so nothing excluded)."""
    found, problems = files.discover(paths)
    views: list[FileView] = []
    for path in found:
        source = files.read(path)
        if isinstance(source, FileProblem):
            problems.append(source)
            continue
        document = parser.parse(source.path, source.text)
        views.append(
            FileView(source.path, [describe(source.path, entry) for entry in document.entries])
        )
    return views, problems


def render_json(views: Sequence[FileView]) -> str:
    body = {
        "version": FORMAT_VERSION,
        "files": [{"path": view.path, "entries": view.entries} for view in views],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def render_text(views: Sequence[FileView]) -> str:
    lines = [line for view in views for entry in view.entries for line in _text(entry)]
    return "".join(line + "\n" for line in lines)


def _text(entry: EntryView) -> list[str]:
    """One block: a head line, then one indented line per field that has a value."""
    start, end = entry["start_line"], entry["end_line"]
    lines_part = f"{start}-{end}" if end != start else str(start)
    section = f" [{entry['section']}]" if entry["section"] is not None else ""
    position = f"{entry['title_line']}:{entry['title_column']}"
    out = [
        f"{entry['path']}:{lines_part} {entry['kind']}{section} '{entry['title']}' at {position}"
    ]
    badges = entry["badge_arxiv_ids"]
    if entry["arxiv_id"] is not None or badges:
        badge = f" (badge: {', '.join(badges)})" if badges else ""
        out.append(f"  arxiv: {entry['arxiv_id'] or '-'}{badge}")
    if entry["date"] is not None:
        out.append(f"  date: {entry['date']['text']} ({_year_month(entry['date'])})")
    fields = (
        ("venue", [entry["venue"]] if entry["venue"] is not None else []),
        ("repos", entry["repositories"]),
        ("stars", entry["star_badges"]),
        ("links", entry["links"]),
    )
    out.extend(f"  {name}: {', '.join(values)}" for name, values in fields if values)
    return out


def _year_month(date: dict[str, Any]) -> str:
    if date["year"] is None:
        return "not a date"
    return f"{date['year']}-{date['month']:02d}" if date["month"] else str(date["year"])


def summary(views: Sequence[FileView]) -> str:
    count = sum(len(view.entries) for view in views)
    return (
        f"{count} {'entry' if count == 1 else 'entries'} in {len(views)} "
        f"{'file' if len(views) == 1 else 'files'}"
    )


def build_parser(parser_class: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """The subcommand's arguments; ``parser_class`` is the CLI's, which raises usage errors."""
    command = parser_class(
        prog="awesome-lint entries",
        description="Print each entry as the linter read it: title, arXiv ids, date, links.",
    )
    command.add_argument("paths", nargs="*", help="files and folders (default: .)")
    command.add_argument("--format", choices=("text", "json"), default="text")
    return command


def run(args: argparse.Namespace) -> int:
    views, problems = load(args.paths or ["."])
    for problem in problems:
        print(f"awesome-lint: error: {problem.path}: {problem.message}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(render_json(views))
        print(summary(views), file=sys.stderr)  # stdout stays one JSON document
    else:
        sys.stdout.write(render_text(views))
        print(summary(views))
    # As a lint run: an error only when nothing at all could be read.
    return EXIT_ERROR if problems and not views else EXIT_OK
