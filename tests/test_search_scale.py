"""Search over an archive large enough that frequent terms get their own files (search/x/):
the worker decodes them, combines them with rare terms, and shows the best 20 pages."""
from __future__ import annotations

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, search, static_server
from conftest import VALID_PERSON, copy_repo, mkdocs_build, write
from search_shards import Shards

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
COUNT = 300          # more pages than search_index.INLINE_MAX mention 青蒿素


def name(i: int) -> str:
    return f"测试{chr(0x4e00 + i)}{chr(0x4e00 + i)}"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("big"))
    for i in range(COUNT):
        body = VALID_PERSON.replace("name: 测试人", f"name: {name(i)}")
        write(root, f"profiles/people/ce-shi-{i:03d}.md", body.replace("测试人的生平。", "研究青蒿素的测试人员。"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_a_frequent_term_has_its_own_file(big_site):
    shards = Shards(big_site)
    entry = shards.shard("青蒿素")["青蒿素"]
    assert isinstance(entry[1], str) and entry[0] > COUNT
    assert len(shards.postings("青蒿素")) == entry[0]


def test_frequent_and_rare_terms_together_in_the_browser(browser, big_site):
    with static_server(big_site) as base:
        context = browser.new_context(locale="zh-CN")
        fetched: list[str] = []
        context.on("request", lambda r: fetched.append(r.url))
        page = context.new_page()
        page.goto(base)
        results = search(page, "青蒿素")                  # the first ten at once, then all twenty
        page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent"
                               ".includes('最相关的 20 个结果')", timeout=20000)
        assert len(results) == 10 and results[0] == base + "people/tu-youyou/"   # Material shows 10 at first
        # The first search's download (the worker, the index's settings and tables, the shards and
        # pages it read) is far below the 1 MB budget (README "性能": make bench measures 10,000 profiles).
        paths = {u[len(base):].split("?")[0] for u in fetched if u.startswith(base)}
        sizes = [(big_site / p).stat().st_size for p in paths
                 if p.startswith(("search/", "assets/javascripts/workers/")) and (big_site / p).is_file()]
        assert 0 < sum(sizes) < 300_000, sorted(paths)
        page.goto(base)
        results = search(page, f"{name(7)} 青蒿素")
        assert results[0] == base + "people/ce-shi-007/"
        page.context.close()
