"""A stand-in for arXiv's legacy query API (``GET /api/query``), speaking the real Atom format.

By default it knows the 63 papers of ``tests/fixtures/seed-metadata.json``: the latest version is
v2 when the seed records a different v1 title (``title_v1``), else v1; a date known only to the
month is served as the 15th. Tests add papers (a withdrawn one, say) with ``ArxivStandin.add``.

What it implements, as the real API behaves:

- ``id_list``: comma separated, versioned or not (unversioned means the latest version). One
  malformed id fails the whole request with HTTP 400 and arXiv's error feed. Well-formed ids it
  does not know are simply absent; with ``count_missing=True`` they still count in
  ``opensearch:totalResults``, a quirk of the real API that makes clients fetch an empty page.
  Entries come back sorted by id, descending: not in request order, like the real API.
- ``search_query`` with ``ti:`` (also ``au:``, ``abs:``, ``all:``) terms, quoted phrases, ``AND``,
  ``OR``, ``ANDNOT`` and parentheses; a term matches when the latest *or* the v1 title contains
  the words. Results are ranked by how many of the query's words the title has.
- ``start``/``max_results`` paging (default 0/10) and ``opensearch:totalResults``.
- ``min_interval``: a request arriving sooner than that after the previous one gets a 429, like
  arXiv's "one request every three seconds".

Faults for ``server.inject("/api/query", ...)``: ``http_status`` (429/503 with ``Retry-After``),
``rate_exceeded`` (a 200 whose body is ``Rate exceeded.``), ``truncated_feed`` and
``slow_answer``, each for the next ``times`` requests.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

from .base import Fault, Request, Response, StandinServer, serve

SEED_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "seed-metadata.json"
QUERY_PATH = "/api/query"
ATOM_TYPE = "application/atom+xml; charset=UTF-8"

# arXiv's own id syntax (arxiv-browse identifier.py); the stand-in checks ids independently of the
# code under test, so that a bug in awesome_lint.arxiv_ids cannot hide here.
_NEW_ID = re.compile(r"^(?P<yymm>\d{2}(?:0[1-9]|1[0-2]))\.(?P<num>\d{4,5})(?:v(?P<v>[1-9]\d*))?$")
_OLD_ID = re.compile(
    r"^[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d{2}(?:0[1-9]|1[0-2])\d{3}(?:v(?P<v>[1-9]\d*))?$"
)
_WORD = re.compile(r"[^\W_]+")


@dataclass
class StandinPaper:
    """One paper as the stand-in serves it; ``version`` defaults to 2 when ``title_v1`` is set."""

    id: str  # without version
    title: str  # latest title
    published: date  # v1 date
    authors: tuple[str, ...] = ()
    title_v1: str | None = None
    version: int = 0  # 0: 2 if title_v1 else 1
    updated: date | None = None  # None: published, plus 14 days per later version
    summary: str = ""
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    primary_category: str = "cs.CV"
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.version:
            self.version = 2 if self.title_v1 and self.title_v1 != self.title else 1
        if self.updated is None:
            self.updated = self.published + timedelta(days=14 * (self.version - 1))
        if not self.summary:
            self.summary = f"We present {self.title}. (Stand-in abstract.)"
        if not self.categories:
            self.categories = (self.primary_category,)

    def title_of(self, version: int) -> str:
        return self.title_v1 if version == 1 and self.title_v1 else self.title

    def titles(self) -> tuple[str, ...]:
        return (self.title, self.title_v1) if self.title_v1 else (self.title,)


def seed_papers(path: Path = SEED_PATH) -> list[StandinPaper]:
    """The seed's arXiv records as stand-in papers (month-precision dates become the 15th)."""
    records = json.loads(path.read_text(encoding="utf-8"))["arxiv"]
    return [_from_seed(ident, record) for ident, record in records.items()]


