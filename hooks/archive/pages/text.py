"""Text helpers of the generated pages: front-matter values as inline Markdown that renders as
exactly that text, dates and periods in Chinese, a person's name in Latin letters, and the
addresses (source paths) of generated pages. Plain functions of strings and dates: they know
no page and no writer (writer.py and every page build on them)."""
from __future__ import annotations

import functools
import json
import re
import zlib

from ..domain.model import Entity


# -- text -------------------------------------------------------------------------------------
# HTML's special characters as entities, Markdown's escaped with a backslash (braces too: a
# name ending in "{: onclick=… }" would give its heading attributes through attr_list), a line
# break as a space: one character at a time, so one str.translate (front-matter values pass
# here tens of thousands of times per build).
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ",
                       **{char: "\\" + char for char in "\\`*_[]#|{}"}})


def text(value: object) -> str:
    """Front-matter value → inline Markdown that renders as exactly that text."""
    return str(value).translate(_TEXT)


def json_string(value: str) -> str:
    """A YAML-safe double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


# -- dates and periods ------------------------------------------------------------------------
def date(value: object, escape=text) -> str:
    """1930-12-30 → 1930年12月30日. escape: text (Markdown) or esc (HTML), for a bad date."""
    parts = str(value).split("-")
    if not all(p.isdigit() for p in parts):  # a bad date (reported by the check) under `mkdocs serve`
        return escape(value)
    return "".join(f"{int(p)}{unit}" for p, unit in zip(parts, ("年", "月", "日")))


def life(meta: dict, escape=text) -> str:
    birth, death = meta.get("birth"), meta.get("death")
    if birth and death:
        return f"{date(birth, escape)} — {date(death, escape)}"
    if birth:
        return f"{date(birth, escape)}生"
    return f"{date(death, escape)}逝世" if death else ""


def period(a, b, escape=text) -> str:
    if a and b:
        return f"{date(a, escape)}—{date(b, escape)}"
    if a:
        return f"{date(a, escape)}起"
    return f"至{date(b, escape)}" if b else ""


def span(item: dict, start: str = "from", end: str = "to", escape=text) -> str:
    """（1956年—1960年）; with one end only, said in words: an open dash reads as "to this day",
    wrong for a post of someone long dead."""
    when = period(item.get(start), item.get(end), escape)
    return f"（{when}）" if when else ""


def group_years(meta: dict, escape=text) -> str:
    """A group's years: 1956年—1960年, or its one year (1999年: the year it was honoured, formed)."""
    start, end = meta.get("start"), meta.get("end")
    return date(start, escape) if start and not end else period(start, end, escape)


# -- names ------------------------------------------------------------------------------------
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'’\-]*")


def latin_name(e: Entity) -> str:
    """A person's name in Latin letters as they wrote it (Norman Bethune, Wu Lien-teh, Tsien
    Hsue-shen): the first such alternative name; else the pinyin of a person's Chinese name
    (a group's pinyin, a string of syllables, helps no reader)."""
    own = next((str(a) for a in e.meta.get("alt_names") or [] if _LATIN_NAME.fullmatch(str(a))), "")
    return own or (e.pinyin if e.kind == "person" else "")


# -- addresses of generated pages, and links between them -------------------------------------
def poster_src(e: Entity) -> str:
    """The poster of a person or group, beside its page: people/tu-youyou/poster/ (A4; on A3
    as people/tu-youyou/poster/#a3; with other bands below it: posters.py)."""
    return f"{e.folder}/{e.id}/poster.md"


def study_src(entity_id: str) -> str:
    return f"study/{entity_id}.md"


def dashboard_src(campaign: Entity) -> str:
    return f"{campaign.folder}/{campaign.id}/dashboard.md"


def mentions_src(e: Entity) -> str:
    return f"browse/mentions/{e.id}.md"


@functools.lru_cache(maxsize=65536)
def relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder) for paths inside the site (no "..", no leading "/"),
    without its file-system calls: links are made tens of thousands of times per build."""
    to, here = target.split("/"), folder.split("/") if folder else []
    common = 0
    while common < min(len(to) - 1, len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:])


def packed(pages) -> tuple:
    """Pages (or files: (src_uri, text or bytes)) as they are kept on disk: text as UTF-8 bytes
    (runtime/cache.py Kept)."""
    return tuple((src, content.encode("utf-8"), True) if isinstance(content, str) else (src, content, False)
                 for src, content in pages)


def compressed(pages) -> list[tuple[str, str | bytes]]:
    """Pages' Markdown as zlib-compressed UTF-8, for a one-off build to hold until each page is
    rendered (hooks/adapter.py; at 10,000 profiles some 240 MB as str, some 40 MB so). Other
    files (the redirects' HTML, copied by MkDocs as they are) stay text."""
    return [(src, zlib.compress(content.encode("utf-8"), 1) if src.endswith(".md") else content)
            for src, content in pages]


def unpacked(kept) -> tuple:
    return tuple((src, content.decode("utf-8") if text else content) for src, content, text in kept)
