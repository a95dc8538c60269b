"""The command line: arguments, formats and exit codes, nothing else.

Exit codes, as ruff has them: 0 when no finding reaches ``--fail-on`` (errors by default), 1
when one does, 2 for a usage, configuration or input error (an unknown rule, a broken config,
no readable file). No traceback reaches a user.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_lint import __version__, report
from awesome_lint import config as config_module
from awesome_lint.config import ConfigError
from awesome_lint.report import RunResult

# The engine, the parser and the rules are imported when a run needs them, so that `--version`,
# `--help` and usage errors answer at once.
if TYPE_CHECKING:
    from awesome_lint.diff import ChangedFile, FilterMode
    from awesome_lint.engine import Engine, FactGatherer, Linted
    from awesome_lint.facts import Facts
    from awesome_lint.rules.base import RuleMeta

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _rule_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _seconds(value: str) -> float:
    try:
        return config_module.parse_timeout(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _megabytes(value: str) -> int:
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = float("nan")
    if not 0 < megabytes < float("inf"):
        raise argparse.ArgumentTypeError("must be a number of megabytes above 0")
    return int(megabytes * 1024 * 1024)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="awesome-lint",
        description="Lint awesome lists of papers: arXiv ids, dates, badges, repositories.",
        epilog="`awesome-lint rule NAME` explains a rule; `awesome-lint --list-rules` lists them;"
        " `awesome-lint entries PATH` shows what the parser read;"
        " `awesome-lint add ID --to LIST --section HEADING` adds a paper.",
    )
    parser.add_argument("paths", nargs="*", default=None, help="files and folders (default: .)")
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=report.FORMATS,
        help="output format (default: text; github under GitHub Actions)",
    )
    parser.add_argument("-o", "--output-file", help="write the report to this file")
    parser.add_argument("--select", type=_rule_list, help="rules to run (names, globs or ALL)")
    parser.add_argument("--extend-select", type=_rule_list, default=[], help="rules to add")
    parser.add_argument("--ignore", type=_rule_list, default=[], help="rules to skip")
    parser.add_argument("--offline", action="store_true", help="no network: offline rules only")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="online rules on facts already in the cache, without any request",
    )
    parser.add_argument("--cache-dir", help="cache folder (default: .awesome-lint-cache)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--refresh", action="store_true", help="ask the sources again, then cache")
    parser.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="deadline for all online checks; what is not answered by then is reported as"
        " not verified (default: 300)",
    )
    parser.add_argument(
        "--max-file-size",
        type=_megabytes,
        metavar="MB",
        help="files larger than this are not read (default: 20)",
    )
    parser.add_argument("--fix", action="store_true", help="apply safe fixes")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes")
    parser.add_argument(
        "--diff", action="store_true", help="print the fixes as a diff, write nothing"
    )
    parser.add_argument("--show-fixes", action="store_true", help="list the fixes applied")
    parser.add_argument("--statistics", action="store_true", help="count findings per rule")
    parser.add_argument(
        "--diff-base",
        metavar="REF",
        help="report only what a change adds against REF (default in a pull request: its base)",
    )
    parser.add_argument(
        "--filter-mode",
        choices=("added", "diff_context", "file", "nofilter"),
        help="with a diff base: which findings to report (reviewdog's modes; default: added)",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="post a pull-request review with suggestions (needs GITHUB_TOKEN)",
    )
    parser.add_argument(
        "--fail-on",
        choices=config_module.FAIL_ON,
        help="lowest severity that fails the run (default: error)",
    )
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    parser.add_argument("--config", help="configuration file (default: found from the cwd up)")
    parser.add_argument("--no-config", action="store_true", help="ignore configuration files")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    parser.add_argument("--version", action="version", version=f"awesome-lint {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["rule"]:
            return explain(args_list[1:])
        if args_list[:1] == ["entries"]:
            return show_entries(args_list[1:])
        if args_list[:1] == ["add"]:
            return add_paper(args_list[1:])
        if args_list[:1] == ["review"]:  # `awesome-lint review PATHS` = `--review`
            args_list = ["--review", *args_list[1:]]
        # From the command line (no argv given), the process ends after the run.
        return run(build_parser().parse_args(args_list), process_exits_after=argv is None)
    except UsageError as error:
        _error(f"{error} (see awesome-lint --help)")
        return EXIT_ERROR
    except ConfigError as error:
        _error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _error(message: str) -> None:
    print(f"awesome-lint: error: {message}", file=sys.stderr)


def explain(names: list[str]) -> int:
    from awesome_lint.rules import registry

    modules = registry.by_name()
    if not names:
        raise UsageError("`awesome-lint rule` needs a rule name")
    for name in names:
        if name not in modules:
            raise UsageError(f"unknown rule '{name}'")
        meta = registry.meta(modules[name])
        fix = f"fix: {meta.fix}" if meta.fix else "no fix"
        kind = "online" if meta.online else "offline"
        print(f"# {meta.name} ({meta.severity}, {kind}, {fix})\n\n{meta.description}\n")
    return EXIT_OK


def show_entries(argv: list[str]) -> int:
    """`awesome-lint entries PATH...`: what the parser read (see ``show_entries``)."""
    from awesome_lint import show_entries as module

    return module.run(module.build_parser(_Parser).parse_args(argv))


def add_paper(argv: list[str]) -> int:
    """`awesome-lint add ID... --to LIST --section HEADING` (see ``add.command``)."""
    from awesome_lint.add import command

    return command.run(command.build_parser(_Parser).parse_args(argv))


def _load_config(args: argparse.Namespace) -> config_module.Config:
    from awesome_lint.rules import registry

    names = frozenset(registry.by_name())
    if args.no_config:
        return config_module.Config()
    path = Path(args.config) if args.config else config_module.find()
    return config_module.load(path, names)


def run(args: argparse.Namespace, *, process_exits_after: bool = False) -> int:
    from awesome_lint.engine import Engine, Options, exit_status
    from awesome_lint.rules import registry

    if args.list_rules:
        for meta in registry.all_meta():
            flag = "[*]" if meta.fix == "safe" else "[-]" if meta.fix else "   "
            print(f"{meta.name:24} {meta.severity!s:8} {flag} {meta.summary}")
        return EXIT_OK
    config = _load_config(args)
    names = frozenset(registry.by_name())
    for selector in (args.select or []) + args.ignore + args.extend_select:
        config_module.check_rule_selector(selector, names, "command line")
    options = Options(
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        offline=args.offline or config.offline,
        process_exits_after=process_exits_after,
    )
    if args.max_file_size is not None:
        options.max_file_bytes = args.max_file_size
    engine = Engine(config, options)
    changed, mode = _diff_scope(args)
    online = None if options.offline else _online_gatherer(args, config, changed, mode)
    result, linted, facts = engine.run(args.paths or ["."], online)

    fixing = args.fix or args.diff or (args.unsafe_fixes and args.fix)
    if fixing:
        status = _apply_fixes(args, engine, linted, facts, result)
        if status is not None:
            return status

    if changed is not None:
        from awesome_lint import diff

        result.findings, result.hidden_by_diff_filter = diff.filter_findings(
            result.findings, changed, mode
        )

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt != "text":  # the text report lists them itself; machine formats keep stdout clean
        for problem in result.file_problems:
            print(f"awesome-lint: {problem.path}: {problem.message}", file=sys.stderr)
        for line in report.source_lines(result.sources):
            print(f"awesome-lint: {line}", file=sys.stderr)
    color = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    rules = registry.all_meta()
    texts = {item.source.path: item.document.text for item in linted}
    if args.statistics:
        from awesome_lint.report import text as text_report

        output = text_report.render_statistics(
            result, rules, "json" if fmt == "json" else "text", unsafe_fixes=args.unsafe_fixes
        )
    else:
        output = report.render(
            fmt,
            result,
            rules,
            color=color,
            texts=texts,
            quiet=args.quiet,
            unsafe_fixes=args.unsafe_fixes,
        )
    _emit(output, args.output_file)
    if fmt == "github":
        _github_files(result, rules)
    if args.review:
        _post_review(result, texts, changed)
    if args.exit_zero:
        return EXIT_OK
    if args.diff and any(item.findings for item in linted):
        return max(exit_status(result, args.fail_on or config.fail_on), EXIT_OK)
    return exit_status(result, args.fail_on or config.fail_on)


def _apply_fixes(
    args: argparse.Namespace,
    engine: Engine,
    linted: list[Linted],
    facts: Facts,
    result: RunResult,
) -> int | None:
    from awesome_lint import fix

    unsafe = bool(args.unsafe_fixes)
    total = 0
    diffs: list[str] = []
    for item in linted:
        fixed = fix.fix_document(
            item.document,
            item.findings,
            lambda d: engine.check(d, facts),
            unsafe=unsafe,
        )
        if fixed.text == item.document.text:
            continue
        if args.diff:
            diffs.append(fix.unified_diff(item.source, fixed.text))
            continue
        try:
            fix.write(item.source, fixed.text)
        except fix.FileChanged as error:
            _error(str(error))
            continue
        except OSError as error:
            _error(f"{item.source.path}: cannot be written: {error.strerror or error}")
            continue
        total += fixed.applied
        if args.show_fixes:
            applied = [f for f in item.findings if f.fix is not None and (unsafe or f.fix.is_safe)]
            for finding in applied:
                assert finding.fix is not None
                print(
                    f"{item.source.path}:{finding.span.line}:{finding.span.column}: "
                    f"{finding.rule}: {finding.fix.message}"
                )
        item.document, item.findings = fixed.document, fixed.findings
    if args.diff:
        sys.stdout.write("".join(diffs))
        count = sum(
            1
            for item in linted
            for f in item.findings
            if f.fix is not None and (unsafe or f.fix.is_safe)
        )
        print(f"Would fix {count} problem{'s' if count != 1 else ''}.", file=sys.stderr)
        return EXIT_FINDINGS if diffs else EXIT_OK
    result.findings = sorted(
        (f for item in linted for f in item.findings), key=lambda f: f.sort_key
    )
    result.fixed = total
    return None


def _diff_scope(args: argparse.Namespace) -> tuple[dict[str, ChangedFile] | None, FilterMode]:
    """The change to report on: from ``--diff-base``, or the pull request's base under
    GitHub Actions. An explicit base that git cannot use is an error; one taken from the
    event is only a warning, and the run then reports everything."""
    mode: FilterMode = args.filter_mode or "added"
    if args.filter_mode == "nofilter":
        return None, mode
    from awesome_lint import diff

    base = args.diff_base or diff.base_from_github_env(os.environ)
    if not base:
        return None, mode
    try:
        return diff.merge_base_diff(base), mode
    except diff.DiffError as error:
        if args.diff_base:
            raise ConfigError(f"--diff-base {base}: {error}") from None
        print(f"awesome-lint: warning: {error}: reporting every finding", file=sys.stderr)
        return None, mode


def _online_gatherer(
    args: argparse.Namespace,
    config: config_module.Config,
    changed: dict[str, ChangedFile] | None = None,
    mode: FilterMode = "added",
) -> FactGatherer:
    from awesome_lint import gather

    try:
        settings = gather.OnlineSettings(**gather.settings_from_env())
    except ValueError as error:
        raise ConfigError(str(error)) from None
    cache_dir = args.cache_dir or config.cache_dir
    if cache_dir:
        settings.cache_dir = Path(cache_dir)
    if args.no_cache:
        settings.cache_dir = None
    settings.refresh = args.refresh
    settings.cached_only = args.cached_only
    settings.exclude_urls = config.exclude_urls
    settings.allowed_hosts = config.allow_private_hosts
    settings.host_interval = config.host_request_interval
    settings.progress = not args.quiet
    timeout = args.timeout if args.timeout is not None else config.timeout
    if timeout is not None:
        settings.timeout = timeout
    if changed is not None:
        # Online facts only for what the change touches: a pull request adding three entries
        # to a 1,000-entry list makes at most three lookups per source.
        from awesome_lint.diff import TouchedLines

        settings.touched = {path: TouchedLines(item, mode) for path, item in changed.items()}
    return gather.OnlineGatherer(settings)


def _post_review(
    result: RunResult, texts: dict[str, str], changed: dict[str, ChangedFile] | None
) -> None:
    """Post the pull-request review; never fail the run for it (annotations remain)."""
    from awesome_lint import diff, review
    from awesome_lint.sources.github import token_from_env

    pr = diff.pull_request_from_github_env(os.environ)
    token = token_from_env()
    if pr is None or not token:
        missing = "a pull-request event" if pr is None else "GITHUB_TOKEN"
        print(f"awesome-lint: warning: --review needs {missing}: no review posted", file=sys.stderr)
        return
    outcome = review.post_review(
        result.findings,
        texts,
        changed or {},
        pr,
        token=token,
        api_url=os.environ.get("GITHUB_API_URL"),
    )
    prefix = "warning: " if outcome.fallback_reason else ""
    print(f"awesome-lint: {prefix}{outcome.summary()}", file=sys.stderr)


def _emit(output: str, path: str | None) -> None:
    if path:
        try:
            Path(path).write_text(output, encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot write {path}: {error.strerror or error}") from None
        return
    sys.stdout.write(output)
    if output and not output.endswith("\n"):
        sys.stdout.write("\n")


def _github_files(result: RunResult, rules: Sequence[RuleMeta]) -> None:
    from awesome_lint.report import github

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    outputs = os.environ.get("GITHUB_OUTPUT")
    try:
        if summary:
            github.write_step_summary(summary, result, rules)
        if outputs:
            github.write_outputs(outputs, result)
    except OSError as error:
        _error(f"cannot write GitHub step files: {error.strerror or error}")
