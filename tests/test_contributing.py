"""What an editor gets from `make new`, `make check` and the field reference page (issue #5)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from archive import load_archive
from archive.domain.problems import CATALOGUE
from archive.domain.schema import Schema
from archive.load.scaffold import ScaffoldError, new_profile
from archive.pages.reference import field_names
from conftest import BIN, ROOT, check, copy_repo, mkdocs_build, run
from htmltext import article_text, read_page

SCHEMA = Schema.load(ROOT / "profiles" / "vocabularies.yaml")


def new(root: Path, kind: str, name: str, entity_id: str = "") -> Path:
    return new_profile(root, Schema.load(root / "profiles" / "vocabularies.yaml"), kind, name, entity_id)[0]


def line_of(path: Path, key: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.startswith(f"{key}:"))


@pytest.mark.parametrize("name, expected", [
    ("单田芳", "shan-tianfang"), ("曾国藩", "zeng-guofan"), ("仇英", "qiu-ying"), ("解缙", "xie-jin"),
    ("查良镛", "zha-liangyong"), ("区寄", "ou-ji"), ("朴树", "piao-shu"), ("翟天临", "zhai-tianlin"),
    ("覃振", "qin-zhen"), ("欧阳文", "ouyang-wen"), ("司马迁", "sima-qian"), ("白求恩", "bai-qiuen"),
])
def test_person_ids_use_surname_readings(scratch, name, expected):
    path = new(scratch, "person", name)
    assert path == scratch / "profiles" / "people" / f"{expected}.md"
    assert yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["name"] == name


@pytest.mark.parametrize("kind", ["person", "group", "policy", "spirit", "place", "organization", "campaign", "activity",
                                  "人物", "先进群体", "政策文件", "精神", "教育基地", "机构", "主题活动", "活动记录"])
def test_every_kind_scaffold_lists_what_is_missing(scratch, kind):
    path = new(scratch, kind, "测试名称", entity_id="ce-shi-xin")
    kind = next(k for k, s in SCHEMA.kinds.items() if kind in (k, s["label"]))
    spec = SCHEMA.kinds[kind]
    text = path.read_text(encoding="utf-8")
    assert path.parent.name == spec["folder"]
    for key, field in spec["fields"].items():        # every field, each with a comment above it
        n = line_of(path, key)
        comment = text.splitlines()[n - 2]
        assert comment.startswith(f"# {field['label']}（{'必填' if field.get('required') else '选填'}）"), comment
    found = [p for p in load_archive(scratch).problems if p.path.endswith("ce-shi-xin.md")]
    missing = {key for key, f in spec["fields"].items()
               if f.get("required") and key not in (spec["title_field"], "review")}
    assert {p.field for p in found} == missing
    for p in found:
        assert p.code == "E101" and p.line == line_of(path, p.field)
        assert "尚未填写必填字段" in p.message and f"（{spec['fields'][p.field]['label']}）" in p.message


def test_filled_scaffold_passes_with_optional_fields_left_empty(scratch):
    path = new(scratch, "person", "单田芳")
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nabstract:", "\nabstract: 评书表演艺术家。", 1)
    text = text.replace("  - title:", "  - title: 单田芳", 1).replace("    url:", "    url: https://example.org/", 1)
    path.write_text(text, encoding="utf-8")
    archive = load_archive(scratch)
    assert archive.problems == []
    meta = archive.get("shan-tianfang").meta
    assert meta["sources"] == [{"title": "单田芳", "url": "https://example.org/"}]
    assert "positions" not in meta and "gender" not in meta      # empty means not written


def test_existing_id_is_refused_anywhere(scratch):
    with pytest.raises(ScaffoldError, match="已被 profiles/people/ce-shiren.md 使用"):
        new(scratch, "spirit", "别的名称", entity_id="ce-shiren")
    with pytest.raises(ScaffoldError, match="不认识的档案类别"):
        new(scratch, "persn", "张三")
    with pytest.raises(ScaffoldError, match="ID="):
        new(scratch, "policy", "卫生部关于在全国医疗卫生系统开展医疗卫生职业精神大讨论活动的通知")


def test_a_reserved_id_is_refused(scratch):
    with pytest.raises(ScaffoldError, match=r"编号“index”是网站保留的名称（各类别的列表页（如 people/index.md"):
        new(scratch, "spirit", "别的名称", entity_id="index")
    assert not (scratch / "profiles/spirits/index.md").exists()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    return copy_repo(tmp_path_factory.mktemp("contrib"))


def new_cli(repo: Path, *args: str):
    # What `make new KIND=… NAME=… ID=…` runs.
    return run([str(BIN / "python"), "scripts/new.py", *args], repo)


def test_make_new_then_check_then_build(repo):
    result = new_cli(repo, "person", "单田芳", "--id", "")
    assert result.returncode == 0, result.stderr
    path = repo / "profiles/people/shan-tianfang.md"
    assert "已创建 profiles/people/shan-tianfang.md" in result.stdout and "Shan Tianfang" in result.stdout

    again = new_cli(repo, "人物", "单田芳", "--id", "")
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert "编号“shan-tianfang”已被 profiles/people/shan-tianfang.md 使用，没有创建新文件" in again.stderr
    reserved = new_cli(repo, "人物", "单田芳", "--id", "index")
    assert reserved.returncode == 1 and "编号“index”是网站保留的名称" in reserved.stderr, reserved.stderr
    assert "没有创建新文件。请用 ID= 指定其他编号" in reserved.stderr and not (repo / "profiles/people/index.md").exists()

    text = path.read_text(encoding="utf-8")
    result = check(repo)
    assert result.returncode == 1
    lines = [l for l in result.stdout.splitlines() if "shan-tianfang" in l]
    assert lines == [
        f"profiles/people/shan-tianfang.md:{line_of(path, 'abstract')}: E101 尚未填写必填字段“abstract”（摘要）。"
        "在冒号后填写：一两句话的简介，用于列表和搜索结果，不超过 200 字。",
        f"profiles/people/shan-tianfang.md:{line_of(path, 'sources')}: E101 尚未填写必填字段“sources”（来源）。"
        "在其下各行填写：支撑本档案事实的公开来源，至少一条；每条写明标题（读不到标题时写 about）及网址或出版物。"]

    text = text.replace("\nabstract:", "\nabstract: 评书表演艺术家。", 1)
    text = text.replace("  - title:", "  - title: 单田芳", 1).replace("    url:", "    url: https://example.org/", 1)
    path.write_text(text, encoding="utf-8")
    assert check(repo).returncode == 0
    try:
        result = mkdocs_build(repo)
        assert result.returncode == 0, result.stdout + result.stderr
        page = article_text(repo / "site", "people/shan-tianfang/")
        assert "单田芳" in page and "Shan Tianfang" in page and "评书表演艺术家" in page
        assert "None" not in page and "正文从这里开始" not in page
    finally:
        path.unlink()


def make(repo: Path, *args: str):
    """`make …` in the copy with the Makefile, run by this test run's Python (the copy has no .venv)."""
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    return run(["make", "-s", "-o", ".venv/.deps-installed", f"BIN={BIN}", *args], repo)


