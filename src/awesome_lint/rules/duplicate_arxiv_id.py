"""Two entries with different titles carry one arXiv id: one of the ids is wrong.

Usually the later entry's id was pasted from the earlier one. The finding is on the later
entry and names the earlier one; with a network, `arxiv-id-mismatch` says which title arXiv
has for the id and suggests the right id.

Fails:
```markdown
+ [Janus: Decoupling Visual Encoding ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [PUMA: Empowering Unified MLLM ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
```

Passes:
```markdown
+ [Janus: Decoupling Visual Encoding ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [PUMA: Empowering Unified MLLM ...](https://arxiv.org/abs/2410.13861) (Oct. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "duplicate-arxiv-id"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    first_by_id: dict[str, Entry] = {}
    for entry in document.entries:
        found = entries.arxiv_link(entry)
        if found is None:
            continue
        link, paper_id = found
        first = first_by_id.setdefault(paper_id.id, entry)
        if first is entry:
            continue
        if entries.normalized_title(first.title) == entries.normalized_title(entry.title):
            continue  # the same paper twice: duplicate-entry
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"arXiv id {paper_id.id} is also the id of '{first.title}' (line {first.span.line}):"
            " one of the two ids is wrong",
            related=(
                Related(first.title_span, f"'{entries.name_of(first)}' carries {paper_id.id}"),
            ),
        )
