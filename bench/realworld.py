"""How awesome-lint reads and judges real lists it was not made from (issues #10 and #11).

Usage::

    python ../shared/train/materialize.py MIRRORS DIR      # the training lists, once
    python bench/realworld.py DIR --output bench/REALWORLD.md

``DIR`` is the folder ``materialize.py`` writes: ``head/OWNER+NAME/README.md`` (each list
today), ``parent/OWNER+NAME/COMMIT12/README.md`` (a version with a faulty line that its
maintainer later fixed). The case files (``cases.json``, ``precision.json``) are read from the
training folder (``--train``, default ``../shared/train`` beside the project). Everything runs
offline, in this process, through the engine as the command line runs it.

What it prints, per list and in total:

* **papers**: distinct arXiv ids in the file (outside HTML comments and code), and how many of
  them lie inside an entry whose title looks like a paper's title (at least three words, not a
  link label, not a venue); the ids outside any entry are listed with ``--verbose``;
* **months**: of the entries with a date, how many keep its month; a list "writes months" when
  the file has more month-level dates than bare years in its entries' lines;
* **recall** per category of ``cases.json``: a case is found when a finding of a rule about that
  category lies on the faulty line or in the entry that contains it (``CATEGORY_RULES``), or,
  for a duplicate, names it in a related note (either copy may be the one a maintainer drops);
* **precision** on ``precision.json``: clean entries with an error-level finding, and faulty
  entries with any finding;
* **error-level findings per rule** on the lists at HEAD, and which safe fixes change a value
  (an arXiv id, a repository, a date or a title).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from awesome_lint import dates  # noqa: E402
from awesome_lint.config import Config  # noqa: E402
from awesome_lint.document import Document, Entry  # noqa: E402
from awesome_lint.engine import Engine, Linted, Options  # noqa: E402
from awesome_lint.findings import Finding, Severity  # noqa: E402
from awesome_lint.parser import is_generic_label  # noqa: E402

TODAY = date(2026, 11, 30)

# Which rules find which kind of error. A rule that relates two values (a date and an id, a
# badge and a link) counts for each value it can show wrong.
CATEGORY_RULES: dict[str, frozenset[str]] = {
    "wrong-arxiv-id": frozenset(
        {
            "arxiv-id-invalid",
            "arxiv-badge-mismatch",
            "duplicate-arxiv-id",
            "date-arxiv-id",
            "arxiv-not-found",
            "arxiv-id-mismatch",
        }
    ),
    "wrong-date": frozenset({"date-arxiv-id", "arxiv-date", "date-invalid"}),
    "wrong-title": frozenset(
        {
            "arxiv-title",
            "arxiv-id-mismatch",
            "title-whitespace",
            "title-markup",
            "title-typo",
            "foreign-repo",
        }
    ),
    "wrong-repo": frozenset(
        {"duplicate-repo", "repo-mismatch", "badge-repo-mismatch", "repo-not-found", "foreign-repo"}
    ),
    "badge-repo-mismatch": frozenset({"badge-repo-mismatch", "duplicate-repo"}),
    "malformed-badge": frozenset({"badge-url"}),
    "duplicate-entry": frozenset({"duplicate-entry", "duplicate-arxiv-id"}),
    "dead-or-moved-link": frozenset({"repo-moved", "repo-not-found", "dead-link", "link-typo"}),
    "noncanonical-arxiv-url": frozenset({"arxiv-url"}),
    "broken-markdown": frozenset(
        {
            "malformed-link",
            "list-indent",
            "broken-relative-link",
            "unbalanced-emphasis",
            "html-balance",
        }
    ),
}
ANY_RULE = "other"  # a case of this category is found by a finding of any rule

_ARXIV_ID = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.IGNORECASE
)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_MONTH_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?:\d{1,2},?\s+)?"
    r"(?:19|20)\d\d\b|(?<![\d.])(?:19|20)\d\d[./-](?:0?[1-9]|1[0-2])(?![\d])"
    r"|(?<![\d.])\d\d\.(?:0[1-9]|1[0-2])\.\d\d(?![\d.])",
    re.IGNORECASE,
)
_BARE_YEAR = re.compile(r"(?<![\w./-])(?:19|20)\d\d(?![\w./-])")


@dataclass
class ListFigures:
    name: str
    entries: int = 0
    ids: int = 0
    ids_in_titled_entry: int = 0
    missing_ids: list[str] = field(default_factory=list)
    dated: int = 0
    with_month: int = 0
    writes_months: bool = False
    in_comments: int = 0  # entries or findings inside HTML comments (must be 0)
    errors_by_rule: Counter[str] = field(default_factory=Counter)
    findings: int = 0


def is_real_title(title: str) -> bool:
    """A paper's title, not a label, a nickname or a venue: three words or more."""
    words = title.replace("\u00a0", " ").split()
    if len(words) < 3 or is_generic_label(title):
        return False
    return not re.fullmatch(r"[\W\d_]*", title)


