"""arXiv now carries a later version's title; the arXiv id is right.

Authors retitle papers in later versions: `LlamaFusion` became `LMFusion`, `Architecture
Decoupling Is Not All You Need ...` became `AIA: Rethinking Architecture Decoupling ...`. The
list kept the first title. The titles are reworded, not misspelt (`arxiv-title`), and still one
paper's: they share the name prefix, or the words after a new name, or are a small rewording
(`Model as Auto-Encoder` → `Models as Auto-Encoders`), or share half of their words and a
distinctive phrase. And arXiv has a version after the first, since only a new version changes
a title. Titles without such evidence are another paper's: `arxiv-id-mismatch`.

The fix writes the current title, keeping the list's `Name: ` prefix when the new title has
no name of its own. It is unsafe: a list may keep the title it knows the paper by.

Fails:
```markdown
+ [LlamaFusion: Adapting Pretrained Language Models for Multimodal Generation](https://arxiv.org/abs/2412.15188) (Dec. 2024, arXiv)
```

Passes:
```markdown
+ [LMFusion: Adapting Pretrained Language Models for Multimodal Generation](https://arxiv.org/abs/2412.15188) (Dec. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.arxiv_title import found_paper, title_finding
from awesome_lint.rules.base import Context
from awesome_lint.titles import Verdict, judge

NAME = "arxiv-title-outdated"
SEVERITY = Severity.INFO
NEEDS: frozenset[str] = frozenset({"arxiv"})
FIX = "unsafe"


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        found = found_paper(context, entry)
        if found is None:
            continue
        paper = found[1]
        comparison = judge(entry, paper, context.facts)
        if comparison.verdict is not Verdict.OUTDATED:
            continue
        yield title_finding(
            NAME,
            document,
            context,
            entry,
            f"arXiv {paper.id} is now titled '{paper.title}' (version {paper.version});"
            " the list has an earlier title",
            comparison.fixed,
        )
