"""A link that markdown cannot follow: an empty target, a mistyped scheme, an unclosed bracket.

Finds `[Paper]()`, `hhttps://`, `\\https://`, `https:/x`, a target starting with `www.`
(a relative path on GitHub), a `[` or `(` left open in an entry (the link renders as text),
`[Code]https://...` (no `(`), `[[Paper(https://...)]` (no `]`), a link split over two lines
between `]` and `(`, a table row with more cells than its header (markdown drops the cells
past the header's, links and all), and leftover merge-conflict markers. A bracket that pairs
with nothing beside a link that works is a warning: only the character shows. A badge whose link is empty
(`[![Venue](badge)]()`) and a placeholder (`[Coming soon]()`, `[Code (TBA)]()`) link nowhere on
purpose and are not reported.

Fails:
```markdown
+ [Some Paper](hhttps://arxiv.org/abs/2410.13848) [[Code]()]
+ [Other Paper](https://arxiv.org/abs/2410.13861 (Oct. 2024, arXiv)
```

Passes:
```markdown
+ [Some Paper](https://arxiv.org/abs/2410.13848) [[Code](https://github.com/o/r)]
```
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from awesome_lint.document import Document, Entry, Link, blank
from awesome_lint.findings import Finding, Severity, Span
from awesome_lint.rules.base import Context, quoted

NAME = "malformed-link"
SEVERITY = Severity.ERROR
NEEDS: frozenset[str] = frozenset()
FIX = None

# What a list writes where a link is not out yet: `[Coming soon]()`, `[Code (TBA)]()`.
_PLACEHOLDER = re.compile(
    r"\b(?:coming|soon|tb[ad]|todo|to be (?:released|announced)|upcoming|not (?:yet )?released"
    r"|wip)\b",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^<>]*>")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_KNOWN_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps", "tel", "data", "irc", "doi"})
_OPENED = re.compile(r"\]\((?=\S)")
_CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)|^={7}$", re.MULTILINE)
_BRACKET = re.compile(r"[\[\]()]")
_CODE = re.compile(r"`[^`\n]*`")
# Links markdown could not read, found in the text itself: `[Code]https://...)` (no `(`),
# `[[Paper(https://...)]` (no `]`), `[Paper]` at a line's end and `(https://...)` on the next.
_TEXT_PROBLEMS = re.compile(
    r"(?P<no_paren>\[[^\[\]\n]{1,40}\]https?://)"
    r"|(?P<paren_in_label>\[[^\[\]()\n]{1,40}\(https?://[^)\s]*\)\])"
    r"|(?P<split>\][ \t]*\n[ \t]*\(https?://)"
)


def _link_problem(link: Link) -> str | None:
    url = link.url.strip()
    if link.kind in ("markdown", "image", "html", "html-image") and not url:
        if link.image is not None or not _TAG.sub("", link.text).strip():
            # `[![Venue](badge)]()`, `<a href=""> <img ...></a>`: a badge that links nowhere,
            # on purpose
            return None
        if _PLACEHOLDER.search(link.text):
            return None  # `[Coming soon]()`: a place kept for a link not out yet, on purpose
        return "link has an empty target"
    if url.startswith("\\"):
        return f"link target '{url}' starts with a backslash"
    scheme = _SCHEME.match(url)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name not in _KNOWN_SCHEMES and ("ttp" in name or name in ("htp", "htps")):
            return f"link target '{url}' has a mistyped scheme '{scheme.group(1)}:'"
        if name in ("http", "https") and not url[len(name) + 1 :].startswith("//"):
            return f"link target '{url}' lacks the '//' after '{name}:'"
    elif url.lower().startswith("www."):
        return f"link target '{url}' has no scheme: GitHub reads it as a relative path"
    return None


# `[page](Pointnet: Deep learning on point sets)`, `[Safety](#security & discussion)`: a target
# with a space in it, closed on its line.
_SPACED_TARGET = re.compile(r"([^()\s<>]*\s[^()\n<>]*)\)")


# Schemes markdown will not link (CommonMark's reference parser and markdown-it refuse them).
_REFUSED_SCHEME = re.compile(r"(?:file|javascript|vbscript|data):[^)\s]*", re.IGNORECASE)


def _refused_target(text: str, start: int) -> str | None:
    match = _REFUSED_SCHEME.match(text, start)
    if match is None or match.group().lower().startswith("data:image/"):
        return None
    scheme = match.group().split(":")[0]
    return f"link target '{quoted(match.group())}' is one markdown does not link (a {scheme}: URL)"


def _spaced_target(text: str, start: int) -> str | None:
    """The message for a link whose target holds a space (markdown reads no link then)."""
    match = _SPACED_TARGET.match(text, start)
    if match is None or "\n" in match.group(1):
        return None
    return (
        f"link target '{quoted(match.group(1))}' holds a space, so markdown reads no link:"
        " write the address (spaces as %20, or the target in <...>)"
    )


def _unbalanced(text: str) -> int | None:
    """Offset of the first bracket left open or closed without an opener, if any."""
    stack: list[tuple[str, int]] = []
    pairs = {"]": "[", ")": "("}
    for match in _BRACKET.finditer(text):
        i, char = match.start(), match.group()
        if char in "[(":
            stack.append((char, i))
        elif char in "])":
            if stack and stack[-1][0] == pairs[char]:
                stack.pop()
            elif char == "]":
                return i
    for char, i in stack:
        if char == "[" or text.find("](", i) != -1:
            return i
    return stack[0][1] if stack and "](" in text else None


def _masked(document: Document, entry: Entry) -> str:
    """The entry's text with its links blanked out, positions kept."""
    base = entry.span.start
    return blank(
        document.text[base : entry.span.end],
        ((link.span.start - base, link.span.end - base) for link in entry.links),
    )


