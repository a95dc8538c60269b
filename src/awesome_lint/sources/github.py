"""GitHub: does a repository exist, what is it called now, is it archived, what does its README say.

Two ways, chosen by whether a token is given:

* **With a token**: GraphQL, up to ``batch_size`` repositories per request as aliases
  (``r0: repository(owner: .., name: ..) {..}``), sent with PyGithub's raw requester call so a
  partial answer (some aliases ``null`` with a ``NOT_FOUND`` error) keeps the good data. Names
  answered ``NOT_FOUND`` are confirmed with REST ``GET /repos/o/n``, which follows a rename's
  301: only REST can tell "renamed" from "missing" for certain.
* **Without a token**: REST, ``get_repo`` plus its README per repository, watching the
  ``X-RateLimit-*`` headers: GitHub allows 60 requests an hour, so the source stops before that
  budget would be crossed and marks the rest UNVERIFIED with a hint to set ``GITHUB_TOKEN``.

A fact is never a guess: only a 404 (or GraphQL ``NOT_FOUND`` confirmed by REST) makes a
repository MISSING. Server errors, timeouts, rate limits and unreadable answers make it UNVERIFIED
with a short reason. Retries are bounded and no wait ever exceeds ``max_wait`` seconds.

GitHub's GraphQL schema documents ``repository(followRenames: Boolean = true, ...)`` (github/docs,
``src/graphql/data/fpt/schema.docs.graphql``), so renamed repositories usually come back under
their new ``nameWithOwner``; older reports (octokit/octokit.graphql.net#194) show ``NOT_FOUND``
for an old name instead. Both answers end in the same fact here.
"""

from __future__ import annotations

import base64
import binascii
import functools
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, cast

import requests
from github import Auth, Github, GithubException, GithubRetry
from github.GithubException import (
    BadCredentialsException,
    RateLimitExceededExceedsMaxWait,
    UnknownObjectException,
)
from github.Repository import Repository
from urllib3.exceptions import ReadTimeoutError

from awesome_lint import __version__, values
from awesome_lint.deadline import REASON as DEADLINE_REASON
from awesome_lint.deadline import Deadline
from awesome_lint.facts import FactStatus, RepoFact, SourceReport

__all__ = [
    "DEFAULT_API_URL",
    "NO_TOKEN_RATE_LIMIT",
    "GitHubSource",
    "token_from_env",
]

DEFAULT_API_URL: Final = "https://api.github.com"
NO_TOKEN_RATE_LIMIT: Final = "GitHub rate limit without a token: set GITHUB_TOKEN"
RATE_LIMIT: Final = "GitHub rate limit reached"
SECONDARY_RATE_LIMIT: Final = "GitHub secondary rate limit: retry later"
# Seconds to connect, and for each read (PyGithub takes one number for both).
TIMEOUT: Final = 10.0
BAD_TOKEN: Final = "GitHub rejected the token (401)"
SKIPPED: Final = "skipped after repeated GitHub failures"
USER_AGENT: Final = f"awesome-lint/{__version__}"  # GitHub rejects requests without one

# GitHub owner: alphanumerics and single hyphens; name: alphanumerics, '.', '_', '-'.
# Checking this also keeps the names safe to splice into a GraphQL string literal.
# README names tried through GraphQL (git paths are case-sensitive); anything else: REST.
_README_PATHS: Final = ("README.md", "readme.md", "Readme.md", "README.rst", "README")
_RETRY_STATUS = re.compile(r"too many (\d{3}) error responses")
# Stop hammering GitHub after this many repositories in a row failed for transient reasons.
_MAX_CONSECUTIVE_FAILURES: Final = 3
# Attempts for an answer that is not valid JSON (PyGithub does not retry those itself).
_JSON_ATTEMPTS: Final = 2


def token_from_env(environ: dict[str, str] | None = None) -> str | None:
    """The token from ``GITHUB_TOKEN`` or ``GH_TOKEN`` (in that order), or None."""
    env = os.environ if environ is None else environ
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        value = (env.get(name) or "").strip()
        if value:
            return value
    return None


class _Counter:
    """Counts HTTP attempts that PyGithub's retry machinery adds behind one API call."""

    def __init__(self) -> None:
        self.retries = 0


