"""A small persistent cache of source answers: SQLite in a folder, one row per (source, key).

Values are JSON; each row keeps the time it was fetched, and ``get_many`` returns only entries
younger than the source's maximum age (like lychee's ``--max-cache-age``). The cache stores what
callers give it: callers must **never store UNVERIFIED facts** (a network failure is not an
answer, and caching it would hide a dead link for a day).

Robustness, because a cache must never be the reason a lint run fails:

* several processes may share the folder (parallel CI jobs, pre-commit): WAL journal, a busy
  timeout, and one short transaction per ``put_many``;
* a corrupt or truncated file is moved aside (``cache.sqlite3.corrupt-<time>``) and rebuilt,
  with a warning;
* a folder that cannot be created gives a warning and a cache that stores nothing; a cache
  that can be read but not written is read, and stores nothing (one warning);
* ``.gitignore`` (``*``) is written only into a folder the cache created: an existing folder
  given as ``--cache-dir`` is not hidden from git;
* ``Cache.disabled()`` (``--no-cache``) and ``refresh=True`` (read nothing, still write).

Every problem goes to the ``warn`` callback as one line; no sqlite3 exception escapes.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

__all__ = ["DEFAULT_CACHE_DIR", "DEFAULT_MAX_AGES", "Cache"]

DEFAULT_CACHE_DIR = ".awesome-lint-cache"
DB_NAME = "cache.sqlite3"
SCHEMA_VERSION = 1
DAY = 24 * 3600.0
DEFAULT_MAX_AGES: Mapping[str, float] = {
    "arxiv": 30 * DAY,  # papers barely change once published
    "github": 1 * DAY,  # stars, renames, archiving
    "links": 1 * DAY,  # lychee's default
    "title_search": 30 * DAY,
    "semantic-scholar": 7 * DAY,  # a preprint becomes a paper at a venue: ask again weekly
}
FALLBACK_MAX_AGE = 1 * DAY  # for a source not listed
CLOCK_SKEW = 300.0  # rows up to this far "in the future" still count (shared caches, NTP steps)
BUSY_TIMEOUT = 10.0  # seconds to wait for another process's transaction
_CHUNK = 500  # keys per SELECT; below SQLite's host-parameter limit on every version
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,          -- JSON
    fetched_at REAL NOT NULL,     -- seconds since the epoch
    PRIMARY KEY (source, key)
) WITHOUT ROWID
"""
_CORRUPT = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_READ_ONLY = frozenset({sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM})


def _warn_stderr(message: str) -> None:
    print(f"awesome-lint: warning: {message}", file=sys.stderr)


def _seconds(age: float | timedelta) -> float:
    return age.total_seconds() if isinstance(age, timedelta) else float(age)


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF  # primary code; extended bits dropped


def _is_corrupt(exc: sqlite3.Error) -> bool:
    code = _code(exc)
    if code is not None:
        return code in _CORRUPT
    text = str(exc).lower()  # a bare sqlite3.DatabaseError built without a code
    return "malformed" in text or "not a database" in text


