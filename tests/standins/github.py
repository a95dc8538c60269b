"""A GitHub API stand-in on 127.0.0.1: REST (repos, README, renames, rate limits) and GraphQL.

It speaks enough of the real protocol for PyGithub 2.x and ``GitHubSource``:

* ``GET /repos/{owner}/{repo}``: case-insensitive; answers with the canonical ``full_name``.
  A renamed repository answers ``301 Location: {base}/repositories/{id}`` as GitHub does.
* ``GET /repos/{owner}/{repo}/readme`` (and ``/repositories/{id}/readme``): a content object
  with base64 ``content`` wrapped at 60 characters, ``encoding``, ``download_url``, ``sha``...
* ``GET /repositories/{id}``, ``GET /rate_limit`` (free, as on GitHub).
* ``POST /graphql``: alias batches ``rN: repository(owner: "o", name: "n") { ... }``; unknown
  repositories answer ``null`` plus a ``NOT_FOUND`` error naming the alias; 401 without a token.
* ``X-RateLimit-*`` headers on every answer; 60 requests an hour without a token, 5000 with one;
  403 "API rate limit exceeded" once the budget is spent.
* Pull requests, given by the test with ``add_pull_request(owner, repo, number, files={path:
  patch}, base_sha=.., head_sha=..)``: ``GET /repos/{o}/{r}/pulls/{n}`` (head and base shas),
  ``GET .../pulls/{n}/files`` (with each file's ``patch``), ``GET .../pulls/{n}/comments`` and
  ``GET .../pulls/{n}/reviews`` (paginated with ``per_page``/``page`` and a ``Link`` header),
  ``POST .../pulls/{n}/reviews`` and ``DELETE /repos/{o}/{r}/pulls/comments/{id}``. A review is
  all or nothing, as on GitHub: one comment whose ``line`` (or ``start_line``) is not a line of
  the diff on its ``side``, or whose ``start_line`` lies in another hunk, and the answer is 422
  "Pull request review thread line must be part of the diff ..." with nothing stored. Every
  review request body is recorded (``PullRecord.review_requests``). ``read_only = True`` (or a
  token in ``read_only_tokens``) makes writes answer 403 "Resource not accessible by
  integration", as the token of a pull request from a fork does.

Every JSON ``url`` points at the stand-in (PyGithub refuses to follow foreign API hosts).
Repositories come from ``tests/fixtures/seed-metadata.json``: each README is generated from the
papers the seed says the repository hosts (an ``https://arxiv.org/abs/ID`` link and the title).

Whether GitHub's GraphQL ``repository()`` follows renames: GitHub's published schema
(github/docs ``src/graphql/data/fpt/schema.docs.graphql``, ``type Query``) declares
``repository(followRenames: Boolean = true, name: String!, owner: String!)`` with "Follow
repository renames. If disabled, a repository referenced by its old name will return an error."
So the stand-in follows renames by default and honours ``followRenames: false``; pass
``graphql_follows_renames=False`` to imitate the older behaviour (octokit/octokit.graphql.net#194,
2019: "Could not resolve to a Repository with the name ..." for an old name).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import BaseRequestHandler
from typing import Any, cast

from .base import Request, Response, StandinServer, run_server

SEED_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "seed-metadata.json"

DOCS = "https://docs.github.com/rest"
RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"
SECONDARY_DOCS = (
    "https://docs.github.com/free-pro-team@latest/rest/overview/"
    "rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000."
)
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")
OWNER_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*)/[A-Za-z0-9._-]+$")

# GraphQL pieces the stand-in understands (the source sends exactly these shapes).
GQL_REPOSITORY = re.compile(r"(\w+)\s*:\s*repository\s*\(([^)]*)\)")
GQL_ARG = re.compile(r"(\w+)\s*:\s*(\"(?:[^\"\\]|\\.)*\"|true|false)")
GQL_OBJECT = re.compile(r"(\w+)\s*:\s*object\s*\(\s*expression\s*:\s*\"HEAD:([^\"]+)\"\s*\)")
GQL_SCALARS = ("nameWithOwner", "isArchived", "description", "databaseId", "url", "isFork")


@dataclass
class RepoRecord:
    """One repository as the stand-in serves it."""

    full_name: str  # canonical spelling
    id: int
    archived: bool = False
    description: str = ""
    readme: str | None = None  # None: the repository has no README
    readme_name: str = "README.md"
    default_branch: str = "main"

    @property
    def key(self) -> str:
        return self.full_name.lower()


REVIEWS_DOCS = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request"
COMMENTS_DOCS = (
    "https://docs.github.com/rest/pulls/comments#delete-a-review-comment-for-a-pull-request"
)
# GitHub's own wording (parkerbxyz/suggest-changes#28, #64; The-PR-Agent/pr-agent#592)
NOT_IN_DIFF = (
    "Pull request review thread line must be part of the diff and "
    "Pull request review thread diff hunk can't be blank"
)
START_NOT_IN_HUNK = (
    "Pull request review thread start line must be part of the same hunk as the line."
)
READ_ONLY = "Resource not accessible by integration"
BOT_USER = {"login": "github-actions[bot]", "id": 41898282, "type": "Bot"}
_PATCH_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass
class PatchHunk:
    """One hunk of a file's patch: the lines each side shows (added/deleted plus context)."""

    header: str
    lines: list[str]
    left: list[int]  # old-file lines in the hunk (deleted and context)
    right: list[int]  # new-file lines in the hunk (added and context)


