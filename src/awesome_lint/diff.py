"""Diff mode: which lines a change touched, and which findings to show for it.

A pull request should be judged by what it changes, not by the debt of the whole list
(lychee-action#17, #238). As reviewdog does, the whole file is still linted (a duplicate of an
entry far above the change is still a duplicate), and only then are findings filtered:

* ``added``: the finding's first line was added or modified by the change (the default);
* ``diff_context``: it lies within a changed hunk, give or take ``context_lines`` lines;
* ``file``: it lies in a file the change touches;
* ``nofilter``: every finding is kept.

The change is ``git diff <merge-base>`` against the working tree, where the merge base is that
of ``base`` and ``HEAD``: commits on the base branch since the fork are not the change's, while
uncommitted edits are (as pre-commit sees them). Files git does not track yet, but does not
ignore either, count as new files.

In a GitHub pull-request event the base comes from the event payload (``base_from_github_env``);
the default shallow checkout lacks it, hence the ``fetch-depth: 0`` hint in errors.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal

from awesome_lint.findings import Finding, Related

__all__ = [
    "FILTER_MODES",
    "ChangedFile",
    "DiffError",
    "EntryLines",
    "FilterMode",
    "Hunk",
    "PullRequestRef",
    "TouchedLines",
    "base_from_github_env",
    "filter_findings",
    "merge_base_diff",
    "parse_hunk_header",
    "parse_patch",
    "parse_unified_diff",
    "pull_request_from_github_env",
]

FilterMode = Literal["added", "diff_context", "file", "nofilter"]
FILTER_MODES: Final[tuple[FilterMode, ...]] = ("added", "diff_context", "file", "nofilter")

#: What to tell a user whose CI checkout lacks the base commit.
FETCH_HINT: Final = "in GitHub Actions, check out with `fetch-depth: 0`"
_PULL_REQUEST_EVENTS: Final = frozenset({"pull_request", "pull_request_target"})
_HUNK: Final = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_TIMEOUT: Final = 120.0  # seconds for one git command: a diff of a huge repository, not a hang


class DiffError(Exception):
    """Diff mode cannot work here; ``str(error)`` is one line to show the user."""


@dataclass(frozen=True, slots=True)
class Hunk:
    """One hunk of a unified diff: ``@@ -old_start,old_count +new_start,new_count @@``.

    With ``new_count == 0`` (lines deleted, none added) the hunk sits just after line
    ``new_start`` of the new file.
    """

    old_start: int
    old_count: int
    new_start: int
    new_count: int

    @property
    def new_lines(self) -> range:
        """The lines of the new file this hunk shows (added ones, plus context if it has any)."""
        return range(self.new_start, self.new_start + self.new_count)

    def near(self, line: int, context: int) -> bool:
        """Whether ``line`` of the new file is within ``context`` lines of this hunk."""
        if self.new_count == 0:  # a deletion: between new_start and new_start + 1
            return self.new_start - context < line <= self.new_start + context
        return self.new_start - context <= line < self.new_start + self.new_count + context


@dataclass(slots=True)
class ChangedFile:
    """A file the change touches, as it is in the working tree."""

    path: str  # relative to the working folder, POSIX: the form findings carry
    repo_path: str  # relative to the repository's root: the form GitHub uses
    old_path: str | None = None  # repository path before a rename or copy
    new_file: bool = False  # added by the change (or untracked): every line counts as added
    hunks: tuple[Hunk, ...] = ()
    added: frozenset[int] = field(default_factory=frozenset)  # lines added or modified

    def is_added(self, line: int) -> bool:
        """Whether ``line`` (1-based, new file) was added or modified by the change."""
        return self.new_file or line in self.added

    def in_context(self, line: int, context: int) -> bool:
        """Whether ``line`` is in a changed hunk, give or take ``context`` lines."""
        return self.new_file or any(hunk.near(line, context) for hunk in self.hunks)


# --------------------------------------------------------------------------------- parsing
def parse_hunk_header(line: str) -> Hunk | None:
    """``@@ -3,0 +4,2 @@ ...`` as a ``Hunk``; an omitted count means 1. None if not a header."""
    match = _HUNK.match(line)
    if match is None:
        return None
    old_start, old_count, new_start, new_count = match.groups()
    return Hunk(
        int(old_start),
        1 if old_count is None else int(old_count),
        int(new_start),
        1 if new_count is None else int(new_count),
    )


class TouchedLines(Collection[int]):
    """The lines of one changed file that online lookups are limited to, per filter mode."""

    def __init__(self, changed: ChangedFile, mode: FilterMode) -> None:
        self.changed, self.mode = changed, mode

    def __contains__(self, line: object) -> bool:
        if not isinstance(line, int):
            return False
        if self.mode == "file":
            return True
        if self.mode == "diff_context":
            return self.changed.in_context(line, 3)
        return self.changed.is_added(line)

    def __len__(self) -> int:
        return 1  # never empty: a changed file always has a line to look up

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self.changed.added))


def _read_hunk(lines: list[str], index: int, hunk: Hunk, added: set[int]) -> int:
    """Consume the lines of ``hunk`` from ``lines[index]`` on; returns the index after them.

    Exactly as many lines as the header announces are read, so a content line that looks like
    a header (``+@@ ...``, ``+++ b/x``, ``+diff --git``) cannot derail the parse.
    """
    old_left, new_left, new_line = hunk.old_count, hunk.new_count, hunk.new_start
    while (old_left > 0 or new_left > 0) and index < len(lines):
        text = lines[index]
        index += 1
        marker = text[:1]
        if marker == "+":
            added.add(new_line)
            new_line, new_left = new_line + 1, new_left - 1
        elif marker == "-":
            old_left -= 1
        elif marker == " " or text == "":  # context ("" when a tool trimmed the space)
            new_line, new_left, old_left = new_line + 1, new_left - 1, old_left - 1
        # "\ No newline at end of file" counts for neither side
    return index


def parse_patch(patch: str) -> tuple[list[Hunk], frozenset[int]]:
    """The hunks of one file's patch (GitHub's ``patch`` field) and the lines it adds."""
    hunks: list[Hunk] = []
    added: set[int] = set()
    lines = patch.split("\n")  # not splitlines(): content may hold \r, \f, \u2028
    index = 0
    while index < len(lines):
        hunk = parse_hunk_header(lines[index])
        index += 1
        if hunk is not None:
            hunks.append(hunk)
            index = _read_hunk(lines, index, hunk, added)
    return hunks, frozenset(added)


_ESCAPES: Final = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def _unquote(text: str) -> tuple[str, str]:
    """Read one path off the start of ``text``; returns it and the rest of ``text``.

    Git writes a path with special characters as a C string (``"a/caf\\303\\251 \\"q\\".md"``)
    whose octal escapes are UTF-8 bytes. An unquoted path runs to the end (or a tab).
    """
    if not text.startswith('"'):
        path, _, rest = text.partition("\t")
        return path, rest
    out = bytearray()
    index = 1
    while index < len(text):
        char = text[index]
        if char == '"':
            return out.decode("utf-8", "surrogateescape"), text[index + 1 :]
        if char == "\\" and index + 1 < len(text):
            follower = text[index + 1]
            octal = text[index + 1 : index + 4]
            if len(octal) == 3 and all(c in "01234567" for c in octal):
                out.append(int(octal, 8) & 0xFF)
                index += 4
                continue
            if follower in _ESCAPES:
                out.append(_ESCAPES[follower])
                index += 2
                continue
        out += char.encode("utf-8", "surrogateescape")
        index += 1
    return out.decode("utf-8", "surrogateescape"), ""  # unterminated: take what there is


def _strip_prefix(path: str, prefix: str) -> str | None:
    if path == "/dev/null":
        return None
    return path[len(prefix) :] if path.startswith(prefix) else path


def _header_paths(rest: str) -> tuple[str | None, str | None]:
    """The two paths of ``diff --git a/X b/Y`` (without prefixes), when they can be told apart.

    Only a fallback: ``---``/``+++`` and ``rename`` lines name the paths unambiguously, but a
    change of mode alone has none of them.
    """
    if rest.startswith('"'):
        first, tail = _unquote(rest)
        second, _ = _unquote(tail.lstrip(" "))
        return _strip_prefix(first, "a/"), _strip_prefix(second, "b/")
    if ' "b/' in rest:
        first, _, tail = rest.partition(' "')
        return _strip_prefix(first, "a/"), _strip_prefix(_unquote('"' + tail)[0], "b/")
    # Unquoted paths may hold spaces: only "a/P b/P" (one path) can be split for sure.
    half = (len(rest) - 1) // 2
    if (
        len(rest) % 2 == 1
        and rest.startswith("a/")
        and rest[half : half + 3] == " b/"
        and rest[2:half] == rest[half + 3 :]
    ):
        return rest[2:half], rest[half + 3 :]
    return None, None


@dataclass(slots=True)
class _Record:
    old: str | None = None
    new: str | None = None
    new_file: bool = False
    deleted: bool = False
    renamed_from: str | None = None
    hunks: list[Hunk] = field(default_factory=list)
    added: set[int] = field(default_factory=set)


def parse_unified_diff(text: str) -> dict[str, ChangedFile]:
    """Parse ``git diff`` output; keys (and ``path``) are repository paths of the new side.

    Deleted files are left out: nothing in them can have a finding. Renames and copies keep
    their old path in ``old_path``; a file added by the change has ``new_file`` set.
    """
    records: list[_Record] = []
    current: _Record | None = None
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith("diff --git "):
            current = _Record()
            current.old, current.new = _header_paths(line[len("diff --git ") :])
            records.append(current)
            continue
        if current is None:
            continue
        if line.startswith("@@"):
            hunk = parse_hunk_header(line)
            if hunk is None:
                continue
            current.hunks.append(hunk)
            index = _read_hunk(lines, index, hunk, current.added)
            continue
        if line.startswith("new file mode"):
            current.new_file = True
        elif line.startswith("deleted file mode"):
            current.deleted = True
        elif line.startswith(("rename from ", "copy from ")):
            current.renamed_from = _unquote(line.split(" ", 2)[2])[0]
        elif line.startswith(("rename to ", "copy to ")):
            current.new = _unquote(line.split(" ", 2)[2])[0]
        elif line.startswith("--- "):
            current.old = _strip_prefix(_unquote(line[4:])[0], "a/")
        elif line.startswith("+++ "):
            new = _strip_prefix(_unquote(line[4:])[0], "b/")
            current.deleted = current.deleted or new is None
            current.new = new if new is not None else current.new

    changed: dict[str, ChangedFile] = {}
    for record in records:
        if record.deleted or record.new is None:
            continue
        old_path = record.renamed_from
        if old_path is None and record.old is not None and record.old != record.new:
            old_path = record.old
        changed[record.new] = ChangedFile(
            path=record.new,
            repo_path=record.new,
            old_path=old_path,
            new_file=record.new_file,
            hunks=tuple(record.hunks),
            added=frozenset(record.added),
        )
    return changed


# -------------------------------------------------------------------------------- git calls
def _git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    # -c settings neutralize user configuration that would change the output's shape.
    command = [
        "git",
        "-c",
        "core.quotePath=false",
        "-c",
        "diff.noprefix=false",
        "-c",
        "diff.mnemonicPrefix=false",
        "-c",
        "diff.relative=false",
        *args,
    ]
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, timeout=_TIMEOUT, env=environment, check=False
        )
    except FileNotFoundError:
        raise DiffError("git is not installed (or not on PATH): diff mode needs it") from None
    except subprocess.TimeoutExpired:
        raise DiffError(f"`git {args[0]}` took over {_TIMEOUT:.0f} s: gave up") from None
    except OSError as error:
        raise DiffError(f"cannot run git: {error.strerror or error}") from None
    if check and done.returncode != 0:
        message = _first_line(done.stderr) or f"exit status {done.returncode}"
        raise DiffError(f"`git {args[0]}` failed: {message}")
    return done


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace").strip()
    return text.splitlines()[0].strip() if text else ""


def _output(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "surrogateescape").strip()


def _is_shallow(root: Path) -> bool:
    done = _git(["rev-parse", "--is-shallow-repository"], root, check=False)
    return _output(done) == "true"


def merge_base_diff(base: str, cwd: str | Path | None = None) -> dict[str, ChangedFile]:
    """The files and lines the change adds or modifies, against the merge base with ``base``.

    ``base`` is a ref or a sha. Keys are paths relative to ``cwd`` (default: the current
    folder), POSIX, as ``awesome_lint.files.display_path`` writes them when the linter runs
    in ``cwd``. Raises ``DiffError`` (a one-line message) when git is missing, ``cwd`` is not
    in a repository, or ``base`` is unknown or shares no history with ``HEAD``.
    """
    folder = Path(cwd if cwd is not None else os.getcwd()).resolve()
    if not base or base.startswith("-"):  # never let a "ref" turn into a git option
        raise DiffError(f"invalid diff base {base!r}: give a branch, tag or commit")
    done = _git(["rev-parse", "--show-toplevel"], folder, check=False)
    if done.returncode != 0:
        raise DiffError(f"{folder} is not in a git repository: diff mode needs one")
    root = Path(_output(done)).resolve()

    if _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], root, check=False).returncode:
        raise DiffError("the repository has no commit yet: nothing to diff against")
    verified = _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], root, check=False)
    if verified.returncode != 0:
        shallow = " (this clone is shallow)" if _is_shallow(root) else ""
        raise DiffError(
            f"unknown diff base {base!r}{shallow}: fetch it first, e.g. `git fetch origin`;"
            f" {FETCH_HINT}"
        )
    base_sha = _output(verified)
    merged = _git(["merge-base", base_sha, "HEAD"], root, check=False)
    if merged.returncode != 0 or not _output(merged):
        if _is_shallow(root):
            raise DiffError(
                f"no merge base of {base!r} and HEAD: this clone is shallow; {FETCH_HINT}"
            )
        raise DiffError(f"{base!r} and HEAD share no history: no merge base to diff against")
    merge_base = _output(merged)

    diff = _git(
        [
            "diff",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "-U0",
            "-M",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            merge_base,
            "--",
        ],
        root,
    )
    changed = parse_unified_diff(diff.stdout.decode("utf-8", "surrogateescape"))
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z"], root)
    for name in untracked.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if name and name not in changed:
            changed[name] = ChangedFile(path=name, repo_path=name, new_file=True)

    out: dict[str, ChangedFile] = {}
    for repo_path, item in changed.items():
        relative = Path(os.path.relpath(root / repo_path, folder)).as_posix()
        out[relative] = replace(item, path=relative)
    return out


# -------------------------------------------------------------------------------- filtering
def _lookup(changed: Mapping[str, ChangedFile], path: str) -> ChangedFile | None:
    found = changed.get(path)
    if found is not None:
        return found
    normalized = posixpath.normpath(path.replace(os.sep, "/"))
    found = changed.get(normalized)
    if found is None and os.path.isabs(path):  # a file given by its absolute path
        try:
            relative = Path(os.path.relpath(path, os.getcwd())).as_posix()
        except ValueError:  # another drive (Windows)
            return None
        found = changed.get(relative)
    return found


EntryLines = Mapping[str, Sequence[range]]
"""Per path, the lines of each entry: tells a finding that relates two entries from one that
points within its own."""


def filter_findings(
    findings: Iterable[Finding],
    changed: Mapping[str, ChangedFile],
    mode: FilterMode | str,
    context_lines: int = 3,
    entries: EntryLines | None = None,
) -> tuple[list[Finding], int]:
    """Keep the findings ``mode`` asks for; returns them and how many were hidden.

    A finding counts by its span's first line. Every kept finding gets ``on_changed_line``
    (True when that line was added or modified). A finding in a file the change does not
    touch is hidden in every mode but ``nofilter``.

    A finding that relates two entries (a duplicate, a shared id or repository) counts for the
    change when either entry was changed: a copy added above its original is reported although
    the rule placed the finding on the original (the later one). It is then moved onto the
    changed entry's related place and names the line it came from (see ``_moved``).
    """
    if mode not in FILTER_MODES:
        raise ValueError(f"unknown filter mode {mode!r} (use {', '.join(FILTER_MODES)})")
    kept: list[Finding] = []
    hidden = 0
    for finding in findings:
        item = _lookup(changed, finding.path)
        line = finding.span.line
        on_changed = item is not None and item.is_added(line)
        if mode == "nofilter":
            keep = True
        elif item is None:
            keep = False
        elif mode == "file":
            keep = True
        elif mode == "diff_context":
            keep = item.in_context(line, context_lines)
        else:
            keep = on_changed
        if keep:
            kept.append(replace(finding, on_changed_line=on_changed))
            continue
        moved = None
        if item is not None and entries is not None:
            moved = _moved(finding, item, entries.get(finding.path, ()))
        if moved is not None:
            kept.append(moved)
        else:
            hidden += 1
    kept.sort(key=lambda f: f.sort_key)
    return kept, hidden


def _moved(finding: Finding, item: ChangedFile, entries: Sequence[range]) -> Finding | None:
    """``finding`` placed on its first related place that lies in another entry, on a changed
    line; None when there is none. The moved finding names where the rule put it, keeps the
    other related places, and carries no fix: its edits are for the other entry's lines."""
    for index, related in enumerate(finding.related):
        line = related.span.line
        if not item.is_added(line) or line in _entry_of(finding.span.line, entries):
            continue
        others = finding.related[:index] + finding.related[index + 1 :]
        return replace(
            finding,
            span=related.span,
            message=f"line {finding.span.line}: {finding.message}",
            related=(Related(finding.span, "where the rule reports it"), *others),
            fix=None,
            on_changed_line=True,
        )
    return None


