"""What rules ask of an entry: its arXiv id, its badges, its repositories, its name's words.

Pure functions over ``Entry`` and ``Link``, shared by the rules so that each rule stays short.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import unquote, urlsplit

from awesome_lint import arxiv_ids
from awesome_lint.document import Entry, Link

# github.com/<owner>/... paths that are GitHub pages, not repositories.
_RESERVED_OWNERS = frozenset(
    """about apps blog collections contact customer-stories enterprise events explore
        features issues login marketplace new notifications orgs organizations pricing pulls
        search security settings site sponsors topics trending users""".split()
)
_NAME = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
_REPO = r"[A-Za-z0-9._-]{1,100}"
_SHIELDS_STARS = re.compile(
    rf"^https://img\.shields\.io/github/stars/(?P<owner>{_NAME})/(?P<repo>{_REPO}?)"
    r"(?P<svg>\.svg)?(?:\?(?P<query>[^#\s]*))?$"
)


@dataclass(frozen=True, slots=True)
class RepoRef:
    owner: str
    name: str
    link: Link

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def key(self) -> str:
        return self.full_name.lower()

    @property
    def is_whole(self) -> bool:
        """Whether the link names the repository itself (its home page, or a branch of it),
        not a page inside it: a file (`/blob/main/MATH.md`), a folder of a monorepo
        (`/tree/main/beit`), an issue or a discussion."""
        return links_whole_repository(self.link.url)


# The URL parsers below are pure functions of the URL, and each link is asked about by many
# rules: their answers are remembered (a 10,000-entry list has some 50,000 links).
_CACHED = 1 << 16


def arxiv_url(url: str, today: date | None = None) -> arxiv_ids.ArxivUrl | None:
    """``arxiv_ids.parse_url(url, today=today)``, remembered."""
    if "arxiv" not in url.lower():
        return None  # every arXiv host, and arXiv's DOIs (10.48550/arXiv.ID), say so
    # Only today's month matters to an id (is its month still to come?): one answer a month.
    return _arxiv_url(url, (today or date.today()).replace(day=1))


# The usual shapes, taken apart without urlsplit: the same answers (the slow path's steps
# change nothing for them), in a fraction of the time.
_PLAIN_ARXIV = re.compile(r"https://arxiv\.org/(abs|pdf)/(\d{4}\.\d{4,5}(?:v\d+)?(?:\.pdf)?)")
_PLAIN_REPO = re.compile(r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)/?")


@functools.lru_cache(maxsize=_CACHED)
def _arxiv_url(url: str, today: date) -> arxiv_ids.ArxivUrl | None:
    plain = _PLAIN_ARXIV.fullmatch(url)
    if plain is not None:
        kind, raw = plain.groups()
        return arxiv_ids.ArxivUrl(url, kind, raw, arxiv_ids.parse_id(raw, today=today))
    return arxiv_ids.parse_url(url, today=today)


@functools.lru_cache(maxsize=_CACHED)
def parse_repo_url(url: str) -> tuple[str, str] | None:
    """``("owner", "name")`` of a github.com repository URL (any page of it), else ``None``."""
    if "github.com" not in url.lower():
        return None
    plain = _PLAIN_REPO.fullmatch(url)
    if plain is not None:
        segments = list(plain.groups())
    else:
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme not in ("http", "https") or (parts.hostname or "") not in (
            "github.com",
            "www.github.com",
        ):
            return None
        segments = [unquote(s) for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in _RESERVED_OWNERS:
        return None
    owner, name = segments[0], segments[1]
    if name.endswith(".git"):
        name = name[:-4]
    if not re.fullmatch(_NAME, owner) or not re.fullmatch(_REPO, name):
        return None
    return owner, name


def links_whole_repository(url: str) -> bool:
    """Whether a repository URL (``parse_repo_url``'s) goes no further than ``OWNER/NAME``,
    or ``OWNER/NAME/tree/BRANCH``."""
    try:
        segments = [s for s in urlsplit(url.strip()).path.split("/") if s]
    except ValueError:
        return False
    return len(segments) <= 2 or (len(segments) == 4 and segments[2] == "tree")


@functools.lru_cache(maxsize=_CACHED)
def parse_star_badge(url: str) -> tuple[str, str, bool, str | None] | None:
    """``(owner, repo, has_svg_suffix, query)`` of a well-formed shields.io stars badge URL."""
    match = _SHIELDS_STARS.match(url.strip())
    if match is None or not match["repo"] or match["repo"].lower() == ".svg":
        return None  # `stars/OWNER/.svg`: the repository's name is missing
    return match["owner"], match["repo"], bool(match["svg"]), match["query"]


def is_star_badge(image: Link) -> bool:
    url = image.url.lower()
    return "star" in image.text.lower() or "/stars/" in url or "github/stars" in url


def is_arxiv_badge(image: Link) -> bool:
    return "badge/arxiv" in image.url.lower() or image.text.strip().lower().startswith("arxiv")


def images(entry: Entry) -> list[tuple[Link, Link | None]]:
    """Every image of the entry with the link around it (``None`` for a bare image)."""
    out: list[tuple[Link, Link | None]] = []
    for link in entry.links:
        if link.image is not None:
            out.append((link.image, link))
        elif link.is_image:
            out.append((link, None))
    return out


def arxiv_link(entry: Entry) -> tuple[Link, arxiv_ids.ArxivId] | None:
    """The entry's paper link on arXiv: its title link, else its first arXiv link not a badge,
    else its first arXiv badge's link."""
    try:
        return entry.derived["arxiv_link"]  # type: ignore[return-value]
    except KeyError:
        found = entry.derived["arxiv_link"] = _arxiv_link(entry)
        return found


def _arxiv_link(entry: Entry) -> tuple[Link, arxiv_ids.ArxivId] | None:
    ordered = [entry.title_link] if entry.title_link is not None else []
    ordered += [link for link in entry.links if link.image is None and not link.is_image]
    # An entry whose only paper link is a badge (`[![arXiv](...)](https://arxiv.org/abs/ID)`)
    # has its paper there.
    ordered += [link for link in entry.links if link.image is not None]
    for link in ordered:
        if link is None:
            continue
        parsed = arxiv_url(link.url)
        if parsed is not None and parsed.arxiv_id is not None and parsed.arxiv_id.is_valid:
            return link, parsed.arxiv_id
    return None


def arxiv_id(entry: Entry) -> arxiv_ids.ArxivId | None:
    found = arxiv_link(entry)
    return found[1] if found is not None else None


def repositories(entry: Entry) -> list[RepoRef]:
    """GitHub repositories the entry links (not badge images), in order, each once."""
    seen: set[str] = set()
    out = []
    for link in entry.links:
        if link.is_image:
            continue
        parsed = parse_repo_url(link.url)
        if parsed is None:
            continue
        ref = RepoRef(parsed[0], parsed[1], link)
        if ref.key not in seen:
            seen.add(ref.key)
            out.append(ref)
    return out


def repository(entry: Entry) -> RepoRef | None:
    """The entry's own repository: the one its star badge links, else the first one linked."""
    for image, around in images(entry):
        if around is not None and is_star_badge(image):
            parsed = parse_repo_url(around.url)
            if parsed is not None:
                return RepoRef(parsed[0], parsed[1], around)
    refs = repositories(entry)
    return refs[0] if refs else None


# Digits that names use as words: `Vid2Seq` is `VidToSeq`, `Pix2Pix` is `PixToPix`.
_DIGIT_WORDS = {"2": "to", "4": "for"}


def words(text: str) -> list[str]:
    """Words of a name: camel case, digits and punctuation split (``JanusFlow`` → janus, flow);
    a digit between letters that names read as a word becomes it (``Vid2Seq`` → vid, to, seq)."""
    text = re.sub(r"(?<=[A-Za-z])[24](?=[A-Z])", lambda m: _DIGIT_WORDS[m.group()].title(), text)
    pieces = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+", text)
    return [p.lower() for p in pieces]


def name_of(entry: Entry) -> str:
    """The short name a title starts with (``Janus`` in ``Janus: Decoupling ...``), or the title."""
    head, sep, _ = entry.title.partition(":")
    return head.strip() if sep and 0 < len(head.split()) <= 6 else entry.title


def normalized_title(title: str) -> str:
    """Lower case words and numbers; accents dropped (`Fréchet` is `Frechet`)."""
    if not title.isascii():  # accents only: other marks (’, ×) still part words as before
        title = "".join(
            c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)
        )
    return " ".join(re.findall(r"[a-z0-9]+", title.lower()))


def is_of_family(entry: Entry, repo_name: str) -> bool:
    """Whether the entry's name belongs to the repository's family of names.

    It does when the repository's words start the entry's name (Janus → JanusFlow, Emu → Emu2,
    Show-o → Show-o2) or stand as whole words in its title (LaVIT → Video-LaVIT, SEED → "...
    with SEED Tokenizer"). UniToken is not of UniTok: "token" is not the word "tok".
    """
    repo_words = words(repo_name)
    if not repo_words:
        return False
    name_words = words(name_of(entry))
    if name_words[: len(repo_words)] == repo_words:
        return True
    if "".join(name_words) == "".join(repo_words):
        return True  # `NeuZip` in `BorealisAI/neuzip`: one name, split otherwise
    if len(name_words) >= 2 and repo_words[: len(name_words)] == name_words:
        return True  # `Janus-Pro` in `JanusProFlow`'s repository: the family, read backwards
    title_words = words(entry.title)
    n = len(repo_words)
    return any(title_words[i : i + n] == repo_words for i in range(len(title_words) - n + 1))
