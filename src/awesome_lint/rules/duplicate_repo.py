"""Two entries link one repository, and the later entry is not of that repository's family.

Several papers legitimately share a repository: Janus and JanusFlow (deepseek-ai/Janus), Emu
and Emu2, Show-o and Show-o2, LaVIT and Video-LaVIT, the SEED papers. Names are compared by
words (camel case, digits and hyphens split): an entry belongs to the family when the
repository's words start its name (Janus+Flow, Emu+2) or stand in its title as whole words
(Video-LaVIT, "... with SEED Tokenizer"). UniToken linking FoundationVision/UniTok does not:
"Uni+Token" is not "Uni+Tok". With a network, a repository whose README cites both papers is
accepted; repositories shared on purpose go in the config's `allow-shared-repos`.

Fails:
```markdown
+ [UniTok: A Unified Tokenizer ...](https://arxiv.org/abs/2502.20321)
  [![Star](https://img.shields.io/github/stars/FoundationVision/UniTok.svg)](https://github.com/FoundationVision/UniTok)
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423)
  [![Star](https://img.shields.io/github/stars/FoundationVision/UniTok.svg)](https://github.com/FoundationVision/UniTok)
```

Passes:
```markdown
+ [Janus: Decoupling ...](https://arxiv.org/abs/2410.13848)
  [![Star](https://img.shields.io/github/stars/deepseek-ai/Janus.svg)](https://github.com/deepseek-ai/Janus)
+ [JanusFlow: Harmonizing ...](https://arxiv.org/abs/2411.07975)
  [![Star](https://img.shields.io/github/stars/deepseek-ai/Janus.svg)](https://github.com/deepseek-ai/Janus)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "duplicate-repo"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = None


def _readme_cites(context: Context, repo_key: str, entry: Entry) -> bool:
    fact = context.facts.repos.get(repo_key)
    if fact is None or not fact.readme:
        return False
    paper_id = entries.arxiv_id(entry)
    readme = fact.readme.lower()
    return (paper_id is not None and paper_id.id in readme) or (
        entries.normalized_title(entry.title) in entries.normalized_title(readme)
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    first_by_repo: dict[str, tuple[Entry, entries.RepoRef]] = {}
    for entry in document.entries:
        for ref in entries.repositories(entry):
            first = first_by_repo.setdefault(ref.key, (entry, ref))
            if first[0] is entry or ref.key in context.allowed_shared_repos:
                continue
            if entries.is_of_family(entry, ref.name) or _readme_cites(context, ref.key, entry):
                continue
            earlier, earlier_ref = first
            yield Finding(
                NAME,
                context.severity,
                document.path,
                ref.link.url_span,
                f"{ref.full_name} is also the repository of '{entries.name_of(earlier)}'"
                f" (line {earlier_ref.link.span.line}), and '{entries.name_of(entry)}' is not"
                " of its family of names: is this the entry's own repository?",
                related=(Related(earlier_ref.link.url_span, "first linked here"),),
            )