def _from_seed(ident: str, record: dict[str, object]) -> StandinPaper:
    submitted = str(record["submitted"])
    published = date.fromisoformat(submitted if len(submitted) == 10 else f"{submitted}-15")
    title_v1 = record.get("title_v1")
    authors = record.get("authors") or []
    assert isinstance(authors, list)
    return StandinPaper(
        id=ident,
        title=str(record["title"]),
        published=published,
        authors=tuple(str(a) for a in authors),
        title_v1=str(title_v1) if title_v1 else None,
        summary=_summary(record),
    )


def _summary(record: dict[str, object]) -> str:
    """An abstract for the stand-in: where the seed's notes say the real abstract names the
    paper's code repository, the stand-in's abstract names it too."""
    notes = str(record.get("notes", ""))
    text = f"We present {record['title']}."
    match = re.search(
        r"[Aa]bstract[^.]*?(?:names |at )?(?:https://)?github\.com/([\w.-]+/[\w-]+)", notes
    )
    if match is not None:
        text += f" The code and models are available at https://github.com/{match.group(1)}."
    return text


def withdrawn_paper(
    ident: str = "2402.99999", title: str = "A Paper Its Authors Took Back"
) -> StandinPaper:
    """A paper whose latest version is a withdrawal notice, as arXiv shows it."""
    return StandinPaper(
        id=ident,
        title=title,
        published=date(2024, 2, 10),
        authors=("A. Author",),
        version=2,
        summary="This paper has been withdrawn by the author due to an error in Section 3.",
        comment="This paper has been withdrawn",
    )


class ArxivStandin:
    """The request handler: ``serve(ArxivStandin())`` or, simpler, ``serve_arxiv()``."""

    def __init__(
        self,
        papers: Iterable[StandinPaper] | None = None,
        *,
        count_missing: bool = False,
        min_interval: float | None = None,
    ) -> None:
        initial = list(seed_papers() if papers is None else papers)
        self._initial = (initial, count_missing, min_interval)
        self.papers: dict[str, StandinPaper] = {}
        self.count_missing = count_missing
        self.min_interval = min_interval
        self.throttled = 0  # requests answered 429 because of min_interval
        self.server: StandinServer | None = None  # set by serve_arxiv; used by min_interval
        self._last_seen: float | None = None  # only used when not bound to a server
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        """Back to the papers and options given at construction (a shared server between tests)."""
        papers, self.count_missing, self.min_interval = self._initial
        self.papers = {}
        self.add(*papers)
        self.throttled = 0
        self._last_seen = None

    def add(self, *papers: StandinPaper) -> None:
        for paper in papers:
            self.papers[paper.id] = paper

    def __call__(self, request: Request) -> Response:
        if request.path != QUERY_PATH:
            return Response(404, "Not Found")
        if self.min_interval is not None and self._too_soon(request):
            return Response(429, "Rate exceeded.", {"Retry-After": "3"})
        return self.answer(request)

    def _too_soon(self, request: Request) -> bool:
        with self._lock:
            previous = self._previous_arrival(request)
            if previous is None or request.time - previous >= (self.min_interval or 0.0):
                return False
            self.throttled += 1
            return True

    def _previous_arrival(self, request: Request) -> float | None:
        if self.server is None:
            previous, self._last_seen = self._last_seen, request.time
            return previous
        # The server's log also holds requests that an injected fault answered: they count too.
        log = list(self.server.requests)
        index = next((i for i, r in enumerate(log) if r is request), len(log))
        earlier = [r.time for r in log[:index] if r.path == QUERY_PATH]
        return earlier[-1] if earlier else None

    def answer(self, request: Request) -> Response:
        """The normal answer, without min_interval or faults (faults build on it)."""
        try:
            start = int(request.arg("start", "0"))
            max_results = int(request.arg("max_results", "10"))
        except ValueError:
            return _error_feed(request, "start_and_max_results_must_be_integers", "bad paging")
        if start < 0 or max_results < 0:
            return _error_feed(request, "start_must_be_non_negative", "start must be >= 0")
        ids = [i.strip() for i in request.arg("id_list").split(",") if i.strip()]
        for ident in ids:
            if not (_NEW_ID.match(ident) or _OLD_ID.match(ident)):
                return _error_feed(
                    request, f"incorrect_id_format_for_{ident}", f"incorrect id format for {ident}"
                )
        query = request.arg("search_query").strip()
        entries: list[tuple[StandinPaper, int]]
        missing = 0
        if ids:
            entries = []
            for ident in dict.fromkeys(ids):
                found = self._lookup(ident)
                if found is None:
                    missing += 1
                else:
                    entries.append(found)
            if query:
                matcher = _parse_query(query)
                entries = [e for e in entries if matcher.matches(e[0])]
            entries.sort(key=lambda e: e[0].id, reverse=True)
        elif query:
            matcher = _parse_query(query)
            hits = [p for p in self.papers.values() if matcher.matches(p)]
            ranked = [(matcher.overlap(p), p) for p in hits]
            ranked.sort(key=lambda r: (-r[0][0], -r[0][1], r[1].id))
            hits = [p for _, p in ranked]
            entries = [(p, p.version) for p in hits]
        else:
            entries = []
        total = len(entries) + (missing if self.count_missing else 0)
        page = entries[start : start + max_results]
        return Response(200, _feed(request, page, total, start, max_results), {}, ATOM_TYPE)

    def _lookup(self, ident: str) -> tuple[StandinPaper, int] | None:
        match = _NEW_ID.match(ident) or _OLD_ID.match(ident)
        assert match is not None
        base = re.sub(r"v\d+$", "", ident)
        paper = self.papers.get(base)
        if paper is None:
            return None
        version = int(match["v"]) if match["v"] else paper.version
        return (paper, version) if version <= paper.version else None


