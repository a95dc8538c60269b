"""Two entries with different papers' titles carry one arXiv id: one of the ids is wrong.

Usually an id was pasted from a neighbouring entry. Which entry holds the copy, the list often
says (see `evidence`): the entry whose own parts disagree with the id (an arXiv badge that names
another id, a date the id rules out) while the other entry's agree. The finding lands there
and names the other entry; when nothing decides, it is on the later entry and says that one of
the two is wrong. The same id under a variant of one title (a `Name:` prefix, a subtitle) is
one paper listed twice: `duplicate-entry`'s. With a network, `arxiv-id-mismatch` says which
title arXiv has for the id and suggests the right id.

Fails:
```markdown
+ [Janus: Decoupling Visual Encoding ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [PUMA: Empowering Unified MLLM ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
```

Passes:
```markdown
+ [Janus: Decoupling Visual Encoding ...](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)
+ [PUMA: Empowering Unified MLLM ...](https://arxiv.org/abs/2410.13861) (Oct. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries, evidence
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "duplicate-arxiv-id"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None


def check(document: Document, context: Context) -> Iterator[Finding]:
    weighed = evidence.of(document)
    seen: dict[str, list[Entry]] = {}
    reported: set[int] = set()
    for entry in document.entries:
        found = entries.arxiv_link(entry)
        if found is None:
            continue
        paper_id = found[1].id
        earlier = seen.setdefault(paper_id, [])
        others = [e for e in earlier if not evidence.same_paper(e.title, entry.title)]
        earlier.append(entry)
        if not others:
            continue  # the first, or the same paper again: duplicate-entry
        first = others[0]
        verdict = weighed.shared_id(first, entry, paper_id)
        wrong, right = (first, entry) if verdict.wrong == "first" else (entry, first)
        if id(wrong) in reported:
            continue
        reported.add(id(wrong))
        wrong_link = entries.arxiv_link(wrong)
        assert wrong_link is not None
        if verdict.wrong is None:
            message = (
                f"arXiv id {paper_id} is also the id of '{right.title}' (line"
                f" {right.span.line}): one of the two ids is wrong"
            )
        else:
            message = (
                f"arXiv id {paper_id} is the id of '{right.title}' (line {right.span.line}),"
                f" whose links agree with it; this entry's does not: {verdict.reason}"
            )
        yield Finding(
            NAME,
            context.severity,
            document.path,
            wrong_link[0].url_span,
            message,
            related=(
                Related(right.title_span, f"'{entries.name_of(right)}' carries {paper_id}"),
                # Every other entry that carries the id, cross-listed copies included.
                *(
                    Related(e.title_span, f"'{entries.name_of(e)}' carries {paper_id} too")
                    for e in earlier
                    if e is not wrong and e is not right
                ),
            ),
        )
