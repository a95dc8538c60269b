"""The linked GitHub repository does not exist.

GitHub answered 404 for the repository: it was deleted, made private, or its name is
mistyped. Renamed and transferred repositories are not reported here, GitHub redirects them
(`repo-moved`). Only GitHub's own answer counts: a repository that could not be looked up
(rate limit, network down) is never reported.

Fails:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) [Code](https://github.com/SxJyJay/UniTokken)
```

Passes:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) [Code](https://github.com/SxJyJay/UniToken)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "repo-not-found"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset({"github"})
FIX = None


def repo_links(document: Document) -> Iterator[tuple[Entry | None, entries.RepoRef]]:
    """Every repository link: once per entry and repository, and every one outside entries."""
    inside: set[int] = set()
    for entry in document.entries:
        inside.update(link.span.start for link in entry.links)
        for ref in entries.repositories(entry):
            yield entry, ref
    for link in document.links:
        if link.is_image or link.span.start in inside:
            continue
        parsed = entries.parse_repo_url(link.url)
        if parsed is not None:
            yield None, entries.RepoRef(parsed[0], parsed[1], link)


def check(document: Document, context: Context) -> Iterator[Finding]:
    for _, ref in repo_links(document):
        fact = context.facts.repo(ref.full_name)
        if fact is None or fact.status is not FactStatus.MISSING:
            continue
        reason = f" ({fact.reason})" if fact.reason else ""
        yield Finding(
            NAME,
            context.severity,
            document.path,
            ref.link.url_span,
            f"GitHub has no repository {ref.full_name}{reason}",
        )
