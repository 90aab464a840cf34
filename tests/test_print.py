"""Print layouts in real Chromium (issue #6): an A4 and an A3 poster per person and group (issue #18),
each on one sheet of its size, study
kits whose discussion questions start a new sheet, and no header, navigation, footer, search or
edit button on paper."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, Recorder, static_server
from conftest import BIN, ENV, SITE_URL, copy_repo, write

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
POSTERS = sorted([f"people/{p.stem}/poster/" for p in (PROFILES / "people").glob("*.md")] +
                 [f"groups/{p.stem}/poster/" for p in (PROFILES / "groups").glob("*.md")])
CHROME = [".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".md-content__button",
          ".md-top", ".ea-print-help"]
A4_POINTS = (595.92, 842.88)      # 210 × 297 mm
A3_POINTS = (841.92, 1190.16)     # 297 × 420 mm


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page of a PDF that Chromium wrote."""
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    boxes = [tuple(float(x) for x in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([\d.\s]+)\]", pdf)]
    assert len(boxes) >= len(pages) > 0
    return boxes[:len(pages)]


def printed(page, **options) -> list[tuple[float, float]]:
    """Print as the reader's browser does: the stylesheet's @page decides the paper."""
    page.emulate_media(media="print")
    return pdf_pages(page.pdf(prefer_css_page_size=True, **options))


def is_a4(size: tuple[float, float]) -> bool:
    return all(abs(a - b) < 1 for a, b in zip(size, A4_POINTS))


def is_a3(size: tuple[float, float]) -> bool:
    return all(abs(a - b) < 1.5 for a, b in zip(size, A3_POINTS))


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="zh-CN")
    yield context
    context.close()


def visible_chrome(page) -> list[str]:
    return [sel for sel in CHROME if any(page.locator(sel).nth(i).is_visible() for i in range(page.locator(sel).count()))]


def test_every_poster_prints_on_one_a4_or_a3_sheet_without_the_site_chrome(context, site_url_builds):
    with static_server(site_url_builds[0]) as base:
        recorder = Recorder(context, base)
        page = context.new_page()
        for url, paper in [(u, is_a4) for u in POSTERS] + [(u + "#a3", is_a3) for u in POSTERS]:
            page.emulate_media(media="screen")
            page.goto(base + url)
            assert page.locator(".md-header").is_visible()          # on screen it is a normal page
            sizes = printed(page)
            assert len(sizes) == 1 and paper(sizes[0]), (url, sizes)
            assert visible_chrome(page) == [], url
            assert page.locator(".ea-sheet .ea-qr svg").is_visible(), url
    assert recorder.outside() == [] and recorder.failed == []


def test_a_study_kit_prints_on_a4_with_the_questions_on_a_sheet_of_their_own(context, built_site):
    with static_server(built_site) as base:
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base + "study/aiguo-fendou-jingshen/")
        page.wait_for_load_state("networkidle")
        sizes = printed(page)
        assert len(sizes) >= 2 and all(map(is_a4, sizes))
        assert visible_chrome(page) == []
        assert page.locator("article h1").is_visible() and page.locator(".ea-qr").is_visible()
        # Keep only the title and the short discussion part: were there no page break, both would
        # fit on one sheet.
        page.evaluate("""() => {
            const article = document.querySelector('article');
            const h2s = [...article.querySelectorAll('h2')];
            const discussion = h2s[h2s.length - 1];
            let node = article.querySelector('h1').nextElementSibling;
            while (node && node !== discussion) { const next = node.nextElementSibling; node.remove(); node = next; }
        }""")
        assert len(printed(page)) == 2
        page.evaluate("() => document.querySelector('.ea-page-break').classList.remove('ea-page-break')")
        assert len(printed(page)) == 1
    assert recorder.outside() == [] and recorder.failed == []


def test_a_profile_prints_without_navigation(context, built_site):
    with static_server(built_site) as base:
        page = context.new_page()
        page.goto(base + "people/tu-youyou/")
        sizes = printed(page)
        assert sizes and all(map(is_a4, sizes))
        assert visible_chrome(page) == []
        assert "青蒿素" in page.locator("article").inner_text()


