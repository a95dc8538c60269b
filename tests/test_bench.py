"""The benchmark (issue #5): its synthetic lists hold exactly the planted errors, and
``bench/run.py --quick`` runs end to end. Speed goals live in the benchmark, not here."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from awesome_lint.rules import registry
from conftest import lint_text

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_offline_findings_are_exactly_the_planted_errors(tmp_path: Path, seed: int) -> None:
    synthetic = generate.generate(200, seed=seed)
    assert set(synthetic.formats) == set(generate.FORMATS)
    offline_rules = {meta.name for meta in registry.all_meta() if not meta.online}
    assert set(synthetic.planted) == offline_rules  # every offline rule has errors planted
    assert all(count > 0 for count in synthetic.planted.values())

    findings = lint_text(synthetic.text, tmp_path)
    assert Counter(f.rule for f in findings) == synthetic.expected_offline


def test_copies_are_planted_as_near_as_the_rule_looks() -> None:
    from awesome_lint.rules import duplicate_repo

    assert generate.NEIGHBOURS == duplicate_repo.NEIGHBOURS
    from awesome_lint.rules import foreign_repo

    assert foreign_repo.NEIGHBOURS >= 3  # the generator swaps links at most three entries apart


def test_online_expectations_cover_every_rule() -> None:
    synthetic = generate.generate(100)
    assert set(synthetic.expected_online) == {meta.name for meta in registry.all_meta()}
    # Each online-only error is on an entry of its own, beside the offline ones.
    assert sum(synthetic.planted_online.values()) == len(generate.ONLINE_RATES)
    assert synthetic.expected_online["arxiv-date"] == 2  # planted, and date-arxiv-id's
    assert len(synthetic.arxiv_ids) < synthetic.entries  # invalid and duplicated ids excluded


def test_the_generator_is_deterministic_and_runs_as_a_script(tmp_path: Path) -> None:
    out = tmp_path / "list.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), "150", "-o", str(out), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(done.stdout)
    assert summary["entries"] == 150
    assert out.read_text(encoding="utf-8") == generate.generate(150).text


@pytest.mark.timeout(600)
def test_quick_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    figures = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--tools",
            "none",
            "--json",
            str(figures),
        ],
        capture_output=True,
        text=True,
        timeout=580,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| measurement |" in done.stdout
    data = json.loads(figures.read_text(encoding="utf-8"))
    met = {t["target"]: t["met"] for t in data["targets"]}
    for target in (
        "planted errors found exactly offline at 100",
        "planted errors found exactly offline at 1,000",
        "online findings exact at 100",
        "online warm 100: 0 requests",
        "no network library imported offline",
    ):
        assert met[target] is True, (target, data["targets"])
