"""Pinyin of names: ids (slugs), display spellings, sort keys and search keys.

pypinyin has no surname mode, so person names use the surname table in surnames.yaml
(GB/T 28039-2011: surname and given name written separately, compound surnames as one
word, the given name's syllables joined).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..runtime.cache import CACHE
from .frontmatter import safe_load

_SURNAMES = safe_load(Path(__file__).with_name("surnames.yaml").read_text(encoding="utf-8"))
_HAN = re.compile(r"[\u3400-\u9fff]")
_VOWEL_START = re.compile(r"^[aoe]")


# text -> its syllables: surnames and given names recur, and pypinyin is slow per call. Kept
# between builds (runtime/cache.py): a build whose names are all known does not import pypinyin.
_SYLLABLES = CACHE.store("pinyin", persist=True, merges=True)


def _syllables(text: str) -> tuple[str, ...]:
    """Pinyin syllables of the Han characters and Latin words in text (ü as v)."""
    known = _SYLLABLES.get(text)
    if known is None:
        from pypinyin import Style, lazy_pinyin   # imported when first needed: it takes 0.2 s (`make check` never needs it)
        out = []
        for part in lazy_pinyin(text, style=Style.NORMAL, errors=lambda chars: [chars]):
            out.extend(w.lower() for w in re.findall(r"[A-Za-z0-9]+", part))
        known = tuple(out)
        _SYLLABLES.put(text, known)
    return known


def split_surname(name: str) -> tuple[str, str]:
    for compound in _SURNAMES["compound"]:
        if name.startswith(compound) and len(name) > len(compound):
            return compound, name[len(compound):]
    return name[:1], name[1:]


def _surname_syllable(surname: str) -> str:
    return _SURNAMES["compound"].get(surname) or _SURNAMES["single"].get(surname) or "".join(_syllables(surname))


def _join_given(syllables: tuple[str, ...]) -> str:
    """Given-name syllables as one word, with an apostrophe before a/o/e (Qiu'en)."""
    word = syllables[0] if syllables else ""
    for syl in syllables[1:]:
        word += ("'" if _VOWEL_START.match(syl) else "") + syl
    return word


@lru_cache(maxsize=None)
def person_pinyin(name: str) -> str:
    """屠呦呦 → 'Tu Youyou', 欧阳文 → 'Ouyang Wen', 单田芳 → 'Shan Tianfang'."""
    name = name.strip()
    if not _HAN.search(name):
        return name
    surname, given = split_surname(re.sub(r"[·•\s]", "", name))
    parts = [_surname_syllable(surname), _join_given(_syllables(given))]
    return " ".join(p.capitalize() for p in parts if p)


@lru_cache(maxsize=None)
def words_pinyin(text: str) -> str:
    """西迁精神 → 'xi qian jing shen' (non-person names: syllable by syllable)."""
    return " ".join(_syllables(text))


def slug(spelling: str) -> str:
    """'Bai Qiu'en' → 'bai-qiuen'; any pinyin spelling to a file-name id."""
    words = re.findall(r"[a-z0-9]+", spelling.lower().replace("'", "").replace("ü", "v"))
    return "-".join(words)


def person_initials(name: str) -> str:
    """黄大年 → 'hdn', 欧阳文 → 'oyw': each character's first letter, the surname read as a surname
    (never from a joined spelling, which may split two ways: danian is da-nian, not dan-ian)."""
    name = re.sub(r"[·•\s]", "", name.strip())
    if not _HAN.search(name):
        return ""
    surname, given = split_surname(name)
    letters = [s[0] for s in _split_syllables(_surname_syllable(surname)) if s]
    letters += [s[0] for s in _syllables(given) if s]
    return "".join(letters)


def fuzzy(spelling: str) -> str:
    """A joined spelling as input methods' fuzzy pinyin hears it: zh ch sh as z c s, -ng as -n
    (qianxuesheng and qianxuesen, zhongnansan and zhongnanshan, are alike). The search worker
    folds a reader's pinyin the same way (archive-search.js, fuzzy())."""
    return re.sub(r"([zcs])h", r"\1", spelling).replace("ng", "n")


def initials(spelling: str) -> str:
    """'Tu Youyou' → 'tyy' (each syllable's first letter)."""
    syllables = _syllables(spelling) if _HAN.search(spelling) else re.split(r"[\s']+", spelling.lower())
    out = []
    for word in syllables:
        out.extend(s[0] for s in _split_syllables(word) if s)
    return "".join(out)


_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ing|ang|eng|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|in|un|ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v)(?:ng|n(?![aeiouv]))?"
)


def _split_syllables(word: str) -> list[str]:
    """'youyou' → ['you', 'you']: greedy split of a joined pinyin word."""
    return _SYLLABLE.findall(word) or [word]
