"""A listed month that is neither the month of arXiv's first version nor the id's month.

The date a list gives is the date of the paper's first version (v1). arXiv assigns the id in
the month it announces the paper, so a paper submitted on the last day of a month (Dual
Diffusion, 31 Dec. 2024, `2501.00289`) has an id of the next month: either month is right.
Any other month was copied from a neighbouring entry, a later version or a venue. A published
paper's date in a list that dates by venue (`*CVPR, Jun 2024*`, a date moved to `ICML'25`'s
month) is the venue's and is not compared (see `evidence`). The offline `date-arxiv-id` sees
only the id; this rule knows the v1 date.

The unsafe fix writes the v1 month in the list's dominant date style (`Jun. 2025`), or in the
listed date's own style when the list has none. An entry whose title is another paper than
the id's (`arxiv-id-mismatch`) is left alone: its date is not the id's paper's.

Fails:
```markdown
+ [Show-o2: Improved Native Unified Multimodal Models](https://arxiv.org/abs/2506.15564) (May. 2025, arXiv)
```

Passes:
```markdown
+ [Show-o2: Improved Native Unified Multimodal Models](https://arxiv.org/abs/2506.15564) (Jun. 2025, arXiv)
+ [Dual Diffusion for Unified Image Generation and Understanding](https://arxiv.org/abs/2501.00289) (Dec. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from awesome_lint import dates, entries, evidence
from awesome_lint.document import Document, Entry
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.base import Context
from awesome_lint.titles import Verdict, judge

NAME = "arxiv-date"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset({"arxiv"})
FIX = "unsafe"


def _styles(document: Document) -> str | None:
    found = (dates.find_date(e.date.text) for e in document.entries if e.date is not None)
    return dates.dominant_style(match for match in found if match is not None)


def _rewrite(listed: dates.DateMatch, v1: date, dominant: str | None) -> str | None:
    """The v1 date written as the list writes dates, with a day only if the listed has one."""
    if listed.month is None:
        return str(v1.year)
    day = v1.day if listed.day is not None else None
    target = dates.DateMatch(0, "", v1.year, v1.month, day, frozenset())
    own = sorted(s for s in listed.styles if not s.startswith(("case:", "other")))
    for style in ([dominant] if dominant else []) + own:
        text = dates.rewrite(target, style)
        if text is not None:
            return text
    return None


def _fix(document: Document, entry: Entry, listed: dates.DateMatch, text: str) -> Fix | None:
    field = entry.date
    if field is None or document.text[field.span.start : field.span.end] != field.text:
        return None  # the field's text is not the source's: no exact place to edit
    start = field.span.start + listed.start
    return Fix(
        f"Write {text}",
        (Edit(start, start + len(listed.text), text),),
        Applicability.UNSAFE,
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    dominant: str | None = None
    dominant_known = False
    weighed = evidence.of(document)
    for entry in document.entries:
        found = entries.arxiv_link(entry)
        if entry.date is None or found is None or weighed.venue_date(entry):
            continue  # a published paper's venue date, or its venue's year: not arXiv's
        link, paper_id = found
        fact = context.facts.arxiv.get(paper_id.id)
        if fact is None or fact.status is not FactStatus.FOUND or fact.paper is None:
            continue
        listed = dates.find_date(entry.date.text)
        if listed is None or paper_id.year is None or paper_id.month is None:
            continue
        v1 = fact.paper.published
        if listed.month is None:
            if listed.year in (v1.year, paper_id.year):
                continue
        elif (listed.year, listed.month) in ((v1.year, v1.month), (paper_id.year, paper_id.month)):
            continue
        if judge(entry, fact.paper, context.facts).verdict is Verdict.OTHER:
            continue  # another paper's id: arxiv-id-mismatch says so, its date means nothing
        if not dominant_known:
            dominant, dominant_known = _styles(document), True
        text = _rewrite(listed, v1, dominant)
        id_month = f"{dates.ABBREVIATIONS[paper_id.month - 1]}. {paper_id.year}"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            entry.date.span,
            f"listed '{listed.text}', but arXiv's first version of {paper_id.id} is of"
            f" {v1.isoformat()} (id of {id_month})",
            related=(Related(link.url_span, f"arXiv {paper_id.id}"),),
            fix=_fix(document, entry, listed, text) if text is not None else None,
        )
