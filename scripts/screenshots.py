"""Screenshots for reviewers: `make screenshots` (CONTRIBUTING.md "截图").

Builds the readers' edition afresh (as `make publish` does: SITE_URL set, --strict) into a
temporary folder, serves it on 127.0.0.1 and photographs one page of each type with Debian's
chromium through Playwright, at desktop (1366×900) and phone (390×844) width, into screenshots/
(git-ignored). Prints the path of every PNG written.

PAGES is also the list that tests/test_screenshots.py and tests/test_accessibility.py open: one
page of each type a reader meets.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))      # the browser tests' static server and chromium

OUT = ROOT / "screenshots"
SITE_URL = "http://archive.example.internal/"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
TALLEST = 8000      # px: a long list (A–Z, the timeline) is photographed down to here

# (file name, address relative to the site root, HTTP status the page is served with)
PAGES = [
    ("home", "", 200),
    ("list-people", "people/", 200),
    ("person", "people/tu-youyou/", 200),
    ("group", "groups/xiqian-ren/", 200),
    ("spirit", "spirits/kexuejia-jingshen/", 200),
    ("places-map", "places/", 200),
    ("place", "places/tangxian-baiqiuen-jinianguan/", 200),
    ("organization", "organizations/zhonghua-yixuehui/", 200),
    ("policy", "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/", 200),
    ("campaign", "campaigns/weishengbu-zhiye-jingshen-dataolun-2012/", 200),
    ("dashboard", "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/dashboard/", 200),
    ("activities", "activities/", 200),
    ("browse", "browse/", 200),
    ("browse-facet", "browse/honours/shi-dai-kai-mo/", 200),
    ("a-z", "browse/a-z/", 200),
    ("timeline", "browse/timeline/", 200),
    ("study-index", "study/", 200),
    ("study", "study/kexuejia-jingshen/", 200),
    ("poster", "people/tu-youyou/poster/", 200),
    ("fields", "guide/fields/", 200),
    ("not-found", "no-such-page/", 404),   # any missing address gets the site's 404 page
]
# The search dialog, opened on the home page with this query's results.
SEARCH_QUERY = "屠呦呦"


def build(site: Path) -> None:
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit("网站构建失败：\n" + result.stdout + result.stderr)


def open_search(page, query: str) -> None:
    """The search dialog with the results for `query` (tests/browsing.py search()). On a phone
    the search box opens from the magnifier in the header."""
    from browsing import search
    if page.viewport_size["width"] < 960:      # Material's 60em: no search box in the header
        page.locator('label.md-header__button[for="__search"]').click()
    search(page, query)


def shoot(browser, base: str, out: Path) -> list[Path]:
    written = []
    for size, (width, height) in SIZES.items():
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        page = context.new_page()
        for name, path, status in PAGES:
            response = page.goto(base + path, wait_until="load")
            if response is None or response.status != status:
                sys.exit(f"{path or '首页'}：HTTP {response and response.status}，应为 {status}")
            page.wait_for_timeout(600)       # Material's tabs fade in (.4 s)
            full = page.evaluate("document.documentElement.scrollHeight")
            target = out / f"{name}-{size}.png"
            page.screenshot(path=str(target), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": min(full, TALLEST)})
            written.append(target)
        page.goto(base, wait_until="load")
        open_search(page, SEARCH_QUERY)
        page.wait_for_timeout(600)
        target = out / f"search-{size}.png"
        page.screenshot(path=str(target))
        written.append(target)
        context.close()
    return written


def main() -> int:
    from browsing import CHROMIUM, FLAGS, NO_CHROMIUM, static_server
    from playwright.sync_api import sync_playwright
    if CHROMIUM is None:
        sys.exit(NO_CHROMIUM)
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as tmp:
        site = Path(tmp) / "site"
        print("正在构建发布版网站……", flush=True)
        build(site)
        with static_server(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                written = shoot(browser, base, OUT)
            finally:
                browser.close()
    for path in written:
        print(path.relative_to(ROOT))
    print(f"共 {len(written)} 张截图，在 {OUT.relative_to(ROOT)}/ 中。")
    return 0


if __name__ == "__main__":
    shutil.rmtree(OUT, ignore_errors=True)      # only this run's pictures
    sys.exit(main())
