"""Plain text in ruff's concise shape: one line per finding, then a summary.

    README.md:12:3: error arxiv-version [*] Links to v1; the latest version is v3
      README.md:4:3: note: first listed here
    Found 1 problem (1 error, 0 warnings, 0 info) in 1 file.
    [*] 1 fixable with `--fix`.

Colour is written as ANSI codes by hand, and only when asked: importing rich costs more start-up
time than this whole run takes on a small list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awesome_lint.findings import Finding, Severity
from awesome_lint.report import RunResult, outcome_sentences, source_lines

if TYPE_CHECKING:
    from awesome_lint.rules.base import RuleMeta

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_RED = "\x1b[31m"
_YELLOW = "\x1b[33m"
_BLUE = "\x1b[34m"
_CYAN = "\x1b[36m"

_SEVERITY_STYLE = {
    Severity.ERROR: _BOLD + _RED,
    Severity.WARNING: _BOLD + _YELLOW,
    Severity.INFO: _BOLD + _BLUE,
}

# C0 and C1 control characters but tab. A title in a list could carry an escape sequence or a
# newline; shown raw it would rewrite the terminal or split one finding over two lines.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _visible(text: str) -> str:
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


@dataclass(frozen=True, slots=True)
class _Style:
    color: bool

    def __call__(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.color and text else text


def _fix_applies(finding: Finding, unsafe_fixes: bool) -> bool:
    return finding.fix is not None and (finding.fix.is_safe or unsafe_fixes)


def render(
    result: RunResult,
    rules: Sequence[RuleMeta],
    *,
    color: bool = False,
    unsafe_fixes: bool = False,
    show_sources: bool = True,
    quiet: bool = False,
    **_other: object,
) -> str:
    """The findings, one per line, then the summary lines (see ``summary``).

    ``unsafe_fixes``: the run was started with ``--unsafe-fixes``, so unsafe fixes count as
    applicable (marked ``[*]``), as in ruff. ``quiet``: the findings only, no summary (``-q``).
    """
    style = _Style(color)
    lines: list[str] = []
    for problem in result.file_problems:
        error = style("error", _SEVERITY_STYLE[Severity.ERROR])
        lines.append(
            f"{style(_visible(problem.path), _BOLD)}: {error}: {_visible(problem.message)}"
        )
    for finding in result.findings:
        span = finding.span
        marker = style("[*]", _CYAN) + " " if _fix_applies(finding, unsafe_fixes) else ""
        lines.append(
            f"{style(_visible(finding.path), _BOLD)}:{span.line}:{span.column}: "
            f"{style(str(finding.severity), _SEVERITY_STYLE[finding.severity])} "
            f"{style(finding.rule, _BOLD)} {marker}{_visible(finding.message)}"
        )
        for related in finding.related:
            lines.append(
                f"  {_visible(finding.path)}:{related.span.line}:{related.span.column}: "
                f"{style('note', _DIM)}: {_visible(related.message)}"
            )
    if not quiet:
        lines.extend(
            summary(result, color=color, unsafe_fixes=unsafe_fixes, show_sources=show_sources)
        )
    return "".join(line + "\n" for line in lines)


def summary(
    result: RunResult,
    *,
    color: bool = False,
    unsafe_fixes: bool = False,
    show_sources: bool = True,
) -> list[str]:
    """The end-of-run lines: counts, what ``--fix`` would do, files not checked, sources."""
    style = _Style(color)
    lines: list[str] = outcome_sentences(result)

    # ruff's wording: what --fix would apply now, and what --unsafe-fixes would add.
    applicable = sum(1 for f in result.findings if _fix_applies(f, unsafe_fixes))
    hidden = 0 if unsafe_fixes else result.unsafe_fixable
    marker = style("[*]", _CYAN)
    if applicable and hidden:
        lines.append(
            f"{marker} {applicable} fixable with `--fix` ({hidden} more with `--unsafe-fixes`)."
        )
    elif applicable:
        lines.append(f"{marker} {applicable} fixable with `--fix`.")
    elif hidden:
        lines.append(f"No fixes available ({hidden} fixable with `--unsafe-fixes`).")

    if show_sources:
        lines.extend(_visible(line) for line in source_lines(result.sources))
    return lines


@dataclass(slots=True)
class _Statistic:
    rule: str
    count: int = 0
    fixable_count: int = 0


def render_statistics(
    result: RunResult,
    rules: Sequence[RuleMeta],
    fmt: str = "text",
    *,
    color: bool = False,
    unsafe_fixes: bool = False,
) -> str:
    """Counts per rule, most frequent first, in ruff's ``--statistics`` shape.

    Text: ``count<TAB>rule<TAB>[*] summary`` (``[ ] `` for rules without a fix when any rule has
    one), then the summary lines. JSON: a list of ``{rule, count, fixable, fixable_count}``.
    """
    if fmt not in ("text", "json"):
        raise ValueError(f"unknown statistics format {fmt!r} (use text or json)")
    stats: dict[str, _Statistic] = {}
    for finding in result.findings:
        stat = stats.setdefault(finding.rule, _Statistic(finding.rule))
        stat.count += 1
        stat.fixable_count += _fix_applies(finding, unsafe_fixes)
    ordered = sorted(stats.values(), key=lambda s: (-s.count, s.rule))

    if fmt == "json":
        import json  # only here: a text report does not pay for it

        data = [
            {
                "rule": s.rule,
                "count": s.count,
                "fixable": s.fixable_count > 0,
                "fixable_count": s.fixable_count,
            }
            for s in ordered
        ]
        return json.dumps(data, indent=2) + "\n"

    style = _Style(color)
    summaries = {rule.name: rule.summary for rule in rules}
    lines: list[str] = []
    if ordered:
        count_width = max(len(str(s.count)) for s in ordered)
        rule_width = max(len(s.rule) for s in ordered)
        any_fixable = any(s.fixable_count for s in ordered)
        for s in ordered:
            mark = ""
            if any_fixable:
                mark = style("[*]", _CYAN) + " " if s.fixable_count else "[ ] "
            # Pad before styling: ANSI codes would count towards the width otherwise.
            count = style(f"{s.count:>{count_width}}", _BOLD)
            rule = style(s.rule, _BOLD) + " " * (rule_width - len(s.rule))
            lines.append(f"{count}\t{rule}\t{mark}{_visible(summaries.get(s.rule, ''))}".rstrip())
    lines.extend(summary(result, color=color, unsafe_fixes=unsafe_fixes, show_sources=False))
    return "\n".join(lines) + "\n"