def comment_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _COMMENT.finditer(text)]


def inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _blank_comments(text: str) -> str:
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


# The materialized folders hold each list's README alone, without the files it links to:
# broken-relative-link would report every link to them. It is judged on full checkouts only.
IGNORED = ["broken-relative-link"]


def lint(paths: Iterable[Path]) -> list[Linted]:
    engine = Engine(Config(ignore=list(IGNORED)), Options(offline=True, today=TODAY))
    result, linted, _ = engine.run([str(p) for p in paths])
    for problem in result.file_problems:
        print(f"warning: {problem}", file=sys.stderr)
    return linted


def entry_lines(entry: Entry) -> range:
    return range(entry.span.line, entry.span.end_line + 1)


def entry_at(document: Document, line: int) -> Entry | None:
    best = None
    for entry in document.entries:
        if entry.span.line <= line <= entry.span.end_line and (
            best is None or entry.span.line >= best.span.line
        ):
            best = entry
    return best


def list_figures(name: str, item: Linted) -> ListFigures:
    doc = item.document
    figures = ListFigures(name)
    figures.entries = len(doc.entries)
    visible = _blank_comments(doc.text)
    ids = {m.group(1).lower() for m in _ARXIV_ID.finditer(visible)}
    in_titled: set[str] = set()
    for entry in doc.entries:
        if not is_real_title(entry.title):
            continue
        for link in entry.links:
            for url in (link.url, link.image.url if link.image else ""):
                for m in _ARXIV_ID.finditer(url):
                    in_titled.add(m.group(1).lower())
    figures.ids = len(ids)
    figures.ids_in_titled_entry = len(ids & in_titled)
    figures.missing_ids = sorted(ids - in_titled)
    months = years = 0
    for entry in doc.entries:
        if entry.date is not None:
            figures.dated += 1
            figures.with_month += _has_month(entry)
        for line in entry_lines(entry):
            text = re.sub(r"https?://[^\s)\]\"'>]+", " ", doc.lines[line - 1])
            months += len(_MONTH_DATE.findall(text))
            years += len(_BARE_YEAR.findall(_MONTH_DATE.sub(" ", text)))
    figures.writes_months = months > years and months >= 3
    comments = comment_ranges(doc.text)
    figures.in_comments = sum(inside(comments, e.span.start) for e in doc.entries) + sum(
        inside(comments, f.span.start) for f in item.findings
    )
    figures.findings = len(item.findings)
    figures.errors_by_rule.update(f.rule for f in item.findings if f.severity is Severity.ERROR)
    return figures


def _has_month(entry: Entry) -> bool:
    assert entry.date is not None
    found = dates.find_date(entry.date.text)
    return found is not None and found.month is not None


def covers(finding: Finding, line: int, entry: Entry | None) -> bool:
    if finding.span.line <= line <= finding.span.end_line:
        return True
    return entry is not None and entry.span.line <= finding.span.line <= entry.span.end_line


def _names(finding: Finding, line: int, entry: Entry | None) -> bool:
    lines = entry_lines(entry) if entry is not None else range(line, line + 1)
    return any(related.span.line in lines for related in finding.related)


