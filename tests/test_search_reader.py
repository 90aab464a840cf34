"""Search as a reader meets it in Chromium (issue #20, README "搜索"): traditional characters,
tone marks, typos, initials, phrases, words inside longer names, abbreviations, synonyms of
several Latin words, questions, kinds of results, highlighting, the contributors' pages, and
Chinese typed through an input method."""
from __future__ import annotations

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, SEARCH_STARTING, search, static_server
from conftest import VALID_PERSON, copy_repo, mkdocs_build, write

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
    page.goto(base_url)
    yield page
    context.close()


FIRST = [  # what a reader types → the page that must be the first result
    ("鄧稼先", "people/deng-jiaxian/"),                          # traditional characters
    ("南仁東", "people/nan-rendong/"),
    ("Tú Yōuyōu", "people/tu-youyou/"),                          # pinyin with tone marks
    ("Qián Xuésēn", "people/qian-xuesen/"),
    ("hdn", "people/huang-danian/"),                             # initials from the characters (not hdi)
    ("屠哟哟", "people/tu-youyou/"),                             # a name with one wrong character
    ("钱学深", "people/qian-xuesen/"),
    ("qianxuesheng", "people/qian-xuesen/"),                     # sheng for sen
    ("tuyouyuo", "people/tu-youyou/"),                           # two letters swapped
    ("qian xue sen", "people/qian-xuesen/"),                     # spaced syllables, tried joined
    ("治蜀兴川", "policies/sichuan-aiguo-fendou-shishi-fangan-2018/"),   # a phrase segmentation cuts up
    ("葛洪", "people/tu-youyou/"),
    ("万婴之母", "people/lin-qiaozhi/"),
    ("卫健委", "organizations/guojia-weisheng-jiankangwei/"),    # an abbreviation
    ("肝癌", "browse/fields/gan-dan-wai-ke/"),                   # a synonym (profiles/synonyms.yaml)
    ("卫办发[2012]31号", "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/"),
    ("卫办发（2012）31号", "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/"),
    # a question naming an honour: the honour's list first
    ("哪些医学家获得过国家最高科学技术奖", "browse/honours/guo-jia-zui-gao-ke-xue-ji-shu-jiang/"),
    ("谁发现了青蒿素", "people/tu-youyou/"),
]


@pytest.mark.parametrize("query, expected", FIRST)
def test_the_reader_finds_the_page_first(page, base_url, query, expected):
    shown = search(page, query)
    assert shown[0] == base_url + expected, f"搜索“{query}”：{shown[:3]}"


def test_results_say_what_kind_of_page_they_are(page, base_url):
    """两弹一星: the spirit, its study page and the group are told apart by a label each, and the
    study page is shown with the spirit it studies."""
    search(page, "两弹一星")
    items = page.locator(".md-search-result__item")
    labels = {}
    for n in range(items.count()):
        for link in items.nth(n).locator(":scope > a").all():
            href = link.get_attribute("href").split("?")[0]
            kind = link.locator(".ea-kind")
            assert kind.count() == 1 and kind.is_visible(), href
            labels[href[len(base_url):] if href.startswith(base_url) else href] = (n, kind.inner_text())
    assert labels["spirits/liangdan-yixing-jingshen/"][1] == "精神"
    assert labels["study/liangdan-yixing-jingshen/"][1] == "学习材料"
    assert labels["groups/liangdan-yixing-yuanxun/"][1] == "群体"
    assert labels["study/liangdan-yixing-jingshen/"][0] == labels["spirits/liangdan-yixing-jingshen/"][0]


def test_whole_terms_are_highlighted_not_single_characters(page):
    search(page, "川组通【2018】59号")
    page.wait_for_timeout(300)
    marked = page.eval_on_selector_all(".md-search-result__item mark", "marks => marks.map(m => m.textContent)")
    assert marked and set(marked) <= {"川组通", "〔2018〕59号"}, marked


def test_contributors_pages_only_for_a_question_about_contributing(page, base_url):
    """The field reference quotes an example of every field (诺贝尔生理学或医学奖 among them):
    not a reader's result, unless the reader asks about contributing."""
    shown = search(page, "诺贝尔生理学或医学奖")
    assert not [u for u in shown if "/guide/" in u], shown
    assert base_url + "people/tu-youyou/" in shown[:3]
    page.goto(base_url)
    assert base_url + "guide/fields/" in search(page, "字段说明")[:3]


