"""Pull-request reviews through PyGithub against the GitHub stand-in, and the plan behind them."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Auth, Github, GithubException

from awesome_lint import review
from awesome_lint.config import Config
from awesome_lint.diff import ChangedFile, Hunk, PullRequestRef, filter_findings, parse_patch
from awesome_lint.engine import Engine, Options
from awesome_lint.findings import Edit, Finding, Fix, Severity, Span
from awesome_lint.review import ExistingComment, fingerprint, plan_review, post_review
from conftest import LISTS, TODAY
from standins.github import (
    NOT_IN_DIFF,
    GitHubServer,
    GitHubStandin,
    PullFile,
    PullRecord,
    parse_patch_hunks,
    serve_github,
)

TOKEN = "ghs_REVIEWsecret0123456789abcdefABCDEF01"
BASE_SHA, HEAD_SHA, NEXT_SHA = "1" * 40, "2" * 40, "3" * 40
PR = PullRequestRef("octo/papers", 7, HEAD_SHA, BASE_SHA, "octo/papers")

_SOURCE = (LISTS / "awesome-umm-post-training.md").read_text(encoding="utf-8").split("\n")
# Base: the heading and four entries of a real list; UniRL's `v1` links are old debt (line 17).
BASE = "\n".join([*_SOURCE[0:6], _SOURCE[6], "", _SOURCE[9], "", _SOURCE[12], "", _SOURCE[24], ""])
GOOD = (
    "+ [Janus: Decoupling Visual Encoding for Unified Multimodal Understanding and Generation]"
    "(https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv) [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2410.13848)"
)
BROKEN = (
    "+ [JanusFlow: Harmonizing Autoregression and Rectified Flow for Unified Multimodal Understanding and Generation]"
    "(https://arxiv.org/pdf/2411.07975v1) (Jan. 2025, arXiv) [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2411.07975)"
)
_BASE_LINES = BASE.split("\n")
HEAD = "\n".join([*_BASE_LINES[0:6], GOOD, "", BROKEN, "", *_BASE_LINES[6:]])  # broken: line 9
FIXED_LINK = BROKEN.replace(
    "https://arxiv.org/pdf/2411.07975v1", "https://arxiv.org/abs/2411.07975"
)


def patch(before: str, after: str, context: int = 3) -> str:
    """What GitHub's ``patch`` field holds: the hunks, no ``---``/``+++`` lines."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), n=context
    )
    return "".join(list(lines)[2:])


def changed_for(before: str, after: str, path: str = "README.md") -> dict[str, ChangedFile]:
    hunks, added = parse_patch(patch(before, after, 0))
    return {path: ChangedFile(path, path, hunks=tuple(hunks), added=added)}


def lint(folder: Path, text: str, name: str = "README.md") -> tuple[list[Finding], dict[str, str]]:
    """Lint ``text`` as ``name`` in ``folder`` (the working folder, so paths are relative)."""
    (folder / name).write_text(text, encoding="utf-8")
    engine = Engine(Config(), Options(offline=True, today=TODAY))
    result, linted, _ = engine.run([name])
    return result.findings, {item.source.path: item.document.text for item in linted}


@pytest.fixture
def github(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHubServer]:
    monkeypatch.chdir(tmp_path)
    with serve_github(GitHubStandin(repos=[], renames={})) as server:
        server.github.add_pull_request(
            "octo",
            "papers",
            7,
            files={"README.md": patch(BASE, HEAD)},
            base_sha=BASE_SHA,
            head_sha=HEAD_SHA,
        )
        yield server


def pull_of(server: GitHubServer) -> PullRecord:
    return server.github.pull_request("octo", "papers", 7)


def post(
    server: GitHubServer,
    findings: list[Finding],
    texts: dict[str, str],
    *,
    changed: dict[str, ChangedFile] | None = None,
    pr: PullRequestRef = PR,
) -> review.ReviewOutcome:
    return post_review(
        findings,
        texts,
        changed if changed is not None else changed_for(BASE, HEAD),
        pr,
        token=TOKEN,
        api_url=server.url,
        seconds_between_writes=0,
    )


def suggestion_of(body: str) -> str | None:
    match = re.search(r"^(`{3,})suggestion\n(.*?)\n\1$", body, re.S | re.M)
    return match.group(2) if match else None


def review_posts(server: GitHubServer) -> int:
    return server.count("POST", "/repos/octo/papers/pulls/7/reviews")