def test_on_paper_the_review_state_is_at_the_foot_in_small_type_and_links_to_screens_are_gone(context, built_site):
    with static_server(built_site) as base:
        page = context.new_page()
        for url in ("people/tu-youyou/", "policies/sichuan-aiguo-fendou-shishi-fangan-2018/", "study/kexuejia-jingshen/"):
            page.goto(base + url)
            line, foot = page.locator(".ea-review-line"), page.locator(".ea-review-foot")
            page.emulate_media(media="screen")
            assert foot.is_hidden() and (url.startswith("study/") or line.is_visible()), url
            page.emulate_media(media="print")
            assert line.count() == 0 or line.is_hidden(), url
            assert foot.is_visible() and "审核" in foot.inner_text(), url
            size = float(foot.evaluate("p => getComputedStyle(p).fontSize")[:-2])
            assert size < float(page.locator("article p").first.evaluate("p => getComputedStyle(p).fontSize")[:-2]), url
            last = page.evaluate("() => [...document.querySelectorAll('article > *')].filter("
                                 "el => el.offsetParent !== null && el.innerText.trim()).pop().className")
            assert "ea-review-foot" in last or "ea-history" in last, (url, last)
            printed_text = page.locator("article").inner_text()
            assert "可打印" not in printed_text and "另有" not in printed_text, url


# -- the largest poster a profile allows still fits one sheet -------------------------------------
@pytest.fixture(scope="module")
def largest_poster(tmp_path_factory):
    """A synthetic profile at every limit: a tall photo, a long name, a 200-character abstract
    (the schema's maximum), every spirit, honours, a nomination (a band of three lines)."""
    from PIL import Image
    root = copy_repo(tmp_path_factory.mktemp("poster"))
    photo = io.BytesIO()
    Image.linear_gradient("L").resize((1200, 2400)).convert("RGB").save(photo, "JPEG", quality=80)
    write(root, "profiles/media/ce-shi.jpg", photo.getvalue())
    spirits = sorted(p.stem for p in (PROFILES / "spirits").glob("*.md"))
    abstract = ("测试用的人物摘要，" * 30)[:199] + "。"
    write(root, "profiles/people/ce-shi-ren.md", f"""\
        ---
        name: 测试人物欧阳长长名字
        birth: "1900-01-01"
        death: "1999-12-31"
        spirits: [{", ".join(spirits)}]
        abstract: {abstract}
        honours:
          - {{name: 全国优秀共产党员, year: 2001}}
          - {{name: 全国优秀共产党员, year: 2002}}
          - {{name: 全国优秀共产党员, year: 2003}}
        nominations:
          - campaign: zhonghua-yixuehui-aiguo-fendou-huodong-2018
            body: zhonghua-yixuehui
            category: 对中国医学事业做出重大贡献的医学科技工作者
            status: 已推荐
        images:
          - {{file: ce-shi.jpg, caption: 测试照片, credit: 测试摄影者（测试单位宣传部门供稿）, licence: CC BY-SA 4.0}}
        sources:
          - {{title: 测试来源, url: "https://example.org/"}}
        review: {{status: 待审核}}
        ---
        测试正文。
        """)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env={**ENV, "SITE_URL": SITE_URL},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


# Each part of the sheet: where it ends, and whether the sheet (which hides what overflows) shows it.
PARTS = """() => {
    const sheet = document.querySelector('.ea-sheet-page').getBoundingClientRect();
    return [...document.querySelectorAll('.ea-sheet-page > *, .ea-poster-portrait img, .ea-poster-foot *')]
        .filter(el => el.getBoundingClientRect().bottom > sheet.bottom + 0.5).map(el => el.className || el.tagName);
}"""


@pytest.mark.parametrize("url, paper", [("people/ce-shi-ren/poster/", is_a4), ("people/ce-shi-ren/poster/#a3", is_a3)])
def test_the_largest_poster_fits_one_sheet_with_its_photo(context, largest_poster, url, paper):
    with static_server(largest_poster) as base:
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        photo = page.locator(".ea-poster-portrait img")
        assert photo.evaluate("img => img.complete && img.naturalWidth") == 1200
        spirits = page.locator(".ea-poster-spirits li").all_inner_texts()        # six, then "等 12 种"
        assert len(spirits) == 6 and spirits[-1].endswith(f"等 {len(list((PROFILES / 'spirits').glob('*.md')))} 种")
        sizes = printed(page)
        assert len(sizes) == 1 and paper(sizes[0]), sizes
        assert photo.is_visible() and page.locator(".ea-sheet .ea-qr svg").is_visible()
        assert page.evaluate(PARTS) == []                  # nothing cut off at the foot of the sheet
        main, story = (page.locator(sel).bounding_box() for sel in (".ea-poster-main", ".ea-poster-story"))
        assert photo.bounding_box()["y"] + photo.bounding_box()["height"] <= story["y"] + 0.5   # nor overlapping
        assert main["height"] > 0.2 * page.locator(".ea-sheet").bounding_box()["width"]
        assert "测试摄影者" in page.locator(".ea-poster-credit").inner_text()
        assert page.locator(".ea-poster-pending").is_visible()
    assert [u for u in recorder.requests if "media/" in u] == [base + "media/ce-shi.jpg"]
    assert recorder.outside() == [] and recorder.failed == []
