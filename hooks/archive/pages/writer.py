"""The writer of generated pages: what every page kind, listing and kit shares (pages are
virtual, principle 4: Markdown made here, never files).

A profile's own text stays Markdown, its mentions of other profiles made Markdown links between
source paths, which MkDocs resolves and checks like any other link. The structure around it
(infobox, lists, sources, notices) is HTML passed through Markdown as islands (markup.py),
with links resolved here: Markdown would spend most of a page's conversion on it (README "性能").
Every front-matter value goes through `esc()` (HTML) or, in Markdown, `text()` (HTML and
Markdown escaped), so that a profile's fields can never inject markup.

The pages themselves build on this module: each kind of profile in kinds/ (registered in
profiles.py), the lists in listings.py, browse.py, study.py, posters.py, home.py, dashboard.py.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import re
from collections import defaultdict
from typing import Callable, Iterable

from ..domain.linking import NameIndex, link_mentions, mentioned_ids
from ..domain.model import Archive, Entity
from ..domain.related import related_people
from ..outputs.qr import qr_block
from ..runtime.cache import CACHE
from ..runtime.context import BuildContext
from ..outputs.search_terms import search_keys
from ..text import markup
from ..text.markup import attr, esc, island
from .facets import PEOPLE_KINDS, Facets, facet_page_src
from .text import date, json_string, latin_name, mentions_src, poster_src, relative, study_src, text

# Under serve: id -> (the digest of its file, the ids its text mentions), for the names of its
# scope (NameIndex.fingerprint).
_MENTIONS = CACHE.store("mentions by profile", serve_only=True)
# Under serve: the slugs infoboxes link ("slugs") and their fingerprint ("fingerprint"), for the
# profiles' fields and the schema ("fields").
_FACETS = CACHE.store("facet addresses", serve_only=True)
KIND_ORDER = ["person", "group", "policy", "campaign", "activity", "spirit", "place", "organization"]
SUMMARY_KINDS = {"campaign", "activity"}   # pages that sum up other profiles: never reused under serve
BACKLINKS_SHOWN = 30      # per kind on a profile's own page; all of them on browse/mentions/<id>/
DOCUMENTS_SHOWN = 5       # policies and campaigns named under a profile's lead (all of them in "提及本页")
# Infobox values with a browse page of their own (facets.py FACETS), by the folder of those pages.
LINKED_FACETS = ("fields", "honours", "regions", "categories")
# A path in the repository (a seed file, a profile) quoted in a field's value: for the editors,
# left out of the published site. Not part of a web address (preceded by "/", ":" or a letter).
_REPO_PATH = re.compile(r"[（(]\s*(?<![\w/.:])(?:shared|profiles|hooks|docs|scripts|tests)/[\w./-]+\s*[）)]"
                        r"|(?<![\w/.:])(?:shared|profiles|hooks|docs|scripts|tests)/[\w./-]+")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)|([^<]+)")


class PageWriter:
    """Renders the pages of one archive; links are relative to the page being written.

    Two audiences, one source: under `mkdocs serve` (context.serving) it writes the editors' view,
    with review notes and hints on how to add what is missing; otherwise the pages are the
    readers' edition, with nothing from the workshop on them. context: the build (its site
    address, SITE_URL, for QR codes; serve or build); a build without one is a local build of the
    readers' edition. `contact`: where readers report an error (mkdocs.yml `extra: archive:
    contact:`), shown on every profile when set."""

    def __init__(self, archive: Archive, context: BuildContext | None = None, site_name: str = "",
                 contact: str = ""):
        self.archive = archive
        self.context = context if context is not None else BuildContext(archive.root)
        self.site_name = site_name
        self.contact = str(contact or "").strip()
        # Computed once per build: who mentions whom in prose (for links and "提及本页").
        self.names = NameIndex.build(archive)
        self._of_kind: dict[str, list[Entity]] = {}
        self.mentioned_by = self._mentions()
        self.related = related_people([e for k in ("person", "group") for e in self.of_kind(k)])
        self._used: dict | None = None
        self._seen: dict = {}
        self._kind_ids: dict[str, set[str]] = {}

    def _mentions(self) -> dict[str, list[str]]:
        """Who mentions whom in prose: id -> the ids of the profiles whose text names it, in id
        order. Under serve a profile's file unchanged since the last rebuild, with the same
        names in the archive, mentions what it did (searching every text took 0.05 s of a rebuild
        at 10,000 profiles)."""
        known = None
        if _MENTIONS.active:
            _MENTIONS.scope(self.names.fingerprint)
            known = _MENTIONS.data
        mentioned_by: dict[str, list[str]] = defaultdict(list)
        entities = self.archive.entities
        for e in sorted(entities.values(), key=lambda e: e.id):
            last = known.get(e.id) if known is not None and e.source else None
            if last is not None and last[0] == e.source:
                targets = last[1]
            else:
                targets = sorted(mentioned_ids(self.names, e.body, e.id, self.skip(e)))
                if known is not None and e.source:
                    known[e.id] = (e.source, targets)
            for target in targets:
                mentioned_by[target].append(e.id)
        if known is not None and len(known) > len(entities):
            for gone in set(known) - set(entities):
                del known[gone]
        return mentioned_by

    # -- what a profile page used of others (pages remembered under `mkdocs serve`: profiles.py) ----
    def get(self, entity_id: str) -> Entity | None:
        """An entity by id; while a profile page is written, what of it the page used is noted."""
        target = self.archive.get(entity_id)
        if self._used is not None:
            self._used[entity_id] = seen(target)
        return target

    @property
    def site_url(self) -> str:
        """The site's absolute address (SITE_URL), for QR codes; "": a notice instead."""
        return self.context.site_url or ""

    @property
    def serving(self) -> bool:
        """The editors' view (`mkdocs serve`), not the readers' edition."""
        return self.context.serving

    def seen(self, entity_id: str):
        """seen() of a profile, worked out once per build (each page remembered under serve asks it
        of every profile it showed)."""
        if entity_id not in self._seen:
            self._seen[entity_id] = seen(self.archive.get(entity_id))
        return self._seen[entity_id]

    @functools.cached_property
    def fingerprint(self) -> str:
        """What every profile page depends on besides its own profile and those it shows: the
        edition, the site's address, the names linked in texts, the schema, the browse pages."""
        return hashlib.sha1(json.dumps([self.site_url, self.serving, self.contact, self.names.fingerprint,
                                        self.archive.schema.fingerprint, self.facets_fingerprint],
                                       ensure_ascii=False).encode("utf-8")).hexdigest()

    @contextlib.contextmanager
    def noting_use(self):
        """While a page is written inside: {id: seen(profile)} of every profile it looked up."""
        self._used = used = {}
        try:
            yield used
        finally:
            self._used = None

    @staticmethod
    def skip(e: Entity) -> set[str]:
        return {str(n) for n in e.meta.get("no_autolink") or []}

    def body(self, e: Entity, shape: Callable[[str], str] | None = None) -> str:
        """The profile's own Markdown, with mentions of other profiles linked; `shape` marks up
        its structure first (a policy's headings and citations, official_text.py)."""
        own = e.body.strip()
        if shape is not None:
            own = shape(own)
        return markup.contribution(link_mentions(own, self.names, e.id, self.skip(e),
                                                 lambda target, label: self.link(target, e.src_uri, label)))

    # -- links ---------------------------------------------------------------------
    def href(self, target_src: str, from_src: str) -> str:
        return relative(target_src, from_src.rpartition("/")[0])

    def link(self, entity_id: str, from_src: str, label: str | None = None) -> str:
        target = self.get(entity_id)
        if target is None:  # only under `mkdocs serve` with problems: show the text
            return text(label or entity_id)
        return f"[{text(label or target.title)}]({self.href(target.src_uri, from_src)})"

    # HTML counterparts, for structure written as islands (markup.py)
    def a(self, entity_id: str, from_src: str, label: str | None = None) -> str:
        """A link to a profile's page as HTML (link() as Markdown would render it)."""
        target = self.get(entity_id)
        if target is None:  # only under `mkdocs serve` with problems: show the text
            return esc(label or entity_id)
        return markup.link(markup.href(target.src_uri, from_src), esc(label or target.title))

    def a_list(self, ids: Iterable[str], from_src: str) -> str:
        return "、".join(self.a(i, from_src) for i in ids or [])

    def ref_or_esc(self, value: str, from_src: str) -> str:
        """Fields that take an id or a free name (positions.organization): a name that is the
        name of a profile (an organisation, a place) links to it too."""
        if self.get(value):
            return self.a(value, from_src)
        named = self.names.names.get(str(value).strip())
        return self.a(named, from_src, str(value)) if named else esc(value)

    # Infobox values that have a browse page (领域, 荣誉, 地区, 类别: browse.py)
    @functools.cached_property
    def facets(self) -> Facets:
        return Facets(self.archive, [e for k in PEOPLE_KINDS for e in self.of_kind(k)])

    @functools.cached_property
    def linked_slugs(self) -> dict[str, dict[str, str]]:
        """Facets.slugs() of the values infoboxes link (LINKED_FACETS), by folder. Under serve the
        last rebuild's while no profile's fields changed, nor the schema (working them out took
        0.08 s of every rebuild at 10,000 profiles, and 0.1 s more when a person's page was
        written again)."""
        fields = self.archive.fields_digest() if _FACETS.active else None
        if fields is not None:
            fields += self.archive.schema.fingerprint
        if fields is not None and _FACETS.data.get("fields") == fields:
            return _FACETS.data["slugs"]
        slugs = {folder: self.facets.slugs(folder) for folder in LINKED_FACETS}
        if fields is not None:
            _FACETS.data.update(fields=fields, slugs=slugs, fingerprint=None)
        return slugs

    @functools.cached_property
    def facets_fingerprint(self) -> str:
        """Changes when a browse page's address does (a page remembered under serve links to it)."""
        if _FACETS.data.get("slugs") is self.linked_slugs and _FACETS.data.get("fingerprint"):
            return _FACETS.data["fingerprint"]
        fingerprint = hashlib.sha1(json.dumps(self.linked_slugs, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
        if _FACETS.data.get("slugs") is self.linked_slugs:
            _FACETS.data["fingerprint"] = fingerprint
        return fingerprint

    def facet(self, folder: str, value: object, from_src: str, label_html: str | None = None) -> str:
        """A value linked to the page listing every profile with it, if there is one."""
        shown = esc(value) if label_html is None else label_html
        if folder in LINKED_FACETS:
            slug = self.linked_slugs[folder].get(str(value))
            target = facet_page_src(folder, slug) if slug else None
        else:
            target = self.facets.facet_src(folder, str(value))
        return markup.link(markup.href(target, from_src), shown) if target else shown

    # -- shared blocks --------------------------------------------------------------
    def front(self, title: str, keys: list[str] | None = None, summary: str | None = None,
              listing: bool = False, hide: Iterable[str] = ()) -> str:
        """Front matter and heading. For the search index (search_index.py): `search_keys`, what
        a reader types to find this page itself (its names, pinyin, initials); `summary`, shown
        under the result; `listing`, a page that lists profiles, found by its title alone.
        `hide`: parts of the theme's page left out (Material's `hide`, e.g. the empty navigation
        sidebar beside a page that is not in the navigation).
        The theme writes a page's `title` into the HTML as it is (in <title> and the header): it
        is given escaped, since a profile's name or a field's value is text."""
        meta = f"title: {json_string(markup.title(title))}\n"
        if hide:
            meta += f"hide: {json.dumps(list(hide))}\n"
        if keys:
            meta += f"search_keys: {json.dumps(keys, ensure_ascii=False)}\n"
        if summary:
            meta += f"summary: {json_string(summary)}\n"
        if listing:
            meta += "listing: true\n"
        return f"---\n{meta}---\n\n# {text(title)}\n\n"

    # The blocks below are HTML islands (markup.py): values esc()aped, links resolved here.
    def review_notice(self, e: Entity) -> str:
        """One quiet line under the title: the profile's review state and where to report an
        error. Under serve the editors also see what is left to check (review.note)."""
        review = e.meta.get("review") or {}
        line = island(f'<p class="ea-review-line" data-search-exclude>{self.review_state(e)}{self.contact_html()}</p>')
        if not self.serving or not (e.pending_review or review.get("note")):
            return line
        note = f"待核事项：{esc(review['note'])}" if review.get("note") else "未写待核事项（review.note）。"
        hint = ("核对全部事实与来源后，把 review.status 改为“已审核”，并写明审核人（by）与日期（date）。"
                if e.pending_review else "")
        box = markup.admonition("warning ea-review", "审核（仅本地预览显示，发布的网站上只有上面一行）",
                                *(x for x in (note, hint) if x))
        return line + island(box)

    @staticmethod
    def review_state(e: Entity) -> str:
        review = e.meta.get("review") or {}
        if e.pending_review:
            return "本档案内容尚在编辑部审核中。"
        who = "，".join(x for x in [f"审核人：{esc(review['by'])}" if review.get("by") else "",
                                    date(review["date"], esc) if review.get("date") else ""] if x)
        return f"本档案已经编辑部审核{f'（{who}）' if who else ''}。"

    def review_foot(self, e: Entity) -> str:
        """The review line again, at the end: on paper it is printed here, in small type, and
        not under the title (print.css); on screen it is not shown."""
        return island(f'<p class="ea-review-foot" data-search-exclude>{self.review_state(e)}{self.contact_html()}</p>')

    def contact_html(self) -> str:
        """“如发现错误，请告知：…” with the configured contact (an e-mail address or a web
        address becomes a link), or nothing when none is set."""
        contact = self.contact
        if not contact:
            return ""
        if re.fullmatch(r"[^\s@<>\"]+@[^\s@<>\"]+\.[^\s@<>\"]+", contact):
            shown = markup.link(f"mailto:{contact}", esc(contact))
        elif re.fullmatch(r"https?://\S+", contact):
            shown = markup.link(contact, esc(contact))
        else:
            shown = esc(contact)
        return f"如发现错误，请告知：{shown}。"

    def for_readers(self, html: str) -> str:
        """A value as the published site shows it: without the repository's paths (seed files)
        that editors note in fields. Under serve as it is."""
        if self.serving or "/" not in html:
            return html
        # in the text only, never in a tag (an address)
        return _TAG_OR_TEXT.sub(lambda m: m.group(1) or _REPO_PATH.sub("", m.group(2)), html)

    def infobox(self, rows: Iterable[tuple[str, str]], caption: str = "", always: bool = False) -> str:
        """The box of facts beside a profile's text: (label, HTML) rows, empty ones left out;
        caption (HTML), the name at its head. Without rows there is no box, unless `always`."""
        rows = [(k, self.for_readers(v)) for k, v in rows if v]
        if not rows and not (always and caption):
            return ""
        head = f"<caption>{caption}</caption>\n" if caption else ""
        body = "".join(f'<tr>\n<th scope="row">{k}</th>\n<td>{v}</td>\n</tr>\n' for k, v in rows)
        return island(f'<div class="ea-infobox">\n<table class="ea-infobox-table">\n{head}<tbody>\n{body}</tbody>\n</table>\n</div>')

    def sources(self, e: Entity) -> str:
        items = []
        for s in e.meta.get("sources") or []:
            # a page whose title could not be read is named by what it holds (about)
            label = esc(s.get("title") or s.get("about") or "")
            title = markup.link(s["url"], label) if s.get("url") else label
            extra = [esc(s[k]) for k in ("publisher", "publication") if s.get(k)]
            if s.get("date"):
                extra.append(date(s["date"], esc))
            if s.get("accessed"):
                extra.append(f"访问于{date(s['accessed'], esc)}")
            if s.get("note") and self.serving:
                extra.append(f'<span class="ea-editor-note">编者：{esc(s["note"])}</span>')
            items.append("，".join([title] + extra))
        # ea-sources: on paper each address follows its link (print.css)
        return "## 来源\n\n" + island(markup.items("ol", items, "ea-sources")) if items else ""

    def images(self, e: Entity) -> str:
        out = []
        for n, img in enumerate(e.meta.get("images") or [], 1):
            photo = markup.href(f"media/{img['file']}", e.src_uri)
            picture = f'<img alt="{attr(img.get("caption") or e.title)}" src="{attr(photo)}" />'
            # Lightbox without script (works offline): the photo links to a full-window copy
            # shown by CSS :target; a click anywhere on it closes it again.
            out.append(f'<figure>\n<p><a href="#ea-photo-{n}">{picture}</a></p>\n'
                       f"<figcaption>{esc(img.get('caption') or e.title)}（{esc(img['credit'])}，{esc(img['licence'])}）</figcaption>\n"
                       f'</figure>\n<p><a class="ea-lightbox" id="ea-photo-{n}" href="#_" title="关闭">{picture}</a></p>')
        return "## 图片\n\n" + island("\n".join(out)) if out else ""

    def backlink_sources(self, e: Entity, exclude: set[str] = frozenset()) -> dict[str, list[Entity]]:
        """Profiles that name this one, in their fields or their text, by kind, in pinyin order."""
        by_kind: dict[str, list[Entity]] = defaultdict(list)
        sources = dict.fromkeys(self.archive.referenced_by.get(e.id, []) + self.mentioned_by.get(e.id, []))
        for source_id in sources:
            source = self.get(source_id)
            if source is not None and source_id not in exclude:
                by_kind[source.kind].append(source)
        return {kind: sorted(by_kind[kind], key=lambda s: (s.pinyin, s.id)) for kind in KIND_ORDER if by_kind.get(kind)}

    def backlinks(self, e: Entity, exclude: set[str] = frozenset()) -> str:
        """"提及本页", grouped by kind. A widely mentioned profile lists the first BACKLINKS_SHOWN
        of each kind and links to a page with all of them (principle 5: no O(n) profile page)."""
        by_kind = self.backlink_sources(e, exclude)
        if not by_kind:
            return ""
        lines = []
        for kind, sources in by_kind.items():
            links = "、".join(self.a(s.id, e.src_uri) for s in sources[:BACKLINKS_SHOWN])
            if len(sources) > BACKLINKS_SHOWN:
                links += f" 等共 {len(sources)} 份（{markup.link(markup.href(mentions_src(e), e.src_uri), '全部列表')}）"
            lines.append(f"<strong>{self.archive.schema.label(kind)}</strong>：{links}")
        return "## 提及本页\n\n" + island(markup.items("ul", lines))

    def cited_by(self, e: Entity) -> list[str]:
        """Policies whose `cites` name this one (shown as "被引用", not again as a mention)."""
        return [i for i in self.archive.referenced_by.get(e.id, [])
                if (self.get(i) and self.get(i).kind == "policy")]

    # -- parts of a profile's page (the kinds in kinds/ assemble them) --------------------
    @staticmethod
    def lead(e: Entity) -> str:
        """The abstract: the first thing read, before the infobox (beside the text on a wide screen)."""
        return island(f'<p class="ea-abstract">{esc(e.meta["abstract"])}</p>\n') if e.meta.get("abstract") else ""

    def documents(self, e: Entity) -> tuple[list[str], list[str]]:
        """The policies that name a profile (in their text or their fields), by date, and the
        campaigns it belongs to: nominated in one, launched by one of those policies, or naming it."""
        archive = self.archive

        def of(kind: str, ids: Iterable[str]) -> list[str]:
            wanted = self.ids_of_kind(kind)
            found = [i for i in dict.fromkeys(ids) if i in wanted]
            return sorted(found, key=lambda i: (str(archive.get(i).meta.get("date") or archive.get(i).meta.get("start") or ""), i))

        naming = [*archive.referenced_by.get(e.id, ()), *self.mentioned_by.get(e.id, ())]
        nominated = [str(n["campaign"]) for n in e.meta.get("nominations") or [] if isinstance(n, dict) and n.get("campaign")]
        if not naming and not nominated:         # most profiles (every page's key asks)
            return [], []
        policies = of("policy", naming)
        launched = [c for p in policies for c in archive.referenced_by.get(p, ())]
        return policies, of("campaign", nominated + launched + naming)

    def of_kind(self, kind: str) -> list[Entity]:
        """Archive.of_kind, sorted once per build (a dozen pages ask: sorting 10,000 profiles by
        pinyin each time took 0.05 s of every rebuild)."""
        if kind not in self._of_kind:
            self._of_kind[kind] = self.archive.of_kind(kind)
        return list(self._of_kind[kind])

    def ids_of_kind(self, kind: str) -> set[str]:
        """The ids of the profiles of a kind (a spirit is named by thousands: looking each up took
        0.2 s of every rebuild at 10,000 profiles)."""
        ids = self._kind_ids.get(kind)
        if ids is None:
            ids = self._kind_ids[kind] = {e.id for e in self.archive.entities.values() if e.kind == kind}
        return ids

    def documents_block(self, e: Entity) -> str:
        """Under the lead: which documents name this profile and in which campaigns (“见于文件”,
        “主题活动”), so that a reader sees at once why it is in the archive."""
        src, (policies, campaigns) = e.src_uri, self.documents(e)

        def listed(ids: list[str], show) -> str:     # one a line: their titles are long
            shown = [show(i) for i in ids[:DOCUMENTS_SHOWN]]
            if len(ids) > DOCUMENTS_SHOWN:
                shown.append(f"等 {len(ids)} 项（见下文“提及本页”）")
            return '<span class="ea-documents-items">' + "".join(f"<span>{x}</span>" for x in shown) + "</span>"

        def policy(i: str) -> str:
            when = self.get(i).meta.get("date")
            return f"《{self.a(i, src)}》" + (f"（{date(when, esc)}）" if when else "")

        lines = []
        if policies:
            lines.append(f'<p><span class="ea-documents-label">见于文件</span>{listed(policies, policy)}</p>')
        if campaigns:
            lines.append(f'<p><span class="ea-documents-label">主题活动</span>{listed(campaigns, lambda i: self.a(i, src))}</p>')
        return island('<div class="ea-documents" data-search-exclude>\n' + "\n".join(lines) + "\n</div>") if lines else ""

    def profile(self, e: Entity, rows: list[tuple[str, str]], sections: str = "", foot: str = "",
                caption: str = "") -> str:
        """A profile's page as an encyclopedia article: title, the review line, the lead, the
        documents that name it, then the infobox (beside the text on a wide screen, under the
        lead on a phone) and the text. Not in the navigation: its empty sidebar is left out."""
        m = e.meta
        body = self.body(e)
        documents = self.documents_block(e) if e.kind not in SUMMARY_KINDS else ""
        return (self.front(e.title, search_keys(e, self.names.names), m.get("abstract"), hide=["navigation"])
                + self.review_notice(e) + self.lead(e) + documents
                + self.infobox(rows, caption or esc(e.title), always=bool(caption))
                + (body + "\n\n" if body else "") + sections + self.images(e) + self.sources(e)
                + self.backlinks(e) + foot + self.review_foot(e))

    def share(self, e: Entity) -> str:
        """For display boards: the page's QR code and its posters (A4, A3), at the foot of the page."""
        poster = markup.href(poster_src(e), e.src_uri)
        posters = "　".join(markup.link(poster + fragment, f"打印宣传海报（{size}）") for size, fragment in (("A4", ""), ("A3", "#a3")))
        return island(f'<aside class="ea-share">\n{qr_block(self.site_url, e.url)}\n<p>{posters}</p>\n</aside>')

    def related_section(self, e: Entity) -> str:
        items = []
        # A group's members are listed as members, and a person's groups as groups: not again here.
        own = {str(m) for m in e.meta.get("members") or []} | set(self.member_of.get(e.id, ()))
        for other, shared in self.related.get(e.id, []):
            if other in own:
                continue
            labels = [self.get(v).title if self.get(v) else v for v in shared]
            items.append(f"{self.a(other, e.src_uri)}：共同的{'、'.join(esc(x) for x in labels)}")
        return "## 相关人物\n\n" + island(markup.items("ul", items)) if items else ""

    @functools.cached_property
    def member_of(self) -> dict[str, list[str]]:
        """id -> the groups whose `members` name it, in their order: what a profile page reads of
        other profiles' fields besides what names it (referenced_by)."""
        groups: dict[str, list[str]] = defaultdict(list)
        for g in self.of_kind("group"):
            for member in dict.fromkeys(map(str, g.meta.get("members") or [])):
                groups[member].append(g.id)
        return dict(groups)

    @staticmethod
    def alt_names(e: Entity, also: Iterable[str] = ()) -> str:
        """别名, without those that only repeat the name or the pinyin shown beside it."""
        def plain(name: object) -> str:     # “两弹一星”元勋 and 两弹一星元勋 are one name
            return re.sub(r"[\s\-'’·“”‘’\"]", "", str(name)).casefold()
        seen = {plain(e.title), *(plain(x) for x in also)}
        shown = []
        for name in map(str, e.meta.get("alt_names") or []):
            if plain(name) not in seen:
                seen.add(plain(name))
                shown.append(esc(name))
        return "、".join(shown)

    def places_of(self, e: Entity) -> str:
        """The education sites (places) that name a person or group among their people."""
        return self.a_list(sorted((i for i in self.archive.referenced_by.get(e.id, ())
                                   if (t := self.archive.get(i)) is not None and t.kind == "place"),
                                  key=lambda i: (self.archive.get(i).pinyin, i)), e.src_uri)

    def people_rows(self, e: Entity) -> list[tuple[str, str]]:
        """The infobox rows a person and a group share (names, fields, honours, spirits …)."""
        m, src = e.meta, e.src_uri
        honours = "<br />\n".join(      # one a line
            self.facet("honours", h["name"], src)
            + (f"（{esc(h['year'])}年" + (f"，{esc(h['conferrer'])}" if h.get("conferrer") else "") + "）"
               if h.get("year") else (f"（{esc(h['conferrer'])}）" if h.get("conferrer") else ""))
            for h in m.get("honours") or [])
        related = "、".join(f"{self.a(r['id'], src)}（{esc(r['relation'])}）" for r in m.get("related") or [])
        return [
            ("别名", self.alt_names(e, [latin_name(e)])),
            ("领域", "、".join(self.facet("fields", f, src) for f in m.get("fields") or [])),
            ("荣誉", honours),
            ("体现的精神", self.a_list(m.get("spirits"), src)),
            ("类别", self.facet("categories", m["category"], src) if m.get("category") else ""),
            ("地区", self.facet("regions", m["region"], src) if m.get("region") else ""),
            ("相关人物", related),
            (self.archive.schema.label("place"), self.places_of(e)),
        ]

    def study_link(self, e: Entity) -> str:
        """Under a spirit's or a policy's text: its study kit (study.py)."""
        kit = markup.link(markup.href(study_src(e.id), e.src_uri), "学习研讨材料：阅读文件、学习楷模、教育基地与讨论题（可打印）")
        return island(f'<p class="ea-study-link ea-noprint">{kit}</p>')


def seen(target: Entity | None):
    """What a page shows of another profile: a page remembered (under serve, or in .cache/) is
    written again when it changes. Its date too: “见于文件” shows a policy's (a changed date left
    other profiles' pages with the old one, found by a reviewer)."""
    return None if target is None else (target.title, target.src_uri, target.pinyin, target.kind,
                                        target.meta.get("date"))
