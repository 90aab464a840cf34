"""`make check FILES="…"`: only the named profiles are read and reported, their references
are still resolved against the whole archive, and CI gets GitHub annotations."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from archive import load_archive
from archive.domain.problems import Problem
from conftest import BIN, ENV, VALID_PERSON, copy_repo, write

PERSON = "profiles/people/ce-shiren.md"


def codes(archive) -> list[tuple[str, str]]:
    return [(p.path, p.code) for p in archive.problems]


def test_only_named_files_are_reported(scratch):
    write(scratch, "profiles/people/huai-ren.md", VALID_PERSON.replace('"1930-12-30"', "1930年"))
    assert ("profiles/people/huai-ren.md", "E102") in codes(load_archive(scratch))
    archive = load_archive(scratch, only={PERSON})
    assert archive.problems == []
    assert set(archive.entities) == {"ce-shiren"}      # the others are not even read


def test_references_resolve_against_the_whole_archive(scratch):
    write(scratch, PERSON, VALID_PERSON.replace("[kexuejia-jingshen]", "[kexuejia-jingshen, huai-ren, kexuejia-jingshn]"))
    write(scratch, "profiles/people/huai-ren.md", VALID_PERSON)
    found = [p.format() for p in load_archive(scratch, only={PERSON}).problems]
    assert len(found) == 2, found
    assert any("E202 字段“spirits[2]”：“huai-ren”是人物档案，这里需要精神档案" in p for p in found), found
    assert any("E201 字段“spirits[3]”" in p and "是否想写：kexuejia-jingshen" in p for p in found), found


def test_duplicate_id_is_reported_on_the_named_file(scratch):
    write(scratch, "profiles/spirits/ce-shiren.md", VALID_PERSON)   # sorts after people/
    assert codes(load_archive(scratch, only={PERSON})) == [(PERSON, "E203")]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = copy_repo(tmp_path_factory.mktemp("files"))
    write(root, "profiles/people/huai-ren.md", VALID_PERSON.replace("spirits: [kexuejia-jingshen]", "spirits: [no-such]"))
    return root


def check(repo: Path, *files: str, github: bool = False) -> subprocess.CompletedProcess:
    env = {**ENV, "GITHUB_ACTIONS": "true"} if github else {k: v for k, v in ENV.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([str(BIN / "python"), "scripts/check.py", *files], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=600)


def test_cli_checks_just_the_named_files(repo):
    ok = check(repo, "profiles/people/tu-youyou.md", "profiles/people/qian-xuesen.md")
    assert ok.returncode == 0 and "检查通过：2 个文件" in ok.stdout, ok.stdout + ok.stderr
    bad = check(repo, "profiles/people/tu-youyou.md", "./profiles/people/huai-ren.md", github=True)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    lines = bad.stdout.splitlines()
    assert lines[0].startswith("profiles/people/huai-ren.md:4: E201 字段“spirits[1]”：找不到编号为“no-such”的档案")
    assert lines[1].startswith("::error file=profiles/people/huai-ren.md,line=4,title=E201::")
    assert "检查未通过：1 个文件共 1 个错误" in bad.stderr


def test_cli_refuses_a_missing_file_and_rechecks_all_for_vocabularies(repo):
    missing = check(repo, "profiles/people/tu-youyuo.md")
    assert missing.returncode == 1 and "找不到文件 profiles/people/tu-youyuo.md" in missing.stderr
    everything = check(repo, "profiles/vocabularies.yaml")
    assert everything.returncode == 1 and "会影响全部档案" in everything.stderr
    assert "profiles/people/huai-ren.md:4: E201" in everything.stdout


FORGED = "::error file=README.md,line=1::伪造的错误"


def test_a_file_name_or_value_cannot_forge_a_ci_annotation(tmp_path):
    """A file name and a field value holding a line break and a workflow command: each problem
    stays on its own line, and its annotation is percent-encoded as GitHub requires."""
    repo = copy_repo(tmp_path)
    write(repo, f"profiles/people/x\n{FORGED}.md", VALID_PERSON)
    write(repo, PERSON, VALID_PERSON.replace("abstract:", f'gender: "男\\n{FORGED}"\nabstract:'))
    result = check(repo, github=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    assert [line for line in lines if "README.md" in line and not line.startswith(("profiles/", "::error file=profiles/"))] == []
    assert (f"profiles/people/x\\n{FORGED}.md: E009 文件名“x\\n{FORGED}.md”不是合法的档案编号。"
            "文件名只能用小写拼音字母、数字和连字符，如 tu-youyou.md。") in lines
    assert ("::error file=profiles/people/x%0A%3A%3Aerror file=README.md%2Cline=1%3A%3A伪造的错误.md,line=1,title=E009"
            f"::文件名“x%0A{FORGED}.md”不是合法的档案编号。") in "\n".join(lines)
    assert any(line.startswith(f"{PERSON}:5: E105 字段“gender”：“男\\n{FORGED}”不在允许的取值中") for line in lines)
    assert any(line.startswith(f"::error file={PERSON},line=5,title=E105::字段“gender”：“男%0A{FORGED}”") for line in lines)
    missing = check(repo, f"profiles/people/y\n{FORGED}.md", github=True)           # the notes, too
    assert missing.returncode == 1
    assert [line for line in missing.stderr.splitlines() if line.startswith("::")] == [], missing.stderr
    assert f"找不到文件 profiles/people/y\\n{FORGED}.md" in missing.stderr


def test_annotation_properties_and_message_are_percent_encoded():
    p = Problem("profiles/people/a,b:c%0A\r.md", 3, "E009", "50% 的\r\n说明", "改正")
    assert p.github() == "::error file=profiles/people/a%2Cb%3Ac%250A%0D.md,line=3,title=E009::50%25 的%0D%0A说明。改正。"
    assert p.format() == "profiles/people/a,b:c%0A\\r.md:3: E009 50% 的\\r\\n说明。改正。"


def test_a_folder_stands_for_the_profiles_in_it(repo):
    """`make check FILES=profiles` once checked nothing and passed."""
    everything = check(repo, "profiles")
    assert everything.returncode == 1 and "profiles 是目录，检查其中的全部档案。" in everything.stderr
    assert "profiles/people/huai-ren.md:4: E201" in everything.stdout
    people = check(repo, "profiles/people/")
    count = len(list((repo / "profiles/people").glob("*.md")))
    assert people.returncode == 1 and f"profiles/people/ 是目录，检查其中的 {count} 个档案文件。" in people.stderr
    assert "profiles/people/huai-ren.md:4: E201" in people.stdout and "检查未通过：1 个文件共 1 个错误" in people.stderr
    spirits = check(repo, "profiles/spirits")
    count = len(list((repo / "profiles/spirits").glob("*.md")))
    assert spirits.returncode == 0 and f"检查通过：{count} 个文件" in spirits.stdout, spirits.stdout + spirits.stderr
    (repo / "profiles/spirits/kong").mkdir()
    try:
        empty = check(repo, "profiles/spirits/kong")
    finally:
        (repo / "profiles/spirits/kong").rmdir()
    assert empty.returncode == 1 and "目录 profiles/spirits/kong/ 中没有档案文件" in empty.stderr
    assert "检查未通过：目录中没有档案文件（见上）。" in empty.stderr


def test_a_symbolic_link_is_refused_not_followed(repo):
    links = [repo / "tu.md", repo / "profiles/renwu"]
    links[0].symlink_to("profiles/people/tu-youyou.md")
    links[1].symlink_to("people", target_is_directory=True)
    try:
        named = check(repo, "tu.md")
        inside = check(repo, "profiles/renwu/tu-youyou.md", "profiles/people/qian-xuesen.md")
    finally:
        for link in links:
            link.unlink()
    assert named.returncode == 1 and "Traceback" not in named.stderr
    assert named.stderr.splitlines()[0] == (
        "tu.md 是符号链接（指向 profiles/people/tu-youyou.md），不检查：档案必须是 profiles/ 下的普通文件，"
        "请写档案文件本身的路径，如 profiles/people/tu-youyou.md。")
    assert "检查未通过：有符号链接（见上）。" in named.stderr and named.stdout == ""
    assert inside.returncode == 1
    assert "profiles/renwu/tu-youyou.md 中的 profiles/renwu 是符号链接（指向 people），不检查" in inside.stderr
