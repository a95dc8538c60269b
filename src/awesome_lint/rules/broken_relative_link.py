"""A relative link or image whose file does not exist.

Images moved or never committed (`assets/unified_model.png`) show as broken pictures on
GitHub. Paths are resolved against the markdown file's folder; `/path` against the git
repository's root. Anchors (`#section`) and absolute URLs are other rules' business.

Fails (with no `assets/` folder beside the list):
```markdown
<img src="assets/unified_model.png" width="480px" />
```

Passes:
```markdown
<img src="https://example.org/unified_model.png" width="480px" />
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import local_files
from awesome_lint.document import Document
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "broken-relative-link"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset({"files"})
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    for link in document.links:
        target = local_files.resolve(document.path, link.url)
        if target is None or context.facts.files.get(target, True):
            continue
        what = "image" if link.is_image else "link"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"{what} target '{link.url}' does not exist",
        )
