"""Gathering online facts in bulk, through the cache, before any rule runs.

The engine hands over every document and the enabled rules. This module collects what the
rules need over all documents (arXiv ids, repositories, URLs), removes duplicates, asks the
cache, and resolves the rest through the sources in batches: one arXiv request per 100 ids,
one Semantic Scholar request per 500 ids, one GitHub GraphQL request per 50 repositories, URLs
concurrently with per-host limits. GitHub and the links are asked on threads of their own while
arXiv is: the stage lasts as long as its slowest source (arXiv's pacing, mostly), not as long as
all of them together. Semantic Scholar is asked after arXiv's title searches when there are
any, so that the ids they find for misfiled titles go into the same one request.
Answers (found or missing) are cached; failures never are. The network libraries are imported
here, lazily, only when an online rule is enabled and the run is not offline.

The whole stage has one deadline (``OnlineSettings.timeout``, ``--timeout``): every source gets
it and sends no request after it, and the gatherer stops waiting for a source shortly after it
whatever that source is doing. What was not answered by then is UNVERIFIED, "deadline reached",
and the run reports as usual.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import socket
import sys
import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast
from urllib.parse import urlsplit

from awesome_lint import arxiv_ids, entries
from awesome_lint.deadline import DEFAULT_TIMEOUT, Deadline
from awesome_lint.deadline import REASON as DEADLINE_REASON
from awesome_lint.document import Document, Entry, Link
from awesome_lint.fact_rows import (
    BadRow,
    arxiv_fact_from_json,
    arxiv_fact_to_json,
    link_fact_from_json,
    link_fact_to_json,
    paper_from_json,
    paper_to_json,
    repo_fact_from_json,
    repo_fact_to_json,
)
from awesome_lint.facts import (
    ArxivFact,
    ArxivPaper,
    Facts,
    FactStatus,
    LinkFact,
    RepoFact,
    SourceReport,
    VenueFact,
)
from awesome_lint.rules.base import ONLINE_NEEDS, RuleModule

DEFAULT_CACHE_DIR = ".awesome-lint-cache"
ARXIV_DELAY_ENV = "AWESOME_LINT_ARXIV_DELAY"  # seconds between arXiv requests; tests shorten it
CACHE_DIR_ENV = "AWESOME_LINT_CACHE_DIR"
S2_API_URL_ENV = "AWESOME_LINT_S2_API_URL"
S2_API_KEY_ENV = "SEMANTIC_SCHOLAR_API_KEY"
S2_DELAY_ENV = (
    "AWESOME_LINT_S2_DELAY"  # seconds between Semantic Scholar requests; tests shorten it
)
S2_DEFAULT_API_URL = "https://api.semanticscholar.org/graph/v1"
NETWORK_UNAVAILABLE = "network unavailable"
NOT_CACHED = "not in the cache (--cached-only)"
# After the deadline, how long a source may take to hand back what it has before the gatherer
# stops waiting for it (the sources bound every request and wait by the deadline themselves).
DEADLINE_GRACE = 1.0

F = TypeVar("F")
T = TypeVar("T")


@dataclass(slots=True)
class OnlineSettings:
    cache_dir: Path | None = Path(DEFAULT_CACHE_DIR)  # None: no cache
    refresh: bool = False
    cached_only: bool = False  # facts from the cache only, no request (the pre-commit hook)
    token: str | None = None
    arxiv_api_url: str | None = None
    github_api_url: str | None = None
    s2_api_url: str | None = None  # Semantic Scholar's Graph API base
    s2_api_key: str | None = None
    s2_delay: float | None = None  # None: the source's own (1 s with a key, 3 s without)
    arxiv_delay: float = 3.0
    exclude_urls: Sequence[Any] = ()  # compiled regexes
    allowed_hosts: Collection[str] = ()  # hosts link checks may reach even if private
    host_interval: float | None = None  # seconds between requests to one web host; None: default
    progress: bool = False
    timeout: float | None = DEFAULT_TIMEOUT  # seconds for the whole online stage; None: none
    warn: Callable[[str], None] = field(
        default=lambda message: print(f"awesome-lint: warning: {message}", file=sys.stderr)
    )
    # Diff mode: path -> lines the change touches; only entries on them are looked up.
    touched: Mapping[str, Collection[int]] | None = None


def settings_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the environment says: token, API bases, cache folder, arXiv pacing."""
    env = os.environ if environ is None else environ
    out: dict[str, Any] = {
        "token": env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or None,
        "github_api_url": env.get("GITHUB_API_URL") or None,
        "arxiv_api_url": env.get("AWESOME_LINT_ARXIV_API_URL") or None,
        "s2_api_url": env.get(S2_API_URL_ENV) or None,
        "s2_api_key": (env.get(S2_API_KEY_ENV) or "").strip() or None,
    }
    if env.get(CACHE_DIR_ENV):
        out["cache_dir"] = Path(env[CACHE_DIR_ENV])
    if env.get(S2_DELAY_ENV):
        try:
            out["s2_delay"] = max(0.0, float(env[S2_DELAY_ENV]))
        except ValueError:
            raise ValueError(f"{S2_DELAY_ENV} must be a number of seconds") from None
    if env.get(ARXIV_DELAY_ENV):
        try:
            out["arxiv_delay"] = max(0.0, float(env[ARXIV_DELAY_ENV]))
        except ValueError:
            raise ValueError(f"{ARXIV_DELAY_ENV} must be a number of seconds") from None
    return out


