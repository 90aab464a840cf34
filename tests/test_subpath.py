"""The same site/ works at http://host/ and at http://host/any/sub/path/ (issue #4)."""
from __future__ import annotations

import re

import pytest

from browsing import Recorder, search, static_server
from search_shards import Shards

PREFIXES = ["/", "/any/sub/path/"]
_URL_ATTR = re.compile(r"""\s(?:href|src|srcset|action|poster|data)\s*=\s*["']?(/[^"'\s>]*)""", re.I)


@pytest.mark.parametrize("build", ["built_site", "site_url_builds"])
def test_pages_use_only_relative_urls(request, build):
    """A URL starting with / would leave the sub-path; only the 404 page may (it follows SITE_URL).
    Also with SITE_URL set: the same files then work at any path too."""
    site = request.getfixturevalue(build)
    site = site[0] if isinstance(site, tuple) else site
    absolute = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html" and path.parent == site:
            continue
        for url in _URL_ATTR.findall(path.read_text(encoding="utf-8")):
            absolute.append(f"{path.relative_to(site)}: {url}")
    assert absolute == []
    assert [loc for loc, _, _ in Shards(site).pages() if loc.startswith("/")] == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_reader_browses_and_searches_under_any_path(browser, built_site, prefix):
    with static_server(built_site, prefix) as base:
        context = browser.new_context(locale="zh-CN")
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base)
        assert "楷模档案" in page.title()
        page.get_by_role("link", name="楷模人物").first.click()
        page.wait_for_url(base + "people/")
        page.get_by_role("link", name="屠呦呦").first.click()
        page.wait_for_url(base + "people/tu-youyou/")
        assert "青蒿素" in page.locator("article").inner_text()
        page.get_by_role("link", name="政策文件").first.click()     # a tab, from two levels down
        page.wait_for_url(base + "policies/")
        results = search(page, "青蒿素")
        assert base + "people/tu-youyou/" in results
        page.locator(".md-search-result__item > a").first.click()
        page.wait_for_url(base + "**")
        assert page.locator("article").inner_text().strip()
        page.goto(base + "people")                               # typed without the final /
        page.wait_for_url(base + "people/")
        assert page.get_by_role("link", name="屠呦呦").first.is_visible()
        context.close()
    assert recorder.outside() == []            # nothing went to the host's root or elsewhere
    assert recorder.failed == []               # every style, script and the search index loaded
    assert any(u.endswith("search/search_index.json") for u in recorder.requests)
    # the search worker fetched its index shards from under the prefix too
    assert any(u.startswith(base + "search/t/") for u in recorder.requests)


def test_not_found_page_under_the_sub_path_in_site_url(browser, site_url_builds):
    """Built with SITE_URL=…/kaimo/, the 404 page shown at any depth loads its styles from /kaimo/."""
    site = site_url_builds[0]
    with static_server(site, "/kaimo/") as base:
        context = browser.new_context(locale="zh-CN")
        recorder = Recorder(context, base)
        page = context.new_page()
        response = page.goto(base + "no/such/page/")
        assert response.status == 404
        assert "404" in page.locator("article").inner_text()
        header = page.locator(".md-header")
        assert header.evaluate("e => getComputedStyle(e).position") == "sticky"   # Material's CSS applied
        page.locator(".md-header__button.md-logo").click()
        page.wait_for_url(base)
        assert "楷模档案" in page.title()
        context.close()
    assert recorder.outside() == []
    assert [f for f in recorder.failed if "no/such/page" not in f] == []
