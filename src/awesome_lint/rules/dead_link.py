"""A link that is gone: the server answered 404 or 410, or the host does not exist.

Checked after retries, so a passing outage is not reported: only an answer that the page is
gone (HTTP 404/410) or that its host name does not exist counts. Timeouts, rate limits, 5xx
and pages behind logins are never called dead. arXiv paper links and GitHub repositories have
their own rules (`arxiv-not-found`, `repo-not-found`), and badge images on img.shields.io are
not checked. A page inside a GitHub repository (`/tree/v1`, a file) is checked when the
repository itself exists.

Fails:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) [Project](https://janus.example.org/)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) [Code](https://github.com/deepseek-ai/Janus)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from awesome_lint import arxiv_ids, entries
from awesome_lint.document import Document, Link
from awesome_lint.facts import Facts, FactStatus
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "dead-link"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset({"links"})
FIX = None


def _all_links(document: Document) -> Iterator[Link]:
    for link in document.links:
        yield link
        if link.image is not None:
            yield link.image


def _others_judge(link: Link, facts: Facts) -> bool:
    """Whether another rule speaks for this link, or nobody may."""
    try:
        host = (urlsplit(link.url.strip()).hostname or "").lower()
    except ValueError:
        return True
    if host == "img.shields.io":
        return True
    if arxiv_ids.parse_url(link.url) is not None:
        return True  # arxiv-not-found
    repo = entries.parse_repo_url(link.url)
    if repo is None:
        return False
    path = [s for s in urlsplit(link.url.strip()).path.split("/") if s]
    if len(path) <= 2:
        return True  # the repository itself: repo-not-found
    # A page inside a repository is dead on its own only if the repository exists.
    fact = facts.repo(f"{repo[0]}/{repo[1]}")
    return fact is None or fact.status is not FactStatus.FOUND


def check(document: Document, context: Context) -> Iterator[Finding]:
    for link in _all_links(document):
        fact = context.facts.links.get(link.url)
        if fact is None or fact.status is not FactStatus.MISSING:
            continue
        if _others_judge(link, context.facts):
            continue
        why = f"HTTP {fact.http_status}" if fact.http_status else (fact.reason or "gone")
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"dead link: {why}",
        )
