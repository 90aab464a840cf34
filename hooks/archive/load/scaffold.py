"""New profiles from the schema (`make new`): every field present, each with a Chinese
comment saying what goes there, required fields empty so that `make check` lists them.

Nothing here knows a field by name: labels, help, allowed values and examples all come
from schema.yaml, like the validator and the field reference page.
"""
from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path

import yaml

from ..domain.pinyin import _syllables, person_pinyin, slug
from ..domain.schema import Schema, field_hint
from . import redirects
from .loader import ID_RE, profile_files

MAX_ID_LENGTH = 40
_COMMENT_COLUMN = 20


class ScaffoldError(Exception):
    """A refusal, worded for the editor (Chinese)."""


def kind_choices(schema: Schema) -> str:
    return "、".join(f"{kind}（{spec['label']}）" for kind, spec in schema.kinds.items())


def resolve_kind(schema: Schema, word: str) -> str:
    """person, people or 人物 → 'person'."""
    word = (word or "").strip()
    for kind, spec in schema.kinds.items():
        if word.lower() in (kind, spec["folder"]) or word == spec["label"]:
            return kind
    if not word:
        raise ScaffoldError(f"请用 KIND= 指定档案类别，如 make new KIND=person NAME=屠呦呦。可用的类别：{kind_choices(schema)}")
    raise ScaffoldError(f"不认识的档案类别“{word}”。可用的类别：{kind_choices(schema)}")


def spelling(kind: str, name: str) -> str:
    """The pinyin the id is made from: surname rules for people, word by word otherwise."""
    return person_pinyin(name) if kind == "person" else " ".join(_word_syllables(name))


def _word_syllables(name: str) -> list[str]:
    """西安交通大学 → ['xian', 'jiaotong', 'daxue']: one pinyin word per Chinese word."""
    try:
        import jieba
        jieba.setLogLevel(logging.ERROR)
    except ImportError:  # pragma: no cover - jieba is a dependency of the site
        return list(_syllables(name))
    words: list[str] = []
    for word in jieba.cut(name, HMM=False):
        words += _split_long(word, jieba) if len(word) >= 4 else [word]
    return [w for w in ("".join(_syllables(word)) for word in words) if w]


def _split_long(word: str, jieba) -> list[str]:
    """中华人民共和国 → 中华 人民 共和国: the dictionary words inside a long word."""
    inner = {w for w in jieba.cut_for_search(word, HMM=False) if 2 <= len(w) < len(word)}
    parts: list[str] = []
    i = 0
    while i < len(word):
        size = next((n for n in (3, 2) if word[i:i + n] in inner), 1)
        if size == 1 and parts:
            parts[-1] += word[i]
        else:
            parts.append(word[i:i + size])
        i += size
    return parts


def existing_ids(root: Path) -> dict[str, str]:
    """id → where it is taken: every profile file, in whatever folder, and the old ids of
    renamed profiles (their URLs lead on to the new ones)."""
    profiles = root / "profiles"
    taken = {old.split("/")[1]: f"{redirects.REDIRECTS}（改名档案的旧地址 {old}/）"
             for old in redirects.load(root)[0]}
    if profiles.is_dir():
        taken.update({p.stem: p.relative_to(root).as_posix() for p in profile_files(profiles)})
    return taken


