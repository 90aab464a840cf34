"""Publicity kits (宣传): posters for display boards (宣传栏), A4 and A3, for each person and group.

A poster is a page of its own beside the profile (people/tu-youyou/poster/), printed on A4, or
on A3 as people/tu-youyou/poster/#a3: one sheet filled from top to foot:

- a heading band: the campaign (主题活动) that nominates the person (`nominations`) or whose
  text, or whose launching document's text, names them, with its slogan (the words in quotes
  in the campaign's name); the archive's own band when no campaign does. With several, the
  first is on poster/ and each other one, and the archive's own, on poster/<campaign id>/ and
  poster/dangan/, linked from one another (no script);
- the name, years, a 事迹 extract of 150–250 characters (story()), the spirits, the QR code
  of the profile and the archive's name; the profile's own photo, or the name set vertically
  in a frame when it has none; the review state in small type at the foot.

Both papers have the proportions 1:√2, so A3 is the A4 design enlarged, and one page serves
both: the print stylesheet (docs/assets/print.css) lays the sheet out in units of its own width
and prints it on the named @page of A4, or of A3 when the address ends in #a3 (:target; no
script, and no second page per poster to build). Posters repeat their profile, so they stay out
of the search index and the navigation.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass

from ..domain.model import Entity
from ..outputs.qr import qr_block
from ..runtime.cache import CACHE
from ..text.markup import attr, esc, href, island, link, title
from .text import group_years, json_string, latin_name, life, packed, poster_src, text, unpacked
from .writer import PageWriter

KINDS = ("person", "group")
SIZES = ("A4", "A3")       # the fragments #a4 and #a3 of a poster's address choose the paper
ARCHIVE_BAND = "dangan"       # poster/dangan/: the archive's own band, beside campaigns' bands
ARCHIVE_TAGLINE = "医学与科技界楷模人物、先进群体"
ARCHIVE_KINDS = {"person": "楷模人物", "group": "先进群体"}     # over the archive's band
STORY_MIN, STORY_MAX = 150, 250
HONOURS_SHOWN = 3
SPIRITS_SHOWN = 6
PENDING = "本档案尚未经编辑部审核，内容仅供参考。"
PRINT_HELP = ("用浏览器的打印功能（Ctrl+P）打印本页：海报排成一张 {size} 纸（打印机纸张请选 {size}），"
              "页眉、导航和本说明不会打印。")
# Text for each paper, the one chosen shown (print.css): the same page prints on either.
_BY_SIZE = '<span class="ea-when-a4">{}</span><span class="ea-when-a3">{}</span>'


@dataclass(frozen=True)
class Band:
    """The heading band of a poster: a campaign's, or the archive's own (campaign None)."""
    key: str                          # "" for the poster's first band (poster/), else its folder
    campaign: Entity | None = None
    nominated_by: tuple[str, ...] = ()    # bodies that nominated the person in this campaign


# id -> (key, its poster pages): kept from rebuild to rebuild (serve, in memory) and build to build (.cache/)
_POSTERS = CACHE.kept("posters", "posters", pack=packed, unpack=unpacked, note_keys=True)


def poster_pages(w: PageWriter, shown: str, finished=list) -> list[tuple[str, str | bytes]]:
    """Every poster page. shown: the digest of all that posters show of the archive but each one's
    own 事迹 and photo (pages/__init__.py): a profile's posters are made again when that, its 事迹
    or its photo (a file added to or removed from profiles/media/) changed. finished: what each
    profile's posters become before they are gathered (a build compresses them: text.compressed)."""
    campaigns = w.of_kind("campaign")         # once: a build has thousands of posters
    pages, ids = [], set()
    for kind in KINDS:
        for e in w.of_kind(kind):
            ids.add(e.id)
            photo = _photo(w, e)
            key = (shown, story(e), photo and photo["file"])   # under serve compared as it is (hashing took 0.02 s of a rebuild)
            if not CACHE.serving:
                key = hashlib.sha1(json.dumps(key, ensure_ascii=False).encode("utf-8")).hexdigest()
            made = _POSTERS.lookup(e.id, key)
            if made is None:
                made = tuple(posters(w, e, campaigns))
                _POSTERS.keep(e.id, key, made)
            pages += finished(made)
    _POSTERS.forget_all_but(ids)                      # profiles no longer in the archive
    return pages


