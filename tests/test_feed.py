"""RSS feed of new and updated profiles (issue #6): dates from git history, absolute links with
SITE_URL, valid for a real feed parser, the same bytes in two builds, advertised on every page."""
from __future__ import annotations

import email.utils
import html
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from archive import load_archive
from archive.domain.history import FileHistory
from archive.outputs.feed import LIMIT, feed_xml
from conftest import BIN, ENV, SITE_URL, VALID_PERSON, copy_repo, write
from htmltext import article_text

PUBLISHED, UPDATED, ADDED = 1795300000, 1795410000, 1795420000      # 2026-11-22 and 23 (China time)


def git(root: Path, *args: str, when: int | None = None) -> None:
    env = {**ENV, "GIT_AUTHOR_NAME": "编辑部", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "编辑部", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{when} +0800"
    subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True)


def build(root: Path, seed: str) -> Path:
    env = {**ENV, "SITE_URL": SITE_URL, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def history_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The real archive in a git repository with three commits: everything published, then
    屠呦呦's profile updated, then a new profile added. Built from two clones."""
    root = copy_repo(tmp_path_factory.mktemp("history"))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "publish", when=PUBLISHED)
    person = root / "profiles" / "people" / "tu-youyou.md"
    person.write_text(person.read_text(encoding="utf-8") + "\n修订一处文字。\n", encoding="utf-8")
    git(root, "commit", "-qam", "update", when=UPDATED)
    write(root, "profiles/people/ce-shiren.md", VALID_PERSON)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "add", when=ADDED)
    clone = tmp_path_factory.mktemp("clone") / "repo"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True, capture_output=True)
    return build(root, "1"), build(clone, "2")


def items(site: Path) -> list[ET.Element]:
    rss = ET.parse(site / "feed.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    return rss.find("channel").findall("item")


def page_of(site: Path, link: str) -> Path:
    assert link.startswith(SITE_URL), link
    return site / link[len(SITE_URL):] / "index.html"


def test_newest_first_with_dates_from_git(history_sites):
    found = items(history_sites[0])
    titles = [i.findtext("title") for i in found]
    assert titles[:2] == ["新增人物：测试人", "更新人物：屠呦呦"]
    assert all(t.startswith("新增") for t in titles[2:])
    stamps = [email.utils.parsedate_to_datetime(i.findtext("pubDate")).timestamp() for i in found]
    assert stamps[:2] == [ADDED, UPDATED] and set(stamps[2:]) == {PUBLISHED}
    assert stamps == sorted(stamps, reverse=True)
    assert "首次收录于 2026-11-22" in found[1].findtext("description")
    assert [c.text for c in found[1].findall("category")] == ["更新", "人物", "待审核"]
    assert len(found) == min(LIMIT, len(list((history_sites[0].parent / "profiles").glob("*/*.md"))))


def test_items_link_to_existing_pages_and_guids_are_unique(history_sites):
    site = history_sites[0]
    found = items(site)
    for item in found:
        page = page_of(site, item.findtext("link"))
        assert page.is_file(), item.findtext("link")
        title = item.findtext("title").split("：", 1)[1]
        assert title in article_text(site, page.parent.relative_to(site).as_posix())
    guids = [i.findtext("guid") for i in found]
    assert len(set(guids)) == len(guids)
    channel = ET.parse(site / "feed.xml").getroot().find("channel")
    assert channel.findtext("link") == SITE_URL
    assert email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate")).timestamp() == ADDED


def test_a_feed_reader_reads_it(history_sites):
    feedparser = pytest.importorskip("feedparser")
    feed = feedparser.parse((history_sites[0] / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "楷模档案：新增与更新"
    first = feed.entries[0]
    assert (first.title, first.link) == ("新增人物：测试人", SITE_URL + "people/ce-shiren/")
    assert first.summary == "测试用人物。"


def test_two_builds_from_two_clones_are_identical(history_sites):
    a, b = history_sites
    for rel in ["feed.xml"] + [p.relative_to(a).as_posix() for p in sorted((a / "data").glob("*.json"))]:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    assert b"2026" in (a / "feed.xml").read_bytes()


def test_without_site_url_links_are_relative_and_the_log_says_so(built_site):
    found = items(built_site)                     # the copy has no git history: no dates
    assert found and all(i.find("pubDate") is None for i in found)
    for item in found:
        assert (built_site / item.findtext("link") / "index.html").is_file()
    log = (built_site.parent / "build.log").read_text(encoding="utf-8")
    assert "未设置 SITE_URL" in log


def test_every_page_advertises_the_feed_and_home_links_it(built_site):
    pages = [p for p in built_site.rglob("index.html")]
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" href="([^"]+)">', html)
        assert len(links) == 1, page
        assert (page.parent / links[0]).resolve() == (built_site / "feed.xml").resolve(), page
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="feed.xml">订阅更新（RSS）</a>' in home


def test_everything_is_escaped_and_the_limit_holds(scratch):
    archive = load_archive(scratch)
    person = archive.get("ce-shiren")
    person.meta["abstract"] = "甲&乙 <b>丙</b> ]]> \x01"
    history = {e.path: FileHistory(PUBLISHED, PUBLISHED + i) for i, e in enumerate(archive.entities.values())}
    rss = ET.fromstring(feed_xml(archive, history, "http://x.example/a&b/"))
    item = next(i for i in rss.iter("item") if i.findtext("title").endswith("测试人"))
    assert item.findtext("description") == "甲&amp;乙 &lt;b&gt;丙&lt;/b&gt; ]]&gt; "     # HTML: see below
    assert item.findtext("link") == "http://x.example/a&b/people/ce-shiren/"
    assert len(ET.fromstring(feed_xml(archive, history, limit=1)).findall("channel/item")) == 1
    assert feed_xml(archive, history) == feed_xml(archive, dict(reversed(list(history.items()))))


def test_a_feed_reader_shows_the_abstract_as_the_text_it_is(scratch):
    """<description> holds HTML: an abstract that looks like markup is shown as the site shows
    it, as text, not made bold or turned into an image with a script."""
    feedparser = pytest.importorskip("feedparser")
    archive = load_archive(scratch)
    abstract = "<b>x</b> & <img src=x onerror=alert(1)> &amp; 100%"
    archive.get("ce-shiren").meta["abstract"] = abstract
    history = {e.path: FileHistory(PUBLISHED, PUBLISHED) for e in archive.entities.values()}
    feed = feedparser.parse(feed_xml(archive, history, "http://x.example/"))
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.title.endswith("测试人"))
    assert entry.summary_detail.type == "text/html"
    assert "<" not in entry.summary                     # no tag: neither <b> nor <img>
    assert html.unescape(entry.summary) == abstract
