"""`make screenshots` (scripts/screenshots.py): every page on its list exists in the built site,
so that reviewers get a picture of each page type and not of an error page. The full run, which
photographs them all, is not part of `make test`."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from browsing import CHROMIUM, NO_CHROMIUM, static_server

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from screenshots import PAGES  # noqa: E402


def test_every_page_on_the_screenshot_list_loads(browser, built_site):
    assert len({name for name, _, _ in PAGES}) == len(PAGES)      # one file name per page
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    wrong = []
    with static_server(built_site) as base:
        for name, path, status in PAGES:
            response = page.goto(base + path, wait_until="load")
            heading = page.locator("article h1").first.inner_text()
            if response.status != status or (status == 200) == ("页面不存在" in heading):
                wrong.append(f"{name} {path}: HTTP {response.status}，标题“{heading}”")
    context.close()
    assert not wrong, wrong
    assert [status for _, _, status in PAGES].count(200) == len(PAGES) - 1    # and the 404 page
