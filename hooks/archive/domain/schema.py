"""The content model, read from schema.yaml and profiles/vocabularies.yaml, and the
checks of one profile's fields against it. References between profiles are checked
later (they need the whole archive): here we only collect them.
"""
from __future__ import annotations

import calendar
import dataclasses
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable


from ..runtime import files
from .frontmatter import dotted, parse_data_file, safe_load
from .problems import Problem, os_error, problem

SCHEMA_FILE = Path(__file__).parent.parent / "schema.yaml"      # hooks/archive/schema.yaml

# Digits are [0-9]: \d would take full-width (１９３０) and other scripts' digits too.
DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
# 发文字号: 机关代字 + 〔年份〕 + 序号 + 号, e.g. 卫办发〔2012〕31号, 中组发〔2018〕11号
DOC_NUMBER_RE = re.compile(r"^[\u4e00-\u9fff]{1,12}〔(19|20)[0-9]{2}〕[0-9]{1,4}号$")
# The whole value (fullmatch: "$" let a final line break through): no whitespace, no control character.
URL_RE = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f/$.?#][^\s\x00-\x1f\x7f-\x9f]*", re.I)
BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")

TYPE_NAMES = {
    "string": "文本", "integer": "整数", "number": "数字", "date": "日期（带引号的字符串）",
    "url": "网址", "doc_number": "发文字号", "enum": "文本", "vocab": "文本", "ref": "档案编号",
    "list": "列表", "object": "“字段: 值”的映射",
}


def _actual(value: Any) -> str:
    if isinstance(value, bool):
        return f"真假值 {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文本“{value[:30]}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return "空值" if value is None else type(value).__name__


VOCAB_FILE = "profiles/vocabularies.yaml"


@dataclass
class Schema:
    kinds: dict[str, dict]
    vocabularies: dict[str, list[str]]
    fingerprint: str = ""  # changes when the schema or a vocabulary changes (cache key)
    problems: tuple = ()   # of vocabularies.yaml: its vocabularies are then not checked against
    reserved_ids: dict[str, str] = dataclasses.field(default_factory=dict)   # id -> the page that uses it
    earliest_year: int = 1000   # of any date (schema.yaml)

    @classmethod
    def load(cls, vocab_file: Path) -> "Schema":
        schema_text = SCHEMA_FILE.read_text(encoding="utf-8")
        try:
            raw = files.read_regular(vocab_file, 1 << 20)
        except OSError as err:
            raw = err
        return cls(*_parsed(schema_text, raw))

    def folders(self) -> set[str]:
        """The folders of profiles under profiles/ (and of their pages in the site)."""
        return {spec["folder"] for spec in self.kinds.values()}

    def kind_of_folder(self, folder: str) -> str | None:
        return self._kinds_by_folder.get(folder)

    @functools.cached_property
    def _kinds_by_folder(self) -> dict[str, str]:
        """(asked of every file of every load)"""
        by_folder: dict[str, str] = {}
        for kind, spec in self.kinds.items():
            by_folder.setdefault(spec["folder"], kind)
        return by_folder

    def label(self, kind: str) -> str:
        return self.kinds[kind]["label"]


@functools.lru_cache(maxsize=4)     # read once per process unless edited (`mkdocs serve`)
def _parsed(schema_text: str, vocab: bytes | OSError) -> tuple[dict, dict, str, tuple, dict, int]:
    declared = safe_load(schema_text)
    vocabularies, problems = _vocabularies(vocab)
    fingerprint = hashlib.sha1(schema_text.encode() + (vocab if isinstance(vocab, bytes) else b"")).hexdigest()
    return (declared["kinds"], vocabularies, fingerprint, tuple(problems), declared["reserved_ids"],
            declared["earliest_year"])


def _vocabularies(raw: bytes | OSError) -> tuple[dict[str, list[str]], list[Problem]]:
    """The controlled vocabularies, and what is wrong with the file: read as front matter is
    (the same YAML checks and messages), each vocabulary a list of texts."""
    if isinstance(raw, OSError):
        return {}, [problem(VOCAB_FILE, 0, "E013", detail=os_error(raw))]
    parsed = parse_data_file(raw, VOCAB_FILE)
    problems, vocabularies = list(parsed.problems), {}
    for name, values in (parsed.meta or {}).items():
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            vocabularies[str(name)] = values
        else:
            problems.append(problem(VOCAB_FILE, parsed.line_of((name,)), "E014", field=str(name)))
    return vocabularies, problems


