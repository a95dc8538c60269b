"""Finding markdown files and reading them without losing a byte: encoding, BOM, line endings."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from awesome_lint.report import FileProblem

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages", "venv", "env"})
_LINE_END = re.compile(r"\r\n|\r|\n")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024


@dataclass(slots=True)
class SourceFile:
    """A file as read: the text rules see (``\\n`` endings, no BOM) and how to write it back."""

    path: str  # as shown to the user: relative to the working folder when inside it
    real_path: str
    raw: bytes
    text: str
    bom: bool
    newline: str  # the dominant line ending
    line_endings: tuple[str, ...] | None  # per line, only when the file mixes them

    def encode(self, text: str, line_endings: Sequence[str] | None = None) -> bytes:
        """``text`` (``\\n`` endings) as bytes written the way the file was: each line with
        its ending from ``line_endings`` (or the file's own, if as many), else the dominant one.
        """
        lines = text.split("\n")
        endings = line_endings if line_endings is not None else self.line_endings
        if endings is not None and len(endings) == len(lines) - 1:
            body = "".join(line + end for line, end in zip(lines, endings, strict=False))
            body += lines[-1]
        else:
            body = text.replace("\n", self.newline) if self.newline != "\n" else text
        return (b"\xef\xbb\xbf" if self.bom else b"") + body.encode("utf-8")


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when inside it. A symbolic link is shown by its
    own name, not its target's (which may not exist, or loop)."""
    try:
        link = path.is_symlink()
        resolved = path.parent.resolve() / path.name if link else path.resolve()
        relative = resolved.relative_to(Path.cwd().resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symbolic link loop
        return path.as_posix()
    return relative.as_posix()


def _is_virtualenv(folder: str) -> bool:
    return os.path.exists(os.path.join(folder, "pyvenv.cfg"))


def discover(
    paths: Sequence[str], exclude: Iterable[str] = ()
) -> tuple[list[Path], list[FileProblem]]:
    """Markdown files under ``paths``: folders are walked, hidden ones and virtualenvs skipped,
    and what they yield is filtered by ``exclude``; files named in ``paths`` are always kept."""
    patterns = list(exclude)
    found: list[Path] = []
    problems: list[FileProblem] = []
    seen: set[str] = set()

    def excluded(path: Path) -> bool:
        shown = display_path(path)
        return any(fnmatch.fnmatch(shown, p) or fnmatch.fnmatch(path.name, p) for p in patterns)

    def add(path: Path, *, named: bool = False) -> None:
        # As in ruff, `exclude` filters what folders yield; a file named outright is linted.
        key = os.path.realpath(path)
        if key not in seen and (named or not excluded(path)):
            seen.add(key)
            found.append(path)

    for given in paths:
        path = Path(given)
        if path.is_dir():
            walked: list[Path] = []
            for root, folders, files in os.walk(path, onerror=None):
                folders[:] = sorted(
                    f
                    for f in folders
                    if not f.startswith(".")
                    and f not in _SKIPPED_FOLDERS
                    and not _is_virtualenv(os.path.join(root, f))
                    and not excluded(Path(root, f))
                )
                walked.extend(
                    Path(root, name) for name in files if name.lower().endswith(MARKDOWN_SUFFIXES)
                )
            for file in sorted(walked):
                add(file)
        elif path.exists():
            add(path, named=True)
        elif path.is_symlink():
            problems.append(FileProblem(given, _dangling(path)))
        else:
            problems.append(FileProblem(given, "no such file or folder"))
    return found, problems


def _dangling(path: Path) -> str:
    """What is wrong with a symbolic link that leads to no file: a loop, or nothing."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "is a symbolic link loop: not read"
    return "is a broken symbolic link"


def read(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | FileProblem:
    """The file's bytes, decoded; never more than ``max_bytes`` read, and only a regular file
    (a FIFO or a device could block or never end)."""
    shown = display_path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            return FileProblem(shown, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            return FileProblem(shown, "is not a regular file (a pipe, socket or device): not read")
        if info.st_size > max_bytes:
            return _too_large(shown, info.st_size, max_bytes)
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # the file may have grown since stat
        if len(raw) > max_bytes:
            return _too_large(shown, os.stat(path).st_size, max_bytes)
    except IsADirectoryError:
        return FileProblem(shown, "is a folder, not a file")
    except PermissionError:
        return FileProblem(shown, "cannot be read: permission denied")
    except OSError as error:
        if error.errno == errno.ELOOP:
            return FileProblem(shown, "is a symbolic link loop: not read")
        if error.errno == errno.ENOENT and path.is_symlink():
            return FileProblem(shown, "is a broken symbolic link")
        return FileProblem(shown, f"cannot be read: {error.strerror or error}")
    return decode(shown, str(path), raw)


def _too_large(shown: str, size: int, max_bytes: int) -> FileProblem:
    return FileProblem(
        shown,
        f"is {size / _MB:.1f} MB, over the {max_bytes / _MB:g} MB limit (--max-file-size):"
        " not read",
    )


def decode(shown: str, real_path: str, raw: bytes) -> SourceFile | FileProblem:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return FileProblem(shown, "is UTF-16: save it as UTF-8 to lint it")
    bom = raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:] if bom else raw
    head = body[:8192]
    if b"\x00" in head:
        if _looks_utf16(head):
            message = "looks like UTF-16 without a BOM: save it as UTF-8 to lint it"
            return FileProblem(shown, message)
        return FileProblem(shown, "looks binary (it holds NUL bytes): not linted")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (3 if bom else 0)
        byte = body[error.start : error.start + 1].hex()
        return FileProblem(
            shown,
            f"is not valid UTF-8 (byte 0x{byte} at offset {offset}): save it as UTF-8 to lint it",
        )
    endings = _line_endings(decoded)
    counts = Counter(endings)
    newline = counts.most_common(1)[0][0] if counts else "\n"
    mixed = tuple(endings) if len(counts) > 1 else None
    text = decoded.replace("\r\n", "\n").replace("\r", "\n")
    return SourceFile(shown, real_path, raw, text, bom, newline, mixed)


def _looks_utf16(head: bytes) -> bool:
    """ASCII text in UTF-16: a NUL in every other byte, and only there."""
    if len(head) < 4:
        return False
    for nul in (0, 1):
        if not head[nul::2].strip(b"\x00") and b"\x00" not in head[1 - nul :: 2]:
            return True
    return False


def _line_endings(text: str) -> list[str]:
    """Each line's ending, in order. One regex pass: linear in the file's size."""
    if "\r" not in text:
        return ["\n"] * text.count("\n")
    return _LINE_END.findall(text)
