"""Configuration: ``[tool.awesome-lint]`` in ``pyproject.toml`` or a ``.awesome-lint.toml``.

Looked up from the working folder upwards; the first file that holds a configuration wins
(ruff's habit). Every key is validated, and an unknown key or rule name is an error that names
the file and the key, never a traceback.

```toml
[tool.awesome-lint]
select = ["ALL"]                 # rule names, globs ("arxiv-*") or ALL
ignore = ["date-format"]
exclude = ["tests/fixtures/*"]   # files and folders never linted
allow-shared-repos = ["microsoft/i-Code"]
exclude-urls = ["^https://example\\\\.org/"]   # regexes: links never checked online
allow-private-hosts = ["wiki.internal"]  # link checks may reach these though they are private
offline = false
cache-dir = ".awesome-lint-cache"
timeout = 300                    # seconds (0 to 3600) for online checks, then "deadline reached"
host-request-interval = 0.1      # seconds between requests to one web host (0 to 5)
fail-on = "error"                # error, warning, info or never
arxiv-url-form = "list"          # abs, pdf, or list: the form most of the list's arXiv links use

[tool.awesome-lint.severity]
duplicate-repo = "error"

[tool.awesome-lint.per-file-ignores]
"drafts/*.md" = ["date-arxiv-id"]
```
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from awesome_lint.findings import Severity

CONFIG_FILES = (".awesome-lint.toml", "awesome-lint.toml", "pyproject.toml")
_KEYS = frozenset(
    {
        "select",
        "ignore",
        "extend-select",
        "exclude",
        "severity",
        "per-file-ignores",
        "allow-shared-repos",
        "exclude-urls",
        "allow-private-hosts",
        "offline",
        "cache-dir",
        "timeout",
        "host-request-interval",
        "fail-on",
        "arxiv-url-form",
        "report-cross-listed",
    }
)
FAIL_ON = ("error", "warning", "info", "never")
ARXIV_URL_FORMS = ("abs", "pdf", "list")  # "list": the list's own dominant form (conventions)
MAX_HOST_REQUEST_INTERVAL = 5.0  # sources.http.MAX_HOST_INTERVAL (not imported: no httpx here)


class ConfigError(Exception):
    """A configuration that cannot be used; the message says where and why."""


@dataclass(slots=True)
class Config:
    path: Path | None = None
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    allow_shared_repos: frozenset[str] = frozenset()
    report_cross_listed: bool = False  # the same paper in two sections is reported
    exclude_urls: list[re.Pattern[str]] = field(default_factory=list)
    allow_private_hosts: frozenset[str] = frozenset()
    offline: bool = False
    cache_dir: str | None = None
    timeout: float | None = None  # None: the default (deadline.DEFAULT_TIMEOUT)
    host_request_interval: float | None = None  # None: the link checker's default
    fail_on: str = "error"
    arxiv_url_form: str = "list"

    def ignored_for(self, path: str) -> set[str]:
        out: set[str] = set()
        for pattern, rules in self.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                out.update(rules)
        return out


MAX_CONFIG_BYTES = 1024 * 1024
#: Arrays and inline tables inside one another, and the parts of one dotted key (``a.b.c``):
#: a configuration needs three or four; tomllib recurses on the first and is quadratic in the
#: second (a 40,000-part key took a minute and gigabytes).
MAX_NESTING = 32
MAX_TIMEOUT = 3600.0  # seconds: an hour is more than any list needs, and stays a sane number
# The tokens that matter for nesting, with strings and comments matched whole so that what is
# inside them is not counted.
_TOML_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''.*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}.=,\n]",
    re.DOTALL,
)
# A pyproject.toml that names our table (or our key under [tool]): when it is not valid TOML,
# it is the configuration the user meant, so its errors are ours to report.
_MENTIONS_US = re.compile(
    r"""^[ \t]*(?:\[\[?[ \t]*tool[ \t]*\.[ \t]*|tool[ \t]*\.[ \t]*)?["']?awesome-lint\b""",
    re.MULTILINE,
)
_AT_END = "(at end of document)"
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def find(start: Path | None = None) -> Path | None:
    """The configuration file that applies from ``start`` (default: the working folder) up.

    A ``pyproject.toml`` counts only when it holds ``[tool.awesome-lint]``; one that cannot be
    parsed counts when its text names that table (it is then an error, not a silent default),
    and is passed over otherwise: an unrelated project's file is not ours to judge."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if not path.is_file():
                continue
            if name != "pyproject.toml" or _has_section(path):
                return path
    return None


def _has_section(path: Path) -> bool:
    try:
        raw = _read_capped(path)
    except ConfigError:
        return False
    try:
        data = read_toml(path, raw)
    except ConfigError:
        if _MENTIONS_US.search(raw.decode("utf-8", "replace")):
            raise
        return False
    tool = data.get("tool")
    return isinstance(tool, dict) and "awesome-lint" in tool


def _read_capped(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{shown(path)}: no such configuration file") from None
    except OSError as error:
        raise ConfigError(f"{shown(path)}: cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(
            f"{shown(path)}: over {MAX_CONFIG_BYTES // 1024 // 1024} MB:"
            " not read as a configuration"
        )
    return raw


def read_toml(path: Path, raw: bytes) -> dict[str, Any]:
    """``raw`` parsed as TOML; every way it can fail is a ConfigError naming the file, and a
    syntax error its line and column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(f"{shown(path)}: not UTF-8 (byte 0x{raw[error.start]:02x})") from None
    _check_nesting(path, text)
    import tomllib  # here: a run without a configuration file does not pay for it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _TOML_POSITION.search(message)
        if found is not None:
            line, column = found.groups()
        elif message.endswith(_AT_END):
            found = re.search(re.escape(_AT_END), message)
            lines = text.split("\n")
            line, column = str(len(lines)), str(len(lines[-1]) + 1)
        if found is None:
            raise ConfigError(f"{shown(path)}: not valid TOML: {message}") from None
        reason = message[: found.start()].rstrip()
        raise ConfigError(f"{shown(path)}:{line}:{column}: not valid TOML: {reason}") from None
    except RecursionError:  # what the scan below did not see coming
        raise ConfigError(f"{shown(path)}: nested too deeply to be a configuration") from None


def _check_nesting(path: Path, text: str) -> None:
    """Refuse, before tomllib sees it, a file nested deeper than ``MAX_NESTING``: arrays and
    inline tables within one another, or a dotted key of more parts."""
    open_brackets: list[str] = []
    line, dots = 1, 0
    in_key = True  # a line starts with a key (or a table header); after `=` comes a value
    for token in _TOML_TOKENS.finditer(text):
        kind = token.group()
        if kind == "\n":
            line += 1
            dots, in_key = 0, not open_brackets
        elif kind in "[{":
            open_brackets.append(kind)
            in_key = kind == "{" or in_key
            if len(open_brackets) > MAX_NESTING:
                raise ConfigError(
                    f"{shown(path)}:{line}: nested more than {MAX_NESTING} levels deep: not read"
                )
        elif kind in "]}":
            if open_brackets:
                open_brackets.pop()
        elif kind in "=,":
            dots = 0
            in_key = kind == "," and open_brackets[-1:] == ["{"]
        elif kind == ".":
            dots += in_key
            if dots >= MAX_NESTING:
                raise ConfigError(
                    f"{shown(path)}:{line}: a dotted key of more than {MAX_NESTING} parts: not read"
                )
        else:  # a string or a comment: it may span lines
            line += kind.count("\n")


def load(path: Path | None, rule_names: frozenset[str]) -> Config:
    """Read and validate the configuration at ``path`` (``None``: the defaults)."""
    if path is None:
        return Config()
    data = read_toml(path, _read_capped(path))
    tool = data.get("tool", {})
    if path.name == "pyproject.toml":
        table = tool.get("awesome-lint", {}) if isinstance(tool, dict) else {}
        where = f"{shown(path)} [tool.awesome-lint]"
    else:
        table = tool.get("awesome-lint", data) if isinstance(tool, dict) else data
        where = shown(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table of settings, not {_toml_type(table)}")
    return parse_table(table, rule_names, where, path)


def _toml_type(value: object) -> str:
    if isinstance(value, list):
        return "an array (`[[tool.awesome-lint]]` makes one: write `[tool.awesome-lint]`)"
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    return names.get(type(value), "a date or time")


def shown(path: Path) -> str:
    """``path`` as messages show it: relative to the working folder when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return relative if len(relative) < len(str(path)) else str(path)


def parse_table(
    table: dict[str, Any], rule_names: frozenset[str], where: str, path: Path | None = None
) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key '{unknown[0]}' (known: {', '.join(sorted(_KEYS))})"
        )
    config = Config(path=path)

    def strings(key: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of strings")
        return list(value)

    def rules(key: str, values: list[str]) -> list[str]:
        for value in values:
            check_rule_selector(value, rule_names, f"{where}: '{key}'")
        return values

    if "select" in table:
        config.select = rules("select", strings("select"))
    config.ignore = rules("ignore", strings("ignore"))
    config.extend_select = rules("extend-select", strings("extend-select"))
    config.exclude = strings("exclude")
    config.allow_shared_repos = frozenset(s.lower() for s in strings("allow-shared-repos"))
    config.allow_private_hosts = frozenset(h.lower() for h in strings("allow-private-hosts"))
    for pattern in strings("exclude-urls"):
        try:
            config.exclude_urls.append(re.compile(pattern))
        except re.error as error:
            raise ConfigError(f"{where}: 'exclude-urls' pattern {pattern!r}: {error}") from None
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of rule = \"error|warning|info\"")
    for rule, level in severity.items():
        check_rule_selector(rule, rule_names, f"{where}: 'severity'")
        try:
            config.severity[rule] = Severity.parse(str(level))
        except ValueError as error:
            raise ConfigError(f"{where}: 'severity.{rule}': {error}") from None
    ignores = table.get("per-file-ignores", {})
    if not isinstance(ignores, dict):
        raise ConfigError(f"{where}: 'per-file-ignores' must be a table of glob = [rules]")
    for pattern, names in ignores.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"{where}: 'per-file-ignores.\"{pattern}\"' must be a list of rules")
        for name in names:
            check_rule_selector(name, rule_names, f"{where}: 'per-file-ignores'")
        config.per_file_ignores[pattern] = list(names)
    offline = table.get("offline", False)
    if not isinstance(offline, bool):
        raise ConfigError(f"{where}: 'offline' must be true or false")
    config.offline = offline
    cross_listed = table.get("report-cross-listed", False)
    if not isinstance(cross_listed, bool):
        raise ConfigError(f"{where}: 'report-cross-listed' must be true or false")
    config.report_cross_listed = cross_listed
    cache_dir = table.get("cache-dir")
    if cache_dir is not None and not isinstance(cache_dir, str):
        raise ConfigError(f"{where}: 'cache-dir' must be a string")
    config.cache_dir = cache_dir
    timeout = table.get("timeout")
    if timeout is not None:
        try:
            config.timeout = parse_timeout(timeout)
        except ValueError as error:
            raise ConfigError(f"{where}: 'timeout' {error}") from None
    interval = table.get("host-request-interval")
    if interval is not None:
        if (
            isinstance(interval, bool)
            or not isinstance(interval, int | float)
            or not 0 <= interval <= MAX_HOST_REQUEST_INTERVAL
        ):
            raise ConfigError(
                f"{where}: 'host-request-interval' must be a number of seconds from 0 to "
                f"{MAX_HOST_REQUEST_INTERVAL:g}"
            )
        config.host_request_interval = float(interval)
    fail_on = table.get("fail-on", "error")
    if fail_on not in FAIL_ON:
        raise ConfigError(f"{where}: 'fail-on' must be one of {', '.join(FAIL_ON)}")
    config.fail_on = fail_on
    arxiv_url_form = table.get("arxiv-url-form", "list")
    if arxiv_url_form not in ARXIV_URL_FORMS:
        raise ConfigError(f"{where}: 'arxiv-url-form' must be one of {', '.join(ARXIV_URL_FORMS)}")
    config.arxiv_url_form = arxiv_url_form
    return config


def parse_timeout(value: object) -> float:
    """A number of seconds above 0 (``--timeout``, ``timeout``); ValueError says what is wrong."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError("must be a number of seconds")
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        raise ValueError("must be a number of seconds") from None
    if not 0 < seconds <= MAX_TIMEOUT:
        raise ValueError(f"must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
    return seconds


def check_rule_selector(selector: str, rule_names: frozenset[str], where: str) -> None:
    if selector == "ALL" or selector in rule_names:
        return
    if any(ch in selector for ch in "*?[") and fnmatch.filter(sorted(rule_names), selector):
        return
    raise ConfigError(f"{where}: unknown rule '{selector}'{did_you_mean(selector, rule_names)}")


def did_you_mean(name: str, rule_names: frozenset[str]) -> str:
    """`` (did you mean date-format?)`` for a misspelt rule name; empty when nothing is close."""
    import difflib  # only on this error path: not on every run's start-up

    close = difflib.get_close_matches(name, sorted(rule_names), n=3)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


def expand(selectors: list[str], rule_names: frozenset[str]) -> set[str]:
    out: set[str] = set()
    for selector in selectors:
        if selector == "ALL":
            out |= rule_names
        else:
            out |= set(fnmatch.filter(sorted(rule_names), selector))
    return out
