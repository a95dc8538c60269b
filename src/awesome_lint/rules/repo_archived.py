"""The linked GitHub repository is archived.

An archived repository is read-only: its code will not be updated and its issues are closed.
Worth knowing before one builds on it; nothing to fix in the list.

Fails:
```markdown
+ [An Older Model: ...](https://arxiv.org/abs/2301.00001) [Code](https://github.com/example-lab/older-model)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) [Code](https://github.com/deepseek-ai/Janus)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context
from awesome_lint.rules.repo_not_found import repo_links

NAME = "repo-archived"
SEVERITY = Severity.INFO
NEEDS: frozenset[str] = frozenset({"github"})
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    for _, ref in repo_links(document):
        fact = context.facts.repo(ref.full_name)
        if fact is None or fact.status is not FactStatus.FOUND or not fact.archived:
            continue
        yield Finding(
            NAME,
            context.severity,
            document.path,
            ref.link.url_span,
            f"{fact.canonical or ref.full_name} is archived (read-only)",
        )
