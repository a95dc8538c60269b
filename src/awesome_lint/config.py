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
timeout = 300                    # seconds for all online checks; then "deadline reached"
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
import re
import tomllib
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


def find(start: Path | None = None) -> Path | None:
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
        return "awesome-lint" in tomllib.loads(path.read_text("utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load(path: Path | None, rule_names: frozenset[str]) -> Config:
    """Read and validate the configuration at ``path`` (``None``: the defaults)."""
    if path is None:
        return Config()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("awesome-lint", {})
        where = f"{path} [tool.awesome-lint]"
    else:
        table = data.get("tool", {}).get("awesome-lint", data)
        where = str(path)
    return parse_table(table, rule_names, where, path)


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
    except ValueError:
        raise ValueError("must be a number of seconds") from None
    if not 0 < seconds < float("inf"):
        raise ValueError("must be a number of seconds above 0")
    return seconds


def check_rule_selector(selector: str, rule_names: frozenset[str], where: str) -> None:
    if selector == "ALL" or selector in rule_names:
        return
    if any(ch in selector for ch in "*?[") and fnmatch.filter(sorted(rule_names), selector):
        return
    close = [n for n in sorted(rule_names) if selector.split("-")[0] in n][:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise ConfigError(f"{where}: unknown rule '{selector}'{hint}")


def expand(selectors: list[str], rule_names: frozenset[str]) -> set[str]:
    out: set[str] = set()
    for selector in selectors:
        if selector == "ALL":
            out |= rule_names
        else:
            out |= set(fnmatch.filter(sorted(rule_names), selector))
    return out