def posters(w: PageWriter, e: Entity, campaigns: list[Entity]) -> list[tuple[str, str]]:
    bands, rest = bands_of(w, e, campaigns), sheet_rest(w, e)    # the same on each of its posters
    return [poster(w, e, band, bands, rest) for band in bands]


def page_src(e: Entity, key: str = "") -> str:
    """people/tu-youyou/poster.md (the first band), poster/<key>/index.md (index: a campaign's id
    is no page's name beside a profile's pages)."""
    return poster_src(e) if not key else f"{poster_src(e)[:-3]}/{key}/index.md"


# -- the band --------------------------------------------------------------------------------

def bands_of(w: PageWriter, e: Entity, campaigns: list[Entity]) -> list[Band]:
    """Campaigns that nominate e (in the order of its nominations), then those whose text or
    whose launching document's text names it (by start date): the first is the poster's own
    band; the archive's when there is none."""
    nominated: dict[str, list[str]] = {}
    for n in e.meta.get("nominations") or []:
        if isinstance(n, dict) and n.get("campaign"):
            nominated.setdefault(str(n["campaign"]), [])
            if n.get("body"):
                nominated[str(n["campaign"])].append(str(n["body"]))
    mentioners = set(w.mentioned_by.get(e.id, ()))
    named = sorted((c for c in campaigns if c.id not in nominated
                    and (c.id in mentioners or str(c.meta.get("policy") or "") in mentioners)),
                   key=lambda c: (str(c.meta.get("start") or ""), c.id))
    chosen = [c for c in map(w.archive.get, nominated) if c is not None and c.kind == "campaign"] + named
    chosen = [c for c in chosen if c.id not in ("a3", ARCHIVE_BAND)]     # their folders are taken
    if not chosen:
        return [Band("")]
    return ([Band("" if i == 0 else c.id, c, tuple(dict.fromkeys(nominated.get(c.id, ()))))
             for i, c in enumerate(chosen)] + [Band(ARCHIVE_BAND)])


_QUOTED = re.compile(r"“([^”]{2,40})”")


def slogan(campaign: Entity) -> str:
    """The words a campaign's name quotes (中国科协“弘扬爱国奋斗精神、建功立业新时代”活动), or ""."""
    found = _QUOTED.search(campaign.title)
    return found.group(1) if found else ""


def band_html(w: PageWriter, e: Entity, band: Band) -> str:
    c = band.campaign
    if c is None:
        return (f'<header class="ea-band ea-band-archive">\n<p class="ea-band-over">{ARCHIVE_KINDS[e.kind]}</p>\n'
                f'<p class="ea-band-slogan">{esc(w.site_name)}</p>\n</header>')
    words = slogan(c)
    if words:
        over, big = c.title, words
    else:
        organizer = w.archive.get(str(c.meta.get("organizer") or ""))
        over, big = (organizer.title if organizer else ""), c.title
    lines = [f'<p class="ea-band-over">{esc(over)}</p>'] if over else []
    lines.append(f'<p class="ea-band-slogan {_fit(big, (8, 16, 24))}">{esc(big)}</p>')
    bodies = [w.archive.get(b).title if w.archive.get(b) else b for b in band.nominated_by]
    if bodies:
        lines.append(f'<p class="ea-band-by">{esc("、".join(bodies))}推荐</p>')
    return '<header class="ea-band">\n' + "\n".join(lines) + "\n</header>"


def band_label(w: PageWriter, band: Band) -> str:
    return band.campaign.title if band.campaign is not None else f"{w.site_name}（不标主题活动）"


# -- the 事迹 extract ------------------------------------------------------------------------

