"""The synonyms and abbreviations of the search (profiles/synonyms.yaml, README "搜索").

Beside the controlled vocabularies (vocabularies.yaml) the editors keep the words readers use
for what the profiles call otherwise: `肝癌: [肝胆外科]`, `卫健委: [国家卫生健康委员会]`. A query
holding such a word also looks for the profiles' words, a little below its own matches. Each
word the archive uses must occur in some profile (its name, a field or its text), or the entry
would lead nowhere; both sides are taught to the segmenter, so that each stays one word.

Checked like the vocabularies: YAML as in front matter, then each entry's form (E021) and each
target's presence (E022), with file, line and how to fix it, in Chinese.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..domain.frontmatter import parse_data_file
from ..domain.problems import Problem, os_error, problem
from ..runtime import files
from ..runtime.cache import CACHE

SYNONYMS = "profiles/synonyms.yaml"
MAX_LENGTH = 20                     # characters of a word (as the names taught to the segmenter)
_WORDY = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def load(root: Path) -> tuple[dict[str, list[str]], dict[str, int], list[Problem]]:
    """(word → the archive's words for it, word → line, problems of the file's own form)."""
    try:
        raw = files.read_regular(Path(root) / SYNONYMS, 1 << 20)
    except FileNotFoundError:
        return {}, {}, []
    except OSError as err:
        return {}, {}, [problem(SYNONYMS, 0, "E020", detail=os_error(err))]
    parsed = parse_data_file(raw, SYNONYMS)
    if parsed.problems:
        return {}, {}, parsed.problems
    if parsed.meta is not None and not isinstance(parsed.meta, dict):
        return {}, {}, [problem(SYNONYMS, 1, "E021", field="（整个文件）", why="不是“词: [词, …]”的映射")]
    synonyms, lines, problems = {}, {}, []
    for key, value in (parsed.meta or {}).items():
        line = parsed.line_of((key,))
        why = _wrong(key, value)
        if why:
            problems.append(problem(SYNONYMS, line, "E021", field=str(key), why=why))
            continue
        targets = [value] if isinstance(value, str) else list(value)
        synonyms[key.strip()] = list(dict.fromkeys(t.strip() for t in targets))
        lines[key.strip()] = line
    return synonyms, lines, problems


def _wrong(key, value) -> str:
    """Why an entry cannot be used ("" if it can)."""
    if not isinstance(key, str):
        return "的词不是文字（数字、true、null 等要加引号）"
    why = _word(key)
    if why:
        return why
    targets = [value] if isinstance(value, str) else value
    if not isinstance(targets, list) or not targets:
        return "没有写档案中用的词"
    for target in targets:
        if not isinstance(target, str):
            return "的目标应是文字，写成列表“[词, 词]”"
        why = _word(target)
        if why:
            return f"的目标“{target}”{why}"
        if target.strip() == key.strip():
            return f"的目标“{target}”与词本身相同"
    return ""


def _word(word: str) -> str:
    word = word.strip()
    if not word or not _WORDY.search(word):
        return "没有汉字、字母或数字"
    if _CONTROL.search(word):
        return "含有控制字符或换行"
    if len(word) > MAX_LENGTH:
        return f"超过 {MAX_LENGTH} 个字"
    return ""


def check(archive, synonyms: dict[str, list[str]], lines: dict[str, int]) -> list[Problem]:
    """Each target occurs in some profile: its name, another field, or its text. Looked for in the
    names first, then the other fields, then the texts, as far as some target is not yet found
    (joining every text of 10,000 profiles took a quarter of a second of every rebuild). Under
    serve a target found in a profile whose file has not changed since is not looked for again
    (looking through the fields took 0.15 s of every rebuild at 10,000 profiles)."""
    if not synonyms:
        return []
    entities = archive.entities
    missing = {target for targets in synonyms.values() for target in targets
               if not _still_there(entities, _WITNESSES.data.get(target))}
    for texts in (lambda e: (e.title,), lambda e: _strings(e.meta), lambda e: (e.body,)):
        if not missing:
            break
        everything = "\n".join(text for e in entities.values() for text in texts(e))
        found = {target for target in missing if target in everything}
        missing -= found
        if _WITNESSES.active:
            _note_witnesses(entities.values(), texts, found)
    return [problem(SYNONYMS, lines[key], "E022", field=key, value=target)
            for key, targets in synonyms.items() for target in targets if target in missing]


# Under serve: target -> (id, digest of the file) of a profile holding it.
_WITNESSES = CACHE.store("synonym targets found", serve_only=True)


def _still_there(entities: dict, witness) -> bool:
    if witness is None or not _WITNESSES.active:
        return False
    e = entities.get(witness[0])
    return e is not None and bool(e.source) and e.source == witness[1]


def _note_witnesses(entities, texts, found: set[str]) -> None:
    """Which profile holds each of these targets (of those whose digest is known)."""
    found = set(found)
    for e in entities:
        if not found:
            return
        if not e.source:
            continue
        own = "\n".join(texts(e))
        for target in [t for t in found if t in own]:
            _WITNESSES.put(target, (e.id, e.source))
            found.discard(target)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for sub in value.values():
            yield from _strings(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _strings(sub)
