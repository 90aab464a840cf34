"""Hostile profiles opened in Chromium: no script runs, nothing is fetched from outside the site.

- Under `mkdocs serve` a contributor's pull request is previewed with its problems listed: its
  values (name, abstract …) reach every page type that prints them, and the problem list quotes
  them. Escaping must hold there, where `make check` has not stopped anything.
- If the check ever missed a tag, the sanitiser (nh3) still removes it from the pages.
- The published pages allow inline scripts by hash only (a <meta> policy): a script that got into
  a page's text does not run.
"""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from browsing import Recorder, search, static_server
from conftest import BIN, ENV, SITE_URL, copy_repo, write

# Sets a flag instead of alert(): the test tells which field's payload ran.
FLAG = "window.__xss = []; window.__xss_ran = (where) => window.__xss.push(where);"


def payload(where: str) -> str:
    # the first report's vector: a stray quote makes a pattern skip the tag; a browser does not
    return f"<img src=x a=b' onerror=__xss_ran('{where}')>"


HOSTILE = f"""\
---
name: "测试乙{payload('name')}"
gender: "x`<img src=x onerror=__xss_ran('banner')>`"
birth: "1950"
abstract: "摘要{payload('abstract')}"
fields: ["{payload('fields')}"]
positions:
  - title: "{payload('positions')}"
    organization: "单位{payload('organization')}"
honours:
  - name: "{payload('honours')}"
sources:
  - title: "来源{payload('sources')}"
    url: https://example.org/
review:
  status: 待审核
  note: "{payload('review')}"
---
正文。<img src="//example.invalid/x.png"><img src=x onerror=__xss_ran('body')>
"""

# Two builds as `mkdocs serve` makes them (serve mode: problems shown on every page, profiles
# with errors still rendered); with PATCH, the check's HTML reading is switched off first.
SERVE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
if len(sys.argv) > 2:
    from archive.text import safety
    safety.scan_markup = lambda text, markdown=False: iter(())
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""


def serve_build(root, site, without_check: bool = False) -> None:
    args = [str(BIN / "python"), "-c", SERVE_BUILD, str(site)] + (["without-check"] if without_check else [])
    result = subprocess.run(args, cwd=root, env={**ENV, "PYTHONPATH": str(root / "hooks")},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]