_SENTENCE = re.compile(r".*?(?:[。！？]+|[.!?]+(?=\s|$))[”’」』）》\"')]*", re.S)
_ENDS = re.compile(r"(?:[。！？]|[.!?])[”’」』）》\"')]*$")
_SKIPPED_BLOCK = re.compile(r"(?:#|>|\||<|!!!|\?\?\?|\[[^\]]*\]:|\*\[|[-*+]\s|\d+[.)]\s|(?:[-*_]\s*){3,}$|(?:```|~~~))")
_SETEXT = re.compile(r"^(?:=+|-+)\s*$")
_INLINE = [       # (a character the syntax needs, pattern, replacement): most paragraphs have none
    ("!", re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),                  # images
    ("[", re.compile(r"\[\^[^\]]*\]"), ""),                           # footnote references
    ("[", re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),               # links
    ("[", re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),              # reference links
    ("<", re.compile(r"<[^>\n]*>"), ""),                              # HTML tags, autolinks
    ("{", re.compile(r"\{\s*[:#.][^}\n]*\}"), ""),                    # attribute lists {: .class }
    ("`", re.compile(r"(`+)(.+?)\1"), r"\2"),                         # code spans
    ("*", re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"\1"),           # strong
    ("_", re.compile(r"__(?=\S)(.+?)(?<=\S)__"), r"\1"),
    ("*", re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), r"\1"),                 # emphasis, inside words too
    ("_", re.compile(r"(?<![A-Za-z0-9_])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9_])"), r"\1"),
    ("\\", re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])"), r"\1"),   # backslash escapes
]
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_JOIN_CJK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*(?=[{_CJK}])")


def plain(markdown_text: str) -> str:
    """A paragraph of Markdown as the text a reader sees: no link, emphasis or HTML syntax."""
    out = markdown_text
    for needed, pattern, repl in _INLINE:
        if needed in out:
            out = pattern.sub(repl, out)
    if "\n" in out:
        out = _JOIN_CJK.sub("", out)
    if "&" in out:
        out = html.unescape(out)
    return " ".join(out.split())


def lead_paragraphs(body: str):
    """The prose paragraphs of a profile's text, in order, as plain text: headings, lists,
    quotations, tables, code and HTML blocks are passed over."""
    block: list[str] = []
    fence = ""
    for line in body.splitlines() + [""]:
        stripped = line.strip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            continue
        if stripped.startswith(("```", "~~~")) and not block:
            fence = stripped[:3]
            continue
        if stripped:
            block.append(line)
            continue
        if block:
            first = block[0]
            prose = (not first.startswith(("    ", "\t")) and not _SKIPPED_BLOCK.match(first.strip())
                     and not (len(block) > 1 and _SETEXT.match(block[1].strip())))
            if prose:
                yield plain("\n".join(block))
            block = []


def sentences(paragraph: str) -> list[str]:
    """Whole sentences only: a tail without an end mark is left out."""
    return [s.strip() for s in _SENTENCE.findall(paragraph) if s.strip()]


_TOLD = CACHE.store("poster stories")     # id -> ((abstract, text), story): rebuilds under serve


def story(e: Entity) -> str:
    """The poster's 事迹: the abstract, completed from the lead of the text while shorter than
    STORY_MIN, a whole sentence at a time, never past STORY_MAX; plain text."""
    abstract = str(e.meta.get("abstract") or "")
    known = _TOLD.lookup(e.id, (abstract, e.body))
    if known is not None:
        return known
    out = _story(abstract, e.body)
    _TOLD.keep(e.id, (abstract, e.body), out)
    return out


def _story(abstract: str, body: str) -> str:
    out = " ".join(abstract.split())         # a field: text already, shown as it is
    if out and not _ENDS.search(out):
        out += "。"
    if len(out) > STORY_MAX:                  # only under `mkdocs serve`: the check limits abstracts
        return _cut(out)
    for paragraph in lead_paragraphs(body) if len(out) < STORY_MIN else ():
        for sentence in sentences(paragraph):
            if sentence in out or _repeats(sentence, out):
                continue
            if len(out) + len(sentence) > STORY_MAX:     # whole sentences only: a shorter one may follow
                continue
            out += sentence
            if len(out) >= STORY_MIN:
                return out
    return out


# The lead of a profile's text mostly restates its abstract ("屠呦呦是药学家，…"): a sentence
# whose pairs of characters are largely in the 事迹 already adds nothing to a poster.
REPEATED = 0.3
_PUNCTUATION_AND_SPACE = re.compile(r"[\s\W_]+")


