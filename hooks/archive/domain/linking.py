"""Mentions of known names in prose: found once per build, turned into links.

A name is a profile's title or one of its alternative names. Matching is longest-first
(中华医学会理事会党委 before 中华医学会). In Markdown bodies, only plain text is touched:
never headings, existing links, inline or fenced code, or HTML tags; each profile is
linked at its first mention per section. A profile lists names it must not link
(`no_autolink`) to silence a false match. An honour of the vocabulary that holds a name
(白求恩奖章 holds 白求恩) is matched as a whole and linked to nothing: the medal is not the man.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Callable

from ..runtime.cache import CACHE, changed_keys
from .model import Archive, Entity

MIN_NAME = 2
_HAN = re.compile(r"[\u3400-\u9fff]")
# Spans of a Markdown line that are not plain text.
_PROTECTED = re.compile(
    r"`[^`]*`"                      # inline code
    r"|!?\[[^\]]*\]\([^)]*\)"       # links and images
    r"|!?\[[^\]]*\]\[[^\]]*\]"      # reference links
    r"|<[^>]+>"                     # HTML tags and autolinks
    r"|\{[^}]*\}"                   # attribute lists
)
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


# (text, skip) -> mentions found, for the names of its scope (NameIndex.fingerprint); under
# `mkdocs serve` only: a one-off build has no use for it.
_FOUND = CACHE.store("mentions found", serve_only=True)
# Under serve: the last build's NameIndex ("index") and the honours it was made with: the same
# names give the same index (making its shadows and pattern took 0.07 s of every rebuild at
# 10,000 profiles); each profile's names ("own") and its file's digest ("sources") then.
_LAST = CACHE.store("name index", serve_only=True)


@dataclass
class NameIndex:
    names: dict[str, str]                 # name -> entity id
    lengths: dict[str, list[int]]         # first character -> lengths of names, longest first
    pattern: re.Pattern | None = None     # any name, longest first where several start alike
    fingerprint: str = ""                 # changes when any name changes
    shadows: frozenset = frozenset()      # words that hold a name but name no profile: matched, not linked

    def __post_init__(self):
        if self.pattern is None:
            self.pattern = re.compile(_trie_pattern([*self.names, *self.shadows]) or r"(?!)")
        if not self.fingerprint:
            self.fingerprint = hashlib.sha1(json.dumps([sorted(self.names.items()), sorted(self.shadows)],
                                                       ensure_ascii=False).encode("utf-8")).hexdigest()
        _FOUND.scope(self.fingerprint)        # names changed: earlier finds are stale

    @classmethod
    def build(cls, archive: Archive) -> "NameIndex":
        honours = [str(h) for h in archive.schema.vocabularies.get("honours", [])]
        last = _LAST.data if _LAST.active else None
        sources = {i: e.source for i, e in archive.entities.items()} if last is not None else None
        if last and last["honours"] == honours and _same_names(last, archive, sources):
            last["sources"] = sources
            return last["index"]
        names: dict[str, str] = {}
        own: dict[str, tuple[str, ...]] = {}
        ambiguous: set[str] = set()
        for entity in sorted(archive.entities.values(), key=lambda e: e.id):
            own[entity.id] = _names_of(entity)
            for name in own[entity.id]:
                if len(name) < MIN_NAME or not _HAN.search(name):
                    continue
                if names.get(name, entity.id) != entity.id:
                    ambiguous.add(name)  # two profiles share a name: link neither
                names.setdefault(name, entity.id)
        for name in ambiguous:
            del names[name]
        index = last["index"] if last and last["honours"] == honours and last["index"].names == names else None
        if index is None:
            lengths: dict[str, set[int]] = {}
            for name in names:
                lengths.setdefault(name[0], set()).add(len(name))
            shadows = frozenset(h for h in honours if h not in names and any(n in h for n in names))
            index = cls(names, {c: sorted(ls, reverse=True) for c, ls in lengths.items()}, shadows=shadows)
        if last is not None:
            last.update(index=index, honours=honours, own=own, sources=sources)
        return index

    def find(self, text: str, skip: set[str] = frozenset()) -> list[tuple[int, int, str]]:
        """(start, end, id) of each longest, non-overlapping mention in text. Remembered for
        the same names, so that a rebuild under `mkdocs serve` searches only edited text."""
        if not _FOUND.active:
            return self._find(text, skip)
        key = (text, tuple(sorted(skip)))
        found = _FOUND.get(key)
        if found is None:
            found = self._find(text, skip)
            _FOUND.put(key, found)
        return found

    def _find(self, text: str, skip) -> list[tuple[int, int, str]]:
        found, i = [], 0
        while (match := self.pattern.search(text, i)) is not None:  # the longest name at the first place
            i, name = match.start(), match.group()
            if name in self.shadows:
                i += len(name)
                continue
            if name in skip:    # switched off (no_autolink): a shorter name may start here
                name = self._shorter(text, i, len(name), skip)
            if name:
                found.append((i, i + len(name), self.names[name]))
                i += len(name)
            else:
                i += 1
        return found

    def _shorter(self, text: str, i: int, longest: int, skip) -> str:
        for length in self.lengths[text[i]]:
            candidate = text[i:i + length]
            if length < longest and candidate in self.names and candidate not in skip:
                return candidate
        return ""


def _trie_pattern(names) -> str:
    """One regex for all names, written as a tree of their characters (中华医学会(?:理事会党委)?):
    the regex engine then finds, in one pass of C code, what trying each name in turn would
    find: at the first place where a name starts, the longest name that starts there."""
    tree: dict = {}
    for name in names:
        node = tree
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}                      # a name ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        either = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{either})?" if "" in node else either   # longer names first, then this one

    return pattern(tree)


def _names_of(e: Entity) -> tuple[str, ...]:
    return tuple(str(name).strip() for name in [e.title, *(e.meta.get("alt_names") or [])])


def _same_names(last: dict, archive: Archive, sources: dict[str, str]) -> bool:
    """Whether the profiles have the names they had when the last index was made: only the
    files changed since are looked at (walking every profile's names took 0.04 s of a rebuild)."""
    if "" in sources.values():          # not known what some were read from
        return False
    changed = changed_keys(last["sources"], sources)
    return all(i in last["own"] and i in archive.entities and _names_of(archive.entities[i]) == last["own"][i]
               for i in changed)


def mentioned_ids(index: NameIndex, body: str, self_id: str, skip: set[str]) -> set[str]:
    return {entity_id for _, _, entity_id in index.find(body, skip) if entity_id != self_id}


def link_mentions(body: str, index: NameIndex, self_id: str, skip: set[str],
                  make_link: Callable[[str, str], str]) -> str:
    """Markdown body with the first mention per section of each profile made a link."""
    out, seen, in_fence = [], set(), False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            out.append(line)
            continue
        if _HEADING.match(line):
            seen = set()            # a new section: link each name once more
            out.append(line)
            continue
        if line.startswith(("    ", "\t")) or not index.pattern.search(line):  # indented code, or no name
            out.append(line)
            continue
        pieces, last = [], 0
        for match in _PROTECTED.finditer(line):
            pieces.append(_link_text(line[last:match.start()], index, self_id, skip, seen, make_link))
            pieces.append(match.group(0))
            last = match.end()
        pieces.append(_link_text(line[last:], index, self_id, skip, seen, make_link))
        out.append("".join(pieces))
    return "\n".join(out)


def _link_text(text, index, self_id, skip, seen, make_link) -> str:
    result, last = [], 0
    for start, end, entity_id in index.find(text, skip):
        if entity_id == self_id or entity_id in seen:
            continue
        seen.add(entity_id)
        result.append(text[last:start])
        result.append(make_link(entity_id, text[start:end]))
        last = end
    result.append(text[last:])
    return "".join(result)
