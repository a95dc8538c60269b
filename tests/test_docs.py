"""The README's rule table and docs/rules.md are generated from the rules, and current."""

from __future__ import annotations

from pathlib import Path

from awesome_lint import docs
from awesome_lint.rules import registry

ROOT = Path(__file__).parent.parent


def test_generated_docs_are_current() -> None:
    assert docs.main(["--check", "--root", str(ROOT)]) == 0, "run: python -m awesome_lint.docs"


def test_every_rule_is_in_the_readme_table() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for meta in registry.all_meta():
        assert f"[`{meta.name}`]" in readme


def test_readme_starts_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    blocks = readme.split("```")
    assert "awesome-lint lists/" in blocks[1] and "pip install" in blocks[1]
    assert "pytest" in blocks[3] and "pip install" in blocks[3]
