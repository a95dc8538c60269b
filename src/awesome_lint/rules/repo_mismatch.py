"""The entry's repository does not mention the paper: probably another paper's repository.

A repository that hosts a paper's code cites it in its README: by arXiv id, by title, or at
least by the paper's name. One whose README names none of them was most likely copied from a
neighbouring entry: UniToken linked FoundationVision/UniTok, the repository of UniTok. When the
paper's arXiv abstract or comment names a GitHub repository, the finding suggests it.

Repositories that share papers on purpose (deepseek-ai/Janus hosts Janus, JanusFlow and
Janus-Pro) cite each of them and pass. A repository whose README could not be read is not
judged.

Fails:
```markdown
+ [UniToken: Harmonizing Multimodal Understanding and Generation through Unified Visual Encoding](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)
  [![Star](https://img.shields.io/github/stars/FoundationVision/UniTok.svg?style=social&label=Star)](https://github.com/FoundationVision/UniTok)
```

Passes:
```markdown
+ [UniToken: Harmonizing Multimodal Understanding and Generation through Unified Visual Encoding](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)
  [![Star](https://img.shields.io/github/stars/SxJyJay/UniToken.svg?style=social&label=Star)](https://github.com/SxJyJay/UniToken)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.facts import ArxivPaper, FactStatus
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context
from awesome_lint.titles import words

NAME = "repo-mismatch"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset({"github", "arxiv"})
FIX = None

_GITHUB = re.compile(r"github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})")


def _has_words(haystack: str, needle: str) -> bool:
    """Whether ``needle``'s words stand in ``haystack`` as whole words, in order."""
    phrase = " ".join(words(needle))
    return bool(phrase) and f" {phrase} " in f" {haystack} "


def _cites(readme: str, entry: Entry, paper_id: str | None, paper: ArxivPaper | None) -> bool:
    if paper_id is not None and re.search(rf"(?<![\d.]){re.escape(paper_id)}(?!\d)", readme):
        return True
    text = " ".join(words(readme))
    titles = [entry.title, entries.name_of(entry)] + ([paper.title] if paper else [])
    return any(_has_words(text, title) for title in titles)


def _named_repos(paper: ArxivPaper) -> Iterator[tuple[str, str]]:
    """GitHub repositories the paper's abstract and comment name, with where."""
    for where, text in (("abstract", paper.summary), ("comment", paper.comment)):
        for match in _GITHUB.finditer(text):
            name = match[2].rstrip(".")  # "... at https://github.com/o/r." ends a sentence
            name = name.removesuffix(".git")
            if name:
                yield where, f"{match[1]}/{name}"


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        ref = entries.repository(entry)
        if ref is None:
            continue
        fact = context.facts.repo(ref.full_name)
        if fact is None or fact.status is not FactStatus.FOUND or fact.readme is None:
            continue
        paper_id = entries.arxiv_id(entry)
        arxiv = context.facts.arxiv.get(paper_id.id) if paper_id is not None else None
        paper = arxiv.paper if arxiv is not None and arxiv.status is FactStatus.FOUND else None
        if _cites(fact.readme, entry, paper_id.id if paper_id else None, paper):
            continue
        linked = {ref.key, (fact.canonical or ref.full_name).lower()}
        named = list(_named_repos(paper)) if paper is not None else []
        if any(repo.lower() in linked for _, repo in named):
            continue  # the paper itself names this repository
        cited = [f"arXiv {paper_id.id}"] if paper_id is not None else []
        cited.append("the title")
        name = entries.name_of(entry)
        if name != entry.title:
            cited.append(f"'{name}'")
        names = f"neither {', nor '.join(cited)}" if len(cited) > 1 else cited[0]
        message = f"the README of {ref.full_name} names {names}"
        if named:
            where, repo = named[0]
            message += f"; the paper's {where} names {repo}"
        yield Finding(NAME, context.severity, document.path, ref.link.url_span, message)
