"""Study kits (学习研讨, issue #6): for each spirit and each policy a page with a reading path
(documents, exemplars, education sites) and discussion questions declared in the profiles,
the ones quoted from a document checked against its text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive import load_archive
from conftest import VALID_SPIRIT, write
from htmltext import article_text, read_page
from search_shards import Shards

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
P2012 = "weishengbu-zhiye-jingshen-dataolun-tongzhi-2012"
CMA = "zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018"
THREE_2012 = ["如何理解医疗卫生职业精神", "培育什么样的医疗卫生职业精神", "如何使医疗卫生职业精神内化于心、外塑于行"]
KITS = sorted([f"{p.stem}" for kind in ("spirits", "policies") for p in (PROFILES / kind).glob("*.md")])


def hrefs(site: Path, url: str) -> list[str]:
    return [href for _, href in read_page(site, url).links]


def test_index_lists_a_kit_for_every_spirit_and_policy_and_is_in_the_navigation(built_site):
    index = read_page(built_site, "study/")
    assert "学习研讨" in "".join(index.text)
    assert sorted(h.strip("/") for h in hrefs(built_site, "study/") if h.count("/") == 1) == KITS
    home = read_page(built_site, "")
    assert "study/" in home.nav_links
    person = read_page(built_site, "people/tu-youyou/")
    assert not [h for h in person.nav_links if re.search(r"study/[a-z0-9-]+/$", h)]   # kits are not in the nav


@pytest.mark.parametrize("kit", KITS)
def test_every_kit_has_the_four_parts_and_prints(built_site, kit):
    text = article_text(built_site, f"study/{kit}/")
    for part in ("一、阅读文件", "二、学习楷模", "三、参观教育基地", "四、讨论题"):
        assert part in text, part
    assert "用浏览器的打印功能（Ctrl+P）" in text
    html = (built_site / "study" / kit / "index.html").read_text(encoding="utf-8")
    assert 'class="ea-page-break"' in html             # the discussion questions start a new sheet


def test_the_2012_questions_verbatim_with_the_document_to_read(built_site):
    for url in (f"study/{P2012}/", "study/yiliao-weisheng-zhiye-jingshen/"):
        text = article_text(built_site, url)
        for question in THREE_2012:
            assert f"“{question}”原文" in text.replace(" ", ""), (url, question)
        assert f"../../policies/{P2012}/" in hrefs(built_site, url)      # 阅读文件: the policy text
    spirit = article_text(built_site, "study/yiliao-weisheng-zhiye-jingshen/")
    assert "编者拟" in spirit and "依据：“继承中国医学“大医精诚”文化道德" in spirit


def test_a_plan_kit_reads_the_plan_learns_from_whom_it_names_and_visits_its_sites(built_site):
    url = f"study/{CMA}/"
    links = hrefs(built_site, url)
    assert f"../../policies/{CMA}/" in links
    assert "../../policies/zhongguo-kexie-aiguo-fendou-tongzhi-2018/" in links      # the document it cites
    for person in ("kang-bin", "wu-mengchao", "wang-zhongcheng", "wang-zhenyi", "tu-youyou", "hou-yunde"):
        assert f"../../people/{person}/" in links, person
    for place in ("ruijin-jiankangbao-jiuzhi", "yanan-zhongguo-yike-daxue-jiuzhi",
                  "tangxian-baiqiuen-jinianguan", "xiehe-yiyuan-yuanshiguan"):
        assert f"../../places/{place}/" in links, place
    assert "../kexuejia-jingshen/" in links                                          # a spirit it names: its kit
    text = article_text(built_site, url)
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    assert html.count('<span class="ea-tag ea-tag-editor">编者拟</span>') == 5     # all five written by the editors
    assert '<span class="ea-tag">原文</span>' not in html
    assert "依据：“围绕学会的核心价值观：爱国为民、崇尚学术、弘扬医德、竭诚服务。”" in text


def test_a_spirit_kit_lists_its_exemplars_sites_and_documents(built_site):
    url = "study/xiqian-jingshen/"
    links = hrefs(built_site, url)
    assert "../../groups/xiqian-ren/" in links                        # spirits: [xiqian-jingshen]
    assert "../../policies/sichuan-aiguo-fendou-shishi-fangan-2018/" in links   # names 西迁精神
    assert "../../spirits/xiqian-jingshen/" in links
    assert "../../people/tu-youyou/" not in links
    bethune = hrefs(built_site, "study/aiguo-fendou-jingshen/")
    assert "../../places/tangxian-baiqiuen-jinianguan/" in bethune    # recommended by the CMA plan on this spirit


def test_a_long_list_of_exemplars_is_cut_with_a_link_to_all(built_site):
    """Principle 5: a kit lists at most 12 exemplars; the facet page lists them all."""
    url = "study/aiguo-fendou-jingshen/"
    profiles = sorted((PROFILES / "people").glob("*.md")) + sorted((PROFILES / "groups").glob("*.md"))
    embodied = [p for p in profiles if re.search(r"^spirits: \[.*aiguo-fendou-jingshen.*\]$", p.read_text(encoding="utf-8"), re.M)]
    listed = [h for h in hrefs(built_site, url) if re.fullmatch(r"\.\./\.\./(people|groups)/[a-z0-9-]+/", h)]
    assert len(listed) == 12 < len(embodied)
    assert f"另有 {len(embodied) - 12} 位" in article_text(built_site, url)
    facet = [h for h in hrefs(built_site, url) if "browse/spirits/" in h]
    assert facet and (built_site / "study" / "aiguo-fendou-jingshen" / facet[0] / "index.html").resolve().is_file()
    assert "../../people/kang-bin/" in listed          # named in the documents on this spirit: listed first


def test_policy_and_spirit_pages_link_their_kit(built_site):
    assert "../../study/kexuejia-jingshen/" in hrefs(built_site, "spirits/kexuejia-jingshen/")
    assert f"../../study/{P2012}/" in hrefs(built_site, f"policies/{P2012}/")


def test_posters_stay_out_of_search_and_navigation_kits_are_searchable(built_site):
    shards = Shards(built_site)                                  # the search index (README "搜索")
    locations = [loc for loc, _, _ in shards.pages()]
    assert not [loc for loc in locations if "/poster/" in loc]
    assert f"study/{P2012}/" in locations
    kits = {n for n, loc in enumerate(locations) if loc.startswith("study/")}
    assert kits & set(shards.postings("内化"))                  # 如何使医疗卫生职业精神内化于心: found by search
    assert not kits & set(shards.postings("青蒿素"))            # exemplars' abstracts only on their own pages
    assert not [h for h in read_page(built_site, "people/tu-youyou/poster/").nav_links if "poster" in h]


# -- the questions are data: checked against the document's words --------------------------------
POLICY = """\
---
title: 测试文件
issuers: [ce-shi-jigou]
source: {note: 测试}
study:
  questions:
    - question: 如何理解测试精神
      origin: 原文
      quote: 围绕“如何理解测试精神”等问题开展讨论。
    - question: 怎样做好测试工作？
      origin: 编者
      quote: 要认真做好测试工作
