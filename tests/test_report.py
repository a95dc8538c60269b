"""Reporters: exact output of every format, escaping of hostile text, and GitHub's limits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from awesome_lint.document import Document
from awesome_lint.facts import SourceReport
from awesome_lint.findings import (
    Applicability,
    Edit,
    Finding,
    Fix,
    Related,
    Severity,
    Span,
)
from awesome_lint.report import (
    FORMATS,
    FileProblem,
    LineIndex,
    RunResult,
    github,
    markdown,
    render,
    sarif,
    text,
)
from awesome_lint.rules.base import RuleMeta

# Two entries for the same paper; the first links to a versioned URL.
TEXT = (
    "# Papers\n"
    "\n"
    "- [Paper A](https://arxiv.org/abs/2410.13848v1) - 2024\n"
    "- [Paper A](https://arxiv.org/abs/2410.13848) - 2024\n"
)
DOC = Document("README.md", TEXT)
URL = TEXT.index("https://arxiv.org/abs/2410.13848v1")
V1 = TEXT.index("v1)")
ITEM_3 = TEXT.index("- [Paper A]")
ITEM_4 = TEXT.index("- [Paper A]", ITEM_3 + 1)

VERSION = Finding(
    rule="arxiv-version",
    severity=Severity.ERROR,
    path="README.md",
    span=DOC.span(URL, URL + 34),  # 3:13 to 3:47
    message="Links to v1; the latest version is v3",
    fix=Fix("Link to the abstract without a version", (Edit(V1, V1 + 2, ""),)),
)
DUPLICATE = Finding(
    rule="duplicate-entry",
    severity=Severity.WARNING,
    path="README.md",
    span=DOC.span(ITEM_4, len(TEXT) - 1),  # 4:1 to 4:53
    message="Paper A is listed twice",
    related=(Related(DOC.span(ITEM_3, ITEM_4 - 1), "first listed here"),),
    fix=Fix("Remove this entry", (Edit(ITEM_4, len(TEXT), ""),), Applicability.UNSAFE),
)
RULES = [
    RuleMeta(
        "arxiv-version",
        Severity.ERROR,
        "Link to the latest arXiv version",
        "Link to the latest arXiv version\n\nAn `abs` link without `vN` always shows the latest.",
        "safe",
        frozenset({"arxiv"}),
    ),
    RuleMeta(
        "duplicate-entry",
        Severity.WARNING,
        "A paper is listed twice",
        "A paper is listed twice",
        "unsafe",
        frozenset(),
    ),
]


def two_findings(**changes: Any) -> RunResult:
    result = RunResult(
        findings=[VERSION, DUPLICATE],
        files_checked=["README.md", "other.md"],
        sources=[SourceReport("arxiv", 10, 8, 2, 1, {"timeout": 1, "rate limited": 1})],
    )
    for name, value in changes.items():
        setattr(result, name, value)
    return result


def finding(
    line: int,
    severity: Severity = Severity.ERROR,
    message: str = "problem",
    *,
    changed: bool = True,
    rule: str = "some-rule",
    path: str = "README.md",
) -> Finding:
    return Finding(
        rule,
        severity,
        path,
        Span(0, 1, line, 1, line, 2),
        message,
        on_changed_line=changed,
    )


# --- dispatch ------------------------------------------------------------------------------


def test_formats_and_unknown_format() -> None:
    assert FORMATS == ("text", "github", "json", "sarif", "markdown")
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", two_findings(), RULES)


def test_render_imports_only_the_chosen_reporter() -> None:
    code = (
        "import sys\n"
        "from awesome_lint.report import RunResult, render\n"
        "render('text', RunResult([], []), [])\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('awesome_lint.report.'))\n"
        "print(loaded, 'rich' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['awesome_lint.report.text'] False"


def test_options_for_other_formats_are_ignored() -> None:
    # The CLI passes one set of options whatever the format.
    options: dict[str, Any] = {"color": False, "texts": {"README.md": TEXT}, "max_bytes": None}
    for fmt in FORMATS:
        assert render(fmt, two_findings(), RULES, **options)


# --- text ----------------------------------------------------------------------------------


def test_text_golden() -> None:
    assert render("text", two_findings(), RULES) == (
        "README.md:3:13: error arxiv-version [*] Links to v1; the latest version is v3\n"
        "README.md:4:1: warning duplicate-entry Paper A is listed twice\n"
        "  README.md:3:1: note: first listed here\n"
        "Found 2 problems (1 error, 1 warning, 0 info) in 1 file.\n"
        "[*] 1 fixable with `--fix` (1 more with `--unsafe-fixes`).\n"
        "arxiv: 10 verified (8 from cache), 2 unverified (rate limited: 1, timeout: 1), 1 request\n"
    )


def test_text_quiet_prints_findings_only() -> None:
    assert text.render(two_findings(), RULES, quiet=True) == (
        "README.md:3:13: error arxiv-version [*] Links to v1; the latest version is v3\n"
        "README.md:4:1: warning duplicate-entry Paper A is listed twice\n"
        "  README.md:3:1: note: first listed here\n"
    )
    assert text.render(RunResult([], ["a.md"]), RULES, quiet=True) == ""


def test_text_with_unsafe_fixes_marks_both_and_drops_the_hint() -> None:
    out = text.render(two_findings(sources=[]), RULES, unsafe_fixes=True)
    assert "duplicate-entry [*] Paper A" in out
    assert out.endswith("[*] 2 fixable with `--fix`.\n")


def test_text_summary_variants() -> None:
    assert text.render(RunResult([], ["a.md"]), RULES) == "All checks passed.\n"
    only_unsafe = RunResult([DUPLICATE], ["README.md"], hidden_by_diff_filter=3, fixed=2)
    assert text.render(only_unsafe, RULES).splitlines()[2:] == [
        "Fixed 2 problems.",
        "Found 1 problem (0 errors, 1 warning, 0 info) in 1 file.",
        "Not shown: 3 problems on lines this change did not touch.",
        "No fixes available (1 fixable with `--unsafe-fixes`).",
    ]
    broken = RunResult([], ["x.md"], file_problems=[FileProblem("x.md", "not UTF-8 (byte 0xff)")])
    assert text.render(broken, RULES) == (
        "x.md: error: not UTF-8 (byte 0xff)\n1 file could not be checked.\n"
    )


def test_text_color_only_when_asked() -> None:
    plain = text.render(two_findings(), RULES)
    colored = text.render(two_findings(), RULES, color=True)
    assert "\x1b" not in plain
    assert "\x1b[1m\x1b[31merror\x1b[0m" in colored
    assert "\x1b[36m[*]\x1b[0m" in colored
    # Stripping the codes gives the plain output back: colour changes nothing else.
    import re

    assert re.sub(r"\x1b\[[0-9;]*m", "", colored) == plain


def test_text_keeps_one_line_per_finding_with_hostile_messages() -> None:
    hostile = finding(2, message="title\n::error::x \x1b]0;pwned\x07 done")
    out = text.render(RunResult([hostile], ["README.md"]), RULES)
    first = out.splitlines()[0]
    assert first == "README.md:2:1: error some-rule title\\n::error::x \\x1b]0;pwned\\x07 done"
    assert "\x1b" not in out


def test_statistics_text_and_json() -> None:
    result = RunResult(
        [VERSION, finding(5, rule="arxiv-version"), DUPLICATE, finding(6, rule="arxiv-version")],
        ["README.md"],
    )
    assert text.render_statistics(result, RULES) == (
        "3\tarxiv-version  \t[*] Link to the latest arXiv version\n"
        "1\tduplicate-entry\t[ ] A paper is listed twice\n"
        "Found 4 problems (3 errors, 1 warning, 0 info) in 1 file.\n"
        "[*] 1 fixable with `--fix` (1 more with `--unsafe-fixes`).\n"
    )
    assert json.loads(text.render_statistics(result, RULES, "json")) == [
        {"rule": "arxiv-version", "count": 3, "fixable": True, "fixable_count": 1},
        {"rule": "duplicate-entry", "count": 1, "fixable": False, "fixable_count": 0},
    ]
    no_fixes = RunResult([finding(1, rule="b"), finding(2, rule="a")], ["README.md"])
    # No rule has a fix: no markers at all, and ties are ordered by rule name.
    assert text.render_statistics(no_fixes, []).splitlines()[:2] == ["1\ta", "1\tb"]
    with pytest.raises(ValueError):
        text.render_statistics(result, RULES, "xml")


# --- GitHub --------------------------------------------------------------------------------


def test_github_golden() -> None:
    assert render("github", two_findings(), RULES) == (
        "::error title=awesome-lint (arxiv-version),file=README.md,line=3,col=13,endLine=3,"
        "endColumn=47::README.md:3:13: arxiv-version Links to v1; the latest version is v3"
        "%0A  help: Link to the abstract without a version\n"
        "::warning title=awesome-lint (duplicate-entry),file=README.md,line=4,col=1,endLine=4,"
        "endColumn=53::README.md:4:1: duplicate-entry Paper A is listed twice"
        "%0A  README.md:3:1: note: first listed here"
        "%0A  help: Remove this entry (unsafe fix: `--unsafe-fixes`)\n"
    )


def test_github_info_is_a_notice_and_multiline_spans_have_no_columns() -> None:
    multi = Finding("r", Severity.INFO, "a.md", Span(0, 30, 3, 5, 4, 2), "m")
    backwards = Finding("r", Severity.WARNING, "a.md", Span(0, 0, 0, 9, 0, 3), "m")
    assert github.render(RunResult([multi, backwards], ["a.md"]), []) == (
        "::warning title=awesome-lint (r),file=a.md,line=1::a.md:1:9: r m\n"
        "::notice title=awesome-lint (r),file=a.md,line=3,endLine=4::a.md:3:5: r m\n"
    )


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command as the runner does (ActionCommand.TryParseV2)."""

    def unescape(value: str, prop: bool) -> str:
        value = value.replace("%0D", "\r").replace("%0A", "\n")
        if prop:
            value = value.replace("%3A", ":").replace("%2C", ",")
        return value.replace("%25", "%")

    assert line.startswith("::"), line
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = unescape(value, prop=True)
    return name, properties, unescape(data, prop=False)


