"""The same paper listed twice in one section: the same arXiv id under the same title (or a
variant of it), or the same title.

Two table rows of one paper with different names in a cell before the paper's (two datasets of
one paper) are two entries. The finding is on the later entry and names the first, unless the
two copies carry different arXiv ids and the first one's is another paper's (carried by an
entry of another title whose links agree): that copy is the one to drop or mend. The same
paper in two sections is
cross-listing, which lists do on purpose (a dated digest and a topic section, a model table
and a benchmark table): not reported unless the configuration says `report-cross-listed =
true`.

Fails:
```markdown
### Tokenizers
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
```

Passes:
```markdown
### Tokenizers
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
### Models
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_lint import entries, evidence
from awesome_lint.document import Document, Entry, Link
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "duplicate-entry"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    by_id: dict[str, list[Entry]] = {}
    by_title: dict[str, list[Entry]] = {}
    for entry in document.entries:
        title = entries.normalized_title(entry.title)
        paper_id = entries.arxiv_id(entry)
        earlier = (by_id.get(paper_id.id, []) if paper_id is not None else []) + (
            by_title.get(title, []) if title else []
        )
        if paper_id is not None:
            by_id.setdefault(paper_id.id, []).append(entry)
        if title:
            by_title.setdefault(title, []).append(entry)
        first = _first_copy(document, entry, earlier, context.report_cross_listed)
        if first is None:
            continue
        where = ""
        if first.section is not None and first.section != entry.section:
            where = f" under '{first.section.title}'"
        owner = _carries_anothers_id(document, first, entry)
        if owner is not None:
            first_id = entries.arxiv_id(first)
            yield Finding(
                NAME,
                context.severity,
                document.path,
                first.title_span,
                f"'{first.title}' is listed again{where} at line {entry.span.line}, and this copy"
                f" carries {first_id.id if first_id else 'an id'}, the id of"
                f" '{entries.name_of(owner.entry)}' (line {owner.link.span.line})",
                related=(
                    Related(entry.title_span, "listed again here, with its own id"),
                    Related(owner.link.url_span, f"'{entries.name_of(owner.entry)}' carries it"),
                ),
            )
            continue
        yield Finding(
            NAME,
            context.severity,
            document.path,
            entry.title_span,
            f"'{entry.title}' is listed already{where} at line {first.span.line}",
            related=(Related(first.title_span, "first listed here"),),
        )


def _carries_anothers_id(document: Document, first: Entry, later: Entry) -> evidence.Place | None:
    """The entry of another paper that owns the first copy's id, when the later copy carries
    an id of its own that no other paper claims."""
    first_id, later_id = entries.arxiv_id(first), entries.arxiv_id(later)
    if first_id is None or later_id is None or first_id.id == later_id.id:
        return None
    weighed = evidence.of(document)
    owner = weighed.owned_elsewhere(first_id.id, first)
    if owner is None or owner.entry is later or weighed.owned_elsewhere(later_id.id, later):
        return None
    return owner


def _first_copy(
    document: Document, entry: Entry, earlier: list[Entry], cross_listed: bool
) -> Entry | None:
    """The first earlier entry that is the same paper, in the same section unless
    cross-listing is reported. The same id under another paper's title is not this rule's
    (duplicate-arxiv-id)."""
    for first in earlier:
        if first is entry or not evidence.same_paper(first.title, entry.title):
            continue
        if _named_apart(document, first, entry) or _other_pages(first, entry):
            continue
        if first.section == entry.section or cross_listed:
            return first
    return None


def _other_pages(first: Entry, later: Entry) -> bool:
    """Two entries of one name whose titles link different pages that are no arXiv papers:
    three repositories all called `Awesome Unified Multimodal Models`, not one listed thrice.
    (Two arXiv links under one title are one paper, one of them with a wrong id.)"""
    pages = [_page(entry.title_link) for entry in (first, later)]
    return None not in pages and pages[0] != pages[1]


def _page(link: Link | None) -> str | None:
    if link is None or entries.arxiv_url(link.url) is not None:
        return None
    return link.url.strip().rstrip("/").lower()


def _named_apart(document: Document, first: Entry, later: Entry) -> bool:
    """Two table rows whose paper is one but whose own name, in a cell before the paper's,
    differs: two datasets or models of one paper (`| **CLEVR-ATVC** | [Paper](…) |` and
    `| **Fruit-ATVC** | [Paper](…) |`), not one row twice."""
    names = [_name_cell(document, entry) for entry in (first, later)]
    return None not in names and names[0] != names[1]


def _name_cell(document: Document, entry: Entry) -> str | None:
    """The normalized text of a row's first cell, when the title is in a later cell."""
    if entry.kind != "row":
        return None
    start = document.line_starts[entry.span.line - 1]
    end = document.text.find("\n", start)
    line = document.text[start : end if end >= 0 else len(document.text)]
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    offset = start + line.index(cells[0]) if cells and cells[0] in line else None
    if len(cells) < 2 or offset is None or entry.title_span.start < offset + len(cells[0]):
        return None
    return entries.normalized_title(cells[0]) or None
