"""A stand-in for Semantic Scholar's Graph API batch endpoint (``POST /graph/v1/paper/batch``).

It speaks the real JSON: the request is ``{"ids": ["ARXIV:2410.13861", ...]}`` with a ``fields``
query parameter; the answer is a list in the order of the ids, ``null`` for an id it does not
know, each paper with ``paperId`` and the fields asked for (and only those). More than 500 ids
or a body that is not such an object get a 400 with ``{"error": ...}``, as the real API does.

By default it knows the papers of ``tests/fixtures/seed-metadata.json`` and where they were
published, from the seed's ``venue``:

- no venue: an arXiv preprint, as Semantic Scholar shows one: venue ``arXiv.org``, DBLP key
  ``journals/corr/abs-YYMM-NNNNN``;
- a conference (``ICCV 2025``, ``ICLR 2025 (Poster)``): the conference's full name as
  ``venue``, ``publicationVenue`` with its acronym among ``alternate_names``, and a DBLP key
  ``conf/<stream>/<Name><Initials><yy>``; but ``year`` is the preprint's year, as Semantic
  Scholar often has it: only the DBLP key tells the proceedings' year;
- ``ICLR 2026``: too recent for DBLP: no DBLP key, and ``year`` the conference's;
- ``CVPR 2025 Workshops``: the workshops' proceedings name as ``venue`` (``... Workshops
  (CVPRW)``) but CVPR's own ``publicationVenue`` and a ``conf/cvpr/`` key, as DBLP files them.

``SECONDARY`` names the seed's venues that come from secondary sources or are unconfirmed
(``(secondary)``, ``unconfirmed``, ``per repo README``): the stand-in serves them too, but exact
tests leave their entries out; ``seed_rows(secondary=False)`` serves them as preprints.

Options: ``api_key`` (a request without that ``x-api-key`` gets a 403), ``min_interval`` (a
request sooner than that after the previous one gets a 429 with ``Retry-After``). Faults go
through ``server.inject(BATCH_PATH, ...)``, e.g. ``standins.arxiv.http_status(429, ...)``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .base import Request, Response, StandinServer, serve

SEED_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "seed-metadata.json"
BASE_PATH = "/graph/v1"
BATCH_PATH = f"{BASE_PATH}/paper/batch"
MAX_IDS = 500
_SECONDARY_MARKS = ("secondary", "unconfirmed", "per repo readme", "per aitopics")

# Conferences of the seed: full name, DBLP stream, Semantic Scholar's alternate names.
CONFERENCES: dict[str, tuple[str, str, list[str]]] = {
    "ICCV": ("IEEE International Conference on Computer Vision", "iccv", ["ICCV"]),
    "CVPR": (
        "Computer Vision and Pattern Recognition",
        "cvpr",
        ["CVPR", "Comput Vis Pattern Recognit"],
    ),
    "ICLR": (
        "International Conference on Learning Representations",
        "iclr",
        ["Int Conf Learn Represent", "ICLR"],
    ),
    "ICML": (
        "International Conference on Machine Learning",
        "icml",
        ["ICML", "Int Conf Mach Learn"],
    ),
    "NeurIPS": (
        "Neural Information Processing Systems",
        "nips",
        ["Neural Inf Process Syst", "NeurIPS", "NIPS"],
    ),
    "ECCV": ("European Conference on Computer Vision", "eccv", ["ECCV", "Eur Conf Comput Vis"]),
    "EMNLP": (
        "Conference on Empirical Methods in Natural Language Processing",
        "emnlp",
        ["Empir Method Nat Lang Process", "EMNLP"],
    ),
}
ARXIV_VENUE = {
    "id": "1901e811-ee72-4b20-8f7e-de08cd395a10",
    "name": "arXiv.org",
    "alternate_names": ["ArXiv"],
    "issn": "2331-8422",
    "url": "https://arxiv.org",
}
_SEED_VENUE = re.compile(r"^(?P<name>[A-Za-z]+) (?P<year>\d{4})(?P<workshops> Workshops)?")
NEWEST_IN_DBLP = 2025  # later proceedings are not in DBLP yet


def _load_seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED_PATH.read_text(encoding="utf-8"))["arxiv"]
    return data


def is_secondary(venue: str | None) -> bool:
    return venue is not None and any(mark in venue.casefold() for mark in _SECONDARY_MARKS)


SECONDARY: frozenset[str] = frozenset(
    ident for ident, record in _load_seed().items() if is_secondary(record.get("venue"))
)


def confirmed_venues() -> dict[str, tuple[str, int, bool]]:
    """The seed's confirmed venues: id -> (acronym, year, workshops)."""
    out = {}
    for ident, record in _load_seed().items():
        venue = record.get("venue")
        if venue is None or ident in SECONDARY:
            continue
        match = _SEED_VENUE.match(venue)
        assert match is not None, venue
        out[ident] = (match["name"], int(match["year"]), bool(match["workshops"]))
    return out


def _dblp_name(authors: list[str], yy: int) -> str:
    """DBLP's key style: the first author's last name, the next authors' initials, the year."""
    first = re.sub(r"[^A-Za-z]", "", authors[0].split()[-1]) if authors else "Anon"
    initials = "".join(a.split()[-1][0] for a in authors[1:3] if a.split())
    return f"{first}{initials}{yy:02d}"


def seed_row(ident: str, record: dict[str, Any], corpus_id: int) -> dict[str, Any]:
    """The full Semantic Scholar record of a seed paper (every field the stand-in knows)."""
    return paper_row(
        ident,
        str(record["title"]),
        str(record["submitted"]),
        list(record.get("authors") or []),
        record.get("venue"),
        corpus_id,
    )


