"""One pass: read and parse every file, gather facts in bulk, run the rules, filter.

Rules never do I/O: the engine collects what they need (local files now; arXiv ids,
repositories and URLs for online rules) over all documents, then runs every rule as a pure
function of a document and the facts.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from awesome_lint import config as config_module
from awesome_lint import files, local_files, suppress
from awesome_lint.config import Config
from awesome_lint.document import Document
from awesome_lint.facts import Facts
from awesome_lint.findings import Finding, Severity
from awesome_lint.report import FileProblem, RunResult
from awesome_lint.rules import registry
from awesome_lint.rules.base import ONLINE_NEEDS, Context, RuleModule


@dataclass(slots=True)
class Options:
    """What the command line adds to the configuration."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    offline: bool = False
    today: date | None = None
    max_file_bytes: int = files.DEFAULT_MAX_BYTES
    # The process ends after this run (the command line): what parsing and checking make is
    # frozen out of the garbage collector's sight instead of being walked again (see below).
    # Not for a long-lived caller: frozen objects are never collected.
    process_exits_after: bool = False
    # The text read from stdin, linted where the paths say `-` (ruff's `-`).
    stdin: files.SourceFile | FileProblem | None = None
    # ``--fix``: the first check runs only the rules that can fix (their findings are what the
    # fixes come from); a file the fixes change is checked in full afterwards, and one they
    # leave as it was gets the other rules' findings from ``complete`` (see ``Engine.run``).
    fixers_first: bool = False


@dataclass(slots=True)
class Linted:
    source: files.SourceFile
    document: Document
    findings: list[Finding]


FactGatherer = Callable[[Sequence[Document], Sequence[RuleModule], Facts], None]


