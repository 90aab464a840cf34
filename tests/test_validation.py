"""Every class of bad input is reported as `file:line: CODE message` in Chinese,
all problems at once, without a traceback, by the same loader the build uses."""
from __future__ import annotations

import datetime
import errno
import os
import posixpath
from pathlib import Path

import pytest

from archive import load_archive
from archive.load import validate
from conftest import ROOT, VALID_PERSON, VALID_SPIRIT, write

PERSON = "profiles/people/ce-shiren.md"


def problems(root: Path) -> list[str]:
    return [p.format() for p in load_archive(root).problems]


def replace_person(root: Path, old: str, new: str) -> None:
    write(root, PERSON, VALID_PERSON.replace(old, new))


def test_valid_archive_has_no_problems(scratch):
    archive = load_archive(scratch)
    assert problems(scratch) == []
    assert set(archive.entities) == {"ce-shiren", "kexuejia-jingshen"}


def test_bad_date_names_file_line_field_and_fix(scratch):
    replace_person(scratch, 'birth: "1930-12-30"', "birth: 1930年")
    assert problems(scratch) == [
        f"{PERSON}:3: E102 字段“birth”：日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD，实际为“1930年”。"
        "改为如 \"1930\"、\"1930-12\" 或 \"1930-12-30\"，并加引号。"]


@pytest.mark.parametrize("value", ["１９３０", "１９３０－１２－３０", "1930-１２"])
def test_full_width_digits_in_a_date_are_refused_saying_so(scratch, value):
    """\\d took them: "１９３０" passed, and went out unchanged in the open data."""
    replace_person(scratch, '"1930-12-30"', f'"{value}"')
    assert problems(scratch) == [
        f"{PERSON}:3: E102 字段“birth”：日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD，实际为“{value}”（其中有全角的数字或连字符）。"
        "改为如 \"1930\"、\"1930-12\" 或 \"1930-12-30\"，并加引号；数字和连字符用半角，即英文输入状态下的 0–9 和 -。"]


@pytest.mark.parametrize("field, value, line, ok", [
    ("birth", '"0000"', 3, False), ("birth", '"0999-12-30"', 3, False), ("birth", '"1000"', 3, True),
    ("death", "0193", 3, False),
])
def test_years_before_the_earliest_are_refused(scratch, field, value, line, ok):
    replace_person(scratch, 'birth: "1930-12-30"', f"{field}: {value}")
    found = problems(scratch)
    if ok:
        assert found == []
        return
    label = {"birth": "出生", "death": "逝世"}[field]
    assert found == [
        f"{PERSON}:{line}: E118 字段“{field}”（{label}）：年份应不早于 1000 年，实际为“{value.strip(chr(34))}”。"
        "核对年份：本档案收录近现代的人物、群体和文件，早于 1000 年的年份多是笔误；"
        "日期写作 \"1930\"、\"1930-12\" 或 \"1930-12-30\"。"], found


def test_an_honours_year_before_the_earliest_is_refused(scratch):
    replace_person(scratch, "abstract:", "honours:\n  - {name: 国家最高科学技术奖, year: 16}\nabstract:")
    assert problems(scratch) == [
        f"{PERSON}:6: E118 字段“honours[1].year”（年份）：应为不小于 1000 的整数，实际为“16”。按字段说明改写：例：2016。"]


def test_impossible_date(scratch):
    replace_person(scratch, '"1930-12-30"', '"1930-02-30"')
    assert [p.split(" ")[1] for p in problems(scratch)] == ["E111"]


@pytest.mark.parametrize("content, code, line", [
    (b"\xd6\xd0\xce\xc4", "E002", 1),                                     # GBK, not UTF-8
    (b"---\nname: x\nabstract: \xd6\xd0\n---\n", "E002", 3),                 # … on line 3
    (b"name: x\n", "E004", 1),                                            # no front matter
    (b"---\nname: x\n", "E004", 1),                                       # never closed
    (b"---\nname: x\nabstract: a: b\n---\n", "E005", 3),                  # YAML syntax
    (b"---\nname: x\nabstract: \"open\n---\n", "E005", None),             # unclosed quote
    (b"---\nname: x\nsources:\n\t- title: a\n---\n", "E006", 4),          # tab indentation
    (b"---\n- name\n- x\n---\n", "E007", 2),                              # list, not mapping
    (b"---\nname: &n x\nabstract: *n\n---\n", "E011", 3),                  # an alias
    (b"---\nname: x\n1: x\n---\n", "E015", 3),                              # a number as a field's name
    (b"---\nname: x\n? [a, b]\n: c\n---\n", "E015", 3),                    # a list as one
    (b"---\nname: x\nabstract: " + b"[" * 5000 + b"]" * 5000 + b"\n---\n", "E012", 3),     # nested too deep
    (b"---\nname: x\nabstract: " + b"[" * 5000 + b"]" * 4999 + b"\n---\n", "E012", None),  # … and unclosed
    (b"---\nname: x\nbirth: !!int abc\n---\n", "E005", 3),                # a tag its value does not fit
    (b"---\nname: x\nsources:\n  - !!bool maybe\n---\n", "E005", 4),
])
def test_broken_files(scratch, content, code, line):
    write(scratch, PERSON, content)
    found = problems(scratch)
    assert len(found) == 1, found
    where, got_code = found[0].split(" ")[0], found[0].split(" ")[1]
    assert got_code == code
    assert where.startswith(PERSON)
    if line:
        assert where == f"{PERSON}:{line}:"


