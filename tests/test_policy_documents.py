"""Policy texts read as structured official documents (issue 18, point 3): headings found in the
verbatim text (一、 / （一） / 1. / （1）) with an outline, a document header, the list newest first,
and citations of documents the archive lacks marked where the text names them. The stored text is
not changed: the page's text is the document's, word for word."""
from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from archive.outputs import official_text
from browsing import CHROMIUM, NO_CHROMIUM, static_server
from seed_lines import body_text, squash

ROOT = Path(__file__).resolve().parent.parent
SICHUAN = "sichuan-aiguo-fendou-shishi-fangan-2018"
WSB = "weishengbu-zhiye-jingshen-dataolun-tongzhi-2012"
CAST = "zhongguo-kexie-aiguo-fendou-tongzhi-2018"
CMA = "zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018"
CMA_PARTY = "zhonghua-yixuehui-dangjian-tongzhi-2017"
POLICIES = [SICHUAN, WSB, CAST, CMA, CMA_PARTY]

# The outline of each document, as a reader checks it against the text: (level, heading).
OUTLINES = {
    SICHUAN: [(2, "一、指导思想"), (2, "二、参加对象"), (2, "三、活动目的和内容"), (2, "四、方法步骤"),
              (3, "(一) 第一阶段：部署动员。(2018年10月)"), (3, "(二) 第二阶段：广泛宣传。(2018年11月)"),
              (3, "(三) 第三阶段：深入学习。(2018年12月)"), (3, "（四）第四阶段：岗位践行。（贯穿全年）"),
              (2, "五、有关要求"),
              # run-in titles: the paragraph opens with its title, which the outline reaches
              (3, "（一）加强组织领导。"), (3, "（二）注重分类实施。"), (3, "(三) 加强督促考核。")],
    WSB: [(2, "一、充分认识开展大讨论活动的重要意义"), (2, "二、指导思想和目标任务"),
          (3, "（一）指导思想。"), (3, "（二）目标任务。"), (2, "三、时间安排"), (2, "四、有关要求")],
    CAST: [(2, "一、指导思想"), (2, "二、基本原则"),
           (3, "（一）强化政治引领。"), (3, "（二）突出科协特色。"), (3, "（三）注重全面覆盖。"),
           (2, "三、重点任务"),
           # titles worded as an opening clause, up to the first comma
           (3, "（一）深入传承弘扬中国科学家精神，"), (3, "（二）组织深入学习研讨专题培训，"),
           (3, "（三）充分发挥典型引导作用，"), (3, "（四）深入开展岗位践行，"),
           (2, "四、工作保障"),
           (3, "（一）明确主体责任。"), (3, "（二）加强组织领导。"), (3, "（三）注重分类指导。"), (3, "（四）务求活动实效。")],
    # The source writes 一、 to 三、 as ## and 四、 as ####: all four are h2. Its run-in titles are bold.
    CMA: [(2, "一、指导思想"), (2, "二、基本原则"),
          (3, "**（一）强化政治引领。**"), (3, "**（二）突出学会特色。**"), (3, "**（三）注重全面覆盖。**"),
          (2, "三、重点任务"),
          (3, "（一）深入传承弘扬中国科学家精神，"), (3, "（二）紧紧围绕习近平总书记关于爱国奋斗精神的重要指示，"),
          (3, "（三）充分发挥典型引导作用，"), (3, "（四）深入开展岗位践行，"),
          (2, "四、工作保障"),
          (3, "（一）明确主体责任。"), (3, "（二）加强组织领导。"), (3, "（三）形成长效机制。"), (3, "（四）务求活动实效。")],
    CMA_PARTY: [(2, "一、深刻认识加强学会党建工作的重大意义"),
                (3, "1\\. 加强党建工作是学会重要的政治任务。"),
                (3, "2\\. 加强学会党建工作是深化党同医学科技工作者血脉联系的必然要求。"),
                (3, "3\\. 加强学会党建工作是深化学会改革、促进学会健康发展的重要保障。"),
                (2, "二、充分发挥政治核心、思想引领和组织保障作用"),
                (3, "4\\. 认真履行理事会党委职责。"), (3, "5\\. 履行全面从严治党政治责任。"),
                (3, "6\\. 推进学会深化改革和事业发展。"), (3, "7\\. 推进“两学一做”学习教育常态化制度化。"),
                (2, "三、实现专科分会党的组织和党的工作全覆盖"),
                (3, "8\\. 明确专科分会党建工作责任。"), (3, "9\\. 落实专科分会党的组织全覆盖。"),
                (3, "10\\. 夯实学会办事机构和专科分会党的工作。"),
                (2, "四、做好理事会党委的日常工作"), (3, "11\\. 加强理事会党委日常工作队伍和机制建设。")],
}

