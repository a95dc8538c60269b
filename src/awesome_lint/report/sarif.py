"""SARIF 2.1.0, as GitHub code scanning accepts it (``upload-sarif``).

Each finding becomes a result with its rule, level, location and related locations. Its
``partialFingerprints`` hash the rule, the file and the message, never the line number, so an
entry that moves down the list keeps its alert instead of closing one and opening another.
Fixes are written only when the document's text is given (``texts``): SARIF wants line and
column, and edits carry offsets.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from awesome_lint.findings import Finding, Fix, Severity, Span
from awesome_lint.report import LineIndex, RunResult

if TYPE_CHECKING:
    from awesome_lint.rules.base import RuleMeta

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The key of our fingerprint; upload-sarif adds its own ``primaryLocationLineHash`` beside it.
FINGERPRINT_KEY = "awesomeLint/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _version() -> str:
    import awesome_lint

    version = getattr(awesome_lint, "__version__", None)
    if isinstance(version, str):
        return version
    from importlib import metadata

    try:
        return metadata.version("awesome-lint")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def _project_urls() -> dict[str, str]:
    """``[project.urls]`` from the installed metadata, by lower-cased label (none when the
    package is not installed)."""
    from importlib import metadata

    try:
        meta = metadata.metadata("awesome-lint")
    except metadata.PackageNotFoundError:
        return {}
    urls: dict[str, str] = {}
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = str(entry).partition(",")
        if url.strip():
            urls.setdefault(label.strip().lower(), url.strip())
    homes = meta.get_all("Home-page") or []
    if homes:
        urls.setdefault("homepage", str(homes[0]))
    return urls


def _information_uri(urls: Mapping[str, str]) -> str | None:
    """The project's home page."""
    return next((urls[k] for k in ("homepage", "repository", "source") if k in urls), None)


def _rules_uri(urls: Mapping[str, str]) -> str | None:
    """The rules' documentation page (``docs/rules.md``), each rule a section of it."""
    return urls.get("rules")


def artifact_uri(path: str, root: str | None = None) -> str:
    """A path as a relative, percent-encoded POSIX URI, which code scanning resolves against
    the repository root (absolute paths under ``root``, the working directory by default, are
    made relative)."""
    if os.path.isabs(path):
        base = root if root is not None else os.getcwd()
        try:
            relative = os.path.relpath(path, base)
        except ValueError:  # another drive on Windows
            relative = path
        if not relative.startswith(".."):
            path = relative
    path = posixpath.normpath(path.replace(os.sep, "/").replace("\\", "/"))
    if path.startswith("./"):
        path = path[2:]
    return quote(path, safe="/")


def _region(span: Span) -> dict[str, int]:
    return {
        "startLine": max(span.line, 1),
        "startColumn": max(span.column, 1),
        "endLine": max(span.end_line, span.line, 1),
        "endColumn": max(span.end_column, 1),
    }


def _location(uri: str, span: Span) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(span)}}


def _rule_descriptor(rule: RuleMeta, rules_uri: str | None) -> dict[str, Any]:
    description = rule.description.strip() or rule.summary
    descriptor: dict[str, Any] = {
        "id": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": description or rule.name},
        "help": {"text": description or rule.name, "markdown": description or rule.name},
    }
    if rules_uri:  # the rule's section: its heading is its name
        descriptor["helpUri"] = f"{rules_uri}#{rule.name}"
    descriptor["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
    return descriptor


def _fingerprint(finding: Finding, uri: str, occurrence: int) -> str:
    # The occurrence number tells apart identical findings in one file (the same message twice)
    # and only changes when such twins are reordered.
    key = "\0".join((finding.rule, uri, finding.message, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _fixes(fix: Fix, uri: str, index: LineIndex) -> list[dict[str, Any]]:
    replacements = []
    for edit in fix.edits:
        start_line, start_column = index.position(edit.start)
        end_line, end_column = index.position(edit.end)
        replacements.append(
            {
                "deletedRegion": {
                    "startLine": start_line,
                    "startColumn": start_column,
                    "endLine": end_line,
                    "endColumn": end_column,
                },
                "insertedContent": {"text": edit.replacement},
            }
        )
    change = {"artifactLocation": {"uri": uri}, "replacements": replacements}
    return [{"description": {"text": fix.message}, "artifactChanges": [change]}]


def to_dict(
    result: RunResult,
    rules: Sequence[RuleMeta],
    *,
    texts: Mapping[str, str] | None = None,
    root: str | None = None,
    information_uri: str | None = None,
    rules_uri: str | None = None,
) -> dict[str, Any]:
    """The SARIF log as plain data. ``information_uri`` (the tool's home page) and
    ``rules_uri`` (the rules' documentation, each rule's ``helpUri`` a section of it) default to
    the installed package's ``[project.urls]``."""
    urls = _project_urls() if information_uri is None or rules_uri is None else {}
    if rules_uri is None:
        rules_uri = _rules_uri(urls)
    descriptors = [_rule_descriptor(rule, rules_uri) for rule in rules]
    rule_index = {rule.name: i for i, rule in enumerate(rules)}
    indexes: dict[str, LineIndex] = {}
    occurrences: dict[tuple[str, str, str], int] = {}
    results: list[dict[str, Any]] = []
    for finding in result.findings:
        if finding.rule not in rule_index:
            # A finding from a rule the caller did not list (a suppression check, say): describe
            # it minimally, since code scanning wants every ruleId among the rules.
            rule_index[finding.rule] = len(descriptors)
            descriptors.append(
                {
                    "id": finding.rule,
                    "shortDescription": {"text": finding.rule},
                    "fullDescription": {"text": finding.rule},
                    "help": {"text": finding.rule},
                    "defaultConfiguration": {"level": _LEVEL[finding.severity]},
                }
            )
        uri = artifact_uri(finding.path, root)
        twin = (finding.rule, uri, finding.message)
        occurrences[twin] = occurrence = occurrences.get(twin, -1) + 1
        entry: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": rule_index[finding.rule],
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [_location(uri, finding.span)],
            "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(finding, uri, occurrence)},
        }
        if finding.related:
            entry["relatedLocations"] = [
                {"id": i, **_location(uri, r.span), "message": {"text": r.message}}
                for i, r in enumerate(finding.related)
            ]
        text = texts.get(finding.path) if texts is not None else None
        if finding.fix is not None and text is not None:
            if finding.path not in indexes:
                indexes[finding.path] = LineIndex(text)
            entry["fixes"] = _fixes(finding.fix, uri, indexes[finding.path])
        results.append(entry)

    driver: dict[str, Any] = {"name": "awesome-lint"}
    uri_home = information_uri if information_uri is not None else _information_uri(urls)
    if uri_home:
        driver["informationUri"] = uri_home
    driver["semanticVersion"] = _version()
    driver["rules"] = descriptors

    notifications = [
        {
            "level": "error",
            "message": {"text": problem.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(problem.path, root)}
                    }
                }
            ],
        }
        for problem in result.file_problems
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications

    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(
    result: RunResult,
    rules: Sequence[RuleMeta],
    *,
    texts: Mapping[str, str] | None = None,
    root: str | None = None,
    information_uri: str | None = None,
    rules_uri: str | None = None,
    **_other: object,
) -> str:
    """The SARIF log as indented JSON."""
    data = to_dict(
        result,
        rules,
        texts=texts,
        root=root,
        information_uri=information_uri,
        rules_uri=rules_uri,
    )
    return json.dumps(data, indent=2) + "\n"
