"""A well-formed arXiv id that arXiv does not know.

The id passes `arxiv-id-invalid` (a real month, the right number of digits), but arXiv
answered that no such paper exists: usually digits swapped or mistyped (`2410.13884` for
`2410.13848`). Only arXiv's own answer counts: an id that could not be looked up (network
down, rate limit) is never reported.

Fails:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.99999) (Oct. 2024, arXiv)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import arxiv_ids
from awesome_lint.document import Document, Entry, Link
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "arxiv-not-found"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset({"arxiv"})
FIX = None


def arxiv_links(document: Document) -> Iterator[tuple[Entry | None, Link, arxiv_ids.ArxivId]]:
    """Every arXiv paper link with a valid id: once per entry and id, and every one outside.

    An entry's title link and badge usually carry the same id; one finding says it.
    """
    entry_of = {link.span.start: entry for entry in document.entries for link in entry.links}
    seen: set[tuple[int, str]] = set()
    for link in document.links:
        if link.is_image:
            continue
        parsed = arxiv_ids.parse_url(link.url)
        if parsed is None or parsed.arxiv_id is None or not parsed.arxiv_id.is_valid:
            continue
        entry = entry_of.get(link.span.start)
        key = (entry.span.start if entry is not None else link.span.start, parsed.arxiv_id.id)
        if key in seen:
            continue
        seen.add(key)
        yield entry, link, parsed.arxiv_id


def check(document: Document, context: Context) -> Iterator[Finding]:
    for _, link, paper_id in arxiv_links(document):
        fact = context.facts.arxiv.get(paper_id.id)
        if fact is None or fact.status is not FactStatus.MISSING:
            continue
        reason = f" ({fact.reason})" if fact.reason else ""
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"arXiv has no paper {paper_id.id}{reason}",
        )
