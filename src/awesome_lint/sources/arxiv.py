"""arXiv metadata through the ``arxiv`` package: ids in batches, candidate papers by title.

arXiv's terms allow one request every three seconds, one connection at a time. The ``arxiv``
package paces and retries on its own, but it sets no HTTP timeout, retries without backoff,
ignores ``Retry-After``, and turns a 200 whose body is not a feed (``Rate exceeded.``) or is cut
short into fewer results, which would read as "no such paper". So this module keeps the
package's query building, paging and Atom parsing, and replaces the one method that fetches a
page (``Client._parse_feed``) with a paced, retried, checked version.

A fact is never a guess: ids arXiv did not return from a complete feed are ``MISSING``; ids of a
batch that could not be fetched are ``UNVERIFIED`` with the reason.
"""

from __future__ import annotations

import email.utils
import logging
import os
import re
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import arxiv
import requests
import tenacity

from awesome_lint import values
from awesome_lint.arxiv_ids import batch_keys
from awesome_lint.deadline import REASON as DEADLINE_REASON
from awesome_lint.deadline import Deadline
from awesome_lint.facts import ArxivFact, ArxivPaper, FactStatus, SourceReport
from awesome_lint.sources.http import Unavailable as _Unavailable

__all__ = ["API_URL_ENV", "DEFAULT_API_URL", "ArxivSource", "title_query"]

logger = logging.getLogger(__name__)

API_URL_ENV = "AWESOME_LINT_ARXIV_API_URL"
DEFAULT_API_URL = "https://export.arxiv.org/api/query"
INVALID_ID = "invalid id"
CONNECT_TIMEOUT = 5.0  # seconds to connect to the API
READ_TIMEOUT = 20.0  # seconds for each read: a batch of 100 ids can take arXiv a while
_DEADLINE_SLACK = 0.05  # a timeout this close to the run's deadline was the deadline's doing

_MAX_BACKOFF = 60.0  # cap of the exponential backoff, seconds
_MAX_RETRY_AFTER = 120.0  # a longer Retry-After is cut to this: a lint run should not hang
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_ATOM = "{http://www.w3.org/2005/Atom}"
_ERROR_ID_MARK = "arxiv.org/api/errors"
_SHORT_ID = re.compile(r"(?P<id>.+?)(?:v(?P<version>\d+))?")
_QUERY_WORD = re.compile(r"[^\W_]+")
_OPERATORS = frozenset({"and", "or", "andnot"})
# Words that carry nothing in an OR query; every title has them.
_STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "its", "of"}
    | {"on", "or", "the", "to", "via", "with"}
)
_MAX_QUERY_WORDS = 16


