"""The MkDocs adapter: turns MkDocs events into calls of the archive package.

All knowledge of profiles lives in hooks/archive/; the adapter only loads the archive once per
build, reports its problems, and hands the generated pages to MkDocs, which renders those in
the navigation; page_renderer.py renders the rest (README "性能").

One object, ADAPTER, whose state lives on it. This module is imported once per process, however
often MkDocs runs the hooks file (mkdocs_hooks.py, a shim): what must outlive a rebuild (the
command, the old site's folders) is kept here, and the caches in the cache layer
(archive/runtime/cache.py). Each build gets a BuildContext (site URL, serve or build, the
cache), made in on_config and passed to what needs it. When Python's cycle collector runs is
archive/runtime/collector.py's to say.
"""
from __future__ import annotations

import hashlib
import logging
import os
import zlib
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

import page_cache
import page_renderer
from archive import load_archive
from archive.domain import campaigns
from archive.outputs import csp, search_index
from archive.outputs.feed import SRC as FEED_SRC, TITLE as FEED_TITLE
from archive.outputs.search_terms import teach_segmenter
from archive.pages import all_pages, other_files
from archive.pages.text import study_src
from archive.runtime import collector, forking
from archive.runtime.cache import CACHE
from archive.runtime.context import BuildContext
from archive.text.markup import Islands, admonition, esc, island, sanitise_contributions
from old_site import OldSite

log = logging.getLogger("mkdocs.hooks.archive")


