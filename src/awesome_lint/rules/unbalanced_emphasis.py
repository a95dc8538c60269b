"""Bold or italic markers that markdown cannot pair, so they show as literal asterisks.

A `**` that opens nothing and closes nothing (an empty `(**)`, a `**` left alone on the next
line, `****`) and a `*` in a link's text beside emphasis that did open (`[**LITE*8]`,
`[*Title**](...)`) render as stray asterisks, and the emphasis meant is lost. Usually a
marker was deleted or doubled by hand.

Fails:
```markdown
* **SegGen**: "SegGen: Supercharging Segmentation Models", arXiv, 2023 (**). [[Paper](https://arxiv.org/abs/2311.03355)]
* [*MindAgent: Emergent Gaming Interaction**](https://arxiv.org/abs/2309.09971)
```

Passes:
```markdown
* **SegGen**: "SegGen: Supercharging Segmentation Models", arXiv, 2023 (*HKU*). [[Paper](https://arxiv.org/abs/2311.03355)]
* [**MindAgent: Emergent Gaming Interaction**](https://arxiv.org/abs/2309.09971)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "unbalanced-emphasis"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    text = document.text
    for offset in sorted(set(document.literal_emphasis)):
        if text[offset : offset + 1] != "*":
            continue  # not where it was found (an escape moved it): say nothing
        end = offset
        while end < len(text) and text[end] == "*":
            end += 1
        if document.position(offset)[0] in document.code_lines:
            continue
        marker = text[offset:end]
        yield Finding(
            NAME,
            context.severity,
            document.path,
            document.span(offset, end),
            f"'{marker}' pairs with no other marker: it shows as literal asterisks",
        )
