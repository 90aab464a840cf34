"""Renders the archive's generated pages without MkDocs' per-page pipeline (README "性能").

MkDocs renders every page with a new Markdown converter and a full pass through the theme's
templates, in one process: at 1,000 profiles (about 2,400 pages) that was most of a build.
The generated pages that are not in the navigation (profiles, posters, browse and study
pages …) are rendered here instead; MkDocs is told to skip them (they are marked excluded
once the navigation is built, so links to them still resolve). For each page the plugins'
page events run as MkDocs runs them (page_markdown, page_content, page_context, post_page).

- Markdown: one converter per process, reset between pages, with the same extensions and the
  same link-resolving and title-extracting steps MkDocs registers (its own classes). Its
  anchor-collecting steps are left out: they serve only to check links from other pages to
  anchors in these pages, which MkDocs does not do for pages it skips.
  Conversions are kept on disk by the digest of their inputs (.cache/archive-pages.sqlite, a
  store of the cache layer: archive/runtime/cache.py), with the link targets they looked up and the warnings they gave: a later
  build reuses one only if every target still resolves as it did, and repeats its warnings
  (`mkdocs build --strict` still fails on a broken link). Beside them are the pages' search docs
  (search_index.analyse, keyed by everything it reads). A full build removes the entries it
  did not use.
- Theme: pages of one "shape" (same depth, same links to the navigation's folders, same
  template and front matter but for the title) differ only in a few values. For each shape
  the template is rendered once with sentinel values; every page of the shape is that output
  with its own values put in. So is the table of contents, with the theme's own partial
  (docs/overrides/archive-toc.html) rendered once per tree of headings.
- A full build spreads the pages over the machine's cores (forked processes). A page whose
  Markdown and surroundings (page_cache.digest) are as at the last build is kept: under
  `mkdocs serve` its HTML from the last rebuild is written as it was; in a build, its file from
  the last site is kept if it holds what that build wrote (by digest), its links' targets resolve
  as they did, and its warnings are said again.
- The folders of these pages are kept from the last build (old_site.py): a page whose file
  holds the same bytes is not written again.

The result is byte for byte what MkDocs' own rendering gives: tests/test_page_renderer.py builds
the site both ways and compares. `ARCHIVE_RENDER=mkdocs` leaves every page to MkDocs;
`ARCHIVE_CACHE=off` keeps no conversions on disk.

Caches (archive/runtime/cache.py): "page conversions", "page search docs" and "built pages" on
disk, and under serve "rendered pages" (src_uri -> the page's digest, its compressed HTML and
search entry) and "written pages" (a file of the site -> the digest of what was written there).
"""
from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import re
import shutil
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePath

import markdown as markdown_lib
import markupsafe
import yaml
from mkdocs.commands.build import get_context
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page, _ExtractTitleTreeprocessor, _RelativePathTreeprocessor
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import meta as mkdocs_meta, write_file

from archive.outputs import search_index
from archive.runtime import forking
from archive.runtime.cache import CACHE
from archive.runtime.files import is_regular

TOC_TEMPLATE = "archive-toc.html"      # in docs/overrides/: Material's toc partial, alone
_OLD_CACHE = "archive-pages"           # in .cache/: one file per entry, before the SQLite file
_SENTINEL = "\ue000{}\ue001"           # private-use characters: no template filter alters them
_SLOTS = ("title", "content", "content_h1", "toc", "toc_id", "canonical", "edit")
_SLOT_RE = re.compile("\ue000(" + "|".join(_SLOTS) + ")\ue001")
_SHAPE_FREE_META = ("title", "summary", "search_keys")   # put in per page, or read by us only
_MEMO_MAX = 50_000
_CHUNK = 40
_FRESH_AFTER = 50     # chunks each render worker does before new ones are forked (forking.in_order_on_fresh_pools)

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML without libyaml
    _Loader = yaml.SafeLoader