def test_a_billion_laughs_file_is_refused_at_once(scratch):
    """Lists of aliases of lists: walking the values would take 9^8 steps (and gigabytes)."""
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    rows += [f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefg", "bcdefgh")]
    write(scratch, PERSON, ("---\nname: 测试\n" + "\n".join(rows) + "\n---\n").encode("utf-8"))
    found = problems(scratch)
    assert [(p.split(" ")[0], p.split(" ")[1]) for p in found] == [(f"{PERSON}:{n}:", "E011") for n in range(4, 11)]
    assert "字段“h”用了 YAML 别名" in found[-1] and "删去 & 与 * 标记" in found[-1]


def test_yaml_tags_are_rejected_and_never_run(scratch, tmp_path):
    marker = tmp_path / "pwned"
    write(scratch, PERSON, f'---\nname: !!python/object/apply:os.system ["touch {marker}"]\n---\n')
    found = problems(scratch)
    assert [p.split(" ")[1] for p in found] == ["E008"]
    assert "!!python/object/apply:os.system" in found[0]
    assert not marker.exists()


def test_unreadable_file(scratch, monkeypatch):
    """A file the system refuses to read (as it would without the permission, which root has)."""
    from archive.runtime import files
    write(scratch, "profiles/people/lost.md", VALID_PERSON)
    regular = files.read_regular

    def refuse(path, limit=None):
        if str(path).endswith("lost.md"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return regular(path, limit)
    monkeypatch.setattr(files, "read_regular", refuse)
    found = problems(scratch)
    assert len(found) == 1 and found[0].startswith("profiles/people/lost.md: E001 无法读取文件：没有读取权限")


def test_a_dangling_link_is_a_link(scratch):
    os.symlink(scratch / "nowhere.md", scratch / "profiles/people/lost.md")
    found = problems(scratch)
    assert len(found) == 1 and found[0].startswith("profiles/people/lost.md: E018 这是符号链接")


def test_file_too_large(scratch):
    write(scratch, PERSON, VALID_PERSON + "长" * 100_000)
    assert [p.split(" ")[1] for p in problems(scratch)] == ["E003"]


def test_missing_required_fields(scratch):
    write(scratch, PERSON, "---\nname: 测试人\n---\n")
    found = problems(scratch)
    assert {p.split(" ")[1] for p in found} == {"E101"}
    assert any("“abstract”" in p for p in found) and any("“sources”" in p for p in found)
    assert any("“review”" in p for p in found)


def test_wrong_type_and_unknown_field(scratch):
    replace_person(scratch, "abstract: 测试用人物。", "abstract: [a, b]\nbirht: \"1930\"")
    found = problems(scratch)
    assert any(p.startswith(f"{PERSON}:5: E103 字段“abstract”：应为文本，实际为列表") for p in found), found
    assert any(p.startswith(f"{PERSON}:6: E104 未知字段“birht”") for p in found), found


def test_vocabulary_values(scratch):
    replace_person(scratch, "abstract:", "category: 大科学家\nabstract:")
    found = problems(scratch)
    assert len(found) == 1 and "E105" in found[0] and "老一辈科学家" in found[0]


def test_nested_field_line(scratch):
    replace_person(scratch, "abstract:", "honours:\n  - name: 国家最高科学技术奖\n    year: 二〇一六\nabstract:")
    assert problems(scratch)[0].startswith(f"{PERSON}:7: E103 字段“honours[1].year”：应为整数")


def test_unknown_and_wrong_kind_references(scratch):
    replace_person(scratch, "[kexuejia-jingshen]", "[kexuejia-jingshn, ce-shiren]")
    found = problems(scratch)
    assert any("E201 字段“spirits[1]”：找不到编号为“kexuejia-jingshn”" in p and "kexuejia-jingshen" in p for p in found)
    assert any("E202 字段“spirits[2]”：“ce-shiren”是人物档案，这里需要精神档案" in p for p in found)


def test_duplicate_ids(scratch):
    write(scratch, "profiles/spirits/ce-shiren.md", VALID_SPIRIT)
    found = problems(scratch)
    assert found == [next(p for p in found if "E203" in p)]
    assert "profiles/spirits/ce-shiren.md" in found[0] and PERSON in found[0]


def test_bad_file_name_and_folder(scratch):
    write(scratch, "profiles/people/CeShiren.md", VALID_PERSON)
    write(scratch, "profiles/persons/ce-shiren2.md", VALID_PERSON)
    write(scratch, "profiles/people/ce-shiren3.MD", VALID_PERSON)           # once left out unsaid
    write(scratch, "profiles/people/ce-shiren4.markdown", VALID_PERSON)
    write(scratch, "profiles/people/sub/ce-shiren5.md", VALID_PERSON)
    found = problems(scratch)
    assert sorted(p.split(" ")[:2] for p in found) == [
        ["profiles/people/CeShiren.md:", "E009"], ["profiles/people/ce-shiren3.MD:", "E009"],
        ["profiles/people/ce-shiren4.markdown:", "E009"], ["profiles/people/sub/ce-shiren5.md:", "E204"],
        ["profiles/persons/ce-shiren2.md:", "E204"]]
    assert "移到 profiles/people/（人物）、" in next(p for p in found if "sub/" in p)


def test_reserved_ids_are_refused(scratch):
    """spirits/index.md would replace the list of spirits (and study/index.md), people/index.md
    be lost behind the list of people."""
    from archive.pages import all_pages
    write(scratch, "profiles/spirits/index.md", VALID_SPIRIT)
    write(scratch, "profiles/people/index.md", VALID_PERSON)
    archive = load_archive(scratch)
    assert [p.format() for p in archive.problems] == [
        f"profiles/{folder}/index.md: E019 档案编号“index”是网站保留的名称：各类别的列表页（如 people/index.md，"
        "即网址 people/）和学习研讨首页（study/index.md）用的就是这个名称，这份档案的网页会顶替那一页或被它遮住。"
        "给文件改名，换一个编号（一般用名称的拼音，如 tu-youyou.md）；保留的名称有：index。"
        for folder in ("people", "spirits")]
    assert set(archive.entities) == {"ce-shiren", "kexuejia-jingshen"}
    pages = dict(all_pages(archive))
    assert "测试人的生平" not in pages["people/index.md"] and "正文。" not in pages["spirits/index.md"]


def test_reserved_ids_cover_every_page_generated_where_profiles_pages_are():
    """The reserved names are declared in schema.yaml: every generated page in a folder that
    holds profiles' pages (people/, study/ …) is a profile's or has a reserved name."""
    from archive.pages import all_pages
    archive = load_archive(ROOT, advice=False)
    pages = [src for src, _ in all_pages(archive)]
    ids = set(archive.entities)
    folders = {posixpath.dirname(src) for src in pages if posixpath.basename(src).removesuffix(".md") in ids}
    assert {"people", "spirits", "study"} <= folders
    names = {posixpath.basename(src).removesuffix(".md") for src in pages if posixpath.dirname(src) in folders}
    assert names - ids == set(archive.schema.reserved_ids), names - ids


@pytest.mark.parametrize("url, shown", [
    ("|\n      https://example.org/", "https://example.org/\\n"),          # a block scalar ends in a line break
    ('"https://example.org/\\n"', "https://example.org/\\n"),
    ("https://example.org/a b", "https://example.org/a b"),
    ('"https://example.org/\\ta"', "https://example.org/\\ta"),
    ('"https://example.org/\\x01"', "https://example.org/\\u0001"),
    ("https://example.org/\u3000", "https://example.org/\u3000"),
])
def test_a_url_with_whitespace_or_a_control_character_is_refused(scratch, url, shown):
    replace_person(scratch, "url: https://example.org/", f"url: {url}")
    assert [p for p in problems(scratch) if " E306 " not in p] == [     # (a control character is E306 too)
        f"{PERSON}:8: E107 字段“sources[1].url”：网址无效：“{shown}”（其中有空格、换行等空白字符或控制字符）。"
        "写完整的 http:// 或 https:// 网址；删去其中的空白和控制字符（网址中确需空格时写作 %20）。"]


POLICY = """\
---
title: 测试通知
issuers: []
doc_number: {number}
source: {{title: 测试}}
abstract: 测试。
review: {{status: 待审核}}
---
正文。
"""


@pytest.mark.parametrize("number, ok", [
    ("卫办发〔2012〕31号", True), ("医会理事党发〔2017〕5号", True),
    ("卫办发[2012]31号", False), ("卫办发〔12〕31号", False), ("卫办发〔2012〕31", False),
    ("卫办发〔2012〕３１号", False), ("卫办发〔20１２〕31号", False),           # full-width digits
])
def test_doc_number_format(scratch, number, ok):
    write(scratch, "profiles/policies/ce-shi.md", POLICY.format(number=number))
    found = [p for p in problems(scratch) if "E106" in p]
    assert (found == []) == ok, found
    if not ok:
        assert found[0].startswith("profiles/policies/ce-shi.md:4: E106")


@pytest.mark.parametrize("snippet, code", [
    ("<script>alert(1)</script>", "E301"),
    ('<img src="x.png" onerror="alert(1)">', "E302"),
    ("[点我](javascript:alert(1))", "E303"),
    ("[点我](&#106;avascript:alert(1))", "E303"),
    ('<iframe src="https://example.org"></iframe>', "E301"),
    ("![照片](https://example.org/a.jpg)", "E304"),
    ('<img src="//cdn.example.org/a.jpg" alt="照片">', "E304"),
    # the generated pages' island markers (markup.py): a profile must not pass raw HTML through
    ("文字\ue010<b>原样</b>", "E305"),
    # what got through before (a review's findings): attr_list, ">" in a quoted value, tabs and
    # line breaks a browser drops from a URL, a page-wide <style>
    ('[链接](https://example.org/){: onmouseover="alert(2)" }', "E302"),
    ('## 标题 {: onfocus="alert(4)" tabindex=1 autofocus }', "E302"),
    ('<img title=">" onerror=alert(3) src=x>', "E302"),
    ("<a href=\"x\" title='>' onclick=\"alert(5)\">q</a>", "E302"),
    ('<a href="jav&#x09;ascript:alert(1)">t</a>', "E303"),
    ("[m](java&#x0A;script:alert(4))", "E303"),
    ('<a href="java&NewLine;script:alert(1)">n</a>', "E303"),
    ('<a href="java\nscript:alert(9)">跨行</a>', "E303"),
    ("<style>body{display:none}</style>", "E301"),
    # a second review's: a no-break space is no separator, "}" inside attr_list quotes, a tag cut
    # short by the next "<" (a browser reads on), a line break inside a link with [] in its text
    ('<img src=x title=\u00a0"y onerror=alert(1) z">', "E302"),
    ('<img src=x title=\u3000"y onerror=alert(1) z">', "E302"),
    # what a browser makes of a tag, not a pattern: an unquoted value with a stray quote, a tag
    # that is not <img> to a pattern but is one to a browser, addresses that leave the site
    ("<div><img src=x a=b' onerror=alert(document.domain)></div>", "E302"),
    ("<image src=https://example.org/a.png>", "E301"),
    ('<img src="/\\example.org/x.png">', "E304"),
    ('<img src="https:example.org/x.png">', "E304"),
    ("<img src=\"/\n/example.org/x.png\">", "E304"),
    ("<table><tr><td background=//example.org/x.png>a</td></tr></table>", "E307"),
    ('<img srcset="//example.org/x.png 1x" src="../media/a.png">', "E307"),
    ("<p style=background:url(//example.org/x)>x</p>", "E307"),
    ("<video poster=//example.org/x.png></video>", "E301"),
    ("[a]: javascript:alert(1)\n\n[点我][a]", "E303"),
    ("[b]: //example.org/x.png\n\n![图][b]", "E304"),
    # a relative address that climbs out of profiles/media/: other pages of the host (a review's)
    ("![a](../../../../../admin/delete?all=1)", "E309"),
    ('<img src="../../../../logout">', "E309"),
    ("[屠 [呦] 呦](java\nscript:alert(1))", "E303"),
])
def test_script_in_body_is_rejected(scratch, snippet, code):
    write(scratch, PERSON, VALID_PERSON + f"\n第二段。\n\n{snippet}\n")
    found = problems(scratch)
    assert found and any(f"{PERSON}:16: {code}" in p for p in found), found
    assert all(p.startswith(f"{PERSON}:1") for p in found), found


@pytest.mark.parametrize("snippet", [
    '{: onclick="alert(1)" }',                 # a paragraph of its own: attr_list leaves it as text
    '{: title="}" onmouseover=alert(1) }',
    "<img src=x onerror=alert(1)//</div>",     # not a whole tag: Markdown escapes it
    '<a href="java\tscript:alert(1)">t</a>',   # Markdown turns the tab into spaces: no scheme
    "`<script>alert(1)</script>`",             # code: shown, not run
    "```\n<img src=x onerror=alert(1)>\n```",
    "JavaScript: 一门编程语言。",
])
def test_markup_that_the_page_shows_as_text_is_accepted(scratch, snippet):
    """The check reads the body as the site renders it: what the page shows as text is no problem."""
    write(scratch, PERSON, VALID_PERSON + f"\n第二段。\n\n{snippet}\n")
    assert problems(scratch) == []


def test_attribute_list_under_a_paragraph_is_reported_where_it_is_written(scratch):
    write(scratch, PERSON, VALID_PERSON + '\n第二段。\n\n段落\n{: onclick="alert(1)" }\n')
    assert [p.split(" ")[:2] for p in problems(scratch)] == [[f"{PERSON}:17:", "E302"]]


def test_script_url_is_reported_on_its_own_line(scratch):
    """Not at the first "&" of the text (an entity elsewhere once moved every finding there)."""
    write(scratch, PERSON, VALID_PERSON + "\nA &amp; B\n\n第三段。\n\n[a](javascript:alert(1))\n")
    assert [p.split(" ")[0:2] for p in problems(scratch)] == [[f"{PERSON}:18:", "E303"]]


def test_script_in_field_is_rejected(scratch):
    replace_person(scratch, "abstract: 测试用人物。", 'abstract: "<script>alert(1)</script>"')
    assert problems(scratch)[0].startswith(f"{PERSON}:5: E301 字段“abstract”含有网站不允许的 HTML 标签 <script>")


@pytest.mark.parametrize("text, code", [
    ("身份证号 11010519491231002X。", "E401"),
    ("联系电话 13812345678。", "E402"),
    ("手机：+86 138-1234-5678。", "E402"),
    ("联系电话 １３８１２３４５６７８。", "E402"),                 # full-width digits (an input method's)
    ("身份证号 110105 19491231 002X。", "E401"),                 # grouped with spaces
    ("身份证号 １１０１０５１９４９１２３１００２Ｘ。", "E401"),
    ("测\u200b试人的事迹。", "E306"),                             # zero-width space inside a word
    ("\u202e文字方向被倒转。", "E306"),
    ("补充平面私用区字符 \U000f0001。", "E305"),
])
def test_personal_data_is_rejected(scratch, text, code):
    write(scratch, PERSON, VALID_PERSON + text)
    found = problems(scratch)
    assert len(found) == 1 and code in found[0], found
    assert "13812345678" not in found[0] and "11010519491231002X" not in found[0]  # masked


def test_office_phone_numbers_are_allowed(scratch):
    write(scratch, PERSON, VALID_PERSON + "联系电话：010-68792782、（010）68578091。")
    assert problems(scratch) == []


def test_a_page_number_in_a_web_address_is_not_a_phone_number(scratch):
    """A source's address (…/13912345678.html) is cited, not called; the same digits in prose are."""
    write(scratch, PERSON, VALID_PERSON + "见 https://b2b.example.com/news/13912345678.html 一文。")
    assert problems(scratch) == []
    replace_person(scratch, "url: https://example.org/", 'url: "http://example.com/a/13912345678.html"')
    assert problems(scratch) == []
    write(scratch, PERSON, VALID_PERSON + "见 https://example.com/a.html 一文，联系 13912345678。")
    assert [p.split(" ")[1] for p in problems(scratch)] == ["E402"]


def test_a_source_needs_a_title_or_what_it_holds(scratch):
    replace_person(scratch, "  - title: 测试来源\n", "  - publisher: 测试网\n")
    found = problems(scratch)
    assert len(found) == 1 and found[0].startswith(f"{PERSON}:7: E119 字段“sources[1]”：来源需要标题（title），读不到标题时写内容（about）"), found
    replace_person(scratch, "  - title: 测试来源\n", "  - about: 测试人逝世的消息\n    note: 页面标题未能读取\n")
    assert problems(scratch) == []


def test_a_source_accessed_after_today_is_refused(scratch, monkeypatch):
    """An access date one day ahead (2026-12-08 typed on 2026-12-07) passed every check."""
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-12-07")
    replace_person(scratch, "    url: https://example.org/\n",
                   '    url: https://example.org/\n    date: "2026-12"\n    accessed: "2026-12-08"\n')
    assert problems(scratch) == [
        f"{PERSON}:10: E120 字段“sources[1].accessed”（访问日期）：日期“2026-12-08”晚于今天（2026-12-07）。"
        "访问日期写实际打开这一来源的那一天，不会晚于今天：改为打开它的日期，如 \"2026-12-07\"。"]
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-12-08")        # the next day the same file passes
    assert problems(scratch) == []


@pytest.mark.parametrize("value, late", [('"2027"', True), ('"2027-01-01"', True), ('"2026-12"', False),
                                         ('"2026-12-07"', False), ("2026", False), ('"2026-12-32"', False)])
def test_a_source_published_after_today_is_refused(scratch, monkeypatch, value, late):
    monkeypatch.setenv("ARCHIVE_TODAY", "2026-12-07")
    replace_person(scratch, "    url: https://example.org/\n", f"    url: https://example.org/\n    date: {value}\n")
    found = [p for p in problems(scratch) if " E120 " in p]
    if not late:
        assert found == [], found                 # (2026-12-32 is E111's)
        return
    assert found == [
        f"{PERSON}:9: E120 字段“sources[1].date”（发布日期）：日期“{value.strip(chr(34))}”晚于今天（2026-12-07）。"
        "发布日期照来源所载填写，不会晚于今天：与来源核对年月日（常见的是年份或月份写错），来源未写明日期时删去这一行。"]


def test_today_is_the_clock_in_china_or_here_whichever_is_later(monkeypatch):
    monkeypatch.delenv("ARCHIVE_TODAY", raising=False)
    shown = validate.today()
    assert shown >= datetime.date.today().isoformat()
    assert shown >= datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8))).date().isoformat()


