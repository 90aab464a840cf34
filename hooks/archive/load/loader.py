"""Load every profile under profiles/ into an Archive and collect all problems.

The one code path behind the MkDocs hooks, scripts/check.py and the tests. It never
raises on bad input: everything wrong becomes a Problem. Parsing and per-file checks
are cached by content hash, so a rebuild under `mkdocs serve` only redoes edited files.
"""
from __future__ import annotations

import difflib
import dataclasses
import hashlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..domain import campaigns
from ..domain.frontmatter import MAX_FILE_KB, ParsedFile, parse
from ..domain.model import Archive, Entity
from ..domain.problems import Problem, os_error, problem
from ..domain.schema import Schema, check_fields, is_blank
from ..runtime import files, forking
from ..runtime.cache import CACHE, Store
from . import media, redirects, synonyms, typography
from .validate import check_entity, check_references, check_study, today

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NON_PROFILE_FOLDERS = {"media"}


@dataclass(frozen=True)
class _Checked:
    """One file parsed and checked on its own (the checks that need no other file)."""
    parsed: ParsedFile
    problems: list[Problem]
    refs: list
    meta: dict | None          # the front matter without blank values, as entities hold it
    digest: str = ""           # of the file's bytes, kind, schema and day (_digest)
    fields: str = ""           # of meta alone


class _Checks(Store):
    """(repository path, advice) -> (hash of the file's bytes, kind, schema and day; what they
    gave). One entry per file: under `mkdocs serve` a rebuild re-reads every file but parses and
    checks only those whose bytes changed; a build starts from the last build's (runtime/cache.py
    keeps on disk the files the last load read, not those deleted or renamed since). Nothing
    mutates what is kept here."""

    read: set = set()        # the keys used by the last load_archive

    def dump(self):
        return {key: known for key, known in self.data.items() if key in self.read} if self.read else self.data

    def load(self, value) -> None:
        self.data.update(value)

    def signature(self):
        return frozenset(key for key in self.data if key in self.read) if self.read else frozenset(self.data)

    def reset(self) -> None:
        super().reset()
        self.read = set()


_CHECKS = CACHE.add(_Checks(CACHE, "profiles checked", persist=True, merges=True))


class _Unchanged(Store):
    """Under serve: repository path -> (what `os.lstat` said of the file, what it was read for,
    its checks), so that a rebuild reads only the files changed since the last (10,000 profiles:
    reading and digesting every file took 0.15-0.2 s of each rebuild). A file is known unchanged
    when its modification and change times (ns), size, inode and device are the same; as git
    does, one changed less than two seconds before it was read is read again next time (a
    second change within the file system's clock tick could leave all of these as they were).
    The change time cannot be set back (`touch -d` sets the other), and saving through a new
    file (most editors) gives a new inode."""

    SETTLED_NS = 2_000_000_000

    def unchanged(self, rel: str, info, read_for: tuple):
        """The checks of the last load if the file is as it was then (and read for the same kind,
        day and schema), else None."""
        known = self.data.get(rel) if self.active and info is not None else None
        if known is None or known[0] != _signature(info) or known[1] != read_for or known[2] is None:
            return None
        self.hits += 1
        return known[2]

    def note(self, rel: str, info, read_for: tuple, started: int) -> None:
        """rel was just read (its checks follow: checked)."""
        if not self.active:
            return
        if info is None or max(info.st_mtime_ns, info.st_ctime_ns) > started - self.SETTLED_NS:
            self.data.pop(rel, None)
        else:
            self.data[rel] = (_signature(info), read_for, None)

    def checked(self, rel: str, checked: _Checked) -> None:
        known = self.data.get(rel) if self.active else None
        if known is not None and known[2] is None:
            self.data[rel] = (known[0], known[1], checked)


def _signature(info) -> tuple:
    return info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev


_UNCHANGED = CACHE.add(_Unchanged(CACHE, "profiles unchanged", serve_only=True))


def profile_files(profiles_dir: Path) -> list[Path]:
    """Every .md under profiles/ (and .MD, .markdown: reported, not left out unsaid) but in
    hidden or _-prefixed folders and files, in path order.
    A folder that is a symbolic link is listed as a file, to be refused when read (E018)."""
    return [Path(path) for path in _profile_paths(str(profiles_dir))]