def _online_needs(rules: Sequence[RuleModule]) -> set[str]:
    """The sources the rules read facts from."""
    return {need for rule in rules for need in rule.NEEDS} & ONLINE_NEEDS


class OnlineGatherer:
    """The engine's online stage: ``gatherer(documents, rules, facts)`` fills ``facts``."""

    def __init__(self, settings: OnlineSettings) -> None:
        self.settings = settings
        self._reachable: dict[str, bool] = {}
        # Lookups started together at the start of a run (see _start_probes), by host; "" is
        # the link checker's canary, whose verdict is _public_dns.
        self._probes: dict[str, threading.Thread] = {}
        self._public_dns: bool | None = None
        self._arxiv_last_request: float | None = None
        self.deadline = Deadline(None)

    def start(self, rules: Sequence[RuleModule]) -> None:
        """Start the host lookups the rules' sources will ask for, before the files are read:
        without a network the resolver takes its time to fail, and it then does so while
        the lists are parsed instead of after."""
        self._start_probes(_online_needs(rules))

    def __call__(
        self, documents: Sequence[Document], rules: Sequence[RuleModule], facts: Facts
    ) -> None:
        needs = _online_needs(rules)
        if not needs:
            return
        from awesome_lint.sources.cache import Cache

        settings = self.settings
        self.deadline = Deadline(settings.timeout)
        cache = (
            Cache(settings.cache_dir, refresh=settings.refresh, warn=settings.warn)
            if settings.cache_dir is not None
            else Cache.disabled()
        )
        scoped = list(self._entries(documents))
        links = list(self._links_in_scope(documents))
        self._start_probes(needs)
        with cache, _Progress(settings.progress) as progress:
            # GitHub and the links are asked on threads of their own while arXiv is: each source
            # keeps its own pace, and the stage takes as long as the slowest source rather than
            # all of them one after another. Reports come in a fixed order all the same.
            github_done: Callable[[], dict[str, RepoFact]] | None = None
            links_done: Callable[[], dict[str, LinkFact]] | None = None
            venues_done: Callable[[], dict[str, VenueFact]] | None = None
            if "github" in needs:
                repos = _unique(_repositories(links))
                github_done = self._github(repos, cache, facts)
            if "links" in needs:
                urls = _unique(url for url in map(self._checkable, links) if url is not None)
                links_done = self._links(urls, cache, facts)
            if "venues" in needs and "title_search" not in needs:
                venue_ids = _unique(_arxiv_ids(links))
                venues_done = self._venues(venue_ids, cache, facts, background=True)
            if needs & {"arxiv", "title_search"}:
                ids = _unique(_arxiv_ids(links))
                progress.stage(f"arXiv: {len(ids)} ids")
                facts.arxiv = self._arxiv(ids, cache, facts)
                if "title_search" in needs:
                    titles = _unique(_titles_to_search(scoped, facts.arxiv))
                    progress.stage(f"arXiv: {len(titles)} title searches")
                    facts.title_search = self._title_search(titles, cache, facts)
            if "venues" in needs and "title_search" in needs:
                # The ids arXiv's search found for titles filed under another paper's id are
                # asked in the same request: the venue is the listed title's paper's.
                venue_ids = _unique([*_arxiv_ids(links), *_suggested_ids(scoped, facts)])
                progress.stage(f"Semantic Scholar: {len(venue_ids)} ids")
                venues_done = self._venues(venue_ids, cache, facts, background=False)
            if venues_done is not None:
                facts.venues = venues_done()  # its report comes after arXiv's
            if github_done is not None:
                progress.stage(f"GitHub: {len(repos)} repositories")
                facts.repos = github_done()  # its report comes after arXiv's
            if links_done is not None:
                progress.stage(f"links: {len(urls)} URLs")
                facts.links = links_done()  # and this one last

    def look_up(
        self,
        *,
        arxiv: Sequence[str] = (),
        repos: Sequence[str] = (),
        venues: Sequence[str] = (),
    ) -> Facts:
        """Facts for these arXiv ids and repositories only, through the cache, one batched
        lookup per source (``awesome-lint add``: a few papers, no document to read them from)."""
        from awesome_lint.sources.cache import Cache

        settings = self.settings
        self.deadline = Deadline(settings.timeout)
        facts = Facts()
        cache = (
            Cache(settings.cache_dir, refresh=settings.refresh, warn=settings.warn)
            if settings.cache_dir is not None
            else Cache.disabled()
        )
        with cache:
            github_done = self._github(_unique(repos), cache, facts) if repos else None
            venues_done = (
                self._venues(_unique(venues), cache, facts, background=True) if venues else None
            )
            if arxiv:
                facts.arxiv = self._arxiv(_unique(arxiv), cache, facts)
            if venues_done is not None:
                facts.venues = venues_done()
            if github_done is not None:
                facts.repos = github_done()
        return facts

    # -- what to look up -------------------------------------------------------------

    def _lines_in_scope(self, document: Document) -> Collection[int] | None:
        """The lines of ``document`` to look up: all (``None``), or those the change touches."""
        touched = self.settings.touched
        return None if touched is None else touched.get(document.path, ())

    def _entries(self, documents: Sequence[Document]) -> Iterable[tuple[Document, Entry]]:
        for document in documents:
            lines = self._lines_in_scope(document)
            for entry in document.entries:
                if lines is None or any(
                    line in lines for line in range(entry.span.line, entry.span.end_line + 1)
                ):
                    yield document, entry

    def _links_in_scope(self, documents: Sequence[Document]) -> Iterable[Link]:
        """Every link and image the rules may ask about, in diff mode only on touched lines."""
        for document in documents:
            lines = self._lines_in_scope(document)
            for link in document.links:
                if lines is not None and link.span.line not in lines:
                    continue
                yield link
                if link.image is not None:
                    yield link.image

    def _checkable(self, link: Link) -> str | None:
        """The URL the link checker should fetch, or ``None`` when another source answers."""
        url = link.url.strip()
        if not url.startswith(("http://", "https://")):
            return None
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:  # "https://[x": the link source reports it as an invalid URL
            return url
        if host == "img.shields.io":
            return None  # badge images are checked offline (badge-url), never fetched
        if arxiv_ids.parse_url(url) is not None:
            return None  # arXiv's API answers for papers
        repo = entries.parse_repo_url(url)
        if repo is not None and len([s for s in parts.path.split("/") if s]) <= 2:
            return None  # GitHub's API answers for repositories; pages inside them are fetched
        if any(pattern.search(url) for pattern in self.settings.exclude_urls):
            return None
        return url

    # -- sources -----------------------------------------------------------------------

    def _arxiv(self, ids: list[str], cache: Any, facts: Facts) -> dict[str, ArxivFact]:
        def fetch(missing: list[str], report: SourceReport) -> dict[str, ArxivFact]:
            from awesome_lint.sources.arxiv import ArxivSource

            source = ArxivSource(
                self.settings.arxiv_api_url,
                delay_seconds=self.settings.arxiv_delay,
                deadline=self.deadline,
            )
            try:
                found = self._in_time(lambda: source.fetch(missing))
            finally:
                self._arxiv_last_request = source.last_request_end
                source.close()
            _merge(report, source.report, answered=found is not None)
            return found or {}

        return self._resolve(
            "arxiv",
            ids,
            cache,
            facts,
            host=self._arxiv_host(),
            encode=arxiv_fact_to_json,
            decode=arxiv_fact_from_json,
            fetch=fetch,
            unverified=lambda key, reason: ArxivFact(key, FactStatus.UNVERIFIED, reason=reason),
            status=lambda fact: fact.status,
        )()  # arXiv is asked here, while GitHub and the links run beside it

    def _title_search(
        self, titles: list[str], cache: Any, facts: Facts
    ) -> dict[str, tuple[ArxivPaper, ...]]:
        report = SourceReport("arxiv title search")
        out: dict[str, tuple[ArxivPaper, ...]] = {}
        if not titles:
            return out
        cached = cache.get_many("title_search", titles)
        for title, value in cached.items():
            try:
                if not isinstance(value, list):
                    raise BadRow("not a list of papers")
                out[title] = tuple(paper_from_json(p) for p in value)
            except BadRow:
                continue  # a row of another shape: a miss
        report.from_cache = report.verified = len(out)
        missing = [t for t in titles if t not in out]
        if missing and self.settings.cached_only:
            report.skip(NOT_CACHED, len(missing))
        elif missing and not self._can_reach(self._arxiv_host()):
            report.skip(NETWORK_UNAVAILABLE, len(missing))
        elif missing:
            from awesome_lint.sources.arxiv import ArxivSource

            source = ArxivSource(
                self.settings.arxiv_api_url,
                delay_seconds=self.settings.arxiv_delay,
                deadline=self.deadline,
            )
            # The id lookup may have just asked arXiv: its pacing goes on across sources.
            source.last_request_end = self._arxiv_last_request
            answers: dict[str, tuple[ArxivPaper, ...]] = {}
            asked: list[str] = []

            def search() -> bool:
                for title in missing:
                    papers = source.search_title(title)
                    asked.append(title)
                    if papers:
                        answers[title] = papers
                return True

            try:
                finished = self._in_time(search) is not None
            finally:
                source.close()
            _merge(report, source.report)
            if not finished:  # the searches still under way when the gatherer stopped waiting
                report.skip(DEADLINE_REASON, len(missing) - len(asked))
            answers = dict(answers)  # a copy: the helper thread may still be adding
            out.update(answers)
            cache.put_many(
                "title_search", {t: [paper_to_json(p) for p in ps] for t, ps in answers.items()}
            )
        facts.reports.append(report)
        return out

    def _venues(
        self, ids: list[str], cache: Any, facts: Facts, *, background: bool
    ) -> Callable[[], dict[str, VenueFact]]:
        """Look ``ids`` up in Semantic Scholar (those the cache does not answer)."""
        from awesome_lint.sources import semantic_scholar as s2

        def fetch(missing: list[str], report: SourceReport) -> dict[str, VenueFact]:
            with s2.SemanticScholarSource(
                self.settings.s2_api_url,
                self.settings.s2_api_key,
                delay_seconds=self.settings.s2_delay,
                deadline=self.deadline,
            ) as source:
                found = self._in_time(lambda: source.fetch(missing))
            _merge(report, source.report, answered=found is not None)
            return found or {}

        return self._resolve(
            s2.CACHE_SOURCE,
            ids,
            cache,
            facts,
            host=urlsplit(self._s2_url()).hostname,
            encode=s2.fact_to_json,
            decode=s2.fact_from_json,
            fetch=fetch,
            unverified=lambda key, reason: VenueFact(key, FactStatus.UNVERIFIED, reason=reason),
            status=lambda fact: fact.status,
            background=background,
        )

    def _s2_url(self) -> str:
        return self.settings.s2_api_url or os.environ.get(S2_API_URL_ENV) or S2_DEFAULT_API_URL

    def _github(
        self, repos: list[str], cache: Any, facts: Facts
    ) -> Callable[[], dict[str, RepoFact]]:
        """Start looking ``repos`` up (those the cache does not answer) in the background; the
        returned function waits for the answers and stores them."""
        keys = _unique(repo.lower() for repo in repos)
        spelled = {repo.lower(): repo for repo in reversed(repos)}

        def fetch(missing: list[str], report: SourceReport) -> dict[str, RepoFact]:
            from awesome_lint.sources.github import GitHubSource

            with GitHubSource(
                self.settings.token, self.settings.github_api_url, deadline=self.deadline
            ) as source:
                found = self._in_time(lambda: source.fetch([spelled[key] for key in missing]))
            _merge(report, source.report, answered=found is not None)
            return found or {}

        return self._resolve(
            "github",
            keys,
            cache,
            facts,
            host=urlsplit(self.settings.github_api_url or "https://api.github.com").hostname,
            encode=repo_fact_to_json,
            decode=lambda key, data: repo_fact_from_json(data, key),
            fetch=fetch,
            unverified=lambda key, reason: RepoFact(
                spelled[key], FactStatus.UNVERIFIED, reason=reason
            ),
            status=lambda fact: fact.status,
            background=True,
        )

    def _links(
        self, urls: list[str], cache: Any, facts: Facts
    ) -> Callable[[], dict[str, LinkFact]]:
        """Start checking ``urls`` (those the cache does not answer) in the background; the
        returned function waits for the answers and stores them."""

        def fetch(missing: list[str], report: SourceReport) -> dict[str, LinkFact]:
            from awesome_lint.sources.http import DEFAULT_HOST_INTERVAL, LinkSource

            interval = self.settings.host_interval
            canary = self._probes.get("")
            if canary is not None:
                canary.join()
            source = LinkSource(
                allowed_hosts=self.settings.allowed_hosts,
                deadline=self.deadline,
                host_interval=DEFAULT_HOST_INTERVAL if interval is None else interval,
                public_dns=self._public_dns,
            )
            found = self._in_time(lambda: source.check(missing))
            _merge(report, source.report, answered=found is not None)
            return found or {}

        return self._resolve(
            "links",
            urls,
            cache,
            facts,
            host=None,  # many hosts: the link source tells an absent network from a dead name
            encode=link_fact_to_json,
            decode=link_fact_from_json,
            fetch=fetch,
            unverified=lambda key, reason: LinkFact(key, FactStatus.UNVERIFIED, reason=reason),
            status=lambda fact: fact.status,
            background=True,
        )

    def _resolve(
        self,
        name: str,
        keys: list[str],
        cache: Any,
        facts: Facts,
        *,
        host: str | None,
        encode: Callable[[F], dict[str, object]],
        decode: Callable[[str, dict[str, object]], F],
        fetch: Callable[[list[str], SourceReport], dict[str, F]],
        unverified: Callable[[str, str], F],
        status: Callable[[F], FactStatus],
        background: bool = False,
    ) -> Callable[[], dict[str, F]]:
        """Cache first, then one batched fetch of the rest; answers are stored, failures never.

        The cache is read now and the fetch starts now (on a thread of its own when
        ``background``); the returned function waits for it, stores the answers and adds the
        report. The cache is only used from the calling thread."""
        report = SourceReport(name)
        out: dict[str, F] = {}
        missing: list[str] = []
        fetched: Callable[[], dict[str, F]] = dict
        if keys:
            for key, value in cache.get_many(name, keys).items():
                try:
                    fact = decode(key, value)
                except (KeyError, TypeError, ValueError):  # BadRow is a ValueError
                    continue  # a row of another shape ({}, [], null, a bad date): a miss
                if status(fact) is not FactStatus.UNVERIFIED:
                    out[key] = fact
            report.from_cache = report.verified = len(out)
            missing = [key for key in keys if key not in out]
            reason = None
            if missing and self.settings.cached_only:
                reason = NOT_CACHED
            elif missing and host is not None and not self._can_reach(host):
                reason = f"{NETWORK_UNAVAILABLE} (cannot resolve {host})"
            if reason is not None:
                report.skip(reason, len(missing))
                out.update({key: unverified(key, reason) for key in missing})
                missing = []
            elif missing:
                work = functools.partial(fetch, missing, report)
                fetched = _Running(work).result if background else work

        def finish() -> dict[str, F]:
            if missing:
                answers = fetched()
                for key in missing:
                    fact = answers.get(key)
                    if fact is None:  # the source gave up on it (the deadline): still counted
                        why = DEADLINE_REASON if self.deadline.expired else "no answer"
                        report.skip(why)
                        fact = unverified(key, why)
                    out[key] = fact
                cache.put_many(
                    name,
                    {
                        key: encode(out[key])
                        for key in missing
                        if status(out[key]) is not FactStatus.UNVERIFIED
                    },
                )
            facts.reports.append(report)
            return out

        return finish

    def _in_time(self, work: Callable[[], T]) -> T | None:
        """``work()``, or ``None`` when it is still running a moment after the deadline.

        Without a deadline it runs here. With one, on a helper thread that is left behind if it
        overruns: it sends no more requests (the sources check the deadline), and nothing it
        returns later is used.
        """
        if self.deadline.at is None:
            return work()
        running = _Running(work)
        if not running.wait(self.deadline.remaining() + DEADLINE_GRACE):
            return None
        return running.result()

    def _arxiv_host(self) -> str | None:
        from_env = self.settings.arxiv_api_url or os.environ.get("AWESOME_LINT_ARXIV_API_URL")
        return urlsplit(from_env or "https://export.arxiv.org/api/query").hostname

    def _start_probes(self, needs: set[str]) -> None:
        """Start, side by side, the lookups the sources may ask for: the API hosts, and the
        link checker's DNS canary. Without a network each failing lookup can take the
        resolver's timeout; one after another they added up. On daemon threads, and only
        waited for by a source that needs the answer (a warm cache needs none)."""
        if self.settings.cached_only:
            return
        work: dict[str, Callable[[], object]] = {}
        if "github" in needs:
            host = urlsplit(self.settings.github_api_url or "https://api.github.com").hostname
            if host:
                work[host] = functools.partial(self._can_reach, host)
        if needs & {"arxiv", "title_search"}:
            host = self._arxiv_host()
            if host:
                work[host] = functools.partial(self._can_reach, host)
        if "venues" in needs:
            host = urlsplit(self._s2_url()).hostname
            if host:
                work[host] = functools.partial(self._can_reach, host)
        if "links" in needs:
            work[""] = self._ask_canary
        for key, probe in work.items():
            if key in self._probes:
                continue  # started already (start)
            thread = threading.Thread(target=probe, name="awesome-lint-dns", daemon=True)
            self._probes[key] = thread
            thread.start()

    def _ask_canary(self) -> None:
        from awesome_lint.sources.http import public_dns_works

        self._public_dns = public_dns_works()

    def _can_reach(self, host: str | None) -> bool:
        """Whether ``host`` resolves: without a network every name fails at once, and then
        each source is skipped in one line instead of retrying for minutes."""
        if host is None:
            return True
        probe = self._probes.get(host)
        if probe is not None and probe is not threading.current_thread():
            probe.join()  # started with the run (_start_probes)
        if host not in self._reachable:
            try:
                ipaddress.ip_address(host)
                self._reachable[host] = True
            except ValueError:
                try:
                    socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)
                    self._reachable[host] = True
                except OSError:
                    self._reachable[host] = False
        return self._reachable[host]


