"""The home page (hooks/archive/pages/home.py): an entrance built from the profiles, bounded in size."""
from __future__ import annotations

import re

from archive import load_archive
from archive.pages.home import CARDS, home_page
from archive.pages.writer import PageWriter
from conftest import VALID_PERSON, write


def people(root, n: int) -> None:
    for i in range(n):
        write(root, f"profiles/people/ce-shi-{i:05d}.md",
              VALID_PERSON.replace("name: 测试人", f"name: 测试{i:05d}")
              .replace("abstract: 测试用人物。", f"abstract: 第 {i} 位测试人物的事迹第一句。第二句不上卡片。"))


def home(root, chosen=None) -> str:
    return home_page(PageWriter(load_archive(root), None, "楷模档案"), chosen, {}, "简介。")[1]


def test_the_home_page_is_as_large_at_many_profiles_as_at_few(scratch, tmp_path):
    people(scratch, 12)
    few = home(scratch)
    people(scratch, 400)
    many = home(scratch)
    assert few.count('class="ea-card"') == many.count('class="ea-card"') == CARDS
    assert abs(len(many) - len(few)) < 200              # the counts in the "全部" links grow, nothing else
    assert "全部楷模人物（401 位）" in many


def test_editors_choose_the_exemplars_in_their_order(scratch):
    people(scratch, 3)
    page = home(scratch, ["ce-shi-00002", "ce-shi-00000", "no-such-id"])
    names = re.findall(r'class="ea-card-name"><a href="[^"]*">([^<]*)</a>', page)
    assert names == ["测试00002", "测试00000"]
    assert "第 2 位测试人物的事迹第一句。" in page and "第二句" not in page     # one line of 事迹


def test_the_built_home_page_shows_the_configured_exemplars_and_the_campaigns(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'class="ea-card-name"><a href="([^"]*)">([^<]*)</a>', html)
    assert names[:2] == [("people/qian-xuesen/", "钱学森"), ("people/tu-youyou/", "屠呦呦")]
    assert "1911年12月11日 — 2009年10月31日" in html
    for heading in ("楷模人物", "精神", "主题活动"):     # (a copy without git history has no 最近更新)
        assert f">{heading}</h2>" in html, heading
    assert "部署动员" in html                                    # a campaign's stages
    assert 'href="about/"' in html                               # the former home text, now 关于本站


def test_recent_changes_are_the_newest_few_and_absent_without_history(scratch):
    from archive.domain.history import Change
    people(scratch, 20)
    archive = load_archive(scratch)
    changes = {e.path: Change(f"2026-01-{int(e.id[-2:]) + 1:02d}", "编辑") for e in archive.of_kind("person")
               if e.id.startswith("ce-shi-0")}
    page = home_page(PageWriter(archive, None, "楷模档案"), None, changes, "简介。")[1]
    recent = re.findall(r'<li><a href="[^"]*">(测试\d+)</a>', page.split("最近更新", 1)[1])
    assert recent == [f"测试{i:05d}" for i in range(19, 11, -1)]          # newest first, eight of them
    assert "最近更新" not in home_page(PageWriter(archive, None, "楷模档案"), None, {}, "简介。")[1]
