"""Every generated page of the site, as (src_uri, markdown): the one entry point
the MkDocs hooks (or another generator) need.

The package, from the bottom up: text.py (text helpers and page addresses), facets.py (browse
facets and their addresses), writer.py (PageWriter: links and the blocks every page shares),
campaign_blocks.py (blocks of campaign and activity pages), kinds/ (one module per kind of
profile) registered in profiles.py, and beside them the listings, browse pages, study kits,
posters, home page, campaign dashboards and the field reference. Imports run one way, down
(tests/test_architecture.py)."""
from __future__ import annotations

import contextlib
import hashlib
import json
from typing import Iterator

from ..domain.campaigns import exports as nomination_files
from ..domain.history import Change, file_history, last_changes
from ..domain.model import Archive
from ..load import redirects
from ..outputs import qr
from ..outputs.exports import data_files
from ..outputs.feed import SRC as FEED_SRC, feed_xml
from ..runtime import forking
from ..runtime.cache import CACHE
from ..runtime.context import BuildContext
from ..text.markup import esc, island
from . import listings, profiles
from .browse import Browse
from .dashboard import dashboard_page, has_dashboard
from .home import home_page
from .posters import KINDS as POSTER_KINDS, poster_pages
from .reference import fields_page, guide_page
from .study import StudyKits
from .text import compressed, date, packed, unpacked
from .writer import PageWriter


def history_line(change: Change | None, serving: bool) -> str:
    """When the profile last changed (from git history), at the foot of its page. Who changed
    it is for editors: a git identity (often an English name or an address) is not for readers."""
    if change is None:
        return ""
    who = f"，修改人：{esc(change.author)}" if serving else ""
    return "\n\n" + island(f'<p class="ea-history">最后更新：{date(change.date, esc)}{who}</p>')


def all_pages(archive: Archive, context: BuildContext | None = None, site_name: str = "楷模档案",
              parallel: bool = False, featured: list[str] | None = None, intro: str = "",
              contact: str = "", compress: bool = False) -> list[tuple[str, str | bytes]]:
    """context: the build (hooks/adapter.py): its site address (SITE_URL) for QR codes (without
    one a notice instead), and whether it is the editors' view (`mkdocs serve`: review notes,
    hints) or the readers' edition; none: a local build of the readers' edition.
    parallel: write the profiles' own pages in a forked process while this one writes the rest
    (a one-off build on several cores; README "性能"). featured: the editors' choice of exemplars
    for the home page (mkdocs.yml extra.archive.featured); intro: its first paragraph;
    contact: where readers report an error. compress: the pages' Markdown as text.compressed()
    gives it, made so as soon as each part is done (the forked process's before it is sent)."""
    writer = PageWriter(archive, context, site_name, contact=contact)
    site_url = writer.site_url
    changes = last_changes(archive.root) if archive.root is not None else {}
    finished = compressed if compress else list
    _job.update(writer=writer, changes=changes, finished=finished)
    try:
        if site_url and parallel:    # the profiles' pages (forked) and their posters (here) share the codes: made once
            qr.prepare(site_url, [e.url for kind in POSTER_KINDS for e in writer.of_kind(kind)])
        with forking.pool(1) if parallel else contextlib.nullcontext() as pool:
            forked = pool.apply_async(_profile_pages_forked) if pool is not None else None
            pages = _listing_pages(writer, finished)
            if forked is not None:
                own_pages, cached = forked.get()
                CACHE.merge(cached)        # what it learnt (pinyin, words, codes) is kept for the next build
                pages += own_pages
            else:
                pages += finished(_profile_pages())
            profiles.forget_all_but(archive.entities)
        pages += finished([home_page(writer, featured, changes, intro)])
        CACHE.flush()            # what was kept on disk for the next build
    finally:
        _job.clear()
    return sorted(pages)


_job: dict = {}     # what the forked process inherits


def _profile_pages() -> Iterator[tuple[str, str]]:
    writer, changes = _job["writer"], _job["changes"]
    return profiles.pages(writer, {e.id: history_line(changes.get(e.path), writer.serving)
                                   for e in writer.archive.entities.values()})


def _profile_pages_forked() -> tuple[list[tuple[str, str | bytes]], dict]:
    pages = _job["finished"](_profile_pages())
    CACHE.flush()                # the pages kept for the next build go to the file, not back to the parent
    return pages, CACHE.worker_results()