def recall(mirror: Path, cases: list[dict[str, object]]) -> tuple[dict[str, list[int]], list[str]]:
    by_file: dict[Path, list[dict[str, object]]] = defaultdict(list)
    for case in cases:
        slug = str(case["repo"]).replace("/", "+")
        path = mirror / "parent" / slug / str(case["parent_commit"])[:12] / str(case["path"])
        by_file[path].append(case)
    per_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: list[str] = []
    linted = {Path(item.source.path): item for item in lint(sorted(by_file))}
    for path, file_cases in sorted(by_file.items()):
        item = linted.get(path)
        for case in file_cases:
            category, line = str(case["category"]), int(str(case["line"]))
            per_category[category][1] += 1
            if item is None:
                missed.append(f"{case['repo']} {category} line {line}: file not read")
                continue
            entry = entry_at(item.document, line)
            rules = CATEGORY_RULES.get(category)
            hit = any(
                (rules is None or f.rule in rules)
                and (
                    covers(f, line, entry)
                    # Which copy of a duplicate is "the" faulty one is the maintainer's
                    # choice: a finding that names both places finds either.
                    or (category == "duplicate-entry" and _names(f, line, entry))
                )
                for f in item.findings
            )
            if hit:
                per_category[category][0] += 1
            else:
                missed.append(f"{case['repo']}@{str(case['parent_commit'])[:7]}:{line} {category}")
    return dict(per_category), missed


def precision(
    mirror: Path, labelled: list[dict[str, object]], linted: dict[str, Linted]
) -> tuple[list[str], list[str], int, int]:
    false_errors: list[str] = []
    faulty_found: list[str] = []
    clean = faulty = 0
    for row in labelled:
        slug = str(row["repo"]).replace("/", "+")
        item = linted.get(slug)
        line = int(str(row["line"]))
        if item is None:
            continue
        entry = entry_at(item.document, line)
        lines = entry_lines(entry) if entry is not None else range(line, line + 1)
        here = [f for f in item.findings if f.span.line in lines]
        if row["has_error"]:
            faulty += 1
            if here:
                faulty_found.append(f"{row['repo']}:{line} {sorted({f.rule for f in here})}")
        else:
            clean += 1
            errors = [f for f in here if f.severity is Severity.ERROR]
            if errors:
                false_errors.append(
                    f"{row['repo']}:{line} {sorted({f.rule for f in errors})}: {row['what']}"
                )
    return false_errors, faulty_found, clean, faulty


def changed_values(item: Linted) -> list[str]:
    """Safe fixes that change an arXiv id, a repository, a date or a title."""
    out = []
    doc = item.document
    for finding in item.findings:
        fix = finding.fix
        if fix is None or fix.applicability.value != "safe":
            continue
        for edit in fix.edits:
            before, after = doc.text[edit.start : edit.end], edit.replacement
            if _values(before) != _values(after):
                out.append(f"{finding.rule} {finding.span.line}: {before!r} -> {after!r}")
    return out


def _values(text: str) -> tuple[object, ...]:
    """What a fix must not change: arXiv ids, linked repositories (a badge's image URL may be
    rebuilt from the link), dates by value,
    and the words and numbers of the text outside URLs."""
    ids = sorted(m.group(1) for m in _ARXIV_ID.finditer(text))
    repos = sorted(
        r.lower()
        for r in re.findall(
            r"github\.com/([\w.-]+/[\w-]+(?:\.[\w-]+)*?)(?:\.git|\.svg)?"
            r"(?=[/)\s\"'#?]|$)",
            text,
        )
    )
    prose = re.sub(r"https?://\S*", "", text)
    when = sorted((d.year, d.month, d.day) for d in dates.iter_dates(prose))
    prose = re.sub(dates._NAMED.pattern, " ", prose, flags=re.IGNORECASE)
    digits = re.findall(r"\d+", prose)
    words = re.findall(r"[^\W\d_]{2,}", prose.lower())
    return (ids, repos, when, digits, words)


