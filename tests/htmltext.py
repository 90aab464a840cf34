"""Read a built page the way a reader sees it: the text and links of its article."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class _Article(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0          # >0 while inside <article>
        self.nav_links: list[str] = []
        self.in_nav = 0
        self.text: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._label: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
        elif self.depth and tag == "article":
            self.depth += 1
        if tag == "nav":
            self.in_nav += 1
        if tag == "a":
            if self.in_nav and attrs.get("href"):
                self.nav_links.append(attrs["href"])
            if self.depth:
                self._href, self._label = attrs.get("href"), []

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
        if tag == "nav" and self.in_nav:
            self.in_nav -= 1
        if tag == "a" and self._href is not None:
            self.links.append(("".join(self._label).strip(), self._href))
            self._href = None

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self._href is not None:
                self._label.append(data)


def read_page(site: Path, url: str) -> _Article:
    """url like 'people/tu-youyou/' → parsed article of site/people/tu-youyou/index.html
    (a file's name, like '404.html': that file)."""
    parser = _Article()
    parser.feed((site / url / ("" if url.endswith(".html") else "index.html")).read_text(encoding="utf-8"))
    return parser


def article_text(site: Path, url: str) -> str:
    return "".join(read_page(site, url).text)
