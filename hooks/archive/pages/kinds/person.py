"""A person's page: life, posts, education and works beside the shared people rows, their
nominations, related people, and the share block (QR code, posters)."""
from __future__ import annotations

from ...domain.model import Entity
from ...text.markup import esc, island, items
from ..campaign_blocks import nominations_section
from ..text import latin_name, life, span
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    rows = [("性别", esc(m["gender"]) if m.get("gender") else ""),
            ("生卒", life(m, esc)), ("出生地", esc(m["birthplace"]) if m.get("birthplace") else ""),
            ("国籍", esc(m["nationality"]) if m.get("nationality") else "")]
    rows += w.people_rows(e)
    sections = ""
    if m.get("positions"):
        sections += "## 任职\n\n" + island(items("ul", (
            f"{w.ref_or_esc(p['organization'], src)}：{esc(p['title'])}{span(p, escape=esc)}" for p in m["positions"])))
    if m.get("education"):
        sections += "## 教育经历\n\n" + island(items("ul", (
            w.ref_or_esc(x["institution"], src) + (f"，{esc(x['degree'])}" if x.get("degree") else "") + span(x, escape=esc)
            for x in m["education"])))
    if m.get("works"):
        sections += "## 代表成果\n\n" + island(items("ul", (esc(work) for work in m["works"])))
    # The name heads the infobox, with its pinyin (a person's name as romanised).
    latin = latin_name(e)
    caption = f'{esc(e.title)}<span class="ea-infobox-pinyin">{esc(latin)}</span>' if latin else esc(e.title)
    return w.profile(e, rows, sections + nominations_section(w, e) + w.related_section(e), w.share(e), caption)