def _profile_paths(profiles_dir: str) -> list[str]:
    """profile_files as strings (os.walk, not pathlib: at 10,000 profiles Path objects, rglob and
    sorting Paths took half a second of every rebuild)."""
    found = []
    for folder, folders, names in os.walk(profiles_dir):
        found += [os.path.join(folder, name) for name in folders
                  if not name.startswith((".", "_")) and os.path.islink(os.path.join(folder, name))]
        folders[:] = [name for name in folders if not name.startswith((".", "_"))]
        found += [os.path.join(folder, name) for name in names
                  if name.lower().endswith((".md", ".markdown")) and not name.startswith((".", "_"))]
    return sorted(found, key=lambda path: path.split(os.sep))


def load_archive(root: Path, only: Iterable[str] | None = None, advice: bool = True,
                 parallel: bool = False) -> Archive:
    """Load the archive under root. With `only` (repository paths of profiles), read just
    those files: the others are known by file name (id and kind, enough to resolve
    references) and only the named files' problems are reported (`make check FILES=…`).
    Without `advice`, typography advice (warnings, never fatal) is not computed: the site
    build does not show it, and it is the slowest check (`make check` shows it).
    parallel: parse and check the files not known from the last build on every core (forked
    processes; a one-off build)."""
    root = Path(root)
    profiles_dir = root / "profiles"
    schema = Schema.load(profiles_dir / "vocabularies.yaml")
    archive = Archive(schema, root=root)
    archive.problems.extend(schema.problems)
    first_seen: dict[str, str] = {}
    only = None if only is None else set(only)
    not_named: list[tuple[str, str, str, str]] = []   # (path, rel, kind, id) of files left unread
    read: list[tuple[str, str, str, bytes | OSError]] = []  # (rel, kind, id, bytes or why not) of the rest

    now = today()        # one day for every file, however long the load takes
    started = time.time_ns()
    start = len(str(profiles_dir)) + 1
    for path in _profile_paths(str(profiles_dir)):
        parts = path[start:].split(os.sep)
        rel = "/".join(("profiles", *parts))
        folder = parts[0] if len(parts) > 1 else ""
        if folder in NON_PROFILE_FOLDERS:
            continue
        try:
            info = os.lstat(path)
        except OSError:
            info = None                    # gone since listed: reading it says why
        if info is not None and stat.S_ISLNK(info.st_mode):   # before anything else: a link is never read
            archive.problems.append(problem(rel, 0, "E018", what="符号链接"))
            continue
        kind = schema.kind_of_folder(folder) if len(parts) == 2 else None
        if kind is None:
            folders = "、".join(f"profiles/{spec['folder']}/（{spec['label']}）" for spec in schema.kinds.values())
            archive.problems.append(problem(rel, 0, "E204", folders=folders))
            continue
        entity_id, suffix = os.path.splitext(parts[-1])
        if suffix != ".md" or not ID_RE.match(entity_id):     # ce-shi.MD, ce-shi.markdown too
            archive.problems.append(problem(rel, 0, "E009", name=parts[-1]))
            continue
        if entity_id in schema.reserved_ids:                       # index.md: the folder's list
            archive.problems.append(problem(rel, 0, "E019", value=entity_id, why=schema.reserved_ids[entity_id],
                                            reserved="、".join(schema.reserved_ids)))
            continue
        if entity_id in first_seen:
            archive.problems.append(problem(rel, 0, "E203", value=entity_id, other=first_seen[entity_id]))
            if only is not None and first_seen[entity_id] in only and rel not in only:
                archive.problems.append(problem(first_seen[entity_id], 0, "E203", value=entity_id, other=rel))
            continue
        first_seen[entity_id] = rel
        if only is not None and rel not in only:
            archive.unread[entity_id] = kind
            not_named.append((path, rel, kind, entity_id))
            continue

        seen = _UNCHANGED.unchanged(rel, info, (kind, advice, now, schema.fingerprint))
        if seen is not None:
            read.append((rel, kind, entity_id, seen))
            continue
        try:
            read.append((rel, kind, entity_id, files.read_regular(path, MAX_FILE_KB * 1024)))
        except OSError as err:
            read.append((rel, kind, entity_id, err))
        else:
            _UNCHANGED.note(rel, info, (kind, advice, now, schema.fingerprint), started)

    _CHECKS.read = {(rel, advice) for rel, *_ in read}
    if only is None:
        there = {rel for rel, *_ in read}        # forget the files no longer there (deleted, renamed)
        _UNCHANGED.keep_only(there)
        _ENTITIES.keep_only(there)
    if parallel:
        _check_in_parallel(schema, [(rel, kind, raw) for rel, kind, _, raw in read if isinstance(raw, bytes)], now, advice)
    field_errors: list[Problem] = []      # each file's own: see _leave_out_what_cannot_be_shown
    for rel, kind, entity_id, raw in read:
        if isinstance(raw, OSError):
            archive.problems.append(unreadable(rel, raw))
            continue
        checked = raw if isinstance(raw, _Checked) else _parse_and_check(schema, kind, raw, rel, now, advice)
        _UNCHANGED.checked(rel, checked)
        archive.problems.extend(p for p in checked.problems if not p.is_warning)
        archive.warnings.extend(p for p in checked.problems if p.is_warning)
        field_errors += [p for p in checked.problems if not p.is_warning]
        if checked.meta is not None:
            archive.entities[entity_id] = _entity(entity_id, kind, rel, checked)

    media_dir = profiles_dir / "media"
    if media_dir.is_dir() and not media_dir.is_symlink():
        found, others = files.regular_files(media_dir)
        archive.media = {Path(rel).as_posix() for rel in found}      # published beside the pages
        archive.problems.extend(problem(f"profiles/media/{Path(rel).as_posix()}", 0, "E018", what=what)
                                for rel, what in others)
        archive.problems.extend(media.check(media_dir, archive.media))
    elif media_dir.is_symlink():
        archive.problems.append(problem("profiles/media", 0, "E018", what="符号链接"))
    archive.problems.extend(check_references(archive, suggest=_suggest))
    campaign_problems = campaigns.check(archive, _with_campaign_context(archive, schema, not_named, now), _suggest)
    archive.problems.extend(p for p in campaign_problems if not p.is_warning)
    archive.warnings.extend(p for p in campaign_problems if p.is_warning)
    archive.problems.extend(check_study(archive))
    archive.redirects, redirect_lines, redirect_problems = redirects.load(root)
    archive.problems.extend(redirect_problems)
    archive.problems.extend(redirects.check(archive, archive.redirects, redirect_lines))
    archive.synonyms, synonym_lines, synonym_problems = synonyms.load(root)
    archive.problems.extend(synonym_problems)
    if only is None:                  # (a target may be in any profile: only when all are read)
        archive.problems.extend(synonyms.check(archive, archive.synonyms, synonym_lines))
    _leave_out_what_cannot_be_shown(archive, field_errors)
    if only is not None:
        archive.problems = [p for p in archive.problems if p.path in only]
        archive.warnings = [p for p in archive.warnings if p.path in only]
    archive.problems.sort()
    archive.warnings.sort()
    return archive