def _summary(
    label: str,
    figures: list[ListFigures],
    per_category: dict[str, list[int]],
    false_errors: list[str],
    faulty_found: list[str],
    clean: int,
    faulty: int,
) -> dict[str, object]:
    errors: Counter[str] = Counter()
    for fig in figures:
        errors.update(fig.errors_by_rule)
    return {
        "label": label,
        "lists": {
            fig.name.replace("+", "/"): {
                "ids": fig.ids,
                "ids_in_titled_entry": fig.ids_in_titled_entry,
                "dated": fig.dated,
                "with_month": fig.with_month,
                "writes_months": fig.writes_months,
                "in_comments": fig.in_comments,
            }
            for fig in figures
        },
        "recall": per_category,
        "precision": {
            "clean": clean,
            "clean_with_error": len(false_errors),
            "faulty": faulty,
            "faulty_found": len(faulty_found),
        },
        "errors_by_rule": dict(sorted(errors.items())),
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "–"


def _comparison(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Before and after, side by side: the figures the issues ask for."""
    b, n = before["label"], now["label"]
    out = [f"## {b} → {n}", "", f"| list | ids in a titled entry: {b} | {n} |"]
    out[-1] += f" dated entries keeping the month: {b} | {n} |"
    out.append("| --- | --- | --- | --- | --- |")
    for name, fig in now["lists"].items():
        old = before["lists"].get(name, {})
        month = (
            (
                _share(old.get("with_month", 0), old.get("dated", 0)),
                _share(fig["with_month"], fig["dated"]),
            )
            if fig["writes_months"]
            else ("(no months)", "(no months)")
        )
        out.append(
            f"| {name} | {_share(old.get('ids_in_titled_entry', 0), old.get('ids', 0))} | "
            f"{_share(fig['ids_in_titled_entry'], fig['ids'])} | {month[0]} | {month[1]} |"
        )
    out += ["", f"| recall by category | {b} | {n} |", "| --- | --- | --- |"]
    totals = [0, 0, 0]
    for category, (found, count) in sorted(now["recall"].items()):
        old_found = before["recall"].get(category, [0, count])[0]
        totals = [totals[0] + old_found, totals[1] + found, totals[2] + count]
        out.append(f"| {category} | {old_found}/{count} | {found}/{count} |")
    out.append(
        f"| **total** | **{totals[0]}/{totals[2]} ({_share(totals[0], totals[2])})** | "
        f"**{totals[1]}/{totals[2]} ({_share(totals[1], totals[2])})** |"
    )
    bp, np_ = before["precision"], now["precision"]
    out += [
        "",
        f"| precision.json | {b} | {n} |",
        "| --- | --- | --- |",
        f"| clean entries with an error-level finding | {bp['clean_with_error']} of"
        f" {bp['clean']} | {np_['clean_with_error']} of {np_['clean']} |",
        f"| faulty entries with a finding | {bp['faulty_found']} of {bp['faulty']} |"
        f" {np_['faulty_found']} of {np_['faulty']} |",
        "",
        f"| error-level findings at HEAD, 14 lists | {b} | {n} |",
        "| --- | --- | --- |",
    ]
    rules = sorted(set(before["errors_by_rule"]) | set(now["errors_by_rule"]))
    for rule in rules:
        out.append(
            f"| {rule} | {before['errors_by_rule'].get(rule, 0)} |"
            f" {now['errors_by_rule'].get(rule, 0)} |"
        )
    return [*out, ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mirror", type=Path, help="the folder materialize.py wrote")
    parser.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "train")
    parser.add_argument("--output", type=Path, help="also write the report here")
    parser.add_argument("--verbose", action="store_true", help="list missed cases and ids")
    parser.add_argument("--json", type=Path, help="write the summary figures here")
    parser.add_argument(
        "--baseline", type=Path, help="a summary (--json) of an earlier run to compare with"
    )
    parser.add_argument("--label", default="now", help="what this run is (for --json)")
    args = parser.parse_args(argv)

    cases = json.loads((args.train / "cases.json").read_text("utf-8"))
    labelled = json.loads((args.train / "precision.json").read_text("utf-8"))
    heads = sorted((args.mirror / "head").glob("*/README.md"))
    if not heads:
        print(f"no lists under {args.mirror / 'head'}: run materialize.py first", file=sys.stderr)
        return 2
    linted_heads = {Path(i.source.path).parent.name: i for i in lint(heads)}
    figures = [list_figures(slug, item) for slug, item in sorted(linted_heads.items())]
    per_category, missed = recall(args.mirror, cases)
    false_errors, faulty_found, clean, faulty = precision(args.mirror, labelled, linted_heads)
    value_fixes = {slug: changed_values(item) for slug, item in linted_heads.items()}

    summary = _summary(args.label, figures, per_category, false_errors, faulty_found, clean, faulty)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1) + "\n", "utf-8")
    out: list[str] = [f"# Real lists: what awesome-lint reads and finds ({TODAY.isoformat()})", ""]
    if args.baseline:
        out += _comparison(json.loads(args.baseline.read_text("utf-8")), summary)
    out += [
        "Offline, on the 14 training lists of `shared/train/` (`python bench/realworld.py DIR`),"
        f" every rule but {', '.join(IGNORED)} (the materialized folders hold the lists alone).",
        "",
        "## Reading: papers in entries, months kept",
        "",
        "| list | entries | arXiv ids | in a titled entry | share | dated | with month | "
        "share | writes months | in comments |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for fig in figures:
        share = fig.ids_in_titled_entry / fig.ids if fig.ids else 1.0
        month_share = fig.with_month / fig.dated if fig.dated else 1.0
        out.append(
            f"| {fig.name.replace('+', '/')} | {fig.entries} | {fig.ids} | "
            f"{fig.ids_in_titled_entry} | {share:.1%} | {fig.dated} | {fig.with_month} | "
            f"{month_share:.1%} | {'yes' if fig.writes_months else 'no'} | {fig.in_comments} |"
        )
    total_cases = sum(n for _, n in per_category.values())
    total_found = sum(k for k, _ in per_category.values())
    out += ["", "## Recall on `cases.json`", "", "| category | found | cases | recall |"]
    out.append("| --- | --- | --- | --- |")
    for category, (found, count) in sorted(per_category.items()):
        out.append(f"| {category} | {found} | {count} | {found / count:.0%} |")
    out.append(
        f"| **total** | **{total_found}** | **{total_cases}** | "
        f"**{total_found / total_cases:.0%}** |"
    )
    out += [
        "",
        "## Precision on `precision.json`",
        "",
        f"- clean entries with an error-level finding: **{len(false_errors)} of {clean}**",
        f"- faulty entries with a finding: **{len(faulty_found)} of {faulty}**",
        "",
    ]
    out += [f"  - false error: {line}" for line in false_errors]
    out += [
        "",
        "## Error-level findings per rule at HEAD",
        "",
        "| rule | " + " | ".join(f.name.split("+")[0] for f in figures) + " | total |",
    ]
    out.append("| --- |" + " --- |" * (len(figures) + 1))
    rules = sorted({rule for fig in figures for rule in fig.errors_by_rule})
    for rule in rules:
        counts = [fig.errors_by_rule.get(rule, 0) for fig in figures]
        out.append(f"| {rule} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    changed = sum(len(v) for v in value_fixes.values())
    out += ["", f"Safe fixes that change an id, a repository, a date or a title: **{changed}**"]
    for slug, lines in sorted(value_fixes.items()):
        out += [f"- {slug}: {line}" for line in lines[:5]]
    if args.verbose:
        out += ["", "## Missed cases", ""] + [f"- {m}" for m in missed]
        out += ["", "## arXiv ids outside a titled entry", ""]
        for fig in figures:
            if fig.missing_ids:
                out.append(f"- {fig.name}: {' '.join(fig.missing_ids[:40])}")
        out += ["", "## Faulty entries found", ""] + [f"- {m}" for m in faulty_found]
    text = "\n".join(out) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