# ------------------------------------------------------------------------ posting
def test_comments_sit_on_the_changed_line_with_the_fixed_line_as_suggestion(
    github: GitHubServer, tmp_path: Path
) -> None:
    findings, texts = lint(tmp_path, HEAD)
    kept, hidden = filter_findings(findings, changed_for(BASE, HEAD), "added")
    assert hidden == 2  # the base's UniRL links
    outcome = post(github, kept, texts)

    assert outcome.fallback_reason is None
    assert (outcome.posted, outcome.body_findings, outcome.skipped_duplicates) == (2, 0, 0)
    pull = pull_of(github)
    request = pull.review_requests[-1]
    print(json.dumps(request, indent=2, ensure_ascii=False))
    assert request["event"] == "COMMENT" and request["commit_id"] == HEAD_SHA
    comments = request["comments"]
    assert [(c["path"], c["line"], c["side"], "start_line" in c) for c in comments] == [
        ("README.md", 9, "RIGHT", False),
        ("README.md", 9, "RIGHT", False),
    ]
    date, link = comments  # errors first
    assert date["body"].startswith("**awesome-lint** (date-arxiv-id) error: listed 'Jan. 2025'")
    assert suggestion_of(date["body"]) is None
    assert link["body"].startswith("**awesome-lint** (arxiv-url) warning: ")
    assert suggestion_of(link["body"]) == FIXED_LINK
    assert all(
        re.search(r"<!-- awesome-lint:fingerprint=[0-9a-f]{16} -->", c["body"]) for c in comments
    )
    assert outcome.review_id == pull.reviews[0]["id"] and len(pull.comments) == 2


def test_findings_outside_the_diff_go_into_the_body_never_as_comments(
    github: GitHubServer, tmp_path: Path
) -> None:
    findings, texts = lint(tmp_path, HEAD)
    everything, hidden = filter_findings(findings, changed_for(BASE, HEAD), "nofilter")
    assert hidden == 0 and {f.span.line for f in everything} == {9, 17}
    outcome = post(github, everything, texts)

    assert (outcome.posted, outcome.body_findings) == (2, 2)
    pull = pull_of(github)
    request = pull.review_requests[-1]
    shown = {
        line
        for hunk in parse_patch_hunks(pull.files["README.md"].patch or "")
        for line in hunk.right
    }
    assert 17 not in shown
    assert all(c["line"] in shown for c in request["comments"])
    assert "`README.md:17:95`" in request["body"] and "`README.md:17:208`" in request["body"]
    assert "| arxiv-url | warning |" in request["body"]
    assert "<!-- awesome-lint:fingerprints=" in request["body"]


def test_the_standin_refuses_a_whole_review_for_one_comment_outside_the_diff(
    github: GitHubServer,
) -> None:
    with Github(auth=Auth.Token(TOKEN), base_url=github.url, retry=None, lazy=True) as gh:
        pull = gh.get_repo("octo/papers").get_pull(7)
        with pytest.raises(GithubException) as caught:
            pull.create_review(
                body="x",
                event="COMMENT",
                comments=[
                    {"path": "README.md", "line": 9, "side": "RIGHT", "body": "fine"},
                    {"path": "README.md", "line": 17, "side": "RIGHT", "body": "outside"},
                ],
            )
    assert caught.value.status == 422
    assert caught.value.data["errors"] == [NOT_IN_DIFF]
    assert pull_of(github).reviews == [] and pull_of(github).comments == []


def test_at_most_30_comments_per_review_errors_first_the_rest_in_the_body(
    github: GitHubServer, tmp_path: Path
) -> None:
    lines = ["# Papers", ""]
    # 35 links in three non-canonical forms (none the list's own: no form is most links'),
    # so each gets an arxiv-url finding; entries 10 and 20 also carry a wrong date.
    forms = ("https://arxiv.org/pdf/{}", "https://arxiv.org/abs/{}v1", "http://arxiv.org/abs/{}")
    for i in range(1, 36):
        date = "Jan. 2025" if i in (10, 20) else "Nov. 2024"
        url = forms[i % 3].format(f"2411.{i:05d}")
        lines.append(f"+ [Paper {i}: A Study]({url}) ({date}, arXiv)")
    text = "\n".join(lines) + "\n"
    findings, texts = lint(tmp_path, text, "more.md")
    assert len(findings) == 37
    pull = pull_of(github)
    pull.files["more.md"] = PullFile("more.md", patch("", text), "added")
    changed = {"more.md": ChangedFile("more.md", "more.md", new_file=True)}
    outcome = post(github, findings, texts, changed=changed)

    assert (outcome.posted, outcome.body_findings) == (30, 7)
    assert review_posts(github) == 1
    request = pull.review_requests[-1]
    assert len(request["comments"]) == 30
    assert sum("(date-arxiv-id) error" in c["body"] for c in request["comments"]) == 2
    assert "7 more are listed here rather than commented on: at most 30" in request["body"]
    assert request["body"].count("| arxiv-url | warning |") == 7
    # The stand-in pages lists as GitHub does (Link headers): PyGithub follows them.
    with Github(auth=Auth.Token(TOKEN), base_url=github.url, per_page=7, lazy=True) as gh:
        assert len(list(gh.get_repo("octo/papers").get_pull(7).get_review_comments())) == 30
    # A re-run finds all 37 posted: the 30 comments and the 7 rows of the body.
    again = post(github, findings, texts, changed=changed)
    assert (again.posted, again.skipped_duplicates, again.review_id) == (0, 37, None)


