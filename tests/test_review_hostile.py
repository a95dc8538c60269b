"""The review bot quotes untrusted list text: it must leak no token, stay within GitHub's size
limit, and neither mention nor cross-reference anyone."""

from __future__ import annotations

import re

import pytest

from awesome_lint import review
from awesome_lint.diff import ChangedFile, PullRequestRef, parse_patch
from awesome_lint.findings import Edit, Finding, Fix, Related, Severity, Span


def _changed(text: str) -> dict[str, ChangedFile]:
    patch = f"@@ -0,0 +1,{text.count(chr(10)) + 1} @@\n" + "".join(
        f"+{line}\n" for line in text.split("\n")
    )
    hunks, added = parse_patch(patch)
    return {"README.md": ChangedFile("README.md", "README.md", hunks=tuple(hunks), added=added)}


def _comment(finding: Finding, text: str) -> str:
    changed = _changed(text)
    plan = review.plan_review(
        [finding], {"README.md": text}, changed, {"README.md": list(changed["README.md"].hunks)}
    )
    (comment,) = plan.comments
    return str(comment["body"])


@pytest.mark.parametrize(
    "token",
    [
        "ghp_SECRETsecret0123456789\r\nX-Evil: 1",
        "ghp_SECRET\nsecret0123456789",
        " ghp_SECRETsecret0123456789%\r",
    ],
)
def test_a_token_with_cr_or_lf_is_scrubbed_in_every_form(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review, "RETRIES", 0)
    outcome = review.post_review(
        [], {}, {}, PullRequestRef("acme/tool", 1), token=token, api_url="http://127.0.0.1:9"
    )
    said = " ".join([outcome.fallback_reason or "", *outcome.warnings])
    assert said  # the request failed, and says why
    for fragment in ("SECRETsecret", "secret0123456789", "ghp_SECRET"):
        assert fragment not in said, said


def test_scrub_catches_escaped_and_encoded_forms() -> None:
    token = "ghp_ab/c+d\r\nef%gh1234"
    quoted = (
        f"raw {token} repr {token!r} json {review.json.dumps(token)} pct "
        + review.urllib.parse.quote(token, safe="")
        + " b64 "
        + review.base64.b64encode(token.encode()).decode()
        + " gh "
        + token.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    )
    scrubbed = review._scrub(quoted, token)
    assert "ghp_ab" not in scrubbed and "ef%gh1234" not in scrubbed and "ZWYlZ2gx" not in scrubbed


def test_a_huge_comment_is_shortened_with_a_note() -> None:
    title = "Paper " + "x" * 120_000
    text = f"- [{title}](https://arxiv.org/pdf/2410.13848)"
    finding = Finding(
        "arxiv-url",
        Severity.WARNING,
        "README.md",
        Span(2, len(text), 1, 3, 1, len(text) + 1),
        f"'{title}' links /pdf/: use https://arxiv.org/abs/2410.13848",
        related=tuple(Related(Span(0, 1, 1, 1, 1, 2), "x" * 5_000) for _ in range(40)),
        fix=Fix("Write the abs link " + "y" * 70_000, (Edit(0, len(text), text + "z"),)),
    )
    body = _comment(finding, text)
    assert len(body) <= 65_536
    assert "This comment was shortened" in body
    assert "```suggestion" not in body  # a cut suggestion would commit half a line
    assert re.search(r"<!-- awesome-lint:fingerprint=[0-9a-f]{16} -->\Z", body)
    small = Finding(
        "arxiv-url",
        Severity.WARNING,
        "README.md",
        Span(2, 10, 1, 3, 1, 11),
        "short",
        fix=Fix("Write it", (Edit(3, 6, "abs"),)),
    )
    normal = _comment(small, "- [Paper](https://arxiv.org/pdf/2410.13848)")
    assert "shortened" not in normal and "```suggestion" in normal
    # A line too long for a suggestion: the comment says so rather than cutting it.
    long_line = _comment(small, text)
    assert "shortened" in long_line and "```suggestion" not in long_line
    assert len(long_line) <= 65_536


def test_references_and_bare_urls_from_titles_link_nothing() -> None:
    text = "- [Fixes acme/tool#2 and #12, GH-7](https://arxiv.org/pdf/2410.13848)\n- b"
    finding = Finding(
        "arxiv-url",
        Severity.WARNING,
        "README.md",
        Span(2, 60, 1, 3, 1, 61),
        "'Fixes acme/tool#2 and #12, GH-7' links /pdf/: see https://github.com/acme/tool/issues/3"
        " or www.example.org/x.",
        fix=Fix("Use https://arxiv.org/abs/2410.13848", (Edit(text.index("pdf"), 0, ""),)),
    )
    body = _comment(finding, text)
    prose = body.split("```suggestion")[0]
    outside_code = re.sub(r"`[^`]*`", "", prose)
    assert not re.search(r"#[0-9A-Za-z]", outside_code), outside_code
    assert not re.search(r"GH-[0-9]", outside_code, re.IGNORECASE)
    assert not re.search(r"https?://|www\.", outside_code), outside_code
    assert "`https://github.com/acme/tool/issues/3`" in prose  # still readable, not a link
    assert "`www.example.org/x`." in prose
    assert "acme/tool#\u200d2" in prose
