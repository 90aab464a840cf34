"""Word segmentation for search: jieba-rs (rjieba) taught the archive's own names.

One segmenter per process. Its dictionary is the default jieba dictionary plus the archive's
names (search_terms.dictionary_terms), so that 屠呦呦 or 白求恩纪念馆 stay one word; it is
rebuilt only when those names change (under `mkdocs serve` usually never).

`tokens()` is the one definition of what a search term is. The browser (the search worker in
docs/overrides/assets/javascripts/workers/archive-search.js) splits a query the same way: the text
normalised (normalise.py: NFKC, lower case, accents off, traditional to simplified, a 发文字号's
brackets folded), then a 发文字号's year and number (〔2012〕31号) as one term, runs of Han
characters and runs of [a-z0-9]; everything else separates.

Where segmentation leaves a single Han character (治蜀兴川 → 治 蜀 兴 川, 葛洪 → 葛 洪), the two-
character words it makes with each neighbour are terms too (治蜀 蜀兴 兴川, 葛洪), and so are the
two halves of a three-character word (东晋葛洪 → 东 晋葛洪: 晋葛, 葛洪): a page's text is not
searched for single characters, and without them such a phrase could not be found at all.
Function characters (search_words.STOP_CHARACTERS: 的 了 和 …) make no such pairs.

A page's own names and title are searched for more (mode INNER, search_index.analyse): every
dictionary word inside them, however they are segmented (协和医院院史馆 → 协和医院, 院史馆's 史馆 …),
and every pair of neighbouring characters (院史), so that any phrase of a name is found whatever
the segmenter makes of the name or of the query.
"""
from __future__ import annotations

import hashlib
import re
import sys
from itertools import chain
from typing import Iterator

from .normalise import HAN, INERT, fold, normalise, opencc_table  # noqa: F401 (INERT: tests)
from ..runtime.cache import CACHE
from .search_words import STOP_CHARACTERS

_RUNS = re.compile(f"[{HAN}]+|[a-z0-9]+")
_HAN_ONLY = re.compile(f"^[{HAN}]+$")
DOC_NUMBER = f"〔[0-9]{{4}}〕[0-9]{{1,4}}号"     # a 发文字号's year and number, one term: 〔2012〕31号
# A 发文字号's year and number, or a run of Han and Latin characters (not yet apart).
_WORDY = re.compile(f"{DOC_NUMBER}|[{HAN}a-z0-9]+")

# What becomes of each distinct run, by mode: pages repeat their words and each other's (a name,
# a stock phrase), so each is segmented once. Terms are interned: pages share their strings.
WHOLE, SEARCH, TEXT, INNER = "whole", "search", "text", "inner"


class _Cuts(dict):
    def __init__(self, mode: str):
        super().__init__()
        self.mode = mode

    def __missing__(self, run: str) -> tuple[str, ...]:
        terms: list[str] = []
        pieces = (run,) if run[0] == "〔" or _HAN_ONLY.match(run) else _RUNS.findall(run)   # 2012年 → 2012, 年
        for piece in pieces:
            if not _HAN_ONLY.match(piece):
                if self.mode != INNER:
                    terms.append(piece)
                continue
            piece = opencc_table().convert(piece)
            if self.mode == INNER:
                terms += inner(piece)
            elif self.mode == WHOLE:
                terms += _jieba().cut(piece, False)
            else:
                found = _jieba().cut_for_search(piece, False)
                terms += found
                terms += pairs(piece, _jieba().cut(piece, False), set(found))
        if self.mode == TEXT:
            terms = [t for t in terms if len(t) > 1 or not _HAN_ONLY.match(t)]
        store = _CUTS[self.mode]
        if len(self) >= 1_000_000:                  # a long `mkdocs serve`: forget rather than grow
            store.clear("a million runs")
        store.miss()
        store.changed = True
        self[run] = result = tuple(map(sys.intern, terms))
        return result


# The cuts, by mode, and the words of names: kept between builds (runtime/cache.py) for the
# dictionary they were made with (the stores' scope). The segmenter itself is made when first needed.
_CUTS = {mode: CACHE.store(f"segment cuts ({mode})", persist=True, data=_Cuts(mode),
                           dump=lambda store: (store.scope_key, dict(store.data)))
         for mode in (WHOLE, SEARCH, TEXT, INNER)}
