"""QR codes for display boards (issue #6, 宣传): every person and group page, poster and study
page carries a code that a phone decodes to the page's own address, made offline from SITE_URL;
without SITE_URL the page says so instead."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from archive.outputs.qr import NO_SITE_URL, absolute_url, qr_svg
from browsing import CHROMIUM, NO_CHROMIUM, Recorder, static_server
from conftest import SITE_URL
from htmltext import article_text, read_page

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
PEOPLE_PAGES = sorted([f"people/{p.stem}/" for p in (PROFILES / "people").glob("*.md")] +
                      [f"groups/{p.stem}/" for p in (PROFILES / "groups").glob("*.md")])
_SVG = re.compile(r"<svg role=\"img\".*?</svg>", re.S)


def test_absolute_url_is_percent_encoded():
    assert absolute_url("http://archive.example.internal/kaimo/", "people/tu-youyou/") == \
        "http://archive.example.internal/kaimo/people/tu-youyou/"
    assert absolute_url("http://archive.example.internal/kaimo", "/people/tu-youyou/") == \
        "http://archive.example.internal/kaimo/people/tu-youyou/"        # one slash between, whatever is given
    assert absolute_url("http://内网.example:8080/楷模档案/", "study/a b/") == \
        "http://xn--v6q792i.example:8080/%E6%A5%B7%E6%A8%A1%E6%A1%A3%E6%A1%88/study/a%20b/"


def test_the_same_url_gives_the_same_svg_and_another_url_another():
    url = absolute_url(SITE_URL, "people/tu-youyou/")
    svg = qr_svg(url)
    assert svg == qr_svg(url)
    assert svg != qr_svg(absolute_url(SITE_URL, "people/wu-mengchao/"))
    assert svg.startswith("<svg ") and 'viewBox="0 0 ' in svg
    assert "width=" not in svg.split(">", 1)[0] and "<?xml" not in svg      # CSS sizes it; inline in the page


@pytest.mark.parametrize("url", PEOPLE_PAGES)
def test_person_and_group_pages_carry_their_code_and_poster_link(site_url_builds, url):
    """The code on the page is the code for exactly this page's absolute URL."""
    site = site_url_builds[0]
    html = (site / url / "index.html").read_text(encoding="utf-8")
    share = html[html.index('<aside class="ea-share">'):]
    share = share[:share.index("</aside>")]
    assert _SVG.findall(share) == [qr_svg(SITE_URL + url)]
    assert "扫码访问本页" in share
    page = read_page(site, url)
    assert ("打印宣传海报（A4）", "poster/") in page.links
    assert (site / url / "poster" / "index.html").is_file()


def test_without_site_url_a_notice_and_one_line_in_the_build_log(built_site):
    for url in ("people/tu-youyou/", "groups/xiqian-ren/", "people/tu-youyou/poster/",
                "study/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/"):
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        assert NO_SITE_URL in article_text(built_site, url), url
        assert "<svg role=\"img\"" not in html and "crispEdges" not in html, url
    log = (built_site.parent / "build.log").read_text(encoding="utf-8")
    advice = [line for line in log.splitlines() if "未设置 SITE_URL" in line]
    assert len(advice) == 1 and advice[0].startswith("INFO")       # advice: the strict build passed


# -- in a real browser: decode the code as a phone camera would --------------------------------
pytest_browser = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)


def _decode(png: bytes) -> list[str]:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest_browser
@pytest.mark.parametrize("url, target", [
    ("people/tu-youyou/", "people/tu-youyou/"),
    ("groups/xiqian-ren/", "groups/xiqian-ren/"),
    ("people/tu-youyou/poster/", "people/tu-youyou/"),                # the poster opens the profile
    ("study/yiliao-weisheng-zhiye-jingshen/", "study/yiliao-weisheng-zhiye-jingshen/"),
])
def test_the_code_shown_decodes_to_the_page_address(browser, site_url_builds, url, target):
    with static_server(site_url_builds[0]) as base:
        context = browser.new_context(locale="zh-CN", device_scale_factor=2)
        recorder = Recorder(context, base)
        page = context.new_page()
        page.goto(base + url)
        code = page.locator(".ea-qr svg")
        assert code.count() == 1
        assert _decode(code.screenshot()) == [SITE_URL + target]
        page.emulate_media(media="print")                          # and on paper
        assert _decode(code.screenshot()) == [SITE_URL + target]
        context.close()
    assert recorder.outside() == [] and recorder.failed == []