HOSTILE = [
    "%0A::error::x",
    "\n::set-output name=a::b",
    "a\r\n::add-mask::secret",
    "100% | <script>alert(1)</script> `x`",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_github_escaping_defeats_command_injection(hostile: str) -> None:
    bad = Finding(
        "rule",
        Severity.ERROR,
        f"dir,with:odd/{hostile}.md",
        Span(0, 1, 1, 1, 1, 2),
        hostile,
        related=(Related(Span(0, 1, 2, 1, 2, 2), hostile),),
    )
    out = github.render(RunResult([bad], ["x"]), [])
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error title=")
    assert "\r" not in out and out.count("\n") == 1
    name, props, message = _parse_command(lines[0])
    assert name == "error"
    assert props == {
        "title": "awesome-lint (rule)",
        "file": bad.path,
        "line": "1",
        "col": "1",
        "endLine": "1",
        "endColumn": "2",
    }
    assert message == f"{bad.path}:1:1: rule {hostile}\n  {bad.path}:2:1: note: {hostile}"


def test_github_escape_functions_match_actions_toolkit() -> None:
    assert github.escape_data("50%\r\n:,") == "50%25%0D%0A:,"
    assert github.escape_property("50%\r\n:,") == "50%25%0D%0A%3A%2C"
    # Escaping "%" first is what stops an already-escaped "%0A" from decoding to a newline.
    assert github.escape_data("%0A") == "%250A"


def test_github_caps_each_kind_at_ten_changed_lines_first() -> None:
    findings = (
        [finding(line, Severity.ERROR, f"old error {line}", changed=False) for line in range(1, 11)]
        + [finding(line, Severity.ERROR, f"new error {line}") for line in range(11, 16)]
        + [finding(line, Severity.WARNING, f"warning {line}") for line in range(20, 32)]
        + [finding(line, Severity.INFO, f"info {line}") for line in range(40, 43)]
    )
    findings.sort(key=lambda f: f.sort_key)
    lines = github.render(RunResult(findings, ["README.md"]), []).splitlines()
    parsed = [_parse_command(line) for line in lines]
    kinds = [name for name, _, _ in parsed]
    assert kinds == ["error"] * 5 + ["warning"] * 10 + ["notice"] * 3 + ["error"] * 5 + ["notice"]
    messages = [message.split(" ", 2)[2] for _, _, message in parsed[:-1]]
    # The five errors on changed lines all make it; the oldest five unchanged ones fill up.
    assert messages[:5] == [f"new error {n}" for n in range(11, 16)]
    assert messages[5:15] == [f"warning {n}" for n in range(20, 30)]
    assert messages[18:] == [f"old error {n}" for n in range(1, 6)]
    name, props, last = parsed[-1]
    assert (name, props) == ("notice", {"title": "awesome-lint"})
    assert last.startswith("7 more not shown as annotations (5 errors, 2 warnings):")
    assert "job summary" in last


def test_github_keeps_a_notice_slot_for_the_closing_notice() -> None:
    findings = [finding(n, Severity.INFO, f"info {n}") for n in range(1, 12)]
    lines = github.render(RunResult(findings, ["README.md"]), []).splitlines()
    assert len(lines) == 10  # 9 findings + the closing notice: all ten shown by the runner
    assert _parse_command(lines[-1])[2].startswith("2 more not shown as annotations (2 notices)")


def test_github_no_closing_notice_when_everything_fits() -> None:
    findings = [finding(n, Severity.INFO) for n in range(1, 11)]
    lines = github.render(RunResult(findings, ["README.md"]), []).splitlines()
    assert len(lines) == 10 and all(
        line.startswith("::notice title=awesome-lint (") for line in lines
    )


def test_github_file_problems_are_errors() -> None:
    result = RunResult([], [], file_problems=[FileProblem("a,b.md", "not UTF-8")])
    assert github.render(result, []) == (
        "::error title=awesome-lint,file=a%2Cb.md::a,b.md: not UTF-8\n"
    )


def test_write_outputs_appends_on_a_line_of_its_own(tmp_path: Path) -> None:
    out = tmp_path / "output"
    out.write_text("earlier=1")  # no final newline
    github.write_outputs(out, two_findings())
    assert out.read_text() == "earlier=1\nproblems=2\nerrors=1\nwarnings=1\ninfo=0\n"


def test_write_step_summary_golden(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    written = github.write_step_summary(path, two_findings(), RULES)
    content = path.read_text(encoding="utf-8")
    assert written == len(content.encode())
    assert content == markdown.render(two_findings(), RULES)


def test_step_summary_stays_under_one_mebibyte(tmp_path: Path) -> None:
    # Multi-byte text: the cap is on bytes, not characters.
    findings = [
        finding(n, Severity.WARNING, f"Titre « {n} » diffère de l'arXiv: {'é' * 80}")
        for n in range(1, 12_001)
    ]
    result = RunResult(findings, ["README.md"], sources=[SourceReport("arxiv", 1, 0, 0, 1)])
    path = tmp_path / "summary.md"
    path.write_text("# Earlier step output\n" + "x" * 100_000 + "\n", encoding="utf-8")
    github.write_step_summary(path, result, [])
    data = path.read_bytes()
    assert len(data) < 1024 * 1024
    assert len(data) > 1024 * 1024 - 1000  # it used the room it had
    content = data.decode("utf-8")
    rows = content.count("\n| README.md:")
    assert 0 < rows < len(findings)
    note = f"_{len(findings) - rows} more problems are not shown: GitHub keeps at most 1 MiB"
    assert note in content
    assert "- arxiv: 1 verified, 1 request" in content  # the sources survive truncation
    assert content.startswith("# Earlier step output\n")


def test_step_summary_with_no_room_left_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "summary.md"
    path.write_bytes(b"x" * 100)
    assert github.write_step_summary(path, two_findings(), RULES, limit=100) == 0
    assert path.read_bytes() == b"x" * 100


# --- Markdown ------------------------------------------------------------------------------


def test_markdown_golden() -> None:
    result = two_findings(file_problems=[FileProblem("bad.md", "not UTF-8")])
    assert render("markdown", result, RULES) == (
        "## awesome-lint\n"
        "\n"
        "Found **2 problems** (1 error, 1 warning, 0 info) in 1 file."
        " 1 file could not be checked. 1 fixable with `--fix` (1 more with `--unsafe-fixes`).\n"
        "\n"
        "| Location | Severity | Rule | Message |\n"
        "| --- | --- | --- | --- |\n"
        "| README.md:3 | error | arxiv-version | Links to v1; the latest version is v3 |\n"
        "| README.md:4 | warning | duplicate-entry | Paper A is listed twice<br>"
        "first listed here (README.md:3) |\n"
        "\n"
        "**Files not checked:**\n"
        "\n"
        "- bad.md: not UTF-8\n"
        "\n"
        "**Sources:**\n"
        "\n"
        "- arxiv: 10 verified (8 from cache), 2 unverified (rate limited: 1, timeout: 1),"
        " 1 request\n"
    )


def test_markdown_hostile_messages_stay_in_their_cell() -> None:
    from markdown_it import MarkdownIt

    hostile = "a | b `c|d` <script>alert(1)</script>\nnext \\| *x* [l](javascript:y) &lt; ~s~"
    out = markdown.render(RunResult([finding(1, message=hostile)], ["README.md"]), [])
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<script>" not in html and "<a " not in html and "<em>" not in html
    assert html.count("<td>") == 4
    cell = html.split("<td>")[4].split("</td>")[0]
    assert cell == (
        "a | b `c|d` &lt;script&gt;alert(1)&lt;/script&gt;<br>"
        "next \\| *x* [l](javascript:y) &amp;lt; ~s~"
    )


def test_markdown_all_checks_passed_has_no_table() -> None:
    assert markdown.render(RunResult([], ["a.md"]), []) == "## awesome-lint\n\nAll checks passed.\n"


def test_markdown_truncation_counts_dropped_rows() -> None:
    result = RunResult([finding(n, message="m" * 50) for n in range(1, 101)], ["README.md"])
    out = markdown.render(result, [], max_bytes=2000)
    assert len(out.encode()) <= 2000
    rows = out.count("\n| README.md:")
    assert f"_{100 - rows} more problems are not shown, to keep this report small" in out
    # As many rows as fit: one more would not.
    next_row = markdown.table_row(result.findings[rows])
    assert len(out.encode()) + len(next_row.encode()) + 1 > 2000


# --- JSON ----------------------------------------------------------------------------------

EXPECTED_JSON: dict[str, Any] = {
    "version": 1,
    "findings": [
        {
            "path": "README.md",
            "line": 3,
            "column": 13,
            "end_line": 3,
            "end_column": 47,
            "rule": "arxiv-version",
            "severity": "error",
            "message": "Links to v1; the latest version is v3",
            "related": [],
            "fix": {
                "message": "Link to the abstract without a version",
                "applicability": "safe",
                "edits": [
                    {
                        "start": {"line": 3, "column": 45},
                        "end": {"line": 3, "column": 47},
                        "content": "",
                        "start_offset": 54,
                        "end_offset": 56,
                    }
                ],
            },
            "on_changed_line": True,
        },
        {
            "path": "README.md",
            "line": 4,
            "column": 1,
            "end_line": 4,
            "end_column": 53,
            "rule": "duplicate-entry",
            "severity": "warning",
            "message": "Paper A is listed twice",
            "related": [
                {
                    "path": "README.md",
                    "line": 3,
                    "column": 1,
                    "end_line": 3,
                    "end_column": 55,
                    "message": "first listed here",
                }
            ],
            "fix": {
                "message": "Remove this entry",
                "applicability": "unsafe",
                "edits": [
                    {
                        "start": {"line": 4, "column": 1},
                        "end": {"line": 5, "column": 1},
                        "content": "",
                        "start_offset": 65,
                        "end_offset": 118,
                    }
                ],
            },
            "on_changed_line": True,
        },
    ],
    "summary": {
        "files": 2,
        "errors": 1,
        "warnings": 1,
        "info": 0,
        "fixable": 1,
        "unsafe_fixable": 1,
        "fixed": 0,
        "hidden_by_diff_filter": 0,
        "file_problems": [],
        "sources": [
            {
                "source": "arxiv",
                "verified": 10,
                "from_cache": 8,
                "unverified": 2,
                "requests": 1,
                "reasons": {"timeout": 1, "rate limited": 1},
            }
        ],
    },
}


def test_json_golden_with_texts() -> None:
    out = render("json", two_findings(), RULES, texts={"README.md": TEXT})
    assert json.loads(out) == EXPECTED_JSON
    assert out == json.dumps(EXPECTED_JSON, indent=2) + "\n"  # key order is part of the format


def test_json_without_texts_has_offsets_only_and_round_trips_hostile_text() -> None:
    hostile = '\n::set-output name=a::b "quoted" \\ é \x00'
    result = RunResult([VERSION, finding(2, message=hostile)], ["README.md"])
    data = json.loads(render("json", result, RULES))
    edit = data["findings"][0]["fix"]["edits"][0]
    assert edit == {"start": None, "end": None, "content": "", "start_offset": 54, "end_offset": 56}
    assert data["findings"][1]["message"] == hostile
    assert data["findings"][1]["fix"] is None


def test_line_index_matches_document_positions() -> None:
    index = LineIndex(TEXT)
    for offset in range(len(TEXT) + 1):
        assert index.position(offset) == DOC.position(offset)
    # A raw file with CRLF endings gives the same positions as its normalized text.
    assert LineIndex(TEXT.replace("\n", "\r\n")).position(V1) == (3, 45)


# --- SARIF ---------------------------------------------------------------------------------


def _sarif(result: RunResult, **options: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render("sarif", result, RULES, **options))
    return data


def test_sarif_golden() -> None:
    log = _sarif(two_findings(), texts={"README.md": TEXT}, information_uri="https://x.example")
    run = log["runs"][0]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    driver = run["tool"]["driver"]
    assert driver["name"] == "awesome-lint"
    assert driver["informationUri"] == "https://x.example"
    assert isinstance(driver["semanticVersion"], str)
    assert driver["rules"][0] == {
        "id": "arxiv-version",
        "shortDescription": {"text": "Link to the latest arXiv version"},
        "fullDescription": {"text": RULES[0].description},
        "help": {"text": RULES[0].description, "markdown": RULES[0].description},
        "helpUri": "https://github.com/awesome-lint/awesome-lint/blob/main/docs/rules.md#arxiv-version",
        "defaultConfiguration": {"level": "error"},
    }
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]
    first, second = run["results"]
    assert first == {
        "ruleId": "arxiv-version",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": "Links to v1; the latest version is v3"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "README.md"},
                    "region": {"startLine": 3, "startColumn": 13, "endLine": 3, "endColumn": 47},
                }
            }
        ],
        # Pinned: a different value would open a new alert for every existing one.
        "partialFingerprints": {"awesomeLint/v1": "5e0d1eb8386d2696b1b4e9b087d3259d"},
        "fixes": [
            {
                "description": {"text": "Link to the abstract without a version"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": "README.md"},
                        "replacements": [
                            {
                                "deletedRegion": {
                                    "startLine": 3,
                                    "startColumn": 45,
                                    "endLine": 3,
                                    "endColumn": 47,
                                },
                                "insertedContent": {"text": ""},
                            }
                        ],
                    }
                ],
            }
        ],
    }
    assert second["ruleIndex"] == 1 and second["level"] == "warning"
    assert second["relatedLocations"] == [
        {
            "id": 0,
            "physicalLocation": {
                "artifactLocation": {"uri": "README.md"},
                "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 55},
            },
            "message": {"text": "first listed here"},
        }
    ]
    replacement = second["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["deletedRegion"] == {
        "startLine": 4,
        "startColumn": 1,
        "endLine": 5,
        "endColumn": 1,
    }


