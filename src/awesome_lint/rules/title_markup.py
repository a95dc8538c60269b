"""A title with markup or debris from where it was copied: a LaTeX accent, a stray backslash,
a control character, a list number.

Titles copied from a PDF or a BibTeX file keep what those formats use: `Schr\"odinger` for
Schrödinger, a `\\ ` where a symbol was, an invisible control character, or the number of the
list they came from (`8. Champ: ...`). The list then shows them as they are. The unsafe fix
writes a LaTeX accent as the accented letter.

Fails:
```markdown
+ [Diffusion Schr\"odinger Bridge Matching](https://arxiv.org/abs/2303.16852) (Mar. 2023, arXiv)
+ **8. Champ: Controllable and Consistent Human Image Animation** (21 Mar 2024) [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2403.14781)
```

Passes:
```markdown
+ [Diffusion Schrödinger Bridge Matching](https://arxiv.org/abs/2303.16852) (Mar. 2023, arXiv)
+ **Champ: Controllable and Consistent Human Image Animation** (21 Mar 2024) [![Paper](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2403.14781)
```
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from awesome_lint import entries
from awesome_lint.document import Document, Entry
from awesome_lint.findings import Applicability, Edit, Finding, Fix, Severity
from awesome_lint.rules.base import Context

NAME = "title-markup"
SEVERITY = Severity.WARNING
NEEDS: frozenset[str] = frozenset()
FIX = "unsafe"

# `\"o`, `{\"o}`, `\'e`, `\`a`, `\^o`, `\~n`: LaTeX accents, with the combining mark each means.
_ACCENT = re.compile(r"\{?\\([\"'`^~])\{?([A-Za-z])\}?\}?")
_MARKS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303"}
_STRAY_BACKSLASH = re.compile(r"\\\s(?=\S)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIST_NUMBER = re.compile(r"^\d{1,2}\.\s+(?=[A-Z])")


def _problems(raw: str, entry: Entry) -> Iterator[tuple[int, int, str, str | None]]:
    """(start, end, what, replacement) in the title's source text."""
    for match in _ACCENT.finditer(raw):
        letter = unicodedata.normalize("NFC", match[2] + _MARKS[match[1]])
        yield match.start(), match.end(), f"LaTeX accent '{match.group()}'", letter
    for match in _STRAY_BACKSLASH.finditer(raw):
        yield match.start(), match.start() + 1, "a backslash amid the words", None
    for match in _CONTROL.finditer(raw):
        yield match.start(), match.end(), f"control character U+{ord(match.group()):04X}", ""
    number = _LIST_NUMBER.match(raw)
    if number is not None and (entry.date is not None or entries.arxiv_id(entry) is not None):
        yield 0, number.end(), f"list number '{number.group().strip()}'", ""


def check(document: Document, context: Context) -> Iterator[Finding]:
    for entry in document.entries:
        span = entry.title_span
        raw = document.text[span.start : span.end]
        if not raw or "\n" in raw:
            continue
        for start, end, what, replacement in _problems(raw, entry):
            fix = None
            if replacement is not None:
                fix = Fix(
                    f"Write {replacement!r}" if replacement else "Remove it",
                    (Edit(span.start + start, span.start + end, replacement),),
                    Applicability.UNSAFE,
                )
            yield Finding(
                NAME,
                context.severity,
                document.path,
                document.span(span.start + start, span.start + end),
                f"title holds {what}: copied from a PDF or BibTeX, it shows as it is",
                fix=fix,
            )