# --- the Atom feed --------------------------------------------------------------------------


def _stamp(day: date, hour: int = 17) -> str:
    return f"{day.isoformat()}T{hour:02d}:30:00Z"


def _feed_head(request: Request, total: int, start: int, per_page: int) -> str:
    args = {k: request.arg(k) for k in ("search_query", "id_list", "start", "max_results")}
    query = urlencode(args)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"'
        ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
        ' xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
        f"  <link href={quoteattr('http://arxiv.org/api/query?' + query)}"
        ' rel="self" type="application/atom+xml"/>\n'
        f'  <title type="html">{escape("ArXiv Query: " + query)}</title>\n'
        "  <id>http://arxiv.org/api/standin</id>\n"
        f"  <updated>{_stamp(date.today(), 0)}</updated>\n"
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
        f"  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
    )


def _entry(paper: StandinPaper, version: int) -> str:
    vid = f"{paper.id}v{version}"
    updated = paper.updated if version == paper.version and paper.updated else paper.published
    parts = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{vid}</id>",
        f"    <updated>{_stamp(updated)}</updated>",
        f"    <published>{_stamp(paper.published)}</published>",
        # Real titles and abstracts are wrapped over lines; clients must collapse whitespace.
        f"    <title>{escape(_wrap(paper.title_of(version)))}</title>",
        f"    <summary>  {escape(_wrap(paper.summary))}\n</summary>",
    ]
    parts += [f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in paper.authors]
    if paper.doi:
        parts.append(f"    <arxiv:doi>{escape(paper.doi)}</arxiv:doi>")
        parts.append(
            f'    <link title="doi" href={quoteattr("http://dx.doi.org/" + paper.doi)}'
            ' rel="related"/>'
        )
    if paper.comment:
        parts.append(f"    <arxiv:comment>{escape(paper.comment)}</arxiv:comment>")
    if paper.journal_ref:
        parts.append(f"    <arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>")
    parts += [
        f'    <link href="http://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        f'    <link title="pdf" href="http://arxiv.org/pdf/{vid}" rel="related"'
        ' type="application/pdf"/>',
        f"    <arxiv:primary_category term={quoteattr(paper.primary_category)}"
        ' scheme="http://arxiv.org/schemas/atom"/>',
    ]
    parts += [
        f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>'
        for c in paper.categories
    ]
    parts.append("  </entry>")
    return "\n".join(parts) + "\n"


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n  ".join(lines)


