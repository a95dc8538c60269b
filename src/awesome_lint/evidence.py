"""Evidence: who carries each arXiv id and repository in a list, and which side is wrong.

Words, as the rest of the code uses them:

* an entry **carries** an arXiv id at a *place*: its paper link (the title link, else its first
  arXiv link) or an arXiv badge;
* an entry is **consistent** about an id when its own parts agree with it: every arXiv link and
  badge of the entry names it, and the entry's date is one the id allows (when it has a date);
* a **variant** of a title is the same paper's title written otherwise: a `Name:` prefix added
  or dropped, a subtitle, a case or punctuation change.

How a disagreement is settled, the same way for every rule that asks:

* **Two ids in one entry** (title link and badge, `arxiv-badge-mismatch`): the side whose id
  another entry carries consistently, while the other side's id is carried by no one else, is
  the copy; failing that, the side whose id the entry's date rules out. Otherwise undecided.
* **One id in two entries** (`duplicate-arxiv-id`): the entry that is not consistent with the
  id (its badge names another id, or its date lies ``FAR_MONTHS`` or more from the id's month:
  a nearer date is more likely a slip of the date than a copied id) while the other is, is
  wrong. Otherwise undecided.
* **One repository in two entries** (`duplicate-repo`): the entry whose name is not of the
  repository's family, while the other entry's is, is the odd one, whichever comes first. When
  neither name is of the family, the repository hosts several papers (an organisation's
  repository, one renamed by its owner): nothing is decided offline.

Undecided means one finding that names both places and offers no fix. The evidence is computed
once per document (``of``) and shared by the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from awesome_lint import arxiv_ids, dates, entries
from awesome_lint.document import Document, Entry, Link

_CACHE_KEY = "_awesome_lint_evidence"


@dataclass(frozen=True, slots=True)
class Place:
    """Where an entry carries an arXiv id."""

    entry: Entry
    link: Link
    role: Literal["paper", "badge", "link"]
    arxiv_id: arxiv_ids.ArxivId


@dataclass(frozen=True, slots=True)
class Verdict:
    """Which place holds the wrong value, and why; ``wrong`` is None when undecided."""

    wrong: Literal["first", "second"] | None
    reason: str


def _month_name(paper_id: arxiv_ids.ArxivId) -> str:
    assert paper_id.year is not None and paper_id.month is not None
    return f"{dates.ABBREVIATIONS[paper_id.month - 1]}. {paper_id.year}"


def _previous(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


# New submissions in the quietest month of each year (arXiv's monthly statistics, rounded
# down): an id numbered past nine tenths of it was assigned in the month's last days at the
# earliest, so a list that writes the announcement date may name the next month. Years not
# here take the nearest one.
_QUIETEST_MONTH = {2015: 8000, 2017: 9500, 2019: 11500, 2021: 13500, 2023: 15500, 2024: 17500}
_QUIETEST_MONTH |= {2025: 20000}


def _late_in_month(year: int, number: int) -> bool:
    known = min(_QUIETEST_MONTH, key=lambda y: abs(y - year))
    return number >= 0.9 * _QUIETEST_MONTH[known]


def allowed_months(paper_id: arxiv_ids.ArxivId) -> set[tuple[int, int]]:
    """The months a first version can be listed in: the id's, the one before (submitted in
    its last days, numbered in the next), and the next one for an id of a month's last days
    (listed by its announcement)."""
    assert paper_id.year is not None and paper_id.month is not None
    id_month = (paper_id.year, paper_id.month)
    allowed = {id_month, _previous(*id_month)}
    number = paper_id.id.partition(".")[2]
    if number.isdigit() and _late_in_month(paper_id.year, int(number)):
        allowed.add(_next(*id_month))
    return allowed


def date_allows(entry: Entry, paper_id: arxiv_ids.ArxivId) -> bool | None:
    """Whether the entry's listed month is one ``paper_id`` allows (None: no month to
    compare, or a date that is the venue's)."""
    if entry.date is None or paper_id.year is None or paper_id.month is None:
        return None
    if entry.venue is not None and dates.is_publication_venue(entry.venue.text):
        return None
    listed = dates.find_date(entry.date.text)
    if listed is None or listed.month is None:
        return None
    return (listed.year, listed.month) in allowed_months(paper_id)


def arxiv_places(entry: Entry) -> list[Place]:
    """Every place the entry carries an arXiv id: its paper link first, then its badges and
    other arXiv links. Worked out once per entry: several rules ask."""
    cached = entry.derived.get("arxiv_places")
    if cached is None:
        cached = entry.derived["arxiv_places"] = _arxiv_places(entry)
    return cached  # type: ignore[return-value]