def test_reviewed_profile_needs_sources(scratch):
    write(scratch, "profiles/spirits/kexuejia-jingshen.md", VALID_SPIRIT_REVIEWED)
    assert [p.split(" ")[1] for p in problems(scratch)] == ["E109"]


VALID_SPIRIT_REVIEWED = """\
---
name: 科学家精神
abstract: 测试。
review: {status: 已审核, by: 编辑部}
---
"""


def test_all_problems_reported_at_once(scratch):
    replace_person(scratch, 'birth: "1930-12-30"', "birth: 1930年\nbirthday: x")
    write(scratch, "profiles/spirits/bad.md", b"---\n[\n---\n")
    codes = sorted(p.split(" ")[1] for p in problems(scratch))
    assert codes == ["E005", "E102", "E104"]


def test_images_must_exist_and_carry_credit(scratch):
    replace_person(scratch, "abstract:", "images:\n  - {file: ce.png, credit: 摄影者}\nabstract:")
    found = problems(scratch)
    assert sorted(p.split(" ")[1] for p in found) == ["E101", "E114"]   # no licence, no file
    assert any("images[1].licence" in p for p in found)
    replace_person(scratch, "abstract:", "images:\n  - {file: ce.png, credit: 摄影者, licence: CC BY 4.0}\nabstract:")
    write(scratch, "profiles/media/ce.png", b"\x89PNG\r\n")
    assert problems(scratch) == []


