"""Study kits (学习研讨): for each spirit and each policy, a page that a party branch can print
for 三会一课: what to read, whom to learn from, where to go, and what to discuss.

Everything on a page is derived from the archive: the documents (a policy, or the policies
that name a spirit), the exemplars (the people a policy names, or whose `spirits` include the
spirit), the education sites (places named in those documents or linked to those people),
and the discussion questions the editors declared in the profile (`study.questions`).
Everything but the headings is written as HTML islands (markup.py).
"""
from __future__ import annotations

from ..domain.model import Entity
from ..outputs.qr import qr_block
from ..text.markup import esc, href, island, items, link
from .text import date, life, study_src
from .writer import PageWriter

INDEX = "study/index.md"
MAX_LISTED = 12          # exemplars and sites per page; the rest are one link away (principle 5)
PRINT_HELP = ('<p class="ea-noprint ea-print-help" data-search-exclude>打印：用浏览器的打印功能（Ctrl+P）打印本页。'
              "已按 A4 纸排版，不印页眉和导航，讨论题另起一页，页首的二维码可打开线上版。</p>")


class StudyKits:
    def __init__(self, writer: PageWriter):
        self.w = writer
        self.archive = writer.archive
        self._named: dict[str, list[str]] = {}      # id -> ids its text names, in order (found once per build)

    def pages(self) -> list[tuple[str, str]]:
        kits = self.w.of_kind("spirit") + self.w.of_kind("policy")
        return [self.index()] + [self.page(e) for e in kits]

    # -- what belongs to a kit -------------------------------------------------------------
    def named_in(self, e: Entity, kinds: tuple[str, ...]) -> list[Entity]:
        """Profiles of `kinds` named in e's text, in the order the text names them."""
        if e.id not in self._named:
            found = self.w.names.find(e.body, self.w.skip(e))
            self._named[e.id] = list(dict.fromkeys(i for _, _, i in found if i != e.id))
        return [x for x in map(self.archive.get, self._named[e.id]) if x is not None and x.kind in kinds]

    def documents(self, e: Entity) -> list[Entity]:
        """A policy itself; for a spirit, the policies that name it or that its questions quote."""
        if e.kind == "policy":
            return [e]
        ids = [i for i in self.w.mentioned_by.get(e.id, []) if self.archive.get(i) and self.archive.get(i).kind == "policy"]
        ids += [str(q["document"]) for q in self.questions(e) if q.get("document")]
        docs = [d for d in map(self.archive.get, dict.fromkeys(ids)) if d is not None and d.kind == "policy"]
        return sorted(docs, key=lambda d: (str(d.meta.get("date") or ""), d.id))

    def exemplars(self, e: Entity) -> list[Entity]:
        if e.kind == "policy":
            return self.named_in(e, ("person", "group"))
        # referenced_by is computed once per build: no pass over every profile for each spirit.
        embodied = sorted((p for p in map(self.archive.get, self.archive.referenced_by.get(e.id, []))
                           if p is not None and p.kind in ("person", "group") and e.id in (p.meta.get("spirits") or [])),
                          key=lambda p: (p.pinyin.lower(), p.id))
        # Those the documents on this spirit name come first: they are the ones the documents ask to study.
        named = {p.id for d in self.documents(e) for p in self.named_in(d, ("person", "group"))}
        return sorted(embodied, key=lambda p: p.id not in named)

    def sites(self, e: Entity, people: list[Entity]) -> list[tuple[Entity, str]]:
        """(place, why it is on the list): named in a document, or linked to one of the people."""
        found: dict[str, tuple[Entity, str]] = {}
        for doc in self.documents(e):
            for place in self.named_in(doc, ("place",)):
                found.setdefault(place.id, (place, f"《{doc.meta.get('short_title') or doc.title}》推荐"))
        linked: dict[str, list[str]] = {}
        for person in people:
            for i in self.archive.referenced_by.get(person.id, []):
                place = self.archive.get(i)
                if place is not None and place.kind == "place" and person.id in (place.meta.get("people") or []):
                    linked.setdefault(place.id, []).append(person.title)
        for place_id, names in linked.items():
            found.setdefault(place_id, (self.archive.get(place_id), f"与{'、'.join(names)}有关"))
        return list(found.values())

    @staticmethod
    def questions(e: Entity) -> list[dict]:
        study = e.meta.get("study") or {}
        return [q for q in study.get("questions") or [] if isinstance(q, dict) and q.get("question")]

    # -- pages -----------------------------------------------------------------------------
    def index(self) -> tuple[str, str]:
        out = self.w.front("学习研讨") + island(
            "<p>每种精神、每份政策文件各有一份学习材料：先读文件，再学楷模，有条件的到教育基地现场学习，"
            "最后围绕讨论题座谈交流。材料可直接打印（A4），供党支部“三会一课”、主题党日和专题研讨使用。</p>")
        for kind, heading in (("spirit", "按精神"), ("policy", "按政策文件")):
            kits = []
            for e in self.w.of_kind(kind):
                n = len(self.questions(e))
                kits.append(link(href(study_src(e.id), INDEX), esc(self._short(e))) + (f"（讨论题 {n} 道）" if n else ""))
            out += f"## {heading}\n\n" + island(items("ul", kits))
        return INDEX, out

    @staticmethod
    def _short(e: Entity) -> str:
        return str(e.meta.get("short_title") or e.title)

    def page(self, e: Entity) -> tuple[str, str]:
        src = study_src(e.id)
        head = [PRINT_HELP, qr_block(self.w.site_url, src[:-3] + "/", "扫码打开线上版")]
        if e.meta.get("abstract"):
            head.append(f'<p class="ea-abstract">{esc(e.meta["abstract"])}</p>')
        people = self.exemplars(e)
        # Each of these blocks was raw HTML, which Markdown follows with a blank line: kept.
        return src, (self.w.front(f"学习研讨：{self._short(e)}") + island("\n\n".join(head) + "\n") + self.reading(e, src)
                     + self.people(e, people, src) + self.places(e, people, src) + self.discussion(e, src)
                     + self.w.review_foot(e))

    def reading(self, e: Entity, src: str) -> str:
        out = []
        if e.kind == "spirit":
            elements = "、".join(esc(x) for x in e.meta.get("elements") or [])
            out.append(f"精神档案：{self.w.a(e.id, src)}" + (f"（内涵：{elements}）" if elements else ""))
        docs = self.documents(e)
        for d in docs:
            number = f"，{esc(d.meta['doc_number'])}" if d.meta.get("doc_number") else ""
            when = f"，{date(d.meta['date'], esc)}" if d.meta.get("date") else ""
            issuers = self.w.a_list(d.meta.get("issuers"), src)
            own = "" if d.id == e.id else f"（{link(href(study_src(d.id), src), '学习材料')}）"
            out.append(f"原文：{self.w.a(d.id, src)}（{issuers}{number}{when}）{own}")
        if e.kind == "policy":
            cited = [c["id"] for c in e.meta.get("cites") or [] if c.get("id") and self.archive.get(c["id"])]
            if cited:
                out.append(f"本文件依据的文件：{self.w.a_list(cited, src)}")
            spirits = self.named_in(e, ("spirit",))
            if spirits:
                out.append("文中提到的精神：" + "、".join(link(href(study_src(s.id), src), esc(s.title)) for s in spirits))
        elif not docs:
            out.append("本档案尚未收录论及这一精神的政策文件。")
        return "## 一、阅读文件\n\n" + island(items("ul", out))

    def people(self, e: Entity, people: list[Entity], src: str) -> str:
        if not people:
            what = "文中未提及本档案收录的人物或群体。" if e.kind == "policy" else "本档案尚未收录体现这一精神的人物或群体。"
            return "## 二、学习楷模\n\n" + island(f"<p>{what}</p>")
        listed = []
        for p in people[:MAX_LISTED]:
            when = life(p.meta, esc) if p.kind == "person" else ""
            listed.append(self.w.a(p.id, src) + (f"（{when}）" if when else "") + f"：{esc(p.meta.get('abstract', ''))}")
        more = ""
        if len(people) > MAX_LISTED:
            facet = self.w.facets.facet_src("spirits", e.id)
            where = link(href(facet, src), f"按精神浏览：{esc(e.title)}") if facet else self.w.a(e.id, src)
            more = f'\n<p class="ea-noprint">另有 {len(people) - MAX_LISTED} 位，见{where}。</p>'
        return "## 二、学习楷模\n\n" + island(_kit_list(listed) + more)

    def places(self, e: Entity, people: list[Entity], src: str) -> str:
        sites = self.sites(e, people)
        if not sites:
            return "## 三、参观教育基地\n\n" + island("<p>本档案尚未收录与此相关的教育基地。</p>")
        listed = [f"{self.w.a(place.id, src)}（{esc(place.meta.get('province', ''))}，{esc(why)}）："
                  f"{esc(place.meta.get('abstract', ''))}" for place, why in sites[:MAX_LISTED]]
        more = ""
        if len(sites) > MAX_LISTED:
            more = f'\n<p class="ea-noprint">另有 {len(sites) - MAX_LISTED} 处，见{link(href("places/index.md", src), "教育基地")}。</p>'
        return "## 三、参观教育基地\n\n" + island(_kit_list(listed) + more)

    def discussion(self, e: Entity, src: str) -> str:
        heading = "## 四、讨论题 {: .ea-page-break }\n\n"
        questions = self.questions(e)
        if not questions:
            return heading + island("<p>本档案尚未拟定讨论题（编辑部可在档案的 study.questions 中添加）。</p>")
        listed = []
        for q in questions:
            verbatim = q.get("origin") == "原文"
            question = f"“{esc(q['question'])}”" if verbatim else esc(q["question"])
            tag = '<span class="ea-tag">原文</span>' if verbatim else '<span class="ea-tag ea-tag-editor">编者拟</span>'
            doc = self.archive.get(str(q.get("document") or e.id))
            where = self.w.a(doc.id, src, f"《{self._short(doc)}》") if doc is not None else ""
            basis = ""
            if q.get("quote") and doc is not None:
                source = f"（{where}）" if doc.id != e.id else ""      # a policy's own page need not name itself
                basis = f'<br />\n    <span class="ea-basis">依据：“{esc(q["quote"])}”{source}</span>'
            elif verbatim and doc is not None and doc.id != e.id:
                basis = f'<br />\n    <span class="ea-basis">出自：{where}</span>'
            listed.append(f"{question} {tag}{basis}")
        return heading + island("<p>标“原文”的问题照录文件原话；标“编者拟”的问题由编辑部根据文件拟写，并附所依据的原文。</p>\n"
                                + items("ol", listed))


def _kit_list(lines: list[str]) -> str:
    # The exemplars' and sites' abstracts are indexed on their own pages: here they would only crowd search.
    return f'<div class="ea-kit-list" data-search-exclude>\n{items("ul", lines)}\n</div>'