def test_a_rerun_posts_nothing_new(github: GitHubServer, tmp_path: Path) -> None:
    findings, texts = lint(tmp_path, HEAD)
    everything, _ = filter_findings(findings, changed_for(BASE, HEAD), "nofilter")
    first = post(github, everything, texts)
    second = post(github, everything, texts)
    assert first.posted == 2 and first.body_findings == 2
    assert (second.posted, second.body_findings, second.skipped_duplicates) == (0, 0, 4)
    assert second.review_id is None and second.fallback_reason is None
    assert review_posts(github) == 1 and len(pull_of(github).comments) == 2


@pytest.mark.parametrize("replied", [False, True])
def test_a_fixed_finding_loses_its_comment_unless_someone_replied(
    github: GitHubServer, tmp_path: Path, replied: bool
) -> None:
    findings, texts = lint(tmp_path, HEAD)
    kept, _ = filter_findings(findings, changed_for(BASE, HEAD), "added")
    assert post(github, kept, texts).posted == 2
    pull = pull_of(github)
    link_comment = next(c for c in pull.comments if "(arxiv-url)" in c["body"])
    if replied:
        github.github.add_review_comment(
            pull, path="README.md", line=9, body="On it.", in_reply_to=link_comment["id"]
        )

    fixed = HEAD.replace(BROKEN, FIXED_LINK)  # the contributor takes the suggestion
    pull.head_sha = NEXT_SHA
    pull.files = {"README.md": PullFile("README.md", patch(BASE, fixed))}
    findings, texts = lint(tmp_path, fixed)
    kept, _ = filter_findings(findings, changed_for(BASE, fixed), "added")
    assert [f.rule for f in kept] == ["date-arxiv-id"]
    pr = PullRequestRef("octo/papers", 7, NEXT_SHA, BASE_SHA, "octo/papers")
    outcome = post(github, kept, texts, changed=changed_for(BASE, fixed), pr=pr)

    assert outcome.fallback_reason is None and outcome.posted == 0
    assert outcome.skipped_duplicates == 1  # the date's comment stays though its line changed
    assert (outcome.deleted_outdated, outcome.kept_outdated) == ((0, 1) if replied else (1, 0))
    remaining = {c["id"] for c in pull.comments}
    assert (link_comment["id"] in remaining) is replied
    deletes = github.count("DELETE", "/repos/octo/papers/pulls/comments/")
    assert deletes == (0 if replied else 1)


def test_read_only_token_falls_back_without_raising(github: GitHubServer, tmp_path: Path) -> None:
    github.github.read_only = True
    findings, texts = lint(tmp_path, HEAD)
    outcome = post(github, findings, texts)
    assert outcome.fallback_reason is not None
    assert "403 Resource not accessible by integration" in outcome.fallback_reason
    assert "pull-requests: write" in outcome.fallback_reason
    assert (outcome.posted, outcome.review_id) == (0, None)
    assert review_posts(github) == 1 and pull_of(github).reviews == []

    fork = PullRequestRef("octo/papers", 7, HEAD_SHA, BASE_SHA, "someone/papers")
    forked = post(github, findings, texts, pr=fork)
    assert forked.fallback_reason is not None and "from a fork" in forked.fallback_reason
    assert forked.summary().startswith("review not posted: GitHub refused the review (403")


def test_the_token_never_shows(github: GitHubServer, tmp_path: Path) -> None:
    findings, texts = lint(tmp_path, HEAD)
    ok = post(github, findings, texts)
    github.github.read_only = True
    refused = post(github, findings, texts)
    github.github.valid_tokens = {"another-token"}
    rejected = post(github, findings, texts)
    assert rejected.fallback_reason == "GitHub rejected the token (401 Bad credentials)"
    for outcome in (ok, refused, rejected):
        assert TOKEN not in repr(outcome) and TOKEN not in outcome.summary()
    sent = [r for r in github.requests if r.headers.get("authorization") == f"token {TOKEN}"]
    assert sent and all(TOKEN.encode() not in r.body for r in github.requests)


def test_new_commits_since_the_run_mean_no_review(github: GitHubServer, tmp_path: Path) -> None:
    findings, texts = lint(tmp_path, HEAD)
    pull_of(github).head_sha = NEXT_SHA
    outcome = post(github, findings, texts)
    assert outcome.fallback_reason is not None and "has new commits" in outcome.fallback_reason
    assert review_posts(github) == 0


