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
import unicodedata

HAN = "\u3400-\u9fff"
_RUNS = re.compile(f"[{HAN}]+|[a-z0-9]+")
_HAN_ONLY = re.compile(f"^[{HAN}]+$")

_state: dict = {"key": None, "jieba": None}


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


def _jieba():
    if _state["jieba"] is None:
        import rjieba
        _state["jieba"] = rjieba.Jieba()
    return _state["jieba"]


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str, *, whole: bool = False) -> list[str]:
    """Search terms of `text` in order. Han runs are segmented for search (the words and the
    dictionary words inside them: 白求恩纪念馆 → 白求恩, 纪念馆, 白求恩纪念馆); with `whole`,
    only the words themselves (for names: 白求恩纪念馆 alone)."""
    out: list[str] = []
    jieba = _jieba()
    for run in _RUNS.findall(normalise(text)):
        if _HAN_ONLY.match(run):
            out += jieba.cut(run, False) if whole else jieba.cut_for_search(run, False)
        else:
            out.append(run)
    return out


def words(text: str) -> list[str]:
    """Dictionary words of a name (for the words-inside-names search keys)."""
    return [w for w in _jieba().cut_for_search(normalise(text), False) if _HAN_ONLY.match(w)]


def fingerprint() -> str | None:
    """Changes when the dictionary changes (segmentation, and so cached analyses, may differ)."""
    return _state["key"]
