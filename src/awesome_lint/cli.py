"""The command line: arguments, formats and exit codes, nothing else.

Exit codes, as ruff has them: 0 when no finding reaches ``--fail-on`` (errors by default), 1
when one does, 2 for a usage, configuration or input error (an unknown rule, a broken config,
no readable file). No traceback reaches a user.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awesome_lint import __version__, report
from awesome_lint import config as config_module
from awesome_lint.config import ConfigError
from awesome_lint.report import FileProblem, RunResult

# The engine, the parser and the rules are imported when a run needs them, so that `--version`,
# `--help` and usage errors answer at once.
if TYPE_CHECKING:
    from awesome_lint.diff import ChangedFile, FilterMode
    from awesome_lint.engine import Engine, Linted, Options
    from awesome_lint.facts import Facts
    from awesome_lint.files import SourceFile
    from awesome_lint.gather import OnlineGatherer
    from awesome_lint.rules.base import RuleMeta

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Raises usage errors instead of exiting; no abbreviations (`--offlin` is not `--offline`),
    as ruff has it: an abbreviation would change meaning when a flag is added."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


def _rule_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _per_file_ignore(value: str) -> tuple[str, list[str]]:
    pattern, colon, rules = value.rpartition(":")
    if not colon or not pattern or not _rule_list(rules):
        raise argparse.ArgumentTypeError(f"expected GLOB:RULE[,RULE...], got {value!r}")
    return pattern, _rule_list(rules)


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
    parser.add_argument(
        "paths", nargs="*", default=None, help="files and folders (default: .); - for stdin"
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the text read from stdin (`-`): for messages and per-file settings",
    )
    parser.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=report.FORMATS,
        help="output format (default: text; github under GitHub Actions)",
    )
    parser.add_argument("-o", "--output-file", help="write the report to this file")
    # Rule lists add up across repetitions and commas, as ruff's and markdownlint's do.
    parser.add_argument(
        "--select",
        type=_rule_list,
        action="extend",
        metavar="RULES",
        help="rules to run (names, globs or ALL), instead of the configuration's",
    )
    parser.add_argument(
        "--extend-select",
        type=_rule_list,
        action="extend",
        default=[],
        metavar="RULES",
        help="rules to add",
    )
    parser.add_argument(
        "--ignore",
        type=_rule_list,
        action="extend",
        default=[],
        metavar="RULES",
        help="rules to skip",
    )
    parser.add_argument(
        "--per-file-ignores",
        type=_per_file_ignore,
        action="append",
        default=[],
        metavar="GLOB:RULES",
        help="rules to skip in files matching GLOB, added to the configuration's",
    )
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
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="auto: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it (default: auto)",
    )
    parser.add_argument(
        "--show-settings",
        action="store_true",
        help="print the settings a run would use (configuration file, rules, options) and exit",
    )
    parser.add_argument(
        "--show-files", action="store_true", help="print the files a run would lint and exit"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only")
    parser.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    parser.add_argument("--version", action="version", version=f"awesome-lint {__version__}")
    return parser


def _github_format(args_list: list[str]) -> bool:
    """Whether this run reports as GitHub annotations (read before the full parse, so that
    even a usage error's text is guarded)."""
    fmt = argparse.ArgumentParser(add_help=False)
    fmt.add_argument("--format")
    try:
        known, _ = fmt.parse_known_args(args_list)
    except SystemExit:  # not ours to report: the full parse says what is wrong
        return os.environ.get("GITHUB_ACTIONS") == "true"
    if known.format is None:
        return os.environ.get("GITHUB_ACTIONS") == "true"
    return bool(known.format == "github")


def _shown(value: object) -> str:
    """A path or message as printed: under ``--format github`` escaped as a workflow-command
    value (``%``, CR, LF), so that a file named ``x\n::stop-commands::t`` stays on its line."""
    text = str(value)
    if _GITHUB_OUTPUT:
        from awesome_lint.report.github import escape_data

        return escape_data(text)
    return text


_GITHUB_OUTPUT = False


def main(argv: Sequence[str] | None = None) -> int:
    global _GITHUB_OUTPUT
    args_list = list(sys.argv[1:] if argv is None else argv)
    _GITHUB_OUTPUT = _github_format(args_list)
    if not _GITHUB_OUTPUT:
        return _main(args_list, argv is None)
    from awesome_lint.report.github import guarded_streams

    with guarded_streams(True):
        return _main(args_list, argv is None)


def _main(args_list: list[str], from_command_line: bool) -> int:
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
        return run(build_parser().parse_args(args_list), process_exits_after=from_command_line)
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
    print(f"awesome-lint: error: {_shown(message)}", file=sys.stderr)


def explain(names: list[str]) -> int:
    from awesome_lint.rules import registry

    modules = registry.by_name()
    if not names:
        raise UsageError("`awesome-lint rule` needs a rule name")
    for name in names:
        if name not in modules:
            hint = config_module.did_you_mean(name, frozenset(modules))
            raise UsageError(f"unknown rule '{name}'{hint}")
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

    names = registry.names()
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
    names = registry.names()
    if "-" in (args.paths or []) and (args.fix or args.unsafe_fixes or args.show_fixes):
        raise UsageError("--fix cannot write text read from stdin back; use --diff")
    for selector in (args.select or []) + args.ignore + args.extend_select:
        config_module.check_rule_selector(selector, names, "command line")
    for pattern, rules in args.per_file_ignores:
        for rule in rules:
            config_module.check_rule_selector(rule, names, "--per-file-ignores")
        config.per_file_ignores.setdefault(pattern, []).extend(rules)
    options = Options(
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        offline=args.offline or config.offline,
        process_exits_after=process_exits_after,
        # --diff reports the findings of the text as read: every rule must have run on it.
        fixers_first=bool(args.fix) and not args.diff,
    )
    paths = args.paths or ["."]
    if args.show_files:
        return _show_files(paths, config)
    if args.show_settings:
        return _show_settings(args, config, options)
    if "-" in paths:
        options.stdin = _read_stdin(args.stdin_filename or "-")
    if args.max_file_size is not None:
        options.max_file_bytes = args.max_file_size
    engine = Engine(config, options)
    changed, mode = _diff_scope(args)
    online = None if options.offline else _online_gatherer(args, config, changed, mode)
    if online is not None:
        online.start(engine.rules)
    result, linted, facts = engine.run(paths, online)
    if not result.files_checked and not result.file_problems:
        _error(_nothing_found(paths, config))
        return EXIT_ERROR
    for shown, line_number, name in engine.unknown_inline_rules:
        hint = config_module.did_you_mean(name, names)
        print(
            f"awesome-lint: warning: {shown}:{line_number}: unknown rule '{name}' in an inline"
            f" comment{hint}",
            file=sys.stderr,
        )

    fixing = args.fix or args.diff or (args.unsafe_fixes and args.fix)
    if fixing:
        status = _apply_fixes(args, engine, linted, facts, result)
        if status is not None:
            return status

    if changed is not None:
        from awesome_lint import diff

        entry_lines = {
            item.source.path: [
                range(e.span.line, e.span.end_line + 1) for e in item.document.entries
            ]
            for item in linted
        }
        result.findings, result.hidden_by_diff_filter = diff.filter_findings(
            result.findings, changed, mode, entries=entry_lines
        )

    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    if fmt != "text":  # the text report lists them itself; machine formats keep stdout clean
        for problem in result.file_problems:
            print(
                f"awesome-lint: {_shown(problem.path)}: {_shown(problem.message)}", file=sys.stderr
            )
        for line in report.source_lines(result.sources):
            print(f"awesome-lint: {line}", file=sys.stderr)
    color = use_color(args.color, sys.stdout.isatty(), os.environ)
    rules = registry.MetaOnDemand(offline=options.offline)
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
    _emit(output, args.output_file, commands=fmt == "github")
    if fmt == "github":
        _github_files(result, rules)
    if args.review:
        _post_review(result, texts, changed)
    if args.exit_zero:  # findings and unreadable files do not fail; nothing linted, or a file
        # --fix may not write, still does
        return EXIT_ERROR if result.not_written or not result.files_checked else EXIT_OK
    if args.diff and any(item.findings for item in linted):
        return max(exit_status(result, args.fail_on or config.fail_on), EXIT_OK)
    return exit_status(result, args.fail_on or config.fail_on)


def use_color(choice: str, terminal: bool, environ: Mapping[str, str]) -> bool:
    """``--color``, then FORCE_COLOR (set and not ``0``: on; ``0``: off), then NO_COLOR (set:
    off), then whether the output is a terminal. FORCE_COLOR wins over NO_COLOR, as in Node."""
    if choice != "auto":
        return choice == "always"
    force = environ.get("FORCE_COLOR")
    if force:  # the empty string counts as unset, as both conventions say
        return force.strip().lower() not in ("0", "false", "no")
    if environ.get("NO_COLOR"):
        return False
    return terminal


def _read_stdin(name: str) -> SourceFile | FileProblem:
    from awesome_lint import files

    try:
        raw = sys.stdin.buffer.read(files.DEFAULT_MAX_BYTES + 1)
    except (OSError, ValueError) as error:  # ValueError: stdin closed
        return FileProblem(name, f"cannot be read from stdin: {error}")
    if len(raw) > files.DEFAULT_MAX_BYTES:
        return FileProblem(name, "is over the size limit (--max-file-size): not read")
    return files.decode(name, "-", raw)


def _show_files(paths: Sequence[str], config: config_module.Config) -> int:
    """``--show-files``: what a run would lint, one path a line, as ruff prints them."""
    from awesome_lint import files

    found, problems = files.discover([p for p in paths if p != "-"], config.exclude)
    for path in sorted(files.display_path(p) for p in found):
        print(path)
    for problem in problems:
        _error(f"{problem.path}: {problem.message}")
    if not found:
        _error(_nothing_found(paths, config))
        return EXIT_ERROR
    return EXIT_FINDINGS if problems else EXIT_OK


def _show_settings(args: argparse.Namespace, config: config_module.Config, options: Options) -> int:
    """``--show-settings``: the configuration file in use and every setting a run would use,
    after the command line's own (TOML, one key a line)."""
    from awesome_lint.engine import select_rules
    from awesome_lint.files import display_path

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, int | float):
            return f"{item:g}"
        if item is None:
            return '""  # default'
        if isinstance(item, str):
            return '"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(item, dict):
            return "{" + ", ".join(f"{value(k)} = {value(v)}" for k, v in item.items()) + "}"
        return "[" + ", ".join(value(v) for v in item) + "]"  # type: ignore[attr-defined]

    from awesome_lint.deadline import DEFAULT_TIMEOUT
    from awesome_lint.sources.http import DEFAULT_HOST_INTERVAL  # the light half: no httpx

    timeout = args.timeout if args.timeout is not None else config.timeout
    interval = config.host_request_interval
    settings: dict[str, object] = {
        "rules": [rule.NAME for rule in select_rules(config, options)],
        "select": options.select if options.select is not None else config.select or ["ALL"],
        "extend-select": config.extend_select + options.extend_select,
        "ignore": config.ignore + options.ignore,
        "per-file-ignores": config.per_file_ignores,
        "severity": {rule: str(level) for rule, level in config.severity.items()},
        "exclude": config.exclude,
        "offline": options.offline,
        "fail-on": args.fail_on or config.fail_on,
        "arxiv-url-form": config.arxiv_url_form,
        "report-cross-listed": config.report_cross_listed,
        "allow-shared-repos": sorted(config.allow_shared_repos),
        "allow-private-hosts": sorted(config.allow_private_hosts),
        "exclude-urls": [pattern.pattern for pattern in config.exclude_urls],
        "cache-dir": args.cache_dir or config.cache_dir or ".awesome-lint-cache",
        "timeout": timeout if timeout is not None else DEFAULT_TIMEOUT,
        "host-request-interval": interval if interval is not None else DEFAULT_HOST_INTERVAL,
    }
    shown = display_path(config.path) if config.path else "none (the defaults)"
    print(f"# configuration file: {shown}")
    for key, item in settings.items():
        print(f"{key} = {value(item)}")
    return EXIT_OK


