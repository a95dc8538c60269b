"""The same paper listed twice: the same arXiv id with the same title, or the same title.

A paper may fit two sections; most lists still want it once. The finding is on the later entry
and names the first. Allow it for a section with a suppression comment if the repetition is
on purpose.

Fails:
```markdown
### Tokenizers
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
### Models
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
```

Passes:
```markdown
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321) (Feb. 2025, arXiv)
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "duplicate-entry"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    by_id: dict[str, Entry] = {}
    by_title: dict[str, Entry] = {}
    for entry in document.entries:
        title = entries.normalized_title(entry.title)
        paper_id = entries.arxiv_id(entry)
        first = None
        if paper_id is not None and paper_id.id in by_id:
            earlier = by_id[paper_id.id]
            # Same id, other title: that is duplicate-arxiv-id's finding, not this one.
            if entries.normalized_title(earlier.title) == title:
                first = earlier
        elif title and title in by_title:
            first = by_title[title]
        if paper_id is not None:
            by_id.setdefault(paper_id.id, entry)
        if title:
            by_title.setdefault(title, entry)
        if first is None:
            continue
        where = ""
        if first.section is not None and first.section != entry.section:
            where = f" under '{first.section.title}'"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            entry.title_span,
            f"'{entry.title}' is listed already{where} at line {first.span.line}",
            related=(Related(first.title_span, "first listed here"),),
        )