for _store in _CUTS.values():
    _store.counts_hits = False      # looked up by dict.__getitem__, in C (terms())
_WORDS = CACHE.store("segment words", persist=True, merges=True)
# The segmenter of this process: "key" and "terms" of its dictionary, "jieba" itself (made when first needed).
_SEGMENTER = CACHE.store("segmenter")


def teach(terms: list[str]) -> None:
    """Use a segmenter that knows these terms (a fresh one when the terms changed). It is made
    when first needed: the cuts kept from the last build (runtime/cache.py) may leave nothing to cut."""
    key = hashlib.sha1("\n".join(terms).encode("utf-8")).hexdigest()
    segmenter = _SEGMENTER.data
    segmenter["terms"] = terms
    kept = [store.scope(key) for store in (_WORDS, *_CUTS.values())]     # cuts kept from the last build may
    if segmenter.get("key") != key or not all(kept):                    # leave nothing to cut
        segmenter.update(key=key, jieba=None)


def _jieba():
    segmenter = _SEGMENTER.data
    if segmenter.get("jieba") is None:
        import rjieba
        jieba = rjieba.Jieba()
        for term in segmenter.get("terms", ()):
            jieba.add_word(term, 100_000, None)
        segmenter["jieba"] = jieba
    return segmenter["jieba"]


def pairs(run: str, words: list[str], known: set[str] | None = None) -> list[str]:
    """Two-character terms of `run` that its segmentation `words` misses: those a single character
    makes with each neighbour, and the two inside a three-character word (晋葛洪 → 晋葛, 葛洪: the
    segmenter joins a name to a neighbour; longer words are the dictionary's, their parts found by
    segmentation for search); none with a function character, none already in `known`."""
    known = set() if known is None else known
    out: list[str] = []
    at = 0
    for word in words:
        if len(word) == 1:
            found = (run[at - 1:at + 1] if at else "", run[at:at + 2]) if word not in STOP_CHARACTERS else ()
        else:
            found = (word[:2], word[1:]) if len(word) == 3 else ()
        for pair in found:
            if len(pair) == 2 and pair not in known and not STOP_CHARACTERS.intersection(pair):
                known.add(pair)
                out.append(pair)
        at += len(word)
    return out


def inner(run: str) -> list[str]:
    """Terms inside a run of Han characters of a name or title: every dictionary word of two or
    more characters (the segmenter's full mode: 北京协和医院 → 北京, 协和, 协和医院, 医院,
    北京协和医院) and every pair of neighbouring characters without a function character (京协)."""
    found = [w for w in _jieba().cut_all(run) if len(w) > 1]
    found += [run[i:i + 2] for i in range(len(run) - 1) if STOP_CHARACTERS.isdisjoint(run[i:i + 2])]
    return list(dict.fromkeys(found))


def terms(text: str, mode: str = SEARCH) -> Iterator[str]:
    """Search terms of `text` in order. Han runs are segmented for search (the words and the
    dictionary words inside them: 白求恩纪念馆 → 白求恩, 纪念馆, 白求恩纪念馆); in mode WHOLE,
    only the words themselves (for names: 白求恩纪念馆 alone); in mode TEXT, as for search
    but without single Han characters (a page's text is not searched for those); in mode INNER,
    the words and pairs inside names (inner())."""
    return chain.from_iterable(map(_CUTS[mode].data.__getitem__, _WORDY.findall(fold(text, quick=True))))


def tokens(text: str, *, whole: bool = False) -> list[str]:
    """terms(text) as a list: in mode SEARCH, or WHOLE with `whole`."""
    return list(terms(text, WHOLE if whole else SEARCH))


def words(text: str) -> list[str]:
    """Dictionary words of a name (for the words-inside-names search keys)."""
    known = _WORDS.get(text)
    if known is None:
        known = [w for w in _jieba().cut_for_search(normalise(text), False) if _HAN_ONLY.match(w)]
        _WORDS.put(text, known)
    return list(known)


def fingerprint() -> str | None:
    """Changes when the dictionary changes (segmentation, and so cached analyses, may differ)."""
    return _WORDS.scope_key