def parse_patch_hunks(patch: str) -> list[PatchHunk]:
    """Hunks of a GitHub ``patch`` (or a whole ``git diff`` of one file: headers are skipped)."""
    hunks: list[PatchHunk] = []
    current: PatchHunk | None = None
    old = new = 0
    for line in patch.split("\n"):
        match = _PATCH_HUNK.match(line)
        if match:
            old, new = int(match.group(1)), int(match.group(3))
            current = PatchHunk(line, [], [], [])
            hunks.append(current)
            continue
        if current is None or not line or line[0] not in "+- \\":
            continue
        current.lines.append(line)
        if line[0] == "+":
            current.right.append(new)
            new += 1
        elif line[0] == "-":
            current.left.append(old)
            old += 1
        elif line[0] == " ":
            current.left.append(old)
            current.right.append(new)
            old += 1
            new += 1
    return hunks


def _patch_only(patch: str) -> str:
    """GitHub's ``patch`` field starts at the first hunk: drop ``diff --git``/``---``/``+++``."""
    start = 0 if patch.startswith("@@") else patch.find("\n@@") + 1
    return patch[start:] if start >= 0 else patch


@dataclass
class PullFile:
    filename: str
    patch: str | None  # None: GitHub shows no diff (binary, or too large)
    status: str = "modified"  # added, removed, modified, renamed, copied, changed, unchanged
    previous_filename: str | None = None

    @property
    def hunks(self) -> list[PatchHunk]:
        return parse_patch_hunks(self.patch or "")


@dataclass
class PullRecord:
    """A pull request as the stand-in serves it, with what was posted to it."""

    repo: str  # canonical full name of the base repository
    number: int
    base_sha: str
    head_sha: str
    files: dict[str, PullFile]
    head_repo: str
    title: str = "Add papers"
    comments: list[dict[str, Any]] = field(default_factory=list)  # review comments, as served
    reviews: list[dict[str, Any]] = field(default_factory=list)  # submitted reviews, as served
    review_requests: list[dict[str, Any]] = field(default_factory=list)  # POST bodies received

    def comment(self, comment_id: int) -> dict[str, Any] | None:
        return next((c for c in self.comments if c["id"] == comment_id), None)


@dataclass
class _Budget:
    limit: int
    remaining: int
    reset: int
    used: int = 0


def _stable_id(full_name: str) -> int:
    # crc32 keeps ids stable between runs, so tests may hard-code them if they must
    return 100_000 + zlib.crc32(full_name.lower().encode()) % 900_000_000


def readme_from_seed(full_name: str, hosted: Iterable[str], titles: dict[str, str]) -> str:
    """A README in the style of a paper repository: one arXiv link plus title per hosted paper."""
    lines = [f"# {full_name.split('/')[1]}", "", "Official implementation.", ""]
    for paper in hosted:
        if ARXIV_ID.match(paper):
            title = titles.get(paper, "")
            lines.append(f"- [{title or paper}](https://arxiv.org/abs/{paper}) (arXiv:{paper})")
        else:
            # a title only (the seed says this README gives no id); drop the seed's remark
            lines.append("- " + re.sub(r"\s*\(.*\)\s*$", "", paper))
    lines += ["", "## Citation", "", "If you find this work useful, please cite the paper."]
    return "\n".join(lines) + "\n"


def seed_repositories(
    path: Path = SEED_PATH,
) -> tuple[list[RepoRecord], dict[str, str]]:
    """Repositories and renames (old name, lowercase -> canonical, lowercase) from the seed.

    ``exists: null`` (unconfirmed) counts as existing, without a README: nothing is known of
    what it says, and a README citing nothing would make findings the data cannot support.
    ``exists: false`` would be left out.
    A canonical name that differs beyond case is a rename (``ByteFlow-AI/TokenFlow``); one that
    differs only in case is the same repository (``bytedance-seed/BAGEL``).
    """
    seed = json.loads(path.read_text(encoding="utf-8"))
    titles = {k: v.get("title", "") for k, v in seed.get("arxiv", {}).items()}
    records: dict[str, RepoRecord] = {}
    renames: dict[str, str] = {}

    def add(full_name: str, hosted: list[str], description: str, known: bool = True) -> None:
        if full_name.lower() not in records:
            records[full_name.lower()] = RepoRecord(
                full_name=full_name,
                id=_stable_id(full_name),
                description=description,
                readme=readme_from_seed(full_name, hosted, titles) if known else None,
            )

    for listed, info in seed.get("github", {}).items():
        if info.get("exists") is False:
            continue
        canonical = re.sub(r"\s*\(.*\)\s*$", "", info.get("canonical") or listed).strip()
        hosted = list(info.get("hosts_papers") or [])
        first_title = next((titles[p] for p in hosted if p in titles), "")
        description = f"Official code for {first_title}" if first_title else ""
        add(canonical, hosted, description, known=info.get("exists") is not None)
        if canonical.lower() != listed.lower():
            renames[listed.lower()] = canonical.lower()
    # Repositories named only by the corrections (e.g. the right repository for UniToken).
    for correction in seed.get("corrections", []):
        if correction.get("field") != "repo":
            continue
        for name in (correction.get("listed", ""), correction.get("correct", "")):
            known = name.lower() in records or name.lower() in renames
            if OWNER_NAME.match(name) and not known:
                add(name, [], "")
    if "sxjyjay/unitoken" not in records:  # the brief's must-have, should the seed lose it
        add("SxJyJay/UniToken", ["2504.04423"], "")
    # sindresorhus/awesome really keeps a lowercase readme.md: exercise a non-README.md name
    if "sindresorhus/awesome" in records:
        records["sindresorhus/awesome"].readme_name = "readme.md"
    return list(records.values()), renames


