"""Photos: only JPEG, PNG or WebP within the size limits (E115, E116), `make fix` shrinks
large ones, and a photo opens full-window without any script (works offline)."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from archive import load_archive
from archive.load.media import MAX_SIDE
from browsing import static_server
from conftest import BIN, ENV, copy_repo, mkdocs_build, write


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


def test_formats_and_sizes(scratch):
    write(scratch, "profiles/media/ok.jpg", jpeg(800, 600))
    write(scratch, "profiles/media/anim.gif", b"GIF89a" + b"\x00" * 20)
    write(scratch, "profiles/media/huge.jpg", jpeg(MAX_SIDE + 600, 1000))
    found = [p.format() for p in load_archive(scratch).problems]
    assert found == [
        "profiles/media/anim.gif: E115 图片格式为 GIF，网站只收 JPEG、PNG 或 WebP。照片另存为 JPEG，图表或截图另存为 PNG，再放入 profiles/media/。",
        f"profiles/media/huge.jpg: E116 图片太大（0.0 MB，{MAX_SIDE + 600}×1000 像素），上限 2 MB、长边 {MAX_SIDE} 像素。"
        "运行 make fix 自动缩小（同时去掉拍摄地点等元数据），或自行缩小后再放入。"]


def test_make_fix_shrinks_large_photos(tmp_path):
    repo = copy_repo(tmp_path)
    write(repo, "profiles/media/huge.jpg", jpeg(MAX_SIDE + 600, 1000))
    result = subprocess.run([str(BIN / "python"), "scripts/fix.py"], cwd=repo, env=ENV,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"已缩小 profiles/media/huge.jpg：{MAX_SIDE + 600}×1000" in result.stdout
    with Image.open(repo / "profiles/media/huge.jpg") as img:
        assert img.size == (MAX_SIDE, round(1000 * MAX_SIDE / (MAX_SIDE + 600)))
    assert load_archive(repo).problems == []


@pytest.fixture(scope="module")
def site_with_photo(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("photo"))
    write(repo, "profiles/media/tu-youyou.jpg", jpeg(600, 400))
    profile = repo / "profiles/people/tu-youyou.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "\nabstract:", "\nimages:\n  - {file: tu-youyou.jpg, caption: 测试照片, credit: 测试摄影者, licence: CC BY 4.0}\nabstract:", 1),
        encoding="utf-8")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo / "site"


def test_photo_links_to_its_lightbox(site_with_photo):
    html = (site_with_photo / "people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert '<a href="#ea-photo-1"><img alt="测试照片" src="../../media/tu-youyou.jpg"' in html
    assert '<a class="ea-lightbox" id="ea-photo-1" href="#_" title="关闭"><img alt="测试照片" src="../../media/tu-youyou.jpg"' in html


def test_lightbox_opens_and_closes_in_a_browser(site_with_photo, browser):
    with static_server(site_with_photo) as base_url:
        page = browser.new_page()
        outside: list[str] = []
        page.on("request", lambda r: None if r.url.startswith(base_url) else outside.append(r.url))
        page.goto(base_url + "people/tu-youyou/")
        box = page.locator("#ea-photo-1")
        assert not box.is_visible()
        page.locator('figure a[href="#ea-photo-1"]').click()
        assert box.is_visible()
        assert box.bounding_box()["width"] >= page.viewport_size["width"] - 1   # fills the window
        box.click()
        assert not box.is_visible()
        assert outside == []
        page.close()