def _fingerprint(result: RunResult, index: int = 0) -> str:
    fingerprints = _sarif(result)["runs"][0]["results"][index]["partialFingerprints"]
    value: str = fingerprints["awesomeLint/v1"]
    return value


def test_sarif_fingerprints_ignore_line_numbers() -> None:
    moved = finding(40, message="Paper A is listed twice", rule="duplicate-entry")
    here = finding(4, message="Paper A is listed twice", rule="duplicate-entry")
    assert _fingerprint(RunResult([moved], [])) == _fingerprint(RunResult([here], []))
    other_message = finding(4, message="Paper B is listed twice", rule="duplicate-entry")
    other_file = finding(4, message="Paper A is listed twice", rule="duplicate-entry", path="b.md")
    prints = {_fingerprint(RunResult([f], [])) for f in (here, other_message, other_file)}
    assert len(prints) == 3
    # Identical findings in one file still get distinct fingerprints (else GitHub merges them).
    twins = RunResult([here, moved], [])
    assert _fingerprint(twins, 0) != _fingerprint(twins, 1)


def test_sarif_without_texts_has_no_fixes_and_lists_unknown_rules() -> None:
    unknown = finding(2, Severity.INFO, rule="unused-suppression")
    run = _sarif(RunResult([VERSION, unknown], []))["runs"][0]
    assert "fixes" not in run["results"][0]
    assert run["results"][1]["ruleIndex"] == 2 and run["results"][1]["level"] == "note"
    assert run["tool"]["driver"]["rules"][2]["id"] == "unused-suppression"
    assert run["tool"]["driver"]["rules"][2]["defaultConfiguration"] == {"level": "note"}


