"""A build into the site of the last build keeps the pages whose Markdown and surroundings did not
change, and the last search index when no page's search terms changed (hooks/page_renderer.py,
archive/search_index.py; README "性能"). What it leaves must be byte for byte a fresh build's
site, after edits, with a page of the old site tampered with, and with a broken link kept."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from conftest import BIN, ENV, SITE_URL, SOURCE_DATE_EPOCH, copy_repo
from test_page_renderer import repo_with_a_broken_link
from test_serve_cache import EDITS, differences


def build(root: Path, site: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=root,
                          env={**ENV, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "SITE_URL": SITE_URL,
                               "ARCHIVE_CACHE_STATS": "1", **env},
                          capture_output=True, text=True, timeout=600)


def hits(result: subprocess.CompletedProcess, store: str) -> tuple[int, int]:
    """(hits, misses) of a store in the table ARCHIVE_CACHE_STATS=1 prints after a build."""
    row = next(line for line in result.stderr.splitlines() if line.startswith(store + "  "))
    numbers = re.findall(r"\s(\d+|-)(?=\s)", row[len(store):])
    return int(numbers[0]), int(numbers[1])


def edit(root: Path) -> None:
    for path, old, new in EDITS:
        p = root / path
        text = p.read_text(encoding="utf-8")
        assert old in text, path
        p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_keeps_unchanged_pages_and_gives_a_fresh_builds_site(tmp_path):
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    site = tmp_path / "site"
    first = build(root, site)
    assert first.returncode == 0, first.stderr
    assert hits(first, "built pages")[0] == 0

    again = build(root, site)                     # nothing changed: every page and the index kept
    assert again.returncode == 0, again.stderr
    kept, made = hits(again, "built pages")
    assert kept > 200 and made == 0
    assert hits(again, "search indexes") == (1, 0)

    edit(root)
    untouched = site / "people/zhong-nanshan/index.html"      # the edits do not change his page …
    untouched.write_text("tampered", encoding="utf-8")         # … but its file in the site is damaged
    edited = build(root, site)
    assert edited.returncode == 0, edited.stderr
    kept, made = hits(edited, "built pages")
    assert kept > 200 and made >= 4                  # the edited pages, the backlinks, his page again
    assert hits(edited, "search indexes") == (0, 1)  # pages' terms changed: a new index
    fresh = build(root, tmp_path / "fresh", ARCHIVE_CACHE="off")
    assert fresh.returncode == 0, fresh.stderr
    assert differences(tmp_path / "fresh", site) == []
    assert "测试改写的摘要。" in (site / "people/wu-mengchao/index.html").read_text(encoding="utf-8")


def test_a_kept_page_still_reports_its_broken_link(tmp_path):
    root = repo_with_a_broken_link(tmp_path)
    site = tmp_path / "site"
    for attempt in ("first", "kept"):
        result = build(root, site)
        assert result.returncode != 0, attempt      # --strict: the warning fails the build
        assert "ce-shi/mubiao.md" in result.stderr, (attempt, result.stderr)
    # (the first build stopped after writing pages: the second kept them, and said the warning again)
    assert hits(result, "built pages")[0] > 200
    target = root / "docs/ce-shi/mubiao.md"        # the target appears: her page is made again
    target.parent.mkdir()
    target.write_text("# 测试页\n", encoding="utf-8")
    fixed = build(root, site)
    assert fixed.returncode == 0, fixed.stderr
    page = (site / "people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert 'href="../../ce-shi/mubiao/">测试链接</a>' in page


def test_a_template_or_a_navigation_title_changed_is_on_every_kept_page(tmp_path):
    """What all pages share is compared by content: an override edited with its file's time kept
    (a checkout, a copy with -p), and a hand-written page's heading that names it in the navigation
    (its text also holds a `title:` line, in an example)."""
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("nav:\n", "nav:\n  - ce-shi.md\n", 1), encoding="utf-8")
    about = root / "docs/ce-shi.md"
    about.write_text("# 关于测试\n\n```yaml\ntitle: 示例\n```\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    page = site / "people/tu-youyou/index.html"
    assert 'lang="zh-CN"' in page.read_text(encoding="utf-8") and "关于测试" in page.read_text(encoding="utf-8")

    language = root / "docs/overrides/partials/languages/zh-CN.html"
    stat = language.stat()
    language.write_text(language.read_text(encoding="utf-8").replace('"zh-CN"', '"zh-TW"'), encoding="utf-8")
    os.utime(language, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert build(root, site).returncode == 0
    assert 'lang="zh-TW"' in page.read_text(encoding="utf-8")

    about.write_text("# 关于改动\n\n```yaml\ntitle: 示例\n```\n", encoding="utf-8")
    assert build(root, site).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert "关于改动" in html and "关于测试" not in html


def test_a_link_or_a_folder_in_place_of_a_page_in_the_last_site_is_replaced(tmp_path):
    """The last site damaged: a page made a link to a file outside the site (the build must not
    write through it) and a page made a folder (the build must not stop)."""
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    outside = tmp_path / "outside.html"
    outside.write_text("outside", encoding="utf-8")
    linked = site / "people/tu-youyou/index.html"
    linked.unlink()
    linked.symlink_to(outside)
    folder = site / "people/qian-xuesen/index.html"
    folder.unlink()
    folder.mkdir()
    edit(root)                                   # her page changes: written again
    again = build(root, site)
    assert again.returncode == 0, again.stderr
    assert outside.read_text(encoding="utf-8") == "outside"
    assert not linked.is_symlink() and "测试用句" in linked.read_text(encoding="utf-8")
    assert folder.is_file()
    fresh = build(root, tmp_path / "fresh", ARCHIVE_CACHE="off")
    assert fresh.returncode == 0, fresh.stderr
    assert differences(tmp_path / "fresh", site) == []
