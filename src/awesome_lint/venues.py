"""Venues: where Semantic Scholar says a paper was published, and what a list says.

Two sides, read the same way so that they can be compared:

* **published** (``resolve``): from a Semantic Scholar row. DBLP's record key
  (``externalIds.DBLP``) is the surest part: ``conf/iccv/XieDSL25`` is ICCV, 2025 (the key's
  last two digits are the proceedings' year, which Semantic Scholar's ``year``, often the
  preprint's, is not). Without a conference or journal key, ``publicationVenue.alternate_names``
  gives the acronym (``CVPR``), else the ``venue`` string. ``journals/corr`` and a venue that is
  ``arXiv``/``CoRR`` mean "not published": no venue.
* **listed** (``parse_listed``): ``ICCV 2025``, ``ICCV'25``, ``CVPR 2024 Workshop``,
  ``ACL Findings``, ``arXiv``.

Workshops and findings tracks are venues of their own (``track``): a CVPR workshop paper is
not a CVPR paper. ``validate_record`` checks the shape of every value of a row (from the
network or the cache); a row of the wrong shape is no answer at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from awesome_lint import arxiv_ids
from awesome_lint.facts import Venue

__all__ = [
    "Listed",
    "YearStyle",
    "format_venue",
    "parse_listed",
    "resolve",
    "same_name",
    "validate_record",
    "year_style",
]

WORKSHOPS = "Workshops"
FINDINGS = "Findings"
YearStyle = Literal["space", "comma", "apostrophe"]

# DBLP streams (``conf/<stream>/``, ``journals/<stream>/``) whose acronym is not the stream's
# name in capitals.
_DBLP_NAMES = {
    "nips": "NeurIPS",
    "mm": "ACM MM",
    "3dim": "3DV",
    "corl": "CoRL",
    "interspeech": "Interspeech",
    "siggraph": "SIGGRAPH",
    "siggrapha": "SIGGRAPH Asia",
    "uss": "USENIX Security",
    "sp": "IEEE S&P",
    "recsys": "RecSys",
    "colm": "COLM",
    "pami": "TPAMI",
    "tcsv": "TCSVT",
    "ral": "RA-L",
    "nature": "Nature",
    "natmi": "Nature Machine Intelligence",
    "pnas": "PNAS",
}
# Full names in Semantic Scholar's ``venue`` strings, for rows without a usable acronym.
_FULL_NAMES = (
    ("neural information processing systems", "NeurIPS"),
    ("international conference on learning representations", "ICLR"),
    ("international conference on machine learning", "ICML"),
    ("computer vision and pattern recognition", "CVPR"),
    ("international conference on computer vision", "ICCV"),
    ("european conference on computer vision", "ECCV"),
    ("empirical methods in natural language processing", "EMNLP"),
    ("north american chapter of the association for computational linguistics", "NAACL"),
    ("annual meeting of the association for computational linguistics", "ACL"),
    ("aaai conference on artificial intelligence", "AAAI"),
    ("international joint conference on artificial intelligence", "IJCAI"),
    ("transactions on machine learning research", "TMLR"),
    ("winter conference on applications of computer vision", "WACV"),
)
_ALIASES = {"nips": "neurips", "pami": "tpami", "tpami": "tpami", "cvprw": "cvpr"}
_DBLP_KEY = re.compile(r"^(?P<kind>conf|journals)/(?P<stream>[a-z0-9]+)/\S*?(?P<yy>\d{2})?[a-z]?$")
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z][A-Za-z0-9&+-]{1,11}$")
_PAREN_ACRONYM = re.compile(r"\((?P<name>[A-Z][A-Za-z0-9&-]{1,11})\)")
_WORKSHOP_ACRONYM = re.compile(r"^(?P<name>[A-Z]{3,})W$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_SHORT_YEAR = re.compile(r"['’‘](?P<yy>\d{2})(?!\d)")
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 &.'-]{1,40}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&+-]*")
_NOT_A_NAME = frozenset(
    {"findings", "of", "the", "workshop", "workshops", "proceedings", "in", "at", "accepted", "by"}
    | {"oral", "poster", "spotlight", "highlight", "main", "conference", "track", "and"}
)
_PREPRINT = frozenset({"arxiv", "preprint", "corr", "arxivorg", "biorxiv", "medrxiv"})


# -- the published side -------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A string value, whitespace collapsed; ``None`` for anything else (and for no value)."""
    return " ".join(value.split()) if isinstance(value, str) else None