def _nothing_found(paths: Sequence[str], config: config_module.Config) -> str:
    from awesome_lint.files import MARKDOWN_SUFFIXES, display_path

    where = ", ".join(paths)
    message = f"no Markdown files ({', '.join(MARKDOWN_SUFFIXES)}) found in {where}"
    if config.exclude:
        shown = display_path(config.path) if config.path else "the configuration"
        message += f"; `exclude` in {shown} may have left them out"
    return message


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
        with engine.collector_paused():
            fixed = fix.fix_document(
                item.document,
                item.findings,
                lambda d: engine.check(d, facts),
                unsafe=unsafe,
                line_endings=item.source.line_endings,
            )
        if fixed.text == item.document.text:
            engine.complete(item, facts)
            continue
        if args.diff:
            diffs.append(fix.unified_diff(item.source, fixed.text, fixed.line_endings))
            continue
        try:
            fix.write(item.source, fixed.text, fixed.line_endings)
        except (fix.FileChanged, fix.Refused) as error:
            _error(str(error))
            result.not_written += 1
            engine.complete(item, facts)
            continue
        except OSError as error:
            _error(f"{item.source.path}: cannot be written: {error.strerror or error}")
            result.not_written += 1
            engine.complete(item, facts)
            continue
        total += fixed.applied
        if args.show_fixes:
            applied = [f for f in item.findings if f.fix is not None and (unsafe or f.fix.is_safe)]
            for finding in applied:
                assert finding.fix is not None
                print(
                    f"{_shown(item.source.path)}:{finding.span.line}:{finding.span.column}: "
                    f"{finding.rule}: {_shown(finding.fix.message)}"
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
    in_pull_request = os.environ.get("GITHUB_EVENT_NAME", "").startswith("pull_request")
    if not (args.diff_base or in_pull_request or os.environ.get("GITHUB_BASE_REF")):
        return None, mode  # no change to judge: git and the diff machinery are not loaded
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
) -> OnlineGatherer:
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


def _emit(output: str, path: str | None, *, commands: bool = False) -> None:
    if path:
        try:
            Path(path).write_text(output, encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot write {path}: {error.strerror or error}") from None
        return
    if commands:  # annotations, escaped as they were built: past the guard as they are
        from awesome_lint.report.github import trusted_write

        trusted_write(output if output.endswith("\n") or not output else output + "\n")
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
