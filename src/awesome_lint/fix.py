"""Applying fixes: non-overlapping edits, repeated until stable, written atomically.

As ruff does, fixes whose edits overlap are applied one at a time: each round applies every
fix that does not overlap one already taken, re-parses and re-checks, and stops when nothing
changes (or after ``MAX_ROUNDS``). Writing keeps the file's encoding, BOM and line endings,
goes through a temporary file and a rename, and refuses to overwrite a file that changed since
it was read.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from awesome_lint import parser
from awesome_lint.document import Document
from awesome_lint.files import SourceFile
from awesome_lint.findings import Edit, Finding, Fix

MAX_ROUNDS = 10


class FileChanged(Exception):
    """The file on disk is not the one that was read: writing would lose someone's change."""


@dataclass(slots=True)
class Fixed:
    text: str
    applied: int  # fixes applied over all rounds
    document: Document
    findings: list[Finding]  # what remains after the last round


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply every fix that overlaps no fix taken before it; return the text and the count."""
    taken: list[Edit] = []
    count = 0
    for fix in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        if any(_overlaps(edit, other) for edit in fix.edits for other in taken):
            continue
        taken.extend(fix.edits)
        count += 1
    for edit in sorted(taken, key=lambda e: e.start, reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text, count


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # insertions conflict only at the same point
        return a.start == b.start or (b.start < a.start < b.end) or (a.start < b.start < a.end)
    return a.start < b.end and b.start < a.end


def fix_document(
    document: Document,
    findings: list[Finding],
    check: Callable[[Document], list[Finding]],
    *,
    unsafe: bool = False,
) -> Fixed:
    text, applied = document.text, 0
    for _ in range(MAX_ROUNDS):
        fixes = [f.fix for f in findings if f.fix is not None and (unsafe or f.fix.is_safe)]
        if not fixes:
            break
        new_text, count = apply(text, fixes)
        if new_text == text:
            break
        text, applied = new_text, applied + count
        document = parser.parse(document.path, text)
        findings = check(document)
    return Fixed(text, applied, document, findings)


def unified_diff(source: SourceFile, new_text: str) -> str:
    return "".join(
        difflib.unified_diff(
            source.text.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            fromfile=f"a/{source.path}",
            tofile=f"b/{source.path}",
        )
    )


def write(source: SourceFile, new_text: str) -> None:
    """Write ``new_text`` back in the file's own encoding and line endings, atomically."""
    path = source.real_path
    with open(path, "rb") as current:
        if current.read() != source.raw:
            raise FileChanged(f"{source.path} changed since it was read: not written")
    data = source.encode(new_text)
    folder = os.path.dirname(os.path.abspath(path))
    mode = os.stat(path).st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=".awesome-lint-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
