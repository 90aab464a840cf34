"""Editorial status and stable URLs (issue #5): last change from git, “编辑此页” to the
profile's source, redirects for renamed profiles, and published URLs that cannot vanish."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from archive.runtime.context import BuildContext
from archive import load_archive
from archive import pages as pages_module
from archive.domain.history import Change, last_changes, parse_log
from archive.domain.schema import Schema
from archive.load.redirects import current_urls
from archive.load.scaffold import ScaffoldError, new_profile
from archive.pages import all_pages
from conftest import BIN, ENV, ROOT, VALID_PERSON, check, copy_repo, write
from htmltext import read_page

PERSON = "profiles/people/ce-shiren.md"


def codes(root: Path) -> list[str]:
    return [p.format() for p in load_archive(root).problems]


def test_git_log_is_read_newest_first():
    log = ("\x1e1795431259\x1f张三\n\nprofiles/people/a.md\nprofiles/people/b.md\n"
           "\x1e1700000000\x1f李四\n\nprofiles/people/a.md\nprofiles/people/c.md\n")
    assert parse_log(log) == {
        "profiles/people/a.md": Change("2026-11-23", "张三"),
        "profiles/people/b.md": Change("2026-11-23", "张三"),
        "profiles/people/c.md": Change("2023-11-15", "李四")}


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="不在 git 仓库中")
def test_last_changes_of_the_real_repository():
    change = last_changes(ROOT).get("profiles/people/tu-youyou.md")
    assert change is not None and change.author and change.date[:2] == "20"


def test_profile_page_shows_last_change(scratch, monkeypatch):
    monkeypatch.setattr(pages_module, "last_changes",
                        lambda root: {PERSON: Change("2026-11-23", "张三<b>")})
    page = dict(all_pages(load_archive(scratch)))["people/ce-shiren.md"]
    assert page.rstrip("\ue011\n").endswith('<p class="ea-history">最后更新：2026年11月23日</p>')
    assert "张三" not in page                                # readers are not shown git identities
    assert "本档案内容尚在编辑部审核中" in page               # the review status stays on the page
    # the editors' view names who changed it, escaped
    served = dict(all_pages(load_archive(scratch), BuildContext(None, serving=True)))["people/ce-shiren.md"]
    assert served.rstrip("\ue011\n").endswith('<p class="ea-history">最后更新：2026年11月23日，修改人：张三&lt;b&gt;</p>')


def test_no_history_outside_git(scratch):
    assert last_changes(scratch) == {}
    assert "ea-history" not in dict(all_pages(load_archive(scratch)))["people/ce-shiren.md"]


def test_edit_link_opens_the_profile_source(tmp_path):
    root = copy_repo(tmp_path)
    env = {**ENV, "REPO_URL": "https://github.com/example/kaimo"}
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site/people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/kaimo/edit/main/profiles/people/tu-youyou.md"' in html
    index = (root / "site/people/index.html").read_text(encoding="utf-8")
    assert "/edit/main/" not in index                         # a generated page has no source to edit
    kit = (root / "site/study/xiqian-jingshen/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/kaimo/edit/main/profiles/spirits/xiqian-jingshen.md"' in kit
    poster = (root / "site/people/tu-youyou/poster/index.html").read_text(encoding="utf-8")
    assert "/edit/main/" not in poster


# -- redirects and published URLs ---------------------------------------------------------

def test_redirect_for_a_renamed_profile(scratch):
    write(scratch, "profiles/redirects.yaml", "people/ce-shi-ren: ce-shiren   # 2026 年改名\n")
    assert codes(scratch) == []
    page = dict(all_pages(load_archive(scratch)))["people/ce-shi-ren/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../ce-shiren/">' in page
    assert '<a href="../ce-shiren/">测试人</a>' in page
    with pytest.raises(ScaffoldError, match="改名档案的旧地址"):   # the old id stays taken
        new_profile(scratch, Schema.load(scratch / "profiles/vocabularies.yaml"), "person", "某人", "ce-shi-ren")


@pytest.mark.parametrize("redirects, code, line", [
    ("people/old-name: no-such\n", "E205", 1),
    ("people/old: ce-shiren\npeople/ce-shiren: kexuejia-jingshen\n", "E206", 2),
    ("- people/old\n", "E007", 1),                            # a list, not "old: new"
    ("People/Old Name: ce-shiren\n", "E208", 1),
    ("browse/a-z: ce-shiren\n", "E208", 1),                   # would have replaced a page of the site
    ("people/old: ce-shiren\npeople/old: kexuejia-jingshen\n", "E010", 2),   # once: the last won
    ("people/old: !!python/object:os.system x\n", "E008", 1),  # once: the tag was ignored
    ("people/old: [ce-shiren\n", "E005", 2),
])
def test_bad_redirects(scratch, redirects, code, line):
    write(scratch, "profiles/redirects.yaml", redirects)
    found = codes(scratch)
    assert len(found) == 1 and found[0].startswith(f"profiles/redirects.yaml:{line}: {code}"), found
    assert "browse/a-z/index.html" not in dict(all_pages(load_archive(scratch)))    # the A–Z page stays


def test_published_url_cannot_disappear(scratch):
    write(scratch, "profiles/published-urls.txt", "# 注释\npeople/ce-shiren/\npeople/lao-bianhao/\n")
    assert codes(scratch) == [
        "profiles/published-urls.txt:3: E207 已发布的网址“people/lao-bianhao/”不再有档案，也没有重定向。"
        "档案改名或移动后，在 profiles/redirects.yaml 中加一行“people/lao-bianhao: 新编号”；"
        "确需下线时，在同一拉取请求中删除本行并说明原因。"]
    write(scratch, "profiles/redirects.yaml", "people/lao-bianhao: ce-shiren\n")
    assert codes(scratch) == []


def test_rename_with_redirect_builds_and_urls_are_recorded(tmp_path):
    root = copy_repo(tmp_path)
    published = (root / "profiles/published-urls.txt").read_text(encoding="utf-8")
    assert "people/tu-youyou/" in published                   # the real archive's URLs are recorded
    write(root, PERSON, VALID_PERSON)
    write(root, "profiles/published-urls.txt", published + "people/ce-shi-ren/\n")
    result = check(root)
    assert result.returncode == 1 and "profiles/published-urls.txt:" in result.stdout and "E207" in result.stdout

    write(root, "profiles/redirects.yaml", "people/ce-shi-ren: ce-shiren\n")
    assert check(root).returncode == 0
    build = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env=ENV,
                           capture_output=True, text=True, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    old = root / "site/people/ce-shi-ren/index.html"
    assert 'url=../ce-shiren/"' in old.read_text(encoding="utf-8")
    assert (old.parent / "../ce-shiren/index.html").resolve().is_file()
    assert "测试人" in "".join(read_page(root / "site", "people/ce-shiren/").text)

    # Profiles added since the last `make urls` (on a branch, before publishing) are new too.
    unrecorded = {u for u in current_urls(load_archive(root, only=set())) if f"{u}\n" not in published}
    urls = subprocess.run([str(BIN / "python"), "scripts/urls.py"], cwd=root, env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert urls.returncode == 0 and f"新增 {len(unrecorded)} 个" in urls.stdout, urls.stdout
    assert "people/ce-shiren/" in unrecorded
    recorded = (root / "profiles/published-urls.txt").read_text(encoding="utf-8")
    assert "people/ce-shiren/\n" in recorded and "people/ce-shi-ren/\n" in recorded
    assert os.path.getsize(root / "profiles/published-urls.txt") > len(published)
