"""Applying fixes: non-overlapping edits, repeated until stable, written atomically.

As ruff does, fixes whose edits overlap are applied one at a time: each round applies every
fix that does not overlap one already taken, re-parses and re-checks, and stops when nothing
changes (or after ``MAX_ROUNDS``). Writing keeps the file's encoding, BOM and line endings,
goes through a temporary file and a rename, and refuses to overwrite a file that changed since
it was read, or one it may not replace (``refusal``: a symbolic link, a read-only file, another
user's file, a file with hard links).
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from awesome_lint import parser
from awesome_lint.document import Document
from awesome_lint.files import SourceFile
from awesome_lint.findings import Edit, Finding, Fix

MAX_ROUNDS = 10


class FileChanged(Exception):
    """The file on disk is not the one that was read: writing would lose someone's change."""


class Refused(Exception):
    """The file may not be written by us: nothing was written."""


def refusal(path: str) -> str | None:
    """Why ``path`` may not be rewritten, or None. Writing replaces the file by a new one
    (atomically), so it must be a regular file of our own, writable by its mode bits, with no
    other name: else the replacement would turn a symbolic link into a file (its target
    keeping the old text), change the file's owner, override a read-only mode, or part a hard
    link from its twins. The mode bits are read, not ``os.access``: root may write anything,
    and a read-only file is still one its owner meant to keep as it is."""
    try:
        info = os.lstat(path)
    except OSError as error:
        return f"cannot be checked: {error.strerror or error}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return (
            f"is a symbolic link (to {target}): not fixed, as rewriting it would replace the"
            " link by a file; run --fix on its target instead"
        )
    euid = getattr(os, "geteuid", None)
    if euid is not None and info.st_uid != euid():
        return (
            f"belongs to another user (uid {info.st_uid}): not fixed, as rewriting it would"
            " make it ours"
        )
    if not info.st_mode & stat.S_IWUSR:
        return f"is read-only (mode {stat.S_IMODE(info.st_mode):04o}): not fixed"
    if info.st_nlink > 1:
        return (
            f"has {info.st_nlink} hard links: not fixed, as rewriting it would part it from"
            " the other names"
        )
    return None


@dataclass(slots=True)
class Fixed:
    text: str
    applied: int  # fixes applied over all rounds
    document: Document
    findings: list[Finding]  # what remains after the last round
    line_endings: list[str] | None = None  # per line, when the file mixes them


def apply(text: str, fixes: Iterable[Fix]) -> tuple[str, int]:
    """Apply every fix that overlaps no fix taken before it; return the text and the count."""
    edits, count = select(fixes)
    return splice(text, edits), count


def select(fixes: Iterable[Fix]) -> tuple[list[Edit], int]:
    """The edits of every fix that overlaps no fix taken before it (fixes in order of their
    first edit), sorted by start, and how many fixes they come from.

    Taken edits never overlap, so they stay sorted by start with their ends in the same order:
    a new edit can only overlap the taken one just before it or the one at its start, found by
    bisection. Linear in the number of edits but for the list insertions (a memmove each).
    """
    starts: list[int] = []
    taken: list[Edit] = []
    count = 0
    for fix in sorted(fixes, key=lambda f: min(e.start for e in f.edits)):
        own = sorted(fix.edits, key=lambda e: (e.start, e.end))
        if any(_clashes(edit, starts, taken) for edit in own):
            continue
        if any(_overlaps(a, b) for a, b in itertools.pairwise(own)):
            continue  # a fix whose own edits overlap cannot be applied exactly
        for edit in own:
            index = bisect.bisect_left(starts, edit.start)
            starts.insert(index, edit.start)
            taken.insert(index, edit)
        count += 1
    return taken, count


def _clashes(edit: Edit, starts: list[int], taken: list[Edit]) -> bool:
    index = bisect.bisect_left(starts, edit.start)
    return any(
        _overlaps(edit, taken[k]) for k in (index - 1, index, index + 1) if 0 <= k < len(taken)
    )