class Cache:
    """SQLite cache of JSON values per (source, key), with per-source maximum ages.

    ``folder`` is created if needed (the CLI passes ``DEFAULT_CACHE_DIR`` unless told
    otherwise); ``None`` gives a disabled cache. ``max_ages`` overrides ``DEFAULT_MAX_AGES`` per
    source (seconds or ``timedelta``). ``clock`` returns seconds since the epoch (tests).

    Use as a context manager, or call ``close()``. Thread-safe.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str] | None,
        *,
        max_ages: Mapping[str, float | timedelta] | None = None,
        refresh: bool = False,
        warn: Callable[[str], None] = _warn_stderr,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = None if folder is None else Path(folder)
        self.refresh = refresh
        self.max_ages: dict[str, float] = dict(DEFAULT_MAX_AGES)
        self.max_ages.update({k: _seconds(v) for k, v in (max_ages or {}).items()})
        self._warn = warn
        self._clock = clock
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._rebuilt = False
        self.read_only = False  # a cache we may read but not write: stores nothing
        if self.folder is not None:
            self._db = self._open()

    @classmethod
    def disabled(cls) -> Cache:
        """A cache that reads and stores nothing (``--no-cache``)."""
        return cls(None)

    @property
    def enabled(self) -> bool:
        """False when disabled, or after a problem made the cache give up."""
        return self._db is not None

    @property
    def path(self) -> Path | None:
        return None if self.folder is None else self.folder / DB_NAME

    def max_age(self, source: str) -> float:
        return self.max_ages.get(source, FALLBACK_MAX_AGE)

    # ---------------------------------------------------------------- reading and writing

    def get_many(self, source: str, keys: Iterable[str]) -> dict[str, Any]:
        """The fresh entries among ``keys`` (missing, stale or unreadable ones are left out)."""
        if self.refresh:
            return {}
        wanted = list(dict.fromkeys(keys))
        now = self._clock()
        oldest, newest = now - self.max_age(source), now + CLOCK_SKEW
        rows: list[tuple[str, str]] = []
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            sql = (
                "SELECT key, value FROM entries WHERE source = ?"
                f" AND key IN ({','.join('?' * len(chunk))})"
                " AND fetched_at >= ? AND fetched_at <= ?"
            )
            params = [source, *chunk, oldest, newest]

            def select(db: sqlite3.Connection, sql: str = sql, params: list[Any] = params) -> Any:
                return db.execute(sql, params).fetchall()

            found = self._run(select)
            if found is None:
                return {}  # the cache just gave up: treat everything as a miss
            rows.extend(found)
        result: dict[str, Any] = {}
        for key, text in rows:
            try:
                result[key] = json.loads(text)
            except ValueError:
                continue  # a hand-edited row: a miss, not a crash
        return result

    def put_many(self, source: str, items: Mapping[str, Any]) -> None:
        """Store ``items`` as fetched now (replacing older rows). Values must be JSON-able.

        Never store UNVERIFIED facts: only answers the source actually gave.
        """
        if not items or self.read_only:
            return
        # Serialise before touching the database: a bad value is the caller's bug (TypeError).
        now = self._clock()
        rows = [
            (source, key, json.dumps(value, ensure_ascii=False, separators=(",", ":")), now)
            for key, value in items.items()
        ]

        def write(db: sqlite3.Connection) -> None:
            # IMMEDIATE takes the write lock up front: no deadlock upgrading a read lock.
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", rows)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

        self._run(write)

    def prune(self) -> None:
        """Delete rows older than their source's maximum age (sources this cache knows)."""
        if self.read_only:
            return
        now = self._clock()
        params = [(source, now - age) for source, age in self.max_ages.items()]
        self._run(
            lambda db: db.executemany(
                "DELETE FROM entries WHERE source = ? AND fetched_at < ?", params
            )
        )

    def close(self) -> None:
        """Prune stale rows and close the file. Safe to call twice."""
        if self._db is None:
            return
        self.prune()
        with self._lock:
            db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---------------------------------------------------------------- internals

    def _run(self, action: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``action`` on the connection; turn every sqlite3 problem into a warning.

        Returns None when the cache is off or the action failed. A corrupt file is rebuilt once
        per process and the action retried; a busy database skips this one action.
        """
        with self._lock:
            for _ in range(2):
                if self._db is None:
                    return None
                try:
                    return action(self._db)
                except sqlite3.Error as exc:
                    if _code(exc) in _BUSY:
                        self._warn(f"cache busy, skipped ({exc})")
                        return None
                    if _is_corrupt(exc) and not self._rebuilt:
                        self._rebuilt = True
                        self._close_quietly()
                        self._db = self._rebuild(str(exc))
                        continue
                    self._warn(f"cache disabled: {exc} ({self.path})")
                    self._close_quietly()
                    return None
            return None

    def _close_quietly(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None

    def _open(self) -> sqlite3.Connection | None:
        """Open (creating if needed) and check the database; rebuild it once if corrupt."""
        assert self.folder is not None
        try:
            created = not self.folder.exists()
            self.folder.mkdir(parents=True, exist_ok=True)
            # Like .ruff_cache, a folder we made is never committed by mistake; a folder that
            # was there (``--cache-dir docs``) is not ours to hide from git.
            ignore = self.folder / ".gitignore"
            if created and not ignore.exists():
                ignore.write_text("# Created by awesome-lint.\n*\n", encoding="utf-8")
        except OSError as exc:
            if self.folder.is_dir():
                return self._open_read_only(f"{exc.strerror or exc}")
            self._warn(f"cache disabled: cannot use folder {self.folder}: {exc.strerror or exc}")
            return None
        give_up = time.monotonic() + BUSY_TIMEOUT
        for attempt in itertools.count(1):
            try:
                return self._connect()
            except sqlite3.Error as exc:
                if _code(exc) in _BUSY and time.monotonic() < give_up:
                    # Another process is setting the same new file up (WAL, schema): SQLite
                    # answers "locked" at once there, without waiting: wait, then again.
                    time.sleep(min(0.01 * attempt, 0.2))
                    continue
                if _is_corrupt(exc):
                    self._rebuilt = True
                    return self._rebuild(str(exc))
                if _code(exc) in _READ_ONLY or not os.access(self.folder, os.W_OK):
                    return self._open_read_only(str(exc))
                self._warn(f"cache disabled: {exc} ({self.path})")
                return None
        raise AssertionError("unreachable")

    def _open_read_only(self, problem: str) -> sqlite3.Connection | None:
        """A cache we may not write is still read: answers in it are as good as ever; it just
        stores nothing new."""
        assert self.path is not None
        if not self.path.is_file():
            self._warn(f"cache disabled: cannot write {self.folder} ({problem})")
            return None
        # ``immutable``: a WAL database opened read-only needs its -shm file, which a folder we
        # cannot write may not have; read it as it stands.
        for options in ("mode=ro", "mode=ro&immutable=1"):
            uri = f"{self.path.resolve().as_uri()}?{options}"
            try:
                db = sqlite3.connect(
                    uri,
                    uri=True,
                    timeout=BUSY_TIMEOUT,
                    isolation_level=None,
                    check_same_thread=False,
                )
            except sqlite3.Error:
                continue
            try:
                db.execute("SELECT count(*) FROM entries LIMIT 1").fetchone()
            except sqlite3.Error:
                db.close()
                continue
            self.read_only = True
            self._warn(f"cache is read-only ({problem}): reading it, storing nothing new")
            return db
        self._warn(f"cache disabled: cannot read {self.path} ({problem})")
        return None

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        # isolation_level=None: we write BEGIN/COMMIT ourselves, so transactions stay short.
        db = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()
            if mode is None or str(mode[0]).lower() != "wal":
                # e.g. a network file system: still correct with the rollback journal, just slower.
                self._warn(f"cache: WAL journal unavailable ({mode}), using the default")
            db.execute("PRAGMA synchronous = NORMAL")  # safe with WAL; a cache may lose a write
            check = db.execute("PRAGMA quick_check(1)").fetchone()
            if check is None or check[0] != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {check}")
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version not in (0, SCHEMA_VERSION):
                # Written by another version of awesome-lint: it is a cache, start over.
                self._warn(f"cache format {version} is not {SCHEMA_VERSION}: starting afresh")
                db.execute("DROP TABLE IF EXISTS entries")
            db.execute(_SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            db.close()
            raise
        return db

    def _rebuild(self, problem: str) -> sqlite3.Connection | None:
        """Move the damaged file (and its WAL/SHM) aside and start an empty cache.

        Under a lock file, and only if the file is still damaged: another process sharing the
        folder may have rebuilt it a moment ago, and its fresh file must not be moved away.
        """
        assert self.folder is not None and self.path is not None
        with _locked(self.folder / ".rebuild.lock"):
            try:
                db = self._connect()
            except sqlite3.Error as exc:
                if not _is_corrupt(exc):
                    self._warn(f"cache disabled: {exc} ({self.path})")
                    return None
            else:
                self._warn(f"cache file was damaged ({problem}); another process rebuilt it")
                return db
            aside = self.path.with_name(f"{DB_NAME}.corrupt-{time.time_ns()}-{os.getpid()}")
            for suffix in ("", "-wal", "-shm"):
                # A stale WAL next to a new database could be replayed into it: move it too.
                try:
                    self.path.with_name(DB_NAME + suffix).replace(f"{aside}{suffix}")
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    self._warn(f"cache disabled: cannot move the damaged file aside: {exc}")
                    return None
            self._warn(
                f"cache file was damaged ({problem}); moved to {aside.name}, starting afresh"
            )
            try:
                return self._connect()
            except sqlite3.Error as exc:
                self._warn(f"cache disabled: {exc} ({self.path})")
                return None


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``path`` (POSIX); no lock where fcntl is missing."""
    try:
        import fcntl
    except ImportError:  # Windows: the rename race it guards against is rare enough
        yield
        return
    try:
        handle = open(path, "a+b")  # noqa: SIM115 - held open for the lock's lifetime
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
