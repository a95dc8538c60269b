"""Synthetic awesome lists of papers, with a known number of planted errors of each rule.

``generate(1000)`` returns a ``SyntheticList``: the markdown text, how many findings of each rule
linting it must give (offline, and online against stand-ins fed with ``papers``, ``repos`` and
``pages``), and what an online run must look up (arXiv ids, repositories, web pages).

The list mixes the formats the parser supports, one format per section:

* multi-line items (``  + [Title](arxiv) (Oct. 2024, arXiv)``, badges on the lines below),
* one-line items (badges and an ``<a href>`` project link on the item's line),
* tables (``| Name | Paper | Venue | Date | Code |``),
* bracketed items (``- **[CVPR 2025]** Title [[Paper](...)] [[Code](...)]``).

The mix is realistic: every entry has its own arXiv id, about 70 % link a repository (a few share
one: a sequel in its predecessor's repository), about a quarter link a project page, dates are
written ``Oct. 2024`` as in the project's lists. Each planted error is on an entry of its own and
gives exactly one finding of its rule; the online consequences of offline errors (a date months
off is also wrong against arXiv's first version) are counted in ``expected_online``.

Run as a script: ``python bench/generate.py 1000 -o list.md`` (``--json`` prints the expected
counts). Only the standard library is used, so the module imports anywhere.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

FORMATS = ("multiline", "oneline", "table", "bracketed")
# One format per section of SECTION_SIZE entries, in this rotation: 40 % multi-line items,
# 30 % one-line items, 20 % tables, 10 % bracketed items.
ROTATION = tuple(
    "multiline oneline table bracketed multiline oneline multiline table oneline multiline".split()
)
SECTION_SIZE = 25
# How far before a copied entry its source lies (the rule duplicate-repo's NEIGHBOURS).
NEIGHBOURS = 3
MIN_ENTRIES = 100
REPO_SHARE = 0.70
PAGE_SHARE = 0.25
SEQUEL_SHARE = 0.02  # entries that share their predecessor's repository

# Offline rules: planted errors per 100 entries (at least one each).
OFFLINE_RATES: dict[str, float] = {
    "arxiv-url": 1.0,
    "arxiv-id-invalid": 1.0,
    "arxiv-badge-mismatch": 1.0,
    "duplicate-entry": 1.0,
    "duplicate-arxiv-id": 0.2,  # each costs an arXiv title search (3 s) online
    "duplicate-repo": 1.0,
    "badge-url": 1.0,
    "badge-repo-mismatch": 1.0,
    "date-format": 1.0,
    "date-arxiv-id": 1.0,
    "title-whitespace": 1.0,
    "mojibake": 1.0,
    "broken-relative-link": 1.0,
    "list-indent": 1.0,
    "malformed-link": 1.0,
    "unbalanced-emphasis": 1.0,
    "title-markup": 1.0,
    "date-invalid": 1.0,
    "foreign-repo": 0.5,  # a swapped pair: two findings each
    "html-balance": 1.0,
}
# Online rules: errors that only the sources can see (the list text is clean there).
ONLINE_RATES: dict[str, float] = {
    "arxiv-not-found": 0.5,
    "arxiv-title": 0.5,
    "arxiv-title-outdated": 0.5,
    "arxiv-date": 0.5,
    "arxiv-withdrawn": 0.5,
    "repo-not-found": 0.5,
    "repo-moved": 0.5,
    "repo-archived": 0.5,
    "repo-mismatch": 0.5,
    "dead-link": 0.5,
    "venue-outdated": 0.5,
    "venue-mismatch": 0.5,
}
# An offline error that the online rules also see, once each.
ONLINE_CONSEQUENCES: dict[str, str] = {
    "duplicate-arxiv-id": "arxiv-id-mismatch",  # the listed title is another paper's
    "duplicate-repo": "repo-mismatch",  # the shared README does not cite the second paper
    "date-arxiv-id": "arxiv-date",  # months off the id is months off the first version too
    "title-markup": "arxiv-title",  # a LaTeX accent is a misspelling of arXiv's title
    "foreign-repo": "repo-mismatch",  # each swapped repository's README cites the other paper
}

_ABBR = tuple("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())
_FULL = tuple(
    "January February March April May June July August September October November December".split()
)
_ADJECTIVES = tuple(
    """Unified Scalable Efficient Sparse Hierarchical Discrete Continuous Autoregressive Masked
    Latent Contrastive Adaptive Compositional Dense Robust Native Decoupled Progressive""".split()
)
_NOUNS = (
    *"Tokenization Transformers Diffusion Alignment Reasoning Pretraining Decoding".split(),
    *"Fusion Distillation".split(),
    *("Representation Learning", "Reward Modeling", "Instruction Tuning", "Flow Matching"),
    *("Visual Tokenizers", "Mixture of Experts"),
)
_LINKS = ("for", "with", "via", "towards", "in")
_DOMAINS = tuple(
    """Multimodal Visual Video 3D Audio-Visual Interleaved Text-to-Image Vision-Language
    Any-to-Any Omni-Modal""".split()
)
_TASKS = (
    *"Understanding Generation Editing Retrieval Grounding Captioning Segmentation".split(),
    *("Understanding and Generation", "Question Answering"),
)
_VENUES = ("arXiv",) * 7 + ("CVPR", "ICLR", "NeurIPS", "ICCV", "ECCV", "ICML")
_SYLLABLES = tuple(c + v for c in "bdfgklmnprstvz" for v in "aeiou")
_HEADING_TOPICS = (
    *("Unified Tokenizers", "AR + AR (One Model)", "AR + Diffusion", "Masked AR", "Benchmarks"),
    *("Post-Training", "Interleaved Generation", "Video Models", "3D and Embodied", "Surveys"),
)
# "Vision–Language" written as UTF-8 and read back as Windows-1252: one mojibake finding.
_MOJIBAKE_HEADING = "Vision\u00e2\u20ac\u201cLanguage Models"
ARXIV_BADGE = "https://img.shields.io/badge/arXiv-b31b1b.svg"


@dataclass(slots=True)
class Paper:
    """One paper of the list, and how the stand-ins should answer for it."""

    id: str
    name: str
    title: str  # as listed
    published: date  # arXiv's first version (in the id's month)
    # What arXiv answers (None: as listed). ``title_v1`` set: a later version renamed it.
    arxiv_title: str | None = None
    arxiv_title_v1: str | None = None
    version: int = 1
    comment: str | None = None
    on_arxiv: bool = True
    # Where Semantic Scholar says it was published: ("ICCV", 2025); None: only on arXiv.
    published_at: tuple[str, int] | None = None

    @property
    def served_title(self) -> str:
        return self.arxiv_title or self.title


@dataclass(slots=True)
class Repo:
    full_name: str
    readme: str
    archived: bool = False
    renamed_to: str | None = None  # the stand-in serves it under this name
    exists: bool = True


@dataclass(slots=True)
class Entry:
    """One slot of the list: a paper in a format, with what was planted on it."""

    index: int
    format: str
    paper: Paper
    listed_id: str  # the id the title link carries
    badge_id: str | None  # the id the arXiv badge links (None: no badge)
    listed_date: str
    venue: str
    repo: str | None = None  # owner/name linked
    badge_repo: str | None = None  # owner/name the star badge shows
    badge_url: str | None = None  # a star badge image URL that is not well formed
    page: str | None = None  # project page key (owner/name)
    page_scheme_typo: bool = False
    slides: str | None = None  # a relative link to a file that does not exist
    pdf_link: bool = False
    title_spacing: bool = False
    stray_bold: bool = False  # an empty "(**)" after the entry
    extra_close: bool = False  # a "</details>" that closes nothing of the entry
    latex_title: bool = False  # a LaTeX accent in the title
    nested: bool = False  # indented so far that it nests under the previous entry
    planted: str | None = None


@dataclass
class SyntheticList:
    """A generated list and what linting it must give."""

    entries: int
    text: str
    seed: int
    planted: Counter[str]  # offline rule -> errors planted (= findings expected offline)
    planted_online: Counter[str]  # online-only rule -> errors planted
    expected_online: Counter[str]  # every rule -> findings expected from an online run
    papers: list[Paper]  # what the arXiv stand-in must know (not-found ones excluded)
    repos: list[Repo]  # what the GitHub stand-in must know (missing ones excluded)
    pages: dict[str, int]  # web path -> status the stand-in answers (200, or 404: dead)
    arxiv_ids: list[str]  # unique valid arXiv ids the list links
    repositories: list[str]  # unique repositories linked or shown by star badges
    formats: Counter[str] = field(default_factory=Counter)

    @property
    def expected_offline(self) -> Counter[str]:
        return Counter(self.planted)

    @property
    def missing_repositories(self) -> int:
        return sum(1 for r in self.repos_all if not r.exists)

    repos_all: list[Repo] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "entries": self.entries,
            "seed": self.seed,
            "bytes": len(self.text.encode("utf-8")),
            "formats": dict(self.formats),
            "arxiv_ids": len(self.arxiv_ids),
            "repositories": len(self.repositories),
            "pages": len(self.pages),
            "planted_offline": dict(sorted(self.planted.items())),
            "planted_online": dict(sorted(self.planted_online.items())),
            "expected_online": dict(sorted(self.expected_online.items())),
        }


def _count(rate: float, entries: int) -> int:
    return max(1, math.floor(entries * rate / 100))


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def word(self, syllables: tuple[int, int] = (2, 3)) -> str:
        while True:
            n = self.rng.randint(*syllables)
            word = "".join(self.rng.choice(_SYLLABLES) for _ in range(n))
            if word not in self.used:
                self.used.add(word)
                return word


def _phrase(rng: random.Random) -> str:
    return (
        f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.choice(_LINKS)}"
        f" {rng.choice(_DOMAINS)} {rng.choice(_TASKS)}"
    )


def _month_text(day: date, full: bool = False) -> str:
    return f"{_FULL[day.month - 1]} {day.year}" if full else f"{_ABBR[day.month - 1]}. {day.year}"


def _shift(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def generate(
    entries: int,
    *,
    seed: int = 5,
    page_base: str | None = None,
) -> SyntheticList:
    """A list of ``entries`` entries; ``page_base`` (``http://127.0.0.1:PORT``) points project
    pages at a web stand-in, else they are ``https://OWNER.github.io/NAME/``."""
    if entries < MIN_ENTRIES:
        raise ValueError(f"at least {MIN_ENTRIES} entries: every rule gets errors of its own")
    rng = random.Random(seed)
    names = _Names(rng)
    owners = [
        names.word((2, 2)) + rng.choice(("-lab", "-ai", "-group", ""))
        for _ in range(max(8, entries // 6))
    ]
    used_ids: set[str] = set()

    def new_id() -> tuple[str, date]:
        while True:
            month = _shift(date(2023, 1, 1), rng.randrange(33))  # Jan. 2023 to Sep. 2025
            ident = f"{month.year % 100:02d}{month.month:02d}.{rng.randrange(10000, 99999):05d}"
            if ident not in used_ids:
                used_ids.add(ident)
                return ident, month.replace(day=rng.randint(1, 28))

    def new_paper() -> Paper:
        ident, published = new_id()
        name = names.word().capitalize()
        return Paper(ident, name, f"{name}: {_phrase(rng)}", published)

    # -- the clean list ------------------------------------------------------------------
    slots: list[Entry] = []
    repos: dict[str, Repo] = {}
    hosted: dict[str, list[Paper]] = {}
    for index in range(entries):
        fmt = ROTATION[(index // SECTION_SIZE) % len(ROTATION)]
        paper = new_paper()
        entry = Entry(
            index,
            fmt,
            paper,
            paper.id,
            paper.id if fmt in ("multiline", "oneline") else None,
            _month_text(paper.published),
            rng.choice(_VENUES),
        )
        previous = slots[-1] if slots else None
        if rng.random() < REPO_SHARE:
            if (
                previous is not None
                and previous.repo is not None
                and previous.repo.split("/")[1] == previous.paper.name
                and rng.random() < SEQUEL_SHARE / REPO_SHARE**2
            ):
                # A sequel in its predecessor's repository: Name2 is of Name's family.
                paper.name = f"{previous.paper.name}{rng.randint(2, 4)}"
                paper.title = f"{paper.name}: {_phrase(rng)}"
                entry.repo = previous.repo
            else:
                entry.repo = f"{rng.choice(owners)}/{paper.name}"
            entry.badge_repo = entry.repo
            hosted.setdefault(entry.repo, []).append(paper)
        if rng.random() < PAGE_SHARE:
            entry.page = f"{(entry.repo or rng.choice(owners) + '/' + paper.name)}"
        slots.append(entry)

    for full_name, papers in hosted.items():
        repos[full_name.lower()] = Repo(full_name, _readme(full_name, papers))

    # -- planted errors ------------------------------------------------------------------
    planted: Counter[str] = Counter()
    planted_online: Counter[str] = Counter()
    taken: set[int] = set()
    extra_papers: list[Paper] = []
    shared = {r for r, papers in hosted.items() if len(papers) > 1}

    def pick(rule: str, count: int, eligible: Callable[[Entry], bool]) -> list[Entry]:
        pool = [e for e in slots if e.index not in taken and eligible(e)]
        chosen = rng.sample(pool, min(count, len(pool)))
        if len(chosen) < count:
            raise ValueError(f"{entries} entries are too few to plant {count} × {rule}")
        for e in chosen:
            taken.add(e.index)
            e.planted = rule
        return chosen

    def refer(candidates: Sequence[Entry], need: Callable[[Entry], bool]) -> Entry:
        """An entry a planted error points at (its id, its repository): never changed later."""
        other = rng.choice([o for o in candidates if o.index not in taken and need(o)])
        taken.add(other.index)
        return other

    def anything(e: Entry) -> bool:
        return True

    def with_badges(e: Entry) -> bool:
        return e.format in ("multiline", "oneline")

    def own_repo(e: Entry) -> bool:
        return e.repo is not None and e.repo not in shared

    n = entries
    rate = {rule: _count(r, n) for rule, r in OFFLINE_RATES.items()}

    # Rules with the narrowest eligibility first.
    for e in pick(
        "list-indent",
        rate["list-indent"],
        lambda e: with_badges(e) and e.index % SECTION_SIZE not in (0, 1),
    ):
        e.nested = True
        # list-indent reports a paper nested under a paper: the entry above keeps a valid id.
        taken.add(e.index - 1)
    for e in pick("badge-url", rate["badge-url"], lambda e: with_badges(e) and own_repo(e)):
        assert e.repo is not None
        owner, name = e.repo.split("/")
        e.badge_url = f"https://img.shields.io/github/stars/{owner}-{name}.svg?style=social"
    for e in pick(
        "badge-repo-mismatch", rate["badge-repo-mismatch"], lambda e: with_badges(e) and own_repo(e)
    ):
        e.badge_repo = refer(slots, own_repo).repo
    for e in pick("arxiv-badge-mismatch", rate["arxiv-badge-mismatch"], with_badges):
        e.badge_id = refer(slots, anything).paper.id

    # A copy is made from a neighbour: the entries just before, in the entry's own section
    # (duplicate-repo judges names between neighbours only).
    def neighbours_before(e: Entry) -> Sequence[Entry]:
        start = max(e.index - e.index % SECTION_SIZE, e.index - NEIGHBOURS)
        return slots[start : e.index]

    def repo_before(e: Entry) -> bool:
        return e.repo is None and any(
            o.index not in taken and own_repo(o) for o in neighbours_before(e)
        )

    # One at a time, each with its source, so that each copy still has a neighbour's
    # repository left to point at.
    for _ in range(rate["duplicate-repo"]):
        e = pick("duplicate-repo", 1, repo_before)[0]
        earlier = refer(neighbours_before(e), own_repo)
        assert earlier.repo is not None
        e.repo = e.badge_repo = earlier.repo

    # A copy in the entry's own section: in another section it is cross-listing, which lists
    # do on purpose and which is not reported by default.
    def section_before(e: Entry) -> Sequence[Entry]:
        return slots[e.index - e.index % SECTION_SIZE : e.index]

    def has_free_earlier(e: Entry) -> bool:
        return any(o.index not in taken for o in section_before(e))

    for _ in range(rate["duplicate-entry"]):  # one at a time, each with its source
        e = pick("duplicate-entry", 1, has_free_earlier)[0]
        earlier = refer(section_before(e), anything)
        _drop_paper(e, hosted, repos)
        e.paper, e.listed_id = earlier.paper, earlier.paper.id
        e.badge_id = earlier.paper.id if with_badges(e) else None
        e.listed_date, e.venue = earlier.listed_date, earlier.venue
        e.repo = e.badge_repo = earlier.repo
        e.page = earlier.page
    for e in pick("duplicate-arxiv-id", rate["duplicate-arxiv-id"], lambda e: e.index > 0):
        earlier = refer(slots[: e.index], anything)
        extra_papers.append(e.paper)  # arXiv knows it under its own id, not the one listed
        e.listed_id = earlier.paper.id
        e.badge_id = earlier.paper.id if with_badges(e) else None
        e.listed_date = earlier.listed_date
    for e in pick("arxiv-id-invalid", rate["arxiv-id-invalid"], lambda e: True):
        e.listed_id = f"{e.paper.id[:2]}13{e.paper.id[4:]}"  # a 13th month
        e.badge_id = None
    for e in pick("arxiv-url", rate["arxiv-url"], lambda e: True):
        e.pdf_link = True
    dated = ("multiline", "oneline", "table")
    for e in pick("date-format", rate["date-format"], lambda e: e.format in dated):
        e.listed_date = _month_text(e.paper.published, full=True)
    for e in pick("date-arxiv-id", rate["date-arxiv-id"], lambda e: e.format in dated):
        e.listed_date = _month_text(_shift(e.paper.published, 3))
    for e in pick("title-whitespace", rate["title-whitespace"], lambda e: e.format in dated):
        e.title_spacing = True
    for e in pick(
        "broken-relative-link", rate["broken-relative-link"], lambda e: e.format != "table"
    ):
        e.slides = f"slides/{e.paper.name.lower()}.pdf"
    for e in pick(
        "unbalanced-emphasis", rate["unbalanced-emphasis"], lambda e: e.format in dated[:2]
    ):
        e.stray_bold = True
    for e in pick(
        "title-markup",
        rate["title-markup"],
        lambda e: e.format in dated and "o" in e.paper.title.partition(": ")[2],
    ):
        e.latex_title = True
    for e in pick("html-balance", rate["html-balance"], lambda e: e.format in dated[:2]):
        e.extra_close = True
    for e in pick("date-invalid", rate["date-invalid"], lambda e: e.format == "table"):
        e.listed_date = f"{e.paper.published.year}-0-"

    # Two entries' repositories (links and star badges) swapped: each names the other paper.
    def swappable(e: Entry) -> bool:
        return own_repo(e) and e.badge_url is None and e.index not in taken

    # Swapped links are a neighbour's (foreign-repo compares entries at most six apart).
    for _ in range(max(1, round(rate["foreign-repo"] / 2))):
        first = pick(
            "foreign-repo",
            1,
            lambda e: swappable(e) and any(swappable(o) for o in slots[e.index + 1 : e.index + 4]),
        )[0]
        start = first.index
        second = pick(
            "foreign-repo", 1, lambda e, at=start: at < e.index <= at + 3 and swappable(e)
        )[0]
        first.repo, second.repo = second.repo, first.repo
        first.badge_repo, second.badge_repo = second.badge_repo, first.badge_repo
    for e in pick("malformed-link", rate["malformed-link"], lambda e: True):
        e.page = e.page or f"{rng.choice(owners)}/{e.paper.name}"
        e.page_scheme_typo = True
    sections = math.ceil(n / SECTION_SIZE)
    mojibake_sections = set(rng.sample(range(sections), min(rate["mojibake"], sections)))
    planted.update({rule: len([e for e in slots if e.planted == rule]) for rule in rate})
    planted["mojibake"] = len(mojibake_sections)

    # Online-only errors: the list is right, the sources say otherwise.
    online_rate = {rule: _count(r, n) for rule, r in ONLINE_RATES.items()}
    for e in pick("arxiv-not-found", online_rate["arxiv-not-found"], lambda e: True):
        e.paper.on_arxiv = False
    for e in pick("arxiv-title", online_rate["arxiv-title"], lambda e: True):
        head, rest = e.paper.title.split(": ", 1)
        e.paper.arxiv_title = f"{head}: {rest[0]}{rest[1:].lower()}"  # case only
    for e in pick("arxiv-title-outdated", online_rate["arxiv-title-outdated"], lambda e: True):
        e.paper.arxiv_title_v1 = e.paper.title
        e.paper.arxiv_title = f"{e.paper.name}: {_phrase(rng)} at Scale"
        e.paper.version = 2
    for e in pick("arxiv-date", online_rate["arxiv-date"], lambda e: e.format in dated):
        e.listed_date = _month_text(_shift(e.paper.published, -1))  # the id's month allows it
    for e in pick("arxiv-withdrawn", online_rate["arxiv-withdrawn"], lambda e: True):
        e.paper.version = 2
        e.paper.comment = "This paper has been withdrawn by the authors"
    for e in pick("repo-not-found", online_rate["repo-not-found"], own_repo):
        assert e.repo is not None
        repos[e.repo.lower()].exists = False
    for e in pick("repo-moved", online_rate["repo-moved"], own_repo):
        assert e.repo is not None
        owner, name = e.repo.split("/")
        repos[e.repo.lower()].renamed_to = f"{owner}/{name}-v2"
    for e in pick("repo-archived", online_rate["repo-archived"], own_repo):
        assert e.repo is not None
        repos[e.repo.lower()].archived = True
    for e in pick("repo-mismatch", online_rate["repo-mismatch"], own_repo):
        assert e.repo is not None
        repos[e.repo.lower()].readme = "# utils\n\nShared training utilities.\n"
    # Semantic Scholar places each paper where the list says (a listed venue's year is the one
    # after the preprint's), except where it has been published since, or elsewhere.
    for e in slots:
        if e.venue != "arXiv":
            e.paper.published_at = (e.venue, e.paper.published.year + 1)
    for e in pick("venue-outdated", online_rate["venue-outdated"], lambda e: e.venue == "arXiv"):
        e.paper.published_at = ("ICCV", e.paper.published.year + 1)
    for e in pick("venue-mismatch", online_rate["venue-mismatch"], lambda e: e.venue != "arXiv"):
        other = "ECCV" if e.venue != "ECCV" else "CVPR"
        e.paper.published_at = (other, e.paper.published.year + 1)
    dead_pages: set[str] = set()
    for e in pick("dead-link", online_rate["dead-link"], lambda e: e.page is not None):
        assert e.page is not None
        dead_pages.add(e.page)
    planted_online.update(
        {rule: len([e for e in slots if e.planted == rule]) for rule in online_rate}
    )

    expected_online = Counter(planted) + planted_online
    for rule, consequence in ONLINE_CONSEQUENCES.items():
        expected_online[consequence] += planted[rule]

    # -- render ----------------------------------------------------------------------------
    text = _render(slots, mojibake_sections, page_base)
    pages: dict[str, int] = {}
    if page_base is not None:
        for e in slots:
            if e.page is not None and not e.page_scheme_typo:
                pages[_page_path(e.page)] = 404 if e.page in dead_pages else 200

    arxiv_ids: dict[str, None] = {}
    repositories: dict[str, None] = {}
    for e in slots:
        if e.planted != "arxiv-id-invalid":
            arxiv_ids[e.listed_id] = None
        if e.badge_id is not None:
            arxiv_ids[e.badge_id] = None
        for repo in (e.repo, e.badge_repo if e.badge_url is None else None):
            if repo is not None:
                repositories[repo.lower()] = None
    known = {e.paper.id: e.paper for e in slots} | {p.id: p for p in extra_papers}
    papers = [p for p in known.values() if p.on_arxiv]
    return SyntheticList(
        entries=n,
        text=text,
        seed=seed,
        planted=planted,
        planted_online=planted_online,
        expected_online=expected_online,
        papers=papers,
        repos=[r for r in repos.values() if r.exists],
        pages=pages,
        arxiv_ids=list(arxiv_ids),
        repositories=list(repositories),
        formats=Counter(e.format for e in slots),
        repos_all=list(repos.values()),
    )


def _drop_paper(entry: Entry, hosted: dict[str, list[Paper]], repos: dict[str, Repo]) -> None:
    """The slot's own paper leaves the list (a duplicate takes its place)."""
    if entry.repo is None:
        return
    papers = [p for p in hosted.get(entry.repo, []) if p is not entry.paper]
    if papers:
        hosted[entry.repo] = papers
        repos[entry.repo.lower()].readme = _readme(entry.repo, papers)
    else:
        hosted.pop(entry.repo, None)
        repos.pop(entry.repo.lower(), None)


def _readme(full_name: str, papers: Sequence[Paper]) -> str:
    lines = [f"# {full_name.split('/')[1]}", "", "Official implementation of:", ""]
    lines += [f"- [{p.title}](https://arxiv.org/abs/{p.id})" for p in papers]
    return "\n".join(lines) + "\n"


def _page_path(key: str) -> str:
    return f"/pages/{key}/"


def _page_url(key: str, base: str | None, typo: bool) -> str:
    owner, name = key.split("/")
    url = f"{base}{_page_path(key)}" if base else f"https://{owner.lower()}.github.io/{name}/"
    if typo:
        url = url.replace("https://", "htps://", 1).replace("http://", "htp://", 1)
    return url


def _arxiv_url(ident: str, pdf: bool = False) -> str:
    return f"https://arxiv.org/pdf/{ident}" if pdf else f"https://arxiv.org/abs/{ident}"


def _star(repo: str, badge_url: str | None) -> str:
    image = badge_url or f"https://img.shields.io/github/stars/{repo}.svg?style=social&label=Star"
    return image


def _render(slots: list[Entry], mojibake: set[int], page_base: str | None) -> str:
    out = [
        "# Awesome Synthetic Papers",
        "",
        "A generated list for awesome-lint's benchmark: entries in every format the parser"
        " reads, with planted errors.",
        "",
    ]
    for section in range(math.ceil(len(slots) / SECTION_SIZE)):
        chunk = slots[section * SECTION_SIZE : (section + 1) * SECTION_SIZE]
        topic = _MOJIBAKE_HEADING if section in mojibake else _HEADING_TOPICS[section % 10]
        out += [f"### {topic} ({section + 1})", ""]
        fmt = chunk[0].format
        if fmt == "table":
            out += ["| Name | Paper | Venue | Date | Code |", "|---|---|---|---|---|"]
            out += [_row(e, page_base) for e in chunk]
            out.append("")
        elif fmt == "bracketed":
            out += [_bracketed(e, page_base) for e in chunk]
            out.append("")
        else:
            for e in chunk:
                out += _multiline(e, page_base) if fmt == "multiline" else _oneline(e, page_base)
                out.append("")
    return "\n".join(out)


def _title(e: Entry) -> str:
    if e.latex_title:  # `Dec\"oding`, as BibTeX writes ö; the name before ": " is kept
        name, sep, rest = e.paper.title.partition(": ")
        return name + sep + rest.replace("o", '\\"o', 1)
    return e.paper.title.replace(": ", ":  ", 1) if e.title_spacing else e.paper.title


def _multiline(e: Entry, base: str | None) -> list[str]:
    pad = "      " if e.nested else "  "
    lines = [
        f"{pad}+ [{_title(e)}]({_arxiv_url(e.listed_id, e.pdf_link)}) ({e.listed_date}, {e.venue})"
        + (" (**)" if e.stray_bold else "")
        + (" </details>" if e.extra_close else "")
    ]
    if e.badge_id is not None:
        lines.append(f"{pad}[![arXiv]({ARXIV_BADGE})]({_arxiv_url(e.badge_id)})")
    if e.repo is not None and e.badge_repo is not None:
        lines.append(
            f"{pad}[![Star]({_star(e.badge_repo, e.badge_url)})](https://github.com/{e.repo})"
        )
    elif e.repo is not None:
        lines.append(f"{pad}[Code](https://github.com/{e.repo})")
    if e.page is not None:
        project = "https://img.shields.io/badge/Project-Page-blue"
        lines.append(f"{pad}[![Project]({project})]({_page_url(e.page, base, e.page_scheme_typo)})")
    if e.slides is not None:
        lines.append(f"{pad}[Slides]({e.slides})")
    return lines


def _oneline(e: Entry, base: str | None) -> list[str]:
    pad = "    " if e.nested else ""
    parts = [f"{pad}+ [{_title(e)}]({_arxiv_url(e.listed_id, e.pdf_link)})"]
    if e.page is not None:
        parts.append(
            f'with <a href="{_page_url(e.page, base, e.page_scheme_typo)}">Project Page</a>'
        )
    parts.append(f"({e.listed_date}, {e.venue})")
    if e.badge_id is not None:
        parts.append(f"[![arXiv]({ARXIV_BADGE})]({_arxiv_url(e.badge_id)})")
    if e.repo is not None and e.badge_repo is not None:
        parts.append(f"[![Star]({_star(e.badge_repo, e.badge_url)})](https://github.com/{e.repo})")
    if e.slides is not None:
        parts.append(f"[Slides]({e.slides})")
    if e.stray_bold:
        parts.append("(**)")
    if e.extra_close:
        parts.append("</details>")
    return [" ".join(parts)]


def _row(e: Entry, base: str | None) -> str:
    code = []
    if e.repo is not None:
        code.append(f"[Github](https://github.com/{e.repo})")
    if e.page is not None:
        code.append(f"[Project]({_page_url(e.page, base, e.page_scheme_typo)})")
    paper = f"[{_title(e)}]({_arxiv_url(e.listed_id, e.pdf_link)})"
    venue = "arXiv" if e.venue == "arXiv" else e.venue
    return f"| {e.paper.name} | {paper} | {venue} | {e.listed_date} | {' '.join(code)} |"


def _bracketed(e: Entry, base: str | None) -> str:
    # A preprint's year is the listed (arXiv) date's: a copied id comes with its date.
    listed_year = re.search(r"(?:19|20)\d{2}", e.listed_date or "")
    own_year = int(listed_year.group()) if listed_year else e.paper.published.year
    year = own_year if e.venue == "arXiv" else e.paper.published.year + 1
    venue = "arXiv" if e.venue == "arXiv" else e.venue
    parts = [f"- **[{venue} {year}]** {e.paper.title}"]
    parts.append(f"[[Paper]({_arxiv_url(e.listed_id, e.pdf_link)})]")
    if e.repo is not None:
        parts.append(f"[[Code](https://github.com/{e.repo})]")
    if e.page is not None:
        parts.append(f"[[Project]({_page_url(e.page, base, e.page_scheme_typo)})]")
    if e.slides is not None:
        parts.append(f"[[Slides]({e.slides})]")
    return " ".join(parts)


def one_fix_per_entry(entries: int) -> str:
    """A list of ``entries`` one-line items, each with exactly one safe fix (a doubled space
    in its title, ``title-whitespace``): what ``--fix`` costs when every entry needs an edit."""
    lines = ["# Awesome Papers", ""]
    for index in range(entries):
        if index % 25 == 0:
            lines += ["", f"## Section {index // 25 + 1}", ""]
        day = _shift(date(2023, 1, 1), index % 33)
        ident = f"{day:%y%m}.{index % 100_000:05d}"
        lines.append(
            f"- [Model{index}:  A Study of Things Number {index}]({_arxiv_url(ident)})"
            f" ({_month_text(day)}, arXiv)"
        )
    return "\n".join(lines) + "\n"


def write(synthetic: SyntheticList, path: Path) -> Path:
    path.write_text(synthetic.text, encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("entries", type=int, help=f"number of entries (at least {MIN_ENTRIES})")
    parser.add_argument("-o", "--output", help="write the list here (default: stdout)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--page-base", help="project pages under this URL (a web stand-in)")
    parser.add_argument("--json", action="store_true", help="print what linting it must give")
    args = parser.parse_args(argv)
    synthetic = generate(args.entries, seed=args.seed, page_base=args.page_base)
    if args.output:
        write(synthetic, Path(args.output))
    elif not args.json:
        sys.stdout.write(synthetic.text)
    if args.json:
        print(json.dumps(synthetic.summary(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
