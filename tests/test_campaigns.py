"""Campaigns, nominations and activities (#6): the rules of the campaign documents refused or
flagged with file, line and field; progress, dashboard, timeline, facet and the 推荐人员名单
export as a reader and the editorial office see them. Synthetic fixtures: tests/campaign_fixtures.py."""
from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from pathlib import Path

import pytest

from archive import load_archive
from archive.domain.campaigns import HEADERS, exports
from browsing import CHROMIUM, NO_CHROMIUM, static_server
from campaign_fixtures import CAMPAIGN, CAMPAIGN_TEXT, activity, add_progress, nomination, person
from conftest import BIN, copy_repo, mkdocs_build, run, write
from htmltext import article_text, read_page

JIA, YI, BING = "profiles/people/ce-shi-jia.md", "profiles/people/ce-shi-yi.md", "profiles/people/ce-shi-bing.md"


def line_of(root: Path, rel: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of a file that contains needle."""
    hits = [i for i, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[nth - 1]


@pytest.fixture
def archive_root(scratch) -> Path:
    write(scratch, "profiles/people/ce-shiren.md", person("测试人"))  # the scratch person, without spirits
    add_progress(scratch)
    return scratch


def formatted(archive, code: str) -> list[str]:
    return [p.format() for p in archive.problems + archive.warnings if p.code == code]


# -- the rules ---------------------------------------------------------------------------

def test_nominations_within_the_rules_pass(archive_root):
    archive = load_archive(archive_root)
    assert archive.problems == []
    assert [p.code for p in archive.warnings] == ["E607"]       # the late report is advice only


def test_fourth_nomination_by_one_body_is_refused_naming_every_file(archive_root):
    ding, wu = "profiles/people/ce-shi-ding.md", "profiles/people/ce-shi-wu.md"
    write(archive_root, ding, person("测试丁", nomination(date="2018-12-01")))
    assert formatted(load_archive(archive_root), "E601") == []   # a third is within the quota
    write(archive_root, wu, person("测试戊", nomination()))
    found = formatted(load_archive(archive_root), "E601")
    involved = sorted([ding, JIA, wu, YI])
    assert [f.split(": E601")[0] for f in found] == [f"{rel}:{line_of(archive_root, rel, 'body:')}" for rel in involved]
    quota_at = f"{CAMPAIGN}:{line_of(archive_root, CAMPAIGN, 'quota:')} quota"
    for message in found:
        assert "字段“nominations[1].body”：测试甲分会（ce-shi-fenhui-a）在“测试推荐活动”中推荐了 4 人，超过每单位 3 人的名额" in message
        assert quota_at in message
        for rel in involved:      # every file, with its line and field
            assert f"{rel}:{line_of(archive_root, rel, 'body:')} nominations[1].body" in message
    assert BING not in "".join(found)                             # another body's nominee


def test_quota_is_counted_over_the_whole_archive_when_checking_one_file(archive_root):
    for pid, name in [("ce-shi-ding", "测试丁"), ("ce-shi-wu", "测试戊")]:
        write(archive_root, f"profiles/people/{pid}.md", person(name, nomination()))
    one = load_archive(archive_root, only={"profiles/people/ce-shi-wu.md"})
    assert [(p.path, p.code) for p in one.problems] == [("profiles/people/ce-shi-wu.md", "E601")]
    assert "推荐了 4 人" in one.problems[0].message and JIA in one.problems[0].message
    assert set(one.entities) == {"ce-shi-wu"}                     # the others were only consulted
    assert load_archive(archive_root, only={BING}).problems == []


def test_category_the_campaign_does_not_list(archive_root):
    write(archive_root, JIA, person("测试甲", nomination(category="曾任测试学会会长")))
    found = formatted(load_archive(archive_root), "E602")
    line = line_of(archive_root, JIA, "category:")
    assert found == [
        f"{JIA}:{line}: E602 字段“nominations[1].category”：“曾任测试学会会长”不是“测试推荐活动”的推荐类别"
        f"（见 {CAMPAIGN}:{line_of(archive_root, CAMPAIGN, 'categories:')} categories）。"
        "改为其中之一：“曾任或现任测试学会会长、副会长”；“对测试事业做出重大贡献的工作者”"
        "（最接近的是“曾任或现任测试学会会长、副会长”）。"]


def test_same_person_nominated_twice_in_one_campaign(archive_root):
    write(archive_root, BING, person("测试丙", nomination(body="ce-shi-fenhui-b") + nomination(body="ce-shi-fenhui-a")))
    found = formatted(load_archive(archive_root), "E603")
    first, second = line_of(archive_root, BING, "campaign:"), line_of(archive_root, BING, "campaign:", 2)
    assert found == [
        f"{BING}:{second}: E603 字段“nominations[2].campaign”：同一人在“测试推荐活动”中被推荐了 2 次："
        f"{BING}:{first} nominations[1].campaign（测试乙分会推荐）、{BING}:{second} nominations[2].campaign（测试甲分会推荐）。"
        "一次活动只保留一条推荐记录；状态有变化时修改 status，不要另加一条。"]


def test_materials_need_a_file_that_exists_or_a_url(archive_root):
    materials = "    materials:\n      - title: 测试推荐表\n      - title: 测试扫描件\n        file: ce-shi-no.jpg\n"
    write(archive_root, BING, person("测试丙", nomination(body="ce-shi-fenhui-b", extra=materials)))
    archive = load_archive(archive_root)
    assert formatted(archive, "E604") == [
        f"{BING}:{line_of(archive_root, BING, '测试推荐表')}: E604 字段“nominations[1].materials[1]”："
        "推荐材料需写文件名（file）或网址（url）。放在 profiles/media/ 下的材料写 file，网上的写 url。"]
    assert formatted(archive, "E605")[0].startswith(
        f"{BING}:{line_of(archive_root, BING, 'file:')}: E605 字段“nominations[1].materials[2].file”：找不到材料文件 profiles/media/ce-shi-no.jpg")


def test_activity_dates_and_place(archive_root):
    rel = "profiles/activities/ce-shi-yantao.md"
    write(archive_root, rel, activity("测试专题研讨会", "学习研讨", "ce-shi-fenhui-a", "2018-11-20",
                                      report="2018-11-02", place="tangxian-baiqiuen-jinianguann"))
    found = [p.format() for p in load_archive(archive_root).problems if p.path == rel]
    assert found[0] == (f"{rel}:{line_of(archive_root, rel, 'report_date')}: E606 字段“report_date”："
                        "报告报送日期（2018-11-02）早于活动结束日期（2018-11-20）。核对两个日期。")
    assert found[1].startswith(f"{rel}:{line_of(archive_root, rel, 'place:')}: E201 字段“place”：找不到编号为“tangxian-baiqiuen-jinianguann”")


QUOTA_HINT = "每个推荐单位在本活动中最多推荐的人数；超过时 make check 报错（E601）；例：3"
YANTAO = "profiles/activities/ce-shi-yantao.md"


@pytest.mark.parametrize("rel, old, new, field, label, least, hint", [
    (CAMPAIGN, "quota: 3", "quota: -1", "quota", "每单位推荐名额", 1, QUOTA_HINT),
    (CAMPAIGN, "quota: 3", "quota: 0", "quota", "每单位推荐名额", 1, QUOTA_HINT),
    (CAMPAIGN, "minimum: 1", "minimum: 0", "requirements[1].minimum", "最少次数", 1, "例：1"),
    (CAMPAIGN, "report_deadline_days: 7", "report_deadline_days: -7", "report_deadline_days", "报告期限（天）", 0,
     "活动结束后几天内报送活动报告；活动记录的 report_date 晚于期限时 make check 提示（E607），页面上也标出；例：7"),
    (YANTAO, "participants: 30", "participants: 0", "participants", "参加人数", 1, "例：40"),
])
def test_counts_below_their_least_value_are_refused(archive_root, rel, old, new, field, label, least, hint):
    """A quota of -1 once gave "超过每单位 -1 人的名额" on every nomination: now the campaign's
    field is refused (the least value is `min` in schema.yaml) and the nominations are left alone."""
    path = archive_root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    archive = load_archive(archive_root)
    value = new.split(": ")[1]
    assert [p.format() for p in archive.problems] == [
        f"{rel}:{line_of(archive_root, rel, new)}: E118 字段“{field}”（{label}）：应为不小于 {least} 的整数，"
        f"实际为“{value}”。按字段说明改写：{hint}。"]


def test_a_report_deadline_of_zero_days_is_the_same_day(archive_root):
    path = archive_root / CAMPAIGN
    path.write_text(path.read_text(encoding="utf-8").replace("report_deadline_days: 7", "report_deadline_days: 0"),
                    encoding="utf-8")
    archive = load_archive(archive_root)
    assert archive.problems == [] and {p.code for p in archive.warnings} == {"E607"}


def test_late_report_is_advice_in_the_check_output(archive_root):
    warning = load_archive(archive_root).warnings[0]
    rel = "profiles/activities/ce-shi-baogaohui.md"
    assert warning.format() == (
        f"{rel}:{line_of(archive_root, rel, 'report_date')}: E607 提示：字段“report_date”：活动报告逾期 3 天："
        "活动于 2018-12-01 结束，2018-12-11 才报送；“测试推荐活动”要求活动结束后 7 天内报送"
        f"（{CAMPAIGN}:{line_of(archive_root, CAMPAIGN, 'report_deadline_days')} report_deadline_days）。"
        "核对活动日期与报送日期；逾期属实则照实记录，页面和达标情况页会标出“逾期”。")


# -- a built copy of the repository with the fixtures --------------------------------------

@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("campaigns"))
    add_progress(root)
    return root


@pytest.fixture(scope="module")
def site(repo) -> Path:
    result = mkdocs_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo / "site"


def check_cli(repo: Path, *files: str):
    return run([str(BIN / "python"), "scripts/check.py", *files], repo)


def test_check_and_build_refuse_a_fourth_nomination(repo, site):
    wu = "profiles/people/ce-shi-wu.md"
    added = [write(repo, f"profiles/people/{pid}.md", person(name, nomination()))
             for pid, name in [("ce-shi-ding", "测试丁"), ("ce-shi-wu", "测试戊")]]
    try:
        one = check_cli(repo, wu)
        assert one.returncode == 1 and "Traceback" not in one.stderr
        assert one.stdout.startswith(f"{wu}:{line_of(repo, wu, 'body:')}: E601 字段“nominations[1].body”"), one.stdout
        assert "检查未通过：1 个文件共 1 个错误" in one.stderr
        build = mkdocs_build(repo, repo / "site-refused")
        assert build.returncode != 0 and "E601" in build.stdout + build.stderr
        assert not (repo / "site-refused" / "index.html").exists()
    finally:
        for path in added:
            path.unlink()


def test_check_prints_the_late_report_and_passes(repo):
    result = check_cli(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E607 提示：" in result.stdout and "另有 1 条其他提示（不影响通过）" in result.stdout
    assert "排版提示" not in result.stdout


def test_campaign_page_shows_progress_against_the_quota(site):
    page = read_page(site, "campaigns/ce-shi-huodong/")
    text = "".join(page.text)
    assert "共推荐 3 人：已推荐 1，审核中 1，已入选 1，未入选 0。" in text
    rows = re.findall(r"<tr>(.*?)</tr>", (site / "campaigns/ce-shi-huodong/index.html").read_text(encoding="utf-8"), re.S)
    cells = [re.sub(r"<[^>]+>", "", row).split() for row in rows]
    assert ["测试甲分会", "2/3", "1", "0", "1", "0", "测试甲（已推荐）、测试乙（已入选）"] in cells
    assert ["测试乙分会", "1/3", "0", "1", "0", "0", "测试丙（审核中）"] in cells
    hrefs = [href for _, href in page.links]
    for pid in ("ce-shi-jia", "ce-shi-yi", "ce-shi-bing"):
        assert f"../../people/{pid}/" in hrefs
    assert "../../data/nominations.csv" in hrefs and "../../data/nominations.xlsx" in hrefs
    assert "dashboard/" in hrefs


def test_dashboard_shows_minimums_met_or_not_and_late_reports(site):
    text = article_text(site, "campaigns/ce-shi-huodong/dashboard/")
    squashed = re.sub(r"\s+", " ", text)
    assert "测试甲分会 学习研讨 1 1 已达标" in squashed
    assert "测试乙分会 学习研讨 0 1 未达标" in squashed                 # held a 征文, not a 研讨
    assert "测试办事机构党委 事迹报告会 1 2 未达标" in squashed
    assert "测试办事机构党委 学习研讨" not in squashed                  # its own requirement only
    assert "暂不能逐个统计" not in squashed                            # each requirement has its rows
    assert "测试事迹报告会（测试办事机构党委）：活动于2018年12月1日结束，2018年12月11日报送，逾期 3 天" in squashed
    assert "2018年11月26日报送，活动结束后 6 天，按期" in squashed


def test_activity_page_flags_a_late_report(site):
    text = article_text(site, "activities/ce-shi-baogaohui/")
    assert "报告逾期 3 天" in text and "要求活动结束后 7 天内报送" in text
    assert "逾期" not in article_text(site, "activities/ce-shi-yantao/")


def test_nominee_page_lists_the_nomination(site):
    page = read_page(site, "people/ce-shi-yi/")
    text = "".join(page.text)
    assert "推荐记录" in text and "测试甲分会推荐，类别：对测试事业做出重大贡献的工作者，2018年11月20日，状态：已入选" in text
    assert ("测试推荐表", "https://example.org/form") in page.links


def test_nominating_body_facet(site):
    index = article_text(site, "browse/nominators/")
    assert "测试甲分会（2）" in index and "测试乙分会（1）" in index
    page = read_page(site, "browse/nominators/ce-shi-jia-fen-hui/")
    linked = {href.split("/")[-2] for _, href in page.links if "/people/" in href}
    assert linked == {"ce-shi-jia", "ce-shi-yi"}
    assert "共 2 份档案" in "".join(page.text)


def test_timeline_shows_campaign_stages_in_order(site):
    text = article_text(site, "browse/timeline/")
    assert "2018年10月 活动阶段：测试推荐活动：阶段 1/2 测试动员（2018年10月）" in text
    assert "2018年10月 活动阶段：测试推荐活动：阶段 2/2 测试践行（贯穿全年）" in text
    assert text.index("阶段 1/2") < text.index("阶段 2/2")
    assert "2018年11月20日 活动记录：测试甲分会举办测试专题研讨会（学习研讨）" in text


def read_csv(site: Path) -> tuple[bytes, list[list[str]]]:
    raw = (site / "data/nominations.csv").read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[list[str]]:
    """The first sheet's cells as text (shared strings), without openpyxl."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        strings = [re.sub(r"<[^>]+>", "", si) for si in
                   re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode("utf-8"), re.S)]
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, re.S):
        cells = {}
        for ref, index in re.findall(r'<c r="([A-Z]+)\d+"[^>]*t="s"[^>]*><v>(\d+)</v></c>', row):
            cells[ord(ref) - ord("A")] = strings[int(index)]
        rows.append([cells.get(i, "") for i in range(len(HEADERS))])
    return rows