@pytest.mark.parametrize("coordinates, hint", [
    ("{lat: 116.4, lon: 39.9}", "纬度 116.4、经度 39.9 不是有效的位置，疑似把纬度和经度写反了"),   # swapped, and off the globe
    ("{lat: 110.0, lon: 35.0}", "纬度 110.0、经度 35.0 不是有效的位置，疑似"),
    ("{lat: 95.0, lon: 200.0}", "纬度 95.0、经度 200.0 不是有效的位置。"),
    ("{lat: 39.9, lon: 116.4}", None),                                                    # Beijing
    ("{lat: 45.5, lon: -73.6}", None),                                                    # Montréal: abroad is fine
])
def test_place_coordinates_out_of_range_or_swapped(scratch, coordinates, hint):
    write(scratch, "profiles/places/ce-shi-jidi.md", f"""\
        ---
        name: 测试基地
        province: 北京市
        coordinates: {coordinates}
        abstract: 测试用教育基地。
        review: {{status: 待审核}}
        ---
        测试用。
        """)
    found = problems(scratch)
    if hint is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].startswith("profiles/places/ce-shi-jidi.md:4: E117 字段“coordinates”：")
        assert hint in found[0] and "lat 写纬度" in found[0]


def test_reloading_after_an_edit_reports_the_file_as_it_is_now(scratch):
    """Under `mkdocs serve` every rebuild loads the archive again in the same process, reusing
    what it knows of unchanged files: an edited file is checked afresh, its fix too."""
    assert load_archive(scratch, advice=False).ok
    write(scratch, "profiles/people/ce-shiren.md", VALID_PERSON.replace('birth: "1930-12-30"', 'birth: "1930-13-30"'))
    broken = load_archive(scratch, advice=False)
    assert [(p.path, p.line, p.code) for p in broken.problems] == [("profiles/people/ce-shiren.md", 3, "E111")]
    write(scratch, "profiles/people/ce-shiren.md", VALID_PERSON)
    again = load_archive(scratch, advice=False)
    assert again.ok and again.get("ce-shiren").meta["birth"] == "1930-12-30"