def new_profile(root: Path, schema: Schema, kind_word: str, name: str, entity_id: str = "") -> tuple[Path, str, str]:
    """Write a new profile; return (path, id, spelling). Raises ScaffoldError, never overwrites."""
    kind = resolve_kind(schema, kind_word)
    spec = schema.kinds[kind]
    name = (name or "").strip()
    title = spec["fields"][spec["title_field"]].get("label", spec["title_field"])
    if not name:
        raise ScaffoldError(f"请用 NAME= 写明{spec['label']}的{title}，如 make new KIND={kind} NAME=…")
    spelled = spelling(kind, name)
    entity_id = (entity_id or "").strip()
    if entity_id:
        if not ID_RE.match(entity_id):
            raise ScaffoldError(f"编号“{entity_id}”不合格：只能用小写拼音字母、数字和连字符，如 tu-youyou")
    else:
        entity_id = slug(spelled)
        if not entity_id:
            raise ScaffoldError(f"无法从“{name}”生成拼音编号，请用 ID= 指定，如 ID=tu-youyou")
        if len(entity_id) > MAX_ID_LENGTH:
            raise ScaffoldError(
                f"由名称生成的编号太长（{entity_id[:MAX_ID_LENGTH]}…）。编号就是网址，发布后不能再改，"
                f"请用 ID= 指定一个简短的编号，如 ID=weishengbu-zhiye-jingshen-tongzhi-2012（机关-主题-文种-年份）")
    if entity_id in schema.reserved_ids:
        raise ScaffoldError(
            f"编号“{entity_id}”是网站保留的名称（{schema.reserved_ids[entity_id]}），没有创建新文件。"
            f"请用 ID= 指定其他编号，如 ID=tu-youyou（名称的拼音）")
    taken = existing_ids(root).get(entity_id)
    if taken:
        raise ScaffoldError(
            f"编号“{entity_id}”已被 {taken} 使用，没有创建新文件。若是同一{spec['label']}，请直接修改该文件；"
            f"若是同名的另一{spec['label']}，请用 ID= 指定不同的编号，如 ID={entity_id}-2")
    path = root / "profiles" / spec["folder"] / f"{entity_id}.md"
    text = template(schema, kind, name, spelled, path.relative_to(root).as_posix())
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(text)
    return path, entity_id, spelled


# -- the template ------------------------------------------------------------------------

def _scalar(value: str) -> str:
    """value as a YAML scalar, quoted only when it has to be."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _width(text: str) -> int:
    """Columns on screen: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _line(indent: int, key: str, value: str, comment: str) -> str:
    left = f"{' ' * indent}{key}:" + (f" {value}" if value else "")
    return left + " " * max(_COMMENT_COLUMN - _width(left), 1) + f"# {comment}" if comment else left


def _comment(schema: Schema, spec: dict) -> str:
    """标题（必填）。what goes there"""
    hint = field_hint(schema, spec)
    label = spec.get("label", "")
    need = "必填" if spec.get("required") else "选填"
    return f"{label}（{need}）" + (f"。{hint}" if hint and hint != label else "")


def template(schema: Schema, kind: str, name: str, spelled: str, rel: str) -> str:
    spec = schema.kinds[kind]
    out = [
        "---",
        f"# {spec['label']}档案，由 make new 生成。井号 # 后面是填写说明，可以保留。",
        "# 标“必填”的字段必须填写；“选填”的不需要时留空即可（也可整行删除）。",
        '# 日期加引号，可只写年份或年月："1930"、"1930-12"、"1930-12-30"。',
        "# 只写有公开来源支持的事实，不编造引语、日期或奖项。字段说明见网站“贡献指南 → 字段说明”页。",
        f"# 填好后运行：make check FILES={rel}",
    ]
    for key, field in spec["fields"].items():
        out.append("")
        out += _field(schema, kind, key, field, name, spelled)
    out += [
        "---",
        "",
        f"<!-- 正文从这里开始，写完后删除这段注释。{spec.get('body', '')} -->",
        "",
    ]
    return "\n".join(out)


def _field(schema: Schema, kind: str, key: str, spec: dict, name: str, spelled: str) -> list[str]:
    kinds = schema.kinds[kind]
    comment = _comment(schema, spec)
    if key == kinds["title_field"]:
        return [f"# {comment}", f"{key}: {_scalar(name)}"]
    if key == "pinyin":
        comment = f"{spec.get('label')}（选填）。按名称自动生成为“{spelled}”；读错时在此填写正确拼音，音节以空格分隔"
        return [f"# {comment}", f"{key}:"]
    if spec["type"] == "object":
        lines = [f"# {comment}", f"{key}:"]
        for sub_key, sub in spec["fields"].items():
            value = _prefill(sub)
            lines.append(_line(2, sub_key, value, _comment(schema, sub)))
        return lines
    if spec["type"] == "list" and spec["items"]["type"] == "object":
        lines = [f"# {comment}。每项以“- ”开头，要写多项时把下面这几行复制一份接在后面", f"{key}:"]
        for i, (sub_key, sub) in enumerate(spec["items"]["fields"].items()):
            lines.append(_line(2, ("- " if i == 0 else "  ") + sub_key, "", _comment(schema, sub)))
        return lines
    return [f"# {comment}", f"{key}:"]


def _prefill(spec: dict) -> str:
    """The one value a new profile can only have: review status 待审核 (not yet reviewed)."""
    values = spec.get("values") or []
    return str(values[0]) if spec.get("type") == "enum" and "待审核" in values else ""