def _arxiv_places(entry: Entry) -> list[Place]:
    paper = entries.arxiv_link(entry)
    out = [Place(entry, paper[0], "paper", paper[1])] if paper is not None else []
    for link in entry.links:
        if link.is_image or (paper is not None and link is paper[0]):
            continue
        parsed = entries.arxiv_url(link.url)
        if parsed is None or parsed.arxiv_id is None or not parsed.arxiv_id.is_valid:
            continue
        badge = link.image is not None and entries.is_arxiv_badge(link.image)
        out.append(Place(entry, link, "badge" if badge else "link", parsed.arxiv_id))
    return out


#: A listed month this many months or more from every month an id allows says the id is
#: another paper's; a nearer one is more likely a slip of the date (Janus listed a month late).
FAR_MONTHS = 3


def date_far_off(entry: Entry, paper_id: arxiv_ids.ArxivId) -> bool:
    """Whether the entry's (arXiv) date lies ``FAR_MONTHS`` or more from what the id allows."""
    if date_allows(entry, paper_id) is not False:
        return False
    assert entry.date is not None
    listed = dates.find_date(entry.date.text)
    assert listed is not None and listed.month is not None
    at = listed.year * 12 + listed.month
    return all(abs(at - (y * 12 + m)) >= FAR_MONTHS for y, m in allowed_months(paper_id))


def consistent(entry: Entry, paper_id: str) -> bool:
    """Whether every arXiv link and badge of the entry names ``paper_id``, and its date (if
    any) is not far from what the id allows."""
    places = arxiv_places(entry)
    if not places or any(place.arxiv_id.id != paper_id for place in places):
        return False
    return not date_far_off(entry, places[0].arxiv_id)


