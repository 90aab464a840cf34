"""Posters for display boards (宣传栏, issue #18): an A4 and an A3 poster for each person and group
(one page: poster/ on A4, poster/#a3 on A3),
each printed by Chromium on exactly one sheet of its size, filled: the band of the campaign that
nominates or names the person (or the archive's own), name, years, a 事迹 extract of 150–250
characters, spirits, a QR code that still decodes, readable in grayscale."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, Recorder, static_server
from conftest import BIN, ENV, SITE_URL, copy_repo, write
from htmltext import read_page

A4 = (595.92, 842.88)          # 210 × 297 mm, in points
A3 = (841.92, 1190.16)         # 297 × 420 mm
CAMPAIGN = "中华医学会“弘扬爱国奋斗精神、建功立业新时代”活动"
SLOGAN = "弘扬爱国奋斗精神、建功立业新时代"
SENTENCE_END = re.compile(r"[。！？][”’」』）》]*$")
MARKDOWN = re.compile(r"\*|\[|\]|\(http|#|<|>|`|\{:")

# A person nominated in a campaign, with a short abstract and a text in Markdown (a heading,
# a link, emphasis, a list): the poster's 事迹 is completed from the text, as plain text.
NOMINATED = """\
    ---
    name: 测试推荐人
    birth: "1931-02"
    spirits: [kexuejia-jingshen, aiguo-fendou-jingshen]
    honours:
      - {name: 全国优秀共产党员, year: 2001}
    nominations:
      - campaign: zhonghua-yixuehui-aiguo-fendou-huodong-2018
        body: zhonghua-yixuehui
        category: 对中国医学事业做出重大贡献的医学科技工作者
        status: 已推荐
    abstract: 测试用的医学家，长期在基层医院从事外科临床工作，培养了一批青年医生。
    sources:
      - {title: 测试来源, url: "https://example.org/"}
    review: {status: 待审核}
    ---
    ## 早年

    测试推荐人 1931 年生于**测试县**，1950 年考入[测试医学院](https://example.org/)医疗系，毕业后到县医院外科工作。

    - 列表中的一项，不是段落。

    他在县医院工作四十余年，完成手术逾万例，*带教*的医生遍布全省各地医院。他还编写了乡村医生培训教材，多次到山区巡回义诊，为当地培养了第一批能独立手术的医生和护士。晚年他把积蓄捐给医院设立奖学金，资助家境困难的医学生完成学业。
    """

# A person whom no campaign names: the archive's own band.
UNNAMED = """\
    ---
    name: 测试普通人
    birth: "1940"
    death: "2010"
    spirits: [yiliao-weisheng-zhiye-jingshen]
    abstract: 测试用的护理工作者，在传染病医院从事护理工作三十余年，总结的护理规范在多家医院推广使用，多次参加突发疫情的救治工作，带出的护士团队在全省护理技能竞赛中多次获奖。她退休后仍坚持到社区为老年人讲授常见病的家庭护理知识，十余年从未间断，社区居民称她为身边的健康顾问，许多家庭因此学会了在家中照护卧床的老年病人。
    sources:
      - {title: 测试来源, url: "https://example.org/"}
    review: {status: 已审核, by: 编辑部, date: "2026-11-23"}
    ---
    测试普通人的生平。
    """


@pytest.fixture(scope="module")
def poster_site(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("posters"))
    write(root, "profiles/people/ce-shi-tuijian.md", NOMINATED)
    write(root, "profiles/people/ce-shi-putong.md", UNNAMED)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env={**ENV, "SITE_URL": SITE_URL},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


# -- the 事迹 extract ------------------------------------------------------------------------------

def _story(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return re.search(r'<p class="ea-poster-text">(.*?)</p>', html, re.S).group(1)


def test_a_short_abstract_is_completed_from_the_text_in_whole_sentences_of_plain_text(poster_site):
    story = _story(poster_site, "people/ce-shi-tuijian/poster/")
    assert 150 <= len(story) <= 250, (len(story), story)
    assert story.startswith("测试用的医学家，长期在基层医院从事外科临床工作，培养了一批青年医生。")
    assert SENTENCE_END.search(story), story
    # From the text: its first paragraph without the Markdown syntax; the heading and the list left out.
    assert "1931 年生于测试县，1950 年考入测试医学院医疗系" in story
    assert MARKDOWN.search(story) is None and "早年" not in story and "列表" not in story
    # Whole sentences until 150 characters are reached, and no more.
    assert story.endswith("为当地培养了第一批能独立手术的医生和护士。") and "晚年" not in story


def test_a_sentence_that_would_pass_250_characters_is_left_out_whole():
    from archive.domain.model import Entity
    from archive.pages.posters import story
    abstract = "测" * 139 + "。"
    long_sentence = "这" * 119 + "。"
    e = Entity("x", "person", "profiles/people/x.md", {"abstract": abstract}, f"{long_sentence}\n\n短句。", 1, {})
    assert story(e) == abstract + "短句。"         # 140 + 120 > 250: left out whole, not cut; the next fits
    e = Entity("x", "person", "profiles/people/x.md", {"abstract": "测" * 139}, "补充的一句话。后面还有。", 1, {})
    assert story(e) == "测" * 139 + "。补充的一句话。后面还有。"    # an end mark after an abstract without one


def test_sentences_of_the_text_that_restate_the_abstract_are_left_out():
    from archive.domain.model import Entity
    from archive.pages.posters import story
    abstract = "测试用的药学家，长期从事中药研究，因发现一种新药获得测试奖，是第一位获得测试奖的本土科学家。" * 2
    body = ("测试某是测试用的药学家，长期从事中药研究，因发现一种新药获得测试奖。\n\n"
            "她 1930 年生于测试县，1951 年考入测试医学院药学系，1955 年毕业后到测试研究院工作。")
    told = story(Entity("x", "person", "profiles/people/x.md", {"abstract": abstract}, body, 1, {}))
    assert "测试某是" not in told and told.endswith("1955 年毕业后到测试研究院工作。")


def test_a_long_abstract_is_the_story_as_it_is(poster_site):
    story = _story(poster_site, "people/ce-shi-putong/poster/")
    assert story.startswith("测试用的护理工作者") and story.endswith("许多家庭因此学会了在家中照护卧床的老年病人。")
    assert 150 <= len(story) <= 250 and "生平" not in story


@pytest.mark.parametrize("url", ["people/tu-youyou/", "groups/xiqian-ren/"])
def test_the_archives_own_profiles_have_a_story_within_the_limits(poster_site, url):
    story = _story(poster_site, url + "poster/")
    assert 150 <= len(story) <= 250, (url, len(story))
    assert SENTENCE_END.search(story) and MARKDOWN.search(story) is None


def test_a_poster_shows_the_highest_honours_not_the_first_listed(poster_site):
    html = (poster_site / "people/tu-youyou/poster/index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<p class="ea-poster-honour">(.*?)</p>', html)
    # 屠呦呦's profile lists the Lasker award first; the vocabulary ranks the state honours above it
    assert shown == ["2019年　共和国勋章", "2016年　国家最高科学技术奖", "2015年　诺贝尔生理学或医学奖"]


# -- in the browser ---------------------------------------------------------------------------------
sync_api = pytest.importorskip("playwright.sync_api")
browser_test = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="zh-CN")
    yield context
    context.close()


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF that Chromium wrote."""
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    boxes = [tuple(float(x) for x in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([\d.\s]+)\]", pdf)]
    assert len(boxes) >= len(pages) > 0
    return boxes[:len(pages)]


def printed(page) -> list[tuple[float, float]]:
    """As the reader's browser prints: the stylesheet's @page decides the paper."""
    page.emulate_media(media="print")
    return pdf_pages(page.pdf(prefer_css_page_size=True))


def same_size(size, paper) -> bool:
    return all(abs(a - b) < 1.5 for a, b in zip(size, paper))


# What of the sheet lies outside it (cut off on paper), and what is not shown at all.
OUTSIDE_SHEET = """() => {
    const sheet = document.querySelector('.ea-sheet-page').getBoundingClientRect();
    const out = [];
    for (const el of document.querySelectorAll('.ea-sheet-page > *, .ea-poster-foot *, .ea-poster-text, .ea-band *')) {
        const box = el.getBoundingClientRect();
        if (box.bottom > sheet.bottom + 0.5 || box.top < sheet.top - 0.5 || box.right > sheet.right + 0.5)
            out.push(el.className || el.tagName);
    }
    return out;
}"""


@browser_test
@pytest.mark.parametrize("url, paper", [
    ("people/ce-shi-putong/poster/", A4), ("people/ce-shi-putong/poster/#a3", A3),       # no photo, no campaign
    ("groups/xiqian-ren/poster/", A4), ("groups/xiqian-ren/poster/#a3", A3),             # a group
    ("people/ce-shi-tuijian/poster/", A4), ("people/ce-shi-tuijian/poster/dangan/#a3", A3),
])
def test_each_poster_prints_on_exactly_one_sheet_of_its_size(context, poster_site, url, paper):
    with static_server(poster_site) as base:
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        sizes = printed(page)
        assert len(sizes) == 1 and same_size(sizes[0], paper), (url, sizes)
        # Everything on the sheet, on the sheet; the parts of a filled poster all there.
        assert page.evaluate(OUTSIDE_SHEET) == [], url
        for part in (".ea-band", ".ea-poster-name", ".ea-poster-text", ".ea-poster-spirits li",
                     ".ea-poster-sitename", ".ea-poster-foot .ea-qr svg", ".ea-poster-type"):
            assert page.locator(part).first.is_visible(), (url, part)
        assert not page.locator(".ea-poster-tools").is_visible()        # the choices stay on screen
    assert recorder.outside() == [] and recorder.failed == []


def _band(page) -> list[str]:
    return [t.strip() for t in page.locator(".ea-band p").all_inner_texts()]


def _chosen_paper(page) -> str:
    """The paper shown as chosen: in bold and a thicker frame (not by colour alone)."""
    chosen = page.eval_on_selector_all(".ea-poster-choice > a[href^='#']", """links => links.filter(a => {
        const style = getComputedStyle(a);
        return Number(style.fontWeight) >= 600 && parseFloat(style.borderTopWidth) >= 2; }).map(a => a.textContent)""")
    assert len(chosen) == 1, chosen
    return chosen[0]


@browser_test
def test_a_nominated_person_has_the_campaigns_band_and_the_archives_one_a_link_away(context, poster_site):
    with static_server(poster_site) as base:
        page = context.new_page()
        page.goto(base + "people/ce-shi-tuijian/poster/")
        assert _band(page) == [CAMPAIGN, SLOGAN, "中华医学会推荐"]
        assert page.locator(".ea-poster-choice strong").all_inner_texts() == [CAMPAIGN]
        assert _chosen_paper(page) == "A4"
        page.get_by_role("link", name="楷模档案（不标主题活动）").click()
        page.wait_for_url(base + "people/ce-shi-tuijian/poster/dangan/")
        assert _band(page) == ["楷模人物", "楷模档案"]
        page.get_by_role("link", name="A3", exact=True).click()
        page.wait_for_url(base + "people/ce-shi-tuijian/poster/dangan/#a3")
        assert _band(page) == ["楷模人物", "楷模档案"] and _chosen_paper(page) == "A3"
        assert page.get_by_role("button", name="打印海报（A3）").is_visible()
        page.get_by_role("link", name="A4", exact=True).click()
        page.wait_for_url(base + "people/ce-shi-tuijian/poster/dangan/#a4")
        assert _chosen_paper(page) == "A4" and page.get_by_role("button", name="打印海报（A4）").is_visible()
        # A person no campaign names: the archive's band, and nothing to choose.
        page.goto(base + "people/ce-shi-putong/poster/")
        assert _band(page) == ["楷模人物", "楷模档案"]
        assert page.locator(".ea-poster-choice").all_inner_texts() == ["纸张A4A3"]       # the paper only
        assert page.locator(".ea-poster-pending").count() == 0          # reviewed
        # A person the campaign's document names (屠呦呦 in 中华医学会's 工作方案): its band.
        page.goto(base + "people/tu-youyou/poster/#a3")
        assert _band(page) == [CAMPAIGN, SLOGAN]
        assert page.locator(".ea-poster-pending").inner_text() == "本档案尚未经编辑部审核，内容仅供参考。"


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg) -> float:
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Each text of the sheet: its colour and the first opaque background behind it (computed styles).
COLOURS = """() => {
    const rgb = value => value.match(/[\\d.]+/g).map(Number);
    const out = [];
    for (const el of document.querySelectorAll('.ea-sheet-page *')) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.checkVisibility()) continue;
        let back = el;
        while (back && rgb(getComputedStyle(back).backgroundColor)[3] === 0) back = back.parentElement;
        const bg = back ? rgb(getComputedStyle(back).backgroundColor).slice(0, 3) : [255, 255, 255];
        out.push([el.className || el.tagName, el.closest('.ea-band') !== null,
                  rgb(getComputedStyle(el).color).slice(0, 3), bg]);
    }
    return out;
}"""


@browser_test
@pytest.mark.parametrize("url", ["people/ce-shi-tuijian/poster/", "people/ce-shi-putong/poster/#a3"])
def test_every_text_of_the_poster_is_readable_in_grayscale(context, poster_site, url):
    """WCAG contrast of at least 4.5:1 between each text's computed colour and its background:
    luminance contrast, which a grayscale print keeps. The band's texts are among them."""
    with static_server(poster_site) as base:
        page = context.new_page()
        page.goto(base + url)
        page.emulate_media(media="print")
        texts = page.evaluate(COLOURS)
        assert sum(1 for _, in_band, _, _ in texts if in_band) >= 2
        low = [(name, round(contrast(fg, bg), 2)) for name, _, fg, bg in texts if contrast(fg, bg) < 4.5]
        assert low == []
        band = [contrast(fg, bg) for _, in_band, fg, bg in texts if in_band]
        assert min(band) >= 4.5


def _decode(png: bytes) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@browser_test
@pytest.mark.parametrize("url, target", [
    ("people/ce-shi-putong/poster/", "people/ce-shi-putong/"),
    ("groups/xiqian-ren/poster/#a3", "groups/xiqian-ren/"),
])
def test_the_posters_code_decodes_to_the_profile_on_screen_and_on_paper(browser, poster_site, url, target):
    with static_server(poster_site) as base:
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2)
        page = context.new_page()
        page.goto(base + url)
        code = page.locator(".ea-poster-foot .ea-qr svg")
        assert _decode(code.screenshot()) == [SITE_URL + target]       # the preview on a phone
        page.emulate_media(media="print")
        assert _decode(code.screenshot()) == [SITE_URL + target]
        context.close()


@browser_test
@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_on_screen_a_preview_and_a_print_button_without_sideways_scrolling(browser, poster_site, width, height):
    with static_server(poster_site) as base:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base + "people/ce-shi-tuijian/poster/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        sheet = page.locator(".ea-sheet").bounding_box()
        assert sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= width
        assert abs(sheet["height"] / sheet["width"] - 297 / 210) < 0.01          # the paper's proportions
        button = page.get_by_role("button", name="打印海报（A4）")
        assert button.is_visible()
        page.evaluate("() => { window.print = () => { window.printed = true; }; }")
        button.click()
        assert page.evaluate("window.printed") is True
        context.close()
    assert recorder.outside() == [] and recorder.failed == []


def test_the_profile_links_its_a4_and_a3_posters(poster_site):
    for url in ("people/ce-shi-putong/", "groups/xiqian-ren/"):
        links = read_page(poster_site, url).links
        assert ("打印宣传海报（A4）", "poster/") in links and ("打印宣传海报（A3）", "poster/#a3") in links
        assert (poster_site / url / "poster/index.html").is_file()