class _NextN:
    """A fault that answers the next ``n`` matching requests, then steps aside."""

    def __init__(self, n: int, make: Callable[[Request], Response]) -> None:
        self.left = n
        self.make = make
        self.lock = threading.Lock()

    def __call__(self, request: Request) -> Response | None:
        with self.lock:
            if self.left <= 0:
                return None
            self.left -= 1
        return self.make(request)


class GitHubStandin:
    """The state and request handler of the GitHub stand-in (no sockets here)."""

    def __init__(
        self,
        repos: Iterable[RepoRecord] | None = None,
        renames: dict[str, str] | None = None,
        *,
        graphql_follows_renames: bool = True,
        anonymous_limit: int = 60,
        token_limit: int = 5000,
        valid_tokens: Iterable[str] | None = None,
    ) -> None:
        if repos is None:
            seeded, seeded_renames = seed_repositories()
            repos = seeded
            renames = {**seeded_renames, **(renames or {})}
        self.repos: dict[str, RepoRecord] = {r.key: r for r in repos}
        self.renames: dict[str, str] = {k.lower(): v.lower() for k, v in (renames or {}).items()}
        self.graphql_follows_renames = graphql_follows_renames
        self.valid_tokens = set(valid_tokens) if valid_tokens is not None else None
        self.base_url = "http://127.0.0.1"  # replaced by the server's address when serving
        self._anonymous_limit = anonymous_limit
        self._token_limit = token_limit
        self._budgets: dict[tuple[str, str], _Budget] = {}
        self._graphql_errors: dict[str, tuple[str, str]] = {}
        self._preset: dict[tuple[str, str], int] = {}  # budgets set by set_remaining()
        self.rate_limited_answers = 0  # 403/RATE_LIMITED answers given for a spent budget
        self.pulls: dict[tuple[str, int], PullRecord] = {}
        self.read_only = False  # every token may read, none may write (a fork's pull request)
        self.read_only_tokens: set[str] = set()
        self._next_id = 1_000_000  # review and comment ids
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- data
    def add_repo(
        self,
        full_name: str,
        *,
        archived: bool = False,
        description: str = "",
        readme: str | None = "# README\n",
        readme_name: str = "README.md",
    ) -> RepoRecord:
        record = RepoRecord(
            full_name, _stable_id(full_name), archived, description, readme, readme_name
        )
        self.repos[record.key] = record
        self.renames.pop(record.key, None)
        return record

    def rename(self, old: str, new: str) -> None:
        """Rename (or transfer) ``old`` to ``new``; the old name redirects from now on."""
        record = self.repos.pop(old.lower())
        record.full_name = new
        self.repos[record.key] = record
        for alias, target in list(self.renames.items()):
            if target == old.lower():
                self.renames[alias] = record.key
        self.renames[old.lower()] = record.key

    def remove(self, full_name: str) -> None:
        self.repos.pop(full_name.lower(), None)
        self.renames = {k: v for k, v in self.renames.items() if v != full_name.lower()}

    def graphql_error_for(
        self, full_name: str, type_: str = "FORBIDDEN", message: str = ""
    ) -> None:
        """Make GraphQL answer ``null`` plus an error of ``type_`` for this repository."""
        self._graphql_errors[full_name.lower()] = (
            type_,
            message or f"Resource not accessible: {full_name}",
        )

    def add_pull_request(
        self,
        owner: str,
        repo: str,
        number: int,
        *,
        files: dict[str, str | None],
        base_sha: str,
        head_sha: str,
        head_repo: str | None = None,
        renamed_from: dict[str, str] | None = None,
    ) -> PullRecord:
        """A pull request whose diff is ``files``: path -> unified patch (``git diff`` of the file
        or GitHub's ``patch``, hunks only); None for a file GitHub shows no diff of."""
        full_name = f"{owner}/{repo}"
        record = self.find(full_name) or self.add_repo(full_name)
        pull_files: dict[str, PullFile] = {}
        for path, patch in files.items():
            previous = (renamed_from or {}).get(path)
            text = _patch_only(patch) if patch is not None else None
            status = "renamed" if previous else "modified"
            if text is not None and text.startswith("@@ -0,0 "):
                status = "added"
            pull_files[path] = PullFile(path, text, status, previous)
        pull = PullRecord(
            record.full_name, number, base_sha, head_sha, pull_files, head_repo or full_name
        )
        self.pulls[(record.key, number)] = pull
        return pull

    def pull_request(self, owner: str, repo: str, number: int) -> PullRecord:
        return self.pulls[(f"{owner}/{repo}".lower(), number)]

    def add_review_comment(
        self,
        pull: PullRecord,
        *,
        path: str,
        line: int,
        body: str,
        user: str = "octocat",
        in_reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Store a review comment as if someone had posted it (a reply, a human's remark)."""
        with self._lock:
            comment_id = self._new_id()
        comment = self._comment_json(
            pull, comment_id, None, {"path": path, "line": line, "body": body, "side": "RIGHT"}
        )
        comment["user"] = {"login": user, "id": _stable_id(user), "type": "User"}
        if in_reply_to is not None:
            comment["in_reply_to_id"] = in_reply_to
        pull.comments.append(comment)
        return comment

    def set_remaining(
        self, remaining: int, *, authenticated: bool = False, resource: str = "core"
    ) -> None:
        """Set the budget left (``core`` = REST, or ``graphql``) for anonymous callers or tokens."""
        with self._lock:
            kind = "token" if authenticated else "anonymous"
            for (who, res), budget in self._budgets.items():
                if res == resource and who.startswith(kind):
                    budget.used = budget.limit - remaining
                    budget.remaining = remaining
            self._preset[(kind, resource)] = remaining

    def find(self, full_name: str) -> RepoRecord | None:
        return self.repos.get(full_name.lower())

    def resolve(self, full_name: str) -> tuple[RepoRecord | None, bool]:
        """(record, renamed): follows a rename; renamed is True when the old name was used."""
        record = self.repos.get(full_name.lower())
        if record is not None:
            return record, False
        target = self.renames.get(full_name.lower())
        if target is not None and target in self.repos:
            return self.repos[target], True
        return None, False

    def by_id(self, repo_id: int) -> RepoRecord | None:
        return next((r for r in self.repos.values() if r.id == repo_id), None)

    # ----------------------------------------------------------- rate limits
    def _identity(self, request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        scheme, _, credential = auth.partition(" ")
        if scheme.lower() in ("token", "bearer") and credential.strip():
            return "token:" + credential.strip()
        return None

    def _budget(self, identity: str | None, resource: str) -> _Budget:
        who = identity or "anonymous"
        key = (who, resource)
        budget = self._budgets.get(key)
        if budget is None:
            limit = self._token_limit if identity else self._anonymous_limit
            preset = self._preset.get(("token" if identity else "anonymous", resource))
            remaining = limit if preset is None else preset
            budget = _Budget(limit, remaining, int(time.time()) + 3600, limit - remaining)
            self._budgets[key] = budget
        return budget

    def rate_headers(self, request: Request, spend: bool = False) -> tuple[dict[str, str], bool]:
        """Headers for this caller; with ``spend`` take one request off (False if none left)."""
        resource = "graphql" if request.path.endswith("/graphql") else "core"
        with self._lock:
            budget = self._budget(self._identity(request), resource)
            ok = True
            if spend:
                if budget.remaining > 0:
                    budget.remaining -= 1
                    budget.used += 1
                else:
                    ok = False
            headers = {
                "X-RateLimit-Limit": str(budget.limit),
                "X-RateLimit-Remaining": str(budget.remaining),
                "X-RateLimit-Reset": str(budget.reset),
                "X-RateLimit-Used": str(budget.used),
                "X-RateLimit-Resource": resource,
            }
        return headers, ok

    def _rate_limit_body(self, request: Request) -> dict[str, Any]:
        with self._lock:
            core = self._budget(self._identity(request), "core")
            gql = self._budget(self._identity(request), "graphql")
        resources = {
            name: {"limit": b.limit, "used": b.used, "remaining": b.remaining, "reset": b.reset}
            for name, b in (("core", core), ("graphql", gql))
        }
        return {"resources": resources, "rate": resources["core"]}

    # -------------------------------------------------------------- answers
    def repo_json(self, record: RepoRecord) -> dict[str, Any]:
        owner, name = record.full_name.split("/", 1)
        api = f"{self.base_url}/repos/{record.full_name}"
        return {
            "id": record.id,
            "node_id": f"R_{record.id}",
            "name": name,
            "full_name": record.full_name,
            "private": False,
            "owner": {
                "login": owner,
                "id": _stable_id(owner),
                "type": "Organization",
                "url": f"{self.base_url}/users/{owner}",
                "html_url": f"https://github.com/{owner}",
            },
            "html_url": f"https://github.com/{record.full_name}",
            "description": record.description or None,
            "fork": False,
            "url": api,
            "archived": record.archived,
            "disabled": False,
            "visibility": "public",
            "default_branch": record.default_branch,
            "stargazers_count": 100 + record.id % 1000,
            "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2025-08-08T00:00:00Z",
            "pushed_at": "2025-08-08T00:00:00Z",
        }

    def readme_json(self, record: RepoRecord) -> dict[str, Any]:
        assert record.readme is not None
        raw = record.readme.encode("utf-8")
        encoded = base64.b64encode(raw).decode("ascii")
        # GitHub wraps base64 content at 60 characters with "\n"
        content = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"
        sha = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
        api = f"{self.base_url}/repos/{record.full_name}"
        path = record.readme_name
        branch = record.default_branch
        links = {
            "self": f"{api}/contents/{path}?ref={branch}",
            "git": f"{api}/git/blobs/{sha}",
            "html": f"https://github.com/{record.full_name}/blob/{branch}/{path}",
        }
        return {
            "type": "file",
            "encoding": "base64",
            "size": len(raw),
            "name": path,
            "path": path,
            "content": content,
            "sha": sha,
            "url": links["self"],
            "git_url": links["git"],
            "html_url": links["html"],
            "download_url": (
                f"https://raw.githubusercontent.com/{record.full_name}/{branch}/{path}"
            ),
            "_links": links,
        }

    @staticmethod
    def not_found() -> Response:
        body = {"message": "Not Found", "documentation_url": DOCS, "status": "404"}
        return Response.json(body, 404)

    def rate_limited(self, request: Request) -> Response:
        who = self._identity(request)
        if who:
            message = "API rate limit exceeded for user ID 1."
        else:
            message = (
                "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated "
                "requests get a higher rate limit. Check out the documentation for more details.)"
            )
        return Response.json({"message": message, "documentation_url": RATE_LIMIT_DOCS}, 403)

    def handle(self, request: Request) -> Response:
        """Answer one request; every answer carries the caller's X-RateLimit-* headers."""
        response = self._answer(request)
        if not any(k.lower() == "x-ratelimit-limit" for k in response.headers):
            headers, _ = self.rate_headers(request)
            response.headers.update(headers)
        response.headers.setdefault("X-GitHub-Media-Type", "github.v3; format=json")
        return response

    def _answer(self, request: Request) -> Response:
        identity = self._identity(request)
        if (
            identity is not None
            and self.valid_tokens is not None
            and identity.removeprefix("token:") not in self.valid_tokens
        ):
            return Response.json({"message": "Bad credentials", "documentation_url": DOCS}, 401)
        path = request.path.rstrip("/") or "/"
        if path == "/rate_limit" and request.method == "GET":
            return Response.json(self._rate_limit_body(request))  # free, as on GitHub
        if path.endswith("/graphql") and request.method == "POST":
            return self._graphql(request)
        parts = path.strip("/").split("/")
        if len(parts) >= 4 and parts[0] == "repos" and parts[3] == "pulls":
            headers, ok = self.rate_headers(request, spend=True)
            if not ok:
                with self._lock:
                    self.rate_limited_answers += 1
                response = self.rate_limited(request)
            else:
                response = self._pulls(request, f"{parts[1]}/{parts[2]}", parts[4:])
            response.headers.update(headers)
            return response
        if request.method != "GET":
            return self.not_found()

        headers, ok = self.rate_headers(request, spend=True)
        if not ok:
            with self._lock:
                self.rate_limited_answers += 1
            response = self.rate_limited(request)
            response.headers.update(headers)
            return response
        response = self._rest(path)
        response.headers.update(headers)
        return response

    def _rest(self, path: str) -> Response:
        parts = path.strip("/").split("/")
        if parts[0] == "repos" and len(parts) in (3, 4):
            record, renamed = self.resolve(f"{parts[1]}/{parts[2]}")
            tail = parts[3] if len(parts) == 4 else None
            if record is None or tail not in (None, "readme"):
                return self.not_found()
            if renamed:
                target = f"{self.base_url}/repositories/{record.id}" + (f"/{tail}" if tail else "")
                body = {"message": "Moved Permanently", "url": target, "documentation_url": DOCS}
                return Response.json(body, 301, {"Location": target})
            return self._repo_or_readme(record, tail)
        if parts[0] == "repositories" and len(parts) in (2, 3) and parts[1].isdigit():
            record = self.by_id(int(parts[1]))
            tail = parts[2] if len(parts) == 3 else None
            if record is None or tail not in (None, "readme"):
                return self.not_found()
            return self._repo_or_readme(record, tail)
        return self.not_found()

    def _repo_or_readme(self, record: RepoRecord, tail: str | None) -> Response:
        if tail is None:
            return Response.json(self.repo_json(record))
        if record.readme is None:
            return self.not_found()
        return Response.json(self.readme_json(record))

    # ---------------------------------------------------------- pull requests
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _pulls(self, request: Request, full_name: str, rest: list[str]) -> Response:
        method = request.method
        key = full_name.lower()
        if len(rest) == 2 and rest[0] == "comments" and rest[1].isdigit():
            comment_id = int(rest[1])
            pull = next(
                (p for (k, _), p in self.pulls.items() if k == key and p.comment(comment_id)),
                None,
            )
            if pull is None:
                return self.not_found()
            if method == "GET":
                return Response.json(pull.comment(comment_id))
            if method == "DELETE":
                refused = self._refuse_write(request, COMMENTS_DOCS)
                if refused is not None:
                    return refused
                with self._lock:
                    pull.comments = [c for c in pull.comments if c["id"] != comment_id]
                return Response(204, b"", {}, "application/json; charset=utf-8")
            return self.not_found()
        if not rest or not rest[0].isdigit():
            return self.not_found()
        pull = self.pulls.get((key, int(rest[0])))
        if pull is None:
            return self.not_found()
        tail = rest[1:]
        if method == "GET" and not tail:
            return Response.json(self._pull_json(pull))
        if method == "GET" and tail == ["files"]:
            return self._page(request, [self._file_json(pull, f) for f in pull.files.values()])
        if method == "GET" and tail == ["comments"]:
            return self._page(request, list(pull.comments))
        if method == "GET" and tail == ["reviews"]:
            return self._page(request, list(pull.reviews))
        if method == "POST" and tail == ["reviews"]:
            return self._create_review(request, pull)
        return self.not_found()

    def _refuse_write(self, request: Request, docs: str) -> Response | None:
        identity = self._identity(request)
        if identity is None:
            body = {"message": "Requires authentication", "documentation_url": docs}
            return Response.json(body, 401)
        if self.read_only or identity.removeprefix("token:") in self.read_only_tokens:
            body = {"message": READ_ONLY, "documentation_url": docs, "status": "403"}
            return Response.json(body, 403)
        return None

    def _page(self, request: Request, items: list[dict[str, Any]]) -> Response:
        """One page of a list, with GitHub's ``Link`` header for the next and last pages."""
        try:
            per_page = max(1, min(100, int(request.arg("per_page", "30"))))
            page = max(1, int(request.arg("page", "1")))
        except ValueError:
            per_page, page = 30, 1
        last = max(1, -(-len(items) // per_page))
        headers: dict[str, str] = {}
        if page < last:
            url = f"{self.base_url}{request.path}?per_page={per_page}&page="
            headers["Link"] = f'<{url}{page + 1}>; rel="next", <{url}{last}>; rel="last"'
        return Response.json(items[(page - 1) * per_page : page * per_page], 200, headers)

    def _pull_json(self, pull: PullRecord) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{pull.repo}"

        def side(repo: str, sha: str, ref: str) -> dict[str, Any]:
            owner = repo.split("/")[0]
            record = self.find(repo)
            repo_json = self.repo_json(record) if record else {"full_name": repo}
            return {
                "label": f"{owner}:{ref}",
                "ref": ref,
                "sha": sha,
                "user": {"login": owner, "id": _stable_id(owner), "type": "User"},
                "repo": repo_json,
            }

        return {
            "url": f"{api}/pulls/{pull.number}",
            "id": _stable_id(f"{pull.repo}#{pull.number}"),
            "number": pull.number,
            "state": "open",
            "title": pull.title,
            "html_url": f"https://github.com/{pull.repo}/pull/{pull.number}",
            "user": {"login": "contributor", "id": 1, "type": "User"},
            "head": side(pull.head_repo, pull.head_sha, "add-papers"),
            "base": side(pull.repo, pull.base_sha, "main"),
            "review_comments_url": f"{api}/pulls/{pull.number}/comments",
            "comments_url": f"{api}/issues/{pull.number}/comments",
            "issue_url": f"{api}/issues/{pull.number}",
            "changed_files": len(pull.files),
        }

    def _file_json(self, pull: PullRecord, item: PullFile) -> dict[str, Any]:
        lines = (item.patch or "").split("\n")
        additions = sum(1 for line in lines if line.startswith("+"))
        deletions = sum(1 for line in lines if line.startswith("-"))
        blob = f"https://github.com/{pull.repo}/blob/{pull.head_sha}/{item.filename}"
        data: dict[str, Any] = {
            "sha": hashlib.sha1(item.filename.encode()).hexdigest(),
            "filename": item.filename,
            "status": item.status,
            "additions": additions,
            "deletions": deletions,
            "changes": additions + deletions,
            "blob_url": blob,
            "raw_url": blob.replace("/blob/", "/raw/"),
            "contents_url": (
                f"{self.base_url}/repos/{pull.repo}/contents/{item.filename}?ref={pull.head_sha}"
            ),
        }
        if item.patch is not None:
            data["patch"] = item.patch
        if item.previous_filename is not None:
            data["previous_filename"] = item.previous_filename
        return data

    def _review_errors(self, pull: PullRecord, comments: list[Any]) -> list[str]:
        """GitHub's reasons to refuse a review's comments (empty: all can be placed)."""
        errors: list[str] = []
        for comment in comments:
            if not isinstance(comment, dict) or not comment.get("path") or not comment.get("body"):
                errors.append("Review comments need a path and a body")
                continue
            if "position" in comment:
                errors.append("position is not supported by the stand-in: use line and side")
                continue
            line, start = comment.get("line"), comment.get("start_line")
            side = comment.get("side", "RIGHT")
            start_side = comment.get("start_side", side)
            item = pull.files.get(comment["path"])
            if not isinstance(line, int) or item is None or item.patch is None:
                errors.append(NOT_IN_DIFF)
                continue
            hunk = next(
                (h for h in item.hunks if line in (h.right if side == "RIGHT" else h.left)), None
            )
            if hunk is None:
                errors.append(NOT_IN_DIFF)
                continue
            if start is not None:
                start_lines = hunk.right if start_side == "RIGHT" else hunk.left
                if not isinstance(start, int) or start not in start_lines:
                    errors.append(START_NOT_IN_HUNK)
                elif start >= line:
                    errors.append("Pull request review thread start line must precede the line.")
        return list(dict.fromkeys(errors))

    def _create_review(self, request: Request, pull: PullRecord) -> Response:
        try:
            body = request.json()
        except ValueError:
            body = None
        with self._lock:
            pull.review_requests.append(body if isinstance(body, dict) else {"raw": body})
        refused = self._refuse_write(request, REVIEWS_DOCS)
        if refused is not None:
            return refused
        if not isinstance(body, dict):
            return Response.json({"message": "Problems parsing JSON"}, 400)
        event = body.get("event")
        comments = body.get("comments") or []
        errors = self._review_errors(pull, comments if isinstance(comments, list) else [None])
        if event not in (None, "COMMENT", "APPROVE", "REQUEST_CHANGES"):
            errors.append(f"Event {event!r} is not one of COMMENT, APPROVE, REQUEST_CHANGES")
        if event in ("COMMENT", "REQUEST_CHANGES") and not body.get("body") and not comments:
            errors.append("Review body is required for a COMMENT review without comments")
        commit_id = body.get("commit_id")
        if commit_id is not None and commit_id != pull.head_sha:
            errors.append(f"commit_id {commit_id} is not the head of the pull request")
        if errors:
            message = {
                "message": "Unprocessable Entity",
                "errors": [" and ".join(errors)],
                "documentation_url": REVIEWS_DOCS,
                "status": "422",
            }
            return Response.json(message, 422)
        with self._lock:
            review_id = self._new_id()
            review = {
                "id": review_id,
                "node_id": f"PRR_{review_id}",
                "user": dict(BOT_USER),
                "body": body.get("body") or "",
                "state": "COMMENTED" if event == "COMMENT" else (event or "PENDING"),
                "html_url": (
                    f"https://github.com/{pull.repo}/pull/{pull.number}"
                    f"#pullrequestreview-{review_id}"
                ),
                "pull_request_url": f"{self.base_url}/repos/{pull.repo}/pulls/{pull.number}",
                "commit_id": commit_id or pull.head_sha,
                "submitted_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "author_association": "CONTRIBUTOR",
            }
            pull.reviews.append(review)
            for comment in comments:
                pull.comments.append(self._comment_json(pull, self._new_id(), review_id, comment))
        return Response.json(review)

    def _comment_json(
        self, pull: PullRecord, comment_id: int, review_id: int | None, given: dict[str, Any]
    ) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{pull.repo}/pulls"
        line, side = given.get("line"), given.get("side", "RIGHT")
        item = pull.files.get(given["path"])
        hunk_text = ""
        for hunk in item.hunks if item is not None else []:
            shown = hunk.right if side == "RIGHT" else hunk.left
            if line in shown:
                hunk_text = "\n".join([hunk.header, *hunk.lines])
        return {
            "url": f"{api}/comments/{comment_id}",
            "pull_request_review_id": review_id,
            "id": comment_id,
            "node_id": f"PRRC_{comment_id}",
            "diff_hunk": hunk_text,
            "path": given["path"],
            "commit_id": pull.head_sha,
            "original_commit_id": pull.head_sha,
            "user": dict(BOT_USER),
            "body": given.get("body", ""),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "updated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "html_url": f"https://github.com/{pull.repo}/pull/{pull.number}#discussion_r{comment_id}",
            "pull_request_url": f"{api}/{pull.number}",
            "author_association": "CONTRIBUTOR",
            "_links": {"self": {"href": f"{api}/comments/{comment_id}"}},
            "start_line": given.get("start_line"),
            "original_start_line": given.get("start_line"),
            "start_side": given.get("start_side") if given.get("start_line") else None,
            "line": line,
            "original_line": line,
            "side": side,
            "subject_type": "line",
        }

    # --------------------------------------------------------------- GraphQL
    def _graphql(self, request: Request) -> Response:
        if self._identity(request) is None:
            unauthenticated = {
                "message": "This endpoint requires you to be authenticated.",
                "documentation_url": (
                    "https://docs.github.com/graphql/guides/forming-calls-with-graphql"
                    "#authenticating-with-graphql"
                ),
            }
            return Response.json(unauthenticated, 401)
        headers, ok = self.rate_headers(request, spend=True)
        if not ok:
            with self._lock:
                self.rate_limited_answers += 1
            # GraphQL reports its primary rate limit in the body (type RATE_LIMITED)
            error = {"type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."}
            return Response.json({"errors": [error]}, 200, headers)
        try:
            payload = request.json()
            query = payload["query"]
            if not isinstance(query, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            message = "A query attribute must be specified and must be a string."
            return Response.json({"errors": [{"message": message}]}, 200, headers)

        scalars = [f for f in GQL_SCALARS if re.search(rf"\b{f}\b", query)]
        objects = GQL_OBJECT.findall(query)
        data: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        for match in GQL_REPOSITORY.finditer(query):
            alias, arg_text = match.group(1), match.group(2)
            args = {k: json.loads(v) for k, v in GQL_ARG.findall(arg_text)}
            owner, name = str(args.get("owner", "")), str(args.get("name", ""))
            follow = self.graphql_follows_renames and args.get("followRenames", True) is not False
            record, renamed = self.resolve(f"{owner}/{name}")
            injected = self._graphql_errors.get(f"{owner}/{name}".lower())
            if record is None or (renamed and not follow) or injected:
                data[alias] = None
                line = query.count("\n", 0, match.start()) + 1
                column = match.start() - query.rfind("\n", 0, match.start())
                error_type, message = injected or (
                    "NOT_FOUND",
                    f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                )
                errors.append(
                    {
                        "type": error_type,
                        "path": [alias],
                        "locations": [{"line": line, "column": column}],
                        "message": message,
                    }
                )
                continue
            data[alias] = self._graphql_repo(record, scalars, objects)
        if re.search(r"\brateLimit\b", query):
            with self._lock:
                budget = self._budget(self._identity(request), "graphql")
                data["rateLimit"] = {
                    "limit": budget.limit,
                    "cost": 1,
                    "remaining": budget.remaining,
                    "used": budget.used,
                    "resetAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(budget.reset)),
                }
        body: dict[str, Any] = {"data": data}
        if errors:
            body["errors"] = errors
        return Response.json(body, 200, headers)

    def _graphql_repo(
        self, record: RepoRecord, scalars: list[str], objects: list[tuple[str, str]]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {
            "nameWithOwner": record.full_name,
            "isArchived": record.archived,
            "description": record.description or None,
            "databaseId": record.id,
            "url": f"https://github.com/{record.full_name}",
            "isFork": False,
        }
        node = {k: values[k] for k in scalars}
        for alias, file_path in objects:
            # git paths are case-sensitive: only the exact README file name matches
            if record.readme is not None and file_path == record.readme_name:
                node[alias] = {"text": record.readme, "isTruncated": False}
            else:
                node[alias] = None
        return node


class GitHubServer(StandinServer):
    """The stand-in's HTTP server: ``.url`` is the API base, ``.github`` the state."""

    def __init__(self, state: GitHubStandin, latency: float = 0.0) -> None:
        super().__init__(state.handle, latency)
        # Headers and body leave in two writes; with Nagle's algorithm on, every keep-alive
        # answer then waits ~40 ms for a delayed ACK. Same handler, Nagle off.
        handler = cast("type[BaseRequestHandler]", self.RequestHandlerClass)
        self.RequestHandlerClass = type(
            "GitHubHandler", (handler,), {"disable_nagle_algorithm": True}
        )
        self.github = state
        state.base_url = self.url

    # ------------------------------------------------------------- counting
    def graphql_count(self) -> int:
        return self.count("POST", "/graphql")

    def rest_count(self, path_prefix: str = "/") -> int:
        """REST requests (everything but POST /graphql), optionally under a path prefix."""
        return self.count(None, path_prefix) - (
            self.count("POST", "/graphql") if "/graphql".startswith(path_prefix) else 0
        )

    # --------------------------------------------------------------- faults
    def _fault(self, n: int, path_prefix: str, make: Callable[[Request], Response]) -> None:
        def with_headers(request: Request) -> Response:
            response = make(request)
            headers, _ = self.github.rate_headers(request)
            for key, value in headers.items():
                response.headers.setdefault(key, value)
            return response

        self.inject(path_prefix, _NextN(n, with_headers))

    def fail_next(self, n: int, status: int = 500, path_prefix: str = "/") -> None:
        """The next ``n`` requests answer ``status`` (a 5xx, as GitHub's front ends do)."""

        def make(_: Request) -> Response:
            if status == 500:
                return Response.json({"message": "Server Error"}, 500)
            html = "<html><body><h1>Unicorn!</h1>This page is taking too long.</body></html>"
            return Response(status, html, {}, "text/html; charset=utf-8")

        self._fault(n, path_prefix, make)

    def secondary_rate_limit_next(
        self, n: int, retry_after: int | None = 1, path_prefix: str = "/"
    ) -> None:
        """The next ``n`` requests hit the secondary rate limit (403, ``Retry-After``)."""

        def make(_: Request) -> Response:
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            body = {"message": SECONDARY_MESSAGE, "documentation_url": SECONDARY_DOCS}
            return Response.json(body, 403, headers)

        self._fault(n, path_prefix, make)

    def too_many_requests_next(
        self, n: int, retry_after: int | None = 1, path_prefix: str = "/"
    ) -> None:
        """The next ``n`` requests answer 429 (with ``Retry-After`` unless None)."""

        def make(_: Request) -> Response:
            headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
            return Response.json({"message": "Too Many Requests"}, 429, headers)

        self._fault(n, path_prefix, make)

    def invalid_json_next(self, n: int, path_prefix: str = "/") -> None:
        """The next ``n`` requests answer 200 with a truncated JSON body."""

        def make(_: Request) -> Response:
            return Response(200, '{"full_name": "trunc', {}, "application/json; charset=utf-8")

        self._fault(n, path_prefix, make)

    def slow_next(self, n: int, delay: float, path_prefix: str = "/") -> None:
        """The next ``n`` requests get their normal answer, ``delay`` seconds late."""

        def make(request: Request) -> Response:
            response = self.github.handle(request)
            response.delay = delay
            return response

        self.inject(path_prefix, _NextN(n, make))


@contextmanager
def serve_github(
    state: GitHubStandin | None = None, latency: float = 0.0, **options: Any
) -> Iterator[GitHubServer]:
    """Serve a GitHub stand-in (seeded unless ``state`` is given); yields the server.

    ``options`` go to ``GitHubStandin`` (e.g. ``graphql_follows_renames=False``).
    """
    server = GitHubServer(state or GitHubStandin(**options), latency)
    with run_server(server, "github-standin") as running:
        yield running


__all__ = [
    "GitHubServer",
    "GitHubStandin",
    "PullFile",
    "PullRecord",
    "RepoRecord",
    "readme_from_seed",
    "seed_repositories",
    "serve_github",
]