class _TimeoutSession(requests.Session):
    """A session with a timeout on every request (the package sets none; never past the
    deadline) that keeps the last response, whose status, headers and raw body the package does
    not pass on."""

    def __init__(self, timeout: float, deadline: Deadline, connect_timeout: float) -> None:
        super().__init__()
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.deadline = deadline
        self.last_response: requests.Response | None = None

    def request(
        self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.setdefault(
            "timeout",
            (
                max(0.001, self.deadline.bound(self.connect_timeout)),
                max(0.001, self.deadline.bound(self.timeout)),
            ),
        )
        self.last_response = None
        response = super().request(method, url, *args, **kwargs)
        self.last_response = response
        return response


class _PacedClient(arxiv.Client):  # type: ignore[misc]  # arxiv ships no type information
    """``arxiv.Client`` whose every page request is paced, retried with backoff and checked.

    The package's own delay and retries are switched off (``delay_seconds=0``,
    ``num_retries=0``): its delay counts from the previous request, and its retries neither
    back off nor read ``Retry-After``.
    """

    def __init__(
        self,
        api_url: str,
        *,
        delay_seconds: float,
        timeout: float,
        connect_timeout: float,
        max_attempts: int,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        report: SourceReport,
        deadline: Deadline,
    ) -> None:
        super().__init__(page_size=100, delay_seconds=0, num_retries=0)
        separator = "&" if "?" in api_url else "?"
        # An instance attribute: the class attribute is the real endpoint.
        self.query_url_format = api_url.replace("{", "{{").replace("}", "}}") + separator + "{}"
        self._session: _TimeoutSession = _TimeoutSession(timeout, deadline, connect_timeout)
        # A request timed out: arXiv (or what stands at its address) is not asked again in
        # this run, so a server that accepts and never answers costs one timeout, not one per
        # batch and attempt.
        self._silent = False
        self._deadline = deadline
        self._delay = delay_seconds
        self._sleep = sleep
        self._clock = clock
        self._report = report
        self._last_end: float | None = None
        self._retrying = tenacity.Retrying(
            sleep=sleep,
            stop=tenacity.stop_after_attempt(max_attempts),
            wait=self._wait,
            retry=tenacity.retry_if_exception(
                lambda exc: isinstance(exc, _Unavailable) and exc.retryable
            ),
            before_sleep=lambda state: logger.info(
                "arXiv: %s, retrying (attempt %d)",
                state.outcome.exception() if state.outcome else "?",
                state.attempt_number + 1,
            ),
            reraise=True,
        )

    def close(self) -> None:
        self._session.close()

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0) -> Any:
        return self._retrying(self._attempt, url, first_page)

    def _attempt(self, url: str, first_page: bool) -> Any:
        """One HTTP request: paced, counted, and turned into a feed or an ``_Unavailable``."""
        if self._silent:
            raise _Unavailable("timeout", retryable=False)
        self._pace()
        if self._deadline.expired:
            raise _Unavailable(DEADLINE_REASON, retryable=False)
        self._report.requests += 1
        try:
            feed = super()._parse_feed(url, first_page, 0)
        except arxiv.UnexpectedEmptyPageError:
            # An "empty page" may be a page that was not a feed at all (``Rate exceeded.``):
            # that is throttling, not the end of the results.
            self._check_body()
            raise
        except arxiv.HTTPError as exc:
            raise _http_failure(exc.status, self._session.last_response) from exc
        except requests.Timeout as exc:  # before ConnectionError: ConnectTimeout is both
            if self._deadline.remaining() < _DEADLINE_SLACK:  # the deadline cut it short
                raise _Unavailable(DEADLINE_REASON, retryable=False) from exc
            self._silent = True  # not retried: another attempt would wait as long again
            raise _Unavailable("timeout", retryable=False) from exc
        except requests.RequestException as exc:
            raise _Unavailable("connection failed", retryable=True) from exc
        finally:
            self._last_end = self._clock()
        self._check_body()
        return feed

    def _pace(self) -> None:
        """Wait until ``delay_seconds`` have passed since the end of the previous request."""
        if self._last_end is not None:
            remaining = self._last_end + self._delay - self._clock()
            if remaining > self._deadline.remaining():
                raise _Unavailable(DEADLINE_REASON, retryable=False)
            if remaining > 0:
                self._sleep(remaining)

    def _wait(self, state: tenacity.RetryCallState) -> float:
        """Exponential backoff starting at the pacing delay; a longer ``Retry-After`` wins.
        Never past the deadline: the attempt after it gives up at once."""
        backoff: float = min(self._delay * 2.0 ** (state.attempt_number - 1), _MAX_BACKOFF)
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Unavailable) and exc.retry_after is not None:
            backoff = min(max(exc.retry_after, backoff), _MAX_RETRY_AFTER)
        return self._deadline.bound(backoff)

    def _check_body(self) -> None:
        """Raise unless the last 200 answer is a complete Atom feed without an error entry.

        The package parses with lxml's ``recover=True``: a non-XML body gives an empty feed and
        a truncated one gives the entries before the cut, both without an error. A strict parse
        of the same bytes tells them apart from a real (possibly empty) answer.
        """
        response = self._session.last_response
        body = response.content if response is not None else b""
        if body.lstrip()[:13].lower() == b"rate exceeded":
            raise _Unavailable("rate limited", retryable=True)
        try:
            root = ElementTree.fromstring(body)
        except ElementTree.ParseError:
            raise _Unavailable("malformed response", retryable=True) from None
        if root.tag != f"{_ATOM}feed":
            raise _Unavailable("malformed response", retryable=True)
        # An error entry has no <published>, so the package drops it silently; arXiv sends it
        # with a 400, but reportedly sometimes with a 200, which would read as "all missing".
        for entry in root.iterfind(f"{_ATOM}entry"):
            if _ERROR_ID_MARK in (entry.findtext(f"{_ATOM}id") or ""):
                message = " ".join((entry.findtext(f"{_ATOM}summary") or "").split())
                logger.warning("arXiv answered with an error: %s", message)
                raise _Unavailable("API error", retryable=False)