def test_a_stray_character_of_a_longer_query_finds_nothing_on_its_own(page, base_url):
    shown = search(page, "钱学森的老师")
    assert shown[0] == base_url + "people/qian-xuesen/"
    page.goto(base_url)
    # not the pages with 老 or 师 in their titles: only pages that name 钱学森
    assert set(shown) <= set(search(page, "钱学森"))


def test_a_word_inside_a_longer_name_finds_the_page(page, base_url):
    """协和医院 stands inside the names 北京协和医院 and 协和医院院史馆, which segmentation keeps
    whole: the words inside a page's own names find it, and so does a query word that a page's
    text holds only inside a longer word (张孝骞's page says 北京协和医院, never 协和医院 alone)."""
    shown = search(page, "协和医院")
    for expected in ("organizations/beijing-xiehe-yiyuan/", "places/xiehe-yiyuan-yuanshiguan/", "people/zhang-xiaoqian/"):
        assert base_url + expected in shown, f"搜索“协和医院”：{shown}"
    assert shown[0] == base_url + "organizations/beijing-xiehe-yiyuan/"
    page.goto(base_url)
    assert search(page, "医科大学")[0] == base_url + "places/yanan-zhongguo-yike-daxue-jiuzhi/"
    page.goto(base_url)
    assert search(page, "院史")[0] == base_url + "places/xiehe-yiyuan-yuanshiguan/"    # two characters of a name


@pytest.mark.parametrize("query", ["2018年", "2018年的文件", "2012年31号文件"])
def test_a_stray_character_does_not_find_a_name_it_is_part_of(page, base_url, query):
    """年 is a character of 黄大年's name, not a key to his page of its own."""
    shown = search(page, query)
    assert base_url + "people/huang-danian/" not in shown[:3], f"搜索“{query}”：{shown[:3]}"
    if query == "2012年31号文件":          # 卫办发〔2012〕31号, said in words
        assert base_url + "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/" in shown[:3]


def test_a_single_character_alone_still_finds_the_names_it_begins(page, base_url):
    assert set(search(page, "黄")[:2]) == {base_url + "people/huang-danian/", base_url + "people/huang-xuhua/"}


@pytest.mark.parametrize("query", ["COVID-19", "covid", "Covid 19", "covid19", "SARS-CoV-2"])
def test_a_latin_synonym_of_several_words_is_read_whole(page, base_url, query):
    """COVID-19 → 新冠肺炎 (profiles/synonyms.yaml): not the pages that mention 19."""
    shown = search(page, query)
    page.goto(base_url)
    expected = search(page, "新冠肺炎")[:3]
    assert expected and shown[:3] == expected, f"搜索“{query}”：{shown[:3]}"


@pytest.mark.parametrize("query", ["Nightingale", "nightingale medal", "南丁格尔"])
def test_a_foreign_name_of_an_honour_finds_who_received_it(page, base_url, query):
    assert base_url + "people/ye-xin/" in search(page, query)[:2]


def test_chinese_typed_through_an_input_method(page, base_url):
    """An input method composes pinyin in the box, then puts the characters in: no key press
    after them (Chromium's own composition, through the DevTools protocol)."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(f"""() => !document.querySelector('.md-search-result__meta')
        .textContent.includes({SEARCH_STARTING!r})""", timeout=30000)
    cdp = page.context.new_cdp_session(page)
    for typed in ("t", "tu", "tuyou", "tuyouyou"):
        cdp.send("Input.imeSetComposition", {"text": typed, "selectionStart": len(typed), "selectionEnd": len(typed)})
    page.wait_for_timeout(500)
    assert page.locator(".md-search-result__item").count() == 0      # the pinyin being composed is no query
    cdp.send("Input.insertText", {"text": "屠呦呦"})                    # the characters chosen
    first = page.locator(".md-search-result__item > a").first
    first.wait_for(timeout=15000)
    assert box.input_value() == "屠呦呦"
    assert first.get_attribute("href").split("?")[0] == base_url + "people/tu-youyou/"


@pytest.fixture(scope="module")
def typo_site(tmp_path_factory):
    """The archive with one more person, named like 钱学森 with one character different."""
    root = copy_repo(tmp_path_factory.mktemp("typo"))
    write(root, "profiles/people/qian-xueshen.md", VALID_PERSON.replace("name: 测试人", "name: 钱学深"))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_a_name_with_one_wrong_character_comes_below_the_exact_name(browser, typo_site):
    with static_server(typo_site) as base:
        page = browser.new_context(locale="zh-CN").new_page()
        page.goto(base)
        shown = search(page, "钱学深")
        page.context.close()
    assert shown[0] == base + "people/qian-xueshen/"                 # the exact name first
    assert base + "people/qian-xuesen/" in shown[1:4]                # then the near one
