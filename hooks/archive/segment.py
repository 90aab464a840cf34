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

HAN = "\u3400-\u9fff"
_RUNS = re.compile(f"[{HAN}]+|[a-z0-9]+")
_HAN_ONLY = re.compile(f"^[{HAN}]+$")
# Characters common in Chinese text that NFKC turns into ASCII punctuation or a space: separators
# before and after, and never composed with a neighbour, so they may become spaces beforehand.
# The rest of a typical page is then already normalised, and the costly NFKC is skipped.
_SEPARATORS = re.compile("[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e\u2026\u00a0\u2000-\u200a\u3000]+")


class _Cuts(dict):
    """The terms of each distinct run, segmented once: pages repeat their words and each
    other's (a name, a stock phrase). Terms are interned, so pages share their strings."""

    def __init__(self, whole: bool):
        super().__init__()
        self.whole = whole

    def __missing__(self, run: str) -> tuple[str, ...]:
        if _HAN_ONLY.match(run):
            jieba = _jieba()
            terms = tuple(map(sys.intern, jieba.cut(run, False) if self.whole else jieba.cut_for_search(run, False)))
        else:
            terms = (sys.intern(run),)
        if len(self) >= 1_000_000:           # a long `mkdocs serve`: forget rather than grow
            self.clear()
        self[run] = terms
        return terms


_state: dict = {"key": None, "jieba": None, "cuts": {False: _Cuts(False), True: _Cuts(True)}}


def teach(terms: list[str]) -> None:
    """Use a segmenter that knows these terms (a fresh one when the terms changed)."""
    import rjieba

    key = hashlib.sha1("\n".join(terms).encode("utf-8")).hexdigest()
    if _state["key"] == key:
        return
    jieba = rjieba.Jieba()
    for term in terms:
        jieba.add_word(term, 100_000, None)
    _state.update(key=key, jieba=jieba)
    for cuts in _state["cuts"].values():
        cuts.clear()


def _jieba():
    if _state["jieba"] is None:
        import rjieba
        _state["jieba"] = rjieba.Jieba()
    return _state["jieba"]


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _runs(text: str) -> list[str]:
    """The runs of Han characters and of [a-z0-9] in normalise(text), found faster."""
    text = _SEPARATORS.sub(" ", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _RUNS.findall(text.lower())


def tokens(text: str, *, whole: bool = False) -> list[str]:
    """Search terms of `text` in order. Han runs are segmented for search (the words and the
    dictionary words inside them: 白求恩纪念馆 → 白求恩, 纪念馆, 白求恩纪念馆); with `whole`,
    only the words themselves (for names: 白求恩纪念馆 alone)."""
    return list(chain.from_iterable(map(_state["cuts"][whole].__getitem__, _runs(text))))


def words(text: str) -> list[str]:
    """Dictionary words of a name (for the words-inside-names search keys)."""
    return [w for w in _jieba().cut_for_search(normalise(text), False) if _HAN_ONLY.match(w)]


def fingerprint() -> str | None:
    """Changes when the dictionary changes (segmentation, and so cached analyses, may differ)."""
    return _state["key"]
