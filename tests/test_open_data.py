"""Open data (issue #6): data/<folder>.json for every kind of the schema, made from the real
profiles, documented on the field reference page."""
from __future__ import annotations

import json
from pathlib import Path

import yaml

from archive import load_archive
from archive.domain.model import Archive
from archive.domain.schema import DATE_RE, Schema
from archive.outputs.exports import FILE_KEYS, ITEM_KEYS, data_files
from conftest import ROOT, SITE_URL, VALID_PERSON, write
from htmltext import read_page

KINDS = yaml.safe_load((ROOT / "hooks" / "archive" / "schema.yaml").read_text(encoding="utf-8"))["kinds"]


def load(site: Path, folder: str) -> dict:
    return json.loads((site / "data" / f"{folder}.json").read_text(encoding="utf-8"))


def front_matter(path: Path) -> dict:
    """The profile's front matter read plainly (every scalar as text), not by the archive's loader."""
    return yaml.load(path.read_text(encoding="utf-8").split("---\n", 2)[1], Loader=yaml.BaseLoader)


def as_text(value):
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    return str(value)


def exportable(spec: dict, value):
    """The front matter without the fields the schema marks `export: false`."""
    if spec["type"] == "object":
        return {k: exportable(spec["fields"][k], v) for k, v in value.items() if spec["fields"][k].get("export", True)}
    if spec["type"] == "list":
        return [exportable(spec["items"], v) for v in value]
    return value


def test_one_file_per_kind_with_every_profile(built_site):
    for kind, spec in KINDS.items():
        data = load(built_site, spec["folder"])
        assert set(data) == set(FILE_KEYS)
        assert (data["kind"], data["label"]) == (kind, spec["label"])
        on_disk = sorted(p.stem for p in (ROOT / "profiles" / spec["folder"]).glob("*.md"))
        ids = [item["id"] for item in data["items"]]
        assert ids == on_disk and data["count"] == len(on_disk), kind


def test_records_are_the_profiles_front_matter(built_site):
    for kind, spec in KINDS.items():
        for item in load(built_site, spec["folder"])["items"]:
            assert set(item) == set(ITEM_KEYS)
            assert item["kind"] == kind
            assert item["url"] == f"{spec['folder']}/{item['id']}/"
            assert (built_site / item["url"] / "index.html").is_file(), item["url"]
            assert item["absolute_url"] is None                       # no SITE_URL in this build
            fm = front_matter(ROOT / "profiles" / spec["folder"] / f"{item['id']}.md")
            assert item["review_status"] == fm["review"]["status"]
            assert item["title"] == fm.get("name", fm.get("title"))
            assert as_text(item["fields"]) == exportable({"type": "object", "fields": spec["fields"]}, fm), item["id"]


def _check_types(spec: dict, value, where: str):
    kind = spec["type"]
    if kind == "object":
        assert isinstance(value, dict), where
        for key, sub in value.items():
            assert key in spec["fields"] and spec["fields"][key].get("export", True), f"{where}.{key}"
            _check_types(spec["fields"][key], sub, f"{where}.{key}")
    elif kind == "list":
        assert isinstance(value, list), where
        for i, sub in enumerate(value):
            _check_types(spec["items"], sub, f"{where}[{i}]")
    elif kind == "integer":
        assert isinstance(value, int), where
    elif kind == "number":
        assert isinstance(value, (int, float)), where
    else:
        assert isinstance(value, str), where
        if kind == "date":
            assert DATE_RE.match(value), where


def test_fields_are_declared_and_typed_dates_are_text(built_site):
    for kind, spec in KINDS.items():
        for item in load(built_site, spec["folder"])["items"]:
            _check_types({"type": "object", "fields": spec["fields"]}, item["fields"], item["id"])
    person = {i["id"]: i for i in load(built_site, "people")["items"]}["tu-youyou"]
    assert person["fields"]["name"] == "屠呦呦" and person["fields"]["birth"] == "1930-12-30"
    policy = {i["id"]: i for i in load(built_site, "policies")["items"]}["weishengbu-zhiye-jingshen-dataolun-tongzhi-2012"]
    assert policy["fields"]["doc_number"] == "卫办发〔2012〕31号"


def test_references_carry_titles_and_urls_of_existing_pages(built_site):
    records = {i["id"]: i for spec in KINDS.values() for i in load(built_site, spec["folder"])["items"]}
    for item in records.values():
        for target, ref in item["refs"].items():
            assert ref == {"kind": records[target]["kind"], "title": records[target]["title"], "url": records[target]["url"]}
        for source in item["referenced_by"]:
            assert source in item["refs"]
            assert item["id"] in json.dumps(records[source]["fields"]), (source, item["id"])
    tu = records["tu-youyou"]
    assert set(tu["fields"]["spirits"]) <= set(tu["refs"])
    assert tu["refs"]["kexuejia-jingshen"]["title"] == "科学家精神"
    assert "tangxian-baiqiuen-jinianguan" in records["bai-qiuen"]["referenced_by"]
    assert records["tangxian-baiqiuen-jinianguan"]["refs"]["bai-qiuen"]["url"] == "people/bai-qiuen/"


def test_absolute_urls_with_site_url(site_url_builds):
    people = {i["id"]: i for i in load(site_url_builds[0], "people")["items"]}
    assert people["tu-youyou"]["absolute_url"] == SITE_URL + "people/tu-youyou/"


def test_dates_as_text_editorial_fields_left_out_chinese_kept(scratch):
    person = (VALID_PERSON.replace('birth: "1930-12-30"', "birth: 1930\nno_autolink: [测试]")
              .replace("    url: https://example.org/\n", "    url: https://example.org/\n    note: 只读到转载页\n")
              .replace("  status: 待审核\n", "  status: 待审核\n  note: 生年待核\n"))
    write(scratch, "profiles/people/ce-shiren.md", person.replace("测试人的生平。", "正文不导出。"))
    files = dict(data_files(load_archive(scratch)))
    raw = files["data/people.json"]
    record = json.loads(raw)["items"][0]
    assert record["fields"]["birth"] == "1930"
    assert "no_autolink" not in record["fields"]
    assert "正文不导出" not in raw.decode("utf-8")
    assert "只读到转载页" not in raw.decode("utf-8") and "生年待核" not in raw.decode("utf-8")   # editors' notes
    assert record["fields"]["review"] == {"status": "待审核"}
    assert "测试人".encode("utf-8") in raw                         # not \\u escapes
    assert files["data/spirits.json"] == dict(data_files(load_archive(scratch)))["data/spirits.json"]


def test_a_kind_added_to_the_schema_gets_its_file():
    schema = Schema.load(ROOT / "profiles" / "vocabularies.yaml")
    kinds = {**schema.kinds, "campaign": {"folder": "campaigns", "label": "活动", "fields": {"name": {"type": "string"}}}}
    files = dict(data_files(Archive(Schema(kinds, schema.vocabularies))))
    assert json.loads(files["data/campaigns.json"]) == {"count": 0, "items": [], "kind": "campaign", "label": "活动"}
    assert len(files) == len(kinds)


def test_reference_page_documents_the_files(built_site):
    page = read_page(built_site, "guide/fields/")
    text = "".join(page.text)
    for spec in KINDS.values():
        name = f"data/{spec['folder']}.json"
        href = dict(page.links)[name]
        assert (built_site / "guide" / "fields" / href).resolve().is_file(), href
    for key in list(FILE_KEYS) + list(ITEM_KEYS) + ["no_autolink"]:
        assert key in text
