"""An arXiv link whose id cannot exist.

New-style ids are `YYMM.NNNN` (April 2007 to December 2014) or `YYMM.NNNNN` (from January
2015), with a real month that has already begun; old-style ids such as `hep-th/9901001` or
`math.GT/0309136` are accepted for 1991 to March 2007. An id that breaks these rules is a typo:
arXiv would reject the whole request it is in.

Fails:
```markdown
+ [Some Paper](https://arxiv.org/abs/2413.00001) (Jan. 2025, arXiv)
+ [Other Paper](https://arxiv.org/abs/2410.1384) (Oct. 2024, arXiv)
```

Passes:
```markdown
+ [Some Paper](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [Old Paper](https://arxiv.org/abs/hep-th/9901001) (Jan. 1999, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from awesome_lint import entries
from awesome_lint.document import Document
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context, quoted

NAME = "arxiv-id-invalid"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    today = date(*context.today_year_month, 1)
    for link in document.links:
        if link.is_image:
            continue
        parsed = entries.arxiv_url(link.url, today)
        if parsed is None:
            continue
        if parsed.arxiv_id is None:
            message = f"arXiv link '{quoted(link.url, 80)}' names no arXiv id"
        elif parsed.arxiv_id.problem is not None:
            message = f"arXiv id {parsed.arxiv_id.id} cannot exist: {parsed.arxiv_id.problem}"
        else:
            continue
        yield Finding(NAME, context.severity, document.path, link.url_span, message)