def take_over(files, nav, generated: set[str], enabled: bool = True) -> list:
    """From on_nav: the generated pages outside the navigation are rendered here; MkDocs skips
    them (excluded) but still resolves links to them. enabled: BuildContext.render_here
    (ARCHIVE_RENDER=mkdocs: none are)."""
    _NotExcluded.taken = set()
    if not enabled:
        return []
    taken, in_nav = [], {page.file.src_uri for page in nav.pages}
    for file in files.documentation_pages():
        if file.src_uri in generated and file.src_uri not in in_nav:
            file.inclusion = InclusionLevel.EXCLUDED
            taken.append(file)
    _NotExcluded.taken = {f.src_uri for f in taken}
    return taken


class _NotExcluded(logging.Filter):
    """MkDocs says of every link to a page it skips that the page "is excluded from the built
    site": not so for the pages rendered here."""
    taken: set[str] = set()
    pattern = re.compile(r"contains a link to '([^']*)' which is excluded from the built site")

    def filter(self, record) -> bool:
        found = self.pattern.search(record.getMessage())
        return found is None or found.group(1) not in self.taken


logging.getLogger("mkdocs.structure.pages").addFilter(_NotExcluded())


def handles(page) -> bool:
    """For the hooks: is this page being rendered here (not by MkDocs)?"""
    return getattr(page, "archive_fast", False)


_job: dict = {}
_CONVERSIONS = CACHE.disk_store("page conversions", "conversions")
_SEARCH_DOCS = CACHE.disk_store("page search docs", "search_docs")
_RENDERED = CACHE.store("rendered pages", serve_only=True, note_keys=True, limit=_MEMO_MAX)   # src_uri -> (digest, html, search)
_WRITTEN = CACHE.store("written pages", serve_only=True)     # a file in the site -> digest written
_DIGESTS = CACHE.store("page digests", serve_only=True)      # src_uri -> (shared, Markdown, its digest)
_BUILT = CACHE.disk_store("built pages", "built")            # digest -> Built: a build's pages, for the next build


@dataclass
class Built:
    """A page as a build wrote it, for a later build to keep without rendering it: the digest of its
    HTML (the page is kept if the file taken back from the last site holds it: old_site.py), and
    where its conversion and search doc are kept (the other disk stores), with the link targets
    and warnings of its conversion (checked and said again, as for a kept conversion)."""
    html_digest: str           # sha1 of the HTML written
    conversion: str            # its key in "page conversions"
    search: str | None         # its key in "page search docs" (None: not indexed)
    targets: dict
    warnings: list


def render(taken: list, config, files, nav, env, shared: str | None, workers: int) -> dict:
    """Render and write the taken pages; returns {url: (key, search doc)} of the pages indexed (the
    key under which search_doc() finds the doc: None if not kept; the doc: None if not read).
    shared: the digest of what all pages share (page_cache.digest): under serve, and in a build
    with the cache on; a page whose Markdown is as it was then is written as it was."""
    if not taken:
        return {}
    on_disk = CACHE.database() is not None          # opened here, before any worker is forked
    _job.update(config=config, files=files, nav=nav, env=env, shared=shared, on_disk=on_disk,
                doc_files=files.documentation_pages(), skeletons={}, tocs={}, md=None,
                prefixes=_link_prefixes(nav, files), version=_version(config))
    uris = [f.src_uri for f in taken]
    parallel = workers > 1 and len(uris) > 4 * _CHUNK
    try:
        if parallel:
            chunks = [uris[i:i + _CHUNK] for i in range(0, len(uris), _CHUNK)]
            results = []
            for part, records, cached in forking.in_order_on_fresh_pools(workers, _in_worker, _render_chunk, chunks,
                                                                         2 * workers, _FRESH_AFTER):
                results += part
                CACHE.merge(cached)
                for name, level, message in records:     # said here: counted by --strict
                    logging.getLogger(name).log(level, message)
        else:    # one core, serve or few pages
            results, _, _ = _render_chunk(uris)
        if on_disk and not CACHE.serving:
            shutil.rmtree(CACHE.path(_OLD_CACHE), ignore_errors=True)
    finally:
        CACHE.close()
        _job.clear()
    if CACHE.serving:       # forget pages no longer made (old_site.py deletes them)
        for gone in set(_WRITTEN.data) - {f.abs_dest_path for f in taken}:
            del _WRITTEN.data[gone]
        for gone in set(_DIGESTS.data) - set(uris):
            del _DIGESTS.data[gone]
    return {url: search for url, search, _ in results if search is not None}


