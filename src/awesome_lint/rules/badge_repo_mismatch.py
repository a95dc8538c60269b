"""An entry whose star badge names another repository than its repository link.

The badge shows the stars of one repository while the link leads to another: one of the two
was copied from another entry. The finding lands on the copy when the list says which: the
side whose repository another entry links, while the other side's is no other entry's; with a
network, the side whose README does not cite the paper. A badge and a link of one repository
name under two owners (a repository moved by its owner) are not reported offline: with a
network, GitHub's canonical name settles them.

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

import re
from collections.abc import Iterator

from awesome_lint import entries, evidence
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
    weighed = evidence.of(document)
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
            if around is None and shown.lower() in {r.key for r in entries.repositories(entry)}:
                continue  # a bare badge beside its own repository's link, among others
            badge_elsewhere = weighed.repo_elsewhere(shown, entry)
            link_elsewhere = weighed.repo_elsewhere(target, entry)
            if badge_elsewhere is None and _same_name(shown, target):
                # `ByteFlow-AI/TokenFlow` badge, `ByteVisionLab/TokenFlow` link: a repository
                # moved by its owner; with a network, GitHub's canonical name settles it.
                continue
            link_span = (
                around.url_span if linked and around else (own.link.url_span if own else None)
            )
            verdict = ""
            wrong_span = image.url_span
            if _cites(context, target, entry) and not _cites(context, shown, entry):
                verdict = f"; {target} cites the paper, so the badge is wrong"
            elif _cites(context, shown, entry) and not _cites(context, target, entry):
                verdict = f"; {shown} cites the paper, so the link is wrong"
                wrong_span = link_span or wrong_span
            elif badge_elsewhere is not None and link_elsewhere is None:
                verdict = (
                    f"; {shown} is the repository of"
                    f" '{entries.name_of(badge_elsewhere)}' (line {badge_elsewhere.span.line}),"
                    " so the badge is the copy"
                )
            elif link_elsewhere is not None and badge_elsewhere is None and link_span:
                verdict = (
                    f"; {target} is the repository of '{entries.name_of(link_elsewhere)}'"
                    f" (line {link_elsewhere.span.line}), so the link is the copy"
                )
                wrong_span = link_span
            related = [Related(link_span, f"links {target}")] if link_span else []
            if wrong_span is not image.url_span:
                related = [Related(image.url_span, f"the badge shows {shown}")]
            yield Finding(
                NAME,
                context.severity,
                document.path,
                wrong_span,
                f"star badge shows {shown}, but the entry links {target}{verdict}",
                related=tuple(related),
            )


def _same_name(a: str, b: str) -> bool:
    """Two repositories of one name under two owners, or spelt with other case or dashes."""
    name_a, name_b = (re.sub(r"[-_.]", "", x.partition("/")[2].lower()) for x in (a, b))
    return name_a == name_b