def is_variant(a: str, b: str) -> bool:
    """Whether two titles are one paper's: equal but for case and punctuation, a `Name:`
    prefix added or dropped, or one the other with a subtitle."""
    na, nb = entries.normalized_title(a), entries.normalized_title(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    if na in _name_and_rest(b) or nb in _name_and_rest(a):
        return True  # `Name: Title` and `Title`, or `Name`: a name prefix added or dropped
    shorter, longer = sorted((na, nb), key=len)
    if len(shorter.split()) >= 3 and longer.startswith(shorter):
        return True  # a subtitle added
    rests = [entries.normalized_title(t.partition(":")[2] or t) for t in (a, b)]
    return rests[0] == rests[1]  # the same title after two names


def _name_and_rest(title: str) -> set[str]:
    """The normalized name and rest of `Name: rest` (a name of four words at most)."""
    head, sep, rest = title.partition(":")
    if not sep or len(head.split()) > 4:
        return set()
    return {entries.normalized_title(head), entries.normalized_title(rest)}


def published(entry: Entry) -> bool:
    return entry.venue is not None and dates.is_publication_venue(entry.venue.text)


def _agrees(entry: Entry) -> bool | None:
    """Whether the entry's month is one its arXiv id allows (None: nothing to compare)."""
    found = entries.arxiv_link(entry)
    listed = dates.find_date(entry.date.text) if entry.date is not None else None
    if found is None or listed is None or listed.month is None or found[1].year is None:
        return None
    return (listed.year, listed.month) in allowed_months(found[1])


def _dated_by_venue(entry: Entry) -> bool:
    """A published entry whose date is in its venue's year (`2025.05` beside `ICML'25`),
    after its arXiv id: the list moved the date to the venue on acceptance."""
    assert entry.venue is not None and entry.date is not None
    year = dates.venue_year(entry.venue.text)
    listed = dates.find_date(entry.date.text)
    found = entries.arxiv_link(entry)
    if year is None or listed is None or found is None or found[1].year is None:
        return False
    paper_id = found[1]
    assert paper_id.month is not None
    later = (listed.year, listed.month or 12) > (paper_id.year, paper_id.month)
    return later and listed.year == year


def venue_dates_are_arxiv_dates(document: Document) -> bool:
    """Whether this list dates published papers by arXiv too (`(Jul. 2023, CVPR)` for a
    2307 id), rather than by their venue (`*CVPR, Jun 2024*`, a date column moved to the
    venue's month on acceptance): most of its published entries' months agree with their
    ids. Few such entries say nothing against it."""
    votes = [v for e in document.entries if published(e) and (v := _agrees(e)) is not None]
    return len(votes) < 3 or sum(votes) * 2 > len(votes)


def same_paper(a: str, b: str) -> bool:
    """Whether two titles that carry one arXiv id are one paper's: variants (``is_variant``),
    or the same words but for one word changed, or up to two words added
    (`... Compression with Low-Rank ...` and `... Compression via Low-Rank ...`)."""
    if is_variant(a, b) or _model_and_paper(a, b) or _model_and_paper(b, a):
        return True
    # `Title (INDust)` and `Title (Dual-critique)`: one title, two nicknames after it.
    a, b = (re.sub(r"\s*\([^()]{1,40}\)\s*$", "", t) or t for t in (a, b))
    if is_variant(a, b):
        return True
    wa, wb = entries.normalized_title(a).split(), entries.normalized_title(b).split()
    if min(len(wa), len(wb)) < 4:
        return False
    if len(wa) == len(wb):
        return sum(x != y for x, y in zip(wa, wb, strict=True)) == 1
    short, long = sorted((wa, wb), key=len)
    if len(long) - len(short) > 2:
        return False
    words = iter(long)
    return all(word in words for word in short)  # a subsequence: words added, none changed


# What may follow a model's name in a list of released models: its sizes (`7B`, `1.3`, `66B`,
# `8x7B`) and the words that name a variant of the same weights.
_MODEL_SUFFIX = re.compile(r"(?:\d+[bmkt]?|\d+x\d+[bmkt]?|moe|base|chat|instruct|it|hf)")


def _model_and_paper(paper: str, model: str) -> bool:
    """`DeepSeek-V2: A Strong, Economical ... Model` and `DeepSeek-v2-236B-MoE`, `OPT: Open
    Pre-trained ...` and `OPT-1.3|6.7|13|30|66B`: a model's name with its sizes, beside the
    paper that introduced it under that name (lists of models link a model to its paper)."""
    head, sep, _ = paper.partition(":")
    if not sep or len(head.split()) > 4:
        return False
    name = entries.normalized_title(head)
    listed = entries.normalized_title(model)
    if not name or not listed.startswith(name + " "):
        return False
    rest = listed[len(name) + 1 :].split()
    return any(any(c.isdigit() for c in word) for word in rest) and all(
        _MODEL_SUFFIX.fullmatch(word) for word in rest
    )


class Evidence:
    """Who carries what in one document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._index = {id(entry): index for index, entry in enumerate(document.entries)}
        self.carriers: dict[str, list[Place]] = {}
        self._venue_dates_are_arxiv_dates: bool | None = None
        for entry in document.entries:
            for place in arxiv_places(entry):
                self.carriers.setdefault(place.arxiv_id.id, []).append(place)
        # The ids each title is filed under (by its paper link).
        self._ids_by_title: dict[str, set[str]] = {}
        for paper_id, places in self.carriers.items():
            for place in places:
                if place.role == "paper":
                    key = entries.normalized_title(place.entry.title)
                    if key:
                        self._ids_by_title.setdefault(key, set()).add(paper_id)
        # Repositories (lower-case owner/name) each entry links or shows a star badge of.
        self.repo_carriers: dict[str, list[Entry]] = {}
        for entry in document.entries:
            keys = {ref.key for ref in entries.repositories(entry)}
            for image, _ in entries.images(entry):
                badge = entries.parse_star_badge(image.url)
                if badge is not None and entries.is_star_badge(image):
                    keys.add(f"{badge[0]}/{badge[1]}".lower())
            for key in keys:
                self.repo_carriers.setdefault(key, []).append(entry)

    def apart(self, a: Entry, b: Entry) -> int:
        """How far apart ``a`` and ``b`` stand among the document's entries (neighbours: 1)."""
        return abs(self._index[id(a)] - self._index[id(b)])

    def venue_date(self, entry: Entry) -> bool:
        """Whether the entry's date is its venue's rather than arXiv's: a published entry in
        a list that dates published papers by their venue, or whose date is in its venue's
        year after its id."""
        if not published(entry):
            return False
        if self._venue_dates_are_arxiv_dates is None:
            self._venue_dates_are_arxiv_dates = venue_dates_are_arxiv_dates(self.document)
        return not self._venue_dates_are_arxiv_dates or _dated_by_venue(entry)

    def twin_id(self, entry: Entry, paper_id: str) -> str | None:
        """Another id under which the list files this entry's paper (its title), if any."""
        ids = self._ids_by_title.get(entries.normalized_title(entry.title), ())
        return next((other for other in sorted(ids) if other != paper_id), None)

    def repo_elsewhere(self, full_name: str, entry: Entry) -> Entry | None:
        """Another entry that links (or badges) the repository, if any: the one of its family
        of names first."""
        others = [e for e in self.repo_carriers.get(full_name.lower(), []) if e is not entry]
        name = full_name.partition("/")[2]
        owners = [e for e in others if entries.is_of_family(e, name)]
        found = owners or others
        return found[0] if found else None

    def others(self, paper_id: str, entry: Entry) -> list[Place]:
        """Places in entries other than ``entry`` that carry ``paper_id``."""
        return [p for p in self.carriers.get(paper_id, []) if p.entry is not entry]

    def owned_elsewhere(self, paper_id: str, entry: Entry) -> Place | None:
        """Another entry that carries ``paper_id`` consistently, with a title that is not a
        variant of this entry's (another paper), if there is one."""
        for place in self.others(paper_id, entry):
            if is_variant(place.entry.title, entry.title):
                continue
            if consistent(place.entry, paper_id):
                return place
        return None

    def badge_or_title(self, entry: Entry, title: Place, badge: Place) -> Verdict:
        """Which of two ids in one entry is wrong: ``first`` is the title's, ``second`` the
        badge's."""
        sides: tuple[Literal["first", "second"], ...] = ("first", "second")
        ids = (title.arxiv_id, badge.arxiv_id)
        for side, (wrong, right) in zip(sides, (ids, ids[::-1]), strict=True):
            owner = self.owned_elsewhere(wrong.id, entry)
            if owner is not None and not self.others(right.id, entry):
                return Verdict(
                    side,
                    f"{wrong.id} is the id of '{entries.name_of(owner.entry)}'"
                    f" (line {owner.link.span.line}), whose links agree, and {right.id}"
                    " is no other entry's",
                )
        for side, (wrong, right) in zip(sides, (ids, ids[::-1]), strict=True):
            if date_allows(entry, wrong) is False and date_allows(entry, right) is True:
                return Verdict(side, f"the listed date rules out {wrong.id} ({_month_name(wrong)})")
        return Verdict(None, "nothing in the list says which of the two is right")

    def shared_id(self, first: Entry, second: Entry, paper_id: str) -> Verdict:
        """Which of two entries (other papers) carrying one id is wrong."""
        # The paper the list files under the id in several sections owns it.
        copies = [
            len(
                {
                    id(p.entry)
                    for p in self.carriers.get(paper_id, [])
                    if same_paper(p.entry.title, e.title)
                }
            )
            for e in (first, second)
        ]
        if copies[0] >= 2 and copies[1] == 1:
            return Verdict("second", f"'{entries.name_of(first)}' carries it in {copies[0]} places")
        if copies[1] >= 2 and copies[0] == 1:
            return Verdict("first", f"'{entries.name_of(second)}' carries it in {copies[1]} places")
        # An entry whose title the list also files under another id holds a copied id.
        twins = [self.twin_id(e, paper_id) for e in (first, second)]
        if twins[0] and not twins[1]:
            return Verdict("first", f"its title is listed with {twins[0]} too")
        if twins[1] and not twins[0]:
            return Verdict("second", f"its title is listed with {twins[1]} too")
        first_ok, second_ok = consistent(first, paper_id), consistent(second, paper_id)
        if first_ok and not second_ok:
            return Verdict("second", _why_not(second, paper_id))
        if second_ok and not first_ok:
            return Verdict("first", _why_not(first, paper_id))
        return Verdict(None, "one of the two ids is wrong")


def _why_not(entry: Entry, paper_id: str) -> str:
    for place in arxiv_places(entry):
        if place.arxiv_id.id != paper_id:
            return f"its own {place.role} link names {place.arxiv_id.id}"
    places = arxiv_places(entry)
    if places and entry.date is not None:
        month = _month_name(places[0].arxiv_id)
        return f"its date '{entry.date.text}' is far from {paper_id}'s month ({month})"
    return "its other parts disagree with the id"


def of(document: Document) -> Evidence:
    """The document's evidence, computed once."""
    cached = document.__dict__.get(_CACHE_KEY)
    if cached is None:
        cached = document.__dict__[_CACHE_KEY] = Evidence(document)
    return cached


def family_verdict(first: Entry, second: Entry, repo_name: str) -> Verdict:
    """Which of two entries linking one repository is the odd one."""
    first_fam = entries.is_of_family(first, repo_name)
    second_fam = entries.is_of_family(second, repo_name)
    if first_fam and not second_fam:
        return Verdict("second", f"'{entries.name_of(first)}' is of its family of names")
    if second_fam and not first_fam:
        return Verdict("first", f"'{entries.name_of(second)}' is of its family of names")
    return Verdict(None, "both or neither are of its family of names")


def with_id(url: str, old: str, new: str) -> str | None:
    """``url`` with the arXiv id ``old`` replaced by ``new``, its form kept; None if the id is
    not in it exactly once."""
    found = [m for m in re.finditer(re.escape(old), url) if _id_boundary(url, m)]
    if len(found) != 1:
        return None
    match = found[0]
    return url[: match.start()] + new + url[match.end() :]


def _id_boundary(url: str, match: re.Match[str]) -> bool:
    before = url[match.start() - 1] if match.start() > 0 else "/"
    after = url[match.end()] if match.end() < len(url) else ""
    return not before.isalnum() and not (after.isdigit() or after == ".")
