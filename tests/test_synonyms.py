"""The search's synonyms and abbreviations (profiles/synonyms.yaml, hooks/archive/load/synonyms.py) are
checked like the controlled vocabularies: a bad entry is a problem with file, line, field, what is
wrong and how to fix it, in Chinese; `make check` fails on it, without a traceback."""
from __future__ import annotations

import pytest

from archive import load_archive
from conftest import VALID_PERSON, check, copy_repo, write

SYNONYMS = "profiles/synonyms.yaml"


def problems(root) -> list[str]:
    return [p.format() for p in load_archive(root, advice=False).problems]


@pytest.mark.parametrize("content, line, code, words", [
    ("# 说明\n肝癌: []\n", 2, "E021", "没有写档案中用的词"),
    ("测试: [测试]\n", 1, "E021", "与词本身相同"),
    ("肝癌: [测试人]\n123: [测试人]\n", 2, "E015", "加引号"),          # (as in every YAML file of ours)
    ("肝癌: {外科: 测试人}\n", 1, "E021", "没有写档案中用的词"),
    ("肝癌: [测试人, [测试]]\n", 1, "E021", "应是文字"),
    ("肝癌: [“”]\n", 1, "E021", "没有汉字、字母或数字"),
    ("肝癌: [一二三四五六七八九十一二三四五六七八九十一]\n", 1, "E021", "超过 20 个字"),
    ("卫健委: [测试人]\n肝癌: [肝胆外科]\n", 2, "E022", "“肝胆外科”在档案中找不到"),
    ("肝癌: [测试人\n", 2, "E005", "YAML"),
    ("肝癌: [测试人]\n肝癌: [测试]\n", 2, "E010", "重复"),
])
def test_a_bad_entry_is_named_with_its_line_and_how_to_fix_it(scratch, content, line, code, words):
    write(scratch, SYNONYMS, content)
    found = problems(scratch)
    assert len(found) == 1, found
    assert found[0].startswith(f"{SYNONYMS}:{line}: {code} "), found[0]
    assert words in found[0] and "Traceback" not in found[0]
    if code.startswith("E02"):
        assert "如“肝癌: [肝胆外科]”" in found[0] or "改正写法" in found[0]      # how to fix it


def test_good_entries_pass_and_reach_the_archive(scratch):
    write(scratch, SYNONYMS, "# 简称\n测人: [测试人]\n生平: 测试人的生平\nTEST: [测试人]\n")
    archive = load_archive(scratch, advice=False)
    assert archive.ok, [p.format() for p in archive.problems]
    assert archive.synonyms == {"测人": ["测试人"], "生平": ["测试人的生平"], "TEST": ["测试人"]}


def test_no_file_no_synonyms(scratch):
    archive = load_archive(scratch, advice=False)
    assert archive.ok and archive.synonyms == {}


def test_make_check_fails_on_a_bad_synonym_without_a_traceback(tmp_path):
    root = copy_repo(tmp_path)
    text = (root / SYNONYMS).read_text(encoding="utf-8")
    write(root, SYNONYMS, text + "肺癌: [胸外科肿瘤]\n")
    line = text.count("\n") + 1
    result = check(root)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"{SYNONYMS}:{line}: E022 同义词表中“肺癌”的目标“胸外科肿瘤”在档案中找不到" in out, out
    assert "Traceback" not in out


def test_under_serve_a_target_is_looked_for_again_once_the_profile_holding_it_changes(scratch):
    """Under serve a target found in a profile is not looked for again while that file is the
    same: edited so that the target is gone, the entry is a problem; written elsewhere, it is not."""
    from archive.runtime.cache import CACHE
    person = next((scratch / "profiles/people").glob("*.md"))
    write(scratch, SYNONYMS, "生平: [测试人的一生]\n")
    person.write_text(person.read_text(encoding="utf-8").rstrip("\n") + "\n测试人的一生。\n", encoding="utf-8")
    CACHE.reset(serving=True)
    try:
        assert problems(scratch) == []
        person.write_text(person.read_text(encoding="utf-8").replace("测试人的一生。", "测试人的一世。"), encoding="utf-8")
        assert [p.split(" ")[1] for p in problems(scratch)] == ["E022"]
        write(scratch, "profiles/people/ce-shi-ling.md", VALID_PERSON.replace("测试人的生平。", "测试人的一生。"))
        assert problems(scratch) == []
    finally:
        CACHE.reset()
