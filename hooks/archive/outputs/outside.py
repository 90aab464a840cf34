"""What a built page would make a reader's browser fetch from outside the site (`make publish`
refuses to publish such a site: the readers are on an intranet).

The pages are read with an HTML5 parser (Lexbor, through selectolax: the WHATWG algorithm, fast
enough for every page of a large site): `<image src>` is an <img> to a browser, an unquoted value
keeps a stray quote, a <td> outside a table is no element at all. Addresses are read as a browser
reads them: tabs and line breaks dropped, "\\" taken for "/", so /\\host is another site.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Iterator

from selectolax.lexbor import LexborHTMLParser

from ..text.html_policy import normalised_url, scheme

# Attributes whose address the browser fetches while it shows the page, on any element (a
# navigation, such as <a href>, is no fetch); <link href> only for the rel values that fetch.
_FETCHED = frozenset({"src", "srcset", "imagesrcset", "background", "poster", "data", "lowsrc",
                      "dynsrc", "xlink:href", "codebase", "archive", "manifest", "ping"})
_FETCHED_HREF = frozenset({"image", "use", "feimage", "script"})       # SVG elements: href fetches
_FETCHING_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "prefetch",
                            "modulepreload", "manifest", "preconnect", "dns-prefetch", "prerender", "mask-icon"})
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))|@import\s+["']([^"']+)""", re.I)
_CSS_IMAGE_SET = re.compile(r"""image-set\(([^)]*)\)""", re.I)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
_FETCH_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})


def is_outside(url: str, page: str = "") -> bool:
    """Fetched from another site: a scheme, //host, or (page: the page's path in the site) a
    relative address that climbs above the site's root (under a sub-path, another site's pages)."""
    url = normalised_url(url)
    if url.startswith("//") or scheme(url) in _FETCH_SCHEMES:
        return True
    if not page or scheme(url) or url.startswith("/"):
        return False
    path = url.split("#")[0].split("?")[0]
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)).split("/")[0] == ".."


def urls_in_css(text: str) -> Iterator[str]:
    for match in _CSS_URL.finditer(text):
        yield next(group for group in match.groups() if group is not None)
    for match in _CSS_IMAGE_SET.finditer(text):
        yield from (a or b for a, b in _CSS_STRING.findall(match.group(1)))


def urls_in_html(text: str) -> Iterator[str]:
    for node in LexborHTMLParser(text).root.traverse():
        tag, attributes = node.tag, node.attributes
        for name, value in attributes.items():
            if value is None:
                continue
            name = name.lower()
            if name in ("srcset", "imagesrcset"):
                yield from (part.strip().split(" ")[0] for part in value.split(",") if part.strip())
            elif name in _FETCHED or (name == "href" and (
                    tag in _FETCHED_HREF or (tag == "link" and set(str(attributes.get("rel") or "").lower().split()) & _FETCHING_RELS))):
                yield value
            elif name == "style":
                yield from urls_in_css(value)
        if tag == "style":
            yield from urls_in_css(node.text(deep=True))


def outside_resources(site: Path) -> list[str]:
    """Every `page: URL` by which a page (or stylesheet) of the site would fetch from outside it."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.suffix not in (".html", ".css") or path.is_symlink() or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        urls = urls_in_html(text) if path.suffix == ".html" else urls_in_css(text)
        page = path.relative_to(site).as_posix()
        found += [f"{page}: {url}" for url in dict.fromkeys(urls) if is_outside(url, page)]
    return found
