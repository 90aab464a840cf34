"""The archive's own names as search terms, so that word segmentation keeps them whole
(屠呦呦, 白求恩纪念馆, 两弹一星 are one word each, not characters), and what a reader may type
to find a profile itself (search_keys).

A key written with "~" is a term as it is, not a text to segment (search_index.analyse): "~屠呦"
is the term 屠呦 (a part of a name that segmentation would cut into characters); "屠~12" and
"tuyouyou~" are the lookups for a name typed with one wrong character and for fuzzy pinyin, which
the search worker makes from what the reader typed (archive-search.js) and which no text holds.
"""
from __future__ import annotations

import re

from ..domain.model import Archive
from ..domain.pinyin import fuzzy, initials, person_initials, words_pinyin
from ..text import segment

_PUNCT = re.compile(r"[“”‘’\"'《》〈〉（）()【】\[\]、，,。·•\s]+")
_HAN = re.compile(r"[\u3400-\u9fff]")
_HAN_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$")
_DOC_CODE = re.compile(r"^([\u3400-\u9fff]{1,12})〔")     # 卫办发〔2012〕31号 → 卫办发


def _names(entity) -> list[str]:
    m = entity.meta
    names = [entity.title, *(m.get("alt_names") or [])]
    for key in ("short_title", "doc_number"):
        if m.get(key):
            names.append(str(m[key]))
    names += [h["name"] for h in m.get("honours") or [] if isinstance(h, dict) and h.get("name")]
    return names


def _doc_numbers(entity) -> list[str]:
    """The 发文字号 of a policy and of the documents it cites."""
    m = entity.meta
    found = [m.get("doc_number")] + [c.get("doc_number") for c in m.get("cites") or [] if isinstance(c, dict)]
    return [str(n) for n in found if n]


def dictionary_terms(archive: Archive) -> list[str]:
    """Sorted, distinct terms: each name, the name without its punctuation, and its pieces; the
    agencies' codes of 发文字号 (卫办发), fields of work (肝胆外科), and both sides of the synonyms."""
    terms: set[str] = set(archive.schema.vocabularies.get("honours", []))
    for entity in archive.entities.values():
        for name in _names(entity):
            pieces = [p for p in _PUNCT.split(str(name)) if p]
            terms.add("".join(pieces))
            terms.update(pieces)
        for number in _doc_numbers(entity):
            code = _DOC_CODE.match(number)
            if code:
                terms.add(code.group(1))
        terms.update(str(f) for f in entity.meta.get("fields") or [] if isinstance(f, str))
    for word, targets in archive.synonyms.items():
        terms.update([word, *targets])
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


def name_parts(name: str) -> list[str]:
    """Terms for a person's name of 2–4 Han characters beyond the name itself (屠呦呦): its two-
    character parts (~屠呦, ~呦呦), and for 3–4 characters the name with each of its characters
    left out (屠~12: 屠 with positions 1 and 2 unknown; 呦呦~0), so that a name typed with one
    wrong character (屠哟哟, 钱学深) still meets it (the search worker makes the same from the query)."""
    if not _HAN_NAME.match(name):
        return []
    name = segment.normalise(name)
    parts = [f"~{name[i:i + 2]}" for i in range(len(name) - 1)] if len(name) > 2 else []
    if len(name) >= 3:
        parts += masks(name)
    return parts


def masks(name: str) -> list[str]:
    """A name with each distinct character left out: the others, "~", the positions left out."""
    out = []
    for char in dict.fromkeys(name):
        rest = "".join(c for c in name if c != char)
        if rest:
            out.append(rest + "~" + "".join(str(i) for i, c in enumerate(name) if c == char))
    return out


def search_keys(entity, owners: dict[str, str] | None = None) -> list[str]:
    """What a reader may type to find this profile itself: its names, their pinyin with and
    without spaces and as initials (屠呦呦 → Tu Youyou, tuyouyou, tyy), and its 发文字号; for a
    person also the parts of the name and its fuzzy pinyin (see name_parts, pinyin.fuzzy)."""
    names = [str(n) for n in [entity.title, *(entity.meta.get("alt_names") or [])]]
    # A reader may type part of a name, which the search worker splits into the index's words,
    # so also offer the words inside each name: 白求恩纪念馆 is found as 白求恩 + 纪念馆, a title
    # by any of its words.
    # A word that is another profile's name (白求恩) stays that profile's key alone, so that
    # the named profile ranks first. `owners` maps each name to its profile id.
    owners = owners or {}
    keys = list(names) + [w for name in names for w in _words(name) if owners.get(w, entity.id) == entity.id]
    spellings = [entity.pinyin]
    if entity.kind != "person":  # 西安交通大学“西迁人” is also found as xiqianren
        spellings += [words_pinyin(piece) for name in names for piece in _PUNCT.split(name) if _HAN.search(piece)]
    for spelling in spellings:
        joined = re.sub(r"[^a-z0-9]", "", spelling.lower())
        keys += [spelling, joined]
        if entity.kind != "person" or not _HAN.search(entity.title):
            keys.append(initials(spelling))
        if joined and fuzzy(joined) != joined:
            keys.append(fuzzy(joined) + "~")
    if entity.kind == "person":
        # Initials from the characters (黄大年 → hdn), never from a joined spelling (danian).
        keys += [person_initials(name) for name in names if _HAN.search(name)]
        keys += [part for name in names for part in name_parts(name)]
    if entity.meta.get("short_title"):
        keys.append(str(entity.meta["short_title"]))
    if entity.meta.get("doc_number"):
        keys.append(str(entity.meta["doc_number"]))
    return list(dict.fromkeys(k for k in keys if k))