# The rows of each document's header (labels in order): only what the profile gives and knows.
# 来源 only where the text's publisher is known (the 2012 notice, from a legal database); how the
# other four texts reached the archive is an editors' note.
HEADER_ROWS = {
    SICHUAN: ["发文机关", "成文日期", "主送"],                            # no 文号
    WSB: ["发文机关", "发文字号", "成文日期", "主送", "来源"],
    CAST: ["发文机关", "成文日期", "主送", "抄送"],                       # no 文号, has 抄送
    CMA: ["发文机关", "成文日期"],                                        # no 文号, no 主送
    CMA_PARTY: ["发文机关", "发文字号", "成文日期", "主送"],
}


def stored_body(policy: str) -> str:
    raw = (ROOT / "profiles" / "policies" / f"{policy}.md").read_text(encoding="utf-8")
    return raw.split("\n---\n", 1)[1].strip()


def parse(site: Path, url: str):
    return html5lib.parse((site / url / "index.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)


def classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def find_class(root, cls: str):
    return [el for el in root.iter() if cls in classes(el)]


def text_of(el) -> str:
    return "".join(el.itertext())


def official_text_of(site: Path, policy: str):
    [div] = find_class(parse(site, f"policies/{policy}/"), "ea-official-text")
    return div


# -- detection, on the stored texts ------------------------------------------------------------
@pytest.mark.parametrize("policy", POLICIES)
def test_headings_found_in_each_seed(policy):
    found = official_text.headings(stored_body(policy))
    assert [(h.level, h.text.lstrip("#").strip()) for h in found] == OUTLINES[policy]


def test_a_long_paragraph_that_starts_with_a_marker_is_text_under_its_run_in_title():
    sichuan, party = stored_body(SICHUAN), stored_body(CMA_PARTY)
    found = {h.text: h for h in official_text.headings(sichuan)}
    # level 2 marker: a heading when the line is a title ...
    assert found["(一) 第一阶段：部署动员。(2018年10月)"].split == 0
    # ... and when a title runs into the paragraph, that title only: the paragraph stays text
    run_in = found["（一）加强组织领导。"]
    line = sichuan.split("\n")[run_in.line]
    assert run_in.split == len("（一）加强组织领导。") and len(line) > 60 and line.startswith(run_in.text)
    # level 3 marker (1\.): every numbered paragraph of the CMA party notice is prose with a run-in title
    numbered = [line for line in party.split("\n") if re.match(r"\d+\\\.", line)]
    assert len(numbered) == 11 and not any(official_text.is_heading_line(line) for line in numbered)
    assert all(official_text.run_in_title(line)[0] == 3 for line in numbered)


@pytest.mark.parametrize("line, title", [
    ("（一）加强组织领导。各地各单位要进行专题研究部署。", "（一）加强组织领导。"),
    ("**（一）强化政治引领。**深入开展活动。", "**（一）强化政治引领。**"),
    ("（三）充分发挥典型引导作用，广泛开展主题宣传。", "（三）充分发挥典型引导作用，"),
    ("（一）各地各单位要进行专题研究部署：一是……。", ""),                 # a lead-in, not a title
    ("（二）" + "很长的一句话" * 6 + "。后文。", ""),                      # longer than a title
    ("1\\. 加强组织领导。", ""),                                          # nothing after it: a heading, if any
    ("一、在《通知》中，要求。后文。", ""),                                # a citation is not cut
])
def test_run_in_titles(line, title):
    rank, split = official_text.run_in_title(line)
    assert line[:split] == title and (rank > 0) == bool(title)


@pytest.mark.parametrize("line, rank", [
    ("一、指导思想", 1), ("十二、附则", 1), ("（一）第一阶段：部署动员。（2018年10月）", 2), ("(二) 工作要求", 2),
    ("1. 加强组织领导", 3), ("2、注重分类实施", 3), ("3\\. 工作安排", 3), ("3．工作安排", 3),
    ("（1）报送时间", 4), ("(2) 报送方式", 4), ("**（三）加强督促考核**", 2),
    ("一、指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大。", 0),  # a sentence follows
    ("（一）各地各单位要进行专题研究部署：", 0),        # a lead-in
    ("（1）按时报送；", 0),                          # a list item
    ("1. " + "很长的标题" * 9, 0),                  # over HEADING_MAX
    ("* 一、指导思想", 0), ("- （一）工作要求", 0),   # Markdown list items
    ("2018.10 第一阶段", 0), ("二〇一二年四月二十八日", 0), ("（卫办发〔2012〕31号）", 0),
])
def test_heading_rule_for_each_level(line, rank):
    assert official_text.is_heading_line(line) == rank


def test_levels_used_become_consecutive_heading_levels():
    text = "正文。\n\n#### 一、总则\n1. 适用范围\n\n说明。\n\n（1）具体事项\n\n## 二、附则"
    assert [(h.rank, h.level) for h in official_text.headings(text)] == [(1, 2), (3, 3), (4, 4), (1, 2)]
    assert official_text.outline(text).split("\n\n")[1:4] == [
        "## 一、总则 {: #s1 }\n### 1. 适用范围 {: #s1-1 }", "说明。", "#### （1）具体事项 {: #s1-1-1 }"]
    # a line inside a paragraph is not a heading, whatever it starts with
    assert official_text.headings("前文\n1. 适用范围\n后文") == []


def test_citations_are_wrapped_and_their_words_kept():
    missing = official_text.Citation("《关于甲的通知》", "中组发〔2018〕11号", "../browse/uncollected.md", False)
    text = "根据《关于甲的通知》（中组发〔2018〕11号）和中组发〔2018〕11号文件，`中组发〔2018〕11号`不动。"
    marked = official_text.mark_citations(text, [missing])
    assert marked.count("](../browse/uncollected.md){: .ea-uncollected") == 2
    assert "[《关于甲的通知》（中组发〔2018〕11号）](" in marked and "`中组发〔2018〕11号`不动" in marked
    assert re.sub(r"\]\([^)]*\)\{[^}]*\}|\[", "", marked) == text


# -- the built pages -------------------------------------------------------------------------
@pytest.mark.parametrize("policy", POLICIES)
def test_page_text_is_the_stored_text(built_site, policy):
    """What the page shows of the document is the stored text, character for character (headings
    and citation marks are markup and generated text only)."""
    shown = squash(text_of(official_text_of(built_site, policy)))
    assert shown == body_text(stored_body(policy))


@pytest.mark.parametrize("policy", POLICIES)
def test_headings_and_outline_in_the_built_page(built_site, policy):
    page = parse(built_site, f"policies/{policy}/")
    [text] = find_class(page, "ea-official-text")
    found = [(int(el.tag[1]), el.get("id"), squash(text_of(el))) for el in text.iter()
             if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert [(level, heading) for level, _, heading in found] == [(lv, squash(official_text._plain(t)))
                                                                 for lv, t in OUTLINES[policy]]
    # no level gaps: the first heading is an h2, none deeper than one below the one before it
    levels = [level for level, _, _ in found]
    assert levels[0] == 2 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))
    # the theme's table of contents lists each of them, nested by level, linking to its id
    [toc] = [nav for nav in find_class(page, "md-nav--secondary")]
    entries = {}
    for link in toc.iter("a"):
        depth = sum(1 for _ in _ancestors(toc, link, "ul"))
        entries[link.get("href")] = (depth, squash(text_of(link)))
    for level, anchor, heading in found:
        assert entries.get(f"#{anchor}") == (level - 1, heading)
    # and the folded outline for narrow screens links to the same ids
    [outline] = find_class(page, "ea-doc-outline")
    assert [a.get("href") for a in outline.iter("a")] == [f"#{anchor}" for _, anchor, _ in found]


def _ancestors(root, target, tag):
    """Elements named tag that contain target, inside root."""
    parents = {child: parent for parent in root.iter() for child in parent}
    node = target
    while node in parents:
        node = parents[node]
        if node.tag == tag:
            yield node


@pytest.mark.parametrize("policy", POLICIES)
def test_document_header_rows(built_site, policy):
    page = parse(built_site, f"policies/{policy}/")
    [head] = find_class(page, "ea-doc-head")
    assert [text_of(dt) for dt in head.iter("dt")] == HEADER_ROWS[policy]
    assert "效力状态" not in text_of(head) and "未知" not in text_of(head)
    assert not find_class(page, "ea-infobox")          # one header, not the profile infobox as well


def test_document_header_values(built_site):
    def rows(policy):
        [head] = find_class(parse(built_site, f"policies/{policy}/"), "ea-doc-head")
        return dict(zip((text_of(dt) for dt in head.iter("dt")), (text_of(dd) for dd in head.iter("dd"))))
    wsb = rows(WSB)
    assert wsb["发文机关"] == "中华人民共和国卫生部" and wsb["发文字号"] == "卫办发〔2012〕31号"
    assert wsb["成文日期"] == "2012年4月28日" and wsb["主送"].startswith("各省、自治区、直辖市和新疆生产建设兵团卫生厅（局）")
    assert "CLI.4.173293" in wsb["来源"]
    assert rows(CMA_PARTY)["发文字号"] == "医会理事党发〔2017〕5号"
    assert rows(CAST)["抄送"] == "机关各部门，各直属单位"
    assert rows(CMA)["成文日期"].startswith("2018年（文中未署成文日期")


def test_policies_list_newest_first_with_number_and_issuer(built_site):
    page = parse(built_site, "policies/")
    [listing] = find_class(page, "ea-policy-list")
    entries = list(listing.iter("li"))
    order = [next(a.get("href") for a in li.iter("a")).strip("./").split("/")[-1] for li in entries]
    # 2018-09-10; 2018 (two documents dated by year only, in pinyin order); 2017; 2012-04-28
    assert order == [CAST, SICHUAN, CMA, CMA_PARTY, WSB]
    facts = [text_of(find_class(li, "ea-doc-facts")[0]) for li in entries]
    assert facts[0] == "中国科学技术协会 · 2018年9月10日"
    assert facts[3] == "中华医学会理事会党委 · 医会理事党发〔2017〕5号 · 2017年"
    assert facts[4] == "中华人民共和国卫生部 · 卫办发〔2012〕31号 · 2012年4月28日"
    assert "按成文日期排列，新的在前" in text_of(page.find(".//article"))


def _citations(site, policy):
    text = official_text_of(site, policy)
    return [(text_of(a), a.get("href"), classes(a)) for a in text.iter("a")
            if classes(a) & {"ea-uncollected", "ea-cited"}]


def test_citations_of_documents_not_collected_are_marked_in_the_text(built_site):
    uncollected = "../../browse/uncollected/"
    sichuan = _citations(built_site, SICHUAN)
    assert all(href == uncollected and "ea-uncollected" in cls for _, href, cls in sichuan)
    cited = [squash(label) for label, _, _ in sichuan]
    assert sum("中组发〔2018〕11号" in c for c in cited) == 3 and sum("川组通〔2018〕59号" in c for c in cited) == 3
    assert cited[0] == "《关于在广大知识分子中深入开展“弘扬爱国奋斗精神、建功立业新时代”活动的通知》（中组发〔2018〕11号）"
    assert [label for label, _, _ in _citations(built_site, WSB)] == ["《医疗机构从业人员行为规范》"]
    assert [label for label, _, _ in _citations(built_site, CMA_PARTY)] == [
        "《中国科协关于加强科技社团党建工作的若干意见》", "《关于推进“两学一做”学习教育常态化制度化的意见》"]
    # the CMA plan: the 中组部 notice (written there without the space of its title) and the
    # 卫健委 notice are not collected; the 中国科协 notice is, and links to its page
    cma = _citations(built_site, CMA)
    assert [("ea-cited" in cls, href) for _, href, cls in cma] == [
        (False, uncollected), (True, f"../{CAST}/"), (False, uncollected)]
    assert cma[1][0] == "《中国科协关于在广大科技工作者中深入开展“弘扬爱国奋斗精神、建功立业新时代”活动的通知》"


# -- in a browser ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_url(built_site):
    with static_server(built_site) as url:
        yield url


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_phone_width_has_no_sideways_scroll_and_wide_screen_outline_works(browser, base_url):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    for url in [f"policies/{p}/" for p in POLICIES] + ["policies/"]:
        page.goto(base_url + url)
        width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width <= inner, url
    # the header fits the screen; the "未收录" mark is shown after a citation
    page.goto(base_url + f"policies/{SICHUAN}/")
    box = page.locator("dl.ea-doc-head").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    mark = page.evaluate("getComputedStyle(document.querySelector('a.ea-uncollected'), '::after').content")
    assert mark == '"未收录"'
    # the theme's table of contents is not shown at this width: the folded outline is, and works
    outline = page.locator("details.ea-doc-outline")
    assert outline.is_visible()
    outline.locator("summary").click()
    outline.get_by_text("(一) 第一阶段：部署动员。(2018年10月)").click()
    page.wait_for_function("() => document.querySelector('#s4-1').getBoundingClientRect().top < 200")
    phone.close()

    wide = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = wide.new_page()
    page.goto(base_url + f"policies/{SICHUAN}/")
    assert not page.locator("details.ea-doc-outline").is_visible()
    toc = page.locator("nav.md-nav--secondary")
    assert toc.is_visible()
    toc.get_by_text("（四）第四阶段：岗位践行。（贯穿全年）").click()
    page.wait_for_function("() => document.querySelector('#s4-4').getBoundingClientRect().top < 200")
    wide.close()


def test_the_masthead_is_set_as_the_printed_document(built_site):
    page = parse(built_site, f"policies/{CMA_PARTY}/")
    [text] = find_class(page, "ea-official-text")
    marked = [(next(c for c in classes(el) if c.startswith("ea-masthead-")), squash(text_of(el)))
              for el in text.iter() if any(c.startswith("ea-masthead-") for c in classes(el))]
    assert marked == [("ea-masthead-issuer", "中华医学会理事会党委文件"), ("ea-masthead-number", "医会理事党发〔2017〕5号"),
                      ("ea-masthead-title", "中华医学会理事会党委关于进一步加强党建工作的通知")]
    # a document that opens with its text has none
    assert not [el for el in parse(built_site, f"policies/{CMA}/").iter()
                if any(c.startswith("ea-masthead-") for c in classes(el))]
