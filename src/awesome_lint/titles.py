"""Comparing a listed title with arXiv's: the same paper, a misspelling, a revision, or another
paper altogether.

Shared by ``arxiv-title``, ``arxiv-title-outdated``, ``arxiv-id-mismatch`` and ``arxiv-date``, so
that they never disagree about one entry, and by the online stage, which asks arXiv's title
search exactly for the titles these rules will call another paper's.
"""

from __future__ import annotations

import difflib
import enum
import itertools
import re
import unicodedata
from dataclasses import dataclass

from awesome_lint.document import Entry
from awesome_lint.facts import ArxivPaper, Facts

#: A rewording still counts as the same paper when the normalized titles are this similar
#: (rapidfuzz ratio, 0-100). The seed's closest different papers score 81; "Unified Multimodal
#: Model as Auto-Encoder" against its later "Models as Auto-Encoders" scores 98.
SAME_PAPER_RATIO = 90.0
#: ... or when they share this share of the smaller title's content words, and a phrase.
SAME_PAPER_OVERLAP = 0.5
#: A name prefix has at most this many words (`Unified-IO 2`, `Ming-Lite-Uni`).
MAX_NAME_WORDS = 3

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043"), "-")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[^\W_]+")
# Words that say nothing about which paper a title is: function words, and words that paper
# titles of ML lists share by the dozen. Two titles sharing only these are not one paper.
_STOP = frozenset(
    """a an and are as at be by for from in into is it its not of on or the this that to
    toward towards via with without all""".split()
)
_GENERIC = frozenset(
    """any approach based benchmark data deep diffusion efficient enhanced foundation framework
    generation generative generator generators image images improved improving language
    languages large learning llm llms method mllm mllms modal modalities modality model
    modeling models multi multimodal network networks neural new one pre pretraining scalable
    simple single text trained training transformer transformers tuning understanding unified
    unify using video videos vision visual""".split()
)


class Verdict(enum.Enum):
    SAME = "same"  # equal up to typography, spacing or a name prefix: nothing to report
    SPELLING = "spelling"  # arxiv-title
    OUTDATED = "outdated"  # arxiv-title-outdated
    OTHER = "other"  # arxiv-id-mismatch: the listed title is another paper


@dataclass(frozen=True, slots=True)
class Comparison:
    verdict: Verdict
    fixed: str  # arXiv's title as the list should write it (keeping the list's name prefix)
    reworded: bool = False  # words were added, removed or changed beyond a typo


def words(title: str) -> list[str]:
    """Case-folded words of a title: dashes unified, punctuation dropped."""
    text = unicodedata.normalize("NFKC", title).casefold().translate(_DASHES)
    return _WORD.findall(text)


def _typographic(title: str) -> str:
    """The title with typography neutralized: dash kinds, spaces around dashes, quotes."""
    text = unicodedata.normalize("NFKC", title).translate(_DASHES).translate(_QUOTES)
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split())


def split_name(title: str) -> tuple[str | None, str]:
    """``("Janus", "Decoupling ...")`` for ``Janus: Decoupling ...``; ``(None, title)`` else."""
    head, sep, rest = title.partition(":")
    if sep and rest.strip() and 1 <= len(head.split()) <= MAX_NAME_WORDS:
        return head.strip(), rest.strip()
    return None, title.strip()


def _starts_with(title: str, name: str) -> bool:
    name_words = words(name)
    return words(title)[: len(name_words)] == name_words


