"""The listed title is another paper than the one arXiv has under the entry's id.

Usually an id copied from a neighbouring entry: PUMA was listed with Janus's `2410.13848`
(both were submitted the same day), so its link and badge lead to Janus. The titles share no
name and too few words to be one paper's revision (see `arxiv-title-outdated` for what counts
as one). arXiv's title search, run on the listed title, names the id whose title matches; the
unsafe fix then points the title link and the arXiv badge at that id. Without a single
matching search result there is no fix.

Fails:
```markdown
+ [PUMA: Empowering Unified MLLM with Multi-granular Visual Generation](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848)
```

Passes:
```markdown
+ [PUMA: Empowering Unified MLLM with Multi-granular Visual Generation](https://arxiv.org/abs/2410.13861) (Oct. 2024, arXiv)
  [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13861)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import arxiv_ids, entries
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.arxiv_title import found_paper
from awesome_lint.rules.base import Context
from awesome_lint.titles import Verdict, judge, suggestion

NAME = "arxiv-id-mismatch"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset({"arxiv", "title_search"})
FIX = "unsafe"


def _edits(entry: Entry, wrong_id: str, url: str) -> tuple[Edit, ...]:
    """Point the title link and the entry's arXiv badges that carry ``wrong_id`` at ``url``."""
    found = entries.arxiv_link(entry)
    links = [found[0]] if found is not None else []
    links += [
        link
        for link in entry.links
        if link.image is not None and entries.is_arxiv_badge(link.image)
    ]
    edits: dict[int, Edit] = {}
    for link in links:
        parsed = arxiv_ids.parse_url(link.url)
        if parsed is not None and parsed.arxiv_id is not None and parsed.arxiv_id.id == wrong_id:
            edits[link.url_span.start] = Edit(link.url_span.start, link.url_span.end, url)
    return tuple(edits[start] for start in sorted(edits))


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        found = found_paper(context, entry)
        if found is None:
            continue
        link, paper = found
        if judge(entry, paper, context.facts).verdict is not Verdict.OTHER:
            continue
        message = f"arXiv {paper.id} is '{paper.title}', another paper than the listed title"
        fix = None
        right = suggestion(context.facts, entry.title, paper.id)
        if right is not None:
            url = arxiv_ids.ArxivId(right.id, None, None, None).canonical_url
            message += f"; arXiv's search finds the listed title as {right.id}"
            fix = Fix(f"Link {url}", _edits(entry, paper.id, url), Applicability.UNSAFE)
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            message,
            related=(Related(entry.title_span, "listed title"),),
            fix=fix,
        )
