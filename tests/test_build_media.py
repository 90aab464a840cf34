"""A profile's photo is published with the page, with its credit and licence shown."""
from __future__ import annotations

import base64

from conftest import copy_repo, mkdocs_build, write
from htmltext import article_text

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


def test_profile_image_is_published(tmp_path):
    repo = copy_repo(tmp_path)
    write(repo, "profiles/media/tu-youyou.png", PNG)
    profile = repo / "profiles/people/tu-youyou.md"
    text = profile.read_text(encoding="utf-8").replace(
        "\nabstract:", "\nimages:\n  - {file: tu-youyou.png, caption: 测试照片, credit: 测试摄影者, licence: CC BY 4.0}\nabstract:", 1)
    profile.write_text(text, encoding="utf-8")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    site = repo / "site"
    assert (site / "media/tu-youyou.png").read_bytes() == PNG
    html = (site / "people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert 'src="../../media/tu-youyou.png"' in html
    assert "测试摄影者" in article_text(site, "people/tu-youyou/") and "CC BY 4.0" in html