class _Running(Generic[T]):
    """``work()`` on a daemon thread (an interrupted run, or one past its deadline, does not
    wait for it)."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._box: dict[str, Any] = {}
        self._work = work
        self._thread = threading.Thread(target=self._run, name="awesome-lint-source", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._box["value"] = self._work()
        except BaseException as error:  # handed to the caller by result()
            self._box["error"] = error

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the work has ended within ``timeout`` seconds (``None``: waits for it)."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def result(self) -> T:
        """What the work returned, once it has ended (waiting for it), or raise what it raised."""
        self.wait()
        if "error" in self._box:
            raise self._box["error"]
        return cast(T, self._box["value"])


def _merge(into: SourceReport, source: SourceReport, *, answered: bool = True) -> None:
    """Add a source's counts; only its requests when its answer was not waited for."""
    into.requests += source.requests
    if not answered:
        return
    into.verified += source.verified
    into.unverified += source.unverified
    for reason, count in source.reasons.items():
        into.reasons[reason] = into.reasons.get(reason, 0) + count


def _arxiv_ids(links: Iterable[Link]) -> Iterable[str]:
    for link in links:
        if not link.is_image:
            parsed = arxiv_ids.parse_url(link.url)
            if parsed is not None and parsed.arxiv_id is not None and parsed.arxiv_id.is_valid:
                yield parsed.arxiv_id.id