@pytest.mark.parametrize("field", [
    "positions: [外科]", "honours: [国家最高科学技术奖]", "honours: [{name: [x]}]", "related: [kexuejia-jingshen]",
    "related: [{id: [a], relation: x}]", "education: {institution: x}",
    "positions: [{organization: [a], title: {b: 1}}]", "images: [x]",
])
def test_mkdocs_serve_still_shows_a_profile_with_a_wrong_type(scratch, field):
    """Under serve the pages are made although a profile has errors (README "档案与校验"); they
    once failed on a wrong type, and the server hung. The field in error is left out of the page."""
    from archive.pages import all_pages
    replace_person(scratch, "abstract: 测试用人物。", f"abstract: 测试用人物。\n{field}")
    archive = load_archive(scratch)
    assert {p.split(" ")[1] for p in problems(scratch)} == {"E103"}
    pages = dict(all_pages(archive))
    assert "测试人的生平" in pages["people/ce-shiren.md"]


@pytest.mark.parametrize("content, code, line", [
    (b"categories: [a\n", "E005", 2),
    (b"- a\n", "E007", 1),
    (b"!!python/object/apply:os.system [id]\n", "E007", 1),
    (b"categories: foo\n", "E014", 1),
    (b"categories: [a]\ncategories: [b]\n", "E010", 2),
    (b"categories: [a]\n\xff\n", "E002", 2),
    (None, "E013", 0),                                     # deleted
])
def test_a_broken_vocabulary_file_is_named_not_blamed_on_profiles(scratch, content, code, line):
    vocab = scratch / "profiles/vocabularies.yaml"
    if content is None:
        vocab.unlink()
    else:
        vocab.write_bytes(content)
    found = problems(scratch)
    where = "profiles/vocabularies.yaml" + (f":{line}" if line else "")
    assert [p.split(" ")[:2] for p in found] == [[f"{where}:", code]]      # and no E105 in profiles
    assert "Traceback" not in found[0] and "头信息" not in found[0]


