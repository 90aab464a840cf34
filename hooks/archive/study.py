"""Study kits (学习研讨): for each spirit and each policy, a page that a party branch can print
for 三会一课: what to read, whom to learn from, where to go, and what to discuss.

Everything on a page is derived from the archive: the documents (a policy, or the policies
that name a spirit), the exemplars (the people a policy names, or whose `spirits` include the
spirit), the education sites (places named in those documents or linked to those people),
and the discussion questions the editors declared in the profile (`study.questions`).
"""
from __future__ import annotations

from .browse import Browse
from .model import Entity
from .qr import qr_block
from .render import PageWriter, date, life, study_src, text

INDEX = "study/index.md"
MAX_LISTED = 12          # exemplars and sites per page; the rest are one link away (principle 5)
# The exemplars' and sites' abstracts are indexed on their own pages: here they would only crowd search.
LIST_START, LIST_END = '<div class="ea-kit-list" data-search-exclude markdown>\n', "\n</div>"
PRINT_HELP = ('<p class="ea-noprint ea-print-help" data-search-exclude>打印：用浏览器的打印功能（Ctrl+P）打印本页。'
              "已按 A4 纸排版，不印页眉和导航，讨论题另起一页，页首的二维码可打开线上版。</p>\n")


class StudyKits:
    def __init__(self, writer: PageWriter, browse: Browse):
        self.w = writer
        self.archive = writer.archive
        self.browse = browse
        self._named: dict[str, list[str]] = {}      # id -> ids its text names, in order (found once per build)

    def pages(self) -> list[tuple[str, str]]:
        kits = self.archive.of_kind("spirit") + self.archive.of_kind("policy")
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
        out = [self.w.front("学习研讨"),
               "每种精神、每份政策文件各有一份学习材料：先读文件，再学楷模，有条件的到教育基地现场学习，"
               "最后围绕讨论题座谈交流。材料可直接打印（A4），供党支部“三会一课”、主题党日和专题研讨使用。\n"]
        for kind, heading in (("spirit", "按精神"), ("policy", "按政策文件")):
            out.append(f"## {heading}\n")
            for e in self.archive.of_kind(kind):
                n = len(self.questions(e))
                count = f"（讨论题 {n} 道）" if n else ""
                out.append(f"- [{text(self._short(e))}]({self.w.href(study_src(e.id), INDEX)}){count}")
            out.append("")
        return INDEX, "\n".join(out) + "\n"

    @staticmethod
    def _short(e: Entity) -> str:
        return str(e.meta.get("short_title") or e.title)

    def page(self, e: Entity) -> tuple[str, str]:
        src = study_src(e.id)
        out = [self.w.front(f"学习研讨：{self._short(e)}"), PRINT_HELP,
               qr_block(self.w.site_url, src[:-3] + "/", "扫码打开线上版") + "\n"]
        if e.meta.get("abstract"):
            out.append(f'<p class="ea-abstract">{text(e.meta["abstract"])}</p>\n')
        people = self.exemplars(e)
        out += [self.reading(e, src), self.people(e, people, src), self.places(e, people, src), self.discussion(e, src)]
        return src, "\n".join(out) + "\n"

    def reading(self, e: Entity, src: str) -> str:
        out = ["## 一、阅读文件\n"]
        if e.kind == "spirit":
            elements = "、".join(text(x) for x in e.meta.get("elements") or [])
            out.append(f"- 精神档案：{self.w.link(e.id, src)}" + (f"（内涵：{elements}）" if elements else ""))
        docs = self.documents(e)
        for d in docs:
            number = f"，{text(d.meta['doc_number'])}" if d.meta.get("doc_number") else ""
            when = f"，{date(d.meta['date'])}" if d.meta.get("date") else ""
            issuers = self.w.links(d.meta.get("issuers"), src)
            own = "" if d.id == e.id else f"（[学习材料]({self.w.href(study_src(d.id), src)})）"
            out.append(f"- 原文：{self.w.link(d.id, src)}（{issuers}{number}{when}）{own}")
        if e.kind == "policy":
            cited = [c["id"] for c in e.meta.get("cites") or [] if c.get("id") and self.archive.get(c["id"])]
            if cited:
                out.append(f"- 本文件依据的文件：{self.w.links(cited, src)}")
            spirits = self.named_in(e, ("spirit",))
            if spirits:
                out.append("- 文中提到的精神：" + "、".join(
                    f"[{text(s.title)}]({self.w.href(study_src(s.id), src)})" for s in spirits))
        elif not docs:
            out.append("- 本档案尚未收录论及这一精神的政策文件。")
        return "\n".join(out) + "\n"

    def people(self, e: Entity, people: list[Entity], src: str) -> str:
        out = ["## 二、学习楷模\n"]
        if not people:
            what = "文中未提及本档案收录的人物或群体。" if e.kind == "policy" else "本档案尚未收录体现这一精神的人物或群体。"
            return out[0] + f"{what}\n"
        out.append(LIST_START)
        for p in people[:MAX_LISTED]:
            when = life(p.meta) if p.kind == "person" else ""
            out.append(f"- {self.w.link(p.id, src)}" + (f"（{when}）" if when else "")
                       + f"：{text(p.meta.get('abstract', ''))}")
        out.append(LIST_END)
        if len(people) > MAX_LISTED:
            more = self.browse.facet_src("spirits", e.id)
            out.append(f"\n另有 {len(people) - MAX_LISTED} 位，见[按精神浏览：{text(e.title)}]({self.w.href(more, src)})。"
                       if more else f"\n另有 {len(people) - MAX_LISTED} 位，见{self.w.link(e.id, src)}。")
        return "\n".join(out) + "\n"

    def places(self, e: Entity, people: list[Entity], src: str) -> str:
        out = ["## 三、参观教育基地\n"]
        sites = self.sites(e, people)
        if not sites:
            return out[0] + "本档案尚未收录与此相关的教育基地。\n"
        out.append(LIST_START)
        for place, why in sites[:MAX_LISTED]:
            out.append(f"- {self.w.link(place.id, src)}（{text(place.meta.get('province', ''))}，{text(why)}）："
                       f"{text(place.meta.get('abstract', ''))}")
        out.append(LIST_END)
        if len(sites) > MAX_LISTED:
            out.append(f"\n另有 {len(sites) - MAX_LISTED} 处，见[教育基地]({self.w.href('places/index.md', src)})。")
        return "\n".join(out) + "\n"

    def discussion(self, e: Entity, src: str) -> str:
        out = ["## 四、讨论题 {: .ea-page-break }\n"]
        questions = self.questions(e)
        if not questions:
            return out[0] + "本档案尚未拟定讨论题（编辑部可在档案的 study.questions 中添加）。\n"
        out.append("标“原文”的问题照录文件原话；标“编者拟”的问题由编辑部根据文件拟写，并附所依据的原文。\n")
        for n, q in enumerate(questions, 1):
            verbatim = q.get("origin") == "原文"
            question = f"“{text(q['question'])}”" if verbatim else text(q["question"])
            tag = '<span class="ea-tag">原文</span>' if verbatim else '<span class="ea-tag ea-tag-editor">编者拟</span>'
            doc = self.archive.get(str(q.get("document") or e.id))
            where = self.w.link(doc.id, src, f"《{self._short(doc)}》") if doc is not None else ""
            basis = ""
            if q.get("quote") and doc is not None:
                source = f"（{where}）" if doc.id != e.id else ""      # a policy's own page need not name itself
                basis = f'  \n    <span class="ea-basis">依据：“{text(q["quote"])}”{source}</span>'
            elif verbatim and doc is not None and doc.id != e.id:
                basis = f'  \n    <span class="ea-basis">出自：{where}</span>'
            out.append(f"{n}. {question} {tag}{basis}")
        return "\n".join(out) + "\n"
