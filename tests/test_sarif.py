"""The SARIF report as code scanning reads it: valid against the whole SARIF 2.1.0 schema,
with the tool's home page and, for every rule, a link to its section of the rules doc."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import jsonschema

from awesome_lint.rules import registry

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests/schemas/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
URLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]

# Findings of several kinds: a fix, related places, and a file that cannot be read.
LIST = (
    "# Papers\n\n"
    "- [Janus: Decoupling](https://arxiv.org/pdf/2410.13848) (Nov. 2024, arXiv)\n"
    "- [Janus: Decoupling](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
    "- [Puma:  Another](https://arxiv.org/abs/2410.13848) (Oct. 2024, arXiv)\n"
)


def _sarif(folder: Path) -> dict[str, Any]:
    (folder / "list.md").write_text(LIST)
    (folder / "latin1.md").write_bytes(b"caf\xe9\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    done = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", "--format", "sarif", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    log: dict[str, Any] = json.loads(done.stdout)
    return log


def test_the_report_validates_against_the_sarif_2_1_0_schema(tmp_path: Path) -> None:
    log = _sarif(tmp_path)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} >= {"arxiv-url", "date-arxiv-id", "title-whitespace"}
    assert any("fixes" in r for r in results) and any("relatedLocations" in r for r in results)
    assert log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    # The schema is strict enough to catch a misspelt key.
    broken = json.loads(json.dumps(log))
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["regin"] = {}
    assert not jsonschema.Draft4Validator(SCHEMA).is_valid(broken)


def test_the_tool_and_every_rule_link_to_their_documentation(tmp_path: Path) -> None:
    driver = _sarif(tmp_path)["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == URLS["Homepage"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == {meta.name for meta in registry.offline_meta()}
    headings = set(re.findall(r"^## (\S+)$", (ROOT / "docs/rules.md").read_text(), re.M))
    for name, rule in rules.items():
        assert rule["helpUri"] == f"{URLS['Rules']}#{name}"
        assert name in headings  # the anchor GitHub makes of the rule's heading
    assert URLS["Rules"].endswith("/docs/rules.md")
    assert URLS["Rules"].startswith(URLS["Repository"] + "/")
