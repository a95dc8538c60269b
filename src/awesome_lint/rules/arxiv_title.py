"""A title that differs from arXiv's only in spelling, case or punctuation.

The list's title and arXiv's are compared word by word after case folding, with dashes unified
and punctuation dropped. They name the same paper, but the list spells it differently: a name
in the wrong case (`Mmada` for `MMaDA`), lower-case words, a letter too many (`Generationn`),
`Multi-modal` for `Multimodal`. A word changed by more than a typo (`Model` → `Models`,
an added or missing word) is a rewording: `arxiv-title-outdated` reports it when arXiv revised
the paper, this rule when arXiv never did (the title never changed, so the list's is wrong).

Not reported: a `Name: ` prefix that the list adds and arXiv's title lacks (`LaVIT: `,
`Emu2: `, `CoDi: `) or the other way round, an em dash for a hyphen and other typographic
variants of dashes and quotes, and runs of spaces (`title-whitespace`). The fix writes arXiv's
title, keeping the list's `Name: ` prefix when arXiv's title has none.

Fails:
```markdown
+ [Mmada: Multimodal large diffusion language models](https://arxiv.org/abs/2505.15809) (May. 2025, arXiv)
+ [OmniGen2: Exploration to Advanced Multimodal Generationn](https://arxiv.org/abs/2506.18871) (Jun. 2025, arXiv)
```

Passes:
```markdown
+ [MMaDA: Multimodal Large Diffusion Language Models](https://arxiv.org/abs/2505.15809) (May. 2025, arXiv)
+ [CoDi: Any-to-Any Generation via Composable Diffusion](https://arxiv.org/abs/2305.11846) (May. 2023, NeurIPS)
+ [BLIP3-o: A Family of Fully Open Unified Multimodal Models—Architecture, Training and Dataset](https://arxiv.org/abs/2505.09568) (May. 2025, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry, Link
from awesome_lint.facts import ArxivPaper, FactStatus
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules import mojibake
from awesome_lint.rules.base import Context
from awesome_lint.titles import Verdict, judge

NAME = "arxiv-title"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset({"arxiv"})
FIX = "unsafe"


def found_paper(context: Context, entry: Entry) -> tuple[Link, ArxivPaper] | None:
    """The entry's arXiv link and the paper arXiv knows under its id, if arXiv answered so."""
    found = entries.arxiv_link(entry)
    if found is None:
        return None
    link, paper_id = found
    fact = context.facts.arxiv.get(paper_id.id)
    if fact is None or fact.status is not FactStatus.FOUND or fact.paper is None:
        return None
    return link, fact.paper


def markdown_title(entry: Entry, title: str) -> str:
    """``title`` escaped for where the entry's title stands (link text, table cell)."""
    text = title.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text.replace("|", "\\|") if entry.kind == "row" else text


def title_finding(
    rule: str, document: Document, context: Context, entry: Entry, message: str, fixed: str
) -> Finding:
    """A finding on the entry's title whose (unsafe) fix writes ``fixed``; never mojibake,
    even if arXiv has it (the mojibake rule would undo the fix, and the next run redo it)."""
    fixed = mojibake.repaired(fixed)
    span = entry.title_span
    link = entries.arxiv_link(entry)
    return Finding(
        rule,
        context.severity,
        document.path,
        span,
        message,
        related=(Related(link[0].url_span, f"arXiv {link[1].id}"),) if link else (),
        fix=Fix(
            f"Write arXiv's title: {fixed}",
            (Edit(span.start, span.end, markdown_title(entry, fixed)),),
            Applicability.UNSAFE,
        ),
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        found = found_paper(context, entry)
        if found is None:
            continue
        comparison = judge(entry, found[1], context.facts)
        if comparison.verdict is not Verdict.SPELLING:
            continue
        how = "is worded differently" if comparison.reworded else "is spelt differently"
        yield title_finding(
            NAME,
            document,
            context,
            entry,
            f"title {how} on arXiv: '{found[1].title}'",
            comparison.fixed,
        )