@pytest.mark.parametrize("line, expected", [
    ("<<: {gender: 男}", "E104 未知字段“<<”"),                  # YAML's merge key: a crash before
    ("=: x", "E104 未知字段“=”"),
    ("gender: =", "E105 字段“gender”：“=”不在允许的取值中"),     # not "YAML 标签 !!value"
])
def test_yaml_merge_and_value_keys_are_plain_text(scratch, line, expected):
    replace_person(scratch, "abstract: 测试用人物。", f"abstract: 测试用人物。\n{line}")
    found = problems(scratch)
    assert len(found) == 1 and found[0].startswith(f"{PERSON}:6: {expected}"), found


def test_links_that_are_not_followed_or_that_mkdocs_decodes_are_no_problem(scratch):
    write(scratch, "profiles/media/ce shi.png", b"\x89PNG\r\n")
    write(scratch, PERSON, VALID_PERSON + "\n".join([
        "", "![x](../media/ce%20shi.png) ![y](<../media/ce shi.png>) [好](ce%2Dshiren.md)",
        "`[a](no-such.md)` \\[b](no-such.md) <!-- [c](no-such.md) -->", "```", "[d](no-such.md)", "```",
        "会议记录（{第二天}）。", ""]))
    assert problems(scratch) == []


def test_links_in_the_text_to_missing_pages_or_files_are_named_with_their_line(scratch):
    write(scratch, "profiles/media/zhaopian.png", b"\x89PNG\r\n")
    write(scratch, PERSON, VALID_PERSON + "\n".join([
        "",                                                                  # line 13
        "[好](../spirits/kexuejia-jingshen.md) [好](ce-shiren.md#sheng-ping) [网](https://example.org/)",
        "[不存在](../people/no-such.md) ![好](../media/zhaopian.png) [址](../kexuejia-jingshen/)",
        "![图](../media/nope.png)",
        "[绝对](/people/ce-shiren/) [锚](#a) [索引](../spirits/index.md) [浏览](../browse/index.md)", ""]))
    assert [p.split("”")[0] for p in problems(scratch)] == [
        f"{PERSON}:15: E209 正文中的链接“../people/no-such.md", f"{PERSON}:16: E209 正文中的链接“../media/nope.png",
        f"{PERSON}:17: E209 正文中的链接“/people/ce-shiren/"]