def test_unreachable_api_is_an_outcome_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "RETRIES", 0)
    outcome = post_review([], {}, {}, PR, token=TOKEN, api_url="http://127.0.0.1:9")
    assert outcome.fallback_reason is not None
    assert outcome.fallback_reason.startswith("GitHub API unreachable")
    no_token = post_review([], {}, {}, PR, token="")
    assert no_token.fallback_reason == "no GitHub token (set GITHUB_TOKEN)"


# ------------------------------------------------------------------- the plan alone
TEXT = "".join(f"line {n} text\n" for n in range(1, 21))
STARTS = [0] + [i + 1 for i, c in enumerate(TEXT) if c == "\n"]


def span(line: int, end_line: int | None = None) -> Span:
    end_line = end_line or line
    return Span(STARTS[line - 1], STARTS[end_line] - 1, line, 1, end_line, 12)


def synthetic(line: int, end_line: int | None = None, edits: tuple[Edit, ...] = ()) -> Finding:
    fixed = Fix("Tidy it", edits) if edits else None
    return Finding(
        "title-whitespace", Severity.WARNING, "list.md", span(line, end_line), "odd", fix=fixed
    )


def word_edit(line: int, new: str) -> Edit:
    start = STARTS[line - 1] + len("line ")  # replace the number
    return Edit(start, start + len(str(line)), new)


HUNKS = {"list.md": [Hunk(4, 3, 4, 8)]}  # the diff shows lines 4-11


def test_a_multi_line_span_is_a_multi_line_comment_with_every_line_suggested() -> None:
    finding = synthetic(6, 8, (word_edit(6, "six"), word_edit(8, "eight")))
    plan = plan_review([finding], {"list.md": TEXT}, {}, HUNKS)
    [comment] = plan.comments
    assert (comment.get("start_line"), comment["line"], comment.get("start_side")) == (
        6,
        8,
        "RIGHT",
    )
    assert suggestion_of(comment["body"]) == "line six text\nline 7 text\nline eight text"


def test_a_span_leaving_the_hunk_is_commented_on_its_first_line() -> None:
    plan = plan_review([synthetic(10, 13)], {"list.md": TEXT}, {}, HUNKS)
    [comment] = plan.comments
    assert comment["line"] == 10 and "start_line" not in comment
    outside = plan_review([synthetic(13)], {"list.md": TEXT}, {}, HUNKS)
    assert outside.comments == [] and outside.body_findings == 1


def test_no_suggestion_when_the_fix_edits_other_lines() -> None:
    finding = synthetic(6, edits=(word_edit(6, "six"), word_edit(9, "nine")))
    [comment] = plan_review([finding], {"list.md": TEXT}, {}, HUNKS).comments
    assert suggestion_of(comment["body"]) is None
    assert "Fix: Tidy it (`awesome-lint --fix`)" in comment["body"]


def test_a_suggestion_holding_backticks_gets_a_longer_fence() -> None:
    finding = synthetic(5, edits=(word_edit(5, "```five```"),))
    [comment] = plan_review([finding], {"list.md": TEXT}, {}, HUNKS).comments
    assert "\n````suggestion\nline ```five``` text\n````" in comment["body"]
    assert suggestion_of(comment["body"]) == "line ```five``` text"


def test_fingerprints_follow_the_text_not_the_line_number() -> None:
    moved = "new top\n" + TEXT.replace("line 5 text", "line 5 text, edited elsewhere")
    first = synthetic(5)
    start = moved.index("line 5 text")
    again = Finding(
        first.rule, first.severity, first.path, Span(start, start + 11, 6, 1, 6, 12), first.message
    )
    print_ = fingerprint(first.rule, "list.md", first.message, "line 5 text")
    existing = [
        ExistingComment(
            1, f"**awesome-lint** x\n<!-- awesome-lint:fingerprint={print_} -->", "list.md"
        )
    ]
    plan = plan_review([again], {"list.md": moved}, {}, HUNKS, existing)
    assert plan.skipped_duplicates == 1 and plan.comments == [] and plan.outdated == []
    gone = plan_review([], {"list.md": moved}, {}, HUNKS, existing)
    assert gone.outdated == [1]
    # Two identical findings on identical lines stay two findings.
    twins = "same\nsame\n"
    pair = [Finding("r", Severity.INFO, "t.md", Span(0, 1, n, 1, n, 2), "m") for n in (1, 2)]
    hunks = {"t.md": [Hunk(0, 0, 1, 2)]}
    assert len(plan_review(pair, {"t.md": twins}, {}, hunks).comments) == 2
    # Comments someone else wrote, with or without the marker, are never deleted.
    foreign = [ExistingComment(2, f"LGTM <!-- awesome-lint:fingerprint={'0' * 16} -->", "list.md")]
    assert plan_review([], {"list.md": TEXT}, {}, HUNKS, foreign).outdated == []
