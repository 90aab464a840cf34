"""The archive's own names as search terms, so that word segmentation keeps them whole
(屠呦呦, 白求恩纪念馆, 两弹一星, 卫办发〔2012〕31号 are one word each, not characters)."""
from __future__ import annotations

import re

from . import segment
from .model import Archive
from .pinyin import initials, words_pinyin

_PUNCT = re.compile(r"[“”‘’\"'《》〈〉（）()【】\[\]、，,。·•\s]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _names(entity) -> list[str]:
    m = entity.meta
    names = [entity.title, *(m.get("alt_names") or [])]
    for key in ("short_title", "doc_number"):
        if m.get(key):
            names.append(str(m[key]))
    names += [h["name"] for h in m.get("honours") or [] if isinstance(h, dict) and h.get("name")]
    return names


def dictionary_terms(archive: Archive) -> list[str]:
    """Sorted, distinct terms: each name, the name without its punctuation, and its pieces."""
    terms: set[str] = set(archive.schema.vocabularies.get("honours", []))
    for entity in archive.entities.values():
        for name in _names(entity):
            pieces = [p for p in _PUNCT.split(str(name)) if p]
            terms.add("".join(pieces))
            terms.update(pieces)
    # Single characters and Latin-only words need no dictionary entry; very long titles
    # would only swallow the words inside them.
    return sorted(t for t in terms if _HAN.search(t) and 2 <= len(t) <= 20)


def _words(name: str) -> list[str]:
    return [w for w in segment.words(name) if len(w) >= 2]


def teach_segmenter(archive: Archive) -> int:
    """Teach the search segmenter (rjieba) the archive's names; returns how many terms."""
    terms = dictionary_terms(archive)
    segment.teach(terms)
    return len(terms)


def search_keys(entity, owners: dict[str, str] | None = None) -> list[str]:
    """What a reader may type to find this profile itself: its names, their pinyin with and
    without spaces and as initials (屠呦呦 → Tu Youyou, tuyouyou, tyy), and its 发文字号."""
    names = [entity.title, *(entity.meta.get("alt_names") or [])]
    # A reader may type part of a name, which the search worker splits into the index's words,
    # so also offer the words inside each name: 白求恩纪念馆 is found as 白求恩 + 纪念馆, a title
    # by any of its words.
    # A word that is another profile's name (白求恩) stays that profile's key alone, so that
    # the named profile ranks first. `owners` maps each name to its profile id.
    owners = owners or {}
    keys = list(names) + [w for name in names for w in _words(str(name)) if owners.get(w, entity.id) == entity.id]
    spellings = [entity.pinyin]
    if entity.kind != "person":  # 西安交通大学“西迁人” is also found as xiqianren
        spellings += [words_pinyin(piece) for name in names for piece in _PUNCT.split(str(name)) if _HAN.search(piece)]
    for spelling in spellings:
        keys += [spelling, re.sub(r"[^a-z0-9]", "", spelling.lower()), initials(spelling)]
    if entity.meta.get("short_title"):
        keys.append(str(entity.meta["short_title"]))
    if entity.meta.get("doc_number"):
        keys.append(str(entity.meta["doc_number"]))
    return list(dict.fromkeys(k for k in keys if k))
