"""arXiv links are written in one form: the list's own, else `https://arxiv.org/abs/ID`.

A link to the PDF, to `www.arxiv.org`, over `http:`, or with a version suffix still works, but
a list that mixes forms hides duplicates (`/pdf/2504.04423v1` and `/abs/2504.04423` are one
paper) and pins old versions. When more than half of a list's arXiv links (and at least 5)
share one form, that form is the list's own and a link written otherwise is rewritten into it;
when no form is shared so widely, the canonical form is expected: the abstract page of the
unversioned id. The fix keeps the id and never invents a version: a version the expected form
does not write is dropped, and an unversioned link in a list that writes versions is left as
it is.

The configuration's `arxiv-url-form` can choose instead: `"abs"` always expects
`https://arxiv.org/abs/ID`, `"pdf"` always `https://arxiv.org/pdf/ID`, and `"list"` (the
default) follows the list as above.

Fails:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/pdf/2504.04423v1) (Apr. 2025, arXiv)
```

Fails (an abstract page in a list that links PDFs):
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/pdf/2410.13848) (Oct. 2024, arXiv)
+ [Dual Diffusion ...](https://arxiv.org/pdf/2501.00289) (Jan. 2025, arXiv)
+ [Mmada: Multimodal ...](https://arxiv.org/pdf/2505.15809) (May. 2025, arXiv)
+ [OmniGen2: Exploration ...](https://arxiv.org/pdf/2506.18871) (Jun. 2025, arXiv)
+ [Chameleon: Mixed-Modal ...](https://arxiv.org/abs/2405.09818) (May. 2024, arXiv)
```

Passes:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)
```

Passes (a list that links PDFs throughout):
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/pdf/2410.13848) (Oct. 2024, arXiv)
+ [Dual Diffusion ...](https://arxiv.org/pdf/2501.00289) (Jan. 2025, arXiv)
+ [Mmada: Multimodal ...](https://arxiv.org/pdf/2505.15809) (May. 2025, arXiv)
+ [OmniGen2: Exploration ...](https://arxiv.org/pdf/2506.18871) (Jun. 2025, arXiv)
+ [Chameleon: Mixed-Modal ...](https://arxiv.org/pdf/2405.09818) (May. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import conventions, entries
from awesome_lint.conventions import ArxivForm
from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "arxiv-url"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "safe"

_CONFIGURED = {"abs": conventions.CANONICAL, "pdf": conventions.PDF}


def check(document: Document, context: Context) -> Iterator[Finding]:
    form = expected_form(document, context.arxiv_url_form)
    # Say why the form is expected when it is not the canonical one a reader would assume.
    why = (
        ", like this list's other arXiv links"
        if form != conventions.CANONICAL and context.arxiv_url_form == "list"
        else ""
    )
    for link in document.links:
        if link.is_image:
            continue
        parsed = entries.arxiv_url(link.url)
        if parsed is None or parsed.arxiv_id is None or not parsed.arxiv_id.is_valid:
            continue
        if form.fits(parsed) or parsed.kind == "doi":
            continue  # arXiv's DOI names the paper as stably as its abstract page
        target = form.url_for(parsed.arxiv_id)
        fallback = "a non-canonical form" if form == conventions.CANONICAL else "another form"
        differences = ", ".join(form.differences(parsed)) or fallback
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"arXiv link has {differences}: use {target}{why}",
            fix=Fix(
                f"Replace with {target}",
                (Edit(link.url_span.start, link.url_span.end, target),),
                Applicability.SAFE,
            ),
        )


def expected_form(document: Document, setting: str) -> ArxivForm:
    """The form arXiv links should take: the configured one, else the list's own."""
    return _CONFIGURED.get(setting) or conventions.of(document).expected_arxiv_form
