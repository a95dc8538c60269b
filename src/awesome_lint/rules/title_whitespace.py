"""Doubled, leading or trailing spaces in a title.

Usually left over from copying a title out of a PDF, where line breaks become runs of spaces.
They make titles compare unequal and render oddly in some viewers. The fix collapses them.

Fails:
```markdown
+ [SynerGen-VL: Towards ... with Vision    Experts and Token Folding](https://arxiv.org/abs/2412.09604)
+ [ Emu3: Next-Token Prediction is All You Need](https://arxiv.org/abs/2409.18869)
```

Passes:
```markdown
+ [SynerGen-VL: Towards ... with Vision Experts and Token Folding](https://arxiv.org/abs/2412.09604)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "title-whitespace"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "safe"


_RUN = re.compile(r"[ \t]+")


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        span = entry.title_span
        raw = document.text[span.start : span.end]
        if "\n" in raw:
            continue  # a title wrapped over lines is markdown's business, not a typo
        # Spaces and tabs only: a no-break space (U+00A0) renders as one space, and lists
        # pasting titles from a PDF carry them between words on purpose or not; not a typo.
        collapsed = _RUN.sub(" ", raw).strip(" \t")
        if raw == collapsed or not collapsed:
            continue
        problems = []
        if raw != raw.lstrip():
            problems.append("leading")
        if raw != raw.rstrip():
            problems.append("trailing")
        if "  " in raw.strip() or "\t" in raw:
            problems.append("doubled")
        yield Finding(
            NAME,
            context.severity,
            document.path,
            span,
            f"title has {' and '.join(problems)} spaces",
            fix=Fix(
                "Collapse the spaces", (Edit(span.start, span.end, collapsed),), Applicability.SAFE
            ),
        )
