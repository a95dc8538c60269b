"""The entry's arXiv badge links another paper than its title link.

One of the two is a copy from a neighbouring entry: readers who click it land on another
paper. Which one, the list itself often says (see `evidence`): the side whose id another
entry carries with all its links agreeing, while the other side's id is no other entry's, is
the copy; failing that, the side whose id the entry's date rules out. The finding lands on the
wrong side, with an unsafe fix that writes the other side's id into it (an id is never
changed safely). When nothing decides, the finding names both links and offers no fix.

Fails (the badge is Janus's; the title link's id is no other entry's):
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848)
+ [JanusFlow: Harmonizing ...](https://arxiv.org/abs/2411.07975) (Nov. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import evidence
from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.base import Context

NAME = "arxiv-badge-mismatch"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = "unsafe"


def check(document: Document, context: Context) -> Iterator[Finding]:
    weighed = evidence.of(document)
    for entry in document.entries:
        places = evidence.arxiv_places(entry)
        if not places or places[0].role != "paper":
            continue
        title = places[0]
        for badge in places[1:]:
            if badge.role != "badge" or badge.arxiv_id.id == title.arxiv_id.id:
                continue
            verdict = weighed.badge_or_title(entry, title, badge)
            if verdict.wrong is None:
                yield Finding(
                    NAME,
                    context.severity,
                    document.path,
                    badge.link.url_span,
                    f"arXiv badge links {badge.arxiv_id.id}, but the title links"
                    f" {title.arxiv_id.id}: one of the two is another paper's ({verdict.reason})",
                    related=(Related(title.link.url_span, f"the title links {title.arxiv_id.id}"),),
                )
                continue
            wrong, right = (title, badge) if verdict.wrong == "first" else (badge, title)
            what = "title link" if wrong is title else "arXiv badge"
            edits = []
            for place in evidence.arxiv_places(entry):
                if place.arxiv_id.id != wrong.arxiv_id.id:
                    continue
                url = evidence.with_id(place.link.url, wrong.arxiv_id.id, right.arxiv_id.id)
                if url is not None:
                    edits.append(Edit(place.link.url_span.start, place.link.url_span.end, url))
            yield Finding(
                NAME,
                context.severity,
                document.path,
                wrong.link.url_span,
                f"the {what} links {wrong.arxiv_id.id}, but the entry's other arXiv link"
                f" names {right.arxiv_id.id}: {verdict.reason}",
                related=(
                    Related(right.link.url_span, f"links {right.arxiv_id.id}"),
                    *(
                        Related(p.link.url_span, f"also links {wrong.arxiv_id.id}")
                        for p in evidence.arxiv_places(entry)
                        if p.arxiv_id.id == wrong.arxiv_id.id and p.link is not wrong.link
                    ),
                ),
                fix=Fix(
                    f"Write {right.arxiv_id.id} in the {what}",
                    tuple(edits),
                    Applicability.UNSAFE,
                )
                if edits
                else None,
            )