def validate_record(row: object, arxiv_id: str) -> dict[str, object] | None:
    """The row's fields we use, each checked, or ``None`` if the row has the wrong shape.

    A row must be an object with a string ``title``; ``venue`` a string or null;
    ``publicationVenue`` null or an object with a string ``name`` and a list of strings
    ``alternate_names``; ``year`` an integer or null; ``publicationDate`` an ISO date or null;
    ``externalIds`` null or an object whose ``DBLP`` and ``ArXiv`` are strings or null. And
    when it names an arXiv id, that id must be the one asked for: a row out of order is no
    answer about this paper.
    """
    if not isinstance(row, dict):
        return None
    title = _text(row.get("title"))
    venue = row.get("venue")
    if not title or (venue is not None and not isinstance(venue, str)):
        return None
    year = row.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        return None
    if year is not None and not 1900 <= year <= 2200:
        return None
    published = row.get("publicationDate")
    if published is not None and not _is_iso_date(published):
        return None
    publication_venue = _publication_venue(row.get("publicationVenue"))
    if publication_venue is False:
        return None
    ids = row.get("externalIds")
    dblp = arxiv = None
    if ids is not None:
        if not isinstance(ids, dict):
            return None
        dblp, arxiv = ids.get("DBLP"), ids.get("ArXiv")
        if dblp is not None and not isinstance(dblp, str):
            return None
        if arxiv is not None and not isinstance(arxiv, str):
            return None
        if arxiv is not None:
            parsed = arxiv_ids.parse_id(arxiv)
            if parsed is None or parsed.id != arxiv_id:
                return None
    return {
        "title": title,
        "venue": _text(venue) or "",
        "publicationVenue": publication_venue,
        "year": year,
        "publicationDate": published,
        "externalIds": {"DBLP": dblp, "ArXiv": arxiv},
    }


def _is_iso_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _publication_venue(value: object) -> dict[str, object] | bool | None:
    """The checked ``publicationVenue``; ``None`` for none, ``False`` for a wrong shape."""
    if value is None:
        return None
    if not isinstance(value, dict):
        return False
    name = value.get("name")
    names = value.get("alternate_names")
    kind = value.get("type")
    if not isinstance(name, str) or (kind is not None and not isinstance(kind, str)):
        return False
    if names is None:
        names = []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return False
    return {"name": _text(name) or "", "type": kind, "alternate_names": [_text(n) for n in names]}


def _is_preprint_name(text: str) -> bool:
    key = re.sub(r"[^a-z]", "", text.casefold())
    return key in _PREPRINT or key.startswith("arxiv")


def _track(*texts: str) -> str:
    for text in texts:
        folded = text.casefold()
        if re.search(r"\bworkshops?\b", folded) or any(
            _WORKSHOP_ACRONYM.match(m["name"]) for m in _PAREN_ACRONYM.finditer(text)
        ):
            return WORKSHOPS
        if re.search(r"\bfindings\b", folded):
            return FINDINGS
    return ""


def _acronym(venue: str, publication_venue: dict[str, object] | None) -> str | None:
    """The venue's acronym from the row's names, best known first."""
    names: list[str] = []
    if publication_venue is not None:
        alternate = publication_venue.get("alternate_names")
        names += [n for n in alternate if isinstance(n, str)] if isinstance(alternate, list) else []
        names.append(str(publication_venue.get("name") or ""))
    names.append(venue)
    candidates = [n for n in names if _ACRONYM.match(n) and not _is_preprint_name(n)]
    for text in [venue, *names]:
        for found in _PAREN_ACRONYM.finditer(text):
            candidates.append(found["name"])
    for name in candidates:
        workshop = _WORKSHOP_ACRONYM.match(name)
        if workshop is not None:
            return workshop["name"]  # CVPRW: CVPR's workshops (the track says so)
        return name
    for text in names:
        folded = text.casefold()
        for full, acronym in _FULL_NAMES:
            if full in folded:
                return acronym
    return None


