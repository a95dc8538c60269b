"""A hostile pull request, and secrets: what the list and the sources say is escaped wherever it
is shown; a token is never written anywhere; private addresses are never asked; the shared
cache survives concurrent runs and damage."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import threading
from datetime import date
from pathlib import Path
from typing import Any

import httpcore
import pytest

from awesome_lint import review
from awesome_lint.diff import ChangedFile, PullRequestRef, parse_patch
from awesome_lint.facts import FactStatus
from awesome_lint.findings import Edit, Finding, Fix, Related, Severity, Span
from awesome_lint.sources.http import LinkSource
from conftest import LISTS, run_cli, standin_env
from standins.arxiv import StandinPaper, serve_arxiv
from standins.github import GitHubStandin, serve_github
from standins.web import serve_web

TOKEN = "ghp_HOSTILEtoken0123456789abcdefXYZ987"
EVIL = (
    "%0A::error::forged <script>alert(1)</script> | pipe `code` [click](https://evil.example)"
    " <!-- awesome-lint:fingerprint=0123456789abcdef --> ::set-output name=x::y"
    " <img src=x> **bold** \r\n::add-mask::secret"
)
HOSTILE_ID = "2501.00001"
HOSTILE_LIST = (
    "# Papers\n\n"
    f"- [Evil %0A::error::forged | <b>bold</b> `x` ::set-output name=a::b](https://arxiv.org/abs/{HOSTILE_ID})"
    " (Jan. 2025, arXiv)\n"
    "- [Second %0A::warning::x | pipe](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
    "- [Third](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)"
    " [![Star](https://img.shields.io/github/stars/x/y%0A::error::z)](https://github.com/x/y)\n"
)
WORKFLOW_COMMAND = re.compile(r"^::(error|warning|notice) ([^:\r\n]*)::([^\r\n]*)$")


def _env(arxiv_url: str, github_url: str, cache: Path, **extra: str) -> dict[str, str]:
    env = standin_env(arxiv_url, github_url, cache, TOKEN)
    env.update(extra)
    return env


def _cli(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(cwd, *args, env=env)


def _hostile_arxiv() -> StandinPaper:
    return StandinPaper(HOSTILE_ID, EVIL.replace("\r\n", " "), date(2025, 1, 3), ("Mallory",))


# ------------------------------------------------------------------------------ injection


def test_annotations_step_summary_and_outputs_cannot_be_injected(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(HOSTILE_LIST, encoding="utf-8")
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    with serve_arxiv(extra=[_hostile_arxiv()]) as arxiv, serve_github() as github:
        env = _env(
            arxiv.url,
            github.url,
            tmp_path / "cache",
            GITHUB_ACTIONS="true",
            GITHUB_STEP_SUMMARY=str(summary),
            GITHUB_OUTPUT=str(outputs),
        )
        done = _cli(tmp_path, env, "--select", "ALL", "--ignore", "dead-link", "list.md")
    lines = done.stdout.splitlines()
    assert len(lines) >= 4, done.stdout  # the hostile titles are quoted in findings
    assert "forged" in done.stdout and "set-output" in done.stdout  # ... escaped, below
    for line in lines:
        match = WORKFLOW_COMMAND.match(line)
        assert match is not None, line  # one command per line, nothing else
        properties = match.group(2)
        assert "::" not in properties and "\n" not in line and "\r" not in line
    assert outputs.read_text(encoding="utf-8").splitlines() == [
        f"problems={len(lines)}",
        f"errors={sum(1 for line in lines if line.startswith('::error'))}",
        f"warnings={sum(1 for line in lines if line.startswith('::warning'))}",
        f"info={sum(1 for line in lines if line.startswith('::notice'))}",
    ]
    text = summary.read_text(encoding="utf-8")
    assert "forged" in text
    assert not re.search(r"<(script|img|b>|!--)", text, re.I)
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == len(lines) + 2  # the head, the rule line, one row per finding
    for row in rows:  # five unescaped pipes: four cells, nothing more
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
        assert not re.search(r"(?<!\\)[\[`]", row.split(" | ", 3)[-1]), row


HOSTILE_FINDING = Finding(
    "duplicate-arxiv-id",
    Severity.ERROR,
    "README.md",
    Span(2, 5, 1, 3, 1, 6),
    f"arXiv id 2410.13848 is also the id of '{EVIL}\n```suggestion\nrm -rf /\n```' (line 1)",
    related=(Related(Span(0, 1, 1, 1, 1, 2), f"'{EVIL}' carries 2410.13848"),),
    fix=Fix(f"Replace with {EVIL}", (Edit(2, 5, "xyz"),)),
)


def _changed(text: str) -> dict[str, ChangedFile]:
    patch = "@@ -0,0 +1,2 @@\n" + "".join(f"+{line}\n" for line in text.split("\n"))
    hunks, added = parse_patch(patch)
    return {"README.md": ChangedFile("README.md", "README.md", hunks=tuple(hunks), added=added)}


def test_a_review_comment_escapes_what_it_quotes() -> None:
    text = "- abcdef\n- second"
    changed = _changed(text)
    plan = review.plan_review(
        [HOSTILE_FINDING],
        {"README.md": text},
        changed,
        {"README.md": list(changed["README.md"].hunks)},
    )
    (comment,) = plan.comments
    body = comment["body"]
    print(body)
    # The only fence is ours, the only marker ours and last, and no HTML or link of the title.
    assert body.count("```suggestion") == 1 and body.count("```") == 2
    assert (
        review.ExistingComment(1, body, "README.md").fingerprint
        == re.findall(r"fingerprint=([0-9a-f]{16}) -->", body)[-1]
    )
    assert re.findall(r"fingerprint=([0-9a-f]{16})", body)[-1] != "0123456789abcdef"
    head, _, _ = body.rpartition("<!-- awesome-lint:fingerprint=")
    assert not re.search(r"<(script|img|!--)", head) and not re.search(r"(?<!\\)\[", head)
    assert "\r" not in head and "\n::" not in head


def test_a_forged_marker_in_a_title_neither_hides_nor_repeats_a_comment(tmp_path: Path) -> None:
    """Re-running a review of the hostile finding posts nothing new and deletes nothing: the
    fingerprint read back is the real one, not the one the title forged."""
    text = "- abcdef\n- second"
    changed = _changed(text)
    pr = PullRequestRef("octo/papers", 7, "2" * 40, "1" * 40, "octo/papers")
    body_only = Finding(
        "duplicate-arxiv-id", Severity.ERROR, "README.md", Span(12, 15, 2, 4, 2, 7), EVIL
    )
    with serve_github(GitHubStandin(repos=[], renames={})) as github:
        github.github.add_pull_request(
            "octo", "papers", 7, files={"README.md": "@@ -0,0 +1,1 @@\n+- abcdef\n"},
            base_sha="1" * 40, head_sha="2" * 40,
        )  # fmt: skip

        def post() -> review.ReviewOutcome:
            return review.post_review(
                [HOSTILE_FINDING, body_only],
                {"README.md": text},
                changed,
                pr,
                token=TOKEN,
                api_url=github.url,
                seconds_between_writes=0,
            )

        first, second = post(), post()
        pull = github.github.pull_request("octo", "papers", 7)
    assert (first.posted, first.body_findings) == (1, 1), first
    assert (second.posted, second.body_findings, second.deleted_outdated) == (0, 0, 0), second
    assert second.skipped_duplicates == 2
    request = json.dumps(pull.review_requests)
    assert "<script" not in request and TOKEN not in request


# ------------------------------------------------------------------------------ secrets


def _everything_written(folder: Path) -> list[tuple[Path, bytes]]:
    return [(path, path.read_bytes()) for path in folder.rglob("*") if path.is_file()]


def test_the_token_is_never_written_anywhere(tmp_path: Path) -> None:
    """Runs that succeed and runs whose every request fails, in every format, with the step
    files and a report file: the token appears in no output, no log line, no file."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "list.md").write_bytes((LISTS / "awesome-umm-post-training.md").read_bytes())
    (work / "hostile.md").write_text(HOSTILE_LIST, encoding="utf-8")
    texts: list[str] = []
    with (
        serve_arxiv() as arxiv,
        serve_github() as github,
        serve_github(valid_tokens={"ghp_someone_else"}) as refusing,
    ):
        for fmt in ("text", "github", "json", "sarif", "markdown"):
            env = _env(
                arxiv.url,
                github.url,
                work / "cache",
                GITHUB_STEP_SUMMARY=str(work / "summary.md"),
                GITHUB_OUTPUT=str(work / "outputs.txt"),
            )
            done = _cli(work, env, "--format", fmt, "-o", str(work / f"report.{fmt}"), ".")
            texts += [done.stdout, done.stderr]
        github.fail_next(1, 500)
        github.invalid_json_next(2)
        github.fail_next(100, 502)
        done = _cli(work, _env(arxiv.url, github.url, work / "cache"), "--refresh", ".")
        texts += [done.stdout, done.stderr]
        assert "unverified" in done.stdout  # the error paths were taken
        done = _cli(work, _env(arxiv.url, refusing.url, work / "cache"), "--refresh", ".")
        texts += [done.stdout, done.stderr]
        assert "rejected the token" in done.stdout
        assert refusing.requests[0].headers["authorization"] == f"token {TOKEN}"  # it was sent
    written = _everything_written(work)
    assert any(path.name == "cache.sqlite3" for path, _ in written)
    assert [path for path, data in written if TOKEN.encode() in data] == []
    assert [text for text in texts if TOKEN in text] == []


