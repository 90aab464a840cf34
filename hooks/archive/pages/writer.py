"""The pages generated from profiles (principle 4: pages are virtual), as Markdown.

A profile's own text stays Markdown, its mentions of other profiles made Markdown links between
source paths, which MkDocs resolves and checks like any other link. The structure around it
(infobox, lists, sources, notices) is HTML passed through Markdown as islands (markup.py),
with links resolved here: Markdown would spend most of a page's conversion on it (README "性能").
Every front-matter value goes through `esc()` (HTML) or, in Markdown, `text()` (HTML and
Markdown escaped), so that a profile's fields can never inject markup.
"""
from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections import defaultdict
from typing import Callable, Iterable

from .. import chinamap, markup, official_text
from ..markup import attr, esc, island
from ..linking import NameIndex, link_mentions, mentioned_ids
from ..model import Archive, Entity
from ..qr import qr_block
from ..related import related_people
from ..search_terms import search_keys
from .facets import Facets
from .text import date, group_years, json_string, latin_name, life, mentions_src, poster_src, relative, span, study_src, text

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

    Two audiences, one source: `serving` (`mkdocs serve`) writes the editors' view, with review
    notes and hints on how to add what is missing; otherwise the pages are the readers' edition,
    with nothing from the workshop on them. `contact`: where readers report an error (mkdocs.yml
    `extra: archive: contact:`), shown on every profile when set."""

    def __init__(self, archive: Archive, site_url: str = "", site_name: str = "",
                 serving: bool = False, contact: str = ""):
        self.archive = archive
        self.site_url = site_url or ""        # absolute address of the site (SITE_URL), for QR codes
        self.site_name = site_name
        self.serving = bool(serving)
        self.contact = str(contact or "").strip()
        # Computed once per build: who mentions whom in prose (for links and "提及本页").
        self.names = NameIndex.build(archive)
        self.mentioned_by: dict[str, list[str]] = defaultdict(list)
        for e in sorted(archive.entities.values(), key=lambda e: e.id):
            for target in sorted(mentioned_ids(self.names, e.body, e.id, self.skip(e))):
                self.mentioned_by[target].append(e.id)
        self.related = related_people([e for k in ("person", "group") for e in archive.of_kind(k)])
        self._used: dict | None = None

    # -- profile pages, remembered across builds in one process (`mkdocs serve`) -----------------
    def get(self, entity_id: str) -> Entity | None:
        """An entity by id; while a profile page is written, what of it the page used is noted."""
        target = self.archive.get(entity_id)
        if self._used is not None:
            self._used[entity_id] = _seen(target)
        return target

    def page(self, e: Entity) -> str:
        """A profile's page. Under `mkdocs serve` (remember()), the Markdown of the last build is
        reused when the profile, its mentions and references, and everything the page showed of
        other profiles (title, address, pinyin, kind) are unchanged."""
        if not _remember[0] or e.kind in SUMMARY_KINDS:
            return getattr(self, f"page_{e.kind}")(e)
        key = json.dumps([e.kind, e.path, e.meta, e.body, self.site_url, self.serving, self.contact,
                          self.names.fingerprint, self.archive.schema.fingerprint, self.facets_fingerprint,
                          self.archive.referenced_by.get(e.id), self.mentioned_by.get(e.id), self.related.get(e.id),
                          self.documents(e)],
                         ensure_ascii=False, default=str)
        known = _pages.get(e.id)
        if known is not None and known[0] == key and all(
                _seen(self.archive.get(i)) == seen for i, seen in known[1].items()):
            return known[2]
        self._used = {}
        try:
            out = getattr(self, f"page_{e.kind}")(e)
            _pages[e.id] = (key, self._used, out)
        finally:
            self._used = None
        return out

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
        return Facets(self.archive)

    @functools.cached_property
    def facets_fingerprint(self) -> str:
        """Changes when a browse page's address does (a page remembered under serve links to it)."""
        slugs = {folder: self.facets.slugs(folder) for folder in LINKED_FACETS}
        return hashlib.sha1(json.dumps(slugs, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()

    def facet(self, folder: str, value: object, from_src: str, label_html: str | None = None) -> str:
        """A value linked to the page listing every profile with it, if there is one."""
        shown = esc(value) if label_html is None else label_html
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

    def mentions_pages(self) -> list[tuple[str, str]]:
        """A page listing everything that mentions a profile, for profiles mentioned more widely
        than their own page shows (an index page, designed to be long)."""
        pages = []
        for e in sorted(self.archive.entities.values(), key=lambda e: e.id):
            if len({*self.archive.referenced_by.get(e.id, ()), *self.mentioned_by.get(e.id, ())}) <= BACKLINKS_SHOWN:
                continue                                    # fits on its own page (the common case)
            by_kind = self.backlink_sources(e, set(self.cited_by(e)) if e.kind == "policy" else set())
            if not any(len(sources) > BACKLINKS_SHOWN for sources in by_kind.values()):
                continue
            src = mentions_src(e)
            out = self.front(f"提及{e.title}的档案", listing=True) + island(f"<p>回到{self.a(e.id, src)}。</p>")
            for kind, sources in by_kind.items():
                out += (f"## {self.archive.schema.label(kind)}（{len(sources)}）\n\n"
                        + island(markup.items("ul", (self.a(s.id, src) for s in sources))))
            pages.append((src, out))
        return pages

    # -- pages -------------------------------------------------------------------------
    @staticmethod
    def lead(e: Entity) -> str:
        """The abstract: the first thing read, before the infobox (beside the text on a wide screen)."""
        return island(f'<p class="ea-abstract">{esc(e.meta["abstract"])}</p>\n') if e.meta.get("abstract") else ""

    def documents(self, e: Entity) -> tuple[list[str], list[str]]:
        """The policies that name a profile (in their text or their fields), by date, and the
        campaigns it belongs to: nominated in one, launched by one of those policies, or naming it."""
        archive = self.archive

        def of(kind: str, ids: Iterable[str]) -> list[str]:
            found = [i for i in dict.fromkeys(ids) if (t := archive.get(i)) is not None and t.kind == kind]
            return sorted(found, key=lambda i: (str(archive.get(i).meta.get("date") or archive.get(i).meta.get("start") or ""), i))

        naming = [*archive.referenced_by.get(e.id, ()), *self.mentioned_by.get(e.id, ())]
        policies = of("policy", naming)
        nominated = [str(n["campaign"]) for n in e.meta.get("nominations") or [] if isinstance(n, dict) and n.get("campaign")]
        launched = [c for p in policies for c in archive.referenced_by.get(p, ())]
        return policies, of("campaign", nominated + launched + naming)

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

    def _profile(self, e: Entity, rows: list[tuple[str, str]], sections: str = "", foot: str = "",
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
        own = {str(m) for m in e.meta.get("members") or []} | {
            g.id for g in self.archive.of_kind("group") if e.id in map(str, g.meta.get("members") or [])}
        for other, shared in self.related.get(e.id, []):
            if other in own:
                continue
            labels = [self.get(v).title if self.get(v) else v for v in shared]
            items.append(f"{self.a(other, e.src_uri)}：共同的{'、'.join(esc(x) for x in labels)}")
        return "## 相关人物\n\n" + island(markup.items("ul", items)) if items else ""

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

    def _people_rows(self, e: Entity) -> list[tuple[str, str]]:
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

    def page_person(self, e: Entity) -> str:
        m, src = e.meta, e.src_uri
        rows = [("性别", esc(m["gender"]) if m.get("gender") else ""),
                ("生卒", life(m, esc)), ("出生地", esc(m["birthplace"]) if m.get("birthplace") else ""),
                ("国籍", esc(m["nationality"]) if m.get("nationality") else "")]
        rows += self._people_rows(e)
        sections = ""
        if m.get("positions"):
            sections += "## 任职\n\n" + island(markup.items("ul", (
                f"{self.ref_or_esc(p['organization'], src)}：{esc(p['title'])}{span(p, escape=esc)}" for p in m["positions"])))
        if m.get("education"):
            sections += "## 教育经历\n\n" + island(markup.items("ul", (
                self.ref_or_esc(x["institution"], src) + (f"，{esc(x['degree'])}" if x.get("degree") else "") + span(x, escape=esc)
                for x in m["education"])))
        if m.get("works"):
            sections += "## 代表成果\n\n" + island(markup.items("ul", (esc(w) for w in m["works"])))
        # The name heads the infobox, with its pinyin (a person's name as romanised).
        latin = latin_name(e)
        caption = f'{esc(e.title)}<span class="ea-infobox-pinyin">{esc(latin)}</span>' if latin else esc(e.title)
        return self._profile(e, rows, sections + self.nominations(e) + self.related_section(e), self.share(e), caption)

    def nominations(self, e: Entity) -> str:
        from .campaign_pages import nominations_section  # campaign_pages builds on this module
        return nominations_section(self, e)

    def page_campaign(self, e: Entity) -> str:
        from .campaign_pages import campaign_page
        return campaign_page(self, e)

    def page_activity(self, e: Entity) -> str:
        from .campaign_pages import activity_page
        return activity_page(self, e)

    def page_group(self, e: Entity) -> str:
        m, src = e.meta, e.src_uri
        rows = [("年代", group_years(m, esc)),
                ("所属机构", self.a(m["organization"], src) if m.get("organization") else ""),
                ("成员", self.a_list(m.get("members"), src))]
        rows += self._people_rows(e)
        return self._profile(e, rows, self.nominations(e) + self.related_section(e), self.share(e))

    def page_spirit(self, e: Entity) -> str:
        m = e.meta
        rows = [("内涵", "、".join(esc(x) for x in m.get("elements") or [])),
                ("别名", self.alt_names(e))]
        return self._profile(e, rows, self.study_link(e))

    def study_link(self, e: Entity) -> str:
        kit = markup.link(markup.href(study_src(e.id), e.src_uri), "学习研讨材料：阅读文件、学习楷模、教育基地与讨论题（可打印）")
        return island(f'<p class="ea-study-link ea-noprint">{kit}</p>')

    def page_place(self, e: Entity) -> str:
        m, src = e.meta, e.src_uri
        coords = m.get("coordinates") or {}
        rows = [("省份", self.facet("regions", m["province"], src)),
                ("地址", esc(m["address"]) if m.get("address") else ""),
                ("坐标", f"北纬 {esc(coords['lat'])}，东经 {esc(coords['lon'])}" if coords else ""),
                ("所属机构", self.a(m["organization"], src) if m.get("organization") else ""),
                ("相关人物", self.a_list(m.get("people"), src))]
        sections = ""
        if m.get("highlights"):
            sections = "## 参观看点\n\n" + island(markup.items("ul", (esc(h) for h in m["highlights"])))
        return self._profile(e, rows, sections)

    def page_organization(self, e: Entity) -> str:
        m, src = e.meta, e.src_uri
        rows = [("别名", self.alt_names(e)),
                ("上级机构", self.a(m["parent"], src) if m.get("parent") else ""),
                ("所在地", self.facet("regions", m["region"], src) if m.get("region") else ""),
                ("网站", markup.link(m["website"], esc(m["website"])) if m.get("website") else "")]
        return self._profile(e, rows)

    def page_policy(self, e: Entity) -> str:
        m, src = e.meta, e.src_uri
        out = (self.front(e.title, search_keys(e, self.names.names), m.get("abstract")) + self.review_notice(e)
               + self.doc_head(e) + self.lead(e) + self.doc_outline(e))
        issuers = [self.get(str(i)).title if self.get(str(i)) else str(i) for i in m.get("issuers") or []]
        head = (issuers, str(m.get("doc_number") or ""), e.title)
        text = self.body(e, lambda own: official_text.structure(own, self.citations(e), head))
        out += '<div class="ea-official-text" markdown>\n\n' + text + "\n\n</div>\n\n" + self.study_link(e)
        cites = []
        for c in m.get("cites") or []:
            if c.get("id") and self.get(c["id"]):
                cites.append(self.a(c["id"], src))
            else:
                number = f"（{esc(c['doc_number'])}）" if c.get("doc_number") else ""
                cites.append(f"{esc(c.get('title') or c.get('id'))}{number} <span class=\"ea-missing\">未收录</span>")
        if cites:
            out += "## 引用文件\n\n" + island(markup.items("ul", cites))
        cited_by = self.cited_by(e)
        if cited_by:
            out += "## 被引用\n\n" + island(markup.items("ul", (self.a(i, src) for i in cited_by)))
        return out + self.backlinks(e, exclude=set(cited_by)) + self.review_foot(e)

    def doc_head(self, e: Entity) -> str:
        """The header of an official document, above its text: what the document states of
        itself (发文机关, 文号, 日期, 主送, 抄送) and where its text comes from; a field the profile
        does not give, or gives as unknown (效力状态“未知”), has no row."""
        m, src = e.meta, e.src_uri
        source = m.get("source") or {}
        source_text = "，".join(x for x in [
            esc(source["title"]) if source.get("title") else "",
            f"引证码 {esc(source['citation_code'])}" if source.get("citation_code") else "",
            markup.link(source["url"], "原文链接") if source.get("url") else "",
            # how the text was obtained and what is left to confirm: the editors' note
            esc(source["note"]) if source.get("note") and self.serving else ""] if x)
        when = date(m["date"], esc) if m.get("date") else ""
        if when and m.get("date_note"):
            when += f'<span class="ea-doc-note">（{esc(m["date_note"])}）</span>'
        status = str(m.get("status") or "")
        rows = [("发文机关", self.a_list(m.get("issuers"), src)),
                ("发文字号", esc(m["doc_number"]) if m.get("doc_number") else ""),
                ("成文日期", when),
                ("主送", "，".join(esc(r) for r in m.get("recipients") or [])),
                ("抄送", "，".join(esc(r) for r in m.get("cc") or [])),
                ("效力状态", esc(status) if status and status != "未知" else ""),
                ("来源", source_text)]
        cells = "".join(f"<dt>{label}</dt>\n<dd>{self.for_readers(value)}</dd>\n" for label, value in rows if value)
        return island(f'<dl class="ea-doc-head">\n{cells}</dl>') if cells else ""

    @staticmethod
    def doc_outline(e: Entity) -> str:
        """The document's headings as a folded list of links, for screens too narrow for the
        theme's table of contents (which shows them beside the text on wide ones)."""
        parts = official_text.contents(e.body.strip())
        if len(parts) < 2:
            return ""
        lines = "".join(f'<li class="ea-outline-{level}"><a href="#{attr(anchor)}">{esc(text)}</a></li>\n'
                        for anchor, level, text in parts)
        return island(f'<details class="ea-doc-outline">\n<summary>目录</summary>\n<ul>\n{lines}</ul>\n</details>')

    def citations(self, e: Entity) -> list[official_text.Citation]:
        """The documents a policy cites, as its text names them: collected ones link to their
        page, the others to the list of documents not collected."""
        found = []
        for c in e.meta.get("cites") or []:
            if not isinstance(c, dict):
                continue
            target = self.get(str(c["id"])) if c.get("id") else None
            number = str(c.get("doc_number") or "")
            if target is not None:
                found.append(official_text.Citation(target.title, number, self.href(target.src_uri, e.src_uri), True))
            elif c.get("title") or number:
                found.append(official_text.Citation(str(c.get("title") or ""), number,
                                                    self.href("browse/uncollected.md", e.src_uri), False))
        return found

    # -- index pages ---------------------------------------------------------------
    def index(self, kind: str) -> tuple[str, str]:
        spec = self.archive.schema.kinds[kind]
        src = f"{spec['folder']}/index.md"
        entities = self.archive.of_kind(kind)
        if kind == "policy":
            return src, self.policy_index(src, entities)
        if not entities:     # said in words, not as a list of none
            return src, self.front(spec["label"], listing=True) + self.nothing_yet(kind, src)
        order = "按拼音排序"
        if kind in ("campaign", "activity"):      # events: newest first, as a reader looks for them
            when = "start" if kind == "campaign" else "date"
            entities = sorted(entities, key=lambda ent: str(ent.meta.get(when) or ""), reverse=True)
            order = "按时间排列，新的在前"
        lines = [self.front(spec["label"], listing=True), f"共 {len(entities)} 份档案，{order}。\n"]
        if kind == "place" and entities:   # the sites on a map of China (offline SVG)
            lines.append(island(chinamap.section(self.archive, posixpath.dirname(src) + "/") + "\n"))
        items = []
        for ent in entities:
            when = ent.meta.get("date") or (ent.meta.get("start") if kind == "campaign" else None)
            extra = life(ent.meta, esc) if kind == "person" else (date(when, esc) if when else "")
            extra = f"（{extra}）" if extra else ""
            pending = self.pending_mark(ent)
            items.append(f"{self.a(ent.id, src)}{extra}{pending}<br />\n  {esc(ent.meta.get('abstract', ''))}")
        lines.append(island(markup.items("ul", items)))
        return src, "\n".join(lines)

    def pending_mark(self, e: Entity) -> str:
        """For editors, a badge on each list entry still awaiting review; readers are told once,
        on the profile's own page (review_notice), not on every line of a list."""
        return ' <span class="ea-pending">待审核</span>' if self.serving and e.pending_review else ""

    def nothing_yet(self, kind: str, src: str) -> str:
        """A list page before its first profile: what will be listed here (and, for editors, how)."""
        label = self.archive.schema.kinds[kind]["label"]
        hint = f"<p>新建方法见贡献指南（<code>make new KIND={kind} NAME=…</code>）。</p>" if self.serving else ""
        if kind == "activity":
            from .campaign_pages import activities_to_come  # campaign_pages builds on this module
            return island(activities_to_come(self, src) + hint)
        return island(f"<p>本档案尚未收录{esc(label)}档案；收录后将在此按拼音列出。本档案只收录有来源为据的事实。</p>{hint}")

    def policy_index(self, src: str, entities: list[Entity]) -> str:
        """Policies newest first, as a legal database lists them: each with its issuers, 文号 and
        date. A date known only to its year (2018) comes after that year's dated documents."""
        label = self.archive.schema.kinds["policy"]["label"]
        if not entities:
            return self.front(label, listing=True) + self.nothing_yet("policy", src)
        lines = [self.front(label, listing=True), f"共 {len(entities)} 份档案，按成文日期排列，新的在前。\n"]
        items = []
        for ent in sorted(entities, key=lambda ent: str(ent.meta.get("date") or ""), reverse=True):  # stable: pinyin
            m = ent.meta
            facts = [x for x in (self.a_list(m.get("issuers"), src),
                                 f'<span class="ea-doc-number">{esc(m["doc_number"])}</span>' if m.get("doc_number") else "",
                                 date(m["date"], esc) if m.get("date") else "") if x]
            pending = self.pending_mark(ent)
            meta_line = f'<br />\n  <span class="ea-doc-facts">{" · ".join(facts)}</span>' if facts else ""
            items.append(f"{self.a(ent.id, src)}{pending}{meta_line}<br />\n  {esc(m.get('abstract', ''))}")
        lines.append(island(markup.items("ul", items, "ea-policy-list")))
        return "\n".join(lines)


_pages: dict[str, tuple] = {}      # id -> (key, what the page used of others, Markdown)
_remember = [False]


def remember(on: bool) -> None:
    """Keep profile pages' Markdown across builds in this process (for rebuilds after an edit)."""
    _remember[0] = on


def remembering() -> bool:
    return _remember[0]


def _seen(target: Entity | None):
    return None if target is None else (target.title, target.src_uri, target.pinyin, target.kind)