def _feed(
    request: Request, page: list[tuple[StandinPaper, int]], total: int, start: int, per_page: int
) -> str:
    body = "".join(_entry(paper, version) for paper, version in page)
    return _feed_head(request, total, start, per_page) + body + "</feed>\n"


def _error_feed(request: Request, anchor: str, message: str) -> Response:
    """arXiv's answer to a bad request: HTTP 400 and a feed with one error entry."""
    error_id = f"http://arxiv.org/api/errors#{anchor}"
    body = (
        _feed_head(request, 1, 0, 1) + "  <entry>\n"
        f"    <id>{escape(error_id)}</id>\n"
        "    <title>Error</title>\n"
        f"    <summary>{escape(message)}</summary>\n"
        f"    <updated>{_stamp(date.today(), 0)}</updated>\n"
        f'    <link href={quoteattr(error_id)} rel="alternate" type="text/html"/>\n'
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        "  </entry>\n</feed>\n"
    )
    return Response(400, body, {}, ATOM_TYPE)


# --- search_query ---------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _contains(text: str, words: list[str]) -> bool:
    """Whether ``words`` occur in ``text`` as consecutive words (a phrase; one word is a phrase)."""
    have = _words(text)
    n = len(words)
    return n > 0 and any(have[i : i + n] == words for i in range(len(have) - n + 1))


@dataclass
class _Term:
    field: str
    words: list[str]

    def texts(self, paper: StandinPaper) -> tuple[str, ...]:
        if self.field == "ti":
            return paper.titles()
        if self.field == "au":
            return paper.authors
        if self.field == "abs":
            return (paper.summary,)
        if self.field == "all":
            return (*paper.titles(), *paper.authors, paper.summary)
        return ()  # cat:, jr:, ... are not modelled: they match nothing

    def matches(self, paper: StandinPaper) -> bool:
        return any(_contains(text, self.words) for text in self.texts(paper))


@dataclass
class _Node:
    op: str  # "AND", "OR", "ANDNOT"
    left: _Node | _Term
    right: _Node | _Term

    def matches(self, paper: StandinPaper) -> bool:
        left = self.left.matches(paper)
        if self.op == "AND":
            return left and self.right.matches(paper)
        if self.op == "ANDNOT":
            return left and not self.right.matches(paper)
        return left or self.right.matches(paper)


@dataclass
class _Query:
    root: _Node | _Term | None
    title_words: set[str] = field(default_factory=set)

    def matches(self, paper: StandinPaper) -> bool:
        return self.root is not None and self.root.matches(paper)

    def overlap(self, paper: StandinPaper) -> tuple[int, float]:
        """How many query words the best title has, then how much of that title they cover."""
        best = (0, 0.0)
        for title in paper.titles():
            have = set(_words(title))
            common = len(self.title_words & have)
            best = max(best, (common, common / max(len(have), 1)))
        return best


_TOKEN = re.compile(
    r"\s*(?:(?:(?P<group>[a-z]+):)?(?P<paren>[()])|(?P<op>ANDNOT|AND|OR)(?=[\s(]|$)"
    r'|(?:(?P<field>[a-z]+):)?(?:"(?P<phrase>[^"]*)"|(?P<word>[^\s()"]+)))'
)