def _typo(a: str, b: str) -> bool:
    """Whether word ``a`` is ``b`` mistyped: a letter or two off, not another form of it."""
    short, long = sorted((a, b), key=len)
    if long in (short + "s", short + "es", short + "d", short + "ed", short + "ing"):
        return False  # Model/Models: a grammatical change is a rewording, not a typo
    if short.endswith("y") and long == short[:-1] + "ies":
        return False
    if re.sub(r"\D", "", a) != re.sub(r"\D", "", b):
        return False  # Emu2/Emu3: another number is another paper
    from rapidfuzz.distance import Levenshtein  # when titles are compared: not on every run

    return Levenshtein.distance(a, b) <= max(1, len(short) // 4)


def _spelling_only(listed: str, arxiv: str) -> bool:
    """Whether two titles have the same words up to case, punctuation, joins and typos."""
    a, b = words(listed), words(arxiv)
    if a == b or "".join(a) == "".join(b):
        return True
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or "".join(a[i1:i2]) == "".join(b[j1:j2]):
            continue  # "Multi-modal" for "Multimodal"
        pairs = zip(a[i1:i2], b[j1:j2], strict=False)
        if op == "replace" and i2 - i1 == j2 - j1 and all(_typo(x, y) for x, y in pairs):
            continue  # "Generationn" for "Generation"
        return False
    return True


def _content(title: str) -> list[str]:
    return [w for w in words(title) if w not in _STOP]


def _phrases(title: str) -> set[tuple[str, str]]:
    """Adjacent word pairs that could only come from a few titles ("architecture decoupling")."""
    ws = words(title)
    return {
        (x, y)
        for x, y in itertools.pairwise(ws)
        if x not in _STOP and y not in _STOP and not (x in _GENERIC and y in _GENERIC)
    }


def _same_name(a: str, b: str) -> bool:
    return words(a) == words(b)


def same_paper(listed: str, arxiv: str) -> bool:
    """Whether two differently worded titles still look like one paper's (a revision).

    Evidence, any of: the same name prefix (`Liquid: ...`); another name before the same rest
    (`LlamaFusion: X` → `LMFusion: X`); a small rewording (ratio ≥ ``SAME_PAPER_RATIO``); or,
    unless both titles carry different names, half of the content words and a phrase in common.
    """
    listed_name, listed_rest = split_name(listed)
    arxiv_name, arxiv_rest = split_name(arxiv)
    if listed_name and arxiv_name:
        if _same_name(listed_name, arxiv_name):
            return True
        if re.sub(r"\d", "", listed_name.casefold()) == re.sub(r"\d", "", arxiv_name.casefold()):
            return False  # Emu2 and Emu3: a sequel, another paper
        if _spelling_only(listed_rest, arxiv_rest):
            return True  # renamed
    from rapidfuzz import fuzz  # when titles are compared: a run without facts never is

    if fuzz.ratio(" ".join(words(listed)), " ".join(words(arxiv))) >= SAME_PAPER_RATIO:
        return True
    if listed_name and arxiv_name:
        return False  # two names, different ones, and different titles: two papers
    mine, theirs = set(_content(listed)), set(_content(arxiv))
    if not mine or not theirs:
        return False
    overlap = len(mine & theirs) / min(len(mine), len(theirs))
    return overlap >= SAME_PAPER_OVERLAP and bool(_phrases(listed) & _phrases(arxiv))


def compare(listed: str, paper: ArxivPaper) -> Comparison:
    """How the listed title relates to the paper's title on arXiv."""
    arxiv = paper.title
    listed_name, listed_rest = split_name(listed)
    arxiv_name, arxiv_rest = split_name(arxiv)
    # Pairs to compare: as written, without the list's own name, without arXiv's name.
    pairs = [(listed, arxiv, arxiv)]
    if listed_name and not _starts_with(arxiv, listed_name):
        pairs.append((listed_rest, arxiv, f"{listed_name}: {arxiv}"))
    if arxiv_name and not _starts_with(listed, arxiv_name):
        pairs.append((listed, arxiv_rest, arxiv_rest))
    for mine, theirs, fixed in pairs:
        if _typographic(mine) == _typographic(theirs):
            return Comparison(Verdict.SAME, fixed)
    for mine, theirs, fixed in pairs:
        if _spelling_only(mine, theirs):
            return Comparison(Verdict.SPELLING, fixed)
    # A rewording: the fix writes arXiv's title, with the list's name if arXiv's has none.
    fixed = f"{listed_name}: {arxiv}" if listed_name and not arxiv_name else arxiv
    if not same_paper(listed, arxiv):
        return Comparison(Verdict.OTHER, fixed, reworded=True)
    # arXiv changes a title only with a new version: without one, the list's title is wrong.
    verdict = Verdict.OUTDATED if paper.version > 1 else Verdict.SPELLING
    return Comparison(verdict, fixed, reworded=True)


def needs_search(listed: str, paper: ArxivPaper) -> bool:
    """Whether ``arxiv-id-mismatch`` wants arXiv's title search for this listed title.

    Exactly when the titles are two papers': then the search may name the right id. (A
    search on a revised title could only overrule ``arxiv-title-outdated``, rarely worth a
    request to arXiv.)
    """
    return compare(listed, paper).verdict is Verdict.OTHER


def search_results(facts: Facts, title: str) -> tuple[ArxivPaper, ...]:
    found = facts.title_search.get(title)
    if found is None:
        found = facts.title_search.get(" ".join(title.split()), ())
    return found


def suggestion(facts: Facts, title: str, listed_id: str) -> ArxivPaper | None:
    """The one paper that arXiv's title search found under the listed title, if exactly one."""
    matches = {}
    for paper in search_results(facts, title):
        comparison = compare(title, paper)
        matching = comparison.verdict in (Verdict.SAME, Verdict.SPELLING)
        if paper.id != listed_id and matching and not comparison.reworded:
            matches[paper.id] = paper
    return next(iter(matches.values())) if len(matches) == 1 else None


def judge(entry: Entry, paper: ArxivPaper, facts: Facts) -> Comparison:
    """``compare``, overruled by a title search that finds the listed title under another id."""
    comparison = compare(entry.title, paper)
    if (
        comparison.reworded
        and comparison.verdict is not Verdict.OTHER
        and suggestion(facts, entry.title, paper.id) is not None
    ):
        return Comparison(Verdict.OTHER, comparison.fixed, reworded=True)
    return comparison
