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
    # Into a virtual environment: a system Python that is externally managed (PEP 668, as
    # Debian's) refuses `pip install` outside one, and no flag should talk it round.
    for block in (blocks[1], blocks[3]):
        assert ". .venv/bin/activate && pip install" in block
        assert "--break-system-packages" not in block and "--user" not in block
    assert blocks[1].strip().startswith("sh\npython3 -m venv .venv && ")


def test_the_readme_example_is_what_the_command_prints() -> None:
    import shlex
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## What it reports", 1)[1]
    block = section.split("```console\n", 1)[1].split("```", 1)[0]
    command, *shown = block.splitlines()
    assert command.startswith("$ awesome-lint ")
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", *shlex.split(command)[2:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    printed = done.stdout.splitlines()
    at = 0
    for line in shown:  # every line shown, in this order; "..." stands for lines left out
        if line == "...":
            continue
        assert line in printed[at:], line
        at = printed.index(line, at) + 1
    assert done.returncode == 1
