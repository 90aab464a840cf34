"""Ways into the archive besides search: people A–Z, facet pages (their values and addresses:
facets.py), a timeline, the list of cited documents not yet collected, and related people. All
computed once per build; each page lists only what belongs on it (principle 5). Lists are HTML
islands (markup.py): only the headings are Markdown, for the table of contents."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Iterable

from ..domain.model import Entity
from ..text.markup import esc, href, island, items, link
from .facets import FACETS, ID_FACETS, IN_ORDER, PEOPLE_KINDS, facet_page_src
from .text import date, life
from .writer import PageWriter

_TAG = re.compile(r"<[^>]*>")


class Browse:
    def __init__(self, writer: PageWriter):
        self.w = writer
        self.archive = writer.archive
        self.facets = writer.facets
        self.people = self.facets.people

    def pages(self) -> list[tuple[str, str]]:
        pages = [self.home(), self.a_to_z(), self.timeline(), self.uncollected()]
        for folder, label, values in FACETS:
            pages += self.facet(folder, label, values)
        return pages

    # -- helpers ------------------------------------------------------------------------
    def _people_list(self, people: Iterable[Entity], src: str) -> str:
        return island(items("ul", (self._person_line(e, src) for e in people)))

    def _person_line(self, e: Entity, src: str) -> str:
        extra = life(e.meta, esc) if e.kind == "person" else ""
        return self.w.a(e.id, src) + (f"（{extra}）" if extra else "")

    # -- pages --------------------------------------------------------------------------
    def home(self) -> tuple[str, str]:
        src = "browse/index.md"
        lines = [f"{link(href('browse/a-z.md', src), '人物 A–Z')}：按姓氏拼音首字母排列",
                 f"{link(href('browse/timeline.md', src), '时间线')}：出生、荣誉、政策文件的时间",
                 f"{link(href('browse/uncollected.md', src), '未收录文件')}：被引用但尚未收录的文件"]
        for folder, label, values in FACETS:
            count = len({v for e in self.people for v in values(e)})
            if not count:       # a way to browse nothing is not offered (its pages are not made)
                continue
            lines.append(f"{link(href(f'browse/{folder}/index.md', src), f'按{label}')}：{count} 项")
        return src, self.w.front("浏览", listing=True) + island(items("ul", lines))

    def a_to_z(self) -> tuple[str, str]:
        src = "browse/a-z.md"
        by_letter: dict[str, list[Entity]] = defaultdict(list)
        for e in self.w.of_kind("person"):
            letter = e.pinyin[:1].upper()
            by_letter[letter if letter.isalpha() else "#"].append(e)
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        jump = " · ".join(link(f"#{c.lower()}", c) if c in by_letter else c for c in letters)
        out = self.w.front("人物 A–Z", listing=True) + island(
            f'<p>按姓氏拼音首字母排列（姓氏读音依 GB/T 28039-2011）。</p>\n<p class="ea-letters">{jump}</p>')
        for letter in sorted(by_letter):
            out += f"## {letter} {{#{letter.lower()}}}\n\n" + self._people_list(by_letter[letter], src)
        return src, out

    def facet(self, folder: str, label: str, values: Callable[[Entity], list[str]]) -> list[tuple[str, str]]:
        groups = self.facets.groups(values)
        if not groups:
            return []
        slugs = self.facets.slugs(folder)
        index_src = f"browse/{folder}/index.md"
        intro = f"<p>共 {len(groups)} 项。</p>"
        if folder == "era":         # two kinds of date in one list: say which
            intro += "\n<p>人物按出生的年代排列，先进群体按形成的年代排列。</p>"
        listed, pages = [], []
        for value in sorted(groups, key=lambda v: (v,) if folder in IN_ORDER else (-len(groups[v]), slugs[v])):
            shown = self.facets.value_label(folder, value)
            src = facet_page_src(folder, slugs[value])
            listed.append(f"{link(href(src, index_src), esc(shown))}（{len(groups[value])}）")
            about = f"<p>共 {len(groups[value])} 份档案。</p>"
            if folder in ID_FACETS and self.archive.get(value):
                about += f"\n<p>参见{ID_FACETS[folder]}：{self.w.a(value, src)}。</p>"
            # Found by its value as by a name (a question naming an honour shows its list first),
            # written without quotes so that it stays one word (“两弹一星”精神 → 两弹一星精神).
            key = re.sub(r"[“”‘’\"'《》]", "", shown)
            pages.append((src, self.w.front(f"{label}：{shown}", [key], listing=True) + island(about)
                          + self._people_list(groups[value], src)))
        index = self.w.front(f"按{label}浏览", listing=True) + island(intro) + island(items("ul", listed))
        return [(index_src, index)] + pages

    def _events(self) -> Iterable[tuple[str, str, str, str]]:
        """(sortable date, kind class, kind label, HTML) for every dated fact."""
        src = "browse/timeline.md"
        for e in self.archive.entities.values():
            m, own = e.meta, self.w.a(e.id, src)
            if e.kind == "person":
                if m.get("birth"):
                    yield str(m["birth"]), "birth", "出生", own
                if m.get("death"):
                    yield str(m["death"]), "death", "逝世", own
            if e.kind == "group" and m.get("start"):
                yield str(m["start"]), "group", "群体", own
            if e.kind in PEOPLE_KINDS:
                for h in m.get("honours") or []:
                    if h.get("year"):
                        yield str(h["year"]), "honour", "荣誉", f"{own}获{esc(h['name'])}"
            if e.kind == "policy" and m.get("date"):
                yield str(m["date"]), "policy", "政策", f"{self.w.a_list(m.get('issuers'), src)}印发{own}"
            if e.kind == "campaign":
                by = self.w.a(m["organizer"], src) if m.get("organizer") else ""
                if m.get("start"):
                    yield str(m["start"]), "campaign", "主题活动", f"{own}开始" + (f"（{by}主办）" if by else "")
                stages = m.get("stages") or []
                for n, stage in enumerate(stages, 1):
                    if not isinstance(stage, dict):
                        continue
                    # A stage without its own date (“贯穿全年”) is placed at the campaign's start;
                    # “阶段 n/N” keeps stages of one month in the document's order.
                    when = stage.get("date") or m.get("start")
                    if when:
                        yield (str(when), "stage", "活动阶段", f"{own}：阶段 {n}/{len(stages)} "
                               f"{esc(stage.get('name', ''))}（{esc(stage.get('period', ''))}）")
            if e.kind == "activity" and m.get("date"):
                by = self.w.a(m["organizer"], src) if m.get("organizer") else ""
                yield str(m["date"]), "activity", "活动记录", f"{by}举办{own}（{esc(m.get('type', ''))}）"

    def timeline(self) -> tuple[str, str]:
        src = "browse/timeline.md"
        # Facts of one date and kind in the order of what they read (the links' text first).
        events = sorted(self._events(), key=lambda ev: (ev[0], ev[1], _TAG.sub("", ev[3]), ev[3]))
        kinds = dict.fromkeys((cls, label) for _, cls, label, _ in sorted(events, key=lambda ev: ev[1]))
        boxes = "".join(f'<label><input type="checkbox" id="tl-{cls}" checked> {label}</label> '
                        for cls, label in sorted(kinds))
        lines = "".join(f'<li class="ea-ev-{cls}"><strong>{date(when, esc)}</strong> {label}：{html}</li>\n'
                        for when, cls, label, html in events)
        return src, self.w.front("时间线", listing=True) + island(
            f'<p>勾选要显示的类别（无需联网，可直接打印）。</p>\n<div class="ea-timeline-filter">{boxes}</div>\n\n'
            f'<ul class="ea-timeline">\n{lines}</ul>')

    def uncollected(self) -> tuple[str, str]:
        src = "browse/uncollected.md"
        cited: dict[tuple[str, str], list[str]] = defaultdict(list)
        for e in self.w.of_kind("policy"):
            for c in e.meta.get("cites") or []:
                if not (c.get("id") and self.archive.get(c["id"])):
                    cited[(str(c.get("title") or c.get("id")), str(c.get("doc_number") or ""))].append(e.id)
        listed = [esc(title) + (f"（{esc(number)}）" if number else "") + f"<br />\n  引用者：{self.w.a_list(by, src)}"
                  for (title, number), by in sorted(cited.items())]
        return src, (self.w.front("未收录文件", listing=True)
                     + island(f"<p>以下 {len(cited)} 份文件被已收录的政策文件引用，但本档案尚未收录全文。</p>")
                     + island(items("ul", listed)))
