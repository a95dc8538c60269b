"""Findings on lists of papers the project was never tuned on, beside an older tree's.

Usage::

    python bench/unseen.py DIR [--before-src OLD/src] [--output TABLE.md]

``DIR`` holds ``OWNER+NAME/README.md`` for each list of ``bench/unseen-lists.txt`` (the README
of the commit named there: ``git clone https://github.com/OWNER/NAME`` then
``git show COMMIT:README.md``). Each list is linted offline as the command line does
(``--no-config``, ``broken-relative-link`` left out: a README alone has none of its files), by
this tree and, with ``--before-src``, by an older one (``git archive REV src | tar -x``), in a
fresh interpreter each. What the findings are worth is judged by reading them (UNSEEN.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
Counts = dict[str, Counter[tuple[str, str]]]


def lists() -> list[str]:
    lines = (HERE / "unseen-lists.txt").read_text(encoding="utf-8").splitlines()
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("#")]


def lint(folder: Path, names: list[str], src: str | None) -> Counts:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(Path(src).resolve())
    out: Counts = {}
    for name in names:
        path = folder / name.replace("/", "+") / "README.md"
        command = [sys.executable, "-m", "awesome_lint", "--offline", "--no-config"]
        done = subprocess.run(
            [*command, "--ignore", "broken-relative-link", "--format", "json", str(path)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        findings = json.loads(done.stdout)["findings"] if done.stdout else []
        out[name] = Counter((f["severity"], f["rule"]) for f in findings)
    return out


def _count(counts: Counter[tuple[str, str]], severity: str) -> int:
    return sum(n for (level, _), n in counts.items() if level == severity)


def table(now: Counts, before: Counts | None) -> list[str]:
    arrow = (lambda b, n: f"{b} → {n}") if before is not None else (lambda b, n: str(n))
    rows = ["| list | errors | warnings |", "| --- | --- | --- |"]
    for name, counts in now.items():
        old = before[name] if before is not None else Counter()
        rows.append(
            f"| {name} | {arrow(_count(old, 'error'), _count(counts, 'error'))}"
            f" | {arrow(_count(old, 'warning'), _count(counts, 'warning'))} |"
        )
    total_now: Counter[tuple[str, str]] = sum(now.values(), Counter())
    total_before: Counter[tuple[str, str]] = sum((before or {}).values(), Counter())
    rows += ["", "| rule | errors | warnings |", "| --- | --- | --- |"]
    for rule in sorted({rule for _, rule in total_now} | {rule for _, rule in total_before}):
        errors = arrow(total_before["error", rule], total_now["error", rule])
        warnings = arrow(total_before["warning", rule], total_now["warning", rule])
        rows.append(f"| {rule} | {errors} | {warnings} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--before-src", help="an older tree's src/ folder, run beside this one")
    parser.add_argument("--output", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    names = lists()
    missing = [n for n in names if not (args.folder / n.replace("/", "+") / "README.md").is_file()]
    if missing:
        print(f"unseen.py: no README.md for {', '.join(missing)} in {args.folder}", file=sys.stderr)
        return 2
    before = lint(args.folder, names, args.before_src) if args.before_src else None
    rows = table(lint(args.folder, names, None), before)
    print("\n".join(rows))
    if args.output:
        args.output.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