def _listing_pages(writer: PageWriter, finished=list) -> list[tuple[str, str | bytes]]:
    """Every page but the profiles' own: indexes, browse, posters, study kits …, each part
    finished (all_pages) as soon as it is made."""
    archive = writer.archive
    browse = Browse(writer)

    def key() -> str:
        return _listing_key(archive, writer.site_url, writer.site_name, writer.serving, writer.contact, writer.mentioned_by)

    def make() -> list[tuple[str, str]]:
        return ([listings.index(writer, kind) for kind in archive.schema.kinds] + browse.pages() + listings.mentions_pages(writer)
                + StudyKits(writer).pages() + [dashboard_page(writer, e) for e in writer.of_kind("campaign") if has_dashboard(writer, e)])

    pages = finished(_kept_or_made("listing pages", key, make))
    # Posters quote the lead of a person's or group's own text (their 事迹): kept apart, each
    # profile's by its own 事迹, so that an edit of that text makes only its posters again.
    pages += poster_pages(writer, _listing_key(archive, writer.site_url, writer.site_name, writer.serving,
                                               writer.contact, writer.mentioned_by), finished)
    pages += finished([fields_page(archive.schema), guide_page(archive.root), *redirects.pages(archive)])
    return pages


def other_files(archive: Archive, context: BuildContext | None = None, description: str = "") -> list[tuple[str, bytes]]:
    """Generated files that are not pages: the open data (data/*.json), the 推荐人员名单
    (data/nominations.csv and .xlsx) and the feed (feed.xml), with absolute links if the build
    (context) has the site's address."""
    site_url = context.site_url if context is not None else ""
    history = file_history(archive.root) if archive.root is not None else {}
    feed = (FEED_SRC, feed_xml(archive, history, site_url, description))
    data = _kept_or_made("open data", lambda: _listing_key(archive, site_url), lambda: data_files(archive, site_url))
    CACHE.flush()
    return sorted(data + nomination_files(archive, site_url) + [feed])


# -- what lists every profile is kept while nothing it shows changed (.cache/, and under serve) ----
# The index, browse, "提及", poster, study and campaign pages and the open data show the profiles'
# front matter, the links between profiles and the text of policies, spirits, campaigns …, never
# the text of a person's or group's own profile: after the usual edit, of that text, a rebuild
# reuses them (10,000 profiles: rebuild under serve 6.6 -> 4 seconds).
_OWN_TEXT_UNLISTED = ("person", "group")
_LISTINGS = CACHE.kept("listings", "listings", pack=packed, unpack=unpacked, note_keys=True)    # name -> (key, pages or files)
_PROFILES_DIGEST = CACHE.store("profiles digest")     # archive -> digest of its profiles: one pass for all keys


def _listing_key(archive: Archive, *also) -> str:
    """Everything those pages and files read: every profile's front matter and place, the text
    of all but people and groups, the references between profiles, the schema and vocabularies,
    and `also`."""
    known = _PROFILES_DIGEST.data
    if known.get("archive") is not archive:
        known.update(archive=archive, digest=_profiles_digest(archive))
    return _digest([known["digest"], also])


def _profiles_digest(archive: Archive) -> str:
    entities = archive.entities.values()
    if all(e.fields and e.source for e in entities):
        # By the loader's digests of each file and of its fields, which hold the references too
        # (dumping 10,000 profiles' fields took a quarter of a second of every rebuild, and the
        # references between them 0.03 s more).
        lines = "\n".join(f"{e.id} {e.kind} {e.path} {e.fields} {'' if e.kind in _OWN_TEXT_UNLISTED else e.source}"
                          for e in entities)
        return _digest([hashlib.sha1(lines.encode("utf-8")).hexdigest(), archive.schema.fingerprint])
    front = [[e.id, e.kind, e.path, e.fields or e.meta, "" if e.kind in _OWN_TEXT_UNLISTED else e.body]
             for e in entities]
    return _digest([front, archive.referenced_by, archive.schema.fingerprint])


def _digest(value) -> str:
    return hashlib.sha1(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _kept_or_made(name: str, key, make) -> list:
    """make(), or what it made last time if key() is the same."""
    key = key()
    known = _LISTINGS.lookup(name, key)
    if known is not None:
        return list(known)       # a copy: the caller adds to it
    made = make()
    _LISTINGS.keep(name, key, tuple(made))
    return made
