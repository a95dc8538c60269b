"""A pull-request review: findings as line comments on the change, fixes as suggestions.

One run posts at most one review (event ``COMMENT``), in the way reviewdog's
``github-pr-review`` reporter does:

* A finding on a line the pull request's diff shows becomes a line comment on the ``RIGHT``
  side (``start_line``..``line`` for a multi-line span). When its fix edits only lines of that
  range, the comment carries a ```` ```suggestion ```` block holding those lines as fixed.
* GitHub refuses a whole review when one comment lies outside the diff (422, nothing
  posted), so the diff is taken from GitHub itself (``GET .../pulls/N/files``), not guessed:
  findings it does not show go into the review's body, as a table.
* At most ``max_comments`` (30) comments per review: more in one request trips GitHub's abuse
  detection (reviewdog's limit). The rest go into the body too, listed as "not posted as
  comments"; one review per run keeps the notifications down, and the next run, once these
  are fixed, has room for others. (Chosen over several review requests in a row, which would
  each count against the content-creation limits and notify each time.)
* Every comment (and the body, for its rows) hides a fingerprint ``<!-- awesome-lint:
  fingerprint=... -->`` made of the rule, the path, the message and the text the finding points
  at, not its line number: a re-run skips what is already posted even after lines moved, and
  deletes awesome-lint's comments whose finding is gone, unless someone replied to them.
  Only the marker at the very end of a comment or body counts: the text above it is escaped
  (it quotes titles from the list, which a hostile pull request writes), so it can neither
  forge a marker nor start a suggestion, an HTML comment or a link of its own.
* A read-only token (403 "Resource not accessible by integration", as on pull requests from
  forks), or any other API failure, is not an error: the outcome says why nothing was posted
  (``fallback_reason``) and the caller relies on the annotations. The token never appears in
  a message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import requests
import urllib3
from github import Auth, Github, GithubException, GithubRetry
from github.PullRequest import ReviewComment

from awesome_lint import __version__, fix
from awesome_lint.diff import ChangedFile, Hunk, PullRequestRef, parse_patch
from awesome_lint.findings import Finding
from awesome_lint.report.markdown import escape_cell

__all__ = [
    "DEFAULT_API_URL",
    "MAX_COMMENTS",
    "ExistingComment",
    "ReviewOutcome",
    "ReviewPlan",
    "fingerprint",
    "plan_review",
    "post_review",
]

DEFAULT_API_URL: Final = "https://api.github.com"
#: Comments per review request; more trips GitHub's abuse detection (reviewdog's limit).
MAX_COMMENTS: Final = 30
#: Rows of the body table; GitHub caps a body at 65,536 characters.
MAX_BODY_ROWS: Final = 100
MAX_BODY_CHARS: Final = 60_000
#: GitHub rejects a comment over 65,536 characters; ours stay under it, with room to spare.
MAX_COMMENT_CHARS: Final = 60_000
_SHORTENED: Final = (
    "_This comment was shortened to fit GitHub's limit of 65,536 characters: run"
    " `awesome-lint` locally for the whole text._"
)
HEADER: Final = "**awesome-lint**"
USER_AGENT: Final = f"awesome-lint/{__version__}"
#: Retries of a failed read or delete (5xx, connection errors, rate limits).
RETRIES = 3

# Markers are read only where awesome-lint writes them: at the very end.
_FINGERPRINT: Final = re.compile(r"<!-- awesome-lint:fingerprint=([0-9a-f]{16}) -->\s*\Z")
_BODY_FINGERPRINTS: Final = re.compile(
    r"<!-- awesome-lint:review -->\n<!-- awesome-lint:fingerprints=([0-9a-f,]*) -->\s*\Z"
)
_REVIEW_MARKER: Final = "<!-- awesome-lint:review -->"
_BACKTICKS: Final = re.compile(r"`+")


# ------------------------------------------------------------------------------- results
@dataclass(slots=True)
class ReviewOutcome:
    """What a review run did. ``fallback_reason`` set: nothing (more) was posted, and why."""

    posted: int = 0  # new line comments
    skipped_duplicates: int = 0  # findings already posted by an earlier run
    deleted_outdated: int = 0  # awesome-lint comments whose finding is gone
    body_findings: int = 0  # findings listed in the review's body instead of as comments
    fallback_reason: str | None = None
    review_id: int | None = None  # None: no review was created
    kept_outdated: int = 0  # outdated, but someone replied: left in place
    review_url: str | None = None
    warnings: list[str] = field(default_factory=list)  # non-fatal problems (a failed delete)

    def summary(self) -> str:
        """One line for the log: ``review: 2 comments, 1 in the body, 3 already posted``."""
        if self.fallback_reason is not None:
            return f"review not posted: {self.fallback_reason}"
        parts = [f"{self.posted} comment{'' if self.posted == 1 else 's'}"]
        if self.body_findings:
            parts.append(f"{self.body_findings} in the body")
        if self.skipped_duplicates:
            parts.append(f"{self.skipped_duplicates} already posted")
        if self.deleted_outdated:
            parts.append(f"{self.deleted_outdated} outdated deleted")
        if self.review_id is None:
            parts.append("no new review")
        return "review: " + ", ".join(parts)


@dataclass(frozen=True, slots=True)
class ExistingComment:
    """A review comment already on the pull request (anyone's)."""

    id: int
    body: str
    path: str
    in_reply_to_id: int | None = None

    @property
    def fingerprint(self) -> str | None:
        """The awesome-lint fingerprint, for a comment awesome-lint wrote."""
        if not self.body.startswith(HEADER):
            return None
        match = _FINGERPRINT.search(self.body)
        return match.group(1) if match else None


@dataclass(slots=True)
class ReviewPlan:
    """What to send: the review's comments and body, and which old comments to delete."""

    comments: list[ReviewComment] = field(default_factory=list)
    body: str = ""
    body_findings: int = 0
    skipped_duplicates: int = 0
    outdated: list[int] = field(default_factory=list)  # comment ids to delete
    kept_outdated: int = 0

    @property
    def needs_review(self) -> bool:
        return bool(self.comments or self.body_findings)


# ----------------------------------------------------------------------------- planning
def fingerprint(rule: str, path: str, message: str, flagged: str, occurrence: int = 0) -> str:
    """A stable id for a finding: what it says and about which text, not on which line.

    ``flagged`` is the text the finding points at (its span's text; its line's text when the
    span is empty). Lines moving (an entry added above) keep the id, and so do edits to other
    parts of the line: taking the suggestion of one finding does not re-post the comment of
    another on the same line. ``occurrence`` tells identical findings apart (the n-th one).
    """
    key = "\x1f".join((rule, path, message, flagged.strip(), str(occurrence)))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _flagged_text(finding: Finding, text: str | None) -> str:
    if text is None:
        return ""
    span = finding.span
    if 0 <= span.start < span.end <= len(text):
        return text[span.start : span.end]
    lines = text.split("\n")
    return lines[span.line - 1] if 0 < span.line <= len(lines) else ""


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _comment_range(finding: Finding) -> tuple[int, int]:
    start = max(finding.span.line, 1)
    end = finding.span.end_line
    if end > start and finding.span.end_column <= 1:  # ends at the very start of a line
        end -= 1
    return start, max(start, end)


def _hunk_for(hunks: Sequence[Hunk], line: int) -> Hunk | None:
    return next((hunk for hunk in hunks if line in hunk.new_lines), None)


def _place(finding: Finding, hunks: Sequence[Hunk] | None) -> tuple[int, int] | None:
    """The (start, end) lines to comment on, within one hunk of the diff; None: not in it."""
    if not hunks:
        return None
    start, end = _comment_range(finding)
    hunk = _hunk_for(hunks, start)
    if hunk is None:
        return None
    # GitHub wants start_line and line in the same hunk; else comment on the first line only.
    return (start, end) if end in hunk.new_lines else (start, start)


def _suggestion(finding: Finding, text: str | None, start: int, end: int) -> str | None:
    """Lines ``start..end`` as the finding's fix leaves them, or None when it cannot be shown.

    Only when every edit lies inside those lines' text: a suggestion replaces the commented
    lines whole, so an edit elsewhere (or across the line break) would be lost or garbled.
    """
    if finding.fix is None or text is None:
        return None
    starts = _line_starts(text)
    if end > len(starts):
        return None
    region_start = starts[start - 1]
    region_end = starts[end] - 1 if end < len(starts) else len(text)  # before the "\n"
    edits = finding.fix.edits
    if not edits or any(e.start < region_start or e.end > region_end for e in edits):
        return None
    fixed, applied = fix.apply(text, [finding.fix])
    if not applied or fixed == text:
        return None
    return fixed[region_start : region_end + len(fixed) - len(text)]


def _fence(content: str) -> str:
    longest = max((len(run) for run in _BACKTICKS.findall(content)), default=0)
    return "`" * max(3, longest + 1)


# A URL GitHub would make a link of (and, for an issue or pull request, a backlink there).
_URL: Final = re.compile(r"(?:https?://|www\.)[^\s<>\"'`|]+", re.IGNORECASE)
_URL_TAIL: Final = ".,;:!?)]}*_~"
# `#2`, `org/repo#2`, `GH-2`: references GitHub links, and announces in the issue named.
_REFERENCE: Final = re.compile(r"(#|\bGH-)(?=[0-9A-Za-z])", re.IGNORECASE)


def _quoted(text: str) -> str:
    """What a finding says, as plain text in a comment: escaped (``escape_cell``), with a
    zero-width space after each ``@`` so that a title or an author quoting ``@someone`` does not
    notify them (Renovate's way), a zero-width joiner after each ``#`` (and ``GH-``) so that
    ``org/repo#2`` links nothing and leaves no backlink, and each bare URL in a code span, as
    bots quoting untrusted text do. Suggestions are code and keep the line as it is."""
    pieces: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TAIL)
        pieces.append(_plain(text[position : match.start()]))
        pieces.append(_code_cell(url))
        position = match.start() + len(url)
    pieces.append(_plain(text[position:]))
    return "".join(pieces)