def test_sarif_uris_are_relative_posix_and_encoded(tmp_path: Path) -> None:
    assert sarif.artifact_uri("./docs/My List#1.md") == "docs/My%20List%231.md"
    assert sarif.artifact_uri("docs\\list.md") == "docs/list.md"
    absolute = str(tmp_path / "lists" / "a.md")
    assert sarif.artifact_uri(absolute, root=str(tmp_path)) == "lists/a.md"


def test_sarif_file_problems_are_tool_notifications() -> None:
    result = RunResult([], [], file_problems=[FileProblem("bad.md", "not UTF-8")])
    invocation = _sarif(result)["runs"][0]["invocations"][0]
    assert invocation["toolExecutionNotifications"] == [
        {
            "level": "error",
            "message": {"text": "not UTF-8"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "bad.md"}}}],
        }
    ]


def _strict(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


# The part of the SARIF 2.1.0 schema (oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json)
# that this reporter writes, with its property names and required keys, so that a misspelt key
# fails here rather than at upload.
_MESSAGE = _strict({"text": {"type": "string"}}, ["text"])
_MULTIFORMAT = _strict({"text": {"type": "string"}, "markdown": {"type": "string"}}, ["text"])
_ARTIFACT = _strict({"uri": {"type": "string"}}, ["uri"])
_POSITIVE = {"type": "integer", "minimum": 1}
_REGION = _strict(
    {
        "startLine": _POSITIVE,
        "startColumn": _POSITIVE,
        "endLine": _POSITIVE,
        "endColumn": _POSITIVE,
    },
    ["startLine"],
)
_PHYSICAL = _strict({"artifactLocation": _ARTIFACT, "region": _REGION}, ["artifactLocation"])
_LOCATION = _strict(
    {"id": {"type": "integer", "minimum": -1}, "physicalLocation": _PHYSICAL, "message": _MESSAGE},
    ["physicalLocation"],
)
_LEVEL = {"enum": ["none", "note", "warning", "error"]}
_CONTENT = _strict({"text": {"type": "string"}}, [])  # artifactContent
_REPLACEMENT = _strict({"deletedRegion": _REGION, "insertedContent": _CONTENT}, ["deletedRegion"])
_CHANGE = _strict(
    {"artifactLocation": _ARTIFACT, "replacements": {"type": "array", "items": _REPLACEMENT}},
    ["artifactLocation", "replacements"],
)
_FIX = _strict(
    {"description": _MESSAGE, "artifactChanges": {"type": "array", "items": _CHANGE}},
    ["artifactChanges"],
)
_RESULT = _strict(
    {
        "ruleId": {"type": "string"},
        "ruleIndex": {"type": "integer", "minimum": -1},
        "level": _LEVEL,
        "message": _MESSAGE,
        "locations": {"type": "array", "items": _LOCATION, "minItems": 1, "maxItems": 10},
        "relatedLocations": {"type": "array", "items": _LOCATION},
        "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
        "fixes": {"type": "array", "items": _FIX},
    },
    ["message", "locations", "partialFingerprints"],
)
_RULE = _strict(
    {
        "id": {"type": "string"},
        "shortDescription": _MULTIFORMAT,
        "fullDescription": _MULTIFORMAT,
        "help": _MULTIFORMAT,
        "helpUri": {"type": "string", "format": "uri"},
        "defaultConfiguration": _strict({"level": _LEVEL}, []),
    },
    ["id", "shortDescription", "fullDescription", "help"],
)
_DRIVER = _strict(
    {
        "name": {"type": "string"},
        "informationUri": {"type": "string", "format": "uri"},
        "semanticVersion": {"type": "string"},
        "rules": {"type": "array", "items": _RULE, "uniqueItems": True},
    },
    ["name", "rules"],
)
_NOTIFICATION = _strict(
    {
        "level": _LEVEL,
        "message": _MESSAGE,
        "locations": {"type": "array", "items": _strict({"physicalLocation": _PHYSICAL}, [])},
    },
    ["message"],
)
_INVOCATION = _strict(
    {
        "executionSuccessful": {"type": "boolean"},
        "toolExecutionNotifications": {"type": "array", "items": _NOTIFICATION},
    },
    ["executionSuccessful"],
)
_RUN = _strict(
    {
        "tool": _strict({"driver": _DRIVER}, ["driver"]),
        "invocations": {"type": "array", "items": _INVOCATION},
        "columnKind": {"enum": ["utf16CodeUnits", "unicodeCodePoints"]},
        "results": {"type": "array", "items": _RESULT},
    },
    ["tool", "results"],
)
SARIF_SUBSET = _strict(
    {
        "$schema": {"type": "string"},
        "version": {"enum": ["2.1.0"]},
        "runs": {"type": "array", "items": _RUN, "minItems": 1, "maxItems": 1},
    },
    ["$schema", "version", "runs"],
)


def test_sarif_validates_against_the_schema_subset() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    result = two_findings(file_problems=[FileProblem("bad.md", "not UTF-8")])
    result.findings.append(finding(9, Severity.INFO, rule="unlisted"))
    log = _sarif(result, texts={"README.md": TEXT}, information_uri="https://x.example")
    jsonschema.validate(log, SARIF_SUBSET)
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["line"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SARIF_SUBSET)
