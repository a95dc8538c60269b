"""The SQLite cache: ages, refresh, damaged files, several processes, unusable folders."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import timedelta
from pathlib import Path

import pytest

from awesome_lint.sources.cache import DAY, DB_NAME, DEFAULT_MAX_AGES, Cache


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def warnings() -> list[str]:
    return []


def open_cache(folder: Path, clock: Clock, warnings: list[str], **kwargs: object) -> Cache:
    return Cache(folder, clock=clock, warn=warnings.append, **kwargs)  # type: ignore[arg-type]


def test_round_trip_and_sources_are_separate(tmp_path: Path, clock: Clock) -> None:
    values = {"2410.13848": {"title": "Ünïcode ✓", "authors": ["A", "B"]}, "x": [1, None, 2.5]}
    with Cache(tmp_path, clock=clock) as cache:
        cache.put_many("arxiv", values)
        assert cache.get_many("arxiv", ["2410.13848", "x", "absent"]) == values
        assert cache.get_many("github", ["2410.13848"]) == {}
    with Cache(tmp_path, clock=clock) as again:  # persisted
        assert again.get_many("arxiv", ["x"]) == {"x": [1, None, 2.5]}


def test_put_replaces_value_and_time(tmp_path: Path, clock: Clock) -> None:
    with Cache(tmp_path, clock=clock) as cache:
        cache.put_many("links", {"u": 1})
        clock.now += 0.9 * DAY
        cache.put_many("links", {"u": 2})
        clock.now += 0.9 * DAY  # 1.8 days after the first write, 0.9 after the second
        assert cache.get_many("links", ["u"]) == {"u": 2}


def test_default_max_ages(tmp_path: Path, clock: Clock) -> None:
    assert DEFAULT_MAX_AGES == {
        "arxiv": 30 * DAY,
        "github": DAY,
        "links": DAY,
        "title_search": 30 * DAY,
        "semantic-scholar": 7 * DAY,
    }
    with Cache(tmp_path, clock=clock) as cache:
        for source in DEFAULT_MAX_AGES:
            cache.put_many(source, {"k": source})
        clock.now += DAY - 60
        assert all(cache.get_many(s, ["k"]) == {"k": s} for s in DEFAULT_MAX_AGES)
        clock.now += 120  # just over a day
        assert cache.get_many("links", ["k"]) == {}
        assert cache.get_many("github", ["k"]) == {}
        assert cache.get_many("arxiv", ["k"]) == {"k": "arxiv"}
        assert cache.get_many("semantic-scholar", ["k"]) == {"k": "semantic-scholar"}
        clock.now += 6 * DAY  # a week and a minute after the write
        assert cache.get_many("semantic-scholar", ["k"]) == {}
        assert cache.get_many("title_search", ["k"]) == {"k": "title_search"}
        clock.now += 30 * DAY
        assert cache.get_many("arxiv", ["k"]) == {}
        assert cache.get_many("title_search", ["k"]) == {}


def test_max_ages_can_be_overridden(tmp_path: Path, clock: Clock) -> None:
    ages: dict[str, float | timedelta] = {"links": timedelta(hours=1), "arxiv": 60.0, "custom": 10}
    with Cache(tmp_path, clock=clock, max_ages=ages) as cache:
        cache.put_many("links", {"k": 1})
        cache.put_many("arxiv", {"k": 1})
        cache.put_many("custom", {"k": 1})
        cache.put_many("unlisted", {"k": 1})  # falls back to one day
        clock.now += 30
        assert cache.get_many("custom", ["k"]) == {}
        assert cache.get_many("arxiv", ["k"]) == {"k": 1}
        clock.now += 60
        assert cache.get_many("arxiv", ["k"]) == {}
        assert cache.get_many("links", ["k"]) == {"k": 1}
        clock.now += 3600
        assert cache.get_many("links", ["k"]) == {}
        assert cache.get_many("unlisted", ["k"]) == {"k": 1}


def test_rows_from_the_far_future_are_not_trusted(tmp_path: Path, clock: Clock) -> None:
    with Cache(tmp_path, clock=clock) as cache:
        cache.put_many("links", {"k": 1})
        clock.now -= 60  # a small clock step back: still fine
        assert cache.get_many("links", ["k"]) == {"k": 1}
        clock.now -= DAY  # written "tomorrow": a broken clock, not a fresh answer
        assert cache.get_many("links", ["k"]) == {}


def test_many_keys_at_once(tmp_path: Path, clock: Clock) -> None:
    items = {f"key-{i}": i for i in range(1_234)}  # more than one SELECT chunk
    with Cache(tmp_path, clock=clock) as cache:
        cache.put_many("links", items)
        assert cache.get_many("links", [*items, "absent"]) == items


def test_refresh_reads_nothing_but_still_writes(tmp_path: Path, clock: Clock) -> None:
    with Cache(tmp_path, clock=clock) as cache:
        cache.put_many("arxiv", {"old": 1})
    with Cache(tmp_path, clock=clock, refresh=True) as refreshing:
        assert refreshing.get_many("arxiv", ["old"]) == {}
        refreshing.put_many("arxiv", {"new": 2})
        assert refreshing.get_many("arxiv", ["new"]) == {}
    with Cache(tmp_path, clock=clock) as cache:
        assert cache.get_many("arxiv", ["old", "new"]) == {"old": 1, "new": 2}


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    cache = Cache.disabled()
    assert not cache.enabled
    cache.put_many("links", {"k": 1})
    assert cache.get_many("links", ["k"]) == {}
    cache.close()
    cache.close()
    assert list(tmp_path.iterdir()) == []


def test_close_prunes_stale_rows(tmp_path: Path, clock: Clock) -> None:
    with Cache(tmp_path, clock=clock) as cache:
        cache.put_many("links", {"old": 1})
        clock.now += 2 * DAY
        cache.put_many("links", {"new": 1})
    rows = sqlite3.connect(tmp_path / DB_NAME).execute("SELECT key FROM entries").fetchall()
    assert rows == [("new",)]


def test_folder_gets_a_gitignore(tmp_path: Path) -> None:
    with Cache(tmp_path / "cache"):
        pass
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_values_must_be_json(tmp_path: Path) -> None:
    with Cache(tmp_path) as cache, pytest.raises(TypeError):
        cache.put_many("links", {"k": object()})


# --------------------------------------------------------------------------- damaged files


def test_garbage_file_is_moved_aside_and_rebuilt(
    tmp_path: Path, clock: Clock, warnings: list[str]
) -> None:
    (tmp_path / DB_NAME).write_bytes(b"this is not a database\n" * 200)
    with open_cache(tmp_path, clock, warnings) as cache:
        assert cache.enabled
        cache.put_many("links", {"k": 1})
        assert cache.get_many("links", ["k"]) == {"k": 1}
    assert len(warnings) == 1 and "damaged" in warnings[0]
    aside = list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")


def test_truncated_file_is_moved_aside_and_rebuilt(
    tmp_path: Path, clock: Clock, warnings: list[str]
) -> None:
    with open_cache(tmp_path, clock, warnings) as cache:
        cache.put_many("arxiv", {f"k{i}": "x" * 300 for i in range(2_000)})
    path = tmp_path / DB_NAME
    os.truncate(path, path.stat().st_size // 2)
    with open_cache(tmp_path, clock, warnings) as cache:
        assert cache.get_many("arxiv", ["k1", "k1999"]) == {}  # a clean, empty cache
        cache.put_many("arxiv", {"k1": "again"})
        assert cache.get_many("arxiv", ["k1"]) == {"k1": "again"}
    assert len(warnings) == 1 and "damaged" in warnings[0]
    assert len(list(tmp_path.glob(f"{DB_NAME}.corrupt-*"))) == 1


def test_damage_reported_while_running_is_handled(
    tmp_path: Path, clock: Clock, warnings: list[str]
) -> None:
    # White-box: a statement fails once with SQLITE_CORRUPT (as after a bad write elsewhere).
    cache = open_cache(tmp_path, clock, warnings)
    cache.put_many("links", {"k": 1})
    calls = 0

    def flaky(db: sqlite3.Connection) -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise sqlite3.DatabaseError("database disk image is malformed")
        return "answered"

    assert cache._run(flaky) == "answered"  # reopened, checked, retried
    assert cache.enabled and cache.get_many("links", ["k"]) == {"k": 1}  # the file was fine
    assert len(warnings) == 1 and "damaged" in warnings[0]

    def broken(db: sqlite3.Connection) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    assert cache._run(broken) is None  # damaged again: give up quietly, no traceback
    assert not cache.enabled
    cache.close()


def test_other_schema_version_starts_afresh(
    tmp_path: Path, clock: Clock, warnings: list[str]
) -> None:
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute("CREATE TABLE entries (whatever TEXT)")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with open_cache(tmp_path, clock, warnings) as cache:
        cache.put_many("links", {"k": 1})
        assert cache.get_many("links", ["k"]) == {"k": 1}
    assert len(warnings) == 1 and "99" in warnings[0]


# --------------------------------------------------------------------------- unusable folders


def test_folder_that_cannot_be_created_gives_a_warning_and_stores_nothing(
    tmp_path: Path, warnings: list[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = Cache(blocker / "cache", warn=warnings.append)
    assert not cache.enabled
    cache.put_many("links", {"k": 1})
    assert cache.get_many("links", ["k"]) == {}
    cache.close()
    assert len(warnings) == 1 and "cache disabled" in warnings[0]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write anywhere"
)
def test_read_only_folder_gives_a_warning_and_stores_nothing(
    tmp_path: Path, warnings: list[str]
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        cache = Cache(folder, warn=warnings.append)
        cache.put_many("links", {"k": 1})
        assert cache.get_many("links", ["k"]) == {}
        cache.close()
    finally:
        folder.chmod(0o700)
    assert warnings and "cache disabled" in warnings[0]


def test_write_failure_later_disables_with_a_warning(
    tmp_path: Path, clock: Clock, warnings: list[str]
) -> None:
    cache = open_cache(tmp_path, clock, warnings)

    def full(db: sqlite3.Connection) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise error

    assert cache._run(full) is None
    assert not cache.enabled
    cache.put_many("links", {"k": 1})
    assert cache.get_many("links", ["k"]) == {}
    cache.close()
    assert len(warnings) == 1 and "disk is full" in warnings[0]


# --------------------------------------------------------------------------- processes

WRITER = textwrap.dedent(
    """
    import sys, time
    from awesome_lint.sources.cache import Cache

    folder, name, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    warnings = []
    while time.time() < start:  # both processes open and write at the same moment
        time.sleep(0.002)
    with Cache(folder, warn=warnings.append) as cache:
        began = time.time()
        for i in range(150):  # many short transactions, interleaved with the other process
            cache.put_many("links", {f"{name}-{i}": {"by": name, "i": i}})
            if cache.get_many("links", [f"{name}-{i}"]) != {f"{name}-{i}": {"by": name, "i": i}}:
                warnings.append(f"lost {name}-{i}")
        cache.put_many("arxiv", {f"{name}-bulk-{i}": i for i in range(2000)})
        ended = time.time()
    print(began, ended)
    print("\\n".join(warnings))
    sys.exit(1 if warnings else 0)
    """
)


def test_two_processes_writing_at_once(tmp_path: Path) -> None:
    start = time.time() + 1.0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path / "shared"), name, str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("one", "two")
    ]
    outputs = [w.communicate(timeout=60) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    with Cache(tmp_path / "shared") as cache:
        links = cache.get_many("links", [f"{n}-{i}" for n in ("one", "two") for i in range(150)])
        bulk = cache.get_many(
            "arxiv", [f"{n}-bulk-{i}" for n in ("one", "two") for i in range(2000)]
        )
    assert len(links) == 300 and len(bulk) == 4000
    assert links["two-149"] == {"by": "two", "i": 149}


def test_facts_come_back_from_the_cache_as_they_went_in() -> None:
    """A warm run must read as the cold one: findings quote a fact's reason ("GitHub: 404 Not
    Found"), which the cache once dropped, so warm runs worded five findings otherwise."""
    from datetime import date

    from awesome_lint.fact_rows import (
        arxiv_fact_from_json,
        arxiv_fact_to_json,
        link_fact_from_json,
        link_fact_to_json,
        repo_fact_from_json,
        repo_fact_to_json,
    )
    from awesome_lint.facts import ArxivFact, ArxivPaper, FactStatus, LinkFact, RepoFact

    paper = ArxivPaper(
        "2410.13848", 2, "Janus", date(2024, 10, 17), date(2024, 11, 1), ("A. Author",), "s"
    )
    for arxiv in (
        ArxivFact("2410.13848", FactStatus.FOUND, paper),
        ArxivFact("2501.99999", FactStatus.MISSING, reason="arXiv: no such id"),
    ):
        assert arxiv_fact_from_json(arxiv.id, arxiv_fact_to_json(arxiv)) == arxiv
    for repo in (
        RepoFact("o/r", FactStatus.FOUND, "O/R", archived=True, description="d", readme="x"),
        RepoFact("o/gone", FactStatus.MISSING, reason="GitHub: 404 Not Found"),
    ):
        assert repo_fact_from_json(repo_fact_to_json(repo)) == repo
    link = LinkFact("https://x.org/a", FactStatus.MISSING, 404, "https://x.org/a", "dead")
    assert link_fact_from_json("https://x.org/a", link_fact_to_json(link)) == link
