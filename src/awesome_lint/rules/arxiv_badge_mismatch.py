"""The entry's arXiv badge links another paper than its title link.

A badge copied from the entry above keeps the old id: readers who click the badge land on
another paper. The title link is taken as right; the fix points the badge at it.

Fails:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2411.07975)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.base import Context

NAME = "arxiv-badge-mismatch"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = "safe"


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        paper = entries.arxiv_link(entry)
        if paper is None:
            continue
        title_link, paper_id = paper
        for image, around in entries.images(entry):
            if around is None or around is title_link or not entries.is_arxiv_badge(image):
                continue
            parsed = entries.arxiv_url(around.url)
            if parsed is None or parsed.arxiv_id is None or parsed.arxiv_id.id == paper_id.id:
                continue
            yield Finding(
                NAME,
                context.severity,
                document.path,
                around.url_span,
                f"arXiv badge links {parsed.arxiv_id.id}, but the entry's paper is {paper_id.id}",
                related=(Related(title_link.url_span, f"the title links {paper_id.id}"),),
                fix=Fix(
                    f"Point the badge at {paper_id.canonical_url}",
                    (Edit(around.url_span.start, around.url_span.end, paper_id.canonical_url),),
                    Applicability.SAFE,
                ),
            )