def _entry_of(line: int, entries: Sequence[range]) -> range:
    """The lines of the innermost entry holding ``line`` (a nested entry lies within its
    parent's lines); outside every entry, the line alone."""
    holding = [lines for lines in entries if line in lines]
    return min(holding, key=len) if holding else range(line, line + 1)


# ----------------------------------------------------------------------- GitHub environment
@dataclass(frozen=True, slots=True)
class PullRequestRef:
    """The pull request a GitHub Actions run is about."""

    repository: str  # "owner/name" of the base repository: where the review goes
    number: int
    head_sha: str | None = None  # the commit the run checked out (the PR's head)
    base_sha: str | None = None
    head_repository: str | None = None  # "owner/name" the head branch lives in

    @property
    def is_fork(self) -> bool:
        """From a fork: the run's token is read-only, so a review will be refused."""
        return (
            self.head_repository is not None
            and self.head_repository.lower() != self.repository.lower()
        )


def _event(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The pull-request event payload, when this is a pull-request run and it can be read."""
    if environ.get("GITHUB_EVENT_NAME") not in _PULL_REQUEST_EVENTS:
        return None
    path = environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def base_from_github_env(environ: Mapping[str, str]) -> str | None:
    """The diff base of a GitHub Actions pull-request run, or None outside one.

    The event's ``pull_request.base.sha``; failing that ``origin/$GITHUB_BASE_REF`` (set only
    in pull-request runs).
    """
    sha = _get(_event(environ), "pull_request", "base", "sha")
    if isinstance(sha, str) and sha:
        return sha
    base_ref = environ.get("GITHUB_BASE_REF", "").strip()
    return f"origin/{base_ref}" if base_ref else None


def pull_request_from_github_env(environ: Mapping[str, str]) -> PullRequestRef | None:
    """The pull request of a GitHub Actions pull-request run (from the event), or None."""
    event = _event(environ)
    if event is None:
        return None
    pull = event.get("pull_request")
    number = _get(pull, "number")
    if not isinstance(number, int) or isinstance(number, bool):
        number = event.get("number")
    if not isinstance(number, int) or isinstance(number, bool):
        return None
    repository = (
        environ.get("GITHUB_REPOSITORY", "").strip()
        or _get(event, "repository", "full_name")
        or _get(pull, "base", "repo", "full_name")
    )
    if not isinstance(repository, str) or "/" not in repository:
        return None

    def text(*keys: str) -> str | None:
        value = _get(pull, *keys)
        return value if isinstance(value, str) and value else None

    return PullRequestRef(
        repository=repository,
        number=number,
        head_sha=text("head", "sha"),
        base_sha=text("base", "sha"),
        head_repository=text("head", "repo", "full_name"),
    )