def test_a_wrong_type_in_a_list_says_what_each_item_holds(scratch):
    replace_person(scratch, "abstract: 测试用人物。", "abstract: 测试用人物。\npositions: [外科]\ngender: true")
    found = problems(scratch)
    assert any("positions[1]”：应为“字段: 值”的映射，实际为文本“外科”。按字段说明改写：包括 organization（机构，必填）" in p
               for p in found), found                                  # once: "按字段说明改写：。"
    assert any("实际为真假值 true" in p for p in found), found          # as written, not Python's True


def test_a_field_written_twice_does_not_hide_the_files_other_problems(scratch):
    replace_person(scratch, "abstract: 测试用人物。", "abstract: 测试用人物。\ngender2: 男\nabstract: 又一行。")
    found = problems(scratch)
    assert sorted(p.split(" ")[1] for p in found) == ["E010", "E104"]
    assert found[-1].startswith(f"{PERSON}:7: E010 字段“abstract”重复出现")


def test_mkdocs_serve_does_not_show_a_text_with_script(scratch):
    """A reviewer previews a pull request with `make serve`: what it brings must not run."""
    from archive.pages import all_pages
    write(scratch, PERSON, VALID_PERSON + '\n<img src=x onerror="alert(1)">\n')
    archive = load_archive(scratch)
    assert [p.split(" ")[1] for p in problems(scratch)] == ["E302", "E309"]     # (x is no photo of profiles/media/ either)
    page = dict(all_pages(archive))["people/ce-shiren.md"]
    assert "onerror" not in page and "测试人的生平" not in page and "正文含有不能显示的内容" in page


