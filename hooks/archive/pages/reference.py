"""The contributors' field reference (guide/fields.md), generated from the schema, the
vocabularies and the catalogue of problem codes, so that it cannot drift from the
validator: whatever the validator knows, this page shows.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..domain.problems import CATALOGUE, WARNINGS
from ..domain.schema import TYPE_NAMES, Schema, example_yaml
from ..outputs.exports import FILE_KEYS, ITEM_KEYS, file_name
from .text import text

SRC = "guide/fields.md"

# How the placeholders of problem messages read on the reference page.
_PLACEHOLDERS = {
    "field": "字段", "value": "所填的值", "label": "字段名称", "state": "缺少／尚未填写",
    "action": "添加或填写该字段", "help": "字段说明", "expected": "应有的类型", "actual": "实际类型",
    "kind": "类别", "allowed": "可选值", "extra": "", "detail": "具体原因", "byte": "位置",
    "size": "大小", "limit": "上限", "name": "文件名", "tag": "标签", "other": "另一文件",
    "suggestion": "", "folder": "目录", "where": "正文或字段", "attr": "属性", "masked": "部分号码",
    "length": "字数", "changes": "“原文”→“建议写法”", "char": "字符", "codepoint": "编码",
    "fixed": "正确的汉字", "how": "改正方法", "target": "新编号", "old": "旧地址",
    "pixels": "宽×高", "max_mb": "上限", "max_side": "上限",
    "body": "推荐单位", "campaign": "主题活动", "campaign_at": "活动档案中的规定", "count": "人数或次数",
    "quota": "名额", "places": "各条推荐所在的文件与行", "later_label": "日期", "later": "日期",
    "earlier_label": "较早的日期", "earlier": "日期", "late": "天数", "ended": "活动结束日期",
    "reported": "报送日期", "days": "天数",
    "lat": "纬度", "lon": "经度", "hint": "",
    "why": "用这个名称的页面", "reserved": "保留的名称", "wide": "", "halfwidth": "", "space": "", "nospace": "", "rule": "允许的范围",
    "today": "今天的日期",
}


def type_name(schema: Schema, spec: dict) -> str:
    """文本, 日期, 列表（每项：档案编号 → 精神）…"""
    kind_type = spec["type"]
    if kind_type == "date":
        return "日期"
    if kind_type == "ref":
        return "档案编号（" + "或".join(schema.kinds[k]["label"] for k in spec["refs"] if k in schema.kinds) + "）"
    if kind_type == "enum":
        return "文本（限定取值）"
    if kind_type == "vocab":
        return "文本（受控词表）"
    if kind_type == "list":
        items = spec["items"]
        if items["type"] == "object":
            return "列表，每项包括下列字段"
        return f"列表（每项：{type_name(schema, items)}）"
    if kind_type == "object":
        return "包括下列字段"
    return TYPE_NAMES.get(kind_type, kind_type)


def _values(schema: Schema, spec: dict) -> str:
    target = spec["items"] if spec["type"] == "list" else spec
    if target["type"] == "enum":
        return "、".join(text(v) for v in target["values"])
    if target["type"] == "vocab":
        vocab = target["vocab"]
        count = len(schema.vocabularies.get(vocab, []))
        return f"见下文[受控词表 {vocab}](#vocab-{vocab})（{count} 项）"
    if target["type"] == "doc_number":
        return "如 卫办发〔2012〕31号"
    if target["type"] == "date":
        return "YYYY、YYYY-MM 或 YYYY-MM-DD，加引号"
    if target["type"] == "url":
        return "http:// 或 https:// 开头的完整网址"
    return ""


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _rows(schema: Schema, fields: dict, prefix: str = "", depth: int = 0):
    for key, spec in fields.items():
        name = f"{prefix}{key}"
        yield name, spec, depth
        if spec["type"] == "object":
            yield from _rows(schema, spec["fields"], f"{name}.", depth + 1)
        elif spec["type"] == "list" and spec["items"]["type"] == "object":
            yield from _rows(schema, spec["items"]["fields"], f"{name}[].", depth + 1)


def field_names(schema: Schema, kind: str) -> list[str]:
    """Every field of a kind as shown on the page: name, positions[].title, source.url …"""
    return [name for name, _, _ in _rows(schema, schema.kinds[kind]["fields"])]


def _kind_section(schema: Schema, kind: str) -> list[str]:
    spec = schema.kinds[kind]
    out = [f"## {spec['label']}（{kind}） {{#{kind}}}", "",
           f"文件放在 `profiles/{spec['folder']}/`，文件名即编号（如 `profiles/{spec['folder']}/编号.md`）。"
           f"新建：`make new KIND={kind} NAME=名称`。"]
    if spec.get("body"):
        out.append(f"正文（第二个 `---` 之后）：{text(spec['body'])}")
    if spec.get("verbatim_body"):
        out.append("正文是照录的原文，不做排版检查，`make fix` 也不改动。")
    out += ["", "| 字段 | 名称 | 类型 | 必填 | 取值与说明 | 示例 |", "| --- | --- | --- | --- | --- | --- |"]
    for name, field, depth in _rows(schema, spec["fields"]):
        required = "**必填**" if field.get("required") else "选填"
        if depth and field.get("required"):
            required = "**必填**（每项）" if "[]" in name else "**必填**（有此项时）"
        notes = [text(field["help"])] if field.get("help") else []
        values = _values(schema, field)
        if values:
            notes.append("取值：" + values)
        if field.get("max_length") and f"{field['max_length']} 字" not in field.get("help", ""):
            notes.append(f"不超过 {field['max_length']} 字")
        if "min" in field:
            notes.append(f"不小于 {field['min']}")
        if field.get("verbatim"):
            notes.append("照录原文，不做排版检查")
        example = example_yaml(field)
        indent = "&emsp;" * depth
        out.append("| " + " | ".join(_cell(c) for c in [
            f"{indent}`{name}`", text(field.get("label", "")), type_name(schema, field), required,
            "；".join(n.rstrip("。") for n in notes), f"`{example}`" if example else ""]) + " |")
    return out + [""]


def _template(template: str) -> str:
    def name(match: re.Match) -> str:
        label = _PLACEHOLDERS.get(match.group(1), "…")
        return f"〈{label}〉" if label else ""
    return text(re.sub(r"\{(\w+)\}", name, template))


def _codes_section() -> list[str]:
    out = ["## 检查结果的代码 {#codes}", "",
           "`make check` 每个问题输出一行：`文件:行: 代码 问题。改法。`。"
           "“错误”使检查和构建失败，必须改正；“提示”只提醒，不影响通过，`make fix` 可自动改正。", "",
           "| 代码 | 级别 | 问题 | 改法 |", "| --- | --- | --- | --- |"]
    for code, (message, fix) in CATALOGUE.items():
        level = "提示" if code in WARNINGS else "错误"
        out.append(f"| {code} | {level} | {_cell(_template(message))} | {_cell(_template(fix))} |")
    return out + [""]


def _vocab_section(schema: Schema) -> list[str]:
    out = ["## 受控词表 {#vocabularies}", "",
           "以下字段只能使用词表中的写法；需要新的取值时，在同一个拉取请求中把它加入 `profiles/vocabularies.yaml`。", ""]
    for name, values in schema.vocabularies.items():
        out += [f"### {name} {{#vocab-{name}}}", "", "、".join(text(v) for v in values or []) + "。", ""]
    return out


def _open_data_section(schema: Schema) -> list[str]:
    """The data/*.json files: names, shape and keys come from exports.py, fields from the schema."""
    out = ["## 开放数据 {#open-data}", "",
           "网站附带每类档案一个 JSON 文件（UTF-8），内容与网页上的档案相同，供其他系统导入或统计；"
           "每次构建重新生成，键和记录都按字母顺序排列，同一版本的档案生成的文件逐字节相同。", "",
           "| 类别 | 文件 | 记录中 fields 的字段 |", "| --- | --- | --- |"]
    left_out = []
    for kind, spec in schema.kinds.items():
        name = file_name(schema, kind)
        out.append(f"| {text(spec['label'])} | [`{name}`](../{name}) | 见上文[{text(spec['label'])}](#{kind})的字段表 |")
        left_out += [f"`{key}`" for key, field in spec["fields"].items()
                     if not field.get("export", True) and f"`{key}`" not in left_out]
    out += ["", "每个文件是一个对象：", "", "| 键 | 含义 |", "| --- | --- |"]
    out += [f"| `{key}` | {_cell(text(meaning))} |" for key, meaning in FILE_KEYS.items()]
    out += ["", "`items` 中每条记录：", "", "| 键 | 含义 |", "| --- | --- |"]
    out += [f"| `{key}` | {_cell(text(meaning))} |" for key, meaning in ITEM_KEYS.items()]
    out.append("")
    if left_out:
        out += ["只用于本站排版的字段不导出：" + "、".join(left_out) + "。", ""]
    out += ["图片文件（`images[].file`）在网站的 `media/` 目录下。导出的只是档案页面上已经公开的字段，"
            "不含其他个人信息；每个字段都经过身份证号码、手机号码检查（E401、E402）。", ""]
    return out


def fields_page(schema: Schema) -> tuple[str, str]:
    """(src_uri, markdown) of the field reference."""
    out = ["---", 'title: "字段说明"', "---", "", "# 字段说明", "",
           "本页由 `hooks/archive/schema.yaml`（字段定义）、`profiles/vocabularies.yaml`（受控词表）和检查程序的"
           "问题代码表自动生成，与 `make check` 使用同一份定义，不会过时。",
           "",
           "- 每份档案是一个 Markdown 文件：开头两行 `---` 之间是字段（YAML，“字段: 值”，用空格缩进），之后是正文。",
           '- 日期一律加引号，可只写年份或年月：`"1930"`、`"1930-12"`、`"1930-12-30"`；数字用半角，'
           f"年份不早于 {schema.earliest_year} 年。",
           "- 档案编号就是文件名（不含 `.md`），用小写拼音和连字符，如 `tu-youyou`；引用其他档案时写它的编号。",
           "- 没有把握的选填字段宁可不填；未知字段、错误的取值都会被 `make check` 指出。",
           "",
           "类别：" + "、".join(f"[{s['label']}](#{k})" for k, s in schema.kinds.items())
           + "；另见[受控词表](#vocabularies)、[检查结果的代码](#codes)和[开放数据](#open-data)。", ""]
    for kind in schema.kinds:
        out += _kind_section(schema, kind)
    out += _vocab_section(schema)
    out += _open_data_section(schema)
    out += _codes_section()
    return SRC, "\n".join(out) + "\n"


GUIDE_SRC = "guide/index.md"
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def guide_page(root: Path | None) -> tuple[str, str]:
    """CONTRIBUTING.md as the site's 贡献指南 page: one text for GitHub and for the site.
    Links to repository files become plain names (they are not pages of the site)."""
    path = root / "CONTRIBUTING.md" if root is not None else None
    if path is None or not path.is_file():  # the navigation names this page: never leave it out
        return GUIDE_SRC, '---\ntitle: "贡献指南"\n---\n\n# 贡献指南\n\n见仓库根目录的 CONTRIBUTING.md。\n'
    body = path.read_text(encoding="utf-8")

    def link(match: re.Match) -> str:
        label, target = match.groups()
        return match.group(0) if re.match(r"^(https?:|mailto:|#)", target) else label

    body = _LINK.sub(link, body)
    return GUIDE_SRC, '---\ntitle: "贡献指南"\n---\n\n' + body