_PIPE = re.compile(r"(?<!\\)\|")


def _cells(line: str) -> int:
    return len(_PIPE.findall(line.strip().strip("|"))) + 1


def _extra_cells(document: Document, line_no: int) -> str | None:
    """Why a link in a table row is not read: the row has more cells than its header, and
    markdown drops the cells past the header's."""
    lines = document.lines
    if not lines[line_no - 1].lstrip().startswith("|"):
        return None
    first = line_no
    while first > 1 and lines[first - 2].lstrip().startswith("|"):
        first -= 1
    row, header = _cells(lines[line_no - 1]), _cells(lines[first - 1])
    if row <= header:
        return None
    return (
        f"this row has {row} cells and its header {header}: markdown drops the cells past the"
        " header's, and the links in them"
    )


def check(document: Document, context: Context) -> Iterator[Finding]:
    for link in document.links:
        problem = _link_problem(link)
        if problem is not None:
            yield Finding(NAME, context.severity, document.path, link.url_span, problem)
    # "[text](url" whose ")" never came: markdown saw no link, so no entry either.
    covered = sorted((link.span.start, link.span.end) for link in document.links)
    starts = [start for start, _ in covered]
    rows_reported: set[int] = set()  # lines with a "](" that starts no link
    for match in _OPENED.finditer(document.text):
        at = match.start() + 1
        index = bisect.bisect_right(starts, at) - 1  # the last link starting at or before
        if index >= 0 and covered[index][0] <= at < covered[index][1]:
            continue
        if document.position(at)[0] in document.code_lines:
            continue
        line_no = document.position(at)[0]
        extra = _extra_cells(document, line_no)
        if extra is not None and line_no in rows_reported:
            continue  # one finding for the row
        rows_reported.add(line_no)
        yield Finding(
            NAME,
            context.severity,
            document.path,
            document.span(at, at + 2),
            extra
            or _refused_target(document.text, at + 1)
            or _spaced_target(document.text, at + 1)
            or "'](' starts no link: a bracket or parenthesis around it is not closed",
        )
    for entry in document.entries:
        plain = _CODE.sub(lambda m: " " * len(m.group()), _masked(document, entry))
        offset = _unbalanced(plain)
        if offset is not None:
            at = entry.span.start + offset
            char = plain[offset]
            # A bracket left open before a link's "](" breaks that link; any other stray
            # bracket shows as a character beside links that work: a warning.
            rest = plain[offset:]
            breaks = (char == "[" and re.search(r"\]\(|\(https?://", rest) is not None) or (
                char == "(" and plain[:offset].rstrip().endswith("]")
            )
            if not breaks and document.position(at)[0] in rows_reported:
                continue  # the line's broken link is reported: its brackets are that link's
            yield Finding(
                NAME,
                context.severity if breaks else min(context.severity, Severity.WARNING),
                document.path,
                document.span(at, at + 1),
                f"'{char}' is not closed: the link around it renders as plain text"
                if breaks
                else f"'{char}' pairs with no bracket: it shows as a stray character",
            )
    for match in _TEXT_PROBLEMS.finditer(document.text):
        at = match.start()
        if document.position(at)[0] in document.code_lines or document.in_comment(at):
            continue
        kind = match.lastgroup
        message = {
            "no_paren": "a link's '(' is missing: '[label]https://...' renders as text",
            "paren_in_label": "'[label(url)]': the label's ']' is missing before '('",
            "split": "a link is split over two lines between ']' and '(': it renders as text",
        }[kind or ""]
        yield Finding(
            NAME, context.severity, document.path, document.span(at, match.end()), message
        )
    for match in _CONFLICT.finditer(document.text):
        line = document.position(match.start())[0]
        if line in document.code_lines:
            continue
        if match.group().startswith("=") and "<<<<<<<" not in document.text[: match.start()]:
            continue  # a setext heading underline, not a conflict marker
        span: Span = document.span(match.start(), match.end())
        yield Finding(NAME, context.severity, document.path, span, "leftover merge-conflict marker")