def _in_worker() -> None:
    """A forked worker's messages go back to the main process, which logs them."""
    logger = logging.getLogger("mkdocs")
    for handler in logger.handlers[:]:
        logger.removeHandler(handler)
    _job["records"] = _Collect()
    logger.addHandler(_job["records"])


def _render_chunk(uris: list[str]) -> tuple[list[tuple[str, object, str]], list, dict]:
    """Results, log records and cache results (in a worker) of some pages."""
    files, collect = _job["files"], _job.get("records")
    results = [_render_page(files.src_uris[uri]) for uri in uris]
    CACHE.flush()
    records = collect.records[:] if collect is not None else []
    if collect is not None:
        collect.records.clear()
    return results, records, CACHE.worker_results() if collect is not None else {}


def _render_page(file) -> tuple[str, object, str]:
    """(url, (search key, search doc) or None if not indexed, src_uri if rendered else "") of one
    page, written to the site."""
    config, files, nav = _job["config"], _job["files"], _job["nav"]
    plugins = config.plugins
    source = file.content_string
    digest = None
    if _job["shared"] is not None:             # an unchanged page is written as it was
        digest = _digest(file.src_uri, _job["shared"], source)
        known = _reused(file, digest)
        if known is not _RENDER:
            return file.url, known, ""
    page = Page(None, file, config)
    page.archive_fast = True
    page.markdown, page.meta = _front_matter(source)
    page.markdown = plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    _convert(page)
    page.content = plugins.on_page_content(page.content, page=page, config=config, files=files)
    page.active = True
    context = get_context(nav, _job["doc_files"], config, page)
    context = plugins.on_page_context(context, page=page, config=config, nav=nav)
    html = plugins.on_post_page(_fill(page, context), page=page, config=config)
    page.active = False
    data = html.encode("utf-8", errors="xmlcharrefreplace")
    _write(data, file.abs_dest_path)
    page.content = page.markdown = ""     # written: free it (the file keeps a reference to its page)
    doc = getattr(page, "archive_search", None)
    search = (getattr(page, "archive_search_key", None), doc) if doc is not None else None
    if digest is not None and CACHE.serving:
        _RENDERED.keep(file.src_uri, digest, (zlib.compress(data, 1), search))
        _WRITTEN.put(file.abs_dest_path, digest)
    elif digest is not None and _job["on_disk"] and (search is None or search[0] is not None):
        key, targets, warnings = page.archive_conversion
        _BUILT.put(digest, Built(hashlib.sha1(data).hexdigest(), key, search and search[0], targets, warnings))
    return file.url, search, file.src_uri


_RENDER = object()


def _digest(src_uri: str, shared: str, source: str) -> str:
    """Of a page's Markdown and what all pages share. Under serve the last rebuild's when its
    Markdown is the very same string (pages/ hands back what it kept for an unchanged page):
    hashing 22,000 pages took 0.3 s of every rebuild at 10,000 profiles."""
    known = _DIGESTS.data.get(src_uri) if CACHE.serving else None
    if known is not None and known[1] is source and known[0] == shared:
        return known[2]
    digest = hashlib.sha1("\0".join([shared, source]).encode("utf-8")).hexdigest()
    if CACHE.serving:
        _DIGESTS.put(src_uri, (shared, source, digest))
    return digest


def _reused(file, digest: str):
    """The search entry (as _render_page's; None: not indexed) of a page written as an earlier
    rebuild (serve) or build rendered it, or _RENDER when it must be rendered. A build's page is
    kept only if its links' targets resolve as they did and its file holds what that build wrote;
    its conversion's warnings are said again, and its conversion and search doc stay kept."""
    path = file.abs_dest_path
    if CACHE.serving:
        known = _RENDERED.lookup(file.src_uri, digest)
        if known is None:
            return _RENDER
        if _WRITTEN.data.get(path) != digest or not os.path.exists(path):   # else kept from the last rebuild
            _write(zlib.decompress(known[0]), path)
            _WRITTEN.put(path, digest)
        return known[1]
    built = _BUILT.get(digest) if _job["on_disk"] else None
    if not isinstance(built, Built) or not _targets_hold(built.targets) or _file_digest(path) != built.html_digest:
        return _RENDER
    if built.search is not None and not _SEARCH_DOCS.contains(built.search):
        return _RENDER
    _CONVERSIONS.used.add(built.conversion)     # kept for a build whose pages change around it
    for name, level, message in built.warnings:
        logging.getLogger(name).log(level, message)
    return (built.search, None) if built.search is not None else None


