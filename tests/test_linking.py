"""Mentions of known names become links: first per section, never in headings, links
or code, longest name first, and a profile can switch off a false match."""
from archive import load_archive
from archive.domain.linking import NameIndex, link_mentions
from conftest import write

ORG = "---\nname: {name}\nabstract: 测试。\nreview: {{status: 待审核}}\n---\n"


def _index(scratch):
    write(scratch, "profiles/organizations/zhonghua-yixuehui.md", ORG.format(name="中华医学会"))
    write(scratch, "profiles/organizations/lishihui-dangwei.md", ORG.format(name="中华医学会理事会党委"))
    return NameIndex.build(load_archive(scratch))


def _link(body, index, skip=frozenset()):
    return link_mentions(body, index, "self", set(skip), lambda target, label: f"[{label}]({target})")


def test_first_mention_per_section_is_linked(scratch):
    index = _index(scratch)
    body = "中华医学会成立。中华医学会又开会。\n\n## 后来\n\n中华医学会第三次。"
    assert _link(body, index) == (
        "[中华医学会](zhonghua-yixuehui)成立。中华医学会又开会。\n\n## 后来\n\n[中华医学会](zhonghua-yixuehui)第三次。")


def test_longest_name_wins(scratch):
    assert _link("中华医学会理事会党委发文。", _index(scratch)) == "[中华医学会理事会党委](lishihui-dangwei)发文。"


def test_a_switched_off_name_leaves_the_shorter_name_inside_it(scratch):
    assert _link("中华医学会理事会党委发文。", _index(scratch), skip={"中华医学会理事会党委"}) == \
        "[中华医学会](zhonghua-yixuehui)理事会党委发文。"


def test_an_honour_named_after_a_person_is_not_a_mention_of_the_person():
    from pathlib import Path
    from archive.pages.writer import PageWriter
    archive = load_archive(Path(__file__).resolve().parents[1])
    index = NameIndex.build(archive)
    assert _link("获得“白求恩奖章”的医生，学习白求恩。", index) == \
        "获得“白求恩奖章”的医生，学习[白求恩](bai-qiuen)。"
    # The CMA plan names the medal's recipients and 白求恩纪念馆, not the man: it is not listed
    # as naming him (nor does his poster carry its band).
    mentioned_by = PageWriter(archive).mentioned_by
    assert "zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018" not in mentioned_by["bai-qiuen"]
    assert "zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018" in mentioned_by["tangxian-baiqiuen-jinianguan"]


def test_headings_links_and_code_are_left_alone(scratch):
    index = _index(scratch)
    body = "## 中华医学会\n\n[学会](http://x) `中华医学会` <span title=\"中华医学会\">x</span>\n\n```\n中华医学会\n```"
    assert _link(body, index) == body


def test_opt_out_and_self_mentions(scratch):
    index = _index(scratch)
    assert _link("中华医学会。", index, skip={"中华医学会"}) == "中华医学会。"
    assert link_mentions("中华医学会。", index, "zhonghua-yixuehui", set(), lambda t, l: "X") == "中华医学会。"
    assert "测试人" in index.names  # person titles count too


def test_policy_text_links_people_and_person_page_lists_mentions(built_site):
    from htmltext import read_page
    cast = read_page(built_site, "policies/zhongguo-kexie-aiguo-fendou-tongzhi-2018/")
    assert ("钱学森", "../../people/qian-xuesen/") in cast.links
    assert ("西安交大“西迁人”", "../../groups/xiqian-ren/") in cast.links
    person = read_page(built_site, "people/qian-xuesen/")
    text = "".join(person.text)
    assert "提及本页" in text
    assert any(href == "../../policies/zhongguo-kexie-aiguo-fendou-tongzhi-2018/" for _, href in person.links)


def test_a_widely_mentioned_profile_links_to_a_list_of_all_mentions(scratch):
    """Principle 5: a profile's page does not grow with the archive; the full list is a page of its own."""
    from archive.pages import all_pages
    from archive.pages.writer import BACKLINKS_SHOWN
    from conftest import VALID_PERSON

    count = BACKLINKS_SHOWN + 5
    for i in range(count):
        body = VALID_PERSON.replace("name: 测试人", f"name: 测试{chr(0x4e00 + i)}{chr(0x4e00 + i)}")
        write(scratch, f"profiles/people/ce-shi-{i:03d}.md", body.replace("测试人的生平。", "读过测试人的文章。"))
    pages = dict(all_pages(load_archive(scratch)))
    own = pages["people/ce-shiren.md"]
    # the lists are HTML (markup.py islands), with the links as readers' browsers get them
    assert own.split("## 提及本页")[1].count('href="../ce-shi-') == BACKLINKS_SHOWN
    assert f"等共 {count} 份" in own and 'href="../../browse/mentions/ce-shiren/"' in own
    full = pages["browse/mentions/ce-shiren.md"]
    assert full.count('href="../../../people/ce-shi-') == count and "listing: true" in full
    assert "browse/mentions/ce-shi-000.md" not in pages          # only where the page would overflow
