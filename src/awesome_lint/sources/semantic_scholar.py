"""Semantic Scholar: where an arXiv paper was published, through the Graph API's batch endpoint.

``POST {base}/paper/batch?fields=title,venue,publicationVenue,year,publicationDate,externalIds``
with ``{"ids": ["ARXIV:2410.13861", ...]}``, at most 500 ids a request; the answer is a list in
the same order, ``null`` for an id Semantic Scholar does not know. ``externalIds.DBLP`` names
the DBLP record, which ``awesome_lint.venues`` reads first.

Plain ``httpx`` rather than the ``semanticscholar`` package: that client retries on its own
terms (no ``Retry-After``, no run deadline) and hides the status of a failed batch, and this is
one POST per 500 papers. Here, as for the other sources: every request has a timeout and none
is sent past the run's deadline; requests are paced (one a second with a key, as Semantic
Scholar asks of key holders; slower without one, since keyless requests share one pool); 429
and 5xx, timeouts and connection errors are retried with exponential backoff, or after
``Retry-After`` when the answer says how long (longer than ``max_wait``: give up).

Every value of the answer is checked (``venues.validate_record``): a row of the wrong shape, or
an answer that is not a list as long as the request, is no answer. A fact is never a guess:
``MISSING`` only for ``null`` in a well-formed answer; anything that could not be asked or read
is ``UNVERIFIED`` with the reason.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Final

from awesome_lint import __version__, venues
from awesome_lint.arxiv_ids import batch_keys
from awesome_lint.deadline import REASON as DEADLINE_REASON
from awesome_lint.deadline import Deadline
from awesome_lint.facts import FactStatus, SourceReport, Venue, VenueFact
from awesome_lint.sources.http import Unavailable as _Unavailable
from awesome_lint.sources.http import parse_retry_after

if TYPE_CHECKING:  # imported when a request is made: a run without a network never loads it
    import httpx

__all__ = [
    "API_KEY_ENV",
    "API_URL_ENV",
    "DEFAULT_API_URL",
    "FIELDS",
    "MAX_BATCH",
    "SemanticScholarSource",
    "lookup_venues",
]

logger = logging.getLogger(__name__)

CACHE_SOURCE: Final = "semantic-scholar"  # the report's and the cache's name for the source
API_URL_ENV: Final = "AWESOME_LINT_S2_API_URL"
API_KEY_ENV: Final = "SEMANTIC_SCHOLAR_API_KEY"
DEFAULT_API_URL: Final = "https://api.semanticscholar.org/graph/v1"
FIELDS: Final = "title,venue,publicationVenue,year,publicationDate,externalIds"
MAX_BATCH: Final = 500  # the batch endpoint's limit
CONNECT_TIMEOUT: Final = 5.0  # seconds to connect to the API
READ_TIMEOUT: Final = 20.0  # seconds for the answer: a batch of 500 papers can take a while
DELAY_WITH_KEY: Final = 1.0  # seconds between requests: Semantic Scholar's rate for a key
DELAY_WITHOUT_KEY: Final = 3.0  # keyless requests share a pool: ask less often
INVALID_ID: Final = "invalid id"
MALFORMED: Final = "malformed answer"
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_MAX_BACKOFF = 60.0
USER_AGENT: Final = f"awesome-lint/{__version__}"


def key_from_env(environ: dict[str, str] | None = None) -> str | None:
    env = os.environ if environ is None else environ
    return (env.get(API_KEY_ENV) or "").strip() or None


class SemanticScholarSource:
    """Looks up arXiv ids in Semantic Scholar's batch endpoint; one instance per run.

    ``report`` (source ``"semantic-scholar"``) counts requests, answered ids and unverified ones
    with reasons. ``transport`` is for tests only (an ``httpx`` mock transport); the stand-in
    tests use a real server instead.
    """

    def __init__(
        self,
        api_url: str | None = None,
        api_key: str | None = None,
        *,
        delay_seconds: float | None = None,
        timeout: float = READ_TIMEOUT,
        batch_size: int = MAX_BATCH,
        max_attempts: int = 4,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        deadline: Deadline | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be between 1 and {MAX_BATCH}")
        if timeout <= 0 or max_attempts < 1 or (delay_seconds is not None and delay_seconds < 0):
            raise ValueError("timeout must be > 0, max_attempts >= 1 and delay_seconds >= 0")
        base = api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
        self.api_url = base.rstrip("/")
        self.batch_size = batch_size
        self.report = SourceReport(CACHE_SOURCE)
        if delay_seconds is None:
            delay_seconds = DELAY_WITH_KEY if api_key else DELAY_WITHOUT_KEY
        self._delay = delay_seconds
        self._timeout = timeout
        self._max_attempts = max_attempts
        self._max_wait = max_wait
        self._sleep = sleep
        self._clock = clock
        self._deadline = deadline or Deadline(None)
        self._last_end: float | None = None
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        if api_key:
            headers["x-api-key"] = api_key
        self._has_key = bool(api_key)
        import httpx

        self._client = httpx.Client(
            headers=headers, transport=transport, trust_env=False, follow_redirects=False
        )

    def __repr__(self) -> str:  # never the key itself
        return f"SemanticScholarSource(api_url={self.api_url!r}, key={self._has_key})"

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> SemanticScholarSource:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def fetch(self, ids: Iterable[str]) -> dict[str, VenueFact]:
        """Facts for arXiv ``ids`` (any form ``parse_id`` reads), keyed by id without version."""
        order, wanted, invalid = batch_keys(ids)
        facts = {key: VenueFact(key, FactStatus.UNVERIFIED, reason=INVALID_ID) for key in invalid}
        if invalid:
            self.report.skip(INVALID_ID, len(invalid))
        for start in range(0, len(wanted), self.batch_size):
            facts.update(self._fetch_batch(wanted[start : start + self.batch_size]))
        return {key: facts[key] for key in order}

    # -- one batch ------------------------------------------------------------------------

    def _fetch_batch(self, batch: list[str]) -> dict[str, VenueFact]:
        try:
            rows = self._with_retries(batch)
        except _Unavailable as exc:
            logger.warning("Semantic Scholar: giving up on %d ids: %s", len(batch), exc.reason)
            self.report.skip(exc.reason, len(batch))
            return {key: VenueFact(key, FactStatus.UNVERIFIED, reason=exc.reason) for key in batch}
        facts: dict[str, VenueFact] = {}
        for key, row in zip(batch, rows, strict=True):
            fact = fact_from_row(key, row)
            if fact.status is FactStatus.UNVERIFIED:
                self.report.skip(fact.reason)
            else:
                self.report.verified += 1
            facts[key] = fact
        return facts

    def _with_retries(self, batch: list[str]) -> list[object]:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._attempt(batch)
            except _Unavailable as exc:
                if not exc.retryable or attempt >= self._max_attempts:
                    raise
                wait = min(self._delay * 2.0 ** (attempt - 1), _MAX_BACKOFF)
                if exc.retry_after is not None:
                    if exc.retry_after > self._max_wait:
                        raise _Unavailable(exc.reason, retryable=False) from None
                    wait = max(wait, exc.retry_after)
                if wait >= self._deadline.remaining():
                    raise _Unavailable(DEADLINE_REASON, retryable=False) from None
                logger.info("Semantic Scholar: %s, retrying in %.1f s", exc.reason, wait)
                self._sleep(wait)
                self._last_end = None  # the wait just made is the pause before the next one

    def _attempt(self, batch: list[str]) -> list[object]:
        """One paced request, turned into the answer's rows or an ``_Unavailable``."""
        self._pace()
        if self._deadline.expired:
            raise _Unavailable(DEADLINE_REASON, retryable=False)
        import httpx

        self.report.requests += 1
        read = max(0.001, self._deadline.bound(self._timeout))
        try:
            response = self._client.post(
                f"{self.api_url}/paper/batch",
                params={"fields": FIELDS},
                content=json.dumps({"ids": [f"ARXIV:{key}" for key in batch]}),
                timeout=httpx.Timeout(read, connect=min(read, CONNECT_TIMEOUT)),
            )
        except httpx.TimeoutException as exc:
            raise _Unavailable("timeout", retryable=True) from exc
        except httpx.TransportError as exc:
            raise _Unavailable("connection failed", retryable=True) from exc
        finally:
            self._last_end = self._clock()
        status = response.status_code
        if status != 200:
            raise _status_failure(status, response.headers.get("Retry-After"), self._has_key)
        try:
            rows = response.json()
        except ValueError:
            raise _Unavailable(MALFORMED, retryable=True) from None
        if not isinstance(rows, list) or len(rows) != len(batch):
            raise _Unavailable(MALFORMED, retryable=True)
        return rows

    def _pace(self) -> None:
        if self._last_end is None:
            return
        remaining = self._last_end + self._delay - self._clock()
        if remaining >= self._deadline.remaining():
            raise _Unavailable(DEADLINE_REASON, retryable=False)
        if remaining > 0:
            self._sleep(remaining)


