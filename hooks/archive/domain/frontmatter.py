"""Split a profile file into YAML front matter and Markdown body, safely.

Parsing keeps the line of every field so that problems can point at it. Only plain
YAML data is accepted: no tags (which is how YAML runs code), no duplicate keys.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem, problem

MAX_FILE_KB = 256
MAX_DEPTH = 12          # levels of lists and mappings: the schema needs 4 (nominations[].materials[].url)
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")}
_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (the schema checks partial dates itself), and
    "<<" and "=" too: YAML 1.1's merge key and "value" key, which profiles have no use for
    (PyYAML failed on a "<<:" or "=" written as a key)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith((":timestamp", ":merge", ":value"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml parses the same YAML about ten times faster; PyYAML's own parser is kept for
# files with errors, whose messages _YAML_HINTS translates.
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        """CSafeLoader with the same resolvers (dates stay strings)."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader: type = _CLoader
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader


def safe_load(text: str) -> Any:
    """yaml.safe_load (dates included), with libyaml when available: the same data, faster."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

# PyYAML's most common complaints, in the words an editor understands.
_YAML_HINTS = {
    "mapping values are not allowed here": "此处不能出现冒号（值里有冒号时请给整个值加引号）",
    "could not find expected ':'": "缺少冒号，应写成“字段: 值”",
    "found character '\\t' that cannot start any token": "出现了制表符",
    "found unexpected end of stream": "引号或括号没有闭合",
    "expected the node content, but found '<stream end>'": "值不完整：方括号、花括号或引号没有闭合",
    "expected ',' or ']'": "方括号列表没有闭合，或列表项之间缺少逗号",
    "expected ',' or '}'": "花括号没有闭合，或项之间缺少逗号",
    "found undefined alias": "引用了未定义的锚点（*）",
    "expected <block end>, but found": "缩进不一致",
    "did not find expected key": "缩进不一致或缺少“字段:”",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found unknown escape character": "双引号中的反斜杠转义无效（改用单引号）",
    "while scanning a quoted scalar": "引号没有闭合",
}


@dataclass
class ParsedFile:
    meta: dict[str, Any] | None = None
    lines: dict[tuple, int] = field(default_factory=dict)  # field path -> line in the file
    body: str = ""
    body_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: tuple) -> int:
        """Line of a field, or of its nearest enclosing field."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def parse_data_file(raw: bytes, rel: str) -> ParsedFile:
    """A YAML file of the repository's own (profiles/vocabularies.yaml, redirects.yaml), checked
    as front matter is: the same YAML problems, in the same words, on the file's own lines."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return ParsedFile(problems=[problem(rel, raw.count(b"\n", 0, err.start) + 1, "E002", byte=err.start + 1)])
    parsed = parse(b"---\n" + raw + b"\n---\n", rel)                # its lines are one further down
    parsed.problems = [dataclasses.replace(p, line=max(p.line - 1, 0), message=p.message.replace("头信息", "文件内容"))
                       for p in parsed.problems]
    parsed.lines = {path: line - 1 for path, line in parsed.lines.items()}
    return parsed


def _hint(err: yaml.MarkedYAMLError) -> str:
    text = f"{err.context or ''} {err.problem or ''}"
    for english, chinese in _YAML_HINTS.items():
        if english in text:
            return chinese
    return (err.problem or str(err)).strip()


def parse(raw: bytes, rel: str) -> ParsedFile:
    out = ParsedFile()
    if len(raw) > MAX_FILE_KB * 1024:
        out.problems.append(problem(rel, 0, "E003", size=len(raw) // 1024, limit=MAX_FILE_KB))
        return out
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        out.problems.append(problem(rel, raw.count(b"\n", 0, err.start) + 1, "E002", byte=err.start + 1))
        return out
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        out.problems.append(problem(rel, 1, "E004"))
        return out
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        out.problems.append(problem(rel, 1, "E004"))
        return out
    out.body = "\n".join(lines[end + 1:])
    out.body_line = end + 2
    yaml_text = "\n".join(lines[1:end])

    tab_lines = [i + 2 for i, line in enumerate(lines[1:end]) if "\t" in line]
    if tab_lines:
        out.problems.extend(problem(rel, n, "E006") for n in tab_lines)
        return out

    loader = _FastLoader(yaml_text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
            loader = _Loader(yaml_text)  # the same error, in PyYAML's words
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        out.problems.append(problem(rel, (mark.line + 2) if mark else 1, "E005", detail=_hint(err)))
        return out
    except yaml.YAMLError as err:  # e.g. more than one document
        out.problems.append(problem(rel, 1, "E005", detail=str(err).splitlines()[0]))
        return out
    except RecursionError:         # PyYAML's own reader, on thousands of nested [ with an error
        out.problems.append(problem(rel, 1, "E012", limit=MAX_DEPTH))
        return out
    try:
        if node is None or not isinstance(node, yaml.MappingNode):
            actual = {yaml.SequenceNode: "列表", yaml.ScalarNode: "单个值"}.get(type(node), "空内容")
            out.problems.append(problem(rel, 2, "E007", actual=actual))
            return out

        try:
            _walk(node, (), out, rel, set())
        except _TooDeep:
            return out
        if any(p.code != "E010" for p in out.problems):     # a field written twice: the rest is
            return out                                        # still read and checked (the last wins)
        try:
            out.meta = _plain(node, loader)
        except _NotPlain:
            try:
                out.meta = loader.construct_document(node)  # from the nodes already parsed
            except yaml.YAMLError as err:  # constructing failed after composing: report, never raise
                out.problems.append(problem(rel, 1, "E005", detail=str(err).splitlines()[0]))
            except (ValueError, TypeError, ArithmeticError, LookupError):   # `!!int abc`: a tag its value does not fit
                bad = _unfit_tag(node) or node
                kind = bad.tag.rsplit(":", 1)[-1]
                out.problems.append(problem(rel, bad.start_mark.line + 2, "E005", detail=(
                    f"“{getattr(bad, 'value', '')}”不能作为 !!{kind}（{_TAG_NAMES.get(kind, kind)}）的值，"
                    "请删去 !!{kind} 标记".replace("{kind}", kind))))
        return out
    finally:
        loader.dispose()


_TAG_NAMES = {"int": "整数", "float": "小数", "bool": "true 或 false", "null": "空值", "binary": "Base64 数据"}


def _unfit_tag(node: yaml.Node) -> yaml.Node | None:
    """The first tagged value PyYAML cannot build (so that its line can be named)."""
    if isinstance(node, yaml.ScalarNode):
        try:
            _Loader("").construct_object(node)
        except Exception:  # noqa: BLE001 - whatever the tag's constructor raises
            return node
        return None
    children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
    return next((bad for child in children if (bad := _unfit_tag(child)) is not None), None)


class _TooDeep(Exception):
    """Front matter nested deeper than MAX_DEPTH (reported once, at the first such value)."""


class _NotPlain(Exception):
    """Front matter that PyYAML's own constructor must build (and whose errors it reports)."""


