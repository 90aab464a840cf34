"""Accessibility and typography in a real browser (issue 18.7): axe-core finds nothing serious or
critical on any page type at desktop and phone width; the page is Simplified Chinese
(lang="zh-CN") in the system's Chinese fonts; links in running text are underlined; nothing
scrolls sideways on a phone; the map's labels are legible on a phone; on paper the site's controls
are gone and the sources show their addresses.

The pages are those of `make screenshots` (scripts/screenshots.py PAGES): one of each type."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, static_server

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

from axe_playwright_python.base import AXE_SCRIPT  # noqa: E402  (axe-core, bundled in the wheel)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshots import PAGES, SEARCH_QUERY, SIZES, open_search  # noqa: E402

CJK_STACK = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC"'
PAGE_IDS = [name for name, _, _ in PAGES]


@pytest.fixture(scope="module")
def base_url(built_site):
    with static_server(built_site) as url:
        yield url


@pytest.fixture(scope="module", params=list(SIZES), ids=list(SIZES))
def sized(request, browser):
    width, height = SIZES[request.param]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    context.size = f"{width}×{height}"
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    width, height = SIZES["phone"]
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
    yield context
    context.close()


def open_page(context, base_url: str, path: str, status: int):
    page = context.new_page()
    response = page.goto(base_url + path, wait_until="load")
    assert response.status == status, path
    return page


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    page.evaluate(AXE_SCRIPT)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(" ".join(n["target"]) + ": " + n.get("failureSummary", "").replace("\n", " ")
                        for n in v["nodes"][:5])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name, path, status", PAGES, ids=PAGE_IDS)
def test_axe_finds_nothing_serious(sized, base_url, name, path, status):
    page = open_page(sized, base_url, path, status)
    found = serious_violations(page)
    page.close()
    assert not found, f"{path or '首页'}（{sized.size}）：\n" + "\n".join(found)


def test_axe_finds_nothing_serious_in_the_search_dialog_with_results(sized, base_url):
    page = open_page(sized, base_url, "", 200)
    open_search(page, SEARCH_QUERY)
    assert page.locator(".md-search").get_attribute("aria-label") == "搜索"
    found = serious_violations(page)
    page.close()
    assert not found, f"搜索框（有结果，{sized.size}）：\n" + "\n".join(found)


@pytest.mark.parametrize("name, path, status", PAGES, ids=PAGE_IDS)
def test_nothing_scrolls_sideways_on_a_phone(phone, base_url, name, path, status):
    page = open_page(phone, base_url, path, status)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    page.close()
    assert widths[0] <= widths[1], f"{path or '首页'}：页面宽 {widths[0]} px，屏幕宽 {widths[1]} px"


def test_the_search_dialog_does_not_scroll_sideways_on_a_phone(phone, base_url):
    page = open_page(phone, base_url, "", 200)
    open_search(page, SEARCH_QUERY)
    # Material's overlay grows for a moment as the dialog opens: the dialog at rest.
    page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth", timeout=5000)
    page.close()


def test_wide_tables_scroll_in_their_own_box_reachable_from_the_keyboard(phone, base_url):
    page = open_page(phone, base_url, "guide/fields/", 200)
    boxes = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(b => b.scrollWidth > b.clientWidth)
        .map(b => [b.getAttribute('tabindex'), b.getAttribute('role'), b.getAttribute('aria-label')])""")
    page.close()
    assert boxes, "字段说明页在手机上应有需要左右滚动的表格"
    assert all(tabindex == "0" and role == "region" and label.startswith("表格") for tabindex, role, label in boxes), boxes
    labels = [label for _, _, label in boxes]
    assert len(set(labels)) == len(labels), labels


