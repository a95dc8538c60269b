"""An entry whose star badge names another repository than its repository link.

The badge shows the stars of one repository while the link leads to another: one of the two
was copied from another entry. With a network, the repository whose README cites the paper
is named as the right one.

Fails:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) ![GitHub Repo stars](https://img.shields.io/github/stars/FoundationVision/UniTok?style=social) [Github](https://github.com/SxJyJay/UniToken)
```

Passes:
```markdown
+ [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) ![GitHub Repo stars](https://img.shields.io/github/stars/SxJyJay/UniToken?style=social) [Github](https://github.com/SxJyJay/UniToken)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Finding, Related, Severity
from awesome_lint.rules.base import Context

NAME = "badge-repo-mismatch"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None


def _canonical(context: Context, full_name: str) -> str:
    fact = context.facts.repo(full_name)
    return (fact.canonical or full_name).lower() if fact is not None else full_name.lower()


def _cites(context: Context, full_name: str, entry: Entry) -> bool:
    fact = context.facts.repo(full_name)
    paper = entries.arxiv_id(entry)
    return bool(fact and fact.readme and paper and paper.id in fact.readme)


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        own = entries.repository(entry)
        for image, around in entries.images(entry):
            badge = entries.parse_star_badge(image.url) if entries.is_star_badge(image) else None
            if badge is None:
                continue
            linked = entries.parse_repo_url(around.url) if around is not None else None
            target = f"{linked[0]}/{linked[1]}" if linked else (own.full_name if own else None)
            if target is None:
                continue
            shown = f"{badge[0]}/{badge[1]}"
            if _canonical(context, shown) == _canonical(context, target):
                continue
            verdict = ""
            if _cites(context, target, entry) and not _cites(context, shown, entry):
                verdict = f"; {target} cites the paper, so the badge is wrong"
            elif _cites(context, shown, entry) and not _cites(context, target, entry):
                verdict = f"; {shown} cites the paper, so the link is wrong"
            link_span = (
                around.url_span if linked and around else (own.link.url_span if own else None)
            )
            yield Finding(
                NAME,
                context.severity,
                document.path,
                image.url_span,
                f"star badge shows {shown}, but the entry links {target}{verdict}",
                related=(Related(link_span, f"links {target}"),) if link_span else (),
            )