abstract: 测试用文件。
review: {status: 待审核}
---
一、组织围绕“如何理解测试精神”等问题开展讨论。

**（二）要认真
做好测试工作**，不断提高。
"""
ORG = """\
---
name: 测试机构
abstract: 测试用机构。
review: {status: 待审核}
---
"""


def _scratch_policy(root: Path, policy: str = POLICY, spirit: str | None = None) -> Path:
    write(root, "profiles/policies/ce-shi-wenjian.md", policy)
    write(root, "profiles/organizations/ce-shi-jigou.md", ORG)
    if spirit is not None:
        write(root, "profiles/spirits/kexuejia-jingshen.md", spirit)
    return root


def problems(root: Path) -> list[str]:
    return [p.format() for p in load_archive(root).problems]


def test_quotes_found_in_the_text_pass(scratch):
    """Line breaks and Markdown marks (**bold**) inside the document do not count as words."""
    assert problems(_scratch_policy(scratch)) == []


def test_a_question_or_quote_not_in_the_text_is_refused_with_file_line_and_field(scratch):
    bad = POLICY.replace("question: 如何理解测试精神", "question: 如何认识测试精神") \
                .replace("quote: 要认真做好测试工作", "quote: 要认真地做好测试工作")
    spirit = VALID_SPIRIT.replace("abstract:", "study:\n  questions:\n    - {question: 测试？, origin: 原文}\n"
                                  "    - {question: 测试？, origin: 编者, quote: 不在任何文件里, document: ce-shi-wenjian}\n"
                                  "abstract:")
    found = problems(_scratch_policy(scratch, bad, spirit))
    assert [p.split(" ", 2)[:2] for p in found] == [
        ["profiles/policies/ce-shi-wenjian.md:7:", "E150"], ["profiles/policies/ce-shi-wenjian.md:12:", "E151"],
        ["profiles/spirits/kexuejia-jingshen.md:6:", "E152"], ["profiles/spirits/kexuejia-jingshen.md:7:", "E151"]]
    assert "E150 字段“study.questions[1].question”：标为“原文”的问题在《测试文件》正文中找不到" in found[0]
    assert "把 origin 改为“编者”" in found[0]
    assert "E151 字段“study.questions[2].quote”：引文在《测试文件》正文中找不到" in found[1]
    assert "E152 字段“study.questions[1].document”：没有写明出自哪份文件。在 document 中填写政策文件的编号" in found[2]


def test_origin_must_say_whether_the_question_is_quoted(scratch):
    archive = load_archive(_scratch_policy(scratch, POLICY.replace("origin: 编者", "origin: 编辑")))
    assert [p.code for p in archive.problems] == ["E105"]
