"""Chinese typography of profile text: spacing between Chinese and Latin letters or digits
and punctuation (E501, E502, by autocorrect, a maintained library: autocorrect-py), and
look-alike characters such as the Kangxi radical ⽼ for 老 (E503, E504).

Text copied verbatim from a document (policy bodies, fields marked `verbatim` in the
schema) is never corrected and gets no spacing or punctuation advice.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

from ..domain.frontmatter import ParsedFile, dotted
from ..domain.problems import Problem, problem
from ..domain.schema import Schema
from ..runtime import contained
from ..text import limits

try:
    import autocorrect_py
except ImportError:  # pragma: no cover - listed in requirements.txt; without it only look-alikes are checked
    autocorrect_py = None

# Kangxi Radicals and CJK Radicals Supplement: symbols that look like Chinese characters.
LOOKALIKE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
# 发文字号 such as 中组发〔2018〕11号 must stay as written (no space before 号).
_PROTECT = re.compile(r"〔(?:19|20)\d{2}〕\d{1,4}号")
_PRIVATE = 0xE000
_TEXT_TYPES = {"string", "text"}
_MAX_SHOWN = 3


def lookalike_fix(char: str) -> str | None:
    """The character a radical stands for, when Unicode says so (⽼ → 老)."""
    fixed = unicodedata.normalize("NFKC", char)
    return fixed if fixed != char and not LOOKALIKE.match(fixed) else None


def fix_lookalikes(text: str) -> str:
    return LOOKALIKE.sub(lambda m: lookalike_fix(m.group(0)) or m.group(0), text)


def _autocorrect(text: str, markdown: bool) -> str:
    if autocorrect_py is None or not text.strip():
        return text
    kept: list[str] = []

    def hide(match: re.Match) -> str:
        kept.append(match.group(0))
        return chr(_PRIVATE + len(kept) - 1)

    hidden = _PROTECT.sub(hide, text)
    out = autocorrect_py.format_for(hidden, "md") if markdown else autocorrect_py.format(hidden)
    for i, original in enumerate(kept):
        out = out.replace(chr(_PRIVATE + i), original)
    return out


def _format_all(items: list[tuple[str, bool]]) -> list[str]:
    return [_autocorrect(text, markdown) for text, markdown in items]


_HELPER = contained.Helper(_format_all)


def formatted(items: list[tuple[str, bool]]) -> list:
    """autocorrect's text for each (text, markdown), in a helper process (contained.py): one call
    for all; if the helper dies, each text on its own, so that a crash names its text
    (contained.Crashed stands in for that text's result)."""
    if not items:
        return []
    try:
        return _HELPER(items)
    except contained.Crashed:
        out = []
        for item in items:
            try:
                out += _HELPER([item])
            except contained.Crashed as crash:
                out.append(crash)
        return out


def correct(text: str, markdown: bool) -> str:
    """Text with spacing, punctuation and look-alike characters corrected (`make fix`).
    Raises contained.Crashed when autocorrect dies on the text."""
    [result] = formatted([(fix_lookalikes(text), markdown)])
    if isinstance(result, contained.Crashed):
        raise result
    return result


def text_fields(schema: Schema, kind: str, meta: dict) -> Iterator[tuple[tuple, str, bool]]:
    """(path, text, verbatim) for every prose value of a profile, as the schema declares it."""
    spec = {"type": "object", "fields": schema.kinds[kind]["fields"]}
    yield from _walk(spec, meta, (), False)


def _walk(spec: dict, value: Any, path: tuple, verbatim: bool) -> Iterator[tuple[tuple, str, bool]]:
    verbatim = verbatim or bool(spec.get("verbatim"))
    kind_type = spec.get("type")
    if kind_type == "object" and isinstance(value, dict):
        for key, sub in value.items():
            if key in spec["fields"]:
                yield from _walk(spec["fields"][key], sub, path + (key,), verbatim)
    elif kind_type == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(spec["items"], item, path + (i,), verbatim)
    elif kind_type in _TEXT_TYPES and isinstance(value, str):
        yield path, value, verbatim


def _changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """Snippets “old”→“new” of one line's changes, nearby changes shown together:
    (spacing changes, other changes)."""
    ops = _edits(old, new)

    def is_space(op: tuple) -> bool:
        _, a, b, c, d = op
        return not old[a:b].strip() and not new[c:d].strip()

    clusters: list[list[tuple]] = []
    for op in ops:
        if clusters and op[1] - clusters[-1][-1][2] <= 5 and is_space(op) == is_space(clusters[-1][-1]):
            clusters[-1].append(op)
        else:
            clusters.append([op])
    spacing, other = [], []
    for n, cluster in enumerate(clusters):
        i1, j1, i2, j2 = cluster[0][1], cluster[0][3], cluster[-1][2], cluster[-1][4]
        # Context: the whole Latin word or number next to the change, and one more character;
        # never into a neighbouring change (the context must read the same before and after).
        low = clusters[n - 1][-1][2] if n else 0
        high = clusters[n + 1][0][1] if n + 1 < len(clusters) else len(old)
        a, b = _context_start(old, i1, low), _context_end(old, i2, high)
        snippet = f"“{_cut(old[a:i2 + (b - i2)])}”→“{_cut(new[j1 - (i1 - a):j2 + (b - i2)])}”"
        (spacing if is_space(cluster[0]) else other).append(snippet)
    return spacing, other


def _cut(text: str, most: int = 40) -> str:
    """A snippet of a message: a change over a whole long line is shown by its start."""
    return text if len(text) <= most else text[:most] + "……"


_RESYNC = 4     # characters looked ahead on each side to find where two texts agree again


def _edits(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """The edits that turn old into new, as difflib's opcodes (without "equal"), in linear time.
    autocorrect only adds or removes spaces and changes a few characters in place, so the two
    texts are walked side by side; where they differ otherwise, the nearest point where three
    characters agree again is sought a few characters ahead (difflib's matcher, used before,
    took minutes on one long mixed line: 'a中' * 1000)."""
    ops = []
    i = j = 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            i, j = i + 1, j + 1
        elif new[j] == " " and new[j + 1: j + 2] == old[i]:
            ops.append(("insert", i, i, j, j + 1))
            j += 1
        elif old[i] in " \t" and old[i + 1: i + 2] == new[j]:
            ops.append(("delete", i, i + 1, j, j))
            i += 1
        elif old[i + 1: i + 2] == new[j + 1: j + 2]:          # one character for another (，for ,)
            ops.append(("replace", i, i + 1, j, j + 1))
            i, j = i + 1, j + 1
        else:
            a, b = _resync(old, new, i, j)
            ops.append(("replace", i, a, j, b))
            i, j = a, b
    if i < len(old) or j < len(new):
        ops.append(("replace" if i < len(old) and j < len(new) else "delete" if i < len(old) else "insert",
                    i, len(old), j, len(new)))
    return ops


def _resync(old: str, new: str, i: int, j: int) -> tuple[int, int]:
    """The nearest (a, b) past (i, j) from which old and new agree for three characters (or
    both end); the ends of both texts if none is near."""
    best = None
    for a in range(i + 1, min(i + _RESYNC, len(old)) + 1):
        for b in range(j + 1, min(j + _RESYNC, len(new)) + 1):
            if old[a:a + 3] == new[b:b + 3] and (best is None or a + b < sum(best)):
                best = (a, b)
    return best or (len(old), len(new))


def _latin(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "%.-+")


def _context_start(text: str, i: int, low: int) -> int:
    a = i
    while a > low and i - a < 12 and _latin(text[a - 1]):
        a -= 1
    return a - 1 if a > low else a


def _context_end(text: str, i: int, high: int) -> int:
    b = i
    while b < high and b - i < 12 and _latin(text[b]):
        b += 1
    return b + 1 if b < high else b


def _shown(snippets: list[str]) -> str:
    more = f"等 {len(snippets)} 处" if len(snippets) > _MAX_SHOWN else ""
    return "，".join(snippets[:_MAX_SHOWN]) + more


def _advice(rel: str, line: int, where: str, field: str, old: str, new: str) -> list[Problem]:
    out = []
    spacing, other = _changes(old, new)
    if spacing:
        out.append(problem(rel, line, "E501", field, where=where, changes=_shown(spacing)))
    if other:
        out.append(problem(rel, line, "E502", field, where=where, changes=_shown(other)))
    return out


def _lookalikes(rel: str, line: int, where: str, field: str, text: str, verbatim: bool) -> list[Problem]:
    out = []
    for match in LOOKALIKE.finditer(text):
        char = match.group(0)
        fixed = lookalike_fix(char)
        values = {"where": where, "char": char, "codepoint": f"{ord(char):04X}",
                  "fixed": f"“{fixed}”" if fixed else "对应的汉字"}
        if verbatim:
            out.append(problem(rel, line, "E504", field, **values))
        else:
            how = f"运行 make fix 换成汉字“{fixed}”" if fixed else "手工改为对应的汉字"
            out.append(problem(rel, line, "E503", field, how=how, **values))
    return out


def _shaped(text: str) -> bool:
    """Within the limits (limits.py, reported as E016): a text past them never reaches autocorrect."""
    return next(limits.problems(text), None) is None


def check(schema: Schema, kind: str, parsed: ParsedFile, rel: str, advice: bool = True) -> list[Problem]:
    """Typography problems of one parsed profile: E503 errors and E501/E502/E504 advice
    (E501/E502 only with `advice`). A text that autocorrect dies on is E017."""
    out: list[Problem] = []
    todo: list[tuple[str, str, int, str, bool]] = []    # (where, field, line, text, markdown) for autocorrect
    for path, value, verbatim in text_fields(schema, kind, parsed.meta or {}):
        if not advice and not LOOKALIKE.search(value):
            continue                        # nothing to say (the usual case in a site build)
        field, line = dotted(path), parsed.line_of(path)
        where = f"字段“{field}”"
        out += _lookalikes(rel, line, where, field, value, verbatim)
        if advice and not verbatim and _shaped(value):
            todo.append((where, field, line, value, False))
    verbatim_body = bool(schema.kinds[kind].get("verbatim_body"))
    body_lines = parsed.body.split("\n")
    if LOOKALIKE.search(parsed.body):      # rare: only then line by line
        for i, text in enumerate(body_lines):
            out += _lookalikes(rel, parsed.body_line + i, "正文", "正文", text, verbatim_body)
    if advice and not verbatim_body and _shaped(parsed.body):
        todo.append(("正文", "正文", parsed.body_line, parsed.body, True))
    for (where, field, line, text, markdown), new in zip(todo, formatted([(t[3], t[4]) for t in todo])):
        if isinstance(new, contained.Crashed):
            out.append(problem(rel, line, "E017", field, where=where, detail=str(new)))
        elif new != text and not markdown:
            out += _advice(rel, line, where, field, text, new)
        elif new != text:
            corrected = new.split("\n")
            if len(corrected) == len(body_lines):
                for i, (old, changed) in enumerate(zip(body_lines, corrected)):
                    if old != changed:
                        out += _advice(rel, parsed.body_line + i, "正文", "正文", old, changed)
            else:  # lines joined or split: point at the start of the body
                out += _advice(rel, parsed.body_line, "正文", "正文", parsed.body, new)
    return out


# -- make fix ----------------------------------------------------------------------------

def _scalar_nodes(node, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    import yaml
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalar_nodes(value, path + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalar_nodes(item, path + (i,))
    elif isinstance(node, yaml.ScalarNode):
        yield path, node


def _written(value: str, style: str | None, quote_all: bool) -> str:
    import json
    if style == "'" and not quote_all:
        return "'" + value.replace("'", "''") + "'"
    if style is None and not quote_all:
        return value
    return json.dumps(value, ensure_ascii=False)


def _set(meta: Any, path: tuple, value: str) -> None:
    for part in path[:-1]:
        meta = meta[part]
    meta[path[-1]] = value


def fixed_text(schema: Schema, kind: str, raw: bytes, rel: str) -> tuple[str | None, list[str]]:
    """The profile's text with typography corrected (None when nothing changes), and notes
    on what had to be left for the editor. Verbatim text is never touched; the result is
    parsed again and must mean exactly what the original meant, apart from the corrections."""
    import copy

    from ..domain.frontmatter import _Loader, parse

    parsed = parse(raw, rel)
    if parsed.meta is None:
        return None, ["头信息有错误，先按 make check 的提示改正"]
    text = raw.decode("utf-8-sig")
    bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
    newline = "\r\n" if "\r\n" in text else "\n"   # keep the file's own line endings
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    yaml_text = "\n".join(lines[1:end])
    loader = _Loader(yaml_text)
    try:
        nodes = dict(_scalar_nodes(loader.get_single_node()))
    finally:
        loader.dispose()

    notes: list[str] = []
    changes: list[tuple[tuple, str, Any]] = []
    for path, value, verbatim in text_fields(schema, kind, parsed.meta):
        if verbatim or not _shaped(value):
            continue
        try:
            new = correct(value, markdown=False)
        except contained.Crashed:
            return None, [f"排版程序处理字段“{dotted(path)}”时意外终止，本文件未改动：请按 make check 的提示检查"]
        if new == value or path not in nodes:
            continue
        if nodes[path].style in ("|", ">"):
            notes.append(f"字段“{dotted(path)}”是多行文本块，请照 make check 的提示手工修改")
            continue
        changes.append((path, new, nodes[path]))

    body = parsed.body
    if not schema.kinds[kind].get("verbatim_body") and _shaped(parsed.body):
        try:
            body = correct(parsed.body, markdown=True)
        except contained.Crashed:
            return None, ["排版程序处理正文时意外终止，本文件未改动：请按 make check 的提示检查"]

    expected = copy.deepcopy(parsed.meta)
    for path, new, _ in changes:
        _set(expected, path, new)
    for quote_all in (False, True):
        new_yaml = yaml_text
        for path, new, node in sorted(changes, key=lambda c: -c[2].start_mark.index):
            start, stop = node.start_mark.index, node.end_mark.index
            new_yaml = new_yaml[:start] + _written(new, node.style, quote_all) + new_yaml[stop:]
        result = "\n".join([lines[0], new_yaml, lines[end]]) + "\n" + body
        check = parse(result.encode("utf-8"), rel)
        if check.meta == expected and check.body == body:
            break
    else:  # never write what would change the meaning: leave the fields for the editor
        notes.append("字段无法自动改正（改后 YAML 含义会变），请照 make check 的提示手工修改")
        result = "\n".join(lines[:end + 1]) + "\n" + body
    result = bom + result.replace("\n", newline)
    return (None if result == raw.decode("utf-8") else result), notes
