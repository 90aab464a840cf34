"""Browsing the real archive: A–Z, facets, timeline, uncollected documents, related people."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml

from htmltext import article_text, read_page

PROFILES = Path(__file__).resolve().parent.parent / "profiles"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def people() -> dict[str, dict]:
    return {p.stem: front_matter(p) for folder in ("people", "groups") for p in sorted((PROFILES / folder).glob("*.md"))}


def test_a_to_z_groups_people_by_surname_letter(built_site):
    html = (built_site / "browse/a-z/index.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<h2 id="([a-z#])".*?</h2>(.*?)(?=<h2|</article>)', html, re.S))
    assert "people/tu-youyou/" in sections["t"] and "people/bai-qiuen/" in sections["b"]
    assert "people/tu-youyou/" not in sections["b"]
    page = read_page(built_site, "browse/a-z/")
    assert ("T", "#t") in page.links and ("B", "#b") in page.links


def test_honour_facet_counts_match_the_profiles(built_site):
    counts = Counter(h["name"] for meta in people().values() for h in meta.get("honours") or [])
    index = article_text(built_site, "browse/honours/")
    for name, count in counts.items():
        assert f"{name}（{count}）" in index, name
    page = read_page(built_site, "browse/honours/guo-jia-zui-gao-ke-xue-ji-shu-jiang/")
    linked = {href.split("/")[-2] for _, href in page.links if "/people/" in href}
    expected = {pid for pid, meta in people().items()
                if any(h["name"] == "国家最高科学技术奖" for h in meta.get("honours") or [])}
    assert linked == expected


def test_era_region_and_category_facets(built_site):
    assert "屠呦呦" in article_text(built_site, "browse/era/1930-nian-dai/")
    assert "屠呦呦" not in article_text(built_site, "browse/era/1920-nian-dai/")
    decades = re.findall(r"(\d{4})年代（", article_text(built_site, "browse/era/"))
    assert len(decades) > 3 and decades == sorted(decades)          # by date, not by count
    assert "屠呦呦" in article_text(built_site, "browse/regions/bei-jing-shi/")
    assert "钱学森" in article_text(built_site, "browse/categories/lao-yi-bei-ke-xue-jia/")
    assert "钱学森" in article_text(built_site, "browse/spirits/liang-dan-yi-xing-jing-shen/")


def test_timeline_lists_births_honours_and_policies_in_order(built_site):
    text = article_text(built_site, "browse/timeline/")
    positions = [text.index(s) for s in ("1930年12月30日", "2012年4月28日", "2015年")]
    assert positions == sorted(positions)
    html = (built_site / "browse/timeline/index.html").read_text(encoding="utf-8")
    assert re.search(r'<li class="ea-ev-policy">.*?weishengbu-zhiye-jingshen-dataolun-tongzhi-2012', html)


def test_uncollected_documents_page(built_site):
    page = read_page(built_site, "browse/uncollected/")
    text = "".join(page.text)
    assert "中组发〔2018〕11号" in text
    assert any("sichuan-aiguo-fendou-shishi-fangan-2018" in href for _, href in page.links)


def test_related_people_by_shared_honours(built_site):
    html = (built_site / "people/tu-youyou/index.html").read_text(encoding="utf-8")
    section = html[html.index("相关人物</h2>"):]
    sharing = [pid for pid, meta in people().items() if pid != "tu-youyou"
               and any(h["name"] == "国家最高科学技术奖" for h in meta.get("honours") or [])]
    assert any(f'href="../{pid}/"' in section.split("</ul>")[0] for pid in sharing)
