"""Checks for values that come from outside: a source's answer or a cache row.

Nothing a source or the cache says reaches a fix or an output before it passes these: a
repository name is an ``owner/name`` of GitHub's grammar, an arXiv id one arXiv could issue,
a title one line of printable text, a URL an http(s) URL without spaces or controls.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from awesome_lint import arxiv_ids

# GitHub: an owner is 1-39 letters, digits and hyphens, not starting with a hyphen (old
# accounts may hold doubled or trailing ones); a name is 1-100 letters, digits, '.', '_', '-'
# and neither '.' nor '..'.
_REPO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?!\.\.?\Z)[A-Za-z0-9._-]{1,100}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"`]")
MAX_TITLE = 2000
MAX_URL = 8192


def is_repo_name(text: object) -> bool:
    """``text`` is an ``owner/name`` GitHub could have (``fullmatch``: no trailing newline)."""
    return isinstance(text, str) and _REPO_NAME.fullmatch(text) is not None


def is_arxiv_id(text: object) -> bool:
    """``text`` is an arXiv id without version that arXiv could have issued."""
    if not isinstance(text, str) or not text or text != text.strip():
        return False
    parsed = arxiv_ids.parse_id(text)
    return parsed is not None and parsed.is_valid and parsed.id == text and not parsed.version


def is_one_line(text: object, limit: int = MAX_TITLE) -> bool:
    """``text`` is one line of text without control characters, at most ``limit`` long."""
    return isinstance(text, str) and len(text) <= limit and _CONTROL.search(text) is None


def is_http_url(text: object) -> bool:
    """``text`` is an absolute http(s) URL without spaces, controls or characters that end a
    markdown or HTML link."""
    if not isinstance(text, str) or not text or len(text) > MAX_URL:
        return False
    if _URL_FORBIDDEN.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