class Engine:
    def __init__(self, config: Config, options: Options) -> None:
        self.config = config
        self.options = options
        self.today = options.today or date.today()
        self._names = registry.names()
        # (path, line, name) of each rule an inline comment names that does not exist
        self.unknown_inline_rules: list[tuple[str, int, str]] = []

    # Rules are imported when a document first needs them: a run over blank files (a pre-commit
    # hook on a new README) imports neither the rules nor the markdown parser.
    @cached_property
    def rules(self) -> list[RuleModule]:
        return select_rules(self.config, self.options)

    @cached_property
    def _checked(self) -> list[RuleModule]:
        # Offline, the online rules have no facts to read and could not find anything: they
        # are not run at all ("--offline: offline rules only").
        offline = self.options.offline
        return [rule for rule in self.rules if not (offline and rule.NEEDS & ONLINE_NEEDS)]

    @cached_property
    def _fixers(self) -> list[RuleModule]:
        """The rules that may offer a fix (``FIX`` set; a rule whose ``FIX`` is ``None``
        never does, which a test holds every rule to)."""
        return [rule for rule in self._checked if rule.FIX is not None]

    @cached_property
    def _others(self) -> list[RuleModule]:
        return [rule for rule in self._checked if rule.FIX is None]

    # -- stages ----------------------------------------------------------------------

    def load(self, paths: Sequence[str]) -> tuple[list[Linted], list[FileProblem]]:
        found, problems = files.discover([p for p in paths if p != "-"], self.config.exclude)
        sources: list[files.SourceFile | FileProblem] = []
        if "-" in paths and self.options.stdin is not None:
            sources.append(self.options.stdin)
        sources.extend(files.read(path, self.options.max_file_bytes) for path in found)
        loaded: list[Linted] = []
        for source in sources:
            if isinstance(source, FileProblem):
                problems.append(source)
                continue
            if _blank(source.text):
                loaded.append(Linted(source, Document(source.path, source.text), []))
                continue
            from awesome_lint import parser  # markdown-it: only for a file with text in it

            document = parser.parse(source.path, source.text)
            self.unknown_inline_rules.extend(
                (source.path, line, name)
                for line, name in suppress.parse(document).unknown_rules(self._names)
            )
            loaded.append(Linted(source, document, []))
        return loaded, problems

    def gather(self, documents: Sequence[Document], online: FactGatherer | None = None) -> Facts:
        facts = Facts()
        if any(document.links for document in documents) and any(
            "files" in rule.NEEDS for rule in self.rules
        ):
            targets = {
                target
                for document in documents
                for link in document.links
                if (target := local_files.resolve(document.path, link.url)) is not None
            }
            facts.files = local_files.exists(targets)
        if online is not None:
            online(documents, self.rules, facts)
        return facts

    def check(
        self, document: Document, facts: Facts, rules: Sequence[RuleModule] | None = None
    ) -> list[Finding]:
        """What the rules (by default every rule this run checks) find in ``document``."""
        if _blank(document.text):
            return []  # no entry, no link, no markup: nothing any rule could find
        ignored = config_module.expand(sorted(self.config.ignored_for(document.path)), self._names)
        silenced = suppress.parse(document)
        out: list[Finding] = []
        for rule in self._checked if rules is None else rules:
            if rule.NAME in ignored:
                continue
            context = Context(
                facts=facts,
                severity=self.config.severity.get(rule.NAME, rule.SEVERITY),
                options={},
                allowed_shared_repos=self.config.allow_shared_repos,
                today_year_month=(self.today.year, self.today.month),
                arxiv_url_form=self.config.arxiv_url_form,
                report_cross_listed=self.config.report_cross_listed,
            )
            out.extend(
                f
                for f in rule.check(document, context)
                if not silenced.silences(f) and not document.in_comment(f.span.start)
            )
        out.sort(key=lambda f: f.sort_key)
        return out

    def complete(self, item: Linted, facts: Facts) -> None:
        """With ``fixers_first``, add what the other rules find in a document the fixes left
        as it was read: its findings are then those of a full check."""
        if not self.options.fixers_first:
            return
        with _collector_paused(self.options.process_exits_after):
            others = self.check(item.document, facts, self._others)
        item.findings = sorted(item.findings + others, key=lambda f: f.sort_key)

    def collector_paused(self) -> AbstractContextManager[None]:
        """The collector paused, as for parsing and checking: for ``--fix``, which parses and
        checks each fixed file again (the collector walking two documents' worth of objects
        again and again cost a quarter of a 40,000-entry fix)."""
        return _collector_paused(self.options.process_exits_after)

    def run(
        self, paths: Sequence[str], online: FactGatherer | None = None
    ) -> tuple[RunResult, list[Linted], Facts]:
        freeze = self.options.process_exits_after
        with _collector_paused(freeze):
            linted, problems = self.load(paths)
        # The online stage (asyncio, HTTP clients) makes cycles of its own: collected as usual.
        facts = self.gather([item.document for item in linted], online)
        first = self._fixers if self.options.fixers_first else None
        with _collector_paused(freeze):
            for item in linted:
                item.findings = self.check(item.document, facts, first)
        result = RunResult(
            findings=[f for item in linted for f in item.findings],
            files_checked=[item.source.path for item in linted],
            file_problems=problems,
            sources=facts.reports,
        )
        return result, linted, facts


def _blank(text: str) -> bool:
    return not text or text.isspace()


@contextmanager
def _collector_paused(freeze: bool) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while parsing and checking.

    Parsing makes millions of small objects (tokens, links, spans) that all live until the run
    ends, so each of the collector's passes walked them again and again for nothing: a third
    of a 10,000-entry run. What these stages leave is collected once the collector resumes,
    or with ``freeze``, when the process ends after the run, frozen (``gc.freeze``: moved where
    the collector never looks): they are the run's documents and findings, garbage only when
    the process exits, and walking them once more cost 7 % of a 10,000-entry run.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def select_rules(config: Config, options: Options) -> list[RuleModule]:
    """The rules to run, in documentation order: CLI ``--select`` overrides the config's,
    ignores add up."""
    names = registry.names()
    selected = options.select if options.select is not None else config.select
    enabled = config_module.expand(selected if selected is not None else ["ALL"], names)
    enabled |= config_module.expand(config.extend_select + options.extend_select, names)
    enabled -= config_module.expand(config.ignore + options.ignore, names)
    # Offline, the online rules could find nothing: they are not even imported.
    candidates = registry.offline_modules() if options.offline else registry.modules()
    return [rule for rule in candidates if rule.NAME in enabled]


def exit_status(result: RunResult, fail_on: str) -> int:
    """ruff's exit codes: 2 when nothing could be linted or --fix may not write a file, 1 when a
    file could not be read or a finding reaches ``fail_on``, else 0."""
    if not result.files_checked or result.not_written:
        return 2
    if result.file_problems:
        return 1
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    return 1 if any(f.severity >= threshold for f in result.findings) else 0
