"""`awesome-lint add ID... --to LIST --section HEADING`: look papers up, write their entries.

Exit codes: 0 when the entries were written (or, with ``--dry-run``, would be); 1 when a paper
is refused (already in the list, unknown to arXiv, a ``--repo`` GitHub does not know); 2 for a
usage or input error (no ``--section``: the headings are printed; a file that cannot be read;
arXiv out of reach). Nothing is written unless every paper can be added.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from awesome_lint import entries, files, parser
from awesome_lint.add import history, style
from awesome_lint.add import place as placing
from awesome_lint.add.paper import (
    NewPaper,
    VenueProvider,
    best_repository,
    repositories_named,
)
from awesome_lint.arxiv_ids import parse_id
from awesome_lint.document import Document, Section
from awesome_lint.facts import ArxivPaper, FactStatus, VenueFact
from awesome_lint.findings import Edit
from awesome_lint.fix import carry_endings
from awesome_lint.report import FileProblem

EXIT_OK, EXIT_REFUSED, EXIT_ERROR = 0, 1, 2
FORMAT_VERSION = 1


class Refused(Exception):
    """A paper that cannot be added as asked; ``status`` is the exit code."""

    def __init__(self, message: str, status: int = EXIT_REFUSED) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Added:
    paper: NewPaper
    section: str
    line: int  # first line of the entry in the new text
    how: str
    text: str
    template_title: str  # the entry whose shape was copied
    shows_repository: bool
    offset: int = 0  # where its text went in, in the text it was added to
    inserted: str = ""  # the text put there (the entry, its blank lines, a table's head)


def build_parser(parser_class: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    command = parser_class(
        prog="awesome-lint add",
        description="Look papers up on arXiv and write their entries the way the list writes"
        " entries, where the section puts new ones.",
    )
    command.add_argument("ids", nargs="+", metavar="ARXIV_ID", help="arXiv ids or URLs")
    command.add_argument("--to", required=True, metavar="LIST", help="the list's markdown file")
    command.add_argument(
        "--section",
        metavar="HEADING",
        help="the heading's text ('Topic > 2024' for one of several '2024' headings)",
    )
    command.add_argument("--repo", metavar="OWNER/NAME", help="the code repository (one id only)")
    command.add_argument("--dry-run", action="store_true", help="print, write nothing")
    command.add_argument("--format", choices=("text", "json"), default="text")
    command.add_argument("--cache-dir", help="cache folder (default: .awesome-lint-cache)")
    command.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    return command


def run(args: argparse.Namespace, venue_provider: VenueProvider | None = None) -> int:
    try:
        return _run(args, venue_provider)
    except Refused as refusal:
        print(f"awesome-lint: error: {refusal}", file=sys.stderr)
        return refusal.status


def _run(args: argparse.Namespace, venue_provider: VenueProvider | None) -> int:
    ids = _ids(args.ids)
    if args.repo is not None and len(ids) != 1:
        raise Refused("--repo names the repository of one paper: give one id", EXIT_ERROR)
    repo_given = _repo_argument(args.repo) if args.repo is not None else None
    _, missing = files.discover([args.to])
    source = missing[0] if missing else files.read(Path(args.to))
    if isinstance(source, FileProblem):
        raise Refused(f"{source.path}: {source.message}", EXIT_ERROR)
    document = parser.parse(source.path, source.text)
    if args.section is None:
        for heading in document.sections:
            print(f"{'  ' * (heading.level - 1)}{heading.title}")
        raise Refused(
            "choose a section with --section HEADING (the headings are above)", EXIT_ERROR
        )
    try:
        section = placing.find_section(document, args.section)
    except placing.SectionError as error:
        raise Refused(f"{source.path}: {error}", EXIT_ERROR) from None
    _refuse_duplicates(document, ids)

    from awesome_lint import gather

    gatherer = gather.OnlineGatherer(_settings(args, gather))
    papers, venue_facts = _papers(gatherer, ids, venues=venue_provider is None)
    if venue_provider is None:
        venue_provider = _published_at(venue_facts)
    new_papers = _with_repositories(gatherer, papers, repo_given)
    text = source.text
    added: list[Added] = []
    section_index = document.sections.index(section)  # new entries add no heading
    recent = history.recently_added(source.real_path)
    endings = list(source.line_endings) if source.line_endings is not None else None
    for paper in sorted(new_papers, key=lambda p: (p.published, p.arxiv_id)):
        document = parser.parse(source.path, text)
        section = document.sections[section_index]
        if venue_provider is not None:
            paper = replace(paper, venue=venue_provider(papers[paper.arxiv_id]))
        text, done = add_entry(document, section, paper, recent)
        if endings is not None:  # a file that mixes line endings keeps each line's own
            edit = Edit(done.offset, done.offset, done.inserted)
            endings = carry_endings(document.text, [edit], endings)
        added.append(done)
    lines = _check(source.path, text, [item.paper.arxiv_id for item in added])
    added = [replace(item, line=lines[item.paper.arxiv_id]) for item in added]
    if not args.dry_run:
        from awesome_lint import fix

        try:
            fix.write(source, text, endings)
        except fix.FileChanged as error:
            raise Refused(str(error), EXIT_ERROR) from None
        except OSError as error:
            message = f"{source.path}: cannot be written: {error.strerror or error}"
            raise Refused(message, EXIT_ERROR) from None
    _report(args, source.path, added)
    return EXIT_OK


def _ids(raw: list[str]) -> list[str]:
    out: list[str] = []
    for text in raw:
        parsed = parse_id(text.strip())
        if parsed is None:
            from awesome_lint.arxiv_ids import parse_url

            url = parse_url(text.strip())
            parsed = url.arxiv_id if url is not None else None
        if parsed is None or not parsed.is_valid:
            raise Refused(f"'{text}' is not an arXiv id", EXIT_ERROR)
        if parsed.id not in out:
            out.append(parsed.id)
    return out


def _repo_argument(text: str) -> str:
    value = text.strip().removeprefix("https://").removeprefix("github.com/").strip("/")
    parsed = entries.parse_repo_url(f"https://github.com/{value}")
    if parsed is None or value.count("/") != 1:
        raise Refused(f"--repo '{text}' is not OWNER/NAME", EXIT_ERROR)
    return f"{parsed[0]}/{parsed[1]}"


def _refuse_duplicates(document: Document, ids: list[str]) -> None:
    """Every id the list already carries, with the lines of the entries that carry it."""
    problems: list[str] = []
    for arxiv_id in ids:
        carriers = [entry for entry in document.entries if arxiv_id in _ids_of(entry)]
        if carriers:
            where = ", ".join(
                f"{document.path}:{entry.span.line} '{entry.title}'" for entry in carriers
            )
            problems.append(f"{arxiv_id} is already in the list: {where}")
    if problems:
        raise Refused("; ".join(problems) + ": nothing written")


def _ids_of(entry: Any) -> set[str]:
    out: set[str] = set()
    for link in entry.links:
        parsed = entries.arxiv_url(link.url)
        if parsed is not None and parsed.arxiv_id is not None:
            out.add(parsed.arxiv_id.id)
    return out


def _settings(args: argparse.Namespace, gather: Any) -> Any:
    """The online settings of a lint run: the environment, the configuration file's cache
    folder and timeout, then the command line."""
    from awesome_lint import config as config_module
    from awesome_lint.rules import registry

    try:
        settings = gather.OnlineSettings(**gather.settings_from_env())
        config = config_module.load(config_module.find(), frozenset(registry.by_name()))
    except (ValueError, config_module.ConfigError) as error:
        raise Refused(str(error), EXIT_ERROR) from None
    if config.cache_dir:
        settings.cache_dir = Path(config.cache_dir)
    if config.timeout is not None:
        settings.timeout = config.timeout
    if args.cache_dir:
        settings.cache_dir = Path(args.cache_dir)
    if args.no_cache:
        settings.cache_dir = None
    settings.progress = False
    return settings


def _papers(
    gatherer: Any, ids: list[str], *, venues: bool
) -> tuple[dict[str, ArxivPaper], dict[str, VenueFact]]:
    """The papers, and with ``venues`` where Semantic Scholar says they were published, in
    one batched lookup per source; refused when arXiv does not know one or could not be asked
    (then nothing is written: a network failure is never "not found")."""
    facts = gatherer.look_up(arxiv=ids, venues=ids if venues else ())
    out: dict[str, ArxivPaper] = {}
    unknown: list[str] = []
    for arxiv_id in ids:
        fact = facts.arxiv.get(arxiv_id)
        if fact is None or fact.status is FactStatus.UNVERIFIED:
            why = fact.reason if fact is not None and fact.reason else "no answer"
            message = f"could not ask arXiv about {arxiv_id} ({why}): nothing written"
            raise Refused(message, EXIT_ERROR)
        if fact.status is FactStatus.MISSING or fact.paper is None:
            unknown.append(arxiv_id)
        else:
            out[arxiv_id] = fact.paper
    if unknown:
        raise Refused(f"arXiv does not know {', '.join(unknown)}: nothing written")
    return out, facts.venues


def _published_at(venue_facts: dict[str, VenueFact]) -> VenueProvider:
    """The venue Semantic Scholar names for a paper (``ICCV 2025``), else ``None`` (listed as
    a preprint); a venue that could not be asked is said on stderr, never guessed."""

    def venue(paper: ArxivPaper) -> str | None:
        fact = venue_facts.get(paper.id)
        if fact is not None and fact.status is FactStatus.UNVERIFIED:
            why = f" ({fact.reason})" if fact.reason else ""
            print(
                f"awesome-lint: could not ask Semantic Scholar where {paper.id} was published"
                f"{why}: written as a preprint",
                file=sys.stderr,
            )
        if fact is None or fact.status is not FactStatus.FOUND or fact.venue is None:
            return None
        return fact.venue.label

    return venue


def _with_repositories(
    gatherer: Any, papers: dict[str, ArxivPaper], given: str | None
) -> list[NewPaper]:
    """Each paper's repository, confirmed by GitHub (one batched lookup): the one given with
    ``--repo``, else the one its abstract or comments name."""
    wanted = {
        arxiv_id: given if given is not None else best_repository(paper, repositories_named(paper))
        for arxiv_id, paper in papers.items()
    }
    names = [name for name in wanted.values() if name is not None]
    facts = gatherer.look_up(repos=names) if names else None
    out: list[NewPaper] = []
    for arxiv_id, paper in papers.items():
        name, note = wanted[arxiv_id], ""
        fact = facts.repo(name) if facts is not None and name is not None else None
        if name is None:
            note = "the abstract and comments name no GitHub repository (give one with --repo)"
        elif fact is None or fact.status is FactStatus.UNVERIFIED:
            why = fact.reason if fact is not None and fact.reason else "no answer"
            note = f"GitHub could not confirm {name} ({why}): written as named"
        elif fact.status is FactStatus.MISSING:
            if given is not None:
                raise Refused(f"GitHub does not know {name}: nothing written")
            note = f"the abstract names {name}, which GitHub does not know: no repository"
            name = None
        else:
            name = fact.canonical or name
        out.append(NewPaper(arxiv_id, paper.title, paper.published, None, name, note))
    return out


def add_entry(
    document: Document,
    section: Section,
    paper: NewPaper,
    recent: Sequence[Sequence[str]] = (),
) -> tuple[str, Added]:
    """``document``'s text with ``paper``'s entry added to ``section``, and what was added
    (its line is the line in that text). Offline: the facts are given; ``recent`` are the ids
    the list's history added last (``history.recently_added``)."""
    where = placing.place(document, section, paper.published, paper.arxiv_id, recent)
    found = placing.section_entries(document, section)
    near = where.index if found else section.line
    written = style.write(document, found, near, paper, paper.venue, new_table=not found)
    if written is None:
        raise Refused(f"{document.path}: no entry to copy the list's style from", EXIT_ERROR)
    insertion = placing.insertion(document, where, written.text, written.table_head)
    text = document.text[: insertion.offset] + insertion.text + document.text[insertion.offset :]
    done = Added(
        paper,
        section.title,
        insertion.line,
        where.how,
        written.text,
        written.template_title,
        written.shows_repository,
        insertion.offset,
        insertion.text,
    )
    return text, done


