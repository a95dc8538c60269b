"""Which papers were added to a list recently, from its git history, when it has one.

A section that is not sorted by date takes a new entry where its recent additions went; git
says which entries those are: the arXiv ids on the lines the last commits to the file added,
commit by commit. Outside a git work tree, without git, or when git fails, there is no history
(``[]``) and the caller falls back on the papers' dates.
"""

from __future__ import annotations

import os
import re
import subprocess

from awesome_lint import arxiv_ids

COMMITS = 30  # the last commits that touched the file
TIMEOUT = 10.0  # seconds: git answers at once or not at all
_COMMIT = "\x1e"  # the line that starts each commit in the log below
_GIT_LOG = ("git", "log", "--format=%x1e", "-p", "--unified=0", "--no-color", "--no-ext-diff")
_REPOSITORY_VARIABLES = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"})
_URL = re.compile(r"https?://[^\s)\]>\"']+")


def recently_added(path: str, commits: int = COMMITS) -> list[list[str]]:
    """For each of the last ``commits`` commits to ``path``, newest first, the arXiv ids on
    the lines it added."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        done = subprocess.run(
            [*_GIT_LOG, f"-n{commits}", "--", name],
            cwd=folder,
            # The file's own repository, not one a hook's environment points at.
            env={k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES},
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    out: list[list[str]] = []
    for line in done.stdout.split("\n"):  # not splitlines: it splits at the marker too
        if line == _COMMIT:
            out.append([])
            continue
        if not out or not line.startswith("+") or line.startswith("+++"):
            continue
        for url in _URL.findall(line):
            parsed = arxiv_ids.parse_url(url)
            ident = parsed.arxiv_id.id if parsed is not None and parsed.arxiv_id else None
            if ident is not None and ident not in out[-1]:
                out[-1].append(ident)
    return out
