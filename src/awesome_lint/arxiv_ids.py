"""arXiv identifiers and URLs: parsing, validation and the canonical form.

New-style ids are ``YYMM.NNNN`` (0704 to 1412) or ``YYMM.NNNNN`` (1501 on), optionally with a
version ``vN``; old-style ids are ``archive(.SC)?/YYMMNNN`` (9108 to 0703). The regexes follow
arXiv's own ``arxiv-browse`` identifier module.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

_NEW = re.compile(r"^(?P<yy>\d{2})(?P<mm>\d{2})\.(?P<num>\d{4,5})(?:v(?P<v>[1-9]\d*))?$")
_OLD = re.compile(
    r"^(?P<archive>[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?)/(?P<yy>\d{2})(?P<mm>\d{2})(?P<num>\d{3})"
    r"(?:v(?P<v>[1-9]\d*))?$"
)
# Anything that looks like an attempt at an id, valid or not, so that invalid ones get reported.
_LOOSE = re.compile(
    r"(?:[a-z]+(?:-[a-z]+)?(?:\.[A-Z]{2})?/\d+|\d{3,}\.\d+)(?:v\d+)?", re.IGNORECASE
)
ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})
_PATH_KINDS = ("abs", "pdf", "html", "format", "ps")
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
_ARXIV_DOI = re.compile(r"/10\.48550/arxiv\.([0-9.v]+|[a-z-]+(?:\.[A-Z]{2})?/\d+(?:v\d+)?)/?", re.I)


@dataclass(frozen=True, slots=True)
class ArxivId:
    """A syntactically plausible arXiv id; ``problem`` says why it cannot exist, if it cannot."""

    id: str  # without version
    version: int | None
    year: int | None  # 4-digit year of the id's month
    month: int | None
    problem: str | None = None

    @property
    def is_valid(self) -> bool:
        return self.problem is None

    @property
    def versioned(self) -> str:
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def canonical_url(self) -> str:
        return f"https://arxiv.org/abs/{self.id}"


def parse_id(text: str, *, today: date | None = None) -> ArxivId | None:
    """Parse an id such as ``2410.13848v2``, ``arXiv:2410.13848`` or ``hep-th/9901001``.

    Returns ``None`` when the text is not an attempt at an arXiv id at all, and an ``ArxivId``
    with ``problem`` set when it is one that cannot exist (a 13th month, a wrong digit count).
    """
    text = text.strip()
    if text[:6].lower() == "arxiv:":
        text = text[6:]
    if text.endswith(".pdf"):
        text = text[:-4]
    match = _NEW.match(text)
    if match:
        return _check_new(match, today or date.today())
    match = _OLD.match(text)
    if match:
        return _check_old(match)
    if _LOOSE.fullmatch(text):
        base = re.sub(r"v\d+$", "", text)
        return ArxivId(base, None, None, None, problem=f"'{text}' is not an arXiv id")
    return None


def batch_keys(ids: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    """What a source asks for ``ids`` (any form ``parse_id`` accepts): every key once in the
    order given (ids without version), the valid ones to look up, and the invalid ones."""
    order: list[str] = []
    wanted: list[str] = []
    invalid: list[str] = []
    for raw in ids:
        parsed = parse_id(raw)
        key = parsed.id if parsed is not None else raw.strip()
        if key in order:
            continue
        order.append(key)
        (wanted if parsed is not None and parsed.is_valid else invalid).append(key)
    return order, wanted, invalid


def _check_new(match: re.Match[str], today: date) -> ArxivId:
    yy, mm, num = int(match["yy"]), int(match["mm"]), match["num"]
    version = int(match["v"]) if match["v"] else None
    ident = f"{match['yy']}{match['mm']}.{num}"
    year = 2000 + yy
    problem = None
    if not 1 <= mm <= 12:
        problem = f"month {match['mm']} does not exist"
    elif (yy, mm) < (7, 4):
        problem = "new-style ids start in April 2007 (0704)"
    elif (yy, mm) <= (14, 12) and len(num) != 4:
        problem = f"ids from {match['yy']}{match['mm']} have 4 digits after the dot, not {len(num)}"
    elif (yy, mm) >= (15, 1) and len(num) != 5:
        problem = f"ids from {match['yy']}{match['mm']} have 5 digits after the dot, not {len(num)}"
    elif (year, mm) > (today.year, today.month):
        problem = f"{match['yy']}{match['mm']} is a month still to come"
    return ArxivId(ident, version, year, mm if 1 <= mm <= 12 else None, problem)


def _check_old(match: re.Match[str]) -> ArxivId:
    yy, mm = int(match["yy"]), int(match["mm"])
    year = 1900 + yy if yy >= 91 else 2000 + yy
    version = int(match["v"]) if match["v"] else None
    ident = f"{match['archive']}/{match['yy']}{match['mm']}{match['num']}"
    problem = None
    if not 1 <= mm <= 12:
        problem = f"month {match['mm']} does not exist"
    elif not (1991, 8) <= (year, mm) <= (2007, 3):
        problem = "old-style ids run from 9108 to 0703"
    return ArxivId(ident, version, year, mm if 1 <= mm <= 12 else None, problem)


@dataclass(frozen=True, slots=True)
class ArxivUrl:
    """An arXiv URL taken apart: what kind of page, which id, and its canonical form."""

    url: str
    kind: str  # abs, pdf, html, ...
    raw_id: str  # as written, with version and .pdf stripped of nothing
    arxiv_id: ArxivId | None

    @property
    def is_canonical(self) -> bool:
        aid = self.arxiv_id
        return aid is not None and aid.is_valid and self.url == aid.canonical_url

    def problems(self) -> list[str]:
        """What makes this URL differ from ``https://arxiv.org/abs/ID``, in words."""
        parts = urlsplit(self.url)
        out = []
        if parts.scheme != "https":
            out.append(f"{parts.scheme or 'no'} scheme")
        if parts.hostname != "arxiv.org":
            out.append(f"host {parts.hostname}")
        if self.kind != "abs":
            out.append(f"/{self.kind}/ page")
        if self.raw_id.endswith(".pdf"):
            out.append(".pdf suffix")
        if self.arxiv_id is not None and self.arxiv_id.version:
            out.append(f"version suffix v{self.arxiv_id.version}")
        if parts.query or parts.fragment or parts.path.endswith("/"):
            out.append("extra characters")
        return out


def is_arxiv_host(host: str | None) -> bool:
    return host is not None and host.lower() in ARXIV_HOSTS


def parse_url(url: str, *, today: date | None = None) -> ArxivUrl | None:
    """Take an arXiv paper URL apart; ``None`` for URLs that are not arXiv paper pages."""
    if today is None:
        return _parse_url_today(url)
    return _parse_url(url, today)


# The sources and several rules ask about the same links: each URL is taken apart once a run
# (the answers are frozen, so sharing them is safe).
@functools.lru_cache(maxsize=1 << 16)
def _parse_url_today(url: str) -> ArxivUrl | None:
    return _parse_url(url, None)


def _parse_url(url: str, today: date | None) -> ArxivUrl | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if (parts.hostname or "").lower() in _DOI_HOSTS:
        # `https://doi.org/10.48550/arXiv.2305.16291`: arXiv's DOI for the paper.
        doi = _ARXIV_DOI.fullmatch(parts.path)
        if doi is None:
            return None
        return ArxivUrl(url, "doi", doi[1], parse_id(doi[1], today=today))
    if not is_arxiv_host(parts.hostname):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0] not in _PATH_KINDS:
        return None
    raw = "/".join(segments[1:])
    return ArxivUrl(url, segments[0], raw, parse_id(raw, today=today))
