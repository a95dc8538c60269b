"""A date not in the list's own dominant style.

Lists pick one way to write dates: `Jun. 2025`, `June 2025` or `2025/06/18`. A date written
otherwise (`June.` among `Jun.`, `May 2024` among `May. 2024`) is rewritten in the style that
more than half of the list's dates share. `May` fits both the abbreviated and the full style,
and keeps no full stop in a `Jun.` list that writes it so at least as often as `May.`.
No fix is offered when the rewrite would lose or invent information (a day), nor for a month
the entry's arXiv id rules out (`2022-1` for a `2211.` id is `2022-11` cut short, not January:
`date-arxiv-id` reports it).

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

from awesome_lint import conventions, dates, entries, evidence
from awesome_lint.document import Document, Entry
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


MAY = 5


def _plain_may(style: str, found: list[dates.DateMatch]) -> str | None:
    """The style ``May`` may keep without the full stop of ``style`` (``May, 2024`` in a
    ``Mar., 2024`` list): when the list writes it so at least as often as ``May.``. `May` is
    the whole word, and many lists never give it the abbreviation's full stop."""
    if "." not in style:
        return None
    plain = style.replace(".", "")
    may = [parsed.styles for parsed in found if parsed.month == MAY]
    dotted = sum(style in styles for styles in may)
    undotted = sum(plain in styles and style not in styles for styles in may)
    return plain if undotted and undotted >= dotted else None


def _ruled_out(entry: Entry, parsed: dates.DateMatch) -> bool:
    paper_id = entries.arxiv_id(entry)
    return (
        paper_id is not None
        and parsed.month is not None
        and paper_id.month is not None
        and (parsed.year, parsed.month) not in evidence.allowed_months(paper_id)
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    style = conventions.of(document).date_style
    if style is None:
        return
    example = _STYLE_NAMES.get(style, style)
    found = [
        (entry, entry.date, parsed)
        for entry in document.entries
        if entry.date is not None and (parsed := dates.find_date(entry.date.text)) is not None
    ]
    plain_may = _plain_may(style, [parsed for _, _, parsed in found])
    for entry, field, parsed in found:
        if style in parsed.styles or (parsed.month == MAY and plain_may in parsed.styles):
            continue
        if parsed.month is None and style != "YYYY":
            continue  # a bare year among months: less said, not said otherwise
        rewritten = dates.rewrite(parsed, style)
        fix = None
        message = f"date '{field.text}' is not written like this list's other dates ({example})"
        if rewritten is not None and _ruled_out(entry, parsed):
            # `2022-1` for a 2211 id is `2022-11` cut short: writing `2022-01` would set a
            # wrong month in the list's style. date-arxiv-id reports the month.
            message += ", and its month is one the entry's arXiv id rules out: no fix offered"
        elif rewritten is not None:
            message += f": write '{rewritten}'"
            fix = Fix(
                f"Write '{rewritten}'",
                (Edit(field.span.start, field.span.end, rewritten),),
                Applicability.SAFE,
            )
        yield Finding(NAME, context.severity, document.path, field.span, message, fix=fix)
