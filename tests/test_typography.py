"""Chinese typography: spacing and punctuation are advice (E501, E502) that `make fix`
corrects; look-alike radicals are errors (E503); verbatim text is never touched."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from archive import load_archive
from archive.domain.schema import Schema
from archive.load.typography import correct, fixed_text
from conftest import BIN, ENV, ROOT, VALID_PERSON, check, copy_repo, write

PERSON = "profiles/people/ce-shiren.md"
POLICY = "profiles/policies/ce-shi-tongzhi.md"
SCHEMA = Schema.load(ROOT / "profiles" / "vocabularies.yaml")

POLICY_TEXT = """\
---
title: 测试通知（2018年）
issuers: []
source: {title: 北大法宝}
abstract: 测试用的通知。
review: {status: 待审核}
---
根据中组发〔2018〕11号文件,现将2018年工作通知如下。第⽼条。
"""


def found(root: Path) -> list[str]:
    archive = load_archive(root)
    return [p.format() for p in archive.problems + archive.warnings]


def test_spacing_is_advice_with_the_exact_change(scratch):
    write(scratch, PERSON, VALID_PERSON + "\n她1930年生于浙江,后在NASA工作。\n")
    archive = load_archive(scratch)
    assert archive.problems == []
    lines = [p.format() for p in archive.warnings]
    assert lines == [
        f"{PERSON}:14: E501 提示：正文：中文与英文字母、数字之间宜加空格：“她1930年”→“她 1930 年”，“在NASA工”→“在 NASA 工”。"
        "运行 make fix 自动改正，或照此手工修改。",
        f"{PERSON}:14: E502 提示：正文：标点或字符宽度不规范：“江,后”→“江，后”。"
        "中文句子用全角标点，英文字母和数字用半角；运行 make fix 自动改正，或照此手工修改。"]


def test_lookalike_radical_is_an_error(scratch):
    write(scratch, PERSON, VALID_PERSON.replace("name: 测试人", "name: 测试⽼人") + "他是⽼一辈科学家。\n")
    errors = [p.format() for p in load_archive(scratch).problems]
    assert errors == [
        f"{PERSON}:2: E503 字段“name”含有形近的部首符号“⽼”（U+2F7C），看似汉字，实为“老”以外的字符。运行 make fix 换成汉字“老”。",
        f"{PERSON}:13: E503 正文含有形近的部首符号“⽼”（U+2F7C），看似汉字，实为“老”以外的字符。运行 make fix 换成汉字“老”。"]


def test_policy_body_is_verbatim(scratch):
    write(scratch, POLICY, POLICY_TEXT)
    lines = [p for p in found(scratch) if POLICY in p and " E5" in p]
    assert [l.split(" ")[1] for l in lines] == ["E504"]      # no spacing advice on the official text
    assert "照录的原文" in lines[0] and "“老”" in lines[0]
    new, notes = fixed_text(SCHEMA, "policy", (scratch / POLICY).read_bytes(), POLICY)
    assert new is None and notes == []                      # title is verbatim too: nothing to change


def test_fix_corrects_prose_but_not_verbatim_fields_or_document_numbers(scratch):
    write(scratch, PERSON, VALID_PERSON.replace("abstract: 测试用人物。", "abstract: 1930年生,测试⽼人。")
          .replace("title: 测试来源", "title: 测试来源2015年版")
          + "依据中组发〔2018〕11号文件，2018年入选。\n")
    new, notes = fixed_text(SCHEMA, "person", (scratch / PERSON).read_bytes(), PERSON)
    assert notes == []
    assert "abstract: 1930 年生，测试老人。" in new
    assert "title: 测试来源2015年版" in new                    # a source's title is quoted as published
    assert "依据中组发〔2018〕11号文件，2018 年入选。" in new
    (scratch / PERSON).write_text(new, encoding="utf-8")
    assert found(scratch) == []


def test_fix_keeps_quoting_line_endings_and_meaning(scratch):
    raw = VALID_PERSON.replace("abstract: 测试用人物。", 'abstract: "测试用人物，生于1930年。"').replace("\n", "\r\n")
    write(scratch, PERSON, raw.encode("utf-8"))
    before = load_archive(scratch).get("ce-shiren").meta
    new, _ = fixed_text(SCHEMA, "person", (scratch / PERSON).read_bytes(), PERSON)
    assert 'abstract: "测试用人物，生于 1930 年。"\r\n' in new and "\n" not in new.replace("\r\n", "")
    (scratch / PERSON).write_bytes(new.encode("utf-8"))
    after = load_archive(scratch).get("ce-shiren").meta
    assert after == {**before, "abstract": "测试用人物，生于 1930 年。"}


def test_block_text_is_left_for_the_editor(scratch):
    write(scratch, PERSON, VALID_PERSON.replace("abstract: 测试用人物。", "abstract: |\n  测试用人物，生于1930年。"))
    new, notes = fixed_text(SCHEMA, "person", (scratch / PERSON).read_bytes(), PERSON)
    assert new is None and notes == ["字段“abstract”是多行文本块，请照 make check 的提示手工修改"]


@pytest.mark.parametrize("text, expected", [
    ("他在2015年获得诺贝尔奖,并且在NASA工作。", "他在 2015 年获得诺贝尔奖，并且在 NASA 工作。"),
    ("见卫办发〔2012〕31号。", "见卫办发〔2012〕31号。"),
    ("⽼师好", "老师好"),
])
def test_correct(text, expected):
    assert correct(text, markdown=False) == expected


def run_script(repo: Path, script: str, *args: str, github: bool = False) -> subprocess.CompletedProcess:
    env = {**ENV, "GITHUB_ACTIONS": "true"} if github else {k: v for k, v in ENV.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([str(BIN / "python"), f"scripts/{script}", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


def test_make_check_and_make_fix(tmp_path):
    repo = copy_repo(tmp_path)
    write(repo, PERSON, VALID_PERSON + "\n她1930年生于浙江。\n")
    write(repo, POLICY, POLICY_TEXT.replace("第⽼条。", "第一条。").replace("issuers: []", "issuers: [weishengbu]"))
    policy_before = (repo / POLICY).read_bytes()

    result = run_script(repo, "check.py", PERSON, POLICY, github=True)
    assert result.returncode == 0, result.stdout + result.stderr       # advice does not fail the check
    assert f"{PERSON}:14: E501 提示：正文：中文与英文字母、数字之间宜加空格" in result.stdout
    assert f"::warning file={PERSON},line=14,title=E501::" in result.stdout
    assert "另有 1 条排版提示（不影响通过）" in result.stdout and POLICY not in result.stdout

    fixed = run_script(repo, "fix.py", PERSON, POLICY)
    assert fixed.returncode == 0, fixed.stderr
    assert f"已改正 {PERSON}" in fixed.stdout and POLICY not in fixed.stdout
    assert "她 1930 年生于浙江。" in (repo / PERSON).read_text(encoding="utf-8")
    assert (repo / POLICY).read_bytes() == policy_before
    again = check(repo)
    assert again.returncode == 0 and "排版提示" not in again.stdout, again.stdout
