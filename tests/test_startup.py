"""Start-up: a run imports what it needs and nothing else (a pre-commit hook pays the start-up
on every commit). Checked in a fresh interpreter, after a real run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import offline_cli

RUN = (
    "import json, sys; from awesome_lint.cli import main; code = main(sys.argv[1:]);"
    " print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
)
# Online-only (title matching), diff-mode-only, configuration-only and network modules.
NOT_OFFLINE = (
    "rapidfuzz",
    "difflib",
    "subprocess",
    "tomllib",
    "httpx",
    "sqlite3",
    "awesome_lint.titles",
    "awesome_lint.diff",
    "awesome_lint.gather",
    "awesome_lint.fix",
    "awesome_lint.fact_rows",
    "awesome_lint.rules.arxiv_title",
    "awesome_lint.rules.dead_link",
)


def _modules(folder: Path, *args: str, env: dict[str, str] | None = None) -> set[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        timeout=60,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_an_offline_run_on_an_empty_file_imports_only_what_it_needs(tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("")
    modules = _modules(tmp_path, "--offline", "empty.md")
    assert "awesome_lint.engine" in modules  # the run did happen
    assert sorted(m for m in NOT_OFFLINE if m in modules) == []
    reporters = sorted(m for m in modules if m.startswith("awesome_lint.report."))
    assert reporters == ["awesome_lint.report.text"]
    # Nothing to parse and nothing a rule could find: neither markdown-it nor any rule.
    assert "markdown_it" not in modules
    assert "awesome_lint.parser" not in modules
    assert "awesome_lint.arxiv_ids" not in modules  # the id grammar: for links, and cache rows
    assert sorted(m for m in modules if m.startswith("awesome_lint.rules.")) == [
        "awesome_lint.rules.base",
        "awesome_lint.rules.registry",
    ]


def test_a_file_with_text_brings_the_parser_and_the_offline_rules(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text("- [A Paper](https://arxiv.org/abs/2401.00001)\n")
    modules = _modules(tmp_path, "--offline", "list.md")
    assert {"markdown_it", "awesome_lint.parser", "awesome_lint.rules.arxiv_url"} <= modules
    assert "awesome_lint.rules.arxiv_title" not in modules  # online only


def test_a_blank_file_beside_a_list_is_checked_as_the_list_is(tmp_path: Path) -> None:
    """The blank file's shortcut changes nothing for the file next to it."""
    (tmp_path / "blank.md").write_text("\n  \n\t\n")
    (tmp_path / "list.md").write_text("- [A Paper](https://arxiv.org/pdf/2401.00001)\n")
    data = json.loads(offline_cli(tmp_path, "--format", "json", ".").stdout)
    assert data["summary"]["files"] == 2
    assert [(f["path"], f["rule"]) for f in data["findings"]] == [("list.md", "arxiv-url")]


@pytest.mark.parametrize(("fmt", "module"), [("json", "json"), ("sarif", "sarif")])
def test_a_format_imports_its_own_reporter_only(tmp_path: Path, fmt: str, module: str) -> None:
    (tmp_path / "empty.md").write_text("")
    modules = _modules(tmp_path, "--offline", "--format", fmt, "empty.md")
    reporters = sorted(m for m in modules if m.startswith("awesome_lint.report."))
    assert reporters == [f"awesome_lint.report.{module}"]


def test_sarif_on_a_blank_file_still_describes_every_offline_rule(tmp_path: Path) -> None:
    """The rules' descriptions are read when a report needs them, not on every run."""
    (tmp_path / "empty.md").write_text("")
    done = offline_cli(tmp_path, "--format", "sarif", "empty.md")
    from awesome_lint.rules import registry

    rules = json.loads(done.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [meta.name for meta in registry.offline_meta()]


def test_what_an_offline_run_leaves_out_is_loaded_when_the_run_needs_it(tmp_path: Path) -> None:
    """The other side: a configuration file brings tomllib, a diff base the diff machinery."""
    (tmp_path / "empty.md").write_text("")
    (tmp_path / ".awesome-lint.toml").write_text("ignore = []\n")
    assert "tomllib" in _modules(tmp_path, "--offline", "empty.md")
    in_pull_request = _modules(
        tmp_path, "--offline", "empty.md", env={"GITHUB_EVENT_NAME": "pull_request"}
    )
    assert "awesome_lint.diff" in in_pull_request


def test_rule_names_known_without_import_are_the_modules_own() -> None:
    from awesome_lint.rules import registry

    assert registry.names() == frozenset(registry.by_name())
    assert [m.NAME for m in registry.offline_modules()] == [
        meta.name for meta in registry.offline_meta()
    ]
    assert not any(
        module.NEEDS & {"arxiv", "github", "links"} for module in registry.offline_modules()
    )
