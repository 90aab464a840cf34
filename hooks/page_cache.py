"""Rebuilds under `mkdocs serve` reuse the HTML of pages that did not change.

MkDocs renders every page on every rebuild (Markdown, then the theme's templates): at 1,000
profiles that is most of a rebuild, though an edit changes only a few pages (the profile, and
the pages that list or mention it). A page's HTML is determined by its Markdown and front
matter, and by what all pages share: the configuration, the navigation (with titles) and the
theme's files. When all of these are as at an earlier rebuild, the page is not rendered again:
it is neither converted from Markdown nor put through the theme's templates (an empty
template), and the stored HTML is written instead. Pages whose Markdown changed (the edited
profile, the backlinks of the profiles it mentions, the index listing its abstract) are
rendered as usual. `mkdocs build` runs in a fresh process and never uses this (MkDocs' own pages
are few; page_renderer.py reuses the generated pages' HTML from build to build by digest()).

Its stores ("mkdocs pages", "jinja templates") are the cache layer's (archive/runtime/cache.py),
used under serve only; MkDocs re-imports the hooks file on every rebuild, this module is
imported once per process.
"""
from __future__ import annotations

import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils import meta as mkdocs_meta

from archive.runtime.cache import CACHE
from archive.text import segment

TEMPLATE = "archive-cached.html"     # in docs/overrides/: writes nothing (on_post_page returns the HTML)
_MAX_PAGES = 50_000


@dataclass
class Entry:
    html: bytes          # the written page, compressed
    title: str
    anchors: set
    search: object       # the page's search-index entry (search_index.Doc)


_PAGES = CACHE.store("mkdocs pages", serve_only=True, note_keys=True, limit=_MAX_PAGES)   # src_uri -> (digest, Entry)
_TEMPLATES = CACHE.store("jinja templates", serve_only=True)     # Jinja's bucket key -> bytecode


def _nav_signature(items) -> list:
    out = []
    for item in items:
        if getattr(item, "children", None):
            out.append(["section", item.title, _nav_signature(item.children)])
        elif getattr(item, "file", None) is not None:
            out.append(["page", item.file.src_uri, item.title, _title_source(item.file)])
        else:
            out.append(["link", item.title, getattr(item, "url", "")])
    return out


def _title_source(file) -> str:
    """What a page's title in the navigation comes from. A hand-written page: all of it (a title
    may stand in its front matter or its first heading, written in any of Markdown's ways). A
    generated page (an index changes with every profile): its front matter and first heading."""
    try:
        text = file.content_string
    except (OSError, UnicodeDecodeError):     # MkDocs reports it when it reads the page
        return ""
    if file.generated_by is None:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    front = mkdocs_meta.YAML_RE.match(text)
    rest = text[front.end():] if front else text
    heading = next((line for line in rest.splitlines() if line.lstrip().startswith("#")), "")
    return (front.group(0) if front else "") + heading


def _theme_signature(config) -> list:
    """The theme's files outside the installed packages (its overrides: docs/overrides/), by
    content; Material's and MkDocs' own change only with their versions (digest(), and the cache
    layer's fingerprint)."""
    import material
    import mkdocs
    installed = [Path(package.__file__).resolve().parent for package in (material, mkdocs)]
    out = []
    for folder in config.theme.dirs:
        if any(Path(folder).resolve().is_relative_to(package) for package in installed):
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                out.append([str(path), hashlib.sha1(path.read_bytes()).hexdigest()])
    return out


def digest(config, nav, files) -> str:
    """What every page's HTML and search entry depend on besides its own Markdown: the
    configuration, the navigation, the theme's files, the site's other files, whether this is
    the editors' view (serve) or the readers' edition, and the search's dictionary (it holds the
    profiles' names: a rename changes how other pages' text is cut into words). page_renderer.py
    reuses its pages' HTML and search entries by it, under serve and from build to build."""
    import material
    static = sorted(f.src_uri for f in files if not f.is_documentation_page())
    data = [config.config_file_path and Path(config.config_file_path).read_text(encoding="utf-8"),
            config.site_url, config.repo_url, config.edit_uri, config.site_dir, material.__version__,
            _nav_signature(nav.items), static, _theme_signature(config), CACHE.serving, segment.fingerprint()]
    return hashlib.sha1(json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def lookup(page, markdown: str, shared: str | None) -> str:
    """Called with a page's final Markdown: "" (and the page marked as cached) when its HTML
    is known, else the Markdown itself. shared: what shared() gave for this build."""
    page.archive_cache_key = None
    if shared is None:
        return markdown
    meta = json.dumps(page.meta, ensure_ascii=False, sort_keys=True, default=str)
    digest = hashlib.sha1("\0".join([shared, meta, markdown]).encode("utf-8")).hexdigest()
    known = _PAGES.lookup(page.file.src_uri, digest)
    if known is None:
        page.archive_cache_key = (page.file.src_uri, digest)
        return markdown
    entry = page.archive_cached = known
    page.meta["template"] = TEMPLATE
    page.meta.setdefault("title", entry.title)
    return ""        # MkDocs converts an empty page; its anchors are given back by rendered()


def cached(page) -> Entry | None:
    return getattr(page, "archive_cached", None)


def rendered(page) -> None:
    """From on_page_content: a cached page has the anchors its HTML holds (MkDocs checks links
    from other pages to them)."""
    entry = cached(page)
    if entry is not None:
        page.present_anchor_ids = set(entry.anchors)


def store_or_restore(page, output: str, search) -> str:
    """From on_post_page: a rendered page's HTML is stored; a cached page's (whose template
    wrote nothing) is returned."""
    entry = cached(page)
    if entry is not None:
        return zlib.decompress(entry.html).decode("utf-8")
    key = getattr(page, "archive_cache_key", None)
    if key is None:
        return output
    src_uri, digest = key
    _PAGES.keep(src_uri, digest, Entry(zlib.compress(output.encode("utf-8"), 1), str(page.title or ""),
                                       set(page.present_anchor_ids or ()), search))
    return output


def templates(env, folder: Path | None) -> None:
    """Give the theme's environment the templates compiled before: under serve, by earlier
    rebuilds (in memory: each rebuild makes a new environment and would compile the theme's
    templates again, about a second); in a build, by earlier builds (on disk in `folder`, the
    cache layer's .cache/jinja, None when off), for this process and each of page_renderer's
    workers would otherwise compile them all again."""
    import jinja2

    if _TEMPLATES.active:
        class InMemory(jinja2.BytecodeCache):
            def load_bytecode(self, bucket):
                code = _TEMPLATES.get(bucket.key)
                if code is not None:
                    bucket.bytecode_from_string(code)

            def dump_bytecode(self, bucket):
                _TEMPLATES.put(bucket.key, bucket.bytecode_to_string())
        env.bytecode_cache = InMemory()
    elif folder is not None:
        class OnDisk(jinja2.FileSystemBytecodeCache):
            def dump_bytecode(self, bucket):
                try:
                    super().dump_bytecode(bucket)
                except OSError as error:     # a read-only checkout compiles them every time
                    CACHE.cannot_write(error)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            CACHE.cannot_write(error)
            return
        env.bytecode_cache = OnDisk(str(folder))
