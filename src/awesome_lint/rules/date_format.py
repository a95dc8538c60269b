"""A date not in the list's own dominant style.

Lists pick one way to write dates: `Jun. 2025`, `June 2025` or `2025/06/18`. A date written
otherwise (`June.` among `Jun.`, `May 2024` among `May. 2024`) is rewritten in the style that
more than half of the list's dates share. `May` fits both the abbreviated and the full style.
No fix is offered when the rewrite would lose or invent information (a day).

Fails (`June.` and `May` in a list that writes `Jun.`, `May.`):
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [Dual Diffusion ...](https://arxiv.org/abs/2501.00289) (Jan. 2025, arXiv)
+ [Mmada: Multimodal ...](https://arxiv.org/abs/2505.15809) (May. 2025, arXiv)
+ [OmniGen2: Exploration ...](https://arxiv.org/abs/2506.18871) (June. 2025, arXiv)
+ [Chameleon: Mixed-Modal ...](https://arxiv.org/abs/2405.09818) (May 2024, arXiv)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [Dual Diffusion ...](https://arxiv.org/abs/2501.00289) (Jan. 2025, arXiv)
+ [OmniGen2: Exploration ...](https://arxiv.org/abs/2506.18871) (Jun. 2025, arXiv)
+ [Chameleon: Mixed-Modal ...](https://arxiv.org/abs/2405.09818) (May. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import conventions, dates
from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "date-format"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "safe"

_STYLE_NAMES = {
    "abbr.": "Jun. 2025",
    "abbr": "Jun 2025",
    "full": "June 2025",
    "full.": "June. 2025",
}


def check(document: Document, context: Context) -> Iterator[Finding]:
    style = conventions.of(document).date_style
    if style is None:
        return
    example = _STYLE_NAMES.get(style, style)
    for entry in document.entries:
        field = entry.date
        if field is None:
            continue
        parsed = dates.find_date(field.text)
        if parsed is None or style in parsed.styles:
            continue
        if parsed.month is None and style != "YYYY":
            continue  # a bare year among months: less said, not said otherwise
        rewritten = dates.rewrite(parsed, style)
        fix = None
        message = f"date '{field.text}' is not written like this list's other dates ({example})"
        if rewritten is not None:
            message += f": write '{rewritten}'"
            fix = Fix(
                f"Write '{rewritten}'",
                (Edit(field.span.start, field.span.end, rewritten),),
                Applicability.SAFE,
            )
        yield Finding(NAME, context.severity, document.path, field.span, message, fix=fix)
