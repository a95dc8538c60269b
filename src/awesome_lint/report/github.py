"""GitHub Actions: workflow-command annotations, the step summary, and step outputs.

Annotations are written in ruff's shape (one line; wrapped here)::

    ::error title=awesome-lint (RULE),file=PATH,line=L,col=C,endLine=EL,endColumn=EC::
    PATH:L:C: RULE message

The runner shows at most 10 errors, 10 warnings and 10 notices of one step and silently drops
the rest, so this reporter chooses which ones: findings on changed lines first, errors before
warnings before notices; a last notice says how many were left out. The step summary has them all.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

from awesome_lint.findings import Finding, Severity
from awesome_lint.report import FileProblem, RunResult, plural

if TYPE_CHECKING:
    from awesome_lint.rules.base import RuleMeta

#: Annotations of each kind that the runner displays per step (actions/toolkit#734).
ANNOTATIONS_PER_KIND = 10
#: GitHub rejects a step summary over 1 MiB ("supports content up to a size of 1024k").
STEP_SUMMARY_LIMIT = 1024 * 1024

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

_TRUNCATION_NOTE = (
    "_{count} more {problems} not shown: GitHub keeps at most 1 MiB of a step summary."
    " Run `awesome-lint --format json` to list them all._"
)


def escape_data(text: str) -> str:
    """Escape a command's message as actions/toolkit ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value as actions/toolkit ``escapeProperty`` does."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Sequence[tuple[str, object]], message: str) -> str:
    """``::name key=value,...::message``, escaped so neither part can end the command early.

    A raw newline in a title or message would start a new line the runner reads as a command of
    its own (``::set-output``, ``::add-mask``); ``%0A`` stays inside this one.
    """
    props = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties if value != ""
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def neutralize(line: str) -> str:
    """One line of output that is not a command of ours, made unable to act as one.

    The runner reads a line as a command when it starts with ``::`` after leading spaces, and
    (the old syntax) when it holds ``##[``; a CR ends a line for it as LF does.
    """
    # A CR just before the LF is half of a CRLF (a --diff of a CRLF file): one break, kept.
    ending = "\r" if line.endswith("\r") else ""
    line = line[: len(line) - len(ending)].replace("\r", "%0D")
    stripped = line.lstrip()
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + "%3A%3A" + stripped[2:]
    return line.replace("##[", "##%5B") + ending


