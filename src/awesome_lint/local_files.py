"""Relative link targets resolved to files on disk, for ``broken-relative-link``."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def resolve(document_path: str, url: str) -> str | None:
    """The file a relative link points at, as a normalized path; ``None`` if not relative."""
    url = url.strip()
    if not url or url.startswith(("#", "//", "\\")) or _SCHEME.match(url) or url.startswith("www."):
        return None
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return None
    if not path:
        return None
    if path.startswith("/"):
        root = _repository_root(str(Path(document_path).resolve().parent))
        if root is None:
            return None
        return os.path.normpath(os.path.join(root, path.lstrip("/")))
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(document_path)), path))


@lru_cache(maxsize=64)
def _repository_root(folder: str) -> str | None:
    current = Path(folder)
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return str(candidate)
    return None


def exists(paths: set[str]) -> dict[str, bool]:
    return {path: os.path.exists(path) for path in paths}
