"""An item indented so far that it nests under the previous entry.

In markdown an item indented past the previous item's text becomes its child: the paper
disappears into the entry above it, and tools that read the list see one entry. The fix
indents it like the entry it nests under. Only a paper nested under a paper is reported (both
carry an arXiv id): items under an item that is no paper (a table of contents, `2.1` under
`2. Methods`, papers under a group's name) are nested on purpose.

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

from awesome_lint import entries
from awesome_lint.document import Document, Entry
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
        if entries.arxiv_id(parent) is None or entries.arxiv_id(entry) is None:
            continue  # a table of contents, a group under its heading item: nested on purpose
        extra = entry.indent - parent.indent
        first_line = entry.span.line
        prefix = document.lines[first_line - 1][: entry.indent]
        fix = None
        if extra > 0 and prefix.strip() == "" and "\t" not in prefix:
            edits = _move_subtree(document, entry, extra)
            if edits is not None:
                fix = Fix(
                    f"Indent the item like '{parent.title[:40]}'",
                    edits,
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


def _move_subtree(document: Document, entry: Entry, extra: int) -> tuple[Edit, ...] | None:
    """Edits that take ``extra`` spaces off the item and everything nested in it, so that its
    sub-bullets move with it; None when that cannot be done exactly.

    Lines aligned with the item's text (its continuation, its nested lists) move; lazy lines of
    its own paragraph stay, as they continue it wherever it starts. A line of a nested block
    that is indented less than the item's text, or indentation with a tab, gets no fix.
    """
    assert entry.marker_span is not None
    first_line = entry.span.line
    content_indent = entry.indent + entry.marker_span.end - entry.marker_span.start + 1
    last_line = max(entry.subtree_end_line, entry.span.end_line)
    edits: list[Edit] = []
    for line in range(first_line, min(last_line, len(document.lines)) + 1):
        text = document.lines[line - 1]
        stripped = text.lstrip(" ")
        if not stripped:
            continue
        indent = len(text) - len(stripped)
        if line != first_line and "\t" in text[: len(text) - len(text.lstrip())]:
            return None
        if line == first_line or indent >= content_indent:
            start = document.line_starts[line - 1]
            edits.append(Edit(start, start + extra, ""))
        elif line > entry.span.end_line:
            return None
    return tuple(edits)