def _plain(text: str) -> str:
    return _REFERENCE.sub("\\1\u200d", escape_cell(text).replace("@", "@\u200b"))


def _comment_body(finding: Finding, suggestion: str | None, print_: str) -> str:
    """The comment, within GitHub's limit: a suggestion too long to fit is left out (a cut
    one would commit half a line), then the quoted messages are cut, with a note saying so."""
    body = _full_comment_body(finding, suggestion, print_, limit=None)
    if len(body) <= MAX_COMMENT_CHARS:
        return body
    return _full_comment_body(finding, None, print_, limit=MAX_COMMENT_CHARS // 4)


def _cut(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _full_comment_body(
    finding: Finding, suggestion: str | None, print_: str, *, limit: int | None
) -> str:
    # Messages quote the list (titles, URLs): escaped, each stays one line of plain text.
    message = _quoted(_cut(finding.message, limit))
    parts = [f"{HEADER} ({finding.rule}) {finding.severity}: {message}"]
    related_budget = None if limit is None else limit // max(len(finding.related), 1)
    for related in finding.related[: None if limit is None else 20]:
        parts.append(
            f"- line {related.span.line}: {_quoted(_cut(related.message, related_budget))}"
        )
    if finding.fix is not None:
        fix_message = _quoted(_cut(finding.fix.message, limit))
        if suggestion is not None:
            fence = _fence(suggestion)
            caution = "" if finding.fix.is_safe else " (unsafe fix: check it before committing)"
            parts.append(f"{fix_message}{caution}:\n{fence}suggestion\n{suggestion}\n{fence}")
        else:
            flag = "--fix" if finding.fix.is_safe else "--fix --unsafe-fixes"
            parts.append(f"Fix: {fix_message} (`awesome-lint {flag}`)")
    if limit is not None:
        parts.append(_SHORTENED)
    parts.append(f"<!-- awesome-lint:fingerprint={print_} -->")
    return "\n\n".join(parts)


def _code_cell(text: str) -> str:
    """``text`` as a code span in a table cell: delimited by more backticks than it holds, so
    it cannot end early; pipes escaped, as GFM tables need even inside code."""
    text = text.replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    ticks = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _body(
    rows: list[tuple[Finding, str, str]],
    posted: int,
    overflow: int,
    max_comments: int,
    link: str | None,
) -> str:
    """The review's text: a summary line, then a table of the findings not commented on."""
    total = posted + len(rows)
    lines = [f"{HEADER} found {total} new problem{'' if total == 1 else 's'} in this change."]
    if posted:
        lines[0] += f" {posted} {'is' if posted == 1 else 'are'} commented on the lines below."
    if overflow:
        lines.append(
            f"{overflow} more {'is' if overflow == 1 else 'are'} listed here rather than"
            f" commented on: at most {max_comments} comments go in one review."
        )
    if len(rows) > overflow:
        lines.append(
            "Findings on lines the pull request's diff does not show cannot be review"
            " comments; they are listed here."
        )
    shown: list[str] = []
    if rows:
        table = ["", "| Location | Rule | Severity | Message |", "|---|---|---|---|"]
        size = sum(len(line) + 1 for line in lines + table)
        for finding, repo_path, print_ in rows:
            where = f"{repo_path}:{finding.span.line}:{finding.span.column}"
            location = f"[{_code_cell(where)}]({link}/{_quote(repo_path)}#L{finding.span.line})"
            if link is None:
                location = _code_cell(where)
            message = _quoted(finding.message)
            row = f"| {location} | {finding.rule} | {finding.severity} | {message} |"
            if len(shown) >= MAX_BODY_ROWS or size + len(row) > MAX_BODY_CHARS:
                break
            table.append(row)
            shown.append(print_)
            size += len(row) + 1
        lines += table
        if len(shown) < len(rows):
            lines.append(
                f"\n_{len(rows) - len(shown)} more not listed: see the job summary or run"
                " `awesome-lint` locally._"
            )
    lines += ["", _REVIEW_MARKER]
    if shown:  # what a re-run must not list again
        lines.append(f"<!-- awesome-lint:fingerprints={','.join(shown)} -->")
    return "\n".join(lines)


def _quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/")


def _repo_path(path: str, changed: Mapping[str, ChangedFile]) -> str:
    """Where GitHub knows a file: relative to the repository's root, not the working folder."""
    item = changed.get(path)
    return item.repo_path if item is not None else path.removeprefix("./")


def plan_review(
    findings: Iterable[Finding],
    texts: Mapping[str, str],
    changed: Mapping[str, ChangedFile],
    diff_hunks: Mapping[str, Sequence[Hunk] | None],
    existing: Sequence[ExistingComment] = (),
    posted_in_bodies: Iterable[str] = (),
    *,
    max_comments: int = MAX_COMMENTS,
    blob_url: str | None = None,
) -> ReviewPlan:
    """Decide the review without any request: what to comment, list, skip and delete.

    ``diff_hunks`` maps repository paths to the hunks of the pull request's diff (None: GitHub
    shows no diff of that file). ``existing`` are the review comments already on the pull
    request; ``posted_in_bodies`` the fingerprints earlier awesome-lint reviews listed.
    ``blob_url`` (``https://github.com/o/r/blob/SHA``) makes the body's locations links.
    """
    plan = ReviewPlan()
    ordered = sorted(findings, key=lambda f: f.sort_key)
    seen: Counter[tuple[str, str, str, str]] = Counter()
    prints: list[tuple[Finding, str, str]] = []  # finding, repository path, fingerprint
    for finding in ordered:
        repo_path = _repo_path(finding.path, changed)
        flagged = _flagged_text(finding, texts.get(finding.path))
        key = (finding.rule, repo_path, finding.message, flagged.strip())
        prints.append((finding, repo_path, fingerprint(*key, occurrence=seen[key])))
        seen[key] += 1
    current = {print_ for _, _, print_ in prints}

    ours = [c for c in existing if c.fingerprint is not None]
    already = {c.fingerprint for c in ours} | set(posted_in_bodies)
    # Changed lines first, then errors before warnings: they deserve the comment slots.
    prints.sort(key=lambda item: (not item[0].on_changed_line, -item[0].severity))
    rows: list[tuple[Finding, str, str]] = []
    overflow = 0
    for finding, repo_path, print_ in prints:
        if print_ in already:
            plan.skipped_duplicates += 1
            continue
        place = _place(finding, diff_hunks.get(repo_path))
        if place is None:
            rows.append((finding, repo_path, print_))
            continue
        if len(plan.comments) >= max_comments:
            rows.append((finding, repo_path, print_))
            overflow += 1
            continue
        start, end = place
        suggestion = _suggestion(finding, texts.get(finding.path), start, end)
        comment: ReviewComment = {
            "path": repo_path,
            "body": _comment_body(finding, suggestion, print_),
            "line": end,
            "side": "RIGHT",
        }
        if start < end:
            comment["start_line"] = start
            comment["start_side"] = "RIGHT"
        plan.comments.append(comment)

    # Outdated: ours, in a file this run linted, whose finding is gone and nobody answered.
    linted = {_repo_path(path, changed) for path in texts}
    replied = {c.in_reply_to_id for c in existing if c.in_reply_to_id is not None}
    for old in ours:
        if old.fingerprint in current or old.path not in linted:
            continue
        if old.id in replied:
            plan.kept_outdated += 1
        else:
            plan.outdated.append(old.id)

    plan.body_findings = len(rows)
    if plan.needs_review:
        plan.body = _body(rows, len(plan.comments), overflow, max_comments, blob_url)
    return plan


# ------------------------------------------------------------------------------ posting
def _token_forms(token: str) -> list[str]:
    """Every way ``token`` may be quoted in an error: as it is, stripped, as ``repr`` and JSON
    escape it (a CR or LF becomes ``\\r``/``\\n``), percent-encoded, escaped as a workflow
    value, in base64 (basic auth), and each run of it between whitespace or control
    characters long enough to be a secret. Longest first."""
    forms = {
        token,
        token.strip(),
        repr(token)[1:-1],
        json.dumps(token)[1:-1],
        urllib.parse.quote(token, safe=""),
        urllib.parse.quote_plus(token),
        token.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"),
        base64.b64encode(token.encode("utf-8", "replace")).decode("ascii"),
        base64.b64encode(f"x-access-token:{token}".encode("utf-8", "replace")).decode("ascii"),
    }
    forms.update(part for part in re.split(r"[\s\x00-\x1f\x7f]+", token) if len(part) >= 8)
    return sorted((form for form in forms if len(form) >= 8), key=len, reverse=True)


def _scrub(text: str, token: str) -> str:
    """``text`` without ``token`` in any form an error message may hold it."""
    if not token:
        return text
    for form in _token_forms(token):
        text = text.replace(form, "***")
    return text


def _html_base(api_url: str) -> str | None:
    """``https://github.com`` for the public API, ``https://host`` for GitHub Enterprise."""
    parts = urllib.parse.urlsplit(api_url)
    if parts.hostname == "api.github.com":
        return "https://github.com"
    if parts.path.rstrip("/").endswith("/api/v3"):
        return f"{parts.scheme}://{parts.netloc}"
    return None


def _describe(error: BaseException, pr: PullRequestRef) -> str:
    """One line for a failed API call; what a maintainer can do about it."""
    if isinstance(error, GithubException):
        data = error.data if isinstance(error.data, dict) else {}
        message = str(data.get("message") or "").strip() or "no message"
        details = data.get("errors")
        if isinstance(details, list) and details:
            message += ": " + "; ".join(
                str(d.get("message", d) if isinstance(d, dict) else d) for d in details
            )
        status = error.status
        if status == 403 and "not accessible by integration" in message.lower():
            why = (
                "the pull request comes from a fork, whose token is read-only"
                if pr.is_fork
                else "the token is read-only (give the job `permissions: pull-requests: write`)"
            )
            return f"GitHub refused the review (403 {message}): {why}"
        if status == 401:
            return f"GitHub rejected the token (401 {message})"
        if status == 404:
            return (
                f"pull request {pr.repository}#{pr.number} not found, or not visible to the token"
            )
        return f"GitHub API error {status}: {message}"
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    detail = f"{type(error).__name__}: {first_line}" if first_line else type(error).__name__
    if isinstance(error, (requests.RequestException, urllib3.exceptions.HTTPError, OSError)):
        return f"GitHub API unreachable ({detail})"
    return f"review failed unexpectedly ({detail})"


def _client(token: str, api_url: str, seconds_between_writes: float) -> Github:
    # Retry reads and deletes only: a POST that timed out may have created the review, and a
    # second one would post every comment twice.
    retry = GithubRetry(
        total=RETRIES,
        backoff_factor=1.0,
        allowed_methods=frozenset({"GET", "DELETE"}),
        secondary_rate_wait=30,
        max_rate_limit_wait=60,
    )
    return Github(
        auth=Auth.Token(token),
        base_url=api_url.rstrip("/"),
        timeout=20,
        per_page=100,
        retry=retry,
        user_agent=USER_AGENT,
        seconds_between_requests=0,
        seconds_between_writes=seconds_between_writes,
        lazy=True,
    )


def post_review(
    findings: Iterable[Finding],
    texts: Mapping[str, str],
    changed: Mapping[str, ChangedFile],
    pr: PullRequestRef,
    *,
    token: str,
    api_url: str | None = None,
    max_comments: int = MAX_COMMENTS,
    seconds_between_writes: float = 1.0,
) -> ReviewOutcome:
    """Post ``findings`` as one review of pull request ``pr``; never raises.

    ``texts`` maps finding paths to the document text (``\\n`` line endings), for suggestions
    and fingerprints; ``changed`` (from ``diff.merge_base_diff``) maps them to repository
    paths. Comments go only where GitHub's own diff of the pull request shows the line.
    ``seconds_between_writes`` spaces POST/DELETE requests, as GitHub asks of integrations.
    """
    outcome = ReviewOutcome()
    findings = list(findings)
    if not token:
        outcome.fallback_reason = "no GitHub token (set GITHUB_TOKEN)"
        return outcome
    api = api_url or DEFAULT_API_URL
    try:
        _post(
            outcome, findings, texts, changed, pr, token, api, max_comments, seconds_between_writes
        )
    except Exception as error:  # the caller falls back to annotations; never a traceback
        outcome.fallback_reason = _scrub(_describe(error, pr), token)
    outcome.warnings = [_scrub(w, token) for w in outcome.warnings]
    return outcome


def _post(
    outcome: ReviewOutcome,
    findings: list[Finding],
    texts: Mapping[str, str],
    changed: Mapping[str, ChangedFile],
    pr: PullRequestRef,
    token: str,
    api_url: str,
    max_comments: int,
    seconds_between_writes: float,
) -> None:
    with _client(token, api_url, seconds_between_writes) as gh:
        repo = gh.get_repo(pr.repository)  # lazy client: no request yet
        pull = repo.get_pull(pr.number)
        head = pull.head.sha  # the one request that completes the pull request
        if pr.head_sha and head != pr.head_sha:
            outcome.fallback_reason = (
                f"pull request #{pr.number} has new commits (head {head[:7]}, this run linted"
                f" {pr.head_sha[:7]}): a newer run will review them"
            )
            return
        diff_hunks: dict[str, list[Hunk] | None] = {}
        for item in pull.get_files():
            diff_hunks[item.filename] = parse_patch(item.patch)[0] if item.patch else None
        listed = list(pull.get_review_comments())
        existing = [
            ExistingComment(c.id, c.body or "", c.path or "", c.in_reply_to_id) for c in listed
        ]
        in_bodies: set[str] = set()
        for review in pull.get_reviews():
            body = review.body or ""
            match = _BODY_FINGERPRINTS.search(body)
            if match is not None:
                in_bodies.update(p for p in match.group(1).split(",") if p)

        html = _html_base(api_url)
        blob = f"{html}/{pr.repository}/blob/{head}" if html else None
        plan = plan_review(
            findings,
            texts,
            changed,
            diff_hunks,
            existing,
            in_bodies,
            max_comments=max_comments,
            blob_url=blob,
        )
        outcome.skipped_duplicates = plan.skipped_duplicates
        outcome.kept_outdated = plan.kept_outdated
        if plan.needs_review:
            review = pull.create_review(
                commit=repo.get_commit(head),  # lazy: names the commit, sends no request
                body=plan.body,
                event="COMMENT",
                comments=plan.comments,
            )
            outcome.review_id = review.id
            outcome.review_url = review.html_url
            outcome.posted = len(plan.comments)
            outcome.body_findings = plan.body_findings
        by_id = {c.id: c for c in listed}
        for comment_id in plan.outdated:
            try:
                by_id[comment_id].delete()
            except GithubException as error:
                if error.status == 404:  # gone already (another run, a person)
                    continue
                outcome.warnings.append(
                    f"could not delete outdated comment {comment_id}: {_describe(error, pr)}"
                )
            else:
                outcome.deleted_outdated += 1
