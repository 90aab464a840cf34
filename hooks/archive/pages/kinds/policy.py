"""A policy's page, laid out as the official document it is: its header (发文机关, 文号, 日期 …),
an outline of its headings, its text with headings and citations marked (official_text.py), the
documents it cites and those that cite it, and a link to its study kit."""
from __future__ import annotations

from ...domain.model import Entity
from ...outputs import official_text
from ...outputs.search_terms import search_keys
from ...text.markup import attr, esc, island, items, link
from ..text import date
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    out = (w.front(e.title, search_keys(e, w.names.names), m.get("abstract")) + w.review_notice(e)
           + doc_head(w, e) + w.lead(e) + doc_outline(e))
    issuers = [w.get(str(i)).title if w.get(str(i)) else str(i) for i in m.get("issuers") or []]
    head = (issuers, str(m.get("doc_number") or ""), e.title)
    text = w.body(e, lambda own: official_text.structure(own, citations(w, e), head))
    out += '<div class="ea-official-text" markdown>\n\n' + text + "\n\n</div>\n\n" + w.study_link(e)
    cites = []
    for c in m.get("cites") or []:
        if c.get("id") and w.get(c["id"]):
            cites.append(w.a(c["id"], src))
        else:
            number = f"（{esc(c['doc_number'])}）" if c.get("doc_number") else ""
            cites.append(f"{esc(c.get('title') or c.get('id'))}{number} <span class=\"ea-missing\">未收录</span>")
    if cites:
        out += "## 引用文件\n\n" + island(items("ul", cites))
    cited_by = w.cited_by(e)
    if cited_by:
        out += "## 被引用\n\n" + island(items("ul", (w.a(i, src) for i in cited_by)))
    return out + w.backlinks(e, exclude=set(cited_by)) + w.review_foot(e)


def doc_head(w: PageWriter, e: Entity) -> str:
    """The header of an official document, above its text: what the document states of
    itself (发文机关, 文号, 日期, 主送, 抄送) and where its text comes from; a field the profile
    does not give, or gives as unknown (效力状态“未知”), has no row."""
    m, src = e.meta, e.src_uri
    source = m.get("source") or {}
    source_text = "，".join(x for x in [
        esc(source["title"]) if source.get("title") else "",
        f"引证码 {esc(source['citation_code'])}" if source.get("citation_code") else "",
        link(source["url"], "原文链接") if source.get("url") else "",
        # how the text was obtained and what is left to confirm: the editors' note
        esc(source["note"]) if source.get("note") and w.serving else ""] if x)
    when = date(m["date"], esc) if m.get("date") else ""
    if when and m.get("date_note"):
        when += f'<span class="ea-doc-note">（{esc(m["date_note"])}）</span>'
    status = str(m.get("status") or "")
    rows = [("发文机关", w.a_list(m.get("issuers"), src)),
            ("发文字号", esc(m["doc_number"]) if m.get("doc_number") else ""),
            ("成文日期", when),
            ("主送", "，".join(esc(r) for r in m.get("recipients") or [])),
            ("抄送", "，".join(esc(r) for r in m.get("cc") or [])),
            ("效力状态", esc(status) if status and status != "未知" else ""),
            ("来源", source_text)]
    cells = "".join(f"<dt>{label}</dt>\n<dd>{w.for_readers(value)}</dd>\n" for label, value in rows if value)
    return island(f'<dl class="ea-doc-head">\n{cells}</dl>') if cells else ""


def doc_outline(e: Entity) -> str:
    """The document's headings as a folded list of links, for screens too narrow for the
    theme's table of contents (which shows them beside the text on wide ones)."""
    parts = official_text.contents(e.body.strip())
    if len(parts) < 2:
        return ""
    lines = "".join(f'<li class="ea-outline-{level}"><a href="#{attr(anchor)}">{esc(heading)}</a></li>\n'
                    for anchor, level, heading in parts)
    return island(f'<details class="ea-doc-outline">\n<summary>目录</summary>\n<ul>\n{lines}</ul>\n</details>')


def citations(w: PageWriter, e: Entity) -> list[official_text.Citation]:
    """The documents a policy cites, as its text names them: collected ones link to their
    page, the others to the list of documents not collected."""
    found = []
    for c in e.meta.get("cites") or []:
        if not isinstance(c, dict):
            continue
        target = w.get(str(c["id"])) if c.get("id") else None
        number = str(c.get("doc_number") or "")
        if target is not None:
            found.append(official_text.Citation(target.title, number, w.href(target.src_uri, e.src_uri), True))
        elif c.get("title") or number:
            found.append(official_text.Citation(str(c.get("title") or ""), number,
                                                w.href("browse/uncollected.md", e.src_uri), False))
    return found
