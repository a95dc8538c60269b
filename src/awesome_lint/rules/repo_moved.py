"""The linked GitHub repository was renamed or transferred, or its name is spelt in another case.

GitHub redirects the old name for now, but a redirect breaks as soon as someone creates a
repository under the old name, and star badges may show the wrong count. TokenFlow's
organization `ByteFlow-AI` became `ByteVisionLab`; `bytedance-seed/BAGEL` is spelt
`ByteDance-Seed/Bagel`. The fix writes the current owner/name in every link of the entry
to that repository and in its star badge, and keeps the rest of each URL (`/tree/v1`, the
badge's `.svg` and query). It is safe when only the case changes (the same repository), and
unsafe for a rename or a transfer, which changes the repository a link names.

Fails:
```markdown
+ [TokenFlow: Unified Image Tokenizer for Multimodal Understanding and Generation](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)
  [![Star](https://img.shields.io/github/stars/ByteFlow-AI/TokenFlow.svg?style=social&label=Star)](https://github.com/ByteFlow-AI/TokenFlow)
```

Passes:
```markdown
+ [TokenFlow: Unified Image Tokenizer for Multimodal Understanding and Generation](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)
  [![Star](https://img.shields.io/github/stars/ByteVisionLab/TokenFlow.svg?style=social&label=Star)](https://github.com/ByteVisionLab/TokenFlow)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint import entries, values
from awesome_lint.document import Document, Entry
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity, Span
from awesome_lint.rules.base import Context
from awesome_lint.rules.repo_not_found import repo_links

NAME = "repo-moved"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset({"github"})
FIX = "unsafe"


def _applicability(document: Document, edits: list[Edit]) -> Applicability:
    """Safe when every edit only changes the case of a name (the same repository); a rename
    or a transfer changes the repository a link names: unsafe."""
    same = all(
        document.text[edit.start : edit.end].lower() == edit.replacement.lower() for edit in edits
    )
    return Applicability.SAFE if same else Applicability.UNSAFE


def _edit(
    document: Document, span: Span, marker: str, owner_name: str, canonical: str
) -> Edit | None:
    """Replace ``owner_name`` where it follows ``marker`` in the URL's source text, if it does."""
    source = document.text[span.start : span.end]
    at = source.lower().find(marker)
    if at < 0:
        return None
    start = at + len(marker)
    if source[start : start + len(owner_name)] != owner_name:
        return None  # written escaped or encoded: no exact place to edit
    return Edit(span.start + start, span.start + start + len(owner_name), canonical)


def _edits(
    document: Document, entry: Entry | None, ref: entries.RepoRef, canonical: str
) -> list[Edit]:
    found: list[Edit | None] = []
    links = entry.links if entry is not None else [ref.link]
    for link in links:
        parsed = None if link.is_image else entries.parse_repo_url(link.url)
        if parsed is not None and f"{parsed[0]}/{parsed[1]}".lower() == ref.key:
            owner_name = f"{parsed[0]}/{parsed[1]}"
            if owner_name != canonical:
                found.append(_edit(document, link.url_span, "github.com/", owner_name, canonical))
    if entry is not None:
        for image, _ in entries.images(entry):
            badge = entries.parse_star_badge(image.url)
            if badge is not None and f"{badge[0]}/{badge[1]}".lower() == ref.key:
                owner_name = f"{badge[0]}/{badge[1]}"
                if owner_name != canonical:
                    found.append(
                        _edit(document, image.url_span, "/github/stars/", owner_name, canonical)
                    )
    return sorted(
        {edit.start: edit for edit in found if edit is not None}.values(), key=lambda e: e.start
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry, ref in repo_links(document):
        fact = context.facts.repo(ref.full_name)
        if fact is None or fact.status is not FactStatus.FOUND or fact.canonical is None:
            continue
        if not values.is_repo_name(fact.canonical):
            continue  # not a repository name (a damaged cache row): never written into a list
        # Compared with each link's spelling: the fact keeps the first spelling it was asked.
        edits = _edits(document, entry, ref, fact.canonical)
        if fact.canonical == ref.full_name and not edits:
            continue
        if fact.canonical == ref.full_name:
            message = f"a link or badge of the entry spells {fact.canonical} otherwise"
        elif fact.canonical.lower() == ref.key:
            message = f"{ref.full_name} is spelt {fact.canonical} on GitHub"
        else:
            message = f"{ref.full_name} was renamed or transferred: it is {fact.canonical} now"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            ref.link.url_span,
            message,
            fix=Fix(f"Write {fact.canonical}", tuple(edits), _applicability(document, edits))
            if edits
            else None,
        )