def _pairs(text: str) -> set[str]:
    text = _PUNCTUATION_AND_SPACE.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _repeats(sentence: str, told: str) -> bool:
    pairs = _pairs(sentence)
    return bool(pairs) and len(pairs & _pairs(told)) / len(pairs) > REPEATED


def _cut(value: str) -> str:
    kept = "".join(s for s in _prefix_sentences(value))
    return kept or value[:STORY_MAX - 1] + "…"


def _prefix_sentences(value: str):
    total = 0
    for s in _SENTENCE.findall(value):
        if total + len(s) > STORY_MAX:
            return
        total += len(s)
        yield s


# -- the page ----------------------------------------------------------------------------------

def _when(e: Entity) -> str:
    if e.kind == "person":
        return life(e.meta, esc)
    return group_years(e.meta)


def _fit(value: str, limits: tuple[int, ...]) -> str:
    """A class by length, for type that must fit its box (print.css sizes each): ea-fit-0 up to
    limits[0] characters, ea-fit-1 up to limits[1] …, ea-fit-<len(limits)> beyond."""
    return f"ea-fit-{next((i for i, limit in enumerate(limits) if len(value) <= limit), len(limits))}"


def _choices(label: str, options: list[str]) -> str:
    """A row of choices: links, the current one as text (marked by weight and frame, not colour)."""
    return f'<p class="ea-poster-choice"><span>{label}</span>{"".join(options)}</p>'


def tools(w: PageWriter, e: Entity, band: Band, bands: list[Band], src: str) -> str:
    # The paper: links to #a4 and #a3 of this page; the stylesheet marks the one chosen.
    rows = [f'<p>{link(href(e.src_uri, src), f"返回{esc(e.title)}的档案")}</p>',
            _choices("纸张", [f'<a class="ea-paper-{s.lower()}" href="#{s.lower()}">{s}</a>' for s in SIZES])]
    if len(bands) > 1:
        rows.append(_choices("横幅", [f'<strong aria-current="page">{esc(band_label(w, b))}</strong>' if b == band
                                       else link(href(page_src(e, b.key), src), esc(band_label(w, b))) for b in bands]))
    rows.append('<p class="ea-poster-print"><button type="button" class="md-button md-button--primary" data-ea-print hidden>'
                + _BY_SIZE.format("打印海报（A4）", "打印海报（A3）") + "</button>"
                + _BY_SIZE.format(PRINT_HELP.format(size="A4"), PRINT_HELP.format(size="A3")) + "</p>")
    # The targets of #a4 and #a3, above the choices: the reader who follows a link to #a3 sees them.
    return ("".join(f'<span class="ea-paper-target" id="{s.lower()}"></span>' for s in SIZES)
            + '\n<div class="ea-noprint ea-poster-tools" data-search-exclude>\n' + "\n".join(rows) + "\n</div>")


def portrait(w: PageWriter, e: Entity, src: str) -> str:
    """The profile's own photo (published with the site, never a remote image), or its name
    set vertically in a frame."""
    img = _photo(w, e)
    if img is not None:
        return (f'<figure class="ea-poster-portrait">\n<img alt="{attr(img.get("caption") or e.title)}" '
                f'src="{attr(href("media/" + img["file"], src))}" />\n'
                f'<figcaption class="ea-poster-credit">图：{esc(img.get("credit", ""))}，{esc(img.get("licence", ""))}</figcaption>\n'
                "</figure>")
    return (f'<div class="ea-poster-portrait ea-poster-type {_fit(e.title, (3, 4, 6, 8))}" aria-hidden="true">'
            f"<span>{esc(e.title)}</span></div>")


def _photo(w: PageWriter, e: Entity) -> dict | None:
    """The first of the profile's images whose file is in profiles/media/ (the poster's portrait;
    part of its key: a photo added or removed makes the posters again)."""
    return next((img for img in e.meta.get("images") or []
                 if isinstance(img, dict) and img.get("file") in w.archive.media), None)


