"""What a reader sees in a real browser (Playwright driving Debian's chromium)."""
from __future__ import annotations

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, static_server

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def base_url(built_site):
    with static_server(built_site) as url:
        yield url


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def test_reader_browses_from_home_to_a_person(page, base_url):
    page.goto(base_url)
    assert "楷模档案" in page.title()
    page.get_by_role("link", name="楷模人物").first.click()
    page.wait_for_url("**/people/")
    page.get_by_role("link", name="屠呦呦").first.click()
    page.wait_for_url("**/people/tu-youyou/")
    article = page.locator("article")
    assert "来源" in article.inner_text()
    assert "本档案内容尚在编辑部审核中" in article.inner_text()


def search(page, base_url: str, query: str) -> None:
    """Type a query as a reader does, once the search index is ready (Material ignores
    what is typed while its worker is still building the index)."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    for _ in range(30):
        box.fill("")
        box.press_sequentially(query)
        # Chinese typed through an input method ends with a key event; Playwright's text
        # insertion sends none, and Material reacts to keyboard events.
        box.press("End")
        page.wait_for_timeout(1000)
        if meta.inner_text().strip() != "键入以开始搜索":
            return
    pytest.fail("搜索索引 30 秒内未就绪")


SEARCHES = [  # what a reader types → the page that must be among the first three results
    ("屠呦呦", "people/tu-youyou/"),
    ("tuyouyou", "people/tu-youyou/"),
    ("Tu Youyou", "people/tu-youyou/"),
    ("TUYOUYOU", "people/tu-youyou/"),
    ("tyy", "people/tu-youyou/"),
    ("青蒿素", "people/tu-youyou/"),
    ("肝胆外科", "people/wu-mengchao/"),
    ("天眼", "people/nan-rendong/"),
    ("qianxuesen", "people/qian-xuesen/"),
    ("xiqianren", "groups/xiqian-ren/"),
    ("两弹一星", "spirits/liangdan-yixing-jingshen/"),
    ("白求恩纪念馆", "places/tangxian-baiqiuen-jinianguan/"),
    ("卫办发〔2012〕31号", "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/"),
    ("职业精神大讨论", "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/"),
    ("中国科学技术协会", "organizations/zhongguo-kexie/"),
    ("wangzhenyi", "people/wang-zhenyi/"),
    ("白求恩", "people/bai-qiuen/"),
    # the sharded index (README "搜索"): unfinished last words, several words, pinyin with a space
    ("tuyou", "people/tu-youyou/"),
    ("屠呦", "people/tu-youyou/"),
    ("Qian Xuesen", "people/qian-xuesen/"),
    ("屠呦呦 青蒿素", "people/tu-youyou/"),
    ("西迁精神", "spirits/xiqian-jingshen/"),
    ("南 仁东", "people/nan-rendong/"),          # a space typed inside a name
    ("钱 学 森", "people/qian-xuesen/"),
]

TOP_THREE = """() => [...document.querySelectorAll('.md-search-result__item > a')]
    .slice(0, 3).map(a => new URL(a.href).pathname)"""


@pytest.mark.parametrize("query, expected", SEARCHES)
def test_search_puts_the_right_page_in_the_top_three(page, base_url, query, expected):
    search(page, base_url, query)
    wanted = "/" + expected
    try:
        page.wait_for_function(f"() => ({TOP_THREE})().some(p => p.endsWith({wanted!r}))", timeout=20000)
    except sync_api.TimeoutError:
        pytest.fail(f"搜索“{query}”的前三个结果中没有 {expected}：{page.evaluate(TOP_THREE)}")


def test_policy_page_shows_metadata_and_text(page, base_url):
    page.goto(base_url + "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/")
    text = page.locator("article").inner_text()
    for expected in ("发文字号", "卫办发〔2012〕31号", "成文日期", "主送", "医疗卫生职业精神大讨论"):
        assert expected in text


def test_no_request_leaves_the_site(page, base_url):
    for url in ("", "people/tu-youyou/", "policies/", "spirits/kexuejia-jingshen/"):
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
    outside = [u for u in page.requests if not u.startswith((base_url, "data:", "blob:"))]
    assert outside == []


def test_search_can_be_linked(page, base_url):
    page.goto(base_url + "?q=青蒿素")
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=10000)
    assert "people/tu-youyou/" in first.get_attribute("href")


def test_timeline_filters_by_kind(page, base_url):
    page.goto(base_url + "browse/timeline/")
    births, policies = page.locator("li.ea-ev-birth"), page.locator("li.ea-ev-policy")
    assert births.first.is_visible() and policies.first.is_visible()
    page.get_by_label("出生").uncheck()
    assert not births.first.is_visible() and policies.first.is_visible()


# Names that no other profile's name begins with (白求恩柯棣华纪念馆 is itself a strong match
# for 白求恩, and is only required in the top three above).
@pytest.mark.parametrize("name, expected", [
    ("钱学森", "people/qian-xuesen/"), ("屠呦呦", "people/tu-youyou/"), ("康彬", "people/kang-bin/"),
    ("郭永怀", "people/guo-yonghuai/"), ("王振义", "people/wang-zhenyi/"),
])
def test_own_page_comes_before_pages_that_mention_it(page, base_url, name, expected):
    search(page, base_url, name)
    first = f"() => (({TOP_THREE})()[0] || '').endsWith({('/' + expected)!r})"
    try:
        page.wait_for_function(first, timeout=20000)
    except sync_api.TimeoutError:
        pytest.fail(f"搜索“{name}”的第一个结果不是 {expected}：{page.evaluate(TOP_THREE)}")


def test_enter_opens_the_best_result(page, base_url):
    search(page, base_url, "钱学森")
    page.locator(".md-search-result__item").first.wait_for(timeout=20000)
    page.locator("input.md-search__input").press("Enter")
    page.wait_for_url(lambda url: "/people/qian-xuesen/" in url)      # with ?h= to highlight the words


def test_an_unfinished_word_is_completed_in_the_box(page, base_url):
    search(page, base_url, "tuyou")
    suggestion = page.locator(".md-search__suggest")
    page.wait_for_function("() => document.querySelector('.md-search__suggest').textContent === 'tuyouyou'",
                           timeout=20000)
    page.locator("input.md-search__input").press("ArrowRight")     # accept the completion
    assert page.locator("input.md-search__input").input_value() == "tuyouyou"
    assert suggestion.count() == 1