@dataclass
class Reference:
    """A field value that must name another profile."""
    target: str
    kinds: list[str]
    path: tuple
    line: int


def check_fields(schema: Schema, kind: str, meta: dict, rel: str,
                 line_of: Callable[[tuple], int]) -> tuple[list[Problem], list[Reference]]:
    """Check one profile's front matter; return problems and the references it makes."""
    problems: list[Problem] = []
    refs: list[Reference] = []
    spec = {"type": "object", "fields": schema.kinds[kind]["fields"]}
    _check(schema, kind, spec, meta, (), rel, line_of, problems, refs)
    return problems, refs


def _check(schema, kind, spec, value, path, rel, line_of, problems, refs):
    kind_type = spec["type"]

    def report(code: str, **values) -> None:   # the field's name and line, worked out only for a problem
        problems.append(problem(rel, line_of(path), code, dotted(path), **values))

    def wrong_type():
        report("E103", expected=TYPE_NAMES[kind_type], actual=_actual(value), help=field_hint(schema, spec).rstrip("。"))

    if kind_type == "object":
        if not isinstance(value, dict):
            return wrong_type()
        fields = spec["fields"]
        for key, sub in value.items():
            if key not in fields:
                problems.append(problem(rel, line_of(path + (key,)), "E104", dotted(path + (key,)),
                                        kind=schema.label(kind), allowed="、".join(fields)))
            elif not is_blank(sub):  # an empty optional field counts as not written
                _check(schema, kind, fields[key], sub, path + (key,), rel, line_of, problems, refs)
        for key, sub_spec in fields.items():
            if sub_spec.get("required") and is_blank(value.get(key)):
                present = key in value
                nested = sub_spec["type"] == "object" or (sub_spec["type"] == "list" and sub_spec["items"]["type"] == "object")
                action = ("在其下各行填写" if nested else "在冒号后填写") if present else f"添加一行“{key}:”并填写"
                problems.append(problem(rel, line_of(path + (key,)) if present else line_of(path), "E101",
                                        dotted(path + (key,)), label=sub_spec.get("label", key),
                                        state="尚未填写" if present else "缺少", action=action,
                                        help=field_hint(schema, sub_spec)))
        return
    if kind_type == "list":
        if not isinstance(value, list):
            return wrong_type()
        for i, item in enumerate(value):
            if not is_blank(item):  # a blank item (e.g. an unfilled scaffold entry) is not written
                _check(schema, kind, spec["items"], item, path + (i,), rel, line_of, problems, refs)
        return
    if kind_type in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int if kind_type == "integer" else (int, float)):
            wrong_type()
        elif not within_bounds(spec, value):
            report("E118", label=spec.get("label", path[-1]), value=value,
                   rule=f"应为不小于 {spec['min']} 的{TYPE_NAMES[kind_type]}",
                   how=f"按字段说明改写：{field_hint(schema, spec).rstrip('。')}")
        return
    # Every remaining type is text; a bare year (1930) is accepted for dates.
    if kind_type == "date" and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return wrong_type()
    if kind_type == "date":
        match = DATE_RE.match(value.strip())
        if not match:
            wide = DATE_RE.match(unicodedata.normalize("NFKC", value).strip())     # １９３０－１２
            report("E102", value=value, wide="（其中有全角的数字或连字符）" if wide else "",
                   halfwidth="；数字和连字符用半角，即英文输入状态下的 0–9 和 -" if wide else "")
        elif not real_date(*match.groups()):
            report("E111", value=value)
        elif int(match[1]) < schema.earliest_year:
            report("E118", label=spec.get("label", path[-1]), value=value,
                   rule=f"年份应不早于 {schema.earliest_year} 年",
                   how=f"核对年份：本档案收录近现代的人物、群体和文件，早于 {schema.earliest_year} 年的年份多是笔误；"
                       "日期写作 \"1930\"、\"1930-12\" 或 \"1930-12-30\"")
    elif kind_type == "url" and not URL_RE.fullmatch(value):
        blank = BLANK_OR_CONTROL.search(value)
        report("E107", value=value, space="（其中有空格、换行等空白字符或控制字符）" if blank else "",
               nospace="；删去其中的空白和控制字符（网址中确需空格时写作 %20）" if blank else "")
    elif kind_type == "doc_number" and not DOC_NUMBER_RE.match(value.strip()):
        report("E106", value=value)
    elif kind_type == "enum" and value not in spec["values"]:
        report("E105", value=value, allowed="、".join(spec["values"]), extra="")
    elif kind_type == "vocab" and not schema.problems:      # a broken vocabulary file is reported instead
        allowed = schema.vocabularies.get(spec["vocab"], [])
        if value not in allowed:
            report("E105", value=value, allowed="、".join(allowed),
                   extra=f"（新的规范名称请加入 profiles/vocabularies.yaml 的 {spec['vocab']}）")
    elif kind_type == "ref":
        refs.append(Reference(value.strip(), spec["refs"], path, line_of(path)))
    if "max_length" in spec and len(value) > spec["max_length"]:
        report("E108", length=len(value), limit=spec["max_length"])