def test_nominations_csv_opens_in_excel(site):
    raw, rows = read_csv(site)
    assert raw.startswith(b"\xef\xbb\xbf")                        # BOM: Excel reads UTF-8
    assert rows[0] == ["活动", "推荐单位", "姓名", "推荐类别", "推荐日期", "状态", "档案网址", "档案编号", "推荐材料"]
    assert [r[:6] + [r[7]] for r in rows[1:]] == [
        ["测试推荐活动", "测试甲分会", "测试甲", "曾任或现任测试学会会长、副会长", "2018-11-20", "已推荐", "ce-shi-jia"],
        ["测试推荐活动", "测试甲分会", "测试乙", "对测试事业做出重大贡献的工作者", "2018-11-20", "已入选", "ce-shi-yi"],
        ["测试推荐活动", "测试乙分会", "测试丙", "曾任或现任测试学会会长、副会长", "2018-11-20", "审核中", "ce-shi-bing"]]
    assert rows[2][6] == "people/ce-shi-yi/"
    # A value that a spreadsheet would run as a formula is kept as text.
    assert rows[2][8] == "'=1+1 测试（https://example.org/formula）；测试推荐表（https://example.org/form）"


def test_nominations_xlsx_holds_the_same_rows(site):
    _, csv_rows = read_csv(site)
    xlsx_rows = read_xlsx((site / "data/nominations.xlsx").read_bytes())
    assert xlsx_rows[0] == HEADERS
    expected = [[v[1:] if v.startswith("'=") else v for v in row] for row in csv_rows[1:]]
    assert xlsx_rows[1:] == expected                             # text cells: no formula to guard