class _DeadlineReached(Exception):
    """Raised inside urllib3's retry loop: no more attempts, the run's deadline has passed."""


class _BoundedRetry(GithubRetry):
    """``GithubRetry`` that never sleeps longer than ``max_wait`` for one retry, nor past the
    run's deadline.

    ``GithubRetry`` already caps primary and secondary rate-limit waits via
    ``max_rate_limit_wait``, but a ``Retry-After`` header is slept by urllib3 unchecked
    (up to 6 hours): give up instead when it asks for more than ``max_wait``.
    """

    def __init__(
        self,
        *,
        max_wait: float,
        counter: _Counter | None = None,
        deadline: Deadline | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_wait = max_wait
        self.deadline = deadline or Deadline(None)
        self.counter = counter if counter is not None else _Counter()
        kwargs.setdefault("secondary_rate_wait", min(60.0, max_wait))
        kwargs.setdefault("max_rate_limit_wait", max_wait)
        kwargs.setdefault("backoff_max", max_wait)
        super().__init__(**kwargs)

    def new(self, **kw: Any) -> _BoundedRetry:
        # urllib3 makes a new Retry per attempt: carry our settings and the shared counter
        kw.update(max_wait=self.max_wait, counter=self.counter, deadline=self.deadline)
        return super().new(**kw)

    def increment(  # type: ignore[override]
        self,
        method: str | None = None,
        url: str | None = None,
        response: Any = None,
        error: Exception | None = None,
        _pool: Any = None,
        _stacktrace: Any = None,
    ) -> GithubRetry:
        if self.deadline.expired:
            raise _DeadlineReached()
        if response is not None:
            retry_after = response.headers.get("Retry-After")
            if retry_after and self._seconds(retry_after) > self.max_wait:
                status = int(response.status)
                headers = dict(response.headers)
                if status in (403, 429):
                    raise RateLimitExceededExceedsMaxWait(status, None, headers, wait=None)
                raise GithubException(status, None, headers)
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        self.counter.retries += 1  # only reached when another attempt follows
        return cast(GithubRetry, retry)

    def sleep(self, response: Any = None) -> None:
        """Wait before the next attempt, unless that wait would end past the deadline."""
        wait = self.get_retry_after(response) if response is not None else None
        if wait is None:
            wait = self.get_backoff_time()
        if wait >= self.deadline.remaining():
            raise _DeadlineReached()
        super().sleep(response)

    def _seconds(self, value: str) -> float:
        try:
            return float(self.parse_retry_after(value))
        except Exception:  # an unparseable header: let urllib3 handle it as usual
            return 0.0


class _Failure(Exception):
    """A transient failure, already reduced to a short, token-free reason."""

    def __init__(self, reason: str, *, fatal: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal  # the rest of the run cannot succeed either (rate limit, bad token)


@dataclass(slots=True)
class _Found:
    canonical: str
    archived: bool
    description: str
    readme: str | None
    readme_known: bool  # False: a README may exist, GraphQL just did not find it by name


class GitHubSource:
    """Facts about GitHub repositories (``RepoFact``), through PyGithub.

    ``report`` sums up the run (source ``"github"``): answered repositories, unverified ones by
    reason, and HTTP requests made (including retries and rename redirects).
    """

    def __init__(
        self,
        token: str | None = None,
        api_url: str | None = None,
        *,
        batch_size: int = 50,
        timeout: float = TIMEOUT,
        max_wait: float = 60.0,
        retries: int = 3,
        backoff_factor: float = 0.5,
        seconds_between_requests: float = 0.25,
        deadline: Deadline | None = None,
    ) -> None:
        """Prepare a client; nothing is sent until ``fetch``.

        ``api_url`` defaults to ``$GITHUB_API_URL``, else ``https://api.github.com``.
        ``retries`` and ``backoff_factor`` shape PyGithub's retry of 5xx, rate-limit 403s and
        connection errors; a read timeout is not retried and stops the source for the run
        ("GitHub timed out"). ``timeout`` is for connecting and for each read; ``max_wait``
        bounds any single wait; ``seconds_between_requests`` spaces
        requests as GitHub asks of integrators (PyGithub's default, 0.25 s). Past ``deadline``
        no request is sent and no retry waits: the rest is UNVERIFIED, "deadline reached".
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.api_url = (api_url or os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
        self.batch_size = batch_size
        self.report = SourceReport("github")
        self._token = token or None
        self._counter = _Counter()
        self._deadline = deadline or Deadline(None)
        retry = _BoundedRetry(
            max_wait=max_wait,
            counter=self._counter,
            deadline=self._deadline,
            total=retries,
            # A read timeout is not retried: a server that accepts and never answers would
            # hold every attempt for the whole timeout again.
            read=0,
            backoff_factor=backoff_factor,
        )
        self._gh = Github(
            auth=Auth.Token(token) if token else None,
            base_url=self.api_url,
            # PyGithub asserts an int: round up, so a timeout is never shorter than asked
            timeout=max(1, math.ceil(timeout)),
            user_agent=USER_AGENT,
            retry=retry,
            seconds_between_requests=seconds_between_requests,
            # GraphQL queries are POSTs but read-only: no need for the 1 s write spacing
            seconds_between_writes=seconds_between_requests,
        )
        self._stop_reason: str | None = None

    def __repr__(self) -> str:
        # never the token itself
        return f"GitHubSource(api_url={self.api_url!r}, authenticated={self._token is not None})"

    def close(self) -> None:
        self._gh.close()

    def __enter__(self) -> GitHubSource:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------------ API
    def fetch(self, repos: Iterable[str]) -> dict[str, RepoFact]:
        """Facts for ``"owner/name"`` strings, keyed by ``"owner/name".lower()``.

        A name given twice in different case is looked up once (GitHub names are
        case-insensitive); ``requested`` keeps the first spelling.
        """
        wanted: dict[str, str] = {}
        for name in repos:
            wanted.setdefault(name.strip().lower(), name.strip())
        facts: dict[str, RepoFact] = {}
        valid: list[str] = []
        for key, name in wanted.items():
            if values.is_repo_name(name):
                valid.append(name)
            else:
                facts[key] = self._unverified(name, "not a GitHub owner/name")
        self._stop_reason = None
        if self._token:
            facts.update(self._fetch_graphql(valid))
        else:
            facts.update(self._fetch_rest(valid, budgeted=True))
        return {key: facts[key] for key in wanted}

    # -------------------------------------------------------------- GraphQL
    def _fetch_graphql(self, names: Sequence[str]) -> dict[str, RepoFact]:
        facts: dict[str, RepoFact] = {}
        confirm: list[str] = []  # NOT_FOUND in GraphQL: renamed or missing, REST tells
        readme_by_rest: dict[str, RepoFact] = {}
        failed_batches = 0  # in a row
        for start in range(0, len(names), self.batch_size):
            batch = names[start : start + self.batch_size]
            if self._stop_reason:
                facts.update({n.lower(): self._unverified(n, self._stop_reason) for n in batch})
                continue
            try:
                answer = self._call(functools.partial(self._graphql, batch))
            except _Failure as failure:
                failed_batches += 1
                if failure.fatal:
                    self._stop_reason = failure.reason
                elif failed_batches >= _MAX_CONSECUTIVE_FAILURES:
                    self._stop_reason = f"{SKIPPED} ({failure.reason})"
                facts.update({n.lower(): self._unverified(n, failure.reason) for n in batch})
                continue
            failed_batches = 0
            data = answer.get("data") if isinstance(answer, dict) else None
            errors = answer.get("errors") if isinstance(answer, dict) else None
            by_alias = _errors_by_alias(errors)
            if not isinstance(data, dict):
                reason = _graphql_reason(errors)
                if "RATE_LIMITED" in reason:
                    self._stop_reason = RATE_LIMIT
                    reason = RATE_LIMIT
                facts.update({n.lower(): self._unverified(n, reason) for n in batch})
                continue
            for index, name in enumerate(batch):
                alias = f"r{index}"
                node = data.get(alias)
                if isinstance(node, dict) and isinstance(node.get("nameWithOwner"), str):
                    found = _from_graphql(node)
                    fact = self._found(name, found)
                    facts[name.lower()] = fact
                    if not found.readme_known:
                        readme_by_rest[name.lower()] = fact
                elif by_alias.get(alias, ("", ""))[0] == "NOT_FOUND":
                    confirm.append(name)
                else:
                    error_type = by_alias.get(alias, ("no data", ""))[0]
                    facts[name.lower()] = self._unverified(
                        name, f"GitHub GraphQL error: {error_type}"
                    )
        facts.update(self._fetch_rest(confirm, budgeted=False))
        for key, fact in readme_by_rest.items():
            facts[key] = self._rest_readme(fact)
        return facts

    def _graphql(self, batch: Sequence[str]) -> Any:
        _, answer = self._gh.requester.requestJsonAndCheck(
            "POST", self._gh.requester.graphql_url, input={"query": _query(batch), "variables": {}}
        )
        return answer

    def _rest_readme(self, fact: RepoFact) -> RepoFact:
        """README through REST (any file name) for a repository GraphQL found without one."""
        if self._stop_reason or fact.canonical is None:
            return fact
        try:
            readme = self._call(lambda: self._readme_by_name(fact.canonical or fact.requested))
        except _Failure as failure:
            if failure.fatal:
                self._stop_reason = failure.reason
            return replace(fact, reason=f"README not read: {failure.reason}")
        return replace(fact, readme=readme)

    def _readme_by_name(self, full_name: str) -> str | None:
        try:
            _, data = self._gh.requester.requestJsonAndCheck("GET", f"/repos/{full_name}/readme")
        except UnknownObjectException:
            return None
        return _decode_readme(data)

    # ----------------------------------------------------------------- REST
    def _fetch_rest(self, names: Sequence[str], *, budgeted: bool) -> dict[str, RepoFact]:
        """``get_repo`` plus README per repository; ``budgeted``: mind the 60-an-hour limit."""
        facts: dict[str, RepoFact] = {}
        if budgeted and names:
            self._read_rate_limit()
        failures_in_a_row = 0
        for name in names:
            if self._stop_reason:
                facts[name.lower()] = self._unverified(name, self._stop_reason)
                continue
            if budgeted and self._remaining() < 2:  # the repository and its README
                self._stop_reason = NO_TOKEN_RATE_LIMIT
                facts[name.lower()] = self._unverified(name, self._stop_reason)
                continue
            fact = self._rest_one(name, budgeted=budgeted)
            facts[name.lower()] = fact
            if fact.status is FactStatus.UNVERIFIED:
                failures_in_a_row += 1
                if failures_in_a_row >= _MAX_CONSECUTIVE_FAILURES and not self._stop_reason:
                    self._stop_reason = f"{SKIPPED} ({fact.reason})"
            else:
                failures_in_a_row = 0
        return facts

    def _rest_one(self, name: str, *, budgeted: bool) -> RepoFact:
        try:
            repo: Repository = self._call(lambda: self._get_repo(name))
        except UnknownObjectException:
            self.report.verified += 1
            return RepoFact(name, FactStatus.MISSING, reason="GitHub: 404 Not Found")
        except _Failure as failure:
            if failure.fatal:
                self._stop_reason = failure.reason
            return self._unverified(name, failure.reason)
        full_name = repo.full_name
        if full_name.lower() != name.lower():
            self.report.requests += 1  # GitHub answered the old name with a 301 first
        found = _Found(full_name, bool(repo.archived), repo.description or "", None, False)
        if budgeted and self._remaining() < 1:
            fact = self._found(name, found)
            return replace(fact, reason=f"README not read: {NO_TOKEN_RATE_LIMIT}")
        try:
            found.readme = self._call(lambda: self._readme(repo))
            found.readme_known = True
        except _Failure as failure:
            if failure.fatal:
                self._stop_reason = failure.reason
            return replace(self._found(name, found), reason=f"README not read: {failure.reason}")
        return self._found(name, found)

    def _get_repo(self, name: str) -> Repository:
        repo = self._gh.get_repo(name)  # lazy=False: the GET happens here, 301s followed
        raw = repo.raw_data
        if not isinstance(raw, dict) or not isinstance(raw.get("full_name"), str):
            raise ValueError("not a repository object")  # e.g. an HTML page with status 200
        return repo

    @staticmethod
    def _readme(repo: Repository) -> str | None:
        try:
            content = repo.get_readme()
        except UnknownObjectException:
            return None  # the repository has no README
        return _decode_readme(content.raw_data)

    def _read_rate_limit(self) -> None:
        """Learn the REST budget up front: ``GET /rate_limit`` is free on GitHub."""
        try:
            _, data = self._call(
                lambda: self._gh.requester.requestJsonAndCheck("GET", "/rate_limit")
            )
        except _Failure as failure:
            if failure.fatal:  # e.g. a timeout: the repositories would fare no better
                self._stop_reason = failure.reason
            return  # unknown: the first real answer's headers will tell
        except GithubException:
            return
        core = (data or {}).get("resources", {}).get("core", {}) if isinstance(data, dict) else {}
        if isinstance(core.get("remaining"), int) and isinstance(core.get("limit"), int):
            # the requester only learns from X-RateLimit-* headers, which /rate_limit also sends;
            # keep the body's numbers should a proxy have dropped the headers
            self._gh.requester.rate_limiting = (core["remaining"], core["limit"])

    def _remaining(self) -> int:
        remaining, limit = self._gh.requester.rate_limiting
        return remaining if limit >= 0 else 1_000_000  # not known yet: nothing seen so far

    # -------------------------------------------------------------- helpers
    def _call(self, call: Callable[[], Any]) -> Any:
        """Run one API call, count its HTTP requests, and reduce failures to short reasons.

        ``UnknownObjectException`` (404) passes through: the caller decides what missing means.
        """
        for attempt in range(1, _JSON_ATTEMPTS + 1):
            if self._deadline.expired:
                raise _Failure(DEADLINE_REASON, fatal=True)
            before = self._counter.retries
            self.report.requests += 1
            try:
                return call()
            except UnknownObjectException:
                raise
            except ValueError:  # JSONDecodeError, or our own shape check: ask once more
                if attempt == _JSON_ATTEMPTS:
                    raise _Failure("GitHub answered invalid JSON") from None
            except Exception as exc:
                failure = _classify(exc, self._token)
                if failure is None:
                    raise  # a bug here, not GitHub: let it surface
                raise failure from None  # from None: no chained text that could hold secrets
            finally:
                self.report.requests += self._counter.retries - before
        raise AssertionError("unreachable")

    def _found(self, name: str, found: _Found) -> RepoFact:
        if not values.is_repo_name(found.canonical):
            # Never trusted: the name may be written into a list by repo-moved.
            return self._unverified(name, "GitHub answered a name that is not owner/name")
        self.report.verified += 1
        return RepoFact(
            requested=name,
            status=FactStatus.FOUND,
            canonical=found.canonical,
            archived=found.archived,
            description=found.description,
            readme=found.readme,
        )

    def _unverified(self, name: str, reason: str) -> RepoFact:
        self.report.skip(reason)
        return RepoFact(name, FactStatus.UNVERIFIED, reason=reason)


# ---------------------------------------------------------------------- pure helpers
def _query(batch: Sequence[str]) -> str:
    """One GraphQL query with an alias per repository (names already validated)."""
    readmes = " ".join(
        f'readme{i}: object(expression: "HEAD:{path}") {{ ... on Blob {{ text }} }}'
        for i, path in enumerate(_README_PATHS)
    )
    fields = f"nameWithOwner isArchived description {readmes}"
    lines = []
    for index, name in enumerate(batch):
        owner, repo = name.split("/", 1)
        lines.append(
            f'  r{index}: repository(owner: "{owner}", name: "{repo}", followRenames: true)'
            f" {{ {fields} }}"
        )
    return "query {\n" + "\n".join(lines) + "\n}"


def _from_graphql(node: dict[str, Any]) -> _Found:
    readme: str | None = None
    for index in range(len(_README_PATHS)):
        blob = node.get(f"readme{index}")
        if isinstance(blob, dict) and isinstance(blob.get("text"), str):
            readme = blob["text"]
            break
    return _Found(
        canonical=node["nameWithOwner"],
        archived=bool(node.get("isArchived")),
        description=node.get("description") or "",
        readme=readme,
        readme_known=readme is not None,
    )


def _errors_by_alias(errors: Any) -> dict[str, tuple[str, str]]:
    """``{alias: (type, message)}`` from GraphQL ``errors`` whose ``path`` names an alias."""
    found: dict[str, tuple[str, str]] = {}
    if not isinstance(errors, list):
        return found
    for error in errors:
        if not isinstance(error, dict):
            continue
        path = error.get("path")
        if isinstance(path, list) and path and isinstance(path[0], str):
            found.setdefault(
                path[0], (str(error.get("type") or "ERROR"), str(error.get("message")))
            )
    return found


def _graphql_reason(errors: Any) -> str:
    types = sorted(
        {str(e.get("type") or "ERROR") for e in errors if isinstance(e, dict)}
        if isinstance(errors, list)
        else set()
    )
    return f"GitHub GraphQL error: {', '.join(types)}" if types else "GitHub GraphQL: no data"


def _decode_readme(data: Any) -> str | None:
    """Text of a REST content object (base64 ``content``), or None if it has none."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), str):
        return None
    if data.get("encoding") not in (None, "base64"):
        return None  # e.g. "none" for files over 1 MB: no content inline
    try:
        raw = base64.b64decode(data["content"])
    except (binascii.Error, ValueError):
        return None
    return raw.decode("utf-8", errors="replace")


def _classify(exc: Exception, token: str | None) -> _Failure | None:
    """A short reason for a failed call (``fatal``: further calls would fail alike), or None.

    Reasons are fixed phrases: never exception text, which could echo request details.
    """
    if isinstance(exc, _DeadlineReached):
        return _Failure(DEADLINE_REASON, fatal=True)
    if isinstance(exc, BadCredentialsException):
        return _Failure(BAD_TOKEN, fatal=True)
    if isinstance(exc, GithubException):
        return _status_failure(exc.status, exc.headers, token)
    if isinstance(exc, requests.exceptions.RetryError):
        # urllib3 gave up retrying statuses (5xx, or 403/429 with Retry-After)
        match = _RETRY_STATUS.search(str(exc))
        failure = _status_failure(int(match.group(1)) if match else 500, None, token)
        return _Failure(f"{failure.reason} after retries", fatal=failure.fatal)
    if isinstance(exc, requests.exceptions.Timeout) or _is_read_timeout(exc):
        # fatal: the next batch would wait as long again
        return _Failure("GitHub timed out", fatal=True)
    if isinstance(exc, requests.exceptions.ConnectionError):
        return _Failure("GitHub unreachable (connection failed)")
    if isinstance(exc, (RuntimeError, AssertionError)):
        # PyGithub refuses redirects to another host or scheme, and foreign API URLs
        return _Failure("GitHub answer pointed elsewhere")
    if isinstance(exc, requests.exceptions.RequestException):
        return _Failure(f"GitHub request failed ({type(exc).__name__})")
    return None


def _status_failure(status: int, headers: Any, token: str | None) -> _Failure:
    if status in (403, 429):
        # the hourly budget is spent (or, headers unknown after retries, may be)
        if headers is None or _header(headers, "X-RateLimit-Remaining") == "0":
            return _Failure(RATE_LIMIT if token else NO_TOKEN_RATE_LIMIT, fatal=True)
        if status == 429 or _header(headers, "Retry-After") is not None:
            return _Failure(SECONDARY_RATE_LIMIT, fatal=True)
        return _Failure("GitHub answered HTTP 403")  # e.g. a blocked repository, not a limit
    if status == 401:
        return _Failure(BAD_TOKEN if token else "GitHub requires a token (401)", fatal=True)
    if status >= 500:
        return _Failure(f"GitHub server error (HTTP {status})")
    return _Failure(f"GitHub answered HTTP {status}")


def _header(headers: Any, name: str) -> str | None:
    """A header from PyGithub's (lowercased) or urllib3's (original case) header mapping."""
    if not headers:
        return None
    wanted = name.lower()
    for key, value in dict(headers).items():
        if str(key).lower() == wanted:
            return str(value)
    return None


def _is_read_timeout(exc: Exception) -> bool:
    # urllib3 retried read timeouts until exhausted: requests wraps that as a ConnectionError
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, ReadTimeoutError)