def _file_digest(path: str) -> str | None:
    """Of a regular file (not a link: old_site.py removes those from the folders it takes back)."""
    if not is_regular(path):
        return None
    try:
        with open(path, "rb") as file:
            return hashlib.sha1(file.read()).hexdigest()
    except OSError:          # no file yet (or unreadable): the page is rendered and written anew
        return None


def search_doc(key: str):
    """A page's search doc kept on disk (None if it is not there)."""
    doc = _SEARCH_DOCS.get(key)
    return doc if isinstance(doc, search_index.Doc) else None


def _write(data: bytes, path: str) -> None:
    """Write a page, unless its file (kept from the last build: old_site.py) holds it already:
    reading is far cheaper than writing."""
    try:
        with open(path, "rb") as old:
            if old.read() == data:
                return
    except IsADirectoryError:    # a folder where the page goes (the last site damaged): it goes
        shutil.rmtree(path)
    except OSError:          # nothing to compare with: written (and writing says what is wrong)
        pass
    write_file(data, path)


def _front_matter(source: str) -> tuple[str, dict]:
    """mkdocs.utils.meta.get_data, with libyaml (the generated pages always use YAML)."""
    match = mkdocs_meta.YAML_RE.match(source)
    if match is None:
        return mkdocs_meta.get_data(source)
    try:
        data = yaml.load(match.group(1), _Loader)
    except yaml.YAMLError:   # as get_data does (our own YAML: never in practice)
        return source, {}
    if not isinstance(data, dict):
        return source, {}
    return source[match.end():].lstrip("\n"), data


# --- Markdown -------------------------------------------------------------------------------

@dataclass
class Conversion:
    """Page.render's results for one page, as kept on disk."""
    content: str
    title: str | None          # of the first heading
    toc: list                  # Markdown's toc tokens
    targets: dict              # link target src_uri -> its URL then (None: missing)
    warnings: list             # (logger, level, message) given while converting


class _RecordingFiles:
    """The site's files, noting which link targets a conversion looked up."""

    def __init__(self, files):
        self._files, self.targets = files, {}

    def get_file_from_path(self, path):
        uri = PurePath(path).as_posix()          # as Files.get_file_from_path looks it up
        found = self._files.src_uris.get(uri)
        self.targets[uri] = found.url if found is not None else None
        return found

    def __getattr__(self, name):
        return getattr(self._files, name)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


def _version(config) -> str:
    """What a conversion depends on besides the page: the converter's configuration (its code and
    version are in the cache layer's fingerprint)."""
    return json.dumps([config["markdown_extensions"], config["mdx_configs"], config.use_directory_urls,
                       str(config.validation)], default=str, sort_keys=True)


def _convert(page: Page) -> None:
    """Page.render, reusing a conversion of the same inputs from an earlier build."""
    key = hashlib.sha256("\0".join([_job["version"], page.file.src_uri, page.markdown]).encode("utf-8")).hexdigest()
    done = _load(key)
    if done is None:
        done = _markdown(page)
        _CONVERSIONS.put(key, done)
    else:
        for name, level, message in done.warnings:
            logging.getLogger(name).log(level, message)
    page.content, page.toc, page._title_from_render = done.content, get_toc(done.toc), done.title
    page.archive_conversion = key, done.targets, done.warnings     # not its content: the page outlives its writing