def _plain(node: yaml.Node, loader) -> Any:
    """The value of plain front matter (untagged mappings with scalar keys, lists, text, and
    numbers, true/false and null as written without tags), built straight from the nodes:
    what PyYAML's constructor would build, several times faster. (Aliases never get here:
    _walk rejects them.)"""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:
            return node.value
        if loader.resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag:  # 1930, true, ~
            return loader.construct_object(node)
    elif isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
        return [_plain(item, loader) for item in node.value]
    elif isinstance(node, yaml.MappingNode) and node.tag == _MAP \
            and all(isinstance(key, yaml.ScalarNode) for key, _ in node.value):
        return {_plain(key, loader): _plain(value, loader) for key, value in node.value}
    raise _NotPlain


def _walk(node: yaml.Node, path: tuple, out: ParsedFile, rel: str, seen: set[int]) -> None:
    """Record each field's line; reject tags, duplicate keys and aliases. An alias (*name) is
    the node of its anchor (&name) met again: walked only once, so that lists of aliases of
    lists of aliases (a "billion laughs" file) cannot make this or any later step exponential."""
    if len(path) > MAX_DEPTH:      # [[[[…]]]]: would overflow Python's stack here and below
        out.problems.append(problem(rel, out.line_of(path), "E012", limit=MAX_DEPTH))
        raise _TooDeep
    if id(node) in seen:
        while path and isinstance(path[-1], int):      # the field (with its line), not the list item
            path = path[:-1]
        found = problem(rel, out.line_of(path), "E011", field=dotted(path))
        if found not in out.problems:                   # once for `b: [*a, *a, *a]`
            out.problems.append(found)
        return
    seen.add(id(node))
    line = node.start_mark.line + 2
    if node.tag not in _STANDARD_TAGS:
        out.problems.append(problem(rel, line, "E008", field=dotted(path), tag=node.tag.replace("tag:yaml.org,2002:", "!!")))
        return
    if isinstance(node, yaml.MappingNode):
        keys: set = set()
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 2
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR:   # 1:, null:, ? [a, b]
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "[…]"
                out.problems.append(problem(rel, key_line, "E015", field=dotted(path), key=shown))
                continue
            key = key_node.value
            if key in keys:
                out.problems.append(problem(rel, key_line, "E010", field=dotted(path + (key,))))
            keys.add(key)
            out.lines[path + (key,)] = key_line
            _walk(value_node, path + (key,), out, rel, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            if id(item) not in seen:        # an alias's line would be its anchor's
                out.lines[path + (i,)] = item.start_mark.line + 2
            _walk(item, path + (i,), out, rel, seen)


def dotted(path: tuple) -> str:
    """('honours', 0, 'year') -> 'honours[1].year' (1-based for editors)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
