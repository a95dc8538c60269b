"""The paper was withdrawn from arXiv.

Authors withdraw a paper that has a fatal error or that should not have been posted; arXiv
keeps the earlier versions, but the latest one says it was withdrawn. A list should say so,
or drop the entry. Read from arXiv's comment and abstract ("This paper has been withdrawn").

Fails:
```markdown
+ [Fast Training of ...](https://arxiv.org/abs/1703.00001) (Mar. 2017, arXiv)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.arxiv_not_found import arxiv_links
from awesome_lint.rules.base import Context

NAME = "arxiv-withdrawn"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset({"arxiv"})
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    for _, link, paper_id in arxiv_links(document):
        fact = context.facts.arxiv.get(paper_id.id)
        if fact is None or fact.status is not FactStatus.FOUND or fact.paper is None:
            continue
        if not fact.paper.withdrawn:
            continue
        note = fact.paper.comment.strip() or fact.paper.summary[:120].strip()
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"arXiv {paper_id.id} was withdrawn (version {fact.paper.version}: '{note}')",
        )