def _markdown(page: Page) -> Conversion:
    if _job["md"] is None:
        config = _job["config"]
        _job["md"] = markdown_lib.Markdown(extensions=config["markdown_extensions"],
                                           extension_configs=config["mdx_configs"] or {})
    md, config = _job["md"], _job["config"]
    files = _RecordingFiles(_job["files"])
    md.reset()
    # MkDocs' anchor-collecting steps (_RawHTMLPreprocessor, _ExtractAnchorsTreeprocessor) only
    # read the page, for checking links to its anchors from other pages: not run (README "性能").
    _RelativePathTreeprocessor(page.file, files, config)._register(md)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    # The warnings are kept with the conversion, for every later build to give again: they are
    # collected even when this build is quiet (`mkdocs build -q` drops warnings), and then said
    # as any other message is (a quiet build once stored none, and the next `--strict` passed).
    collect, logger = _Collect(), logging.getLogger("mkdocs")
    saved = logger.level, logger.handlers[:]
    logger.setLevel(min(logger.getEffectiveLevel(), logging.WARNING))
    logger.handlers[:] = [collect]
    page.file.inclusion = InclusionLevel.NOT_IN_NAV   # MkDocs plays down broken links on excluded pages
    try:
        content = md.convert(page.markdown)
    finally:
        page.file.inclusion = InclusionLevel.EXCLUDED
        logger.setLevel(saved[0])
        logger.handlers[:] = saved[1]
    for name, level, message in collect.records:
        logging.getLogger(name).log(level, message)
    return Conversion(content, title.title, getattr(md, "toc_tokens", []), files.targets, collect.records)


def _load(key: str) -> Conversion | None:
    done = _CONVERSIONS.get(key) if _job["on_disk"] else None
    if not isinstance(done, Conversion):
        return None
    if not _targets_hold(done.targets):          # a link's target added, removed or moved: convert again
        _CONVERSIONS.hits -= 1
        _CONVERSIONS.miss(key, stale=True)
        return None
    return done


def _targets_hold(targets: dict) -> bool:
    """Whether every link target a conversion looked up resolves as it did then."""
    files = _job["files"].src_uris
    for uri, url in targets.items():
        found = files.get(uri)
        if (found.url if found is not None else None) != url:
            return False
    return True


def search_store(page):
    """For the hooks: where a page's search doc is kept between builds (None: nowhere): on disk
    with the conversions (by the digest of everything the analysis reads), so that a later
    build need not segment an unchanged page again."""
    return _SEARCH_DOCS if handles(page) and _job.get("on_disk") else None


# --- the theme, once per shape ---------------------------------------------------------------

def _link_prefixes(nav, files) -> set[tuple]:
    """Every leading run of path segments of the URLs a theme links to (navigation, assets)."""
    urls = [page.url for page in nav.pages] + [f.url for f in files if not f.is_documentation_page()]
    return {tuple(url.split("/")[:n]) for url in urls for n in range(1, url.count("/") + 1)}


def _shape(page: Page) -> tuple:
    """Pages of one shape get the same template output but for the sentinel values. A relative
    link from a page depends on its depth and on the leading segments it shares with the
    target: two pages at the same depth whose URLs share with every target the same segments
    (people/a/poster/ and people/b/poster/) link alike."""
    meta = {k: v for k, v in page.meta.items() if k not in _SHAPE_FREE_META}
    segments = page.url.split("/")
    shared = 0
    while shared < len(segments) and tuple(segments[:shared + 1]) in _job["prefixes"]:
        shared += 1
    return (page.url.count("/"), tuple(segments[:shared]),
            json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str),
            "title" in page.meta, "<h1" in page.content, bool(page.toc), bool(page.canonical_url),
            bool(page.edit_url))


class Skeleton:
    """A template's output for one shape, cut at the sentinel values."""

    def __init__(self, page: Page, context):
        env = _job["env"]
        saved = (page.meta, page.content, page.toc, page.canonical_url, page.edit_url, page._title_from_render)
        h1 = "<h1" in page.content
        try:
            if "title" in page.meta:
                page.meta = {**page.meta, "title": _SENTINEL.format("title")}
            page._title_from_render = _SENTINEL.format("title")
            page.content = _SENTINEL.format("content_h1" if h1 else "content") + ("<h1>" if h1 else "")
            if page.toc:
                top = AnchorLink(_SENTINEL.format("title"), _SENTINEL.format("toc_id"), 1)
                top.children.append(AnchorLink(_SENTINEL.format("toc"), "toc", 2))
                page.toc = TableOfContents([top])
            if page.canonical_url:
                page.canonical_url = _SENTINEL.format("canonical")
            if page.edit_url:
                page.edit_url = _SENTINEL.format("edit")
            html = env.get_template(page.meta.get("template", "main.html")).render(context)
            self.toc_template = env.get_template(TOC_TEMPLATE)
            if page.toc:
                toc = self.toc_template.render(context)
                if html.count(toc) != 1:
                    raise RuntimeError(f"{page.file.src_uri}: the theme's table of contents appears "
                                       f"{html.count(toc)} times; set ARCHIVE_RENDER=mkdocs")
                html = html.replace(toc, _SENTINEL.format("toc"))
            if h1:
                html = html.replace(_SENTINEL.format("content_h1") + "<h1>", _SENTINEL.format("content_h1"))
        finally:
            page.meta, page.content, page.toc, page.canonical_url, page.edit_url, page._title_from_render = saved
        self.parts = _SLOT_RE.split(html)      # literal, slot name, literal, slot name, …

    def fill(self, values: dict[str, str]) -> str:
        parts = self.parts[:]
        for i in range(1, len(parts), 2):
            parts[i] = values[parts[i]]
        return "".join(parts)


