"""arXiv links use the canonical form `https://arxiv.org/abs/ID`.

A link to the PDF, to `www.arxiv.org`, over `http:`, or with a version suffix still works, but
it is not the form lists agree on: it hides duplicates (`/pdf/2504.04423v1` and
`/abs/2504.04423` are one paper), pins an old version, and skips the abstract page. The fix
rewrites the link to the abstract page of the unversioned id.

Fails:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/pdf/2504.04423v1) (Apr. 2025, arXiv)
```

Passes:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "arxiv-url"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "safe"


def check(document: Document, context: Context) -> Iterator[Finding]:
    for link in document.links:
        if link.is_image:
            continue
        parsed = entries.arxiv_url(link.url)
        if parsed is None or parsed.arxiv_id is None or not parsed.arxiv_id.is_valid:
            continue
        if parsed.is_canonical:
            continue
        canonical = parsed.arxiv_id.canonical_url
        problems = ", ".join(parsed.problems()) or "a non-canonical form"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"arXiv link has {problems}: use {canonical}",
            fix=Fix(
                f"Replace with {canonical}",
                (Edit(link.url_span.start, link.url_span.end, canonical),),
                Applicability.SAFE,
            ),
        )
