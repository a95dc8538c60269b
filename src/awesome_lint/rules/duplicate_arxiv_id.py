"""Two entries with different papers' titles carry one arXiv id: one of the ids is wrong.

Usually an id was pasted from a neighbouring entry. Which entry holds the copy, the list often
says (see `evidence`): the entry whose own parts disagree with the id (an arXiv badge that names
another id, a date the id rules out) while the other entry's agree. The finding lands there
and names the other entry; when nothing decides, it is on the later entry and says one of the
two is wrong: an error when both titles name their paper, differently (`Janus: ...` and
`PUMA: ...`), else a warning (the two may be one paper under two titles: a revised title, a
venue's). The same id under a variant of one title (a `Name:` prefix, a subtitle, a model
listed by its sizes such as `OPT-1.3|6.7|13B`), or under a bare name that the other entry's own
text names (`**FacTool**` and `Factuality Detection in LLMs - proposes a tool called FacTool`),
or with the same first author (`Zipeng Ling et.al.`: a paper renamed between versions, as
arXiv dailies print each version's title), is one paper listed twice: `duplicate-entry`'s. With a network, `arxiv-id-mismatch` says which
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

import re
from collections.abc import Iterator

from awesome_lint import entries, evidence
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "duplicate-arxiv-id"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None


def _two_names(a: Entry, b: Entry) -> bool:
    """Whether both titles start with a short name (`Janus:`, `Show-o2:`), different ones."""
    names = [entries.name_of(e) for e in (a, b)]
    if any(name == e.title or len(name.split()) > 2 for name, e in zip(names, (a, b), strict=True)):
        return False
    return entries.normalized_title(names[0]) != entries.normalized_title(names[1])


def _names(document: Document, a: Entry, b: Entry) -> bool:
    """Whether one entry, listed by a bare name (`FacTool`), is named in the other's own text
    (`Factuality Detection in LLMs - proposes a tool called **FacTool** ...`): one paper, once
    by its name and once by what it does."""
    for short, long in ((a, b), (b, a)):
        name = short.title.strip()
        if " " in name or len(name) < 3 or not any(ch.isupper() for ch in name[1:]):
            continue  # a name is one word with capitals inside (FacTool, LLaVA), not a word
        text = document.text[long.span.start : long.span.end]
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            return True
    return False


# `Zipeng Ling et.al.`, `Joon Sung Park (Stanford University) et al.`: a first author.
_FIRST_AUTHOR = re.compile(
    r"([A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,3})(?: \([^()]{0,80}\))? et\.? ?al\b"
)


def _same_first_author(document: Document, a: Entry, b: Entry) -> bool:
    """One id and one first author: one paper under two titles (arXiv lists that print each
    version's title, a paper renamed between versions), not an id copied from another paper."""
    authors = []
    for entry in (a, b):
        found = _FIRST_AUTHOR.search(document.text, entry.span.start, entry.span.end)
        if found is None:
            return False
        authors.append(found.group(1))
    return authors[0] == authors[1]


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
        others = [
            e
            for e in earlier
            if not evidence.same_paper(e.title, entry.title)
            and not _names(document, e, entry)
            and not _same_first_author(document, e, entry)
        ]
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
                f" not this entry's: {verdict.reason}"
            )
        # Undecided, the two may be one paper under two titles (a revised title, a venue's):
        # worth a look, not an error, unless both titles name their paper, differently
        # (`Janus: ...` and `PUMA: ...` are two papers).
        named = _two_names(first, entry)
        severity = (
            context.severity if verdict.wrong or named else min(context.severity, Severity.WARNING)
        )
        yield Finding(
            NAME,
            severity,
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
