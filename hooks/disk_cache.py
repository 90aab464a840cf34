"""What page_renderer keeps between builds, in one SQLite file beside mkdocs.yml (README "性能"):
pages' Markdown conversions and search docs, by the digest of their inputs.

One file, not one per entry: at 1,000 profiles a first build made some 4,000 small files, and
creating a file cost more than converting many a page. Each process (a forked worker too)
opens its own connection, and entries are written in one short transaction per batch of pages,
so that the workers seldom wait for each other. A damaged, locked or read-only file only means
building without the cache.
"""
from __future__ import annotations

import os
import pickle
import sqlite3
import zlib
from pathlib import Path

_UNREADABLE = (sqlite3.Error, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, TypeError,
               ValueError, ImportError)


class DiskCache:
    def __init__(self, path: Path):
        self.path = path
        self.pending: list[tuple[str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        self._pid: int | None = None

    def _connection(self) -> sqlite3.Connection | None:
        if self._pid != os.getpid():      # opened before a fork: the parent's, not to be used here
            self._db, self._pid = self._open(), os.getpid()
        return self._db

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
                db.execute("PRAGMA synchronous=OFF")            # a cache: losing it loses nothing
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                           " WITHOUT ROWID")
                return db
            except sqlite3.OperationalError:                   # locked, read-only, not creatable
                return None
            except sqlite3.DatabaseError:                      # not a database (damaged): start afresh
                if attempt:
                    return None
                self.path.unlink(missing_ok=True)
            except OSError:
                return None
        return None

    def get(self, key: str):
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            return None if row is None else pickle.loads(zlib.decompress(row[0]))
        except _UNREADABLE:
            return None

    def put(self, key: str, value) -> None:
        """Kept from the next flush() on."""
        self.pending.append((key, zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)))

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if pending:
            self._write(lambda db: db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?)", pending))

    def keep_only(self, used: set[str]) -> None:
        """After a full build: the entries it did not use go (the cache holds one version of the site)."""
        def prune(db):
            db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY) WITHOUT ROWID")
            db.execute("DELETE FROM used")
            db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in used))
            db.execute("DELETE FROM entries WHERE key NOT IN (SELECT key FROM used)")
        self._write(prune)

    def _write(self, change) -> None:
        """change(db) in one transaction, or not at all."""
        db = self._connection()
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            change(db)
            db.execute("COMMIT")
        except sqlite3.Error:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db, self._pid = None, None
