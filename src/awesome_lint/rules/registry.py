"""The list of rules, and their metadata read from each rule module."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from functools import cache, cached_property
from typing import cast, overload

from awesome_lint.rules.base import RuleMeta, RuleModule

__all__ = [
    "MetaOnDemand",
    "RuleMeta",
    "RuleModule",
    "all_meta",
    "by_name",
    "meta",
    "modules",
    "names",
    "offline_meta",
    "offline_modules",
]

# Module names in the order rules are documented: offline rules first, then online ones.
OFFLINE_MODULES = (
    "arxiv_url",
    "arxiv_id_invalid",
    "arxiv_badge_mismatch",
    "duplicate_entry",
    "duplicate_arxiv_id",
    "duplicate_repo",
    "badge_url",
    "badge_repo_mismatch",
    "date_format",
    "date_arxiv_id",
    "title_whitespace",
    "mojibake",
    "broken_relative_link",
    "list_indent",
    "malformed_link",
    "unbalanced_emphasis",
    "title_markup",
    "date_invalid",
    "foreign_repo",
    "html_balance",
)
ONLINE_MODULES: tuple[str, ...] = (
    "arxiv_not_found",
    "arxiv_id_mismatch",
    "arxiv_title",
    "arxiv_title_outdated",
    "arxiv_date",
    "arxiv_withdrawn",
    "repo_not_found",
    "repo_moved",
    "repo_archived",
    "repo_mismatch",
    "dead_link",
    "venue_outdated",
    "venue_mismatch",
)


@cache
def names() -> frozenset[str]:
    """Every rule's name, without importing a rule: a module's name is its rule's, with
    hyphens (a test holds every module to it). Offline runs never import the online rules."""
    return frozenset(name.replace("_", "-") for name in OFFLINE_MODULES + ONLINE_MODULES)


@cache
def offline_modules() -> tuple[RuleModule, ...]:
    """The offline rules only: what an ``--offline`` run imports (not the title matching,
    rapidfuzz and the rest the online rules need)."""
    return tuple(_load(name) for name in OFFLINE_MODULES)


@cache
def modules() -> tuple[RuleModule, ...]:
    return offline_modules() + tuple(_load(name) for name in ONLINE_MODULES)


def _load(name: str) -> RuleModule:
    return cast(RuleModule, importlib.import_module(f"awesome_lint.rules.{name}"))


@cache
def by_name() -> dict[str, RuleModule]:
    return {module.NAME: module for module in modules()}


def meta(module: RuleModule) -> RuleMeta:
    doc = (module.__doc__ or "").strip()
    return RuleMeta(
        name=module.NAME,
        severity=module.SEVERITY,
        summary=doc.split("\n", 1)[0].strip(),
        description=doc,
        fix=module.FIX,
        needs=module.NEEDS,
    )


@cache
def all_meta() -> tuple[RuleMeta, ...]:
    return tuple(meta(module) for module in modules())


@cache
def offline_meta() -> tuple[RuleMeta, ...]:
    return tuple(meta(module) for module in offline_modules())


class MetaOnDemand(Sequence[RuleMeta]):
    """``all_meta()`` or ``offline_meta()``, imported the first time a reporter reads it: a run
    that finds nothing and prints text never imports a rule only to describe it."""

    def __init__(self, *, offline: bool) -> None:
        self._offline = offline

    @cached_property
    def _items(self) -> tuple[RuleMeta, ...]:
        return offline_meta() if self._offline else all_meta()

    @overload
    def __getitem__(self, index: int) -> RuleMeta: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[RuleMeta]: ...
    def __getitem__(self, index: int | slice) -> RuleMeta | Sequence[RuleMeta]:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[RuleMeta]:
        return iter(self._items)
