"""The generated pages are rendered by hooks/page_renderer.py, not page by page through MkDocs:
readers must get exactly the site MkDocs itself would make, and conversions kept on disk
(.cache/archive-pages.sqlite) must never show a stale link or hide a broken one."""
from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess

from conftest import BIN, ENV, SITE_URL, SOURCE_DATE_EPOCH, copy_repo
from search_shards import Shards
from test_serve_cache import differences

REPO_URL = "https://git.example.internal/archive/kaimo"


def build(root, site, *options, **env):
    return subprocess.run([str(BIN / "mkdocs"), "build", "--strict", *options, "--site-dir", str(site)], cwd=root,
                          env={**ENV, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **env},
                          capture_output=True, text=True, timeout=600)


def test_the_site_is_byte_for_byte_what_mkdocs_renders(tmp_path):
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    env = {"SITE_URL": SITE_URL, "REPO_URL": REPO_URL}    # canonical links, edit buttons, QR codes
    by_mkdocs = build(root, tmp_path / "mkdocs", ARCHIVE_RENDER="mkdocs", **env)
    assert by_mkdocs.returncode == 0, by_mkdocs.stderr
    cold = build(root, tmp_path / "cold", **env)
    assert cold.returncode == 0, cold.stderr
    assert _cached(root)
    warm = build(root, tmp_path / "warm", **env)           # every conversion from the cache
    assert warm.returncode == 0, warm.stderr
    assert differences(tmp_path / "mkdocs", tmp_path / "cold") == []
    assert differences(tmp_path / "mkdocs", tmp_path / "warm") == []
    page = (tmp_path / "warm/people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}people/tu-youyou/">' in page
    assert f"{REPO_URL}/edit/main/profiles/people/tu-youyou.md" in page
    sitemap = (tmp_path / "warm/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}people/tu-youyou/</loc>" in sitemap          # rendered here, still listed
    assert f"<loc>{SITE_URL}people/tu-youyou/poster/</loc>" in sitemap


def _cached(root) -> list[str]:
    """The keys of the entries in the disk cache (its stores' tables: archive/runtime/cache.py)."""
    with contextlib.closing(sqlite3.connect(root / ".cache/archive-pages.sqlite")) as db:
        return sorted(key for table in ("conversions", "search_docs") for key, in db.execute(f"SELECT key FROM {table}"))


def test_the_cache_holds_one_version_of_the_site(tmp_path):
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    assert build(root, tmp_path / "first").returncode == 0
    first = _cached(root)
    profile = root / "profiles/people/tu-youyou.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("abstract: ", "abstract: 测试改写。", 1),
                       encoding="utf-8")
    assert build(root, tmp_path / "second").returncode == 0
    second = _cached(root)
    assert len(second) == len(first) and second != first     # her pages' old conversions were replaced
    assert "测试改写。" in (tmp_path / "second/people/tu-youyou/index.html").read_text(encoding="utf-8")
    # her page's search terms kept on disk were analysed again: the new word is found on it
    found = lambda site: [Shards(site).page(n)[0] for n in Shards(site).postings("改写")]  # noqa: E731
    assert "people/tu-youyou/" not in found(tmp_path / "first")
    assert "people/tu-youyou/" in found(tmp_path / "second")


def repo_with_a_broken_link(tmp_path):
    """A copy of the repository where 屠呦呦's text links to a hand-written page that does not exist:
    MkDocs checks it (a link to a profile is make check's, E209)."""
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    profile = root / "profiles/people/tu-youyou.md"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("\n---\n", "\n---\n另见[测试链接](../ce-shi/mubiao.md)。\n\n", 1),
                       encoding="utf-8")
    return root


def test_a_cached_page_still_reports_a_broken_link_and_picks_up_its_target_once_added(tmp_path):
    root = repo_with_a_broken_link(tmp_path)
    for attempt in ("cold", "quiet", "warm"):   # then from the cache, stored by a quiet build
        if attempt == "quiet":                   # (-q: warnings not said, yet kept for the next)
            shutil.rmtree(root / ".cache", ignore_errors=True)
            build(root, tmp_path / attempt, "-q")
            continue
        result = build(root, tmp_path / attempt)
        assert result.returncode != 0, attempt
        assert "ce-shi/mubiao.md" in result.stderr, (attempt, result.stderr)
    target = root / "docs/ce-shi/mubiao.md"      # the linked page is written
    target.parent.mkdir()
    target.write_text("# 测试页\n", encoding="utf-8")
    result = build(root, tmp_path / "fixed")
    page = (tmp_path / "fixed/people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert 'href="../../ce-shi/mubiao/">测试链接</a>' in page, result.stderr
