"""A listed month that the arXiv id rules out.

An arXiv id starts with the year and month it was assigned (`2410.13848`: October 2024). A
paper's first version lies in that month or, when it was submitted on a month's last days, in
the month before (Orthus, `2412.00127`, was submitted on 28 Nov. 2024); an id numbered in a
month's last days may be listed by its announcement, in the next month. Any other month is
wrong, usually copied from a neighbouring entry or a later version. In a list that dates
published papers by their venue (`*CVPR, Jun 2024*`; most such dates disagree with the ids),
a published paper's date is the venue's, and is not compared. With a network,
`arxiv-date` compares with the exact v1 date.

Fails:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Nov. 2024, arXiv)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [Orthus: Autoregressive ...](https://arxiv.org/abs/2412.00127) (Nov. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import arxiv_ids, dates, entries, evidence
from awesome_lint.document import Document
from awesome_lint.evidence import allowed_months
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "date-arxiv-id"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    weighed = evidence.of(document)
    for entry in document.entries:
        found = entries.arxiv_link(entry)
        if entry.date is None or found is None:
            continue
        link, paper_id = found
        listed = dates.find_date(entry.date.text)
        if listed is None or paper_id.year is None or paper_id.month is None:
            continue
        allowed = allowed_months(paper_id)
        if listed.month is None:
            if listed.year in {year for year, _ in allowed}:
                continue
        elif (listed.year, listed.month) in allowed:
            continue
        # The month is off. Whether that is the date's fault, the evidence says.
        if weighed.venue_date(entry):
            continue  # `*CVPR, Jun 2024*`, `| 2025.05 | ... | ICML'25 |`: the venue's date
        if any(
            not evidence.same_paper(place.entry.title, entry.title)
            and weighed.shared_id(place.entry, entry, paper_id.id).wrong == "second"
            for place in weighed.others(paper_id.id, entry)
        ):
            continue  # the id is another paper's, and this entry's the copy: its date is right
        twin = weighed.twin_id(entry, paper_id.id)
        twin_id = arxiv_ids.parse_id(twin) if twin else None
        if twin_id is not None and evidence.date_allows(entry, twin_id):
            continue  # the list files this title under another id, which the date fits
        name = f"{dates.ABBREVIATIONS[paper_id.month - 1]}. {paper_id.year}"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            entry.date.span,
            f"listed '{entry.date.text}', but arXiv id {paper_id.id} was assigned in {name}:"
            " a first version lies in the id's month or the month before",
            related=(Related(link.url_span, f"arXiv id {paper_id.id}"),),
        )
