"""Comparing a listed title with arXiv's: normalization and similarity.

Lists add a short name (`LaVIT: `) that arXiv's title lacks, write dashes and case their own
way, and keep a first version's title after arXiv's has changed. These helpers tell a typo from
a retitled paper from another paper altogether.
"""

from __future__ import annotations

import re

_DASHES = re.compile(r"[\u2010-\u2015\u2212-]")
_NOT_WORD = re.compile(r"[^\w\s]")


def normalize(title: str) -> str:
    """Case-folded words: dashes unified, punctuation dropped, whitespace collapsed."""
    text = _DASHES.sub("-", title.casefold()).replace("-", " ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def without_prefix(listed: str, arxiv_title: str) -> str:
    """``listed`` without a ``Name: `` prefix that the arXiv title does not carry."""
    head, sep, rest = listed.partition(":")
    if sep and len(head.split()) <= 4 and not normalize(arxiv_title).startswith(normalize(head)):
        return rest.strip()
    return listed


def similarity(listed: str, arxiv_title: str) -> float:
    """0–100: how alike two titles are in their words, the list's name prefix set aside."""
    from rapidfuzz import fuzz

    a = normalize(without_prefix(listed, arxiv_title))
    b = normalize(arxiv_title)
    return max(fuzz.token_set_ratio(a, b), fuzz.ratio(a, b))


def needs_search(listed: str, arxiv_title: str) -> bool:
    """Whether the titles are so unlike that the id may belong to another paper."""
    return similarity(listed, arxiv_title) < 60
