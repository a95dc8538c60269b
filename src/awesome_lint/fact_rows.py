"""Facts as the cache stores them: JSON rows, each checked on the way back in.

Only answers are stored (FOUND and MISSING); an UNVERIFIED fact is never cached, so a network
failure is asked again next run instead of being remembered. A row that is not what this
version writes (another shape, a bad date, a name that is no repository's) is a miss
(``BadRow``), never a traceback and never trusted. Imported by the online stage only: the
checks need ``values`` and the id grammar, which an offline run never loads.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from awesome_lint import values
from awesome_lint.facts import ArxivFact, ArxivPaper, FactStatus, LinkFact, RepoFact


def paper_to_json(paper: ArxivPaper) -> dict[str, object]:
    return {
        "id": paper.id,
        "version": paper.version,
        "title": paper.title,
        "published": paper.published.isoformat(),
        "updated": paper.updated.isoformat(),
        "authors": list(paper.authors),
        "summary": paper.summary,
        "comment": paper.comment,
        "journal_ref": paper.journal_ref,
    }


class BadRow(ValueError):
    """A cache row that is not what this version stores: read as a miss, never trusted."""


def _field(data: object, name: str, kind: type | tuple[type, ...]) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get(name), kind):
        raise BadRow(f"{name} missing or of the wrong type")
    return data[name]


def _optional(data: dict[str, object], name: str, kind: type, default: Any) -> Any:
    value = data.get(name, default)
    if value is not None and not isinstance(value, kind):
        raise BadRow(f"{name} of the wrong type")
    return value


def _answer_status(data: object) -> FactStatus:
    """Only answers are stored: a row saying UNVERIFIED (or anything else) is not one."""
    status = _field(data, "status", str)
    if status not in (FactStatus.FOUND.value, FactStatus.MISSING.value):
        raise BadRow(f"status {status!r}")
    return FactStatus(status)


def _iso_date(data: object, name: str) -> date:
    try:
        return date.fromisoformat(_field(data, name, str))
    except ValueError:
        raise BadRow(f"{name} is not a date") from None


def paper_from_json(data: object) -> ArxivPaper:
    """An ``ArxivPaper`` from a cache row; ``BadRow`` unless every field is what arXiv could
    have said (a valid id, a version, one-line title, real dates)."""
    paper_id = _field(data, "id", str)
    version = _field(data, "version", int)
    title = _field(data, "title", str)
    if not values.is_arxiv_id(paper_id) or isinstance(version, bool) or not 1 <= version < 10_000:
        raise BadRow("not an arXiv id and version")
    if not title.strip() or not values.is_one_line(title):
        raise BadRow("not a one-line title")
    assert isinstance(data, dict)
    authors = _optional(data, "authors", list, [])
    return ArxivPaper(
        id=paper_id,
        version=version,
        title=title,
        published=_iso_date(data, "published"),
        updated=_iso_date(data, "updated"),
        authors=tuple(a for a in authors or () if isinstance(a, str)),
        summary=_optional(data, "summary", str, "") or "",
        comment=_optional(data, "comment", str, "") or "",
        journal_ref=_optional(data, "journal_ref", str, "") or "",
    )


def arxiv_fact_to_json(fact: ArxivFact) -> dict[str, object]:
    return {
        "status": fact.status.value,
        "paper": paper_to_json(fact.paper) if fact.paper is not None else None,
        "reason": fact.reason,  # findings quote it: a cached answer reads as a fresh one
    }


def arxiv_fact_from_json(key: str, data: object) -> ArxivFact:
    status = _answer_status(data)
    assert isinstance(data, dict)
    paper = data.get("paper")
    found = paper_from_json(paper) if paper is not None else None
    if (status is FactStatus.FOUND) != (found is not None) or (found and found.id != key):
        raise BadRow("the paper does not match the row")
    return ArxivFact(key, status, found, reason=_optional(data, "reason", str, "") or "")


def repo_fact_to_json(fact: RepoFact) -> dict[str, object]:
    return {
        "requested": fact.requested,
        "status": fact.status.value,
        "canonical": fact.canonical,
        "archived": fact.archived,
        "description": fact.description,
        "readme": fact.readme,
        "reason": fact.reason,  # findings quote it: a cached answer reads as a fresh one
    }


def repo_fact_from_json(data: object, key: str | None = None) -> RepoFact:
    """A ``RepoFact`` from a cache row (stored under ``key``, ``owner/name`` in lower case)."""
    status = _answer_status(data)
    requested = _field(data, "requested", str)
    assert isinstance(data, dict)
    canonical = _optional(data, "canonical", str, None)
    if not values.is_repo_name(requested) or (key is not None and requested.lower() != key):
        raise BadRow("requested is not the repository the row is stored for")
    if status is FactStatus.FOUND and not values.is_repo_name(canonical):
        raise BadRow("canonical is not a repository name")  # it may be written into a list
    if status is FactStatus.MISSING and canonical is not None:
        raise BadRow("a missing repository with a name")
    return RepoFact(
        requested=requested,
        status=status,
        canonical=canonical,
        archived=_optional(data, "archived", bool, False) or False,
        description=_optional(data, "description", str, "") or "",
        readme=_optional(data, "readme", str, None),
        reason=_optional(data, "reason", str, "") or "",
    )


def link_fact_to_json(fact: LinkFact) -> dict[str, object]:
    return {
        "status": fact.status.value,
        "http_status": fact.http_status,
        "final_url": fact.final_url,
        "reason": fact.reason,
    }


def link_fact_from_json(url: str, data: object) -> LinkFact:
    status = _answer_status(data)
    assert isinstance(data, dict)
    http_status = _optional(data, "http_status", int, None)
    final_url = _optional(data, "final_url", str, None)
    if http_status is not None and (isinstance(http_status, bool) or not 100 <= http_status < 600):
        raise BadRow("not an HTTP status")
    if final_url is not None and not values.is_http_url(final_url):
        raise BadRow("final_url is not an http(s) URL")
    return LinkFact(url, status, http_status, final_url, _optional(data, "reason", str, "") or "")