def paper_row(
    ident: str,
    title: str,
    submitted: str,
    authors: list[str],
    venue_text: str | None,
    corpus_id: int,
) -> dict[str, Any]:
    """A paper's record: ``submitted`` is ``YYYY-MM-DD`` or ``YYYY-MM``; ``venue_text`` is None
    for a preprint, else ``ICCV 2025`` or ``CVPR 2025 Workshops`` (anything after is ignored)."""
    pre_year = int(submitted[:4])
    row: dict[str, Any] = {
        "paperId": f"{corpus_id:040x}",
        "title": title,
        "year": pre_year,
        "publicationDate": submitted if len(submitted) == 10 else None,
        "externalIds": {
            "ArXiv": ident,
            "DOI": f"10.48550/arXiv.{ident}",
            "CorpusId": corpus_id,
        },
    }
    match = _SEED_VENUE.match(venue_text) if venue_text else None
    if match is None:
        row["venue"] = "arXiv.org"
        row["publicationVenue"] = dict(ARXIV_VENUE)
        row["externalIds"]["DBLP"] = "journals/corr/abs-" + ident.replace(".", "-")
        return row
    name, year = match["name"], int(match["year"])
    full, stream, alternates = CONFERENCES[name]
    row["publicationVenue"] = {
        "id": f"venue-{stream}",
        "name": full,
        "type": "conference",
        "alternate_names": list(alternates),
    }
    if match["workshops"]:
        row["venue"] = f"{year} IEEE/CVF {full} Workshops ({name}W)"
    else:
        row["venue"] = full
    if year <= NEWEST_IN_DBLP:
        row["externalIds"]["DBLP"] = f"conf/{stream}/{_dblp_name(authors, year % 100)}"
    else:
        row["year"] = year  # no proceedings record: Semantic Scholar's year is the venue's
    return row


def seed_rows(*, secondary: bool = True) -> dict[str, dict[str, Any]]:
    """Every seed paper's record, by arXiv id; without ``secondary``, the papers whose venue
    only secondary sources give are served as preprints."""
    out = {}
    for index, (ident, record) in enumerate(sorted(_load_seed().items())):
        if not secondary and ident in SECONDARY:
            record = {**record, "venue": None}
        out[ident] = seed_row(ident, record, 270_000_000 + index)
    return out


class SemanticScholarStandin:
    """The request handler: ``serve_semantic_scholar()`` serves it on 127.0.0.1."""

    def __init__(
        self,
        rows: dict[str, dict[str, Any]] | None = None,
        *,
        api_key: str | None = None,
        min_interval: float | None = None,
    ) -> None:
        self._initial = dict(seed_rows() if rows is None else rows)
        self.rows: dict[str, dict[str, Any]] = {}
        self.api_key = api_key
        self.min_interval = min_interval
        self.throttled = 0
        self.server: StandinServer | None = None
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.rows = {key: json.loads(json.dumps(row)) for key, row in self._initial.items()}
        self.throttled = 0

    def add(self, rows: dict[str, dict[str, Any]]) -> None:
        """Know these records too (by arXiv id), also after a ``reset``."""
        self._initial.update(rows)
        self.rows.update(json.loads(json.dumps(rows)))

    def __call__(self, request: Request) -> Response:
        if request.path != BATCH_PATH:
            return Response.json({"error": "Not found"}, 404)
        if request.method != "POST":
            return Response.json({"message": "Method Not Allowed"}, 405)
        if self.api_key is not None and request.headers.get("x-api-key") != self.api_key:
            return Response.json({"message": "Forbidden"}, 403)
        if self.min_interval is not None and self._too_soon(request):
            return Response.json(
                {"message": "Too Many Requests. Please wait and try again or apply for a key"},
                429,
                {"Retry-After": "1"},
            )
        return self.answer(request)

    def _too_soon(self, request: Request) -> bool:
        with self._lock:
            log = list(self.server.requests) if self.server is not None else []
            index = next((i for i, r in enumerate(log) if r is request), len(log))
            earlier = [r.time for r in log[:index] if r.path == BATCH_PATH]
            if not earlier or request.time - earlier[-1] >= (self.min_interval or 0.0):
                return False
            self.throttled += 1
            return True

    def answer(self, request: Request) -> Response:
        try:
            body = request.json()
        except ValueError:
            return Response.json({"error": "Unacceptable request body"}, 400)
        ids = body.get("ids") if isinstance(body, dict) else None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return Response.json({"error": "Unacceptable request body"}, 400)
        if len(ids) > MAX_IDS:
            return Response.json({"error": f"Cannot process more than {MAX_IDS} ids"}, 400)
        fields = [f for f in request.arg("fields", "paperId,title").split(",") if f]
        return Response.json([self._row(ident, fields) for ident in ids])

    def _row(self, ident: str, fields: list[str]) -> dict[str, Any] | None:
        prefix, _, value = ident.partition(":")
        if prefix.upper() != "ARXIV":
            return None  # only arXiv ids are modelled
        row = self.rows.get(re.sub(r"v\d+$", "", value))
        if row is None:
            return None
        return {"paperId": row["paperId"], **{f: row.get(f) for f in fields if f != "paperId"}}

    def batch_requests(self) -> list[Request]:
        assert self.server is not None
        return [r for r in self.server.requests if r.path == BATCH_PATH]


@contextmanager
def serve_semantic_scholar(
    standin: SemanticScholarStandin | None = None, *, latency: float = 0.0
) -> Iterator[StandinServer]:
    """Serve the stand-in; its API base is ``server.url + BASE_PATH``."""
    standin = standin or SemanticScholarStandin()
    with serve(standin, latency) as server:
        standin.server = server
        yield server


def standin_of(server: StandinServer) -> SemanticScholarStandin:
    handler = server.handle_request_fn
    assert isinstance(handler, SemanticScholarStandin)
    return handler