def _status_failure(status: int, retry_after: str | None, has_key: bool) -> _Unavailable:
    if status in (401, 403):
        reason = "Semantic Scholar rejected the API key" if has_key else "access denied"
        return _Unavailable(f"{reason} (HTTP {status})", retryable=False)
    reason = "rate limited" if status == 429 else f"HTTP {status}"
    wait = parse_retry_after(retry_after) if status in (429, 503) else None
    return _Unavailable(reason, retryable=status in _RETRY_STATUSES, retry_after=wait)


def fact_from_row(key: str, row: object) -> VenueFact:
    """The fact for one row of an answer (or of the cache): ``null`` is MISSING, a row of the
    wrong shape is UNVERIFIED."""
    if row is None:
        return VenueFact(key, FactStatus.MISSING)
    record = venues.validate_record(row, key)
    if record is None:
        return VenueFact(key, FactStatus.UNVERIFIED, reason=MALFORMED)
    return VenueFact(
        key, FactStatus.FOUND, str(record["title"]), venues.resolve(record), record=record
    )


def fact_to_json(fact: VenueFact) -> dict[str, object]:
    """What the cache keeps: the validated row (resolved again when read), or none."""
    return {"status": fact.status.value, "record": fact.record}


def fact_from_json(key: str, data: dict[str, object]) -> VenueFact:
    """A cached fact, checked as strictly as an answer; a wrong shape is UNVERIFIED (a miss)."""
    status = data.get("status")
    if status == FactStatus.MISSING.value:
        return VenueFact(key, FactStatus.MISSING)
    if status == FactStatus.FOUND.value and data.get("record") is not None:
        return fact_from_row(key, data["record"])
    return VenueFact(key, FactStatus.UNVERIFIED, reason=MALFORMED)


def lookup_venues(
    arxiv_ids: Iterable[str],
    *,
    api_url: str | None = None,
    api_key: str | None = None,
    timeout: float = READ_TIMEOUT,
    deadline: Deadline | None = None,
) -> dict[str, Venue]:
    """Where each arXiv paper was published, for the ids Semantic Scholar places at a venue.

    Keys are ids without version. An id that is absent was not published (only arXiv/CoRR),
    is unknown to Semantic Scholar, or could not be looked up: never read absence as "not
    published" without ``SemanticScholarSource.fetch``'s facts. ``api_url`` and ``api_key``
    default to ``AWESOME_LINT_S2_API_URL`` and ``SEMANTIC_SCHOLAR_API_KEY``; no cache.
    """
    key = api_key if api_key is not None else key_from_env()
    with SemanticScholarSource(api_url, key, timeout=timeout, deadline=deadline) as source:
        facts = source.fetch(arxiv_ids)
    return {
        ident: fact.venue
        for ident, fact in facts.items()
        if fact.status is FactStatus.FOUND and fact.venue is not None
    }
