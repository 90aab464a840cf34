"""Word segmentation for search: jieba-rs (rjieba) taught the archive's own names.

One segmenter per process. Its dictionary is the default jieba dictionary plus the archive's
names (search_terms.dictionary_terms), so that 屠呦呦 or 白求恩纪念馆 stay one word; it is
rebuilt only when those names change (under `mkdocs serve` usually never).

`tokens()` is the one definition of what a search term is. The browser (the search worker in
docs/overrides/assets/javascripts/workers/archive-search.js) splits a query the same way: NFKC,
lower case, runs of Han characters and runs of [a-z0-9]; everything else separates.
"""
from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from itertools import chain
from typing import Iterator

HAN = "\u3400-\u9fff"
_RUNS = re.compile(f"[{HAN}]+|[a-z0-9]+")
_HAN_ONLY = re.compile(f"^[{HAN}]+$")
_WORDY = re.compile(f"[{HAN}a-z0-9]+")          # runs, with Han and Latin ones not yet apart
# Punctuation common in Chinese text that NFKC leaves as it is or turns into ASCII punctuation
# or spaces: separators before and after, never composed with a neighbour. A text of these,
# ASCII and Han characters only (a typical page) has the same runs whether normalised or not,
# so the costly NFKC is skipped for it.
INERT = ("\u00a0\u00b0\u00b7\u00d7\u2000-\u200a\u2010\u2012-\u2016\u2018-\u2027\u2030\u203b"
         "\u3000-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65")
_NOT_PLAIN = re.compile(f"[^\\x00-\\x7f{HAN}{INERT}]")

# What becomes of each distinct run, by mode: pages repeat their words and each other's (a name,
# a stock phrase), so each is segmented once. Terms are interned: pages share their strings.
WHOLE, SEARCH, TEXT = "whole", "search", "text"


class _Cuts(dict):
    def __init__(self, mode: str):
        super().__init__()
        self.mode = mode

    def __missing__(self, run: str) -> tuple[str, ...]:
        terms: list[str] = []
        for piece in (run,) if _HAN_ONLY.match(run) else _RUNS.findall(run):     # 2012年 → 2012, 年
            if not _HAN_ONLY.match(piece):
                terms.append(piece)
            elif self.mode == WHOLE:
                terms += _jieba().cut(piece, False)
            else:
                terms += _jieba().cut_for_search(piece, False)
        if self.mode == TEXT:
            terms = [t for t in terms if len(t) > 1 or not _HAN_ONLY.match(t)]
        if len(self) >= 1_000_000:                  # a long `mkdocs serve`: forget rather than grow
            self.clear()
        self[run] = result = tuple(map(sys.intern, terms))
        return result


_state: dict = {"key": None, "terms": (), "jieba": None, "words": {},
                "cuts": {mode: _Cuts(mode) for mode in (WHOLE, SEARCH, TEXT)}}


def teach(terms: list[str]) -> None:
    """Use a segmenter that knows these terms (a fresh one when the terms changed). It is made
    when first needed: the cuts kept from the last build (memo()) may leave nothing to cut."""
    key = hashlib.sha1("\n".join(terms).encode("utf-8")).hexdigest()
    _state["terms"] = terms
    if _state["key"] == key:
        return
    _state.update(key=key, jieba=None, words={})
    for cuts in _state["cuts"].values():
        cuts.clear()


def _jieba():
    if _state["jieba"] is None:
        import rjieba
        jieba = rjieba.Jieba()
        for term in _state["terms"]:
            jieba.add_word(term, 100_000, None)
        _state["jieba"] = jieba
    return _state["jieba"]


def memo() -> dict:
    """What is kept between builds (hooks/memo.py): the cuts made with this dictionary."""
    return {"key": _state["key"], "words": _state["words"],
            "cuts": {mode: dict(cuts) for mode, cuts in _state["cuts"].items()}}


def remember(kept: dict) -> None:
    """Before teach(): cuts from a build with the same dictionary are used again."""
    if _state["key"] is None and kept.get("key"):
        _state.update(key=kept["key"], words=dict(kept["words"]))
        for mode, cuts in kept["cuts"].items():
            _state["cuts"][mode].update(cuts)


def remember_words(words: dict) -> None:
    """Words of names found by a forked process with the same dictionary (archive/pages.py)."""
    _state["words"].update(words)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str, mode: str = SEARCH) -> Iterator[str]:
    """Search terms of `text` in order. Han runs are segmented for search (the words and the
    dictionary words inside them: 白求恩纪念馆 → 白求恩, 纪念馆, 白求恩纪念馆); in mode WHOLE,
    only the words themselves (for names: 白求恩纪念馆 alone); in mode TEXT, as for search
    but without single Han characters (a page's text is not searched for those)."""
    if _NOT_PLAIN.search(text):
        text = unicodedata.normalize("NFKC", text)
    return chain.from_iterable(map(_state["cuts"][mode].__getitem__, _WORDY.findall(text.lower())))


def tokens(text: str, *, whole: bool = False) -> list[str]:
    """terms(text) as a list: in mode SEARCH, or WHOLE with `whole`."""
    return list(terms(text, WHOLE if whole else SEARCH))


def words(text: str) -> list[str]:
    """Dictionary words of a name (for the words-inside-names search keys)."""
    known = _state["words"].get(text)
    if known is None:
        known = _state["words"][text] = [w for w in _jieba().cut_for_search(normalise(text), False)
                                         if _HAN_ONLY.match(w)]
    return list(known)


def fingerprint() -> str | None:
    """Changes when the dictionary changes (segmentation, and so cached analyses, may differ)."""
    return _state["key"]
