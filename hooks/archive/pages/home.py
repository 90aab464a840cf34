"""The home page: an entrance built from the profiles, of the same size at 10,000 as at 50.

Exemplars as cards (chosen by the editors in mkdocs.yml `extra.archive.featured`, else those
the archive's texts name most), the spirits, the campaigns with their stages, and the profiles
changed last. Every section is bounded; each ends with a link to the whole list.
"""
from __future__ import annotations

from ..domain.history import Change
from ..domain.model import Entity
from ..text.markup import esc, href, island, link
from .campaign_blocks import stage_period
from .text import date, life
from .writer import PageWriter

SRC = "index.md"
CARDS, SPIRITS, CAMPAIGNS, STAGES, RECENT = 8, 12, 4, 6, 8
_LINE = 60          # characters of 事迹 on a card


def first_sentence(text: str, most: int = _LINE) -> str:
    """The abstract's first sentence, cut to `most` characters."""
    text = str(text or "").strip()
    end = text.find("。")
    sentence = text[: end + 1] if end >= 0 else text
    if len(sentence) <= most:
        return sentence
    cut = sentence[: most - 1]
    if cut.count("（") > cut.count("）"):     # not inside a bracket: 深入学习（12……
        cut = cut[: cut.rfind("（")]
    return cut.rstrip("，、；：") + "……"


def featured(w: PageWriter, chosen: list[str] | None) -> list[Entity]:
    """The editors' choice (ids of people or groups, in their order); else the people the
    archive's texts and fields name most (the policies' exemplars first), then by pinyin."""
    if chosen:
        return [e for e in (w.archive.get(str(i)) for i in chosen) if e is not None][:CARDS]
    people = w.of_kind("person")
    named = {e.id: len(w.mentioned_by.get(e.id, ())) + len(w.archive.referenced_by.get(e.id, ())) for e in people}
    return sorted(people, key=lambda e: -named[e.id])[:CARDS]       # sorted() keeps pinyin order on ties


def _card(w: PageWriter, e: Entity) -> str:
    when = life(e.meta, esc) if e.kind == "person" else ""
    fields = "、".join(esc(f) for f in (e.meta.get("fields") or [])[:3])
    rows = [f'<h3 class="ea-card-name">{link(href(e.src_uri, SRC), esc(e.title))}</h3>']
    rows += [f'<p class="ea-card-life">{when}</p>'] if when else []
    rows += [f'<p class="ea-card-field">{fields}</p>'] if fields else []
    line = first_sentence(e.meta.get("abstract"))
    rows += [f'<p class="ea-card-line">{esc(line)}</p>'] if line else []
    return '<div class="ea-card">\n' + "\n".join(rows) + "\n</div>"


def _more(src: str, label: str) -> str:
    return f'<p class="ea-home-more">{link(href(src, SRC), label)}</p>'


def _spirits(w: PageWriter) -> str:
    spirits = w.of_kind("spirit")
    if not spirits:
        return ""
    items = [f"<li>{w.a(e.id, SRC)}</li>" for e in spirits[:SPIRITS]]
    return ("## 精神\n\n" + island('<ul class="ea-home-spirits">\n' + "\n".join(items) + "\n</ul>\n"
                                   + _more("spirits/index.md", f"全部精神（{len(spirits)} 种）")))


def _campaigns(w: PageWriter) -> str:
    campaigns = sorted(w.of_kind("campaign"), key=lambda e: str(e.meta.get("start") or ""), reverse=True)
    if not campaigns:
        return ""
    blocks = []
    for e in campaigns[:CAMPAIGNS]:
        start = date(e.meta["start"], esc) if e.meta.get("start") else ""
        stages = [f'<li><span class="ea-stage-when">{stage_period(s, e)}</span> {esc(s.get("name") or "")}</li>'
                  for s in (e.meta.get("stages") or [])[:STAGES] if isinstance(s, dict)]
        blocks.append('<section class="ea-home-campaign">\n'
                      f'<h3>{w.a(e.id, SRC)}</h3>\n'
                      + (f'<p class="ea-card-life">{start}起</p>\n' if start else "")
                      + (f'<p class="ea-card-line">{esc(first_sentence(e.meta.get("abstract"), 80))}</p>\n'
                         if e.meta.get("abstract") else "")
                      + ('<ol class="ea-stages">\n' + "\n".join(stages) + "\n</ol>\n" if stages else "")
                      + "</section>")
    return "## 主题活动\n\n" + island('<div class="ea-home-campaigns">\n' + "\n".join(blocks) + "\n</div>\n"
                                      + _more("campaigns/index.md", f"全部主题活动（{len(campaigns)} 项）"))


def _recent(w: PageWriter, changes: dict[str, Change]) -> str:
    kinds = w.archive.schema.kinds
    latest = sorted(((c.date, e.id) for e in w.archive.entities.values()
                     if (c := changes.get(e.path)) is not None), reverse=True)[:RECENT]
    if not latest:
        return ""
    items = [f'<li>{w.a(i, SRC)}<span class="ea-recent-kind">{esc(kinds[w.archive.get(i).kind]["label"])}</span>'
             f'<span class="ea-recent-date">{date(when, esc)}</span></li>' for when, i in latest]
    return "## 最近更新\n\n" + island('<ul class="ea-home-recent">\n' + "\n".join(items) + "\n</ul>\n")


def home_page(w: PageWriter, chosen: list[str] | None, changes: dict[str, Change], intro: str) -> tuple[str, str]:
    people = w.of_kind("person")
    cards = [_card(w, e) for e in featured(w, chosen)]
    out = ('---\ntitle: 首页\nlisting: true\nhide:\n  - navigation\n  - toc\n---\n\n'
           f"# {esc(w.site_name)}\n\n" + island(f'<p class="ea-home-intro">{esc(intro)}</p>'))
    if cards:
        out += ("## 楷模人物\n\n" + island('<div class="ea-cards">\n' + "\n".join(cards) + "\n</div>\n"
                                         + _more("people/index.md", f"全部楷模人物（{len(people)} 位）")))
    out += _spirits(w) + _campaigns(w) + _recent(w, changes)
    out += island(f'<p class="ea-home-about">{link(href("about.md", SRC), "关于本站")}：收录范围、来源与审核、开放数据。'
                  f'{link("feed.xml", "订阅更新（RSS）")}：新增和更新的档案。</p>')
    return SRC, out
