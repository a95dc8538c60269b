"""Two entries link one repository, and one of them is not of that repository's family.

Several papers legitimately share a repository: Janus and JanusFlow (deepseek-ai/Janus), Emu
and Emu2, Show-o and Show-o2, LaVIT and Video-LaVIT, the SEED papers. Names are compared by
words (camel case, digits and hyphens split): an entry belongs to the family when the
repository's words start its name (Janus+Flow, Emu+2) or stand in its title as whole words
(Video-LaVIT, "... with SEED Tokenizer"). UniToken linking FoundationVision/UniTok does not:
"Uni+Token" is not "Uni+Tok". The finding lands on the entry that is not of the family,
whether it comes first or later, and names the one that is. When neither entry is of the
family, the repository hosts several papers (an organisation's repository such as
`bytedance/1d-tokenizer`, or one renamed by its owner): nothing is reported offline; with a
network, the entry whose paper the README does not cite, while it cites the other's, is the odd
one. A repository whose README cites both papers is accepted; repositories shared on purpose
go in the config's `allow-shared-repos`.

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

from awesome_lint import entries, evidence
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
    reported: set[tuple[int, str]] = set()
    for entry in document.entries:
        for ref in entries.repositories(entry):
            first = first_by_repo.setdefault(ref.key, (entry, ref))
            if first[0] is entry or ref.key in context.allowed_shared_repos:
                continue
            earlier, earlier_ref = first
            odd = _odd_one(context, ref, earlier, entry)
            if odd is None or (id(odd), ref.key) in reported:
                continue
            reported.add((id(odd), ref.key))
            other, other_ref = (earlier, earlier_ref) if odd is entry else (entry, ref)
            odd_ref = ref if odd is entry else earlier_ref
            yield Finding(
                NAME,
                context.severity,
                document.path,
                odd_ref.link.url_span,
                f"{ref.full_name} is also the repository of '{entries.name_of(other)}'"
                f" (line {other_ref.link.span.line}), which is of its family of names, and"
                f" '{entries.name_of(odd)}' is not: is this the entry's own repository?",
                related=(Related(other_ref.link.url_span, f"'{entries.name_of(other)}' links it"),),
            )


def _odd_one(context: Context, ref: entries.RepoRef, earlier: Entry, later: Entry) -> Entry | None:
    """The entry of the two that is not the repository's, if the evidence says which."""
    later_cited = _readme_cites(context, ref.key, later)
    earlier_cited = _readme_cites(context, ref.key, earlier)
    if later_cited and earlier_cited:
        return None
    verdict = evidence.family_verdict(earlier, later, ref.name)
    if verdict.wrong == "first" and not earlier_cited:
        return earlier
    if verdict.wrong == "second" and not later_cited:
        return later
    if verdict.wrong is None and not (
        entries.is_of_family(earlier, ref.name) or entries.is_of_family(later, ref.name)
    ):
        # An organisation's repository, or one renamed: only its README can say.
        if earlier_cited and not later_cited and _has_readme(context, ref.key):
            return later
        if later_cited and not earlier_cited and _has_readme(context, ref.key):
            return earlier
    return None


def _has_readme(context: Context, repo_key: str) -> bool:
    fact = context.facts.repos.get(repo_key)
    return fact is not None and bool(fact.readme)