def honours(w: PageWriter, e: Entity) -> list[str]:
    """The highest few honours (the vocabulary lists honours in order of precedence), a
    paragraph each: on a crowded sheet the stylesheet leaves out those that do not fit beside
    the portrait (the profile lists them all)."""
    rank = {name: i for i, name in enumerate(w.archive.schema.vocabularies.get("honours", []))}
    named = [h for h in e.meta.get("honours") or [] if isinstance(h, dict) and h.get("name")]
    shown = sorted(named, key=lambda h: rank.get(str(h["name"]), len(rank)))[:HONOURS_SHOWN]
    return [f'<p class="ea-poster-honour">' + (f"{esc(h['year'])}年　" if h.get("year") else "") + f"{esc(h['name'])}</p>"
            for h in shown]


def sheet_rest(w: PageWriter, e: Entity) -> str:
    """The sheet after the name: years, honours, 事迹, spirits, foot."""
    m = e.meta
    # The name in Latin letters (Norman Bethune; else the pinyin), for people, not groups.
    rest = [f'<p class="ea-poster-pinyin">{esc(latin_name(e))}</p>'] if e.kind == "person" else []
    when = _when(e)
    if when:     # a line break, if any, between the two dates, never inside one
        dates = " — ".join(f'<span class="ea-nowrap">{d}</span>' for d in when.split(" — "))
        rest.append(f'<p class="ea-poster-life">{dates}</p>')
    rest += honours(w, e) + ["</div>", "</div>"]
    extract = story(e)
    if extract:
        rest.append(f'<section class="ea-poster-story {_fit(extract, (110, 220))}">\n'
                    f'<p class="ea-poster-label">事迹</p>\n<p class="ea-poster-text">{esc(extract)}</p>\n</section>')
    spirits = [w.archive.get(s).title if w.archive.get(s) else str(s) for s in m.get("spirits") or []]
    if spirits:
        many = " ea-poster-spirits-many" if len(spirits) > 4 else ""
        shown = [esc(s) for s in spirits[:SPIRITS_SHOWN]]
        if len(spirits) > SPIRITS_SHOWN:      # the sheet has room for two rows; the profile lists them all
            shown[-1] += f"等 {len(spirits)} 种"
        rest.append(f'<section class="ea-poster-spirits{many}">\n<p class="ea-poster-spirits-label">体现的精神</p>\n<ul>\n'
                    + "".join(f"<li>{s}</li>\n" for s in shown) + "</ul>\n</section>")
    rest += ['<footer class="ea-poster-foot">', '<div class="ea-poster-foot-row">',
             f'<div class="ea-poster-site">\n<p class="ea-poster-sitename">{esc(w.site_name)}</p>\n'
             f'<p class="ea-poster-scan">{ARCHIVE_TAGLINE}</p>\n</div>',
             qr_block(w.site_url, e.url, "扫码阅读完整事迹"), "</div>"]
    if e.pending_review:
        rest.append(f'<p class="ea-poster-pending">{PENDING}</p>')
    rest += ["</footer>", "</div>", "</div>"]
    return "\n".join(rest)


def poster(w: PageWriter, e: Entity, band: Band, bands: list[Band], rest: str) -> tuple[str, str]:
    """HTML islands around the name, which stays a Markdown heading: the page's one entry in its
    table of contents, where the theme's skip link points."""
    src = page_src(e, band.key)
    head = [tools(w, e, band, bands, src), '<div class="ea-sheet">\n<div class="ea-sheet-page">',
            band_html(w, e, band),
            '<div class="ea-poster-main">', portrait(w, e, src), '<div class="ea-poster-id">']
    label = "" if band.key == "" else f"（{band_label(w, band)}）"
    front = (f"---\ntitle: {json_string(title(f'{e.title} · 宣传海报{label}'))}\nsearch:\n  exclude: true\n"
             "hide:\n  - navigation\n  - toc\n---\n\n")
    name_class = _fit(e.title, (3, 4, 5, 6, 8, 10, 12))
    return src, (front + island("\n".join(head)) + f"# {text(e.title)} {{: .ea-poster-name .{name_class} }}\n\n"
                 + island(rest))