def _fill(page: Page, context) -> str:
    shape = _shape(page)
    skeleton = _job["skeletons"].get(shape)
    if skeleton is None:
        skeleton = _job["skeletons"][shape] = Skeleton(page, context)
    first = next(iter(page.toc), None)
    return skeleton.fill({
        "title": str(page.title), "content": page.content, "content_h1": page.content,
        "toc": _toc(page, context, skeleton.toc_template) if page.toc else "",
        "toc_id": first.id if first is not None else "", "canonical": page.canonical_url or "",
        "edit": page.edit_url or ""})


# --- the table of contents, once per tree shape ----------------------------------------------
# Rendering the theme's partial for every page (an include per heading) was a third of the
# renderer's time. Tables of contents with the same tree of headings differ only in their ids
# and titles: the partial is rendered once per tree with sentinels, and each page's values put in.
# A sentinel title ends in an empty tag, which the item's label (aria-label: the title without
# tags, escaped) loses; that is how the two are told apart in the output.

_TOC_SLOT = re.compile("\ue000([tu])(\\d+)\ue001(<i></i>)?")


def _toc_tree(items) -> tuple:
    return tuple((item.level, _toc_tree(item.children)) for item in items)


def _toc_items(items) -> list:
    """The items in document order (as the partial visits them)."""
    out = []
    for item in items:
        out.append(item)
        out += _toc_items(item.children)
    return out


def _toc(page: Page, context, template) -> str:
    tree = _toc_tree(page.toc)
    if tree not in _job["tocs"]:
        parts = _toc_skeleton(page, context, template)
        own = template.render(context)
        _job["tocs"][tree] = parts if _toc_filled(parts, page.toc) == own else None
        return own
    parts = _job["tocs"][tree]
    return template.render(context) if parts is None else _toc_filled(parts, page.toc)


def _toc_filled(parts: list, toc) -> str:
    items = _toc_items(toc)
    out = parts[:]
    for i in range(1, len(out), 2):
        kind, n = out[i]
        title = items[n].title
        out[i] = items[n].id if kind == "url" else str(title) if kind == "title" else _label(title)
    return "".join(out)


def _label(title) -> str:
    """`title | striptags | e`, as the partial writes an item's aria-label."""
    return str(markupsafe.escape(markupsafe.Markup(str(title)).striptags()))


def _toc_skeleton(page: Page, context, template) -> list:
    """The partial's output for this tree of headings, cut at the sentinels: literal, (kind, n),
    literal, … (n: the item's number in document order)."""
    def sentinels(items, numbers):
        out = []
        for item in items:
            n = next(numbers)
            copy = AnchorLink(f"\ue000t{n}\ue001<i></i>", f"\ue000u{n}\ue001", item.level)
            copy.children = sentinels(item.children, numbers)
            out.append(copy)
        return out

    saved = page.toc
    try:
        page.toc = TableOfContents(sentinels(page.toc, itertools.count()))
        html = template.render(context)
    finally:
        page.toc = saved
    parts: list = []
    pos = 0
    for match in _TOC_SLOT.finditer(html):
        parts.append(html[pos:match.start()])
        kind = "url" if match.group(1) == "u" else "title" if match.group(3) else "label"
        parts.append((kind, int(match.group(2))))
        pos = match.end()
    parts.append(html[pos:])
    return parts
