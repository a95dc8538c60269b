"""An entry links a repository named after another entry, whose own link goes elsewhere.

When two neighbouring entries' code links are swapped, or shifted by one row, each entry
links a repository that bears the other one's name. The list shows it: the repository's
name is another entry's short name (`CLIPort: ...`), that entry does not link it, and that
entry's own repository is not of its family of names either. The finding is on the link that
names the other paper. Only neighbours are compared (at most six entries apart): two papers
far apart in a list of thousands may well have repositories named alike.

Fails (the two code links are swapped):
```markdown
* [ZeroPlan: Language Models as Zero-Shot Planners](https://arxiv.org/abs/2201.07207) [[Code](https://github.com/cliport/cliport)]
* [CLIPort: What and Where Pathways for Robotic Manipulation](https://arxiv.org/abs/2109.12098) [[Code](https://github.com/huangwl18/ZeroPlan)]
```

Passes:
```markdown
* [ZeroPlan: Language Models as Zero-Shot Planners](https://arxiv.org/abs/2201.07207) [[Code](https://github.com/huangwl18/ZeroPlan)]
* [CLIPort: What and Where Pathways for Robotic Manipulation](https://arxiv.org/abs/2109.12098) [[Code](https://github.com/cliport/cliport)]
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_lint import entries, evidence
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "foreign-repo"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = None

_MIN_NAME = 4  # shorter names (`SAM`, `ViT`) are parts of too many others


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _short_name(entry: Entry) -> str | None:
    name = entries.name_of(entry)
    return name if name != entry.title else None


def _related_names(a: str, b: str) -> bool:
    """`mvit` and `MViTv2`, `efficientvit` and `EfficientViT-SAM`: one within the other."""
    return bool(a) and bool(b) and (a in b or b in a)


def _owns(entry: Entry, repo: entries.RepoRef) -> bool:
    short = _short_name(entry)
    return entries.is_of_family(entry, repo.name) or (
        short is not None and _related_names(_key(short), _key(repo.name))
    )


# How far apart two entries whose links were swapped or shifted may lie.
NEIGHBOURS = 6


def check(document: Document, context: Context) -> Iterator[Finding]:
    by_name: dict[str, list[Entry]] = {}
    for entry in document.entries:
        short = _short_name(entry)
        if short is not None and len(_key(short)) >= _MIN_NAME:
            by_name.setdefault(_key(short), []).append(entry)
    if not by_name:
        return
    weighed = evidence.of(document)
    for entry in document.entries:
        for ref in entries.repositories(entry):
            key = _key(ref.name)
            if key not in by_name or _owns(entry, ref):
                continue
            for other in by_name[key]:
                if other is entry or evidence.same_paper(other.title, entry.title):
                    continue
                if weighed.apart(other, entry) > NEIGHBOURS:
                    continue  # swapped or shifted links are a neighbour's
                if entries.arxiv_id(other) == entries.arxiv_id(entry) is not None:
                    continue
                if weighed.repo_elsewhere(ref.full_name, entry) is other:
                    continue  # the other entry links it too: a shared repository
                strays = [r for r in entries.repositories(other) if not _owns(other, r)]
                if not strays:
                    continue  # the other entry links its own repository: no swap shown
                yield Finding(
                    NAME,
                    context.severity,
                    document.path,
                    ref.link.url_span,
                    f"{ref.full_name} is named after '{entries.name_of(other)}' (line"
                    f" {other.span.line}), which links {strays[0].full_name} instead: the two"
                    " entries' links look swapped or shifted",
                    related=(
                        Related(other.title_span, f"'{entries.name_of(other)}'"),
                        Related(strays[0].link.url_span, f"links {strays[0].full_name}"),
                    ),
                )
                break