def test_xlsx_is_reproducible_and_dated_by_source_date_epoch(archive_root, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795431259")        # 2026-11-23T10:54:19Z
    archive = load_archive(archive_root)
    first = dict(exports(archive, "http://archive.example.internal/kaimo/"))
    time.sleep(1.1)
    second = dict(exports(archive, "http://archive.example.internal/kaimo/"))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first["data/nominations.xlsx"])) as book:
        core = book.read("docProps/core.xml").decode("utf-8")
        assert {i.date_time for i in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-23T10:54:19Z</dcterms:created>" in core
    rows = list(csv.reader(io.StringIO(first["data/nominations.csv"].decode("utf-8-sig"))))
    assert rows[1][6] == "http://archive.example.internal/kaimo/people/ce-shi-jia/"


# -- the real archive ----------------------------------------------------------------------

def test_real_campaigns_say_what_will_appear_instead_of_empty_tables(built_site):
    text = article_text(built_site, "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/")
    assert "每个机构推荐原则上不超过3名" in text
    for category in ("曾任或现任中华医学会会长、副会长", "各专科分会主任委员及副主任委员",
                     "各系列杂志总编辑、副总编辑", "对中国医学事业做出重大贡献的医学科技工作者"):
        assert category in text
    # what will appear, and who supplies it; no link to a file that would list nobody
    assert ("推荐人员名单由学会各专科分会、各部门、各支部（总支）和学会系列杂志报送中华医学信息导报编辑部；"
            "收录后，这里按推荐单位列出推荐人数（每单位不超过 3 名）和审核进度") in text
    page = read_page(built_site, "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/")
    assert not [h for _, h in page.links if "data/nominations" in h]
    assert not (built_site / "data/nominations.csv").exists() and not (built_site / "data/nominations.xlsx").exists()
    assert "make new" not in text and "nominations" not in text

    dashboard_html = (built_site / "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/dashboard/index.html").read_text(encoding="utf-8")
    dashboard = re.sub(r"\s+", " ", article_text(built_site, "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/dashboard/"))
    assert "<table" not in dashboard_html.split('<article', 1)[1]          # no table of zeros
    assert "暂无记录" not in dashboard and " 0 2 " not in dashboard
    assert "本档案尚未收录本活动的活动记录（这不表示各单位没有开展活动）" in dashboard
    assert "报送中华医学信息导报编辑部的活动报告整理；收录后，本页将逐个单位统计开展活动的次数" in dashboard
    assert ("发起文件的要求 各专科分会、各部门、各支部（总支）：学习研讨不少于 1 次（原文：组织现场或网上研讨活动不少于1次） "
            "中华医学会办事机构党委：事迹报告会不少于 2 次") in dashboard
    assert "活动结束后 7 天内" in dashboard

    # a dashboard only where there is something to count: the CMA plan sets minimums, the others none
    assert "dashboard/" in [h for _, h in page.links]
    for campaign in ("sichuan-aiguo-fendou-huodong-2018", "zhongguo-kexie-aiguo-fendou-huodong-2018",
                     "weishengbu-zhiye-jingshen-dataolun-2012"):
        assert not (built_site / "campaigns" / campaign / "dashboard").exists(), campaign
    activities = re.sub(r"\s+", " ", article_text(built_site, "activities/"))
    assert "共 0" not in activities and "本档案尚未收录活动记录，收录后将在此列出" in activities
    assert "中华医学会“弘扬爱国奋斗精神、建功立业新时代”活动：报送中华医学信息导报编辑部，活动结束后 7 天内" in activities
    # the campaigns explain (empty_records defaults to 说明): 活动记录 stays in the navigation
    assert any(h.endswith("activities/") for h in read_page(built_site, "").nav_links)


def test_a_way_to_browse_nothing_is_not_offered(built_site):
    browse = article_text(built_site, "browse/")
    assert "推荐单位" not in browse and "：0 项" not in browse
    assert not (built_site / "browse/nominators").exists()


def test_campaigns_that_choose_not_to_show_empty_records_leave_them_out(tmp_path):
    root = copy_repo(tmp_path)
    for path in (root / "profiles/campaigns").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("---\n", "---\nempty_records: 不显示\n", 1), encoding="utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    text = article_text(site, "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/")
    assert "推荐进度" not in text and "尚未收录本活动" not in text
    assert "组织现场或网上研讨活动不少于1次" in text                         # what the document asks stays
    assert not [h for _, h in read_page(site, "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/").links
                if "dashboard" in h]
    home = read_page(site, "")
    assert not any(h.endswith("activities/") for h in home.nav_links)      # out of the navigation
    assert any(h.endswith("campaigns/") for h in home.nav_links)
    assert "本档案尚未收录活动记录" in article_text(site, "activities/")     # the address still answers


def test_real_timeline_shows_sichuan_stages_and_the_2012_campaign(built_site):
    text = article_text(built_site, "browse/timeline/")
    sichuan = "四川省医疗卫生人员“弘扬爱国奋斗精神、建功立业新时代”活动"
    for when, stage in [("2018年10月", "阶段 1/4 部署动员（2018年10月）"), ("2018年11月", "阶段 2/4 广泛宣传（2018年11月）"),
                        ("2018年12月", "阶段 3/4 深入学习（2018年12月）"), ("2018年10月", "阶段 4/4 岗位践行（贯穿全年）")]:
        assert f"{when} 活动阶段：{sichuan}：{stage}" in text
    positions = [text.index(s) for s in ("阶段 1/3 活动开始（从2012年4月开始，贯穿全年）",
                                         "阶段 2/3 成果汇报（今年7月底前）", "阶段 3/3 形成最终表述（2012年10月前）")]
    assert positions == sorted(positions)
    assert "2012年7月 活动阶段：医疗卫生职业精神大讨论活动：阶段 2/3" in text


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_timeline_filter_hides_campaign_stages(browser, built_site):
    with static_server(built_site) as url:
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        try:
            page.goto(url + "browse/timeline/")
            stages, policies = page.locator("li.ea-ev-stage"), page.locator("li.ea-ev-policy")
            assert stages.first.is_visible() and policies.first.is_visible()
            page.get_by_label("活动阶段").uncheck()
            assert not stages.first.is_visible() and policies.first.is_visible()
            page.get_by_label("主题活动").uncheck()
            assert not page.locator("li.ea-ev-campaign").first.is_visible()
        finally:
            context.close()


def test_pages_still_render_when_campaign_data_is_broken(archive_root):
    """Under `mkdocs serve` an editor's half-written profile must not stop the preview."""
    from archive.pages import all_pages
    write(archive_root, CAMPAIGN, CAMPAIGN_TEXT.replace("quota: 3", "quota: 三")
          .replace("  - name: 测试动员\n", "  - 测试\n  - description: 缺少名称\n").replace("minimum: 2", "minimum: 两"))
    write(archive_root, "profiles/people/ce-shi-x.md",
          person("测试人乙", "  - 推荐\n  - campaign: no-such\n    body: 7\n    status: 好\n    materials: [x]\n"))
    write(archive_root, "profiles/activities/ce-shi-bad.md",
          activity("测试坏记录", "其他", "no-org", "2018-13-01", report="昨天", campaign="no-such"))
    archive = load_archive(archive_root)
    assert {"E101", "E103", "E105", "E111", "E102", "E201"} <= {p.code for p in archive.problems}
    pages = dict(all_pages(archive))
    assert "测试坏记录" in pages["activities/ce-shi-bad.md"] and "昨天" in pages["activities/ce-shi-bad.md"]
    assert "测试推荐活动" in pages["campaigns/ce-shi-huodong.md"]
    assert dict(exports(archive))["data/nominations.csv"].startswith(b"\xef\xbb\xbf")


def test_campaigns_are_listed_newest_first_and_stages_keep_their_year(built_site):
    listed = [h for _, h in read_page(built_site, "campaigns/").links if h.count("/") == 1]
    assert listed.index("weishengbu-zhiye-jingshen-dataolun-2012/") == len(listed) - 1     # 2012, the oldest
    assert "按时间排列，新的在前" in article_text(built_site, "campaigns/")
    # "今年7月底前" in a 2012 notice is July 2012, also on the home page years later
    assert "今年7月底前（2012年7月）" in article_text(built_site, "campaigns/weishengbu-zhiye-jingshen-dataolun-2012/")
    home = article_text(built_site, "")
    assert "今年7月底前（2012年7月）" in home and "（12……" not in home


def test_a_stage_worded_relative_to_its_year_gets_the_year_when_it_has_no_date():
    from archive.domain.model import Entity
    from archive.pages.campaign_blocks import stage_period
    campaign = Entity("c", "campaign", "profiles/campaigns/c.md", {"start": "2012-04"}, "", 1, {})
    assert stage_period({"period": "今年7月底前"}, campaign) == "今年7月底前（2012年）"
    assert stage_period({"period": "贯穿全年"}, campaign) == "贯穿全年"
    assert stage_period({"period": "2018年10月", "date": "2018-10"}, campaign) == "2018年10月"
    assert stage_period({"period": "从2012年4月开始，贯穿全年", "date": "2012-04"}, campaign) == "从2012年4月开始，贯穿全年"
