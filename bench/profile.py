"""Profile the 10,000-entry offline run: ``python bench/profile.py [--entries N] [--top K]``.

The whole process runs under cProfile (``python -m cProfile -m awesome_lint --offline``), so
imports, reading, parsing, the rules and the report all count. Prints the top entries by
cumulative and by own time, paths shortened. cProfile adds a per-call cost, so the total is a
few times the unprofiled wall time; the ranking is what matters.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402


def _shorten(text: str) -> str:
    text = re.sub(r"\S*/site-packages/", "", text)
    text = re.sub(r"\S*/src/awesome_lint/", "awesome_lint/", text)
    return re.sub(r"\S*/lib/python3\.\d+/", "", text)


def _stats(path: Path, order: str, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(path), stream=out)
    stats.sort_stats(order).print_stats(top)
    lines = out.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    head = next(line for line in lines if "function calls" in line).strip()
    return head + "\n" + _shorten("\n".join(lines[start:]).rstrip())


def _name(function: tuple[str, int, str]) -> str:
    filename, line, name = function
    return name if filename == "~" else f"{filename}:{line}({name})"


def _callers(path: Path, count: int) -> str:
    """Who calls the ``count`` entries with the most own time (a builtin says nothing alone)."""
    stats = pstats.Stats(str(path))
    ranked = sorted(stats.stats.items(), key=lambda item: -item[1][2])[:count]  # type: ignore[attr-defined]
    lines = []
    for function, (*_, callers) in ranked:
        name = _name(function)
        heaviest = sorted(callers.items(), key=lambda item: -item[1][2])[:2]
        where = ", ".join(f"{_name(caller)} ({numbers[2]:.3f} s)" for caller, numbers in heaviest)
        lines.append(f"{name} <- {where}")
    return _shorten("\n".join(lines))


def profile(entries: int, top: int) -> str:
    with tempfile.TemporaryDirectory(prefix="awesome-lint-profile-") as tmp:
        folder = Path(tmp)
        listed = generate.write(generate.generate(entries), folder / f"list-{entries}.md")
        command = [sys.executable, "-m", "awesome_lint", "--offline", "--no-config", listed.name]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"PYTHONPYCACHEPREFIX": str(folder / "pycache"), "NO_COLOR": "1"}
        walls = []
        for _ in range(4):  # the first run compiles the bytecode: not counted
            started = time.perf_counter()
            subprocess.run(command, cwd=folder, capture_output=True, check=False, env=env)
            walls.append(time.perf_counter() - started)
        wall = statistics.median(walls[1:])
        output = folder / "profile.out"
        subprocess.run(
            [sys.executable, "-m", "cProfile", "-o", str(output), *command[1:]],
            cwd=folder,
            capture_output=True,
            check=False,
            env=env,
        )
        report = [
            f"awesome-lint --offline, {entries:,} entries ({listed.stat().st_size / 1e6:.2f} MB):"
            f" {wall:.2f} s without the profiler (median of 3)",
            "",
            "By cumulative time:",
            _stats(output, "cumulative", top),
            "",
            "By own time:",
            _stats(output, "tottime", top),
            "",
            "Callers of the first three by own time:",
            _callers(output, 3),
        ]
        return "\n".join(report)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    print(profile(args.entries, args.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