def resolve(record: dict[str, object]) -> Venue | None:
    """Where the validated ``record`` says the paper was published; ``None``: nowhere but
    arXiv (or nowhere known)."""
    venue = str(record.get("venue") or "")
    publication_venue = record.get("publicationVenue")
    pv = publication_venue if isinstance(publication_venue, dict) else None
    pv_name = str(pv.get("name") or "") if pv is not None else ""
    ids = record.get("externalIds")
    dblp = ids.get("DBLP") if isinstance(ids, dict) else None
    year_value = record.get("year")
    s2_year = year_value if isinstance(year_value, int) else None
    alternate = pv.get("alternate_names") if pv is not None else None
    names = alternate if isinstance(alternate, list) else []
    aliases = tuple(str(n) for n in [pv_name, *names] if n)
    track = _track(venue, pv_name)
    key = _DBLP_KEY.match(dblp) if isinstance(dblp, str) else None
    if key is not None and key["stream"] != "corr":
        stream = key["stream"]
        if stream.endswith("w") and len(stream) > 3:  # conf/iccvw/: ICCV's workshops
            stream, track = stream[:-1], WORKSHOPS
        name = _DBLP_NAMES.get(stream, stream.upper())
        year = 2000 + int(key["yy"]) if key["yy"] else _venue_year(venue) or s2_year
        return Venue(name, year, track, f"DBLP record {dblp}", (name, *aliases))
    if not venue and not pv_name:
        return None
    if _is_preprint_name(venue or pv_name):
        return None  # arXiv/CoRR: not published (yet)
    name = _acronym(venue, pv)
    if name is None:
        if len(venue.split()) > 4 or not _PLAIN_NAME.fullmatch(venue):
            # A long name no list writes as is, or one with characters a fix must not write
            # into a list (brackets, markup): nothing to compare or write.
            return None
        name = venue
    return Venue(
        name, _venue_year(venue) or s2_year, track, f"venue '{venue or pv_name}'", (name, *aliases)
    )


def _venue_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group()) if found else None


# -- the listed side ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    """A venue as a list writes it."""

    text: str
    name: str | None  # "ICCV"; None for a preprint or text without a name
    year: int | None
    track: str
    preprint: bool
    plain: bool  # nothing but the name, a track and a year: a fix may rewrite it whole
    words: tuple[str, ...] = ()  # the name's words: ("IEEE", "TPAMI"), ("ACM", "MM")

    def names(self) -> tuple[str, ...]:
        """What the listed name may be: all its words together, or any one of them."""
        return (" ".join(self.words), *self.words) if self.words else ()


def parse_listed(text: str, after: str = "") -> Listed:
    """Read a listed venue; ``after`` is the text that follows it up to the end of its piece
    (``NeurIPS 2024 Workshop``: the parser's field may stop before ``Workshop``)."""
    words = _WORD.findall(text)
    preprint = bool(words) and _is_preprint_name(words[0])
    preprint = preprint or any(w.casefold() in ("preprint", "corr") for w in words)
    names = [w for w in words if w.casefold() not in _NOT_A_NAME]
    name = names[0] if names and not preprint else None
    track = _track(text, after)
    if name is not None:
        workshop = _WORKSHOP_ACRONYM.match(name)
        if workshop is not None:
            name, track = workshop["name"], WORKSHOPS
    year: int | None = None
    if (found := _YEAR.search(text)) is not None:
        year = int(found.group())
    elif (short := _SHORT_YEAR.search(text)) is not None:
        year = 2000 + int(short["yy"])
    rest = [w for w in names[1:] if not _YEAR.fullmatch(w)]
    plain = (
        name is not None
        and not rest
        and all(
            w.casefold() in ("findings", "workshop", "workshops", "of", "the") or w == name
            for w in words
        )
    )
    name_words = tuple(w for w in names if not _YEAR.fullmatch(w))
    return Listed(text, name, year, track, preprint, plain, name_words if name else ())


def _key(name: str) -> str:
    key = re.sub(r"[^a-z0-9]", "", name.casefold())
    return _ALIASES.get(key, key)


def same_name(listed: str, venue: Venue) -> bool:
    """Whether the listed name is one of the venue's names (``NIPS`` is ``NeurIPS``)."""
    mine = _key(listed)
    return any(_key(name) == mine for name in (venue.name, *venue.aliases) if name)


# -- the list's style ---------------------------------------------------------------------


def year_style(texts: Iterable[str]) -> YearStyle | None:
    """How a list writes a venue's year, from its listed venues that carry one: ``ICCV 2025``
    (``space``), ``ICCV, 2025`` (``comma``) or ``ICCV'25`` (``apostrophe``); the style of more
    than half of them, else ``None``."""
    counts: Counter[YearStyle] = Counter()
    for text in texts:
        if _SHORT_YEAR.search(text) and not _YEAR.search(text):
            counts["apostrophe"] += 1
        elif re.search(r"[A-Za-z],\s*(?:19|20)\d{2}", text):
            counts["comma"] += 1
        elif _YEAR.search(text) and not _is_preprint_name(text.split()[0] if text else ""):
            counts["space"] += 1
    total = sum(counts.values())
    for style, count in counts.items():
        if count * 2 > total:
            return style
    return None


def format_venue(venue: Venue, style: YearStyle | None) -> str:
    """``venue`` written in the list's year style (``space`` when it has none)."""
    name = f"{venue.name} {venue.track}" if venue.track else venue.name
    if venue.year is None:
        return name
    if style == "apostrophe":
        return f"{name}'{venue.year % 100:02d}"
    if style == "comma":
        return f"{name}, {venue.year}"
    return f"{name} {venue.year}"