def open_pages(browser, site, paths: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(payloads that ran, dialogs opened, requests that left the site) over the pages."""
    ran, dialogs = [], []
    with static_server(site) as base:
        context = browser.new_context()
        context.add_init_script(FLAG)
        recorder = Recorder(context, base)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in paths:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            page.wait_for_timeout(200)          # let images fail and their handlers run
            ran += page.evaluate("window.__xss")
        context.close()
    return ran, dialogs, recorder.outside()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The repository with the hostile profile, built as `mkdocs serve` builds it."""
    root = copy_repo(tmp_path_factory.mktemp("hostile"))
    write(root, "profiles/people/ce-shi-yi.md", HOSTILE)
    serve_build(root, root / "site")
    return root / "site"


def test_a_previewed_hostile_profile_runs_no_script_on_any_page_that_prints_it(browser, preview):
    html = (preview / "people/ce-shi-yi/index.html").read_text(encoding="utf-8")
    assert "档案检查发现" in html                      # the problems are listed …
    assert "测试乙" in html                              # … and the profile is shown
    # every page that prints one of the payloads (as text): person, poster, lists, browse pages …
    printing = sorted(p.relative_to(preview).parent.as_posix() + "/" for p in preview.rglob("*.html")
                      if "__xss_ran" in p.read_text(encoding="utf-8"))
    printing = [p.removeprefix("./") for p in printing]
    for expected in ("people/ce-shi-yi/", "people/ce-shi-yi/poster/", "people/", ""):
        assert expected in printing, printing
    ran, dialogs, outside = open_pages(browser, preview, printing)
    assert (ran, dialogs, outside) == ([], [], [])


def test_search_results_show_a_hostile_profile_as_text(browser, preview):
    with static_server(preview) as base:
        context = browser.new_context()
        context.add_init_script(FLAG)
        page = context.new_page()
        page.goto(base)
        links = search(page, "测试乙")
        shown = page.inner_text(".md-search-result")
        ran = page.evaluate("window.__xss")
        context.close()
    assert any(link.endswith("/people/ce-shi-yi/") for link in links), links
    assert "onerror" in shown and ran == []            # the payload is shown as text, not run


def test_the_title_holds_no_markup_the_theme_could_print_raw(preview):
    """The theme prints titles unescaped (no autoescape; `| striptags` unescapes): no "<" may reach them."""
    for page in ("people/ce-shi-yi/index.html", "people/ce-shi-yi/poster/index.html"):
        html = (preview / page).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "测试乙" in title and "<" not in title and "onerror" in title, (page, title)


def test_the_sanitiser_removes_what_a_check_would_have_missed(browser, tmp_path):
    """With the check's HTML reading switched off, the body's script and outside image still do
    not reach the page: nh3 removes them (a second, independent layer)."""
    root = copy_repo(tmp_path)
    body = ("正文一。\n\n<div><img src=x a=b' onerror=__xss_ran('body')></div>\n\n"
            "![外](//example.invalid/a.png)\n\n[点](javascript:__xss_ran('link'))\n\n"
            "<p style=\"background:url(//example.invalid/b.png)\">正文二</p>\n\n<div><div>未闭合\n")
    write(root, "profiles/people/ce-shi-bing.md",
          "---\nname: 测试丙\nreview:\n  status: 待审核\n---\n" + body)
    serve_build(root, root / "site", without_check=True)
    html = (root / "site/people/ce-shi-bing/index.html").read_text(encoding="utf-8")
    assert "正文一" in html and "正文二" in html
    for gone in ("onerror", "example.invalid", "javascript:"):
        assert gone not in html, gone
    assert html.count("<div") == html.count("</div")       # the open <div>s are closed in the text
    ran, dialogs, outside = open_pages(browser, root / "site", ["people/ce-shi-bing/"])
    assert (ran, dialogs, outside) == ([], [], [])


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = copy_repo(tmp_path_factory.mktemp("published"))
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, capture_output=True, text=True,
                            env={**ENV, "SITE_URL": SITE_URL}, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def policy_of(html: str) -> str:
    found = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("page", ["index.html", "people/index.html", "people/tu-youyou/index.html",
                                  "people/tu-youyou/poster/index.html", "policies/index.html",
                                  "browse/a-z/index.html", "guide/fields/index.html"])
def test_each_published_page_allows_only_its_own_inline_scripts(published, page):
    html = (published / page).read_text(encoding="utf-8")
    policy = policy_of(html)
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["default-src"] == ["'self'"]
    sources = directives["script-src"]
    assert sources[0] == "'self'" and all(s.startswith("'sha256-") for s in sources[1:]) and len(sources) > 1
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert html.index("Content-Security-Policy") < html.index("<script")   # it governs every script


def test_an_injected_inline_script_is_blocked_and_the_themes_own_scripts_run(browser, published, tmp_path):
    """A script that got into a page's text (as if both checks had missed it) does not run."""
    page_file = published / "people/tu-youyou/index.html"
    html = page_file.read_text(encoding="utf-8")
    injected = html.replace('<article class="md-content__inner md-typeset">',
                            '<article class="md-content__inner md-typeset"><script>window.__injected = 1</script>'
                            '<img src=x onerror="window.__injected = 2">', 1)
    assert injected != html
    page_file.write_text(injected, encoding="utf-8")
    try:
        with static_server(published) as base:
            context = browser.new_context()
            page = context.new_page()
            violations = []
            page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
            page.goto(base + "people/tu-youyou/")
            page.wait_for_timeout(300)
            state = page.evaluate("[typeof window.__injected, typeof __md_get, document.body.dataset.mdColorScheme || '']")
            context.close()
    finally:
        page_file.write_text(html, encoding="utf-8")
    assert state[0] == "undefined"          # neither the script nor the handler ran
    assert state[1] == "function"           # Material's bootstrap script (allowed by its hash) did
    assert violations, "Chromium reported no blocked script"


def test_a_name_cannot_give_its_heading_attributes():
    """A heading is written `# {name}`: a name ending in "{: onclick=… }" must stay text."""
    from archive.pages.text import text
    from archive.text.html_policy import findings
    from archive.text.safety import render_markdown
    for name in ('测试 {: onclick="__xss_ran(1)" }', "测试\n{: style=background:url(//example.invalid/x) }"):
        html = render_markdown("# " + text(name))
        assert list(findings(html)) == [], html                   # no attribute: shown as text
        assert "onclick" in html or "example.invalid" in html, html