def unreadable(rel: str, err: OSError) -> Problem:
    """Why a file of the archive was not read, as a problem on it."""
    if isinstance(err, files.NotRegular):
        return problem(rel, 0, "E018", what=err.what)
    if isinstance(err, files.TooLarge):
        return problem(rel, 0, "E003", size=err.size // 1024, limit=MAX_FILE_KB)
    return problem(rel, 0, "E001", detail=os_error(err))


def _with_campaign_context(archive: Archive, schema: Schema, not_named, now: str) -> dict[str, Entity]:
    """The loaded profiles plus, when only some files are checked, the campaigns and the
    profiles with nominations among the others: a quota is counted over every file."""
    entities = dict(archive.entities)
    for path, rel, kind, entity_id in not_named:
        try:
            raw = files.read_regular(path, MAX_FILE_KB * 1024)
        except OSError:       # reported (E001) when that file is checked itself
            continue
        if campaigns.needs_reading(kind, raw):
            checked = _parse_and_check(schema, kind, raw, rel, now)
            if checked.meta is not None:
                entities[entity_id] = _entity(entity_id, kind, rel, checked)
    return entities


def _entity(entity_id: str, kind: str, rel: str, checked: _Checked) -> Entity:
    """Under serve, the entity of the last load when its file's checks are the very same object
    (an unchanged file, _Unchanged) and found no error in it: what pages ask of an entity (its
    title, address, pinyin) is then worked out once, not in every rebuild. (An entity never
    changes once loaded, but for those with errors: _leave_out_what_cannot_be_shown.)"""
    known = _ENTITIES.data.get(rel) if _ENTITIES.active else None
    if known is not None and known[0] is checked:
        return known[1]
    parsed = checked.parsed
    entity = Entity(entity_id, kind, rel, checked.meta, parsed.body, parsed.body_line, parsed.lines, checked.refs,
                    source=checked.digest, fields=checked.fields)
    if _ENTITIES.active and all(p.is_warning for p in checked.problems):
        _ENTITIES.data[rel] = (checked, entity)
    return entity


_ENTITIES = CACHE.store("profiles loaded", serve_only=True)      # rel -> (its checks, its entity)


# script, outside images, forged markers, HTML outside the allow-list; a text past the limits
# (E016) must not reach Markdown, under serve either
_NOT_SHOWN = {"E016", "E301", "E302", "E303", "E304", "E305", "E307", "E308", "E309"}


def _leave_out_what_cannot_be_shown(archive: Archive, problems: list[Problem]) -> None:
    """Once every check has run, for `mkdocs serve`, the only build that renders profiles with
    errors (and shows the errors above every page):
    - the fields of a wrong type (E103, `positions: [外科]`) are left out: the page generators
      expect each field of the type the schema gives, and must not fail on another. (A value of
      the right type but wrong, such as a date written “昨天”, is shown as written.)
    - a text with script, outside images, forged markers or other HTML outside the allow-list
      (E301–E308) is not shown: a reviewer previewing a contributor's pull request must not run
      what it brings (the sanitiser would remove it too); nor is a text past the limits (E016),
      which would hang Markdown."""
    bad: dict[str, set[str]] = {}
    for p in problems:
        if p.field and (p.code == "E103" or (p.field == "正文" and p.code in _NOT_SHOWN)):
            bad.setdefault(p.path, set()).add(re.split(r"[.\[]", p.field, maxsplit=1)[0])
    for e in archive.entities.values():
        if e.path in bad:
            e.source = e.fields = ""           # no longer what the file says
            e.meta = {k: v for k, v in e.meta.items() if k not in bad[e.path]}
            if "正文" in bad[e.path]:
                e.body = "（正文含有不能显示的内容，见上方列出的问题；改正后即显示正文。）"



def _digest(schema: Schema, kind: str, raw: bytes, now: str) -> str:
    """The cache key of one file's checks: its bytes, kind and schema, and the day (a source's
    date later than today, E120, is no longer one the next day)."""
    return hashlib.sha1(raw + kind.encode() + schema.fingerprint.encode() + now.encode()).hexdigest()


def _parse_and_check(schema: Schema, kind: str, raw: bytes, rel: str, now: str, advice: bool = True) -> _Checked:
    digest = _digest(schema, kind, raw, now)
    known = _CHECKS.lookup((rel, advice), digest)
    if known is not None:
        return known
    parsed = parse(raw, rel)
    problems = list(parsed.problems)
    refs = []
    if parsed.meta is not None:
        field_problems, refs = check_fields(schema, kind, parsed.meta, rel, parsed.line_of)
        problems += field_problems
        problems += check_entity(parsed, kind, rel, now)
        if any(p.code == "E306" for p in problems):    # said once; typography, the pages and serve get U+FFFD
            parsed = dataclasses.replace(parsed, meta=_writable(parsed.meta))
        problems += typography.check(schema, kind, parsed, rel, advice)
    meta = None if parsed.meta is None else prune(parsed.meta)
    fields = "" if meta is None else hashlib.sha1(json.dumps(meta, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    checked = _Checked(parsed, problems, refs, meta, digest, fields)
    _CHECKS.keep((rel, advice), digest, checked)
    return checked


_job: dict = {}      # what the forked processes inherit
_PARALLEL_FROM = 200  # files to parse: fewer are not worth starting processes for


def _check_in_parallel(schema: Schema, files: list[tuple[str, str, bytes]], now: str, advice: bool) -> None:
    """Parse and check, on every core, the files whose bytes the cache does not know; into the
    cache (the workers' additions come back as every worker's do: forking.map_on_cores)."""
    todo = [(rel, kind, raw) for rel, kind, raw in files
            if _CHECKS.data.get((rel, advice), ("",))[0] != _digest(schema, kind, raw, now)]
    _job.update(schema=schema, now=now, advice=advice)
    try:     # (None: the files are checked one by one, as they are gone through)
        forking.map_on_cores(_checked, todo, _PARALLEL_FROM)
    finally:
        _job.clear()


def _checked(file: tuple[str, str, bytes]) -> None:
    rel, kind, raw = file
    _parse_and_check(_job["schema"], kind, raw, rel, _job["now"], _job["advice"])


def _writable(value):
    """A copy with U+FFFD for each lone surrogate (a YAML escape such as "\ud800", reported as
    E306): no character, it cannot be written, and `mkdocs serve` goes on with the profile."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_writable(k): _writable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_writable(v) for v in value]
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def prune(value):
    """A copy without blank values (an empty field of a scaffold means "not written").
    Inner values are pruned first: a pruned mapping or list is blank only when empty."""
    if isinstance(value, dict):
        pruned = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if not is_blank(v)}
    if isinstance(value, list):
        return [v for v in map(prune, value) if not is_blank(v)]
    return value


def _suggest(value: str, candidates: list[str]) -> str:
    close = difflib.get_close_matches(value, candidates, n=3, cutoff=0.6)
    return f"；是否想写：{'、'.join(close)}" if close else ""