def hostile_values(marker: Path) -> list[str]:
    """Text that a shell or make would run if a recipe pasted it into its command line."""
    return [f'甲"; touch {marker}; echo "', f"乙'; touch {marker}; echo '", f"丙$(touch {marker})",
            f"丁`touch {marker}`", f"戊$(shell touch {marker})", f"己$$(touch {marker}) # 注释"]


def test_make_new_and_check_pass_values_as_text_never_as_commands(repo, tmp_path):
    marker = tmp_path / "ran"
    for i, name in enumerate(hostile_values(marker), 1):
        result = make(repo, "new", "KIND=person", f"NAME={name}", f"ID=ce-shi-zhuru-{i}")
        assert not marker.exists(), (name, result.stdout + result.stderr)
        assert result.returncode == 0, result.stdout + result.stderr
        path = repo / f"profiles/people/ce-shi-zhuru-{i}.md"
        assert yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["name"] == name
        path.unlink()
        name = name.replace(" ", "${IFS}")         # FILES is a list separated by spaces; ${IFS}: one to a shell
        result = make(repo, "check", f"FILES=profiles/people/tu-youyou.md profiles/people/{name}.md")
        assert not marker.exists(), (name, result.stdout + result.stderr)
        assert result.returncode != 0 and f"找不到文件 profiles/people/{name}.md" in result.stderr, result.stderr
    two = make(repo, "check", "FILES=profiles/people/tu-youyou.md profiles/people/qian-xuesen.md")
    assert two.returncode == 0 and "检查通过：2 个文件" in two.stdout, two.stdout + two.stderr


def test_make_serve_and_bench_pass_addr_and_n_as_text(tmp_path):
    marker = tmp_path / "ran"
    value = f"1; touch {marker} `touch {marker}` $(shell touch {marker})"
    for target, variable in (("serve", "ADDR"), ("bench", "N"), ("bench", "CORES")):
        shown = run(["make", "-n", target, f"{variable}={value}"], ROOT)     # -n: make itself still expands
        assert not marker.exists(), shown.stdout + shown.stderr
        assert f"'{value}'" in shown.stdout, shown.stdout


def test_reference_page_cannot_drift(built_site):
    page = read_page(built_site, "guide/fields/")
    text = "".join(page.text)
    for kind, spec in SCHEMA.kinds.items():
        assert f"{spec['label']}（{kind}）" in text
        for name in field_names(SCHEMA, kind):
            assert name in text, (kind, name)
    codes = re.findall(r"\b(E\d{3})\b", text[text.index("检查结果的代码"):])
    assert set(CATALOGUE) <= set(codes)
    for values in SCHEMA.vocabularies.values():
        for value in values:
            assert value in text
    assert "待审核、已审核" in text                     # enum values


def test_reference_page_lists_every_field_of_the_schema_file():
    declared = yaml.safe_load((ROOT / "hooks/archive/schema.yaml").read_text(encoding="utf-8"))["kinds"]
    for kind, spec in declared.items():
        names = field_names(SCHEMA, kind)
        for key in spec["fields"]:
            assert key in names


def test_contributing_guide_is_on_the_site(built_site):
    text = article_text(built_site, "guide/")
    for heading in re.findall(r"^## (.+)$", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.M):
        assert heading in text
    home = read_page(built_site, "")
    assert any(href.rstrip("/").endswith("guide") or "guide/" in href for href in home.nav_links)
