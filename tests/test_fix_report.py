"""What ``--fix`` reports: exactly what a plain run on the file as it ends up reports.

``--fix`` checks first with the rules that can fix only, then checks the fixed text in full; a
file the fixes leave unchanged (nothing to fix, or a file it may not write) gets the other rules'
findings added. These tests hold the report to a plain run's, whichever way the file goes."""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from awesome_lint.rules import registry
from conftest import LISTS, lint_text, offline_cli

# Fixable (doubled space, /pdf/ link) and unfixable (a shared arXiv id, a malformed link)
# findings side by side.
MIXED = """# Papers

## Models

- [Alpha:  A Model](https://arxiv.org/pdf/2401.00001) (Jan. 2024, arXiv)
- [Beta: Another Model](https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)
- [Gamma: A Third Model](https://arxiv.org/abs/2402.00002 (Feb. 2024, arXiv)
"""

# Only findings no rule can fix.
UNFIXABLE = """# Papers

## Models

- [Alpha: A Model](https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)
- [Beta: Another Model](https://arxiv.org/abs/2401.00001) (Jan. 2024, arXiv)
"""


def _findings(folder: Path, *args: str) -> list[tuple[str, int, int, str, str]]:
    done = offline_cli(folder, "--format", "json", *args)
    data = json.loads(done.stdout)
    return [(f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in data["findings"]]


def test_a_fixed_file_reports_what_a_plain_run_on_the_fixed_text_reports(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(MIXED)
    after_fix = _findings(tmp_path, "--fix", "list.md")
    assert (tmp_path / "list.md").read_text() != MIXED  # the fixes were written
    plain = _findings(tmp_path, "list.md")
    assert after_fix == plain
    rules = {rule for _, _, _, rule, _ in plain}
    assert {"duplicate-arxiv-id", "malformed-link"} <= rules
    assert not rules & {"title-whitespace", "arxiv-url"}


def test_a_file_with_nothing_to_fix_reports_every_rule(tmp_path: Path) -> None:
    (tmp_path / "list.md").write_text(UNFIXABLE)
    plain = _findings(tmp_path, "list.md")
    assert {rule for _, _, _, rule, _ in plain} == {"duplicate-arxiv-id"}
    assert _findings(tmp_path, "--fix", "list.md") == plain
    assert (tmp_path / "list.md").read_text() == UNFIXABLE


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_file_fix_may_not_write_reports_every_rule_on_its_text(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text(MIXED)
    (tmp_path / "link.md").symlink_to("real.md")
    plain = _findings(tmp_path, "link.md")
    done = offline_cli(tmp_path, "--format", "json", "--fix", "link.md")
    assert done.returncode == 2 and "symbolic link" in done.stderr
    data = json.loads(done.stdout)
    refused = [
        (f["path"], f["line"], f["column"], f["rule"], f["message"]) for f in data["findings"]
    ]
    assert refused == plain
    assert {"title-whitespace", "arxiv-url", "duplicate-arxiv-id"} <= {f[3] for f in refused}


def test_the_seed_lists_report_after_fix_what_a_plain_run_reports_on_the_result(
    tmp_path: Path,
) -> None:
    for source in LISTS.glob("*.md"):
        shutil.copy(source, tmp_path / source.name)
    after_fix = _findings(tmp_path, "--fix", ".")
    assert after_fix == _findings(tmp_path, ".")
    assert len(after_fix) >= 5


def test_a_rule_without_a_fix_never_offers_one(tmp_path: Path) -> None:
    """What lets ``--fix`` leave those rules out of its first check."""
    texts = [path.read_text(encoding="utf-8") for path in LISTS.glob("*.md")]
    texts += [MIXED, UNFIXABLE]
    texts += [
        example
        for module in registry.offline_modules()
        for example in _examples(module.__doc__ or "")
    ]
    without = {module.NAME for module in registry.offline_modules() if module.FIX is None}
    seen: set[str] = set()
    for text in texts:
        for finding in lint_text(text, tmp_path):
            if finding.rule in without:
                seen.add(finding.rule)
                assert finding.fix is None, finding
    assert len(seen) >= 8  # most of those rules did find something here


def test_a_rule_without_a_fix_builds_none() -> None:
    """The same, read off the sources: online rules included."""
    for module in registry.modules():
        if module.FIX is None:
            source = inspect.getsource(module)
            assert "Fix(" not in source and "fix=" not in source, module.NAME


def _examples(doc: str) -> list[str]:
    """The ```markdown blocks of a rule's docstring (its Fails and Passes examples)."""
    return re.findall(r"^```markdown\n(.*?)```", doc, re.M | re.S)
