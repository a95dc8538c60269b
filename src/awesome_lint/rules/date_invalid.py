"""A date that is no date: a month of 0 or above 12, or a month left empty.

`2023-0-`, `2025-13` and `2024--` are dates begun and never finished, or typed wrong: no rule
can compare them with the arXiv id, and readers cannot tell when the paper appeared.

Fails:
```markdown
| Title | Date |
| --- | --- |
| [MA-LMM: Memory-Augmented Large Multimodal Model](https://arxiv.org/abs/2404.05726) | 2023-0- |
```

Passes:
```markdown
| Title | Date |
| --- | --- |
| [MA-LMM: Memory-Augmented Large Multimodal Model](https://arxiv.org/abs/2404.05726) | 2024-04-08 |
```
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "date-invalid"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None

# A year, a separator, then a month that cannot be (empty, 0, 00, 13 to 99), optionally a
# separator and a day; not inside a longer token (a version, a range, an id).
_INVALID = re.compile(
    r"(?<![\w./-])(?:19|20)\d{2}(?P<sep>[-/.])"
    r"(?:(?:0{1,2}|1[3-9]|[2-9]\d)(?:(?P=sep)\d{0,2})?|(?P=sep)\d{0,2})(?![\w/.-])"
)


def check(document: Document, context: Context) -> Iterator[Finding]:
    text = document.text
    starts = [entry.span.start for entry in document.entries]
    for match in _INVALID.finditer(text):  # rare: one pass over the file, then the entry
        index = bisect.bisect_right(starts, match.start()) - 1
        if index < 0:
            continue
        entry = document.entries[index]
        if match.end() > entry.span.end:
            continue
        # Links hold ids and paths, not dates: only the entry's own text is read.
        if any(link.span.start <= match.start() < link.span.end for link in entry.links):
            continue
        token = match.group()
        yield Finding(
            NAME,
            context.severity,
            document.path,
            document.span(match.start(), match.end()),
            f"'{token}' is no date: its month is missing or impossible",
        )
