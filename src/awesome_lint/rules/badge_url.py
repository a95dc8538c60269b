"""A star badge image that is not a well-formed `img.shields.io/github/stars/OWNER/REPO` URL.

A malformed badge renders as a broken image. The fix rebuilds the image URL from the
entry's repository link, keeping the badge's `.svg` suffix and query (`?style=social`).

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


def check(document: Document, context: Context) -> Iterator[Finding]:
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
