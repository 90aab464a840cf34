"""The built site shows what issue #2 promises, for the real content."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from search_shards import Shards
from htmltext import article_text, read_page
from seed_lines import seed_lines

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_POLICY = {
    "000_ea924196946c2f42.txt": "zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018",
    "001_b7e116a15a56a559.txt": "sichuan-aiguo-fendou-shishi-fangan-2018",
    "002_42c1930b88baa9d7.txt": "zhongguo-kexie-aiguo-fendou-tongzhi-2018",
    "003_0aab2da852f99d2f.txt": "zhonghua-yixuehui-dangjian-tongzhi-2017",
    "004_146d2267509da900.txt": "weishengbu-zhiye-jingshen-dataolun-tongzhi-2012",
}
EXEMPLARS = {
    "wu-mengchao": "吴孟超", "wang-zhongcheng": "王忠诚", "wang-zhenyi": "王振义", "tu-youyou": "屠呦呦",
    "hou-yunde": "侯云德", "qian-xuesen": "钱学森", "deng-jiaxian": "邓稼先", "guo-yonghuai": "郭永怀",
    "huang-danian": "黄大年", "li-baoguo": "李保国", "nan-rendong": "南仁东", "zhong-yang": "钟扬",
    "kang-bin": "康彬", "bai-qiuen": "白求恩",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("seed, policy", sorted(SEED_POLICY.items()))
def test_every_seed_line_is_in_the_built_site(built_site, seed, policy):
    page = squash(article_text(built_site, f"policies/{policy}/"))
    missing = [line for line in seed_lines(SEEDS / seed) if line not in page]
    assert missing == []


def test_legal_database_header_and_footer(built_site):
    page = article_text(built_site, "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/")
    assert "CLI.4.173293" in page            # kept as metadata
    assert "卫办发〔2012〕31号" in page and "2012年4月28日" in page
    assert "法宝快讯" not in page and "欢迎查看所有产品和服务" not in page   # advertising dropped


def test_policy_citations(built_site):
    sichuan = read_page(built_site, "policies/sichuan-aiguo-fendou-shishi-fangan-2018/")
    text = "".join(sichuan.text)
    assert "中组发〔2018〕11号" in text and "未收录" in text
    cma = read_page(built_site, "policies/zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018/")
    assert any("zhongguo-kexie-aiguo-fendou-tongzhi-2018" in href for _, href in cma.links)
    cast = read_page(built_site, "policies/zhongguo-kexie-aiguo-fendou-tongzhi-2018/")
    assert "被引用" in "".join(cast.text)
    assert any("zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018" in href for _, href in cast.links)


@pytest.mark.parametrize("person_id, name", sorted(EXEMPLARS.items()))
def test_every_exemplar_has_a_sourced_page(built_site, person_id, name):
    page = read_page(built_site, f"people/{person_id}/")
    text = "".join(page.text)
    assert name in text
    assert "来源" in text
    assert any(href.startswith("http") or "policies/" in href for _, href in page.links) or "本档案收录文件" in text
    profile = (Path(__file__).parent.parent / "profiles/people" / f"{person_id}.md").read_text(encoding="utf-8")
    if "status: 待审核" in profile:
        assert "本档案内容尚在编辑部审核中" in text


def test_group_page(built_site):
    text = article_text(built_site, "groups/xiqian-ren/")
    assert "西迁" in text and "来源" in text


def test_index_pages_list_their_profiles(built_site):
    people = read_page(built_site, "people/")
    hrefs = [href for _, href in people.links]
    for person_id in EXEMPLARS:
        assert any(person_id in href for href in hrefs), person_id
    for kind in ("groups", "policies", "spirits", "places", "organizations"):
        assert (built_site / kind / "index.html").exists()


def test_profiles_stay_out_of_the_navigation(built_site):
    page = read_page(built_site, "people/tu-youyou/")
    profile_links = [h for h in page.nav_links if re.search(r"(people|policies|groups)/[a-z0-9-]+/$", h)]
    assert profile_links == []


def test_site_is_chinese_and_searchable(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in home      # Simplified Chinese (tests/test_accessibility.py)
    titles = [title for _, title, _ in Shards(built_site).pages()]
    assert "屠呦呦" in titles


def test_no_english_left_from_the_theme(built_site):
    """Material's footer credit and its 404 page are English (and the credit links off the intranet)."""
    english = ("Made with", "Material for MkDocs", "Not found")
    found = {str(path.relative_to(built_site)): phrase for path in built_site.rglob("*.html")
             for phrase in english if phrase in path.read_text(encoding="utf-8")}
    assert found == {}
    missing = read_page(built_site, "404.html")
    assert "页面不存在" in "".join(missing.text)
    assert ("首页", "/") in missing.links          # from any address: the site's root


@pytest.mark.parametrize("url, tab", [
    ("people/tu-youyou/", "楷模人物"), ("people/tu-youyou/poster/", "楷模人物"), ("groups/xiqian-ren/", "先进群体"),
    ("policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/", "政策文件"), ("browse/era/", "浏览"),
    ("campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/dashboard/", "活动"), ("people/", "楷模人物"), ("", "首页"),
])
def test_the_tab_of_a_pages_folder_is_marked(built_site, url, tab):
    """Profiles are outside the navigation (principle 5), yet readers see which section they are in."""
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    marked = re.findall(r'md-tabs__item--active">\s*<a[^>]*>\s*(.*?)\s*</a>', html, re.S)
    assert marked == [tab]


def test_infobox_links_spirits(built_site):
    page = read_page(built_site, "people/qian-xuesen/")
    assert any("spirits/liangdan-yixing-jingshen" in href for _, href in page.links)
    spirit = read_page(built_site, "spirits/liangdan-yixing-jingshen/")
    assert any("people/qian-xuesen" in href for _, href in spirit.links)   # backlink


def test_site_configuration_names_each_setting_once():
    """YAML keeps the last of two equal keys: a second `extra_javascript:` silently dropped the
    posters' script. MkDocs' loader does not complain, so this test does."""
    import yaml
    root = yaml.compose(Path(__file__).resolve().parents[1].joinpath("mkdocs.yml").read_text(encoding="utf-8"),
                        Loader=yaml.SafeLoader)

    def repeated(node) -> list[str]:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value]
            return ([f"{k.value}（第 {k.start_mark.line + 1} 行）" for k, _ in node.value if keys.count(k.value) > 1]
                    + [r for _, v in node.value for r in repeated(v)])
        if isinstance(node, yaml.SequenceNode):
            return [r for v in node.value for r in repeated(v)]
        return []

    assert repeated(root) == []
