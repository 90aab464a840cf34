"""Open data: one JSON file per kind of profile (data/people.json, data/policies.json …),
derived from the schema, so that a kind added to schema.yaml gets its file without code.

Each record holds the profile's front-matter fields as the schema declares them (dates as
strings, nothing undeclared, fields marked `export: false` left out), its stable id and URL,
its review status, and the titles and URLs of the profiles it names or is named by.
Output is deterministic (sorted keys and ids, fixed formatting): two builds give the same bytes.
"""
from __future__ import annotations

import json
from typing import Any

from ..domain.model import Archive, Entity
from ..domain.schema import Schema

FOLDER = "data"

# The keys of a file and of each record, with their meaning: the field reference page shows
# these (pages/reference.py), so documentation and output come from the same place.
FILE_KEYS = {
    "kind": "类别代码（如 person）",
    "label": "类别名称（如 人物）",
    "count": "记录数",
    "items": "记录列表，按 id 排序",
}
ITEM_KEYS = {
    "id": "档案编号（文件名，永久不变）",
    "kind": "类别代码",
    "title": "名称或标题",
    "url": "页面地址，相对于网站根目录（如 people/tu-youyou/）",
    "absolute_url": "页面的完整地址（构建时设置了 SITE_URL 才有，否则为 null）",
    "review_status": "审核状态：待审核 或 已审核",
    "fields": "档案头信息中的字段，键与取值同本页各类别的字段表；日期一律为字符串",
    "refs": "fields 与 referenced_by 中出现的每个档案编号 → 它的 kind、title、url",
    "referenced_by": "在字段中引用了本档案的其他档案编号，按编号排序",
}


def file_name(schema: Schema, kind: str) -> str:
    return f"{FOLDER}/{schema.kinds[kind]['folder']}.json"


def exported(spec: dict, value: Any) -> Any:
    """A front-matter value as the schema declares it: undeclared keys dropped, dates as text."""
    kind_type = spec["type"]
    if kind_type == "object":
        if not isinstance(value, dict):
            return None
        return {k: exported(spec["fields"][k], v) for k, v in value.items()
                if k in spec["fields"] and spec["fields"][k].get("export", True)}
    if kind_type == "list":
        return [exported(spec["items"], v) for v in value] if isinstance(value, list) else None
    if kind_type in ("date", "string", "text", "url", "doc_number", "enum", "vocab", "ref"):
        return str(value)
    return value


def ref_ids(spec: dict, value: Any) -> list[str]:
    """Every id that a value names through fields of type ref."""
    kind_type = spec["type"]
    if kind_type == "ref":
        return [str(value).strip()]
    if kind_type == "object" and isinstance(value, dict):
        return [i for k, v in value.items() if k in spec["fields"] for i in ref_ids(spec["fields"][k], v)]
    if kind_type == "list" and isinstance(value, list):
        return [i for v in value for i in ref_ids(spec["items"], v)]
    return []


def record(archive: Archive, e: Entity, site_url: str) -> dict:
    spec = {"type": "object", "fields": archive.schema.kinds[e.kind]["fields"]}
    referenced_by = sorted(set(archive.referenced_by.get(e.id, [])))
    refs = {}
    for target_id in ref_ids(spec, e.meta) + referenced_by:
        target = archive.get(target_id)
        if target is not None:   # unresolved only under `mkdocs serve` with problems
            refs[target_id] = {"kind": target.kind, "title": target.title, "url": target.url}
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "url": e.url,
        "absolute_url": site_url + e.url if site_url else None,
        "review_status": (e.meta.get("review") or {}).get("status") or "待审核",
        "fields": exported(spec, e.meta),
        "refs": refs,
        "referenced_by": referenced_by,
    }


def data_files(archive: Archive, site_url: str = "") -> list[tuple[str, bytes]]:
    """(path under the site, content) of every open-data file, one per kind of the schema."""
    site_url = site_url.rstrip("/") + "/" if site_url else ""
    files = []
    for kind, spec in archive.schema.kinds.items():
        items = [record(archive, e, site_url) for e in sorted(archive.of_kind(kind), key=lambda e: e.id)]
        # One item per line: readable and diffable, and written by json's fast C encoder
        # (indent= falls back to the pure-Python one, a third of a second at 1,000 profiles).
        lines = ",\n".join(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in items)
        text = (f'{{"count": {len(items)}, "items": [\n{lines}\n], "kind": {json.dumps(kind)}, '
                f'"label": {json.dumps(spec["label"], ensure_ascii=False)}}}\n')
        files.append((file_name(archive.schema, kind), text.encode("utf-8")))
    return files