def test_an_alias_is_refused_wherever_its_anchor_is(scratch):
    """The anchor in one field's mapping, the alias in another's (the walk once mixed up the
    nodes it had seen with the keys of the mapping it was in)."""
    replace_person(scratch, "abstract: 测试用人物。",
                   "abstract: 测试用人物。\npositions:\n  - &p {organization: 甲, title: 乙}\nrelated:\n  - x: *p")
    assert "E011" in [p.split(" ")[1] for p in problems(scratch)]


def test_the_contributors_guide_lists_the_html_a_profile_may_hold():
    """CONTRIBUTING.md names the allowed tags; the allow-list (html_policy.py) is what counts."""
    from archive.text import html_policy
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    start = guide.index("`", guide.index("只能用以下标签")) + 1
    listed = set(guide[start:guide.index("`", start)].replace("h1–h6", "h1 h2 h3 h4 h5 h6").split())
    assert listed == set(html_policy.TAGS)


def test_control_characters_are_refused(scratch):
    """Python-Markdown drops \\x03 (its own marker): "java\\x03script:" came out as a script link."""
    write(scratch, PERSON, VALID_PERSON + "\n[点我](\x01java\x03script:alert(1))\n")
    found = problems(scratch)
    assert any(p.startswith(f"{PERSON}:14: E306 正文含有不可见的控制字符 U+0001") for p in found), found
    assert any(" E303 " in p for p in found), found


def test_a_lone_surrogate_escaped_in_yaml_is_refused_and_breaks_nothing(scratch):
    """YAML's "\\ud800" gives a lone surrogate, no character at all: it crashed the build with a
    traceback (found by a reviewer). It is reported like a control character; `mkdocs serve`,
    which goes on with the profile, shows U+FFFD in its place."""
    import subprocess

    from conftest import BIN, ENV, copy_repo
    write(scratch, PERSON, VALID_PERSON.replace("name: 测试人\n", 'name: 测试人\nalt_names: ["测\\ud800试"]\n', 1))
    assert problems(scratch) == [f"{PERSON}:3: E306 字段“alt_names[1]”含有不可见的控制字符 U+D800"
                                 "（控制字符、零宽字符或改变文字方向的字符）。删除该字符：它让看到的文字与搜索、"
                                 "链接用到的不同；多为从网页复制时带入。"]
    assert load_archive(scratch).entities["ce-shiren"].meta["alt_names"] == ["测\ufffd试"]
    (scratch / "repo").mkdir()
    root = copy_repo(scratch / "repo")
    write(root, PERSON, (scratch / PERSON).read_text(encoding="utf-8"))
    build = subprocess.run([str(BIN / "mkdocs"), "build"], cwd=root, env=ENV, capture_output=True, text=True, timeout=600)
    assert build.returncode == 1
    assert f"{PERSON}:3: E306" in build.stderr and "Traceback" not in build.stderr + build.stdout
