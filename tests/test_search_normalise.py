"""One normalisation for the index and for queries (hooks/archive/text/normalise.py, mirrored in the
search worker), and the terms made from names and single characters (segment.py,
search_terms.py, pinyin.py). The last test runs the worker's own code in Chromium and checks
that it normalises as the build does."""
from __future__ import annotations

import json

import pytest

from archive.domain.pinyin import fuzzy, person_initials
from archive.outputs import search_terms
from archive.text import normalise, segment
from archive.text.search_words import KINDS, kind

STRINGS = [
    "鄧稼先", "南仁東", "錢學森", "兩彈一星", "國家最高科學技術獎", "白求恩紀念館", "鍾南山與鐘南山",
    "Tú Yōuyōu", "Qián Xuésēn", "lín qiǎozhì", "LǙ", "Zhōng Nánshān", "ＡＢＣ１２３", "Ｔｕ Ｙｏｕｙｏｕ",
    "卫办发〔2012〕31号", "卫办发[2012]31号", "卫办发（2012）31号", "卫办发【2012】31号", "卫办发 ( 2012 ) 31号",
    "医会理事党发［2017］5号", "中组发〔2018〕11号和川组通【2018】59号", "（2012）年", "文件 [2012] 3号",
    "屠呦呦", "反覆思量", "一目瞭然", "說話", "Wu Lien-teh", "Xi'an", "café", "⽼人", "①号", "\u3000空格\u3000",
]


def test_queries_are_read_as_the_index_reads_text():
    assert normalise.normalise("鄧稼先") == "邓稼先"
    assert normalise.normalise("Tú Yōuyōu") == "tu youyou"
    assert normalise.normalise("lǜ") == "lv"                       # ü written v, as in the index's pinyin
    assert normalise.normalise("ＡＢＣ１２３") == "abc123"
    for written in ("卫办发[2012]31号", "卫办发（2012）31号", "卫办发【2012】31号", "卫办发 ( 2012 ) 31号"):
        assert normalise.normalise(written) == "卫办发〔2012〕31号", written
    assert normalise.normalise("（2012）年") == "(2012)年"          # a year in brackets that is no 文号


def test_a_page_with_traditional_characters_is_found_in_simplified():
    segment.teach(["钟南山"])
    assert "钟南山" in segment.tokens("抗擊非典的領軍人物——鍾南山")
    assert segment.tokens("卫办发[2012]31号") == segment.tokens("卫办发〔2012〕31号")
    assert "〔2012〕31号" in segment.tokens("见卫办发（2012）31号文件")        # year and number: one term


def test_single_characters_pair_with_their_neighbours():
    """A phrase that segmentation leaves in single characters is still made of terms."""
    segment.teach([])
    words = list(segment.terms("融入治蜀兴川伟大实践", segment.TEXT))
    assert {"治蜀", "蜀兴", "兴川"} <= set(words)
    assert {"万婴", "之母"} <= set(segment.terms("被称为万婴之母", segment.TEXT))
    assert not [w for w in segment.terms("他的研究和工作", segment.TEXT) if "的" in w or "和" in w]


def test_names_give_initials_from_their_characters_and_parts():
    assert person_initials("黄大年") == "hdn"              # not hdi: danian is da-nian
    assert person_initials("欧阳文") == "oyw"              # a compound surname, two letters
    assert person_initials("单田芳") == "stf"              # the surname's reading (GB/T 28039-2011)
    assert fuzzy("qianxuesheng") == fuzzy("qianxuesen") == "qianxuesen"
    assert fuzzy("zhongnanshan") == fuzzy("zhongnansan")
    assert search_terms.masks("屠呦呦") == ["呦呦~0", "屠~12"]
    assert "屠~12" in search_terms.masks("屠哟哟")            # the same wrong character twice
    assert "钱学~2" in search_terms.masks("钱学深")
    assert search_terms.name_parts("屠呦呦")[:2] == ["~屠呦", "~呦呦"]
    assert search_terms.name_parts("Norman Bethune") == []


def test_every_folder_has_a_kind_label():
    from archive.domain.schema import Schema, SCHEMA_FILE  # noqa: F401
    from conftest import ROOT
    folders = Schema.load(ROOT / "profiles" / "vocabularies.yaml").folders()
    assert folders <= set(KINDS)
    assert kind("people/tu-youyou/") == "人物" and kind("people/") == "浏览" and kind("study/x/") == "学习材料"
    assert kind("groups/xiqian-ren/") == "群体" and kind("browse/honours/x/") == "浏览" and kind("") == "首页"


def test_the_browser_gets_a_small_table_of_what_the_index_holds(built_site):
    words = json.loads((built_site / "search" / "n.json").read_text(encoding="utf-8"))
    table = words["t2s"]
    assert table["c"]["鄧"] == "邓" and table["c"]["東"] == "东"
    assert len(table["c"]) < len(normalise.opencc_table().characters) / 2
    assert len((built_site / "search" / "n.json").read_bytes()) < 40_000
    assert "如何" in words["stop"] and words["synonyms"]["肝癌"][0] == "肝胆外科"


@pytest.mark.skipif(__import__("browsing").CHROMIUM is None, reason=__import__("browsing").NO_CHROMIUM)
def test_the_worker_normalises_as_the_build_does(built_site, browser):
    """The worker's normalise() (run in Chromium, from the built site) and normalise.py agree,
    with the table the site ships; and for names, with OpenCC's whole table too."""
    from browsing import static_server
    words = json.loads((built_site / "search" / "n.json").read_text(encoding="utf-8"))
    shipped = normalise.Table(words["t2s"]["c"], words["t2s"]["p"])
    with static_server(built_site) as base:
        page = browser.new_context().new_page()
        page.goto(base)
        page.add_script_tag(url=base + "assets/javascripts/workers/archive-search.js")
        page.evaluate("async () => { await setup(); }")
        got = page.evaluate("strings => strings.map(s => normalise(s))", STRINGS)
        masks = page.evaluate("names => names.map(n => masks(n))", ["屠呦呦", "钱学深", "欧阳文"])
        fuzzed = page.evaluate("words => words.map(w => fuzzy(w))", ["qianxuesheng", "zhongnanshan"])
        page.context.close()
    assert got == [normalise.normalise(s, shipped) for s in STRINGS]
    assert got[:7] == [normalise.normalise(s) for s in STRINGS[:7]]
    assert masks == [search_terms.masks(n) for n in ["屠呦呦", "钱学深", "欧阳文"]]
    assert fuzzed == [fuzzy(w) for w in ["qianxuesheng", "zhongnanshan"]]
