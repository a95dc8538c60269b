"""The command line as a user meets it: exit codes, messages, formats, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from awesome_lint.cli import main
from conftest import LISTS

ENTRY = "- [Janus: Decoupling](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
BROKEN = "- [Janus: Decoupling](https://arxiv.org/abs/2410.13848) (Nov. 2024, arXiv)\n"


def _run(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def test_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "ok.md").write_text(ENTRY)
    (tmp_path / "bad.md").write_text(BROKEN)
    assert _run(tmp_path, "--offline", "ok.md").returncode == 0
    bad = _run(tmp_path, "--offline", "bad.md")
    assert bad.returncode == 1
    assert "bad.md:1:58: error date-arxiv-id" in bad.stdout
    assert _run(tmp_path, "--offline", "--exit-zero", "bad.md").returncode == 0
    assert _run(tmp_path, "--offline", "--fail-on", "never", "bad.md").returncode == 0
    assert _run(tmp_path, "--offline", "--ignore", "date-arxiv-id", "bad.md").returncode == 0


def test_a_missing_or_unreadable_file_beside_a_good_one_fails_the_run(tmp_path: Path) -> None:
    (tmp_path / "ok.md").write_text(ENTRY)
    (tmp_path / "latin1.md").write_bytes(b"- caf\xe9\n")
    missing = _run(tmp_path, "--offline", "nope.md", "ok.md")
    assert missing.returncode == 1
    assert "nope.md: error: no such file or folder" in missing.stdout
    assert "All checks passed" not in missing.stdout
    assert _run(tmp_path, "--offline", "latin1.md", "ok.md").returncode == 1
    assert _run(tmp_path, "--offline", "nope.md").returncode == 2
    # --exit-zero forgives findings and unreadable files, not a run that linted nothing.
    assert _run(tmp_path, "--offline", "--exit-zero", "nope.md", "ok.md").returncode == 0
    assert _run(tmp_path, "--offline", "--exit-zero", "nope.md").returncode == 2


def test_zero_files_found_says_so_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text(ENTRY)
    result = _run(tmp_path, "--offline", "empty")
    assert result.returncode == 2
    assert "no Markdown files" in result.stderr and "empty" in result.stderr
    assert "All checks passed" not in result.stdout
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "a.md").write_text(ENTRY)
    (tmp_path / ".awesome-lint.toml").write_text('exclude = ["drafts/*"]\n')
    excluded = _run(tmp_path, "--offline", "drafts")
    assert excluded.returncode == 2
    assert "`exclude` in .awesome-lint.toml" in excluded.stderr
    assert _run(tmp_path, "--offline", "drafts/a.md").returncode == 0  # named: linted


def test_warnings_do_not_fail_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "w.md").write_text(
        "- [Janus: D](https://arxiv.org/pdf/2410.13848) (Oct. 2024, arXiv)\n"
    )
    assert _run(tmp_path, "--offline", "w.md").returncode == 0
    assert _run(tmp_path, "--offline", "--fail-on", "warning", "w.md").returncode == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "no-such-rule", "x.md"], "unknown rule 'no-such-rule'"),
        (["--format", "yaml", "x.md"], "invalid choice"),
        (["missing.md"], "missing.md: error: no such file or folder"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "x.md").write_text(ENTRY)
    result = _run(tmp_path, "--offline", *args)
    assert result.returncode == 2
    assert message in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_broken_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(ENTRY)
    (tmp_path / ".awesome-lint.toml").write_text('select = ["arxiv-url"\n')
    result = _run(tmp_path, "--offline", "x.md")
    assert result.returncode == 2 and "not valid TOML" in result.stderr
    (tmp_path / ".awesome-lint.toml").write_text('selct = ["arxiv-url"]\n')
    result = _run(tmp_path, "--offline", "x.md")
    assert result.returncode == 2 and "unknown key 'selct'" in result.stderr
    (tmp_path / ".awesome-lint.toml").write_text('[severity]\ndate-arxiv-id = "fatal"\n')
    result = _run(tmp_path, "--offline", "x.md")
    assert result.returncode == 2 and "unknown severity 'fatal'" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_in_pyproject_selects_and_overrides_severity(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BROKEN)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.awesome-lint]\nignore = []\n'
        '[tool.awesome-lint.severity]\ndate-arxiv-id = "warning"\n'
    )
    result = _run(tmp_path, "--offline", "bad.md")
    assert result.returncode == 0 and "warning date-arxiv-id" in result.stdout


def test_per_file_ignores(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "bad.md").write_text(BROKEN)
    (tmp_path / "bad.md").write_text(BROKEN)
    (tmp_path / ".awesome-lint.toml").write_text(
        '[per-file-ignores]\n"drafts/*" = ["date-arxiv-id"]\n'
    )
    result = _run(tmp_path, "--offline", ".")
    assert "bad.md:1:58" in result.stdout and "drafts/bad.md" not in result.stdout


def test_non_utf8_file_is_named_with_its_byte_offset_and_others_still_linted(
    tmp_path: Path,
) -> None:
    (tmp_path / "latin1.md").write_bytes(
        "- [Café: x](https://arxiv.org/abs/2410.13848)\n".encode("latin-1")
    )
    (tmp_path / "utf16.md").write_bytes("- [x](y)\n".encode("utf-16"))
    (tmp_path / "bad.md").write_text(BROKEN)
    result = _run(tmp_path, "--offline", ".")
    assert "latin1.md: error: is not valid UTF-8 (byte 0xe9 at offset 6)" in result.stdout
    assert "utf16.md: error: is UTF-16" in result.stdout
    assert "bad.md:1:58: error date-arxiv-id" in result.stdout
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes(b"caf\xe9\n")
    assert _run(tmp_path, "--offline", "latin1.md").returncode == 2


def test_folders_skip_hidden_and_virtualenvs(tmp_path: Path) -> None:
    for folder in (".hidden", "venv-x", "node_modules", "docs"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bad.md").write_text(BROKEN)
    (tmp_path / "venv-x" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "docs" / "notes.txt").write_text(BROKEN)
    result = _run(tmp_path, "--offline", "--format", "json", ".")
    paths = {f["path"] for f in json.loads(result.stdout)["findings"]}
    assert paths == {"docs/bad.md"}


def test_json_and_sarif_formats_parse(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BROKEN)
    data = json.loads(_run(tmp_path, "--offline", "--format", "json", "bad.md").stdout)
    assert data["version"] == 1 and data["findings"][0]["rule"] == "date-arxiv-id"
    assert data["findings"][0]["line"] == 1 and data["findings"][0]["column"] == 58
    sarif = json.loads(_run(tmp_path, "--offline", "--format", "sarif", "bad.md").stdout)
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"][0]["ruleId"] == "date-arxiv-id"


def test_github_format_is_the_default_under_actions(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BROKEN)
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    result = _run(
        tmp_path,
        "--offline",
        "bad.md",
        env={
            "GITHUB_ACTIONS": "true",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(outputs),
        },
    )
    assert result.stdout.startswith(
        "::error title=awesome-lint (date-arxiv-id),file=bad.md,line=1,col=58,endLine=1,endColumn=67::"
    )
    assert "date-arxiv-id" in summary.read_text()
    assert "problems=1" in outputs.read_text() and "errors=1" in outputs.read_text()


def test_statistics(tmp_path: Path) -> None:
    result = _run(tmp_path, "--offline", "--statistics", str(LISTS))
    lines = result.stdout.splitlines()
    assert [part.strip() for part in lines[0].split("\t")[:2]] == ["34", "arxiv-url"]


def test_rule_explains_itself(tmp_path: Path) -> None:
    result = _run(tmp_path, "rule", "duplicate-repo")
    assert result.returncode == 0 and "Janus and JanusFlow" in result.stdout
    assert _run(tmp_path, "rule", "nope").returncode == 2


def test_offline_run_imports_no_network_library(tmp_path: Path) -> None:
    code = (
        "import sys; from awesome_lint.cli import main; main(['--offline', '-q', sys.argv[1]]);"
        "bad = sorted(m for m in ('httpx', 'requests', 'urllib3', 'github', 'arxiv', 'rich',"
        " 'awesome_lint.sources.arxiv', 'awesome_lint.sources.github', 'awesome_lint.sources.http')"
        " if m in sys.modules); print('IMPORTED', bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(LISTS)], capture_output=True, text=True
    )
    assert "IMPORTED []" in result.stdout


def test_main_returns_instead_of_raising(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--no-such-flag"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    result = _run(tmp_path, "--version")
    assert result.returncode == 0 and result.stdout.startswith("awesome-lint ")


def test_exclude_filters_folders_but_not_files_named_outright(tmp_path: Path) -> None:
    (tmp_path / "fixtures").mkdir()
    (tmp_path / "fixtures" / "bad.md").write_text(BROKEN)
    (tmp_path / ".awesome-lint.toml").write_text('exclude = ["fixtures/*"]\n')
    everything_excluded = _run(tmp_path, "--offline", ".")
    assert everything_excluded.returncode == 2 and "no Markdown files" in everything_excluded.stderr
    named = _run(tmp_path, "--offline", "fixtures/bad.md")
    assert named.returncode == 1 and "fixtures/bad.md:1:58" in named.stdout


TWO_RULES = "- [Janus: D](https://arxiv.org/pdf/2410.13848) (Nov. 2024, arXiv)\n"


def _rules_found(tmp_path: Path, *args: str) -> set[str]:
    result = _run(tmp_path, "--offline", "--format", "json", *args, "two.md")
    assert "Traceback" not in result.stderr, result.stderr
    return {f["rule"] for f in json.loads(result.stdout)["findings"]}


def test_rule_flags_add_up_across_repetitions_and_commas(tmp_path: Path) -> None:
    (tmp_path / "two.md").write_text(TWO_RULES)
    assert _rules_found(tmp_path) == {"arxiv-url", "date-arxiv-id"}
    assert _rules_found(tmp_path, "--ignore", "arxiv-*", "--ignore", "date-*") == set()
    assert _rules_found(tmp_path, "--ignore", "arxiv-url,date-arxiv-id") == set()
    assert _rules_found(tmp_path, "--select", "arxiv-url", "--select", "date-arxiv-id") == {
        "arxiv-url",
        "date-arxiv-id",
    }
    assert _rules_found(
        tmp_path,
        "--select",
        "arxiv-url",
        "--extend-select",
        "date-format",
        "--extend-select",
        "date-arxiv-id",
    ) == {"arxiv-url", "date-arxiv-id"}
    assert (
        _rules_found(
            tmp_path, "--per-file-ignores", "two.md:arxiv-*", "--per-file-ignores", "*.md:date-*"
        )
        == set()
    )
    assert _rules_found(tmp_path, "--per-file-ignores", "other.md:arxiv-url,date-arxiv-id") == {
        "arxiv-url",
        "date-arxiv-id",
    }


def test_per_file_ignores_from_the_command_line_add_to_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "two.md").write_text(TWO_RULES)
    (tmp_path / ".awesome-lint.toml").write_text('[per-file-ignores]\n"two.md" = ["arxiv-url"]\n')
    assert _rules_found(tmp_path) == {"date-arxiv-id"}
    assert _rules_found(tmp_path, "--per-file-ignores", "two.md:date-arxiv-id") == set()
    bad = _run(tmp_path, "--offline", "--per-file-ignores", "two.md", "two.md")
    assert bad.returncode == 2 and "expected GLOB:RULE[,RULE...]" in bad.stderr
    unknown = _run(tmp_path, "--offline", "--per-file-ignores", "*.md:date-formt", "two.md")
    assert unknown.returncode == 2 and "unknown rule 'date-formt'" in unknown.stderr


def test_an_unknown_rule_suggests_the_closest_names(tmp_path: Path) -> None:
    (tmp_path / "two.md").write_text(TWO_RULES)
    result = _run(tmp_path, "--offline", "--ignore", "date-formt", "two.md")
    assert result.returncode == 2
    assert "unknown rule 'date-formt' (did you mean date-format?)" in result.stderr
    explain = _run(tmp_path, "rule", "date-formt")
    assert explain.returncode == 2 and "did you mean date-format?" in explain.stderr
    far = _run(tmp_path, "--offline", "--ignore", "zzzz", "two.md")
    assert far.returncode == 2 and "unknown rule 'zzzz'\n" in far.stderr  # nothing close


def test_flags_are_not_abbreviated(tmp_path: Path) -> None:
    (tmp_path / "two.md").write_text(TWO_RULES)
    result = _run(tmp_path, "--offlin", "two.md")
    assert result.returncode == 2 and "unrecognized arguments: --offlin" in result.stderr
    entries = _run(tmp_path, "entries", "--form", "json", "two.md")
    assert entries.returncode == 2 and "--form" in entries.stderr


def test_an_unknown_rule_in_an_inline_comment_is_warned_about(tmp_path: Path) -> None:
    (tmp_path / "two.md").write_text(
        "# Papers\n\n<!-- awesome-lint-disable-next-line date-arxiv-idd, arxiv-url -->\n"
        + TWO_RULES
    )
    result = _run(tmp_path, "--offline", "two.md")
    assert (
        "awesome-lint: warning: two.md:3: unknown rule 'date-arxiv-idd' in an inline comment"
        " (did you mean date-arxiv-id" in result.stderr
    )
    assert "arxiv-url' in an inline" not in result.stderr  # known rules are not warned about
    assert "date-arxiv-id" in result.stdout and result.returncode == 1


def _run_stdin(tmp_path: Path, text: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", *args],
        cwd=tmp_path,
        input=text,
        capture_output=True,
        env=env,
        timeout=60,
    )


def test_stdin_is_linted_under_its_stdin_filename(tmp_path: Path) -> None:
    done = _run_stdin(tmp_path, BROKEN.encode(), "--offline", "-", "--stdin-filename", "docs/x.md")
    assert done.returncode == 1
    assert b"docs/x.md:1:58: error date-arxiv-id" in done.stdout
    # Per-file settings apply by that name.
    (tmp_path / ".awesome-lint.toml").write_text('[per-file-ignores]\n"docs/*" = ["date-*"]\n')
    ignored = _run_stdin(
        tmp_path, BROKEN.encode(), "--offline", "--stdin-filename", "docs/x.md", "-"
    )
    assert ignored.returncode == 0 and b"All checks passed." in ignored.stdout
    unnamed = _run_stdin(tmp_path, BROKEN.encode(), "--offline", "-")
    assert b"-:1:58: error date-arxiv-id" in unnamed.stdout


def test_stdin_beside_files_and_its_errors(tmp_path: Path) -> None:
    (tmp_path / "ok.md").write_text(ENTRY)
    both = _run_stdin(tmp_path, BROKEN.encode(), "--offline", "ok.md", "-", "--format", "json")
    assert {f["path"] for f in json.loads(both.stdout)["findings"]} == {"-"}
    latin1 = _run_stdin(tmp_path, b"caf\xe9\n", "--offline", "-")
    assert latin1.returncode == 2 and b"-: error: is not valid UTF-8" in latin1.stdout
    fix = _run_stdin(tmp_path, BROKEN.encode(), "--offline", "--fix", "-")
    assert fix.returncode == 2 and b"use --diff" in fix.stderr
    pdf = b"- [Janus: D](https://arxiv.org/pdf/2410.13848) (Oct. 2024, arXiv)\n"
    diff = _run_stdin(tmp_path, pdf, "--offline", "--diff", "-", "--stdin-filename", "x.md")
    assert b"+- [Janus: D](https://arxiv.org/abs/2410.13848)" in diff.stdout


@pytest.mark.parametrize(
    ("choice", "terminal", "environ", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),
        ("auto", True, {"NO_COLOR": "1"}, False),
        ("auto", True, {"NO_COLOR": ""}, True),  # empty: unset, as no-color.org says
        ("auto", False, {"FORCE_COLOR": "1"}, True),
        ("auto", False, {"FORCE_COLOR": "3"}, True),
        ("auto", True, {"FORCE_COLOR": "0"}, False),
        ("auto", False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, True),
        ("never", True, {"FORCE_COLOR": "1"}, False),
        ("always", False, {"NO_COLOR": "1"}, True),
    ],
)
def test_color_choice(choice: str, terminal: bool, environ: dict[str, str], expected: bool) -> None:
    from awesome_lint.cli import use_color

    assert use_color(choice, terminal, environ) is expected


def test_force_color_colours_a_piped_report(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text(BROKEN)
    plain = _run(tmp_path, "--offline", "bad.md", env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert "\x1b[" not in plain.stdout
    forced = _run(tmp_path, "--offline", "bad.md", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" in forced.stdout and "date-arxiv-id" in forced.stdout


def test_show_files_lists_what_a_run_would_lint(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", "drafts/c.md", ".hidden/d.md", "notes.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(ENTRY)
    (tmp_path / ".awesome-lint.toml").write_text('exclude = ["drafts/*"]\n')
    shown = _run(tmp_path, "--show-files")
    assert shown.returncode == 0 and shown.stdout.splitlines() == ["a.md", "b.md"]
    named = _run(tmp_path, "--show-files", "drafts/c.md", "b.md")
    assert named.stdout.splitlines() == ["b.md", "drafts/c.md"]
    none = _run(tmp_path, "--show-files", "drafts")
    assert none.returncode == 2 and none.stdout == "" and "no Markdown files" in none.stderr


def test_show_settings_prints_the_resolved_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.awesome-lint]\nignore = ["date-format"]\ntimeout = 60\n'
        '[tool.awesome-lint.severity]\nduplicate-repo = "error"\n'
    )
    shown = _run(tmp_path, "--show-settings", "--ignore", "arxiv-url", "--offline")
    assert shown.returncode == 0
    lines = shown.stdout.splitlines()
    assert lines[0] == "# configuration file: pyproject.toml"
    settings = {k: v for k, _, v in (line.partition(" = ") for line in lines[1:])}
    assert settings["ignore"] == '["date-format", "arxiv-url"]'
    assert settings["severity"] == '{"duplicate-repo" = "error"}'
    assert settings["timeout"] == "60" and settings["offline"] == "true"
    rules = json.loads(settings["rules"])
    assert "date-format" not in rules and "arxiv-url" not in rules
    assert "date-arxiv-id" in rules and "arxiv-title" not in rules  # offline: no online rule
    import tomllib

    assert tomllib.loads("\n".join(lines))["ignore"] == ["date-format", "arxiv-url"]