def within_bounds(spec: dict, value: int | float) -> bool:
    """A number is not below its field's least value (`min` in schema.yaml), if it has one."""
    return "min" not in spec or value >= spec["min"]


def is_blank(value: Any) -> bool:
    """Nothing written: null, empty text, or a list or mapping of blanks (an unfilled scaffold)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(is_blank(v) for v in value)
    return False


def example_yaml(spec: dict) -> str:
    """The schema's example as it is written in a profile (dates quoted, lists in brackets)."""
    example = spec.get("example")
    if example is None:
        items = spec.get("items") or {}
        if spec.get("type") == "list" and items.get("example") is not None:
            return f"[{example_yaml(items)}]"
        return ""
    text = str(example)
    if spec.get("type") == "date" or (isinstance(example, str) and (text[:1] in "[{\"'&*!|>%@`#" or ": " in text)):
        return f'"{text}"'
    return text


def field_hint(schema: "Schema", spec: dict) -> str:
    """What goes in a field, in one line: help, allowed values, an example (label if nothing else)."""
    parts = [spec.get("help", "")]
    items = spec.get("items") or {}
    kind_type = spec.get("type")
    target = spec if kind_type == "ref" else items if items.get("type") == "ref" else None
    if kind_type == "enum":
        parts.append("可选：" + "、".join(map(str, spec["values"])))
    elif kind_type == "vocab":
        values = schema.vocabularies.get(spec["vocab"], [])
        shown = "、".join(values) if len(values) <= 8 else "、".join(values[:3]) + "等"
        where = "" if "vocabularies.yaml" in parts[0] else f"（见 profiles/vocabularies.yaml 的 {spec['vocab']}）"
        parts.append(f"可选：{shown}{where}")
    elif target is not None:
        folders = "、".join(f"profiles/{schema.kinds[k]['folder']}/" for k in target["refs"] if k in schema.kinds)
        labels = "或".join(schema.kinds[k]["label"] for k in target["refs"] if k in schema.kinds)
        parts.append(f"{labels}档案的编号（{folders} 下的文件名，不含 .md）")
    elif kind_type == "object" and not spec.get("help"):
        parts.append("包括 " + "、".join(
            f"{k}（{v.get('label', k)}{'，必填' if v.get('required') else ''}）" for k, v in spec["fields"].items()))
    example = example_yaml(spec)
    if example:
        parts.append(f"例：{example}")
    elif kind_type == "date":
        parts.append('日期加引号，如 "1930"、"1930-12" 或 "1930-12-30"')
    elif kind_type == "url":
        parts.append("完整网址，以 https:// 或 http:// 开头")
    elif kind_type == "list" and not spec.get("help") and target is None:
        parts.append("写法：[第一项, 第二项]")
    return "；".join(p.rstrip("。；") for p in parts if p) or spec.get("label", "")


def real_date(year: str, month: str | None, day: str | None) -> bool:
    if month is None:
        return True
    if not 1 <= int(month) <= 12:
        return False
    if day is None:
        return True
    return 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]
