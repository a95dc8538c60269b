"""An item indented so far that it nests under the previous entry.

In markdown an item indented past the previous item's text becomes its child: the paper
disappears into the entry above it, and tools that read the list see one entry. The fix
indents it like the entry it nests under.

Fails:
```markdown
  + [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)

    + [TokenFlow: Unified Image Tokenizer ...](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)
```

Passes:
```markdown
  + [UniToken: Harmonizing ...](https://arxiv.org/abs/2504.04423) (Apr. 2025, arXiv)

  + [TokenFlow: Unified Image Tokenizer ...](https://arxiv.org/abs/2412.03069) (Dec. 2024, arXiv)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from awesome_lint.document import Document
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Related, Severity
from awesome_lint.rules.base import Context

NAME = "list-indent"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "safe"


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        parent = entry.parent
        if parent is None or entry.kind != "item" or entry.marker_span is None:
            continue
        extra = entry.indent - parent.indent
        first_line = entry.span.line
        prefix = document.lines[first_line - 1][: entry.indent]
        fix = None
        if extra > 0 and prefix.strip() == "" and "\t" not in prefix:
            # Continuation lines aligned with this item's text move with it; lazy ones stay.
            content_indent = entry.indent + entry.marker_span.end - entry.marker_span.start + 1
            edits = []
            for line in range(first_line, entry.span.end_line + 1):
                text = document.lines[line - 1]
                if line == first_line or len(text) - len(text.lstrip(" ")) >= content_indent:
                    start = document.line_starts[line - 1]
                    edits.append(Edit(start, start + extra, ""))
            fix = Fix(
                f"Indent the item like '{parent.title[:40]}'",
                tuple(edits),
                Applicability.SAFE,
            )
        yield Finding(
            NAME,
            context.severity,
            document.path,
            entry.marker_span,
            f"item is indented {entry.indent} spaces and nests under the entry at line"
            f" {parent.span.line}: indent it by {parent.indent} to make it an entry of its own",
            related=(Related(parent.title_span, "nests under this entry"),),
            fix=fix,
        )
