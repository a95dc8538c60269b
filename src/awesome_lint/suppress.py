"""Inline suppression comments, in markdownlint's grammar.

``<!-- awesome-lint-disable-next-line RULE [RULE...] -->`` silences the next non-blank line, or
the whole entry that starts there. ``<!-- awesome-lint-disable-line RULE -->`` silences its own
line. ``<!-- awesome-lint-disable RULE -->`` ... ``<!-- awesome-lint-enable RULE -->`` silences
a range, and ``<!-- awesome-lint-disable-file [RULE] -->`` the file. Without rule names a comment
silences every rule. Comments inside code blocks are text, not directives. A rule ignored by the
configuration stays ignored whatever an inline ``enable`` says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from awesome_lint.document import Document
from awesome_lint.findings import Finding

_COMMENT = re.compile(
    r"<!--\s*awesome-lint-(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?P<rules>(?:[\s,]+[A-Za-z][\w-]*)*)\s*-->"
)
ALL = "*"


@dataclass(slots=True)
class Directive:
    kind: str
    rules: frozenset[str]  # {ALL} when none named
    line: int


@dataclass(slots=True)
class Suppressions:
    """Which (rule, line) pairs are silenced in one document."""

    file_rules: set[str] = field(default_factory=set)
    lines: dict[int, set[str]] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)

    def silences(self, finding: Finding) -> bool:
        if ALL in self.file_rules or finding.rule in self.file_rules:
            return True
        rules = self.lines.get(finding.span.line)
        return rules is not None and (ALL in rules or finding.rule in rules)

    def unknown_rules(self, known: frozenset[str]) -> list[tuple[int, str]]:
        return sorted(
            (d.line, rule)
            for d in self.directives
            for rule in d.rules
            if rule != ALL and rule not in known
        )


def parse(document: Document) -> Suppressions:
    result = Suppressions()
    if "awesome-lint-" not in document.text:
        return result
    entry_lines = {e.span.line: e.span.end_line for e in document.entries}
    for match in _COMMENT.finditer(document.text):
        line = document.position(match.start())[0]
        if line in document.code_lines:
            continue
        names = frozenset(re.findall(r"[A-Za-z][\w-]*", match["rules"])) or frozenset({ALL})
        result.directives.append(Directive(match["kind"], names, line))
    open_ranges: dict[str, int] = {}
    last_line = len(document.lines)
    for directive in result.directives:
        kind = directive.kind
        if kind == "disable-file":
            result.file_rules |= directive.rules
        elif kind == "disable-line":
            _add(result, directive.line, directive.line, directive.rules)
        elif kind == "disable-next-line":
            target = _next_content_line(document, directive.line)
            if target is not None:
                _add(result, target, entry_lines.get(target, target), directive.rules)
        elif kind == "disable":
            for rule in directive.rules:
                open_ranges.setdefault(rule, directive.line)
        elif kind == "enable":
            closing = set(open_ranges) if ALL in directive.rules else directive.rules
            for rule in closing:
                start = open_ranges.pop(rule, None)
                if start is not None:
                    _add(result, start, directive.line, {rule})
    for rule, start in open_ranges.items():
        _add(result, start, last_line, {rule})
    return result


def _add(result: Suppressions, first: int, last: int, rules: frozenset[str] | set[str]) -> None:
    for line in range(first, last + 1):
        result.lines.setdefault(line, set()).update(rules)


def _next_content_line(document: Document, line: int) -> int | None:
    for candidate in range(line + 1, len(document.lines) + 1):
        text = document.lines[candidate - 1].strip()
        if text and not text.startswith("<!--"):
            return candidate
    return None
