"""`awesome-lint add` on real lists: take an entry out, add its paper back, lint the result.

Usage::

    python bench/add_roundtrip.py DIR [--per-list N] [--output FILE] [--verbose]

``DIR`` holds real lists (``*.md``; ``materialize.py``'s ``head`` folder, or any lists). From
each list, ``N`` entries (default 10, evenly spread) that carry an arXiv id no other entry
carries and share their section with other entries are taken out one at a time; the paper is
then added back to its section, offline, with the facts the removed entry gave (title, month,
venue, repository: what arXiv and GitHub would answer for a correct entry). Everything runs in
this process, through the same functions as the command.

Per list it counts entries added back:

* **clean**: no finding of any rule on the new entry's lines beyond those the removed entry had
  on its own lines (its list's own habits, such as an unusual badge, are not the new entry's);
* **same place**: at the position the maintainer had put the entry, counted over the entries
  of sections sorted by date (``by date``; in an unsorted section the position of an entry
  that was not the latest addition tells nothing);
* **same shape**: of the removed entry's kind (item, row, paragraph) and, like it, on one line
  or on several (lines of authors or notes are left out, so the count of lines may differ).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from awesome_lint import dates, entries, parser  # noqa: E402
from awesome_lint.add import command, place  # noqa: E402
from awesome_lint.add.paper import NewPaper  # noqa: E402
from awesome_lint.config import Config  # noqa: E402
from awesome_lint.document import Document, Entry  # noqa: E402
from awesome_lint.engine import Engine, Options  # noqa: E402
from awesome_lint.facts import Facts  # noqa: E402

TODAY = date(2026, 11, 30)
# Rules about the file rather than an entry, or that need facts an offline run has not got.
IGNORED = ("broken-relative-link",)


def _engine() -> Engine:
    return Engine(Config(ignore=list(IGNORED)), Options(offline=True, today=TODAY))


def _paper(entry: Entry) -> NewPaper | None:
    """The facts a correct lookup would give for ``entry``'s paper."""
    arxiv = entries.arxiv_id(entry)
    if arxiv is None or "/" in arxiv.id or not entry.title:
        return None
    found = dates.find_date(entry.date.text) if entry.date is not None else None
    if found is not None and found.month is not None:
        published = date(found.year, found.month, found.day or 15)
    else:
        published = date(2000 + int(arxiv.id[:2]), int(arxiv.id[2:4]), 15)
    venue = None
    if entry.venue is not None:
        text = entry.venue.text.strip().strip("*_[]() ").strip()
        venue = text if dates.is_publication_venue(text) else None
    repo = entries.repository(entry)
    name = repo.full_name if repo is not None else None
    return NewPaper(arxiv.id, entry.title, published, venue, name)


def _without(document: Document, entry: Entry) -> str:
    """The text without ``entry``'s lines and the blank lines that followed them."""
    lines = document.text.split("\n")
    first, last = entry.span.line, entry.span.end_line
    while last < len(lines) and not lines[last].strip():
        last += 1
    del lines[first - 1 : last]
    return "\n".join(lines)


def _findings_on(engine: Engine, path: str, text: str, first: int, count: int) -> Counter[str]:
    document = parser.parse(path, text)
    return Counter(
        f.rule for f in engine.check(document, Facts()) if first <= f.span.line < first + count
    )


def roundtrip(path: Path, per_list: int, verbose: bool = False) -> dict[str, object]:
    engine = _engine()
    text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    document = parser.parse(path.name, text)
    original = engine.check(document, Facts())
    carried = Counter(
        found.id for entry in document.entries if (found := entries.arxiv_id(entry)) is not None
    )
    candidates = []
    for entry in document.entries:
        if entry.section is None or entry.parent is not None:
            continue
        siblings = place.section_entries(document, entry.section)
        if len(siblings) < 3 or any(e.parent is entry for e in document.entries):
            continue
        paper = _paper(entry)
        # A paper the list carries twice: `add` would refuse it (the other copy is there).
        if paper is not None and carried[paper.arxiv_id] == 1:
            candidates.append((entry, paper, siblings.index(entry)))
    step = max(1, len(candidates) // per_list) if candidates else 1
    chosen = candidates[::step][:per_list]
    counts = Counter[str]()
    new_rules = Counter[str]()
    for entry, paper, index in chosen:
        had = Counter(
            f.rule for f in original if entry.span.line <= f.span.line <= entry.span.end_line
        )
        smaller = parser.parse(path.name, _without(document, entry))
        assert entry.section is not None
        title = entry.section.title  # the last heading of that name above the entry
        section = [s for s in smaller.sections if s.line <= entry.span.line and s.title == title]
        section = section[-1]
        try:
            new_text, added = command.add_entry(smaller, section, paper)
        except command.Refused:
            counts["refused"] += 1
            continue
        counts["added"] += 1
        lines = added.text.count("\n") + 1
        extra = _findings_on(engine, path.name, new_text, added.line, lines) - had
        new_rules.update(extra)
        if verbose and extra:  # on stderr: the entry written, and what the rules said
            print(f"{path.name}: {dict(extra)}\n{added.text}\n", file=sys.stderr)
        counts["clean"] += not extra
        where = place.place(smaller, section, paper.published, paper.arxiv_id)
        if where.how.startswith("by date"):
            counts["by date"] += 1
            counts["same place"] += where.index == index
        placed = [e for e in parser.parse(path.name, new_text).entries if e.span.line == added.line]
        counts["same shape"] += (
            bool(placed)
            and placed[0].kind == entry.kind
            and (lines == 1) == (entry.span.line == entry.span.end_line)
        )
    return {"list": path.stem, "counts": counts, "new_rules": new_rules}


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("folder", type=Path)
    options.add_argument("--per-list", type=int, default=10)
    options.add_argument("--output", type=Path)
    options.add_argument("--verbose", action="store_true", help="print entries with findings")
    args = options.parse_args(argv)
    rows = [
        "| list | added | clean | same place (of by date) | same shape | rules on new entries |"
    ]
    rows.append("| --- | --- | --- | --- | --- | --- |")
    total = Counter[str]()
    for path in sorted(args.folder.glob("*.md")):
        result = roundtrip(path, args.per_list, args.verbose)
        counts = result["counts"]
        assert isinstance(counts, Counter)
        total.update(counts)
        rules = result["new_rules"]
        assert isinstance(rules, Counter)
        shown = ", ".join(f"{rule} {n}" for rule, n in rules.most_common()) or "–"
        rows.append(
            f"| {result['list']} | {counts['added']} | {counts['clean']} |"
            f" {counts['same place']} of {counts['by date']} | {counts['same shape']} | {shown} |"
        )
    rows.append(
        f"| **total** | {total['added']} | {total['clean']} |"
        f" {total['same place']} of {total['by date']} |"
        f" {total['same shape']} | refused: {total['refused']} |"
    )
    report = "\n".join(rows) + "\n"
    if args.output is not None:
        args.output.write_text(report, encoding="utf-8")
    sys.stdout.write(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