def _http_failure(status: int, response: requests.Response | None) -> _Unavailable:
    reason = "rate limited" if status == 429 else f"HTTP {status}"
    retry_after = None
    if response is not None and status in (429, 503):
        retry_after = _parse_retry_after(response.headers.get("Retry-After"))
    return _Unavailable(reason, retryable=status in _RETRY_STATUSES, retry_after=retry_after)


def _parse_retry_after(value: str | None) -> float | None:
    """``Retry-After`` as seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def title_query(title: str) -> str:
    """An arXiv ``search_query`` for papers whose title shares words with ``title``.

    The words are ORed, not quoted as one phrase, so that a title the list shortened, or an
    older version's title, still finds the paper; arXiv ranks by relevance, so the paper with
    the most words in common comes first. Only letters and digits are kept, each word quoted,
    so nothing in a title can be read as query syntax (``AND``, ``:``, quotes, parentheses).
    """
    words = [w.lower() for w in _QUERY_WORD.findall(title)]
    useful = [w for w in words if w not in _STOP_WORDS] or words
    unique = [w for w in dict.fromkeys(useful) if w not in _OPERATORS]
    return " OR ".join(f'ti:"{w}"' for w in unique[:_MAX_QUERY_WORDS])


def to_paper(result: Any) -> ArxivPaper | None:
    """Convert an ``arxiv.Result``; ``None`` if its entry id is not an arXiv abs URL."""
    match = _SHORT_ID.fullmatch(result.get_short_id())
    if match is None or "/abs/" not in result.entry_id or not values.is_arxiv_id(match["id"]):
        return None
    return ArxivPaper(
        id=match["id"],
        version=int(match["version"] or 1),
        title=" ".join(result.title.split()),
        published=result.published.date(),
        updated=result.updated.date(),
        authors=tuple(author.name for author in result.authors),
        summary=" ".join(result.summary.split()),
        comment=result.comment or "",
        journal_ref=result.journal_ref or "",
    )


class ArxivSource:
    """Looks up arXiv ids and titles through arXiv's legacy API (``/api/query``).

    - Ids are checked locally first: an invalid id is never sent, because one malformed id makes
      arXiv reject the whole request (HTTP 400). It gets an ``UNVERIFIED`` fact with reason
      ``"invalid id"``, so every id asked for has a fact; the offline rules say what is wrong.
    - Up to ``batch_size`` ids go in one request; at least ``delay_seconds`` separate the end of
      one request from the start of the next (arXiv: one request every 3 s). Only an explicit
      argument can shorten that.
    - Every request has a ``connect_timeout`` and a read ``timeout``. Throttling (429,
      ``Rate exceeded.``), 5xx, connection errors and cut-short feeds are retried up to
      ``max_attempts`` times in all, with exponential backoff starting at ``delay_seconds``
      (or ``Retry-After``). A timeout is not retried, and stops the source for the run: the
      rest is ``UNVERIFIED``, "timeout", without another request.
    - Past ``deadline`` no request is sent, and no request or wait runs past it: the ids and
      titles not answered by then are ``UNVERIFIED`` with the reason ``"deadline reached"``.
    - ``report`` counts requests, verified ids and titles, and unverified ones with reasons.

    Not thread-safe, by design: one client, one connection, serial requests, which is what
    arXiv's terms ask for. Use one instance per run, from one thread.
    """

    def __init__(
        self,
        api_url: str | None = None,
        *,
        delay_seconds: float = 3.0,
        timeout: float = READ_TIMEOUT,
        connect_timeout: float = CONNECT_TIMEOUT,
        batch_size: int = 100,
        max_attempts: int = 4,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        deadline: Deadline | None = None,
    ) -> None:
        if delay_seconds < 0 or timeout <= 0 or connect_timeout <= 0:
            raise ValueError("delay_seconds must be >= 0 and timeouts > 0")
        if not 1 <= batch_size <= 2000:  # 2000: the API's page size limit
            raise ValueError("batch_size must be between 1 and 2000")
        if max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        self.api_url = api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
        self.batch_size = batch_size
        self.report = SourceReport("arxiv")
        self._client = _PacedClient(
            self.api_url,
            delay_seconds=delay_seconds,
            timeout=timeout,
            connect_timeout=connect_timeout,
            max_attempts=max_attempts,
            sleep=sleep,
            clock=clock,
            report=self.report,
            deadline=deadline or Deadline(None),
        )

    def close(self) -> None:
        """Close the HTTP connection."""
        self._client.close()

    @property
    def last_request_end(self) -> float | None:
        """When the last request ended, on this source's clock. A second source in the same
        run takes it over, so that arXiv's pacing holds across both."""
        return self._client._last_end

    @last_request_end.setter
    def last_request_end(self, value: float | None) -> None:
        self._client._last_end = value

    def fetch(self, ids: Iterable[str]) -> dict[str, ArxivFact]:
        """Facts for ``ids`` (any form ``parse_id`` accepts), keyed by id without version.

        ``FOUND`` with the latest version's metadata, ``MISSING`` when arXiv answered without
        it, ``UNVERIFIED`` when the id is invalid or its batch could not be fetched.
        """
        order, wanted, invalid = batch_keys(ids)
        facts = {key: ArxivFact(key, FactStatus.UNVERIFIED, reason=INVALID_ID) for key in invalid}
        if invalid:
            self.report.skip(INVALID_ID, len(invalid))
        for start in range(0, len(wanted), self.batch_size):
            facts.update(self._fetch_batch(wanted[start : start + self.batch_size]))
        return {key: facts[key] for key in order}

    def search_title(self, title: str, max_results: int = 5) -> tuple[ArxivPaper, ...]:
        """Candidate papers for ``title``, best first, from one ``ti:`` query.

        An empty tuple when nothing matched, and also when arXiv could not be asked (then the
        report counts the title as unverified); callers must not read it as "no such paper"
        without checking ``report``.
        """
        query = title_query(title)
        if not query or max_results < 1:
            return ()
        results, failure = self._run(arxiv.Search(query=query, max_results=max_results))
        if failure is not None:
            self.report.skip(failure)
            return ()
        self.report.verified += 1
        return tuple(results)

    def _fetch_batch(self, batch: list[str]) -> dict[str, ArxivFact]:
        papers, failure = self._run(arxiv.Search(id_list=batch, max_results=len(batch)))
        # Entries come back in any order, versioned: key them by id without version.
        found = {paper.id: paper for paper in papers}
        facts: dict[str, ArxivFact] = {}
        for key in batch:
            paper = found.get(key)
            if paper is not None:
                facts[key] = ArxivFact(key, FactStatus.FOUND, paper)
            elif failure is None:
                facts[key] = ArxivFact(key, FactStatus.MISSING)
            else:
                facts[key] = ArxivFact(key, FactStatus.UNVERIFIED, reason=failure)
        unverified = sum(1 for fact in facts.values() if fact.status is FactStatus.UNVERIFIED)
        self.report.verified += len(batch) - unverified
        if failure is not None and unverified:
            self.report.skip(failure, unverified)
        return facts

    def _run(self, search: Any) -> tuple[list[ArxivPaper], str | None]:
        """The papers of one search, and why it stopped early (``None``: it did not)."""
        # One page holds the whole search: a batch is one request.
        self._client.page_size = search.max_results
        papers: list[ArxivPaper] = []
        try:
            for result in self._client.results(search):
                paper = to_paper(result)
                if paper is not None:
                    papers.append(paper)
        except arxiv.UnexpectedEmptyPageError:
            # totalResults counted ids arXiv does not have, so the package asked for one more
            # page, which came back empty (and was checked to be a real feed): what was yielded
            # is the whole answer.
            pass
        except _Unavailable as exc:
            logger.warning("arXiv: giving up on %s: %s", search, exc.reason)
            return papers, exc.reason
        return papers, None
