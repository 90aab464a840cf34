"""No request leaves the site: intranet readers have no internet access (issue #4)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from browsing import Recorder, search, static_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from publish import outside_resources  # noqa: E402

NOT_PAGES = {"assets", "search", "media"}
TABS = 8     # pages loading at once (every page also loads the search index in a worker)


_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
_CLASSES = re.compile(r'class="([^"]*)"')
_ELEMENTS = re.compile(r"<(img|picture|video|audio|iframe|object|embed|svg|table|ol|ul|dl|details|figure|form)\b")


def page_type(html: str) -> frozenset[str]:
    """What a page is made of: the classes and kinds of elements in its article."""
    match = _ARTICLE.search(html)
    article = match.group(1) if match else ""
    return frozenset(c for value in _CLASSES.findall(article) for c in value.split()) | \
        frozenset(_ELEMENTS.findall(article))


def one_page_of_each_type(site: Path) -> list[str]:
    """The pages to open, found by walking the site so that sections added later are included:
    home, the 404 page, every top-level section's index, and in each section the first page of
    each kind (a person, a policy, an A–Z list, a timeline, a facet, a page with a photo …)."""
    pages = ["", "404.html"]
    for section in sorted(p for p in site.iterdir() if p.is_dir() and p.name not in NOT_PAGES):
        if (section / "index.html").is_file():
            pages.append(f"{section.name}/")
        seen = set()
        for index in sorted(section.rglob("index.html")):
            kind = page_type(index.read_text(encoding="utf-8"))
            if index.parent != section and kind not in seen:
                seen.add(kind)
                pages.append(index.parent.relative_to(site).as_posix() + "/")
    return pages


def test_the_walk_finds_every_kind_of_page(built_site):
    pages = one_page_of_each_type(built_site)
    for section in ("people", "groups", "policies", "spirits", "places", "organizations"):
        assert f"{section}/" in pages
        assert any(p.startswith(f"{section}/") and p != f"{section}/" for p in pages), section


def test_no_page_loads_anything_from_outside(built_site):
    """Every page and stylesheet of the real site, not only the ones the browser test opens."""
    assert outside_resources(built_site) == []


def test_outside_resources_finds_what_a_browser_would_fetch(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<link rel="preconnect" href="https://fonts.gstatic.com">'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
        '<link rel="canonical" href="https://archive.example/a/">'          # not fetched
        '<a href="https://www.nobelprize.org/">诺贝尔奖</a>'                    # a link the reader may follow
        '<img alt="x" src="../media/x.jpg"><img src="//cdn.example/y.png">'
        '<img srcset="../media/x.jpg 1x, https://cdn.example/z.png 2x">'
        "<script src='https://www.googletagmanager.com/gtag/js'></script>"
        '<div style="background:url(https://cdn.example/bg.png)"></div>'
        "<style>@import 'https://cdn.example/s.css';</style>", encoding="utf-8")
    (tmp_path / "x.css").write_text("body{background:url(data:image/png;base64,AAAA)} "
                                    "@font-face{src:url('https://fonts.gstatic.com/f.woff2')}")
    assert outside_resources(tmp_path) == [
        "a/index.html: https://fonts.gstatic.com",
        "a/index.html: https://fonts.googleapis.com/css?family=Roboto",
        "a/index.html: //cdn.example/y.png",
        "a/index.html: https://cdn.example/z.png",
        "a/index.html: https://www.googletagmanager.com/gtag/js",
        "a/index.html: https://cdn.example/bg.png",
        "a/index.html: https://cdn.example/s.css",
        "x.css: https://fonts.gstatic.com/f.woff2",
    ]


def test_every_page_type_and_search_stay_on_the_serving_host(browser, built_site):
    pages = one_page_of_each_type(built_site)
    with static_server(built_site) as base:
        context = browser.new_context(locale="zh-CN")
        recorder = Recorder(context, base)
        for batch in range(0, len(pages), TABS):          # a few tabs at a time, each until it is quiet
            tabs = []
            for url in pages[batch:batch + TABS]:
                tab = context.new_page()
                tab.goto(base + url, wait_until="commit")
                tabs.append((url, tab))
            for url, tab in tabs:
                tab.wait_for_load_state("networkidle")
                assert "楷模档案" in tab.title(), url
                tab.close()
        page = context.new_page()
        page.goto(base)
        assert search(page, "屠呦呦")            # the worker and the index are loaded too
        page.wait_for_load_state("networkidle")
        context.close()
    assert recorder.outside() == []
    assert recorder.failed == []
    assert any(u.endswith("search/search_index.json") for u in recorder.requests)


def test_outside_resources_reads_pages_as_a_browser_does(tmp_path):
    """What got past the pattern-matching check before: each is a request to another site."""
    (tmp_path / "index.html").write_text(
        "<image src=https://a.example/1.png>"                       # an <img> to a browser
        '<img src="/\\b.example/2.png">'                             # "\" is "/": //b.example
        '<img src="https:c.example/3.png">'                          # scheme without slashes
        '<img src="/\n/d.example/4.png">'                            # a line break is dropped
        "<table><tr><td background=//e.example/5.png>x</td></tr></table>"
        "<div style=background:url(//f.example/6.png)>x</div>"       # unquoted style
        "<p style=\"background-image:image-set('//g.example/7.png' 1x)\">x</p>"
        "<video poster=//h.example/8.png></video>"
        "<img src=x a=b' srcset=//i.example/9.png>",                 # a stray quote ends no tag
        encoding="utf-8")
    hosts = [re.search(r"([a-i])\.example", line).group(1) for line in outside_resources(tmp_path)]
    assert hosts == list("abcdefghi")


def test_an_image_that_climbs_above_the_site_is_outside(tmp_path):
    """Under a sub-path (/kaimo/), ../../../../admin from a page two folders deep is another site's."""
    (tmp_path / "people/x").mkdir(parents=True)
    (tmp_path / "people/x/index.html").write_text(
        '<img src="../../../../admin/delete?all=1"><img src="../../media/ok.png"><img src="../../assets/a.png">',
        encoding="utf-8")
    assert outside_resources(tmp_path) == ["people/x/index.html: ../../../../admin/delete?all=1"]
