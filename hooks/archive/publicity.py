"""Publicity kits (宣传): an A4 poster for each person and group, for display boards.

The poster is a page of its own beside the profile (people/tu-youyou/poster/): photo, name,
life dates, abstract, spirits and a QR code that opens the profile online. The print
stylesheet (docs/assets/print.css) leaves only the poster on one A4 sheet. Posters repeat
their profile, so they stay out of the search index and the navigation.
"""
from __future__ import annotations

import html

from .model import Entity
from .qr import qr_block
from .render import PageWriter, date, json_string, life, poster_src, text

KINDS = ("person", "group")


def poster_pages(w: PageWriter) -> list[tuple[str, str]]:
    return [poster(w, e) for kind in KINDS for e in w.archive.of_kind(kind)]


def _when(e: Entity) -> str:
    if e.kind == "person":
        return life(e.meta)
    start, end = e.meta.get("start"), e.meta.get("end")
    return f"{date(start) if start else ''}—{date(end) if end else ''}" if start or end else ""


def poster(w: PageWriter, e: Entity) -> tuple[str, str]:
    src, m = poster_src(e), e.meta
    esc = lambda value: html.escape(str(value), quote=False)  # raw HTML blocks: no Markdown inside
    out = [f"---\ntitle: {json_string(e.title + ' · 宣传海报')}\nsearch:\n  exclude: true\n"
           "hide:\n  - navigation\n  - toc\n---\n",
           f'<p class="ea-noprint ea-print-help" markdown>[返回{text(e.title)}的档案]({w.href(e.src_uri, src)})。'
           "打印：用浏览器的打印功能（Ctrl+P）打印本页，海报已排成一张 A4 纸，页眉、导航不会打印。</p>\n",
           '<div class="ea-poster" markdown>']
    images = m.get("images") or []
    if images:   # only the profile's own photos, published with the site: never a remote image
        img = images[0]
        out.append(f'<div class="ea-poster-photo" markdown>\n\n![{text(img.get("caption") or e.title)}]'
                   f'({w.href("media/" + img["file"], src)})\n\n</div>')
        out.append(f'<p class="ea-poster-credit">图：{esc(img["credit"])}，{esc(img["licence"])}</p>')
    out.append(f'<h1 class="ea-poster-name">{esc(e.title)}</h1>')
    if _when(e):
        out.append(f'<p class="ea-poster-life">{esc(_when(e))}</p>')
    if m.get("abstract"):
        out.append(f'<p class="ea-poster-abstract">{esc(m["abstract"])}</p>')
    spirits = [w.archive.get(s).title if w.archive.get(s) else s for s in m.get("spirits") or []]
    if spirits:
        out.append(f'<p class="ea-poster-spirits"><span>体现的精神</span>{esc("　".join(spirits))}</p>')
    pending = '<p class="ea-poster-pending">本档案尚未经编辑部审核，内容仅供参考。</p>' if e.pending_review else ""
    out.append(f'<div class="ea-poster-foot">{qr_block(w.site_url, e.url, "扫码阅读完整事迹")}'
               f'<p class="ea-poster-site">{esc(w.site_name)}</p>{pending}</div>')
    out.append("</div>")
    return src, "\n".join(out) + "\n"