def _parse_query(query: str) -> _Query:
    """Parse arXiv's query syntax; adjacent terms without an operator are ORed, as in Lucene."""
    tokens: list[tuple[str, str | _Term]] = []
    pos, fields = 0, ["all"]  # ``ti:(a b)`` sets the field for the whole group
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        if match["paren"] == "(":
            fields.append(match["group"] or fields[-1])
            tokens.append(("paren", "("))
        elif match["paren"]:
            if len(fields) > 1:
                fields.pop()
            tokens.append(("paren", ")"))
        elif match["op"]:
            tokens.append(("op", match["op"]))
        else:
            term_field = match["field"] or fields[-1]
            text = match["phrase"] if match["phrase"] is not None else match["word"]
            tokens.append(("term", _Term(term_field, _words(text))))
    result = _Query(None)
    for kind, value in tokens:
        if kind == "term" and isinstance(value, _Term) and value.field in ("ti", "all"):
            result.title_words.update(value.words)
    position = 0

    def peek() -> tuple[str, str | _Term] | None:
        return tokens[position] if position < len(tokens) else None

    def primary() -> _Node | _Term | None:
        nonlocal position
        token = peek()
        if token is None:
            return None
        position += 1
        if token == ("paren", "("):
            inner = disjunction()
            if peek() == ("paren", ")"):
                position += 1
            return inner
        if token[0] == "term" and isinstance(token[1], _Term):
            return token[1]
        return primary()  # a stray operator or ")": skip it

    def conjunction() -> _Node | _Term | None:
        nonlocal position
        left = primary()
        while (token := peek()) is not None and token[0] == "op" and token[1] != "OR":
            position += 1
            right = primary()
            if left is None or right is None:
                left = left or right
            else:
                left = _Node(str(token[1]), left, right)
        return left

    def disjunction() -> _Node | _Term | None:
        nonlocal position
        left = conjunction()
        while (token := peek()) is not None and token != ("paren", ")"):
            if token == ("op", "OR"):
                position += 1
            right = conjunction()
            if right is None:
                break
            left = right if left is None else _Node("OR", left, right)
        return left

    result.root = disjunction()
    return result


# --- faults, for server.inject(QUERY_PATH, ...) ----------------------------------------------


def for_next(times: int, answer: Callable[[Request], Response]) -> Fault:
    """A fault answering the next ``times`` requests with ``answer(request)``, then none."""
    remaining = [times]
    lock = threading.Lock()

    def fault(request: Request) -> Response | None:
        with lock:
            if remaining[0] <= 0:
                return None
            remaining[0] -= 1
        return answer(request)

    return fault


def http_status(status: int, *, retry_after: float | str | None = None, times: int = 1) -> Fault:
    """E.g. ``http_status(429, retry_after=1)``: what arXiv's front end sends when throttling."""
    headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
    body = "Rate exceeded." if status == 429 else f"HTTP {status}"
    return for_next(times, lambda _request: Response(status, body, dict(headers)))


def rate_exceeded(times: int = 1) -> Fault:
    """A 200 whose body is plain text, not a feed: arXiv's other way of saying "slow down"."""
    return for_next(times, lambda _request: Response(200, "Rate exceeded."))


def truncated_feed(standin: ArxivStandin, *, keep: float = 0.5, times: int = 1) -> Fault:
    """The normal 200 feed cut after ``keep`` of its bytes (a dropped connection, a proxy)."""

    def answer(request: Request) -> Response:
        response = standin.answer(request)
        body = response.body.encode() if isinstance(response.body, str) else response.body
        return replace(response, body=body[: int(len(body) * keep)])

    return for_next(times, answer)


def slow_answer(standin: ArxivStandin, delay: float, *, times: int = 1) -> Fault:
    """The normal answer, sent only after ``delay`` seconds."""
    return for_next(times, lambda request: replace(standin.answer(request), delay=delay))


@contextmanager
def serve_arxiv(
    standin: ArxivStandin | None = None,
    *,
    extra: Iterable[StandinPaper] = (),
    count_missing: bool = False,
    min_interval: float | None = None,
    latency: float = 0.0,
) -> Iterator[StandinServer]:
    """Serve the stand-in on 127.0.0.1; the API is at ``server.url + "/api/query"``.

    Without ``standin``: the seed papers plus ``extra``, with the given options. The handler is
    reachable as ``standin_of(server)`` (to add papers, change options or ``reset()`` it).
    """
    if standin is None:
        papers = [*seed_papers(), *extra]
        standin = ArxivStandin(papers, count_missing=count_missing, min_interval=min_interval)
    elif extra:
        raise TypeError("give the papers to ArxivStandin(...) itself")
    with serve(standin, latency) as server:
        standin.server = server
        yield server


def standin_of(server: StandinServer) -> ArxivStandin:
    handler = server.handle_request_fn
    assert isinstance(handler, ArxivStandin)
    return handler
