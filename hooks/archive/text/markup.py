"""HTML for the structure of generated pages, passed through Markdown untouched ("islands").

Python-Markdown spent most of a generated page's conversion on structure that is not prose:
infoboxes, link lists, browse and poster pages (README "性能"). That structure is written here
as HTML, with links already resolved to URLs as MkDocs would resolve them, and wrapped in
island(); the Markdown extension below hands an island to the output as it is. A profile's own
text stays Markdown. Every value from a profile goes through esc() or attr().

The island markers are private-use characters, which profiles may not contain (E305,
safety.py): a profile cannot open an island.
"""
from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote as urlquote

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from mkdocs.utils import get_relative_url

from . import html_policy

ISLAND_START, ISLAND_END = "\ue010", "\ue011"
# A contributor's Markdown (a profile's text) between these, each a paragraph of its own: after
# Markdown, what stands between them is sanitised (html_policy.py); the rest of a page is ours.
TEXT_START, TEXT_END = "\ue012", "\ue013"
_TEXT_BETWEEN = re.compile("(?:<p>)?\ue012(?:</p>)?(.*?)(?:(?:<p>)?\ue013(?:</p>)?|\\Z)", re.S)
_ISLAND = re.compile(ISLAND_START + "(.*?)" + ISLAND_END, re.S)
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " "})
_ATTR = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": " "})


def esc(value: object) -> str:
    """A value as HTML text (as Markdown would have written it: quotes are left alone)."""
    return str(value).translate(_TEXT)


def attr(value: object) -> str:
    """A value inside a double-quoted attribute."""
    return str(value).translate(_ATTR)


_NO_TAGS = str.maketrans({"<": "＜", ">": "＞"})


def title(value: object) -> str:
    """A page title for the front matter. The theme prints it unescaped (MkDocs' template
    environment does not autoescape): `page.meta.title` in <title> and the header, so it is given
    escaped. Where a page has no title of its own, Material prints `page.title | striptags`, which
    turns &lt; back into "<": so a title holds no angle brackets at all either (full-width ones
    stand in; a name with them is refused by `make check` anyway)."""
    return attr(str(value).translate(_NO_TAGS))


def contribution(markdown_text: str) -> str:
    """A contributor's Markdown, marked for sanitise_contributions()."""
    return f"{TEXT_START}\n\n{markdown_text}\n\n{TEXT_END}" if markdown_text else ""


def sanitise_contributions(html: str) -> str:
    """The page's HTML with each contributor's text sanitised (the allow-list of html_policy.py).
    A text that left a tag open is closed where it ends: it cannot take in the rest of the page."""
    if TEXT_START not in html:
        return html
    return _TEXT_BETWEEN.sub(lambda m: html_policy.sanitise(m.group(1)), html)


def island(html: str) -> str:
    """A block of HTML that Markdown leaves as it is, as a block of a page's Markdown."""
    return f"{ISLAND_START}{html}{ISLAND_END}\n\n" if html else ""


@functools.lru_cache(maxsize=65536)
def page_url(src_uri: str) -> str:
    """The URL MkDocs gives a file of the site (mkdocs.yml keeps use_directory_urls on)."""
    if not src_uri.endswith(".md"):
        return urlquote(src_uri)
    parent, name = posixpath.split(src_uri[:-3])
    if name in ("index", "README"):
        return urlquote(parent + "/" if parent else "./")
    return urlquote(posixpath.join(parent, name) + "/")


@functools.lru_cache(maxsize=262144)
def href(target_src: str, from_src: str) -> str:
    """A link from one page to another file of the site, as MkDocs writes a Markdown link."""
    return get_relative_url(page_url(target_src), page_url(from_src))


def link(url: str, label_html: str) -> str:
    return f'<a href="{attr(url)}">{label_html}</a>'


def items(tag: str, lines, cls: str = "") -> str:
    """<ul>/<ol> with one <li> per line of HTML, laid out as Markdown lays out a list."""
    lines = list(lines)
    if not lines:
        return ""
    opening = f'<{tag} class="{cls}">' if cls else f"<{tag}>"
    return opening + "\n" + "".join(f"<li>{line}</li>\n" for line in lines) + f"</{tag}>"


def admonition(kind: str, title_html: str, *paragraphs: str) -> str:
    """A note in a coloured box, as Markdown's admonition extension writes `!!! kind "title"`."""
    body = "".join(f"\n<p>{p}</p>" for p in paragraphs)
    return f'<div class="admonition {kind}">\n<p class="admonition-title">{title_html}</p>{body}\n</div>'


def table(header, rows) -> str:
    """<table> with a header row and rows of HTML cells, laid out as Markdown lays out a table."""
    head = "".join(f"<th>{cell}</th>\n" for cell in header)
    body = "".join("<tr>\n" + "".join(f"<td>{cell}</td>\n" for cell in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


class _Islands(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        if ISLAND_START not in source:
            return lines
        stash = self.md.htmlStash.store
        return _ISLAND.sub(lambda m: "\n\n" + stash(m.group(1)) + "\n\n", source).split("\n")


class Islands(Extension):
    """Registered by the hooks (on_config) for every page, MkDocs' and the page renderer's."""

    def extendMarkdown(self, md) -> None:
        # After whitespace is normalised (30), before raw HTML is parsed (20).
        md.preprocessors.register(_Islands(md), "archive_islands", 25)

    def __repr__(self) -> str:      # part of the conversion cache's key: stable (this code is in the
        return "archive.text.markup.Islands"    # cache layer's fingerprint: runtime/cache.py)

    __str__ = __repr__
