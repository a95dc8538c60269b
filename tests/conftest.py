from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from awesome_lint import parser
from awesome_lint.config import Config
from awesome_lint.document import Document
from awesome_lint.engine import Engine, Options
from awesome_lint.findings import Finding

FIXTURES = Path(__file__).parent / "fixtures"
LISTS = FIXTURES / "lists"
# Rules that look at "a month still to come" get a fixed today, so tests do not age.
TODAY = date(2026, 11, 22)


class Sleeps(list[float]):
    """A ``sleep`` that records what it was asked and sleeps at most 50 ms of it."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        time.sleep(min(seconds, 0.05))


def run_cli(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``awesome-lint ARGS`` in a fresh interpreter, run in ``cwd``; a traceback fails the test
    (bad input gets a message, never a traceback)."""
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def offline_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``awesome-lint --offline ARGS`` in a fresh interpreter, run in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def parse_text(text: str, path: str = "list.md") -> Document:
    return parser.parse(path, text)


def lint_text(
    text: str,
    tmp_path: Path,
    select: list[str] | None = None,
    config: Config | None = None,
    name: str = "list.md",
) -> list[Finding]:
    """Lint ``text`` as a file in ``tmp_path``, offline."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    engine = Engine(config or Config(), Options(select=select, offline=True, today=TODAY))
    result, _, _ = engine.run([str(path)])
    return result.findings


@pytest.fixture
def lint(tmp_path: Path):  # type: ignore[no-untyped-def]
    def run(
        text: str, select: list[str] | None = None, config: Config | None = None
    ) -> list[Finding]:
        return lint_text(text, tmp_path, select, config)

    return run


# A Semantic Scholar base that never resolves (RFC 2606): runs that do not serve the stand-in
# skip the source in one line and never reach the real API.
NO_S2 = "http://api.semanticscholar.invalid/graph/v1"


def standin_env(
    arxiv_url: str,
    github_url: str,
    cache: Path,
    token: str | None = "standin-token",
    s2_url: str | None = None,
) -> dict[str, str]:
    """The environment of a CLI run against the stand-ins: their URLs (Semantic Scholar's base
    as ``s2_url``, else one that does not resolve), a short arXiv pacing, a private cache, and
    no GitHub or Semantic Scholar variables of the machine running the tests."""
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "GH_", "SEMANTIC_SCHOLAR_", "AWESOME_LINT_"))
    }
    env.update(
        AWESOME_LINT_ARXIV_API_URL=f"{arxiv_url}/api/query",
        AWESOME_LINT_ARXIV_DELAY="0.05",
        AWESOME_LINT_S2_API_URL=s2_url or NO_S2,
        AWESOME_LINT_S2_DELAY="0.05",
        GITHUB_API_URL=github_url,
        AWESOME_LINT_CACHE_DIR=str(cache),
    )
    if token:
        env["GITHUB_TOKEN"] = token
    return env


# Hypothesis profiles (tests/test_properties.py): "ci" is the default and keeps the suite fast;
# "nightly" runs at least 10,000 examples per property. Choose with HYPOTHESIS_PROFILE:
#   HYPOTHESIS_PROFILE=nightly python -m pytest tests/test_properties.py
def _hypothesis_profiles() -> None:
    import os

    from hypothesis import HealthCheck, settings

    slow = [HealthCheck.too_slow, HealthCheck.data_too_large]
    settings.register_profile(
        "ci", max_examples=150, deadline=None, suppress_health_check=slow, derandomize=False
    )
    settings.register_profile(
        "nightly", max_examples=10_000, deadline=None, suppress_health_check=slow
    )
    settings.register_profile("dev", max_examples=1_000, deadline=None, suppress_health_check=slow)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Contributor",
    "GIT_AUTHOR_EMAIL": "contributor@example.com",
    "GIT_COMMITTER_NAME": "Contributor",
    "GIT_COMMITTER_EMAIL": "contributor@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,  # no user configuration leaks into the tests
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str) -> str:
    """Run git in a throwaway repository, with a fixed identity and no user configuration."""
    import subprocess

    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd,
        capture_output=True,
        check=True,
        # Not an enclosing hook's GIT_DIR or GIT_INDEX_FILE: git works on cwd's repository.
        env={**{k: v for k, v in os.environ.items() if not k.startswith("GIT_")}, **GIT_ENV},
    )
    return done.stdout.decode().strip()
