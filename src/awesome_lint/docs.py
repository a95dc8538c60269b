"""Documentation generated from the rules' own docstrings.

``python -m awesome_lint.docs`` rewrites the rule table in ``README.md`` (between the
``rules:start`` and ``rules:end`` markers) and ``docs/rules.md``; ``--check`` only says whether
they are current (a test runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from awesome_lint.rules import registry

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rule_table() -> str:
    rows = [
        "| rule | severity | checks | finds | fix |",
        "| --- | --- | --- | --- | --- |",
    ]
    for meta in registry.all_meta():
        kind = "online (" + ", ".join(sorted(meta.needs)) + ")" if meta.online else "offline"
        summary = meta.summary.replace("|", "\\|")
        link = f"[`{meta.name}`](docs/rules.md#{meta.name})"
        rows.append(f"| {link} | {meta.severity} | {kind} | {summary} | {meta.fix or '–'} |")
    return "\n".join(rows)


def rules_page() -> str:
    parts = [
        "# Rules\n",
        "Generated from each rule's docstring by `python -m awesome_lint.docs`; do not edit.\n",
    ]
    for meta in registry.all_meta():
        kind = "online" if meta.online else "offline"
        fix = f"{meta.fix} fix" if meta.fix else "no fix"
        body = meta.description.split("\n", 1)
        rest = body[1].strip() if len(body) > 1 else ""
        parts.append(
            f"## {meta.name}\n\n**{meta.summary}**\n\n"
            f"Default severity: {meta.severity} · {kind} · {fix}\n\n{rest}\n"
        )
    return "\n".join(parts)


def updated_readme(readme: str) -> str:
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"README.md lacks the {START} / {END} markers")
    return f"{head}{START}\n{rule_table()}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m awesome_lint.docs")
    parser.add_argument("--check", action="store_true", help="only check that the docs are current")
    parser.add_argument("--root", default=".", help="the project folder")
    args = parser.parse_args(argv)
    root = Path(args.root)
    targets = {
        root / "README.md": updated_readme((root / "README.md").read_text("utf-8")),
        root / "docs" / "rules.md": rules_page(),
    }
    stale = [p for p, text in targets.items() if not p.exists() or p.read_text("utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run python -m awesome_lint.docs", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(targets[path], encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