def _check(path: str, text: str, ids: list[str]) -> dict[str, int]:
    """The line of each new id's entry, read back from the new text: the parser must read
    each new entry as an entry of its paper."""
    document = parser.parse(path, text)
    lines: dict[str, int] = {}
    for entry in document.entries:
        paper = entries.arxiv_id(entry)
        if paper is not None and paper.id in ids:
            lines.setdefault(paper.id, entry.span.line)
    lost = [arxiv_id for arxiv_id in ids if arxiv_id not in lines]
    if lost:  # pragma: no cover - a template the parser reads differently once copied
        message = f"the entry for {', '.join(lost)} would not read as one: nothing written"
        raise Refused(message, EXIT_ERROR)
    return lines


def _report(args: argparse.Namespace, path: str, added: list[Added]) -> None:
    if args.format == "json":
        body = {
            "version": FORMAT_VERSION,
            "path": path,
            "written": not args.dry_run,
            "entries": [_as_json(item) for item in added],
        }
        sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        return
    verb = "Would add" if args.dry_run else "Added"
    for item in added:
        paper = item.paper
        print(
            f"{verb} {paper.arxiv_id} to {path}:{item.line}, section '{item.section}'"
            f" ({item.how}), in the shape of '{_shortened(item.template_title)}':"
        )
        print(item.text)
        if paper.repository_note:
            print(f"note: {paper.repository_note}")
        elif paper.repository is not None and not item.shows_repository:
            print(f"note: the list shows no repositories: {paper.repository} left out")


def _shortened(title: str, width: int = 50) -> str:
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _as_json(item: Added) -> dict[str, Any]:
    paper = item.paper
    return {
        "arxiv_id": paper.arxiv_id,
        "title": paper.title,
        "published": paper.published.isoformat(),
        "venue": paper.venue,
        "repository": paper.repository if item.shows_repository else None,
        "repository_note": paper.repository_note or None,
        "section": item.section,
        "line": item.line,
        "placed": item.how,
        "template": item.template_title,
        "text": item.text,
    }