def test_every_page_is_simplified_chinese_with_chinese_search_strings(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    wrong = [str(p.relative_to(built_site)) for p in pages
             if '<html lang="zh-CN"' not in p.read_text(encoding="utf-8")[:2000]]
    assert not wrong, wrong[:10]
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="搜索"' in home and "正在初始化搜索引擎" in home     # Material's Chinese strings


def test_text_is_set_in_the_system_chinese_fonts(phone, base_url):
    page = open_page(phone, base_url, "people/tu-youyou/", 200)
    family = page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily")
    assert family.startswith(CJK_STACK), family
    # On this Debian machine (fonts-noto-cjk) the Chinese text is drawn in Noto Sans CJK SC.
    cdp = phone.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "article h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    page.close()
    assert fonts and fonts[0]["familyName"] == "Noto Sans CJK SC", fonts


def test_links_in_running_text_are_underlined_and_navigation_is_not(sized, base_url):
    page = open_page(sized, base_url, "people/tu-youyou/", 200)
    decoration = "el => getComputedStyle(el).textDecorationLine"
    content = page.eval_on_selector_all("article p a, article li a", f"els => els.map({decoration})")
    tabs = page.eval_on_selector_all(".md-tabs__link, .md-nav__link, .md-header a", f"els => els.map({decoration})")
    page.close()
    assert content and all(d == "underline" for d in content), content
    assert tabs and not any("underline" in d for d in tabs), tabs


@pytest.mark.parametrize("width", [390, 1366])
def test_the_map_of_china_is_shown_whole_and_every_word_on_it_is_legible(browser, base_url, width):
    """A map of China cut at the screen's edge (no Xinjiang, no South China Sea islands) must
    never be what a reader sees: whole at every width; what text it shows, legible; on a phone
    the sites are dots whose names are in the list under the map."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = open_page(context, base_url, "places/", 200)
    figure, svg = (page.locator(sel).bounding_box() for sel in (".ea-map-figure", ".ea-map-svg"))
    scroll = page.evaluate("() => { const f = document.querySelector('.ea-map-figure'); return [f.scrollWidth, f.clientWidth]; }")
    shown = page.evaluate("""() => [...document.querySelectorAll('.ea-map-svg text')]
        .filter(t => getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0)
        .map(t => [t.textContent, t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)])""")
    names = page.eval_on_selector_all(".ea-map-place", "as => as.map(a => a.querySelector('title').textContent)")
    listed = page.eval_on_selector_all("article li a", "as => as.map(a => a.textContent)")
    caption = page.locator(".ea-map-figure figcaption").inner_text()
    context.close()
    assert scroll[0] <= scroll[1] and svg["x"] >= figure["x"] - 0.5 and svg["x"] + svg["width"] <= figure["x"] + figure["width"] + 0.5
    assert len(names) >= 4 and set(names) <= set(listed)            # every dot's name, linked, under the map
    small = [(text, round(px, 1)) for text, px in shown if px < 11]
    assert not small, f"地图上的文字小于 11 px：{small}"
    if width < 640:
        assert shown == [] and "右下框为南海诸岛" in caption
    else:
        assert {text for text, _ in shown} >= set(names) | {"南海诸岛"} and "右下框" not in caption


def test_on_paper_the_controls_are_gone_and_sources_show_their_addresses(sized, base_url):
    page = open_page(sized, base_url, "people/tu-youyou/", 200)
    page.emulate_media(media="print")
    shown = [sel for sel in (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".ea-share a")
             if page.locator(sel).first.is_visible()]
    qr_code = page.locator(".ea-share .ea-qr").is_visible()      # the way back to the page from paper
    after = "a => getComputedStyle(a, '::after').content"
    sources = page.eval_on_selector_all(".ea-sources a[href^='http']", f"as => as.map(a => [a.getAttribute('href'), ({after})(a)])")
    others = page.eval_on_selector_all("article a:not(.ea-sources a)", f"as => as.map({after})")
    underlined = page.eval_on_selector_all("article p a", "as => as.map(a => getComputedStyle(a).textDecorationLine)")
    page.close()
    assert not shown, f"打印时仍显示：{shown}"
    assert qr_code
    assert sources and all(content == f'" ({href})"' for href, content in sources), sources
    assert all(c in ("none", "normal") for c in others), others
    assert all(d == "none" for d in underlined), underlined
