"""The lists of profiles: each kind's index page (people/index.md …; policies as a legal
database lists them, newest first; the places with their map), said in words while a kind has
no profile yet, and the pages listing everything that mentions a widely mentioned profile."""
from __future__ import annotations

import posixpath

from ..domain.model import Entity
from ..outputs import chinamap
from ..text import markup
from ..text.markup import esc, island
from .campaign_blocks import activities_to_come
from .text import date, life, mentions_src
from .writer import BACKLINKS_SHOWN, PageWriter


def index(w: PageWriter, kind: str) -> tuple[str, str]:
    """The index page of one kind (its folder's index.md)."""
    spec = w.archive.schema.kinds[kind]
    src = f"{spec['folder']}/index.md"
    entities = w.of_kind(kind)
    if kind == "policy":
        return src, policy_index(w, src, entities)
    if not entities:     # said in words, not as a list of none
        return src, w.front(spec["label"], listing=True) + nothing_yet(w, kind, src)
    order = "按拼音排序"
    if kind in ("campaign", "activity"):      # events: newest first, as a reader looks for them
        when = "start" if kind == "campaign" else "date"
        entities = sorted(entities, key=lambda ent: str(ent.meta.get(when) or ""), reverse=True)
        order = "按时间排列，新的在前"
    lines = [w.front(spec["label"], listing=True), f"共 {len(entities)} 份档案，{order}。\n"]
    if kind == "place" and entities:   # the sites on a map of China (offline SVG)
        lines.append(island(chinamap.section(w.archive, posixpath.dirname(src) + "/") + "\n"))
    items = []
    for ent in entities:
        when = ent.meta.get("date") or (ent.meta.get("start") if kind == "campaign" else None)
        extra = life(ent.meta, esc) if kind == "person" else (date(when, esc) if when else "")
        extra = f"（{extra}）" if extra else ""
        pending = pending_mark(w, ent)
        items.append(f"{w.a(ent.id, src)}{extra}{pending}<br />\n  {esc(ent.meta.get('abstract', ''))}")
    lines.append(island(markup.items("ul", items)))
    return src, "\n".join(lines)


def pending_mark(w: PageWriter, e: Entity) -> str:
    """For editors, a badge on each list entry still awaiting review; readers are told once,
    on the profile's own page (review_notice), not on every line of a list."""
    return ' <span class="ea-pending">待审核</span>' if w.serving and e.pending_review else ""


def nothing_yet(w: PageWriter, kind: str, src: str) -> str:
    """A list page before its first profile: what will be listed here (and, for editors, how)."""
    label = w.archive.schema.kinds[kind]["label"]
    hint = f"<p>新建方法见贡献指南（<code>make new KIND={kind} NAME=…</code>）。</p>" if w.serving else ""
    if kind == "activity":
        return island(activities_to_come(w, src) + hint)
    return island(f"<p>本档案尚未收录{esc(label)}档案；收录后将在此按拼音列出。本档案只收录有来源为据的事实。</p>{hint}")


def policy_index(w: PageWriter, src: str, entities: list[Entity]) -> str:
    """Policies newest first, as a legal database lists them: each with its issuers, 文号 and
    date. A date known only to its year (2018) comes after that year's dated documents."""
    label = w.archive.schema.kinds["policy"]["label"]
    if not entities:
        return w.front(label, listing=True) + nothing_yet(w, "policy", src)
    lines = [w.front(label, listing=True), f"共 {len(entities)} 份档案，按成文日期排列，新的在前。\n"]
    items = []
    for ent in sorted(entities, key=lambda ent: str(ent.meta.get("date") or ""), reverse=True):  # stable: pinyin
        m = ent.meta
        facts = [x for x in (w.a_list(m.get("issuers"), src),
                             f'<span class="ea-doc-number">{esc(m["doc_number"])}</span>' if m.get("doc_number") else "",
                             date(m["date"], esc) if m.get("date") else "") if x]
        pending = pending_mark(w, ent)
        meta_line = f'<br />\n  <span class="ea-doc-facts">{" · ".join(facts)}</span>' if facts else ""
        items.append(f"{w.a(ent.id, src)}{pending}{meta_line}<br />\n  {esc(m.get('abstract', ''))}")
    lines.append(island(markup.items("ul", items, "ea-policy-list")))
    return "\n".join(lines)


def mentions_pages(w: PageWriter) -> list[tuple[str, str]]:
    """A page listing everything that mentions a profile, for profiles mentioned more widely
    than their own page shows (an index page, designed to be long)."""
    pages = []
    for e in sorted(w.archive.entities.values(), key=lambda e: e.id):
        if len({*w.archive.referenced_by.get(e.id, ()), *w.mentioned_by.get(e.id, ())}) <= BACKLINKS_SHOWN:
            continue                                    # fits on its own page (the common case)
        by_kind = w.backlink_sources(e, set(w.cited_by(e)) if e.kind == "policy" else set())
        if not any(len(sources) > BACKLINKS_SHOWN for sources in by_kind.values()):
            continue
        src = mentions_src(e)
        out = w.front(f"提及{e.title}的档案", listing=True) + island(f"<p>回到{w.a(e.id, src)}。</p>")
        for kind, sources in by_kind.items():
            out += (f"## {w.archive.schema.label(kind)}（{len(sources)}）\n\n"
                    + island(markup.items("ul", (w.a(s.id, src) for s in sources))))
        pages.append((src, out))
    return pages
