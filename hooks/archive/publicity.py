"""Publicity kits (宣传): an A4 poster for each person and group, for display boards.

The poster is a page of its own beside the profile (people/tu-youyou/poster/): photo, name,
life dates, abstract, spirits and a QR code that opens the profile online. The print
stylesheet (docs/assets/print.css) leaves only the poster on one A4 sheet. Posters repeat
their profile, so they stay out of the search index and the navigation.
"""
from __future__ import annotations

from .markup import attr, esc, href, island, link, title
from .model import Entity
from .qr import qr_block
from .render import PageWriter, date, json_string, life, poster_src, text

KINDS = ("person", "group")


def poster_pages(w: PageWriter) -> list[tuple[str, str]]:
    return [poster(w, e) for kind in KINDS for e in w.archive.of_kind(kind)]


def _when(e: Entity) -> str:
    if e.kind == "person":
        return life(e.meta, esc)
    start, end = e.meta.get("start"), e.meta.get("end")
    return f"{date(start, esc) if start else ''}—{date(end, esc) if end else ''}" if start or end else ""


def poster(w: PageWriter, e: Entity) -> tuple[str, str]:
    """HTML islands around the name, which stays a Markdown heading: the page's one entry in its
    table of contents, where the theme's skip link points."""
    src, m = poster_src(e), e.meta
    head = [f'<p class="ea-noprint ea-print-help">{link(href(e.src_uri, src), f"返回{esc(e.title)}的档案")}。'
            "打印：用浏览器的打印功能（Ctrl+P）打印本页，海报已排成一张 A4 纸，页眉、导航不会打印。</p>",
            '<div class="ea-poster">']
    images = m.get("images") or []
    if images:   # only the profile's own photos, published with the site: never a remote image
        img = images[0]
        head.append(f'<div class="ea-poster-photo">\n<p><img alt="{attr(img.get("caption") or e.title)}" '
                    f'src="{attr(href("media/" + img["file"], src))}" /></p>\n</div>')
        head.append(f'<p class="ea-poster-credit">图：{esc(img["credit"])}，{esc(img["licence"])}</p>')
    rest = []
    if _when(e):
        rest.append(f'<p class="ea-poster-life">{_when(e)}</p>')
    if m.get("abstract"):
        rest.append(f'<p class="ea-poster-abstract">{esc(m["abstract"])}</p>')
    spirits = [w.archive.get(s).title if w.archive.get(s) else s for s in m.get("spirits") or []]
    if spirits:
        rest.append(f'<p class="ea-poster-spirits"><span>体现的精神</span>{esc("　".join(spirits))}</p>')
    rest += ['<div class="ea-poster-foot">', qr_block(w.site_url, e.url, "扫码阅读完整事迹"),
             f'<p class="ea-poster-site">{esc(w.site_name)}</p>']
    if e.pending_review:
        rest.append('<p class="ea-poster-pending">本档案尚未经编辑部审核，内容仅供参考。</p>')
    rest += ["</div>", "</div>"]
    front = (f"---\ntitle: {json_string(title(e.title + ' · 宣传海报'))}\nsearch:\n  exclude: true\n"
             "hide:\n  - navigation\n  - toc\n---\n\n")
    return src, (front + island("\n".join(head)) + f"# {text(e.title)} {{: .ea-poster-name }}\n\n"
                 + island("\n".join(rest)))
