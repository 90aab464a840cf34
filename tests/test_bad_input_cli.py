"""Bad profiles stop both `make check` and `make build` cleanly: Chinese file:line
messages, non-zero exit, no traceback, and a previously built site left intact."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import check, copy_repo, mkdocs_build, write

BAD = "profiles/people/ce-shi.md"
HEAD = "---\nname: 测试\nabstract: 测试。\nsources: [{title: t, url: 'https://example.org/'}]\nreview: {status: 待审核}\n"

CASES = {
    "not-utf8": ("E002", "中文".encode("gbk")),
    "no-front-matter": ("E004", "只有正文。\n"),
    "yaml-syntax": ("E005", HEAD + "birth: [1930\n---\n"),
    "tab": ("E006", HEAD + "fields:\n\t- 外科\n---\n"),
    "yaml-tag": ("E008", HEAD + "birth: !!python/object/apply:os.system [id]\n---\n"),
    "missing-required": ("E101", "---\nname: 测试\n---\n"),
    "bad-date": ("E102", HEAD + "birth: 1930年\n---\n"),
    "wrong-type": ("E103", HEAD + "fields: 外科\n---\n"),
    "unknown-field": ("E104", HEAD + "brith: '1930'\n---\n"),
    "unknown-ref": ("E201", HEAD + "spirits: [no-such-spirit]\n---\n"),
    "duplicate-id": ("E203", None),
    "script": ("E301", HEAD + "---\n<script>alert(1)</script>\n"),
    "event-attr": ("E302", HEAD + "---\n<a href='#' onclick='x()'>a</a>\n"),
    "javascript-url": ("E303", HEAD + "---\n[a](javascript:alert(1))\n"),
    "id-number": ("E401", HEAD + "---\n身份证 11010519491231002X\n"),
    "mobile": ("E402", HEAD + "---\n电话 13812345678\n"),
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("bad"))


def _break(repo: Path, case: str) -> Path:
    code, content = CASES[case]
    if content is None:  # a second file with an id that exists in another folder
        return write(repo, "profiles/groups/tu-youyou.md", (repo / "profiles/people/tu-youyou.md").read_bytes())
    return write(repo, BAD, content)


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_and_build_reject_bad_input(repo, case):
    code = CASES[case][0]
    bad = _break(repo, case)
    try:
        for result in (check(repo), mkdocs_build(repo)):
            output = result.stdout + result.stderr
            assert result.returncode != 0, output
            assert "Traceback" not in output
            rel = bad.relative_to(repo).as_posix()
            assert any(code in line and rel in line for line in output.splitlines()), output
    finally:
        bad.unlink()


def _tree_digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def test_failed_build_leaves_previous_site_untouched(repo):
    assert mkdocs_build(repo).returncode == 0
    before = _tree_digest(repo / "site")
    bad = _break(repo, "script")
    try:
        result = mkdocs_build(repo)
        assert result.returncode != 0
        assert _tree_digest(repo / "site") == before
    finally:
        bad.unlink()


def test_a_good_build_replaces_the_previous_site_entirely(repo):
    # The folders of the old site's profile pages are reused, the rest deleted while the new site
    # is built (hooks/old_site.py): nothing old stays, nor what a killed build left; hidden files
    # stay, as MkDocs keeps them.
    site = repo / "site"
    write(repo, "site/people/gone/index.html", "旧页面")
    write(repo, "site/people/gone/poster/index.html", "旧页面")
    write(repo, "site/old.html", "旧页面")
    write(repo, "site/.keep", "")
    write(repo, "site/.archive-old-killed/people/x/index.html", "旧页面")
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stderr
    assert not (site / "people/gone").exists() and not (site / "old.html").exists()
    assert (site / ".keep").exists()
    assert [p.name for p in site.iterdir() if p.name.startswith(".archive-old")] == []
    assert "屠呦呦" in (site / "people/tu-youyou/index.html").read_text(encoding="utf-8")


def test_check_passes_on_the_real_archive(repo):
    result = check(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stdout