class CommandGuard:
    """A text stream in front of stdout or stderr under ``--format github``: every line that
    passes is neutralized (``neutralize``), unless it is written inside ``trusted()`` (the
    annotations ``command`` built, whose values are escaped already). Whatever a file name, a
    title or a server's answer holds, it cannot stop commands, mask values or set outputs."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._pending = ""
        self._trusted = False

    def write(self, text: str) -> int:
        if self._trusted:
            return self.stream.write(text)
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self.stream.write(neutralize(line) + "\n")
        return len(text)

    @contextlib.contextmanager
    def trusted(self) -> Iterator[None]:
        self.flush()
        self._trusted = True
        try:
            yield
        finally:
            self._trusted = False

    def flush(self) -> None:
        if self._pending:
            self.stream.write(neutralize(self._pending))
            self._pending = ""
        self.stream.flush()

    def __getattr__(self, name: str) -> object:  # isatty, fileno, encoding...: the stream's
        return getattr(self.stream, name)


@contextlib.contextmanager
def guarded_streams(active: bool) -> Iterator[None]:
    """``sys.stdout`` and ``sys.stderr`` behind a ``CommandGuard`` each, while ``active``."""
    if not active:
        yield
        return
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CommandGuard(stdout), CommandGuard(stderr)
    try:
        yield
    finally:
        for guard in (sys.stdout, sys.stderr):
            if isinstance(guard, CommandGuard):
                with contextlib.suppress(OSError, ValueError):
                    guard.flush()
        sys.stdout, sys.stderr = stdout, stderr


def trusted_write(text: str) -> None:
    """Write annotations (built by ``command``) to stdout as they are."""
    stream = sys.stdout
    if isinstance(stream, CommandGuard):
        with stream.trusted():
            stream.write(text)
    else:
        stream.write(text)


@dataclass(frozen=True, slots=True)
class _Annotation:
    kind: str  # "error", "warning" or "notice"
    line: str


def _finding_annotation(finding: Finding) -> _Annotation:
    span = finding.span
    line = max(span.line, 1)  # a line-0 annotation is not shown in "Files changed"
    props: list[tuple[str, object]] = [
        ("title", f"awesome-lint ({finding.rule})"),
        ("file", finding.path),
        ("line", line),
    ]
    # The runner rejects col/endColumn on a multi-line span and endColumn before col (ruff#22074).
    single_line = span.end_line == line and span.end_column >= span.column >= 1
    if single_line:
        props.append(("col", span.column))
    if span.end_line >= line:
        props.append(("endLine", span.end_line))
    if single_line:
        props.append(("endColumn", span.end_column))

    text = f"{finding.path}:{line}:{max(span.column, 1)}: {finding.rule} {finding.message}"
    for related in finding.related:
        text += f"\n  {finding.path}:{related.span.line}:{related.span.column}: note: "
        text += related.message
    if finding.fix is not None:
        unsafe = "" if finding.fix.is_safe else " (unsafe fix: `--unsafe-fixes`)"
        text += f"\n  help: {finding.fix.message}{unsafe}"
    kind = _COMMAND[finding.severity]
    return _Annotation(kind, command(kind, props, text))


def _problem_annotation(problem: FileProblem) -> _Annotation:
    props = [("title", "awesome-lint"), ("file", problem.path)]
    return _Annotation("error", command("error", props, f"{problem.path}: {problem.message}"))


def render(result: RunResult, rules: Sequence[RuleMeta], **_other: object) -> str:
    """At most 10 annotations of each kind, the most useful ones, then a notice for the rest."""
    # Files that could not be read come first: every finding in them is missing.
    candidates = [_problem_annotation(p) for p in result.file_problems]
    ordered = sorted(
        result.findings, key=lambda f: (not f.on_changed_line, -f.severity, f.sort_key)
    )
    candidates += [_finding_annotation(f) for f in ordered]

    totals = {kind: 0 for kind in _COMMAND.values()}
    for annotation in candidates:
        totals[annotation.kind] += 1
    limits = dict.fromkeys(totals, ANNOTATIONS_PER_KIND)
    if any(totals[kind] > limits[kind] for kind in totals):
        # The closing notice is a notice too: keep a slot for it, or the runner drops it.
        limits["notice"] -= 1
    shown = {kind: 0 for kind in totals}
    lines: list[str] = []
    for annotation in candidates:
        if shown[annotation.kind] < limits[annotation.kind]:
            shown[annotation.kind] += 1
            lines.append(annotation.line)

    hidden = {kind: totals[kind] - shown[kind] for kind in totals}
    if any(hidden.values()):
        parts = [plural(n, kind) for kind, n in hidden.items() if n]
        message = (
            f"{sum(hidden.values())} more not shown as annotations ({', '.join(parts)}):"
            f" GitHub shows at most {ANNOTATIONS_PER_KIND} errors, {ANNOTATIONS_PER_KIND}"
            f" warnings and {ANNOTATIONS_PER_KIND} notices per step."
            " The job summary lists them all."
        )
        lines.append(command("notice", [("title", "awesome-lint")], message))
    return "".join(line + "\n" for line in lines)


def _separator(path: str | os.PathLike[str]) -> tuple[int, str]:
    """Size of the file and what to write before appending, so as not to join its last line."""
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return 0, ""
    if size == 0:
        return 0, ""
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
    return size, "" if last == b"\n" else "\n"


def write_step_summary(
    path: str | os.PathLike[str],
    result: RunResult,
    rules: Sequence[RuleMeta],
    *,
    limit: int = STEP_SUMMARY_LIMIT,
) -> int:
    """Append the Markdown report to ``$GITHUB_STEP_SUMMARY``; returns the bytes written.

    The limit is for the whole file, so what is already there (an earlier command of the same
    step) counts; table rows are dropped to stay strictly under it.
    """
    # Imported here: annotations alone (the common case) need no Markdown.
    from awesome_lint.report import markdown

    size, separator = _separator(path)
    if size:
        separator += "\n"  # a blank line, so our heading starts a block of its own
    budget = limit - size - len(separator) - 1
    if budget <= 0:
        return 0
    text = separator + markdown.render(
        result, rules, max_bytes=budget, truncation_note=_TRUNCATION_NOTE
    )
    data = text.encode("utf-8")
    with open(path, "ab") as handle:
        handle.write(data)
    return len(data)


def write_outputs(path: str | os.PathLike[str], result: RunResult) -> None:
    """Append ``problems``, ``errors``, ``warnings`` and ``info`` counts to ``$GITHUB_OUTPUT``."""
    _, separator = _separator(path)
    lines = [
        f"problems={len(result.findings)}",
        f"errors={result.count(Severity.ERROR)}",
        f"warnings={result.count(Severity.WARNING)}",
        f"info={result.count(Severity.INFO)}",
    ]
    with open(path, "a", encoding="utf-8", newline="\n") as handle:
        handle.write(separator + "".join(line + "\n" for line in lines))