def _repositories(links: Iterable[Link]) -> Iterable[str]:
    """Repositories linked, and those star badges show (a badge may name another one)."""
    for link in links:
        if link.is_image:
            badge = entries.parse_star_badge(link.url)
            if badge is not None:
                yield f"{badge[0]}/{badge[1]}"
        else:
            repo = entries.parse_repo_url(link.url)
            if repo is not None:
                yield f"{repo[0]}/{repo[1]}"


def _titles_to_search(
    scoped: Iterable[tuple[Document, Entry]], arxiv: Mapping[str, ArxivFact]
) -> Iterable[str]:
    from awesome_lint import titles

    for _, entry in scoped:
        paper_id = entries.arxiv_id(entry)
        fact = arxiv.get(paper_id.id) if paper_id is not None else None
        if (
            fact is not None
            and fact.paper is not None
            and titles.needs_search(entry.title, fact.paper)
        ):
            yield entry.title


def _suggested_ids(scoped: Iterable[tuple[Document, Entry]], facts: Facts) -> Iterable[str]:
    """The ids arXiv's title search found for listed titles filed under another paper's id."""
    from awesome_lint import titles

    for _, entry in scoped:
        paper_id = entries.arxiv_id(entry)
        if paper_id is not None and entry.title in facts.title_search:
            right = titles.suggestion(facts, entry.title, paper_id.id)
            if right is not None:
                yield right.id


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


class _Progress:
    """A progress line on stderr for a terminal; nothing in CI logs or machine formats."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty() and not os.environ.get("CI")
        self._status: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.console import Console

            self._status = Console(stderr=True).status("Checking online…")
            self._status.start()
        return self

    def stage(self, text: str) -> None:
        if self._status is not None:
            self._status.update(f"Checking {text}…")

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.stop()