def splice(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with sorted, non-overlapping ``edits`` applied, in one pass."""
    pieces: list[str] = []
    position = 0
    for edit in edits:
        pieces += (text[position : edit.start], edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def carry_endings(text: str, edits: Sequence[Edit], endings: Sequence[str]) -> list[str]:
    """Each line's ending after ``edits`` (sorted, non-overlapping) are applied to ``text``
    whose lines end with ``endings``: a line keeps its own; a line break an edit writes takes
    the ending of one it removed, else that of the line it is written in. One pass."""
    breaks: list[int] = []
    position = text.find("\n") if endings else -1
    while position != -1:
        breaks.append(position)
        position = text.find("\n", position + 1)
    out: list[str] = []
    consumed = 0  # line breaks of ``text`` already accounted for
    for edit in edits:
        first = bisect.bisect_left(breaks, edit.start, consumed)
        last = bisect.bisect_left(breaks, edit.end, first)
        out += endings[consumed:first]
        removed = list(endings[first:last])
        # The line the edit sits in ends with the first break at or after its end.
        own = endings[last] if last < len(endings) else (out[-1] if out else "\n")
        written = edit.replacement.count("\n")
        out += removed[:written] + [own] * max(written - len(removed), 0)
        consumed = last
    out += endings[consumed:]
    return out


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
    line_endings: Sequence[str] | None = None,
) -> Fixed:
    """Apply the fixes round by round; ``line_endings`` (per line, for a file that mixes them)
    are carried through each round's edits, so that a line keeps its own."""
    text, applied = document.text, 0
    endings = list(line_endings) if line_endings is not None else None
    for _ in range(MAX_ROUNDS):
        fixes = [f.fix for f in findings if f.fix is not None and (unsafe or f.fix.is_safe)]
        if not fixes:
            break
        edits, count = select(fixes)
        new_text = splice(text, edits)
        if new_text == text:
            break
        if endings is not None:
            endings = carry_endings(text, edits, endings)
        text, applied = new_text, applied + count
        document = parser.parse(document.path, text)
        findings = check(document)
    return Fixed(text, applied, document, findings, endings)


def unified_diff(
    source: SourceFile, new_text: str, line_endings: Sequence[str] | None = None
) -> str:
    """The fix as a patch ``git apply`` accepts: lines as the file holds them (CRLF kept, BOM
    included), split at LF only, and ``\\ No newline at end of file`` after a last line
    without one."""
    before = _patch_lines(source.raw.decode("utf-8"))
    after = _patch_lines(source.encode(new_text, line_endings).decode("utf-8"))
    out: list[str] = []
    for line in difflib.unified_diff(
        before, after, fromfile=f"a/{source.path}", tofile=f"b/{source.path}"
    ):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _patch_lines(text: str) -> list[str]:
    """``text`` in lines as git counts them: ended by LF only (``splitlines`` would also end
    one at a lone CR, a form feed or U+2028)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def write(source: SourceFile, new_text: str, line_endings: Sequence[str] | None = None) -> None:
    """Write ``new_text`` back in the file's own encoding and line endings (``line_endings``
    per line when given), atomically."""
    path = source.real_path
    refused = refusal(path)
    if refused is not None:
        raise Refused(f"{source.path}: {refused}")
    with open(path, "rb") as current:
        if current.read() != source.raw:
            raise FileChanged(f"{source.path} changed since it was read: not written")
    data = source.encode(new_text, line_endings)
    folder = os.path.dirname(os.path.abspath(path))
    info = os.stat(path)
    handle, temporary = tempfile.mkstemp(prefix=".awesome-lint-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if os.stat(temporary).st_gid != info.st_gid:
            try:  # the file's group, not ours: allowed when we belong to it
                os.chown(temporary, -1, info.st_gid)
            except OSError:
                raise Refused(
                    f"{source.path}: belongs to group {info.st_gid}, which we cannot give the"
                    " rewritten file: not fixed"
                ) from None
        os.chmod(temporary, info.st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