class Adapter:
    """The archive as a MkDocs plugin: one method per event (mkdocs_hooks.py names them)."""

    def __init__(self):
        self.command = "build"
        self.dirty = False
        self.old_site = OldSite()
        self.context: BuildContext | None = None
        self.builds = 0         # begun in this process (under serve: the first build, then rebuilds)
        self.last_shared: str | None = None     # the last build's page_cache.digest (under serve)
        self.idle = None        # under serve: the collection set for after the last build (collector.py)
        self.idle_of = 0            # the build that set it
        self.called_off = False     # whether the last rebuild called off the one before it
        self._build_state()

    def _build_state(self) -> None:
        """What one build knows, from event to event."""
        self.archive = None
        self.search: dict = {}
        self.generated: set[str] = set()
        self.taken: list = []
        self.nav = self.files = None
        # What every page's HTML depends on besides its Markdown (page_cache.digest): under serve
        # for every page, in a build with the cache on for the pages page_renderer renders.
        self.shared: str | None = None

    @property
    def serving(self) -> bool:
        return self.context is not None and self.context.serving

    def on_startup(self, command: str, dirty: bool) -> None:
        # Called once under `mkdocs serve` (not again for each rebuild).
        self.command, self.dirty = command, dirty

    def on_config(self, config):
        # Generated pages carry their structure as HTML islands (archive/text/markup.py, README "性能").
        if not any(isinstance(ext, Islands) for ext in config.markdown_extensions):
            config.markdown_extensions.append(Islands())
        self._build_state()
        # Under serve the archive's caches live on in memory: only the first build starts from the last's.
        self.context = BuildContext.for_build(Path(config.config_file_path).resolve().parent, config.site_url or "",
                                              serving=self.command == "serve", dirty=self.dirty)
        if self.serving and self.builds:
            # a rebuild: the editor waits (archive/runtime/collector.py)
            self.called_off = collector.pause(self.idle, self.called_off)
        self.builds += 1
        return config

    def on_pre_build(self, config) -> None:
        # Runs before MkDocs cleans site/: a failed validation leaves the last good site as it was.
        # Typography advice is for `make check`; a one-off build checks the profiles on every core.
        archive = load_archive(self.context.root, advice=False, parallel=not self.serving)
        self.archive = archive
        self.search = {}
        teach_segmenter(archive)
        if archive.problems:
            for p in archive.problems:
                log.error(p.format())
            summary = f"档案检查未通过：{len({p.path for p in archive.problems})} 个文件共 {len(archive.problems)} 个问题（见上）。"
            if not self.serving:
                raise PluginError(summary)
            # Under `mkdocs serve` keep serving the valid profiles so the editor sees the rest.
            log.error(summary + "修正后保存即可自动重建。")
        self.old_site.set_aside(config.site_dir, self.context.reuse_old_site)   # valid: the last site may go
        self._settle()

    def on_files(self, files, config):
        profiles_dir = Path(config.config_file_path).resolve().parent / "profiles"
        for name in sorted(self.archive.media):  # photos are published beside the pages
            files.append(File(f"media/{name}", str(profiles_dir), config.site_dir, config.use_directory_urls))
        # Without the site's address (SITE_URL) there are no QR codes, and the feed's links are relative
        # (feed readers resolve them against the feed's own address). Said once, at INFO: a local build
        # without SITE_URL is normal, and `mkdocs build --strict` fails on warnings.
        if not self.context.site_url:
            log.info("未设置 SITE_URL：人物、群体页面和海报、学习材料上不生成二维码，改为显示提示；"
                     "feed.xml 中的链接为相对地址，data/*.json 中 absolute_url 为 null。"
                     "发布时请设置网站地址，如 SITE_URL=http://archive.example.internal/ make build（见 README“部署”）。")
        self.generated = set()
        parallel = not self.serving and forking.cores() > 1
        editors = (config.extra or {}).get("archive") or {}        # mkdocs.yml extra.archive
        # Under serve the editors' view (review notes, hints); a build is the readers' edition.
        # A live view of the files in MkDocs 1.6 (pinned): pages appended below are in it. Looked up
        # directly: the generated addresses are posix already (no PurePath per page).
        present = files.src_uris
        addresses = _ADDRESSES.data if self.serving and _ADDRESSES.scope((config.site_dir, config.use_directory_urls)) else {}
        # A build holds the pages' Markdown compressed until each is rendered (peak memory at 10,000
        # profiles); serve keeps it as text, whose identity tells an unchanged page (page_renderer).
        for src_uri, content in all_pages(self.archive, self.context, config.site_name, parallel,
                                          editors.get("featured"), config.site_description or "",
                                          contact=str(editors.get("contact") or ""), compress=not self.serving):
            if src_uri in present:  # a hand-written page of the same path wins
                continue
            files.append(_CompressedPage.generated(config, src_uri, content) if isinstance(content, bytes)   # Markdown
                         else _generated(config, src_uri, content, addresses))
            self.generated.add(src_uri)
        # Open data, the 推荐人员名单 and the feed (README "订阅、开放数据与地图").
        for uri, content in other_files(self.archive, self.context, config.site_description or ""):
            if uri not in present:
                files.append(_generated(config, uri, content, addresses))
        self._settle()
        return files

    def on_page_markdown(self, markdown, page, config, files):
        markdown = self._page_markdown(markdown, page)
        if page_renderer.handles(page):
            return markdown
        return page_cache.lookup(page, markdown, self.shared if self.serving else None)

    def _page_markdown(self, markdown: str, page) -> str:
        # Our own sharded index replaces Material's (README "搜索"): its plugin stays enabled for the
        # search box and its worker protocol, but indexes no page.
        search = page.meta.get("search") or {}
        page.meta["search"] = {**search, "exclude": True, "archive_exclude": bool(search.get("exclude"))}
        # Under `mkdocs serve` the editor looks at the browser, not the terminal: show problems there too.
        archive = self.archive
        if not self.serving or not archive.problems:
            return markdown
        # An island of escaped text: a problem quotes the profile's values, which may hold anything.
        shown = [f"<code>{esc(p.format())}</code>" for p in archive.problems[:20]]
        if len(archive.problems) > 20:
            shown.append(f"……另有 {len(archive.problems) - 20} 个问题，见终端")
        box = admonition("failure", f"档案检查发现 {len(archive.problems)} 个问题（仅本地预览显示）", "<br>\n".join(shown))
        return island(box) + markdown

    def on_page_context(self, context, page, config, nav):
        # "编辑此页" must open the profile, not the generated page; a study kit's questions are in its profile.
        archive = self.archive
        folder, _, name = page.file.src_uri.partition("/")
        entity = archive.get(name[:-3]) if name.endswith(".md") and name != "index.md" else None
        if entity is not None and page.file.src_uri in (entity.src_uri, study_src(entity.id)) and config.repo_url:
            page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{entity.path}"
        return context

    def on_nav(self, nav, config, files):
        if not campaigns.activities_listed(self.archive):    # the campaigns' choice (empty_records)
            self._leave_out(nav, campaigns.ACTIVITIES_INDEX)
        self.shared = (page_cache.digest(config, nav, files)
                       if self.serving or self.context.cache.folder is not None else None)
        if self.serving and self.shared != self.last_shared:
            # Every page is rendered again (a template, mkdocs.yml or the navigation changed): as long
            # as a first build, and as much garbage; the collector runs as usual (10,000 profiles:
            # paused, the process grew by 140 MB more).
            collector.resume()
        self.last_shared = self.shared
        self.nav, self.files = nav, files
        self.taken = page_renderer.take_over(files, nav, self.generated, self.context.render_here)
        # The folders of pages and files written here are kept from the last site (old_site.py).
        self.old_site.take_back({f.dest_uri.split("/")[0] for f in self.taken if "/" in f.dest_uri}
                           | {f"search/{folder}" for folder in search_index.FOLDERS}, scrub=not self.serving)
        return nav

    def _leave_out(self, nav, src_uri: str) -> None:
        """Take a page out of the navigation (its tab and the previous/next links); it is still built."""
        def prune(items: list) -> None:
            items[:] = [item for item in items if getattr(getattr(item, "file", None), "src_uri", None) != src_uri]
            for item in items:
                if item.children:
                    prune(item.children)
        prune(nav.items)
        pages = nav.pages = [page for page in nav.pages if page.file.src_uri != src_uri]
        for i, page in enumerate(pages):
            page.previous_page = pages[i - 1] if i else None
            page.next_page = pages[i + 1] if i + 1 < len(pages) else None

    def on_env(self, env, config, files):
        page_cache.templates(env, self.context.cache.path("jinja"))
        # The generated pages outside the navigation are rendered and written now, all at once
        # (README "性能"); MkDocs renders the rest (hand-written and index pages) afterwards.
        workers = 1 if self.serving else forking.cores()
        shared = self.shared
        if shared is not None and self.archive.problems:    # every page shows them (on_page_markdown)
            problems = "\n".join(p.format() for p in self.archive.problems)
            shared = hashlib.sha1(f"{shared}\n{problems}".encode("utf-8")).hexdigest()
        self.search.update(page_renderer.render(self.taken, config, files, self.nav, env, shared, workers))
        return env

    def on_template_context(self, context, template_name, config):
        # The sitemap lists every page, those rendered by page_renderer too.
        if template_name == "sitemap.xml" and self.taken:
            taken = set(self.taken)
            context["pages"] = [f for f in self.files if f.is_documentation_page()
                                and (f.inclusion.is_included() or f in taken)]
        return context

    def on_page_content(self, html, page, config, files):
        meta = page.meta
        html = sanitise_contributions(html)    # the profiles' own text: an allow-list (html_policy.py)
        entry = page_cache.cached(page)
        key = None
        if entry is not None:                       # unchanged since the last rebuild under serve
            page_cache.rendered(page)
            doc = entry.search
        elif meta["search"]["archive_exclude"]:     # `search: {exclude: true}` in a hand-written page
            doc = None
        else:
            key, doc = search_index.analysed(
                page.url, search_index.title_text(str(page.title or "")), [str(k) for k in meta.get("search_keys") or []], html,
                summary=meta.get("summary"), index_text=not meta.get("listing"), store=page_renderer.search_store(page))
        page.archive_search, page.archive_search_key = doc, key
        if doc is not None:
            self.search[page.url] = (key, doc)
        return html

    def on_post_page(self, output, page, config):
        # Every page advertises the feed, so that feed readers and browsers find it from any page
        # (a page reused under serve by page_cache has it already: its template wrote nothing here).
        href = get_relative_url(FEED_SRC, page.url or ".")
        link = f'<link rel="alternate" type="application/rss+xml" title="{FEED_TITLE}" href="{href}">'
        output = output.replace("</head>", link + "\n</head>", 1)
        if not self.serving:        # the published site: inline scripts by hash only
            output = csp.with_policy(output, page.content)
        if page_renderer.handles(page):
            return output
        output = page_cache.store_or_restore(page, output, page.archive_search)
        page.content = ""          # written: free it (10,000 pages' HTML need not stay in memory)
        return output

    def on_post_build(self, config):
        entries = [self.search[url] for url in sorted(self.search)]
        index = search_index.build_or_kept([key for key, _ in entries], lambda: [self._doc(*e) for e in entries],
                                           self.archive.synonyms)
        folder = Path(config.site_dir) / "search"
        search_index.write(index, folder)
        if self.context.cache.folder is not None and not self.serving:
            self.context.cache.prune()      # what this build did not use goes (archive/runtime/cache.py)
        # Of the folders kept from the last site, what this build did not write goes (old_site.py).
        taken, serving = set(self.taken), self.serving
        made = {f.abs_dest_path for f in self.files
                if f in taken or (f.inclusion.is_in_serve() if serving else f.inclusion.is_included())}
        self.old_site.finish(made | {os.path.normpath(folder / rel) for rel in index}, serving)
        if serving:
            _ADDRESSES.scope((config.site_dir, config.use_directory_urls))
            known = _ADDRESSES.data
            for f in self.files:
                if f.generated_by is not None and f.src_uri not in known:
                    known[f.src_uri] = (f.dest_uri, f.url, f.abs_dest_path)
        self.context.cache.end()
        self._collect_when_idle()

    @staticmethod
    def _doc(key: str | None, doc):
        """A page's search doc: given, or kept on disk by page_renderer (a page it wrote as the last
        build had)."""
        if doc is None:
            doc = page_renderer.search_doc(key)
        if doc is None:         # the cache changed under the build (deleted, damaged)
            raise PluginError("构建所需的缓存条目在构建过程中丢失（.cache 目录被删除或损坏）。请重新构建。")
        return doc

    def on_build_error(self, error):
        self.old_site.finish()
        self._collect_when_idle()

    def on_shutdown(self):
        self.old_site.finish()
        self._settle()
        if self.serving:
            collector.resume()

    def _collect_when_idle(self) -> None:
        """Under serve, once a build (on_build_error follows on_post_build when `serve --strict`
        found warnings): archive/runtime/collector.py."""
        if self.serving and self.idle_of != self.builds:
            self.idle, self.idle_of = collector.collect_when_idle(), self.builds

    def _settle(self) -> None:
        """In a one-off build what exists now lives until the end (archive/runtime/collector.py)."""
        if not self.serving:
            collector.settle()


# Under serve: src_uri -> (dest_uri, url, abs_dest_path) of a generated file, as MkDocs worked
# them out (for one site folder and use_directory_urls): at 10,000 profiles, working out those of
# 22,000 files took 0.3 s of every rebuild. Set as MkDocs 1.6 lets plugins set them.
_ADDRESSES = CACHE.store("generated files' addresses", serve_only=True)


class _CompressedPage(File):
    """A generated page whose Markdown is held zlib-compressed (pages.text.compressed) and given
    out as text when read, by MkDocs' own accessors."""

    @classmethod
    def generated(cls, config, src_uri: str, content: bytes) -> File:
        file = super().generated(config, src_uri, content="")
        file.compressed = content
        return file

    @property
    def content_bytes(self) -> bytes:
        return zlib.decompress(self.compressed)

    @property
    def content_string(self) -> str:
        return self.content_bytes.decode("utf-8")


def _generated(config, src_uri: str, content, addresses: dict) -> File:
    file = File.generated(config, src_uri, content=content)
    known = addresses.get(src_uri)
    if known is not None:
        file.dest_uri, file.url, file.abs_dest_path = known
    return file


ADAPTER = Adapter()