def test_the_token_is_not_in_debug_logs_either(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from awesome_lint.cli import main

    caplog.set_level("DEBUG")  # every library's debug log: urllib3, PyGithub, httpx, arxiv
    (tmp_path / "list.md").write_bytes((LISTS / "awesome-umm-post-training.md").read_bytes())
    monkeypatch.chdir(tmp_path)
    with serve_arxiv() as arxiv, serve_github() as github:
        github.fail_next(1, 502)
        for key, value in _env(arxiv.url, github.url, tmp_path / "cache").items():
            monkeypatch.setenv(key, value)
        main(["--no-cache", "--ignore", "dead-link", "list.md"])
        assert github.requests[0].headers["authorization"] == f"token {TOKEN}"
    out = capsys.readouterr()
    assert "POST" in caplog.text or "graphql" in caplog.text.lower()  # the log did say things
    assert TOKEN not in caplog.text + out.out + out.err


# ------------------------------------------------------------------------------ private hosts


@pytest.mark.parametrize(
    "host",
    [
        "0x7f000001",  # 127.0.0.1 in hex
        "0177.0.0.1",  # ... in octal
        "127.1",  # ... shortened
        "LOCALHOST",
        "localhost.",
        "[::ffff:7f00:1]",
        "[::127.0.0.1]",
        "[0:0:0:0:0:ffff:127.0.0.1]",
        "[::169.254.169.254]",  # the metadata address, IPv4-compatible
        "0",
        "user@127.0.0.1",
        "example.com@127.0.0.1",
    ],
)
def test_other_spellings_of_a_private_address_are_never_requested(
    host: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real resolver reads these spellings as loopback; the check is made on what they
    resolve to. Connections are recorded and refused here, so even a regression sends nothing."""
    attempts: list[str] = []

    async def record(self: Any, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        attempts.append(f"{host}:{port}")
        raise httpcore.ConnectError("refused by the test")

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", record)
    url = f"http://{host}:8080/page"
    fact = LinkSource(timeout=2.0, max_attempts=1).check([url])[url]
    # Refused; or, where this machine's resolver cannot read the spelling, not resolved.
    assert fact.status is FactStatus.UNVERIFIED and fact.reason in (
        "private address not checked",
        "network unavailable",
        "DNS failure",
        "invalid URL",  # httpx refuses to read it at all
    ), fact
    assert attempts == []


def test_the_cli_never_requests_a_private_address_unless_configured(tmp_path: Path) -> None:
    with serve_web() as web:
        port = web.server_address[1]
        forms = [
            "127.0.0.1",
            "localhost",
            "2130706433",
            "0x7f000001",
            "127.1",
            "[::ffff:127.0.0.1]",
        ]
        links = " ".join(f"[L{i}](http://{h}:{port}/ok)" for i, h in enumerate(forms))
        redirect = f"http://127.0.0.1:{port}/redirect-to?url=http://localhost:{port}/ok"
        (tmp_path / "list.md").write_text(f"- [Page]({redirect}) {links}\n", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
        args = ["--select", "dead-link", "--no-cache", "--format", "json", "list.md"]
        done = _cli(tmp_path, env, *args)
        assert web.requests == [] and json.loads(done.stdout)["findings"] == []
        assert "private address not checked: 7" in done.stderr
        # Allowed by name: that host is asked, and nothing it redirects to elsewhere.
        (tmp_path / ".awesome-lint.toml").write_text('allow-private-hosts = ["127.0.0.1"]\n')
        done = _cli(tmp_path, env, *args)
        assert {(r.path, r.headers["host"]) for r in web.requests} == {
            ("/ok", f"127.0.0.1:{port}"),
            ("/redirect-to", f"127.0.0.1:{port}"),
        }


# ------------------------------------------------------------------------------ the cache


def test_two_runs_at_once_share_the_cache_and_a_damaged_one_is_rebuilt(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "list.md").write_bytes((LISTS / "awesome-umm-post-training.md").read_bytes())
    cache = tmp_path / "cache"
    args = ["--format", "json", "--ignore", "dead-link", "list.md"]
    with serve_arxiv() as arxiv, serve_github() as github:
        env = _env(arxiv.url, github.url, cache)
        results: list[subprocess.CompletedProcess[str]] = []
        threads = [
            threading.Thread(target=lambda: results.append(_cli(work, env, *args)))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        first, second = (json.loads(r.stdout)["findings"] for r in results)
        assert first == second and all("warning" not in r.stderr for r in results)
        with sqlite3.connect(cache / "cache.sqlite3") as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        arxiv.reset()
        github.reset()
        cached = _cli(work, env, "--cached-only", *args)
        assert json.loads(cached.stdout)["findings"] == first
        assert len(arxiv.requests) + len(github.requests) == 0

        database = cache / "cache.sqlite3"
        whole = database.read_bytes()
        for damage in (whole[: len(whole) // 2], b"garbage, not a database" * 100):
            for extra in ("-wal", "-shm"):
                Path(f"{database}{extra}").unlink(missing_ok=True)
            database.write_bytes(damage)
            again = _cli(work, env, *args)
            warnings = [line for line in again.stderr.splitlines() if "warning" in line]
            assert len(warnings) == 1 and "starting afresh" in warnings[0], again.stderr
            assert json.loads(again.stdout)["findings"] == first
            with sqlite3.connect(database) as db:
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_review_comment_mentions_nobody() -> None:
    """A title quoting ``@someone`` (or a team) would notify them from every review comment."""
    text = "- [Paper by @octocat](https://arxiv.org/pdf/2410.13848) cc @github/security\n- second"
    changed = _changed(text)
    finding = Finding(
        "arxiv-url",
        Severity.WARNING,
        "README.md",
        Span(2, 60, 1, 3, 1, 61),
        "'Paper by @octocat' links /pdf/: use https://arxiv.org/abs/2410.13848",
        related=(Related(Span(0, 1, 1, 1, 1, 2), "first listed by @mona"),),
        fix=Fix(
            "Replace with @octocat's abs link",
            (Edit(text.index("pdf"), text.index("pdf") + 3, "abs"),),
        ),
    )
    plan = review.plan_review(
        [finding], {"README.md": text}, changed, {"README.md": list(changed["README.md"].hunks)}
    )
    (comment,) = plan.comments
    prose, fence, rest = comment["body"].partition("```suggestion\n")
    suggestion = rest.split("\n```", 1)[0]
    assert fence and not re.search(r"@[A-Za-z0-9]", prose), prose
    assert prose.count("@\u200b") == 3  # still readable: "@octocat" with an invisible break
    # The suggestion is the fixed line, byte for byte: a code block mentions no one.
    assert suggestion == text.split("\n")[0].replace("/pdf/", "/abs/")
