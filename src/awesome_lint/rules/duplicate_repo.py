"""Two entries link one repository, and one of them is not of that repository's family.

Several papers legitimately share a repository: Janus and JanusFlow (deepseek-ai/Janus), Emu
and Emu2, Show-o and Show-o2, LaVIT and Video-LaVIT, the SEED papers. Names are compared by
words (camel case, digits and hyphens split): an entry belongs to the family when the
repository's words start its name (Janus+Flow, Emu+2) or stand in its title as whole words
(Video-LaVIT, "... with SEED Tokenizer"). UniToken linking FoundationVision/UniTok does not:
"Uni+Token" is not "Uni+Tok". The finding lands on the entry that is not of the family,
whether it comes first or later, and names the one that is. Names decide only between
neighbours (at most three entries apart in one section), as a new entry is copied from a
neighbour; a lab's papers far apart that share its repository (MiniGPT-4 and MiniGPT-v2,
InternVL and its 1.5 report) are left to the README, as when neither entry is of the
family: the repository hosts several papers (an organisation's repository such as
`bytedance/1d-tokenizer`, or one renamed by its owner): nothing is reported offline; with a
network, the entry whose paper the README does not cite, while it cites the other's, is the odd
one. A repository whose README cites both papers is accepted; repositories shared on purpose
go in the config's `allow-shared-repos`. Only links to a repository itself count: a link to a
file, a folder or an issue in it (`.../blob/main/MATH.md`, `.../tree/main/beit`,
`.../issues/47`) cites that repository without claiming it as the entry's own.

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


# How far apart (in entries of one section) a copy lies from the entry it was copied from: a
# new entry is made from a neighbour. Two papers of one lab far apart in a list that share its
# repository (InternVL and its 1.5 report, MiniGPT-4 and MiniGPT-v2, Otter and MIMIC-IT) are
# that lab's choice, which only the repository's README can confirm or deny.
NEIGHBOURS = 3


def check(document: Document, context: Context) -> Iterator[Finding]:
    first_by_repo: dict[str, tuple[Entry, entries.RepoRef]] = {}
    reported: set[tuple[int, str]] = set()
    weighed = evidence.of(document)
    for entry in document.entries:
        for ref in entries.repositories(entry):
            if not ref.is_whole:
                continue  # a file, a folder or an issue of a repository cites it, not claims it
            first = first_by_repo.setdefault(ref.key, (entry, ref))
            if first[0] is entry or ref.key in context.allowed_shared_repos:
                continue
            earlier, earlier_ref = first
            near = earlier.section is entry.section and weighed.apart(earlier, entry) <= NEIGHBOURS
            odd = _odd_one(context, ref, earlier, entry, near)
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


def _odd_one(
    context: Context, ref: entries.RepoRef, earlier: Entry, later: Entry, near: bool
) -> Entry | None:
    """The entry of the two that is not the repository's, if the evidence says which: names
    decide between neighbours, the repository's README wherever they are."""
    later_cited = _readme_cites(context, ref.key, later)
    earlier_cited = _readme_cites(context, ref.key, earlier)
    if later_cited and earlier_cited:
        return None
    verdict = evidence.family_verdict(earlier, later, ref.name)
    if near and verdict.wrong == "first" and not earlier_cited:
        return earlier
    if near and verdict.wrong == "second" and not later_cited:
        return later
    if not near or not (
        entries.is_of_family(earlier, ref.name) or entries.is_of_family(later, ref.name)
    ):
        # Far apart, or an organisation's repository, or one renamed: only its README can say.
        if earlier_cited and not later_cited and _has_readme(context, ref.key):
            return later
        if later_cited and not earlier_cited and _has_readme(context, ref.key):
            return earlier
    return None


def _has_readme(context: Context, repo_key: str) -> bool:
    fact = context.facts.repos.get(repo_key)
    return fact is not None and bool(fact.readme)
