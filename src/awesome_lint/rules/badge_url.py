"""A star badge image that is not a well-formed `img.shields.io/github/stars/OWNER/REPO` URL.

A malformed badge renders as a broken image. The fix rebuilds the image URL from the
entry's repository link, keeping the badge's `.svg` suffix and query (`?style=social`). Also
found anywhere in the file: an image whose URL is a repository's page
(`![Stars](https://github.com/OWNER/REPO)`, fixed into that repository's star badge), and a
star badge URL with a space in it, which markdown does not read as an image at all.

Fails:
```markdown
+ [Harmonizing Visual Representations ...](https://arxiv.org/abs/2503.21979) (Mar. 2025, arXiv)
  [![Star](https://github.com/wusize/Harmon.svg?style=social&label=Star)](https://github.com/wusize/Harmon)
```

Passes:
```markdown
+ [Harmonizing Visual Representations ...](https://arxiv.org/abs/2503.21979) (Mar. 2025, arXiv)
  [![Star](https://img.shields.io/github/stars/wusize/Harmon.svg?style=social&label=Star)](https://github.com/wusize/Harmon)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from awesome_lint import entries
from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "badge-url"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = "safe"


# `![Stars](https://github.com/OWNER/REPO)`: a repository's page is no image.
_REPO_PAGE = re.compile(r"https?://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+?)/?")
_IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
# A star badge whose URL holds a space: markdown reads no image at all, only text.
_SPACED = re.compile(r"!\[[^\]\n]*\]\((https?://img\.shields\.io/github/stars/[^)\s]*) [^)\n]*\)")


def _repo_pages(document: Document, context: Context, handled: set[int]) -> Iterator[Finding]:
    for link in document.links:
        if not link.is_image or link.span.start in handled:
            continue
        page = _REPO_PAGE.fullmatch(link.url.strip())
        if page is None or page[2].lower().endswith(_IMAGE_SUFFIXES):
            continue
        rebuilt = f"https://img.shields.io/github/stars/{page[1]}/{page[2]}"
        yield Finding(
            NAME,
            context.severity,
            document.path,
            link.url_span,
            f"image {link.url} is a repository's page, not an image: it renders as a broken"
            f" image (a star badge is {rebuilt})",
            fix=Fix(
                f"Show the repository's star badge: {rebuilt}",
                (Edit(link.url_span.start, link.url_span.end, rebuilt),),
                Applicability.SAFE,
            ),
        )
    for match in _SPACED.finditer(document.text):
        if document.position(match.start())[0] in document.code_lines:
            continue
        yield Finding(
            NAME,
            context.severity,
            document.path,
            document.span(match.start(1), match.end() - 1),
            "star badge URL holds a space: markdown reads no image, only text",
        )


def check(document: Document, context: Context) -> Iterator[Finding]:
    handled = {
        image.span.start
        for entry in document.entries
        for image, _ in entries.images(entry)
        if entries.is_star_badge(image)
    }
    yield from _repo_pages(document, context, handled)
    for entry in document.entries:
        for image, around in entries.images(entry):
            if not entries.is_star_badge(image) or entries.parse_star_badge(image.url):
                continue
            if "shields.io" in image.url and "/github/stars/" not in image.url:
                continue  # another shields badge that merely says "star" in its text
            repo = None
            if around is not None:
                repo = entries.parse_repo_url(around.url)
            if repo is None:
                own = entries.repository(entry)
                repo = (own.owner, own.name) if own is not None else None
            fix = None
            try:
                parts = urlsplit(image.url)
            except ValueError:  # "https://[img.shields.io/...": no query or suffix to keep
                parts = urlsplit("")
            if repo is not None:
                suffix = ".svg" if parts.path.endswith(".svg") else ""
                query = f"?{parts.query}" if parts.query else ""
                rebuilt = f"https://img.shields.io/github/stars/{repo[0]}/{repo[1]}{suffix}{query}"
                fix = Fix(
                    f"Rebuild the badge from the repository link: {rebuilt}",
                    (Edit(image.url_span.start, image.url_span.end, rebuilt),),
                    Applicability.SAFE,
                )
            yield Finding(
                NAME,
                context.severity,
                document.path,
                image.url_span,
                f"star badge image {image.url} is not an img.shields.io/github/stars/OWNER/REPO"
                " URL: it renders as a broken image",
                fix=fix,
            )
