"""An entry whose `<details>` or `<summary>` tags do not pair up.

Lists fold authors or abstracts into `<details><summary>...</summary>...</details>`. A closing
tag too many closes whatever `<details>` encloses the entry, if one does (a section folded
shut at the wrong place), and has no effect otherwise; one too few, or a `<summary>` never
closed, leaves the browser to guess where the fold ends. Usually a line was copied from an
entry with one more or one less tag. A warning: most such slips show nothing.

Fails:
```markdown
+ **MoVideo: Motion-Aware Video Generation with Diffusion Models** (20 Nov 2023)
  <details><summary>Jingyun Liang, Yuchen Fan, et al.</summary> Kai Zhang</details></details>

  [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2311.11325)
```

Passes:
```markdown
+ **MoVideo: Motion-Aware Video Generation with Diffusion Models** (20 Nov 2023)
  <details><summary>Jingyun Liang, Yuchen Fan, et al.</summary> Kai Zhang</details>

  [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2311.11325)
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Finding, Severity
from awesome_lint.rules.base import Context

NAME = "html-balance"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = None

_TAG = re.compile(r"<(/?)(details|summary)\b[^>]*>", re.IGNORECASE)


def check(document: Document, context: Context) -> Iterator[Finding]:
    text = document.text
    for entry in document.entries:
        chunk = text[entry.span.start : entry.span.end]
        if "<" not in chunk:
            continue
        open_tags: dict[str, list[int]] = {"details": [], "summary": []}
        for match in _TAG.finditer(chunk):
            at = entry.span.start + match.start()
            if document.in_comment(at):
                continue
            name = match.group(2).lower()
            if not match.group(1):
                open_tags[name].append(at)
                continue
            if open_tags[name]:
                open_tags[name].pop()
                continue
            yield Finding(
                NAME,
                context.severity,
                document.path,
                document.span(at, entry.span.start + match.end()),
                f"'</{name}>' closes no '<{name}>' of this entry: it would close one around it",
            )
            break
        else:
            for name, starts in open_tags.items():
                if starts:
                    at = starts[-1]
                    yield Finding(
                        NAME,
                        context.severity,
                        document.path,
                        document.span(at, at + len(name) + 2),
                        f"'<{name}>' is never closed in this entry: the browser guesses where it ends",
                    )
                    break
