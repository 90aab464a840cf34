"""The site's search index, in shards: a reader's browser downloads only what a query needs.

Material's own index is one JSON file with every page's text (13 MB at 1,000 profiles), loaded
whole on the first search. This one is split so that a query fetches a few small files:

    search/meta.json     {"v", "docs": D, "buckets": B, "per": S, "contributors": [page numbers
                         of the contributors' pages], "lists": [[first, last] page numbers of
                         each stretch of pages that list others]}
    search/t/<b>.json    the terms of bucket b (by first character; see bucket()), each
                         {term: [df, doc-id deltas, scores]} or, for a frequent term,
                         {term: [df, "<h>"]} with its postings in search/x/<h>.json
    search/x/<h>.json    [doc-id deltas, scores, top pages] of one frequent term (h: from the
                         term's hash); deltas and scores packed (packed_numbers, packed_bytes),
                         top pages as in d/, with their numbers: [[n, location, …]]
    search/d/<k>.json    documents k·S … k·S+S−1: [[location, title, summary], …]
    search/n.json        what the worker needs to read a query as the index reads text: the
                         traditional-to-simplified table restricted to the characters the
                         index holds (normalise.client_table), the stop words, the words of a
                         query about contributing and the kinds' labels (search_words.py), and
                         the synonyms (profiles/synonyms.yaml), all normalised

The first character decides the shard so that the browser, which has no segmenter, can split
a Chinese query by the longest terms the index knows (and complete the last one as a prefix)
from the shards of the query's characters; Latin terms (pinyin) go by their first two letters,
so completing `tuy` reads one shard. Scores are integers per (term, page): a key (the
page's own names, pinyin, initials, 发文字号) outweighs a title, which outweighs the text
(BM25 term frequency with length normalisation); the browser multiplies by the term's rarity.

Per-page analysis (text extraction and segmentation) is cached by content hash, so a rebuild
under `mkdocs serve` re-segments only the pages that changed. Output is deterministic.
"""
from __future__ import annotations

import base64
import gc
import hashlib
import heapq
import html
import json
import os
import re
import sys
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from operator import sub
from pathlib import Path
from typing import Callable

from ..runtime.cache import CACHE
from ..text import normalise, search_words, segment

VERSION = 2
KEY, TITLE, TEXT = 100, 20, 10        # weights: own names ≫ title ≫ text (text ≤ TEXT·(K1+1))
K1, B = 1.2, 0.75                     # BM25
AVERAGE = 400                         # BM25's average page length, fixed (terms of a ~1,500-character
                                      # page): a page's scores then depend on that page alone
PER_DOC_SHARD = 16
INLINE_MAX = 256                      # postings longer than this go to their own file,
TOP_PAGES = 20                        # with the pages where the term scores highest
BUCKET_BYTES = 24_000                 # aim for term shards of about this size
SUMMARY = 110                         # characters of summary shown under a result
FOLDERS = ("t", "x", "d")             # of the files under search/ (all but meta.json and n.json)

_DROP = re.compile(r"<(script|style)\b.*?</\1>|<div class=\"admonition [^\"]*ea-review[^\"]*\">.*?</div>"
                   r"|<a class=\"headerlink\"[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"<[^>]+>")
_HAN = re.compile(f"[{segment.HAN}]")
_SPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_ADMONITION = re.compile(r"<div class=\"admonition[^\"]*\">.*?</div>", re.S)


class Doc:
    """One page in the index: what a result shows, and the page's score for each of its terms.
    Compact (10,000 pages have millions of terms): shared term strings, scores as an array."""
    __slots__ = ("location", "title", "summary", "length", "words", "scores")

    def __init__(self, location: str, title: str, summary: str, length: int,
                 terms: dict[str, tuple[int, int, int]], boost: float = 1.0):
        """`length`: text terms, for length normalisation; `terms`: term -> (in keys, in title,
        count in text)."""
        values: dict[tuple[int, int, int], int] = {}
        for entry in terms.values():
            if entry not in values:
                values[entry] = points(entry, length, boost)
        self._set(location, title, summary, length, tuple(map(sys.intern, terms)),
                  array("H", map(values.__getitem__, terms.values())))

    def _set(self, location, title, summary, length, words, scores) -> None:
        self.location, self.title, self.summary, self.length = location, title, summary, length
        self.words, self.scores = words, scores

    @classmethod
    def made(cls, location: str, title: str, summary: str, length: int, words: tuple[str, ...],
             scores: array) -> Doc:
        doc = cls.__new__(cls)
        doc._set(location, title, summary, length, words, scores)
        return doc

    def __getstate__(self):
        return (self.location, self.title, self.summary, self.length, self.words, self.scores)

    def __setstate__(self, state):
        # Unpickled (from a worker or the disk cache): share the term strings again.
        location, title, summary, length, words, scores = state
        self._set(location, title, summary, length, tuple(map(sys.intern, words)), scores)


_EXCLUDED = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*\sdata-search-exclude\b[^>]*>")


def without_excluded(content: str) -> str:
    """The HTML without elements marked `data-search-exclude` (as Material's own index does),
    nested elements of the same name included."""
    out, pos = [], 0
    while (start := _next_excluded(content, pos)) is not None:
        out.append(content[pos:start.start()])
        name, depth, i = start.group(1), 1, start.end()
        tags = re.compile(rf"<(/?){name}\b[^>]*?(/?)>", re.I)
        while depth and (tag := tags.search(content, i)) is not None:
            depth += -1 if tag.group(1) else (0 if tag.group(2) else 1)
            i = tag.end()
        pos = i if not depth else len(content)
    return "".join(out) + content[pos:]


def _next_excluded(content: str, pos: int):
    """_EXCLUDED.search(content, pos), without trying every tag: a match lies after the last
    `>` before the attribute's first occurrence."""
    at = content.find("data-search-exclude", pos)
    if at < 0:
        return None
    return _EXCLUDED.search(content, max(pos, content.rfind(">", pos, at) + 1))


def text_of(content: str) -> str:
    """Visible text of a page's HTML content."""
    return html.unescape(_SPACE.sub(" ", _TAG.sub(" ", _DROP.sub(" ", content)))).strip()


def summary_of(content: str, given: str | None) -> str:
    return _summary(_DROP.sub(" ", content), given)


def _summary(dropped: str, given: str | None) -> str:
    """The summary, given or of content without _DROP: its first paragraph with text."""
    if given:
        text = str(given)
    else:
        paragraphs = (m.group(1) for m in _PARAGRAPH.finditer(_ADMONITION.sub(" ", dropped)))
        text = next((t for t in map(text_of, paragraphs) if t), "")
    return text if len(text) <= SUMMARY else text[:SUMMARY] + "……"


# digest of everything an analysis reads -> its Doc, in this process (under serve, rebuild after
# rebuild); page_renderer keeps them on disk too (the analysing code and the segmenter are in the
# cache layer's one fingerprint: runtime/cache.py).
_ANALYSES = CACHE.store("search analyses")


def title_text(title: str) -> str:
    """A page's title as readers see it: MkDocs' page titles are HTML (the theme writes them as they are)."""
    return html.unescape(_TAG.sub("", title))


def analyse(location: str, title: str, keys: list[str], content: str, summary: str | None = None,
            index_text: bool = True, boost: float = 1.0, store=None) -> Doc:
    """One page's search terms; cached by everything it depends on, in memory and in `store`
    if given (get and put by that digest; page_renderer keeps docs on disk between builds)."""
    return analysed(location, title, keys, content, summary, index_text, boost, store)[1]


def analysed(location: str, title: str, keys: list[str], content: str, summary: str | None = None,
             index_text: bool = True, boost: float = 1.0, store=None) -> tuple[str, Doc]:
    """analyse(), and the digest the Doc is kept under (in `store`: page_renderer finds a page's
    Doc there again when it reuses the page's HTML)."""
    digest = hashlib.sha1(repr((location, title, keys, summary, index_text, boost, segment.fingerprint()))
                          .encode("utf-8", "surrogatepass"))
    digest.update(content.encode("utf-8", "surrogatepass"))
    doc = _ANALYSES.get(digest := digest.hexdigest())
    if doc is None:
        doc = store.get(digest) if store is not None else None
        if doc is None:
            doc = _analysed(location, title, keys, content, summary, index_text, boost)
            if store is not None:
                store.put(digest, doc)
        _ANALYSES.put(digest, doc)
    return digest, doc


def _analysed(location, title, keys, content, summary, index_text, boost) -> Doc:
    dropped = _DROP.sub(" ", without_excluded(content))
    counts: Counter[str] = Counter()
    length = 0
    if index_text:                      # single characters are found through names and titles only
        counts.update(segment.terms(_raw_text(dropped), segment.TEXT))
        length = sum(counts.values())
    keys = [str(k) for k in keys]
    # A key with "~" is a term as it is (search_terms.py): "~屠呦" the term 屠呦, "屠~12" itself.
    exact = {k[1:] if k.startswith("~") else k for k in keys if "~" in k}
    whole = [k for k in keys if "~" not in k]
    # A single character left by segmenting a longer name (黄大年's 大年 → 大, 年; a surname) is
    # no key of its own: a query's stray 年 (2018年) would lead to the name.
    in_keys = {t for k in whole for t in segment.terms(k, segment.WHOLE) if len(t) > 1 or len(k) == 1} | exact
    # The title, and the words and neighbouring pairs inside the page's own names and title
    # (协和医院院史馆 → 协和医院, 院史 …): any phrase of a name finds its page.
    names = "\n".join([title, *(k for k in whole if _HAN.search(k))])      # no term spans a line
    in_title = set(segment.tokens(title)) | set(segment.terms(names, segment.INNER))
    # Most terms are in the text only, and their score depends on their count alone.
    by_count = {count: points((0, 0, count), length, boost) for count in set(counts.values())}
    words = list(counts)
    scores = array("H", map(by_count.__getitem__, counts.values()))
    named = sorted(in_keys | in_title)
    position = {term: n for n, term in enumerate(words)} if named else {}
    for term in named:
        entry = (int(term in in_keys), int(term in in_title), counts.get(term, 0))
        if entry[2]:
            scores[position[term]] = points(entry, length, boost)
        else:
            words.append(term)
            scores.append(points(entry, length, boost))
    return Doc.made(location, title, _summary(dropped, summary), length, tuple(words), scores)


def _raw_text(dropped: str) -> str:
    """text_of() for segmentation, of content without _DROP: the same terms, whitespace left."""
    return html.unescape(_TAG.sub(" ", dropped))


def points(entry: tuple[int, int, int], length: int, boost: float = 1.0) -> int:
    """A term's integer score on a page."""
    return max(1, round(score(entry, length) * boost))


def score(entry: tuple[int, int, int], length: int) -> float:
    in_keys, in_title, count = entry
    text = 0.0
    if count:
        text = TEXT * count * (K1 + 1) / (count + K1 * (1 - B + B * length / AVERAGE))
    return KEY * in_keys + TITLE * in_title + text


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Index:
    """Builds the index files from the pages' Docs. Kept between rebuilds under `mkdocs serve`:
    when the same pages are indexed again, only the terms of the pages that changed are
    encoded again. The files are the same as a fresh build's."""

    def __init__(self):
        self.docs: list[Doc] = []
        self.postings: dict[str, tuple[array, array]] = {}   # term -> (page numbers, scores), sorted
        self.entries: dict[str, str] = {}                     # term -> its encoded entry
        self.frequent: dict[str, str] = {}                    # term -> x/ file content
        self.size = 0                                         # bytes of all entries
        # Of each frequent term, what an update of a few pages seldom changes: its page numbers
        # packed, and its best pages (page numbers); and the t/ shards (bucket -> content).
        self.packed: dict[str, str] = {}
        self.top: dict[str, list[int]] = {}
        self.shards: dict[int, str] = {}
        self.buckets = 0
        self.pieces: dict[str, str] = {}                      # term -> its key and entry in its t/ shard
        self.in_bucket: dict[int, list[str]] = {}             # bucket -> the terms of its t/ shard, sorted
        self.doc_shards: dict[int, str] = {}                  # d/ shards by number
        self.changed: set[int] = set()                        # pages changed in this update

    def build(self, docs: list[Doc], synonyms: dict[str, list[str]] | None = None) -> dict[str, str]:
        """The index files: relative path under search/ → content."""
        # Many objects made and dropped, none in cycles: the collector would only walk the
        # whole site's objects in the process, again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            files = self._build(docs)
            files["n.json"] = self._words(synonyms or {})
            return files
        finally:
            if enabled:
                gc.enable()

    def _build(self, docs: list[Doc]) -> dict[str, str]:
        docs = sorted(docs, key=lambda d: d.location)
        afresh = [d.location for d in docs] != [d.location for d in self.docs]
        if afresh:
            self.__init__()                              # pages added or removed: start afresh
            self.docs = docs
            self.postings = _postings(docs)
            dirty = self.postings.keys()
        else:
            dirty = self._update(docs)
        for term in list(dirty):
            self._encode(term)
        buckets = 16
        while buckets < 4096 and self.size / buckets > BUCKET_BYTES:
            buckets *= 2
        if buckets != self.buckets:
            self.buckets, self.shards, self.in_bucket = buckets, {}, {}
            for term in sorted(self.entries):
                self.in_bucket.setdefault(bucket(term, buckets), []).append(term)
            self._shards(self.entries)
        else:
            self._shards(dirty)
        files = {f"t/{b}.json": self.shards.get(b, "{}") for b in range(buckets)}
        files.update((f"x/{_file_name(term)}.json", content) for term, content in self.frequent.items())
        # (the d/ shards of pages that changed only: dumping 12,000 pages' titles and summaries
        # took 0.05 s of every rebuild at 10,000 profiles)
        for k in range(0, len(docs), PER_DOC_SHARD) if afresh else sorted({n - n % PER_DOC_SHARD for n in self.changed}):
            self.doc_shards[k // PER_DOC_SHARD] = _dump([[d.location, d.title, d.summary] for d in docs[k:k + PER_DOC_SHARD]])
        files.update((f"d/{number}.json", content) for number, content in self.doc_shards.items())
        # The contributors' pages, which the worker leaves out unless a query is about contributing,
        # and the pages that list others (found by their titles only), a little below a profile.
        contributors = [n for n, d in enumerate(docs) if d.location.split("/")[0] in search_words.CONTRIBUTORS]
        lists = _ranges(n for n, d in enumerate(docs) if not d.length)     # (browse/… pages are together)
        files["meta.json"] = _dump({"v": VERSION, "docs": len(docs), "buckets": buckets, "per": PER_DOC_SHARD,
                                    "contributors": contributors, "lists": lists})
        return files

    def _words(self, synonyms: dict[str, list[str]]) -> str:
        """search/n.json (see the module's docstring)."""
        held = set("".join(self.postings))
        normalised = {}
        for word, targets in sorted(synonyms.items()):
            key = normalise.normalise(word)
            normalised[key] = list(dict.fromkeys(t for t in map(normalise.normalise, targets) if t != key))
            held.update(key, *targets)
        table = normalise.client_table(held)
        return _dump({"v": VERSION, "t2s": table.as_json(), **search_words.for_browser(),
                      "synonyms": {k: v for k, v in normalised.items() if v}})

    def _shards(self, terms) -> None:
        """Write again the t/ shards that hold these terms (each shard's terms are kept in order:
        sorting every term to find them took 0.1 s of every rebuild at 10,000 profiles)."""
        touched = set()
        for term in terms:
            b = bucket(term, self.buckets)
            touched.add(b)
            listed = self.in_bucket.setdefault(b, [])
            i = bisect_left(listed, term)
            present = i < len(listed) and listed[i] == term
            if term in self.entries and not present:
                listed.insert(i, term)
            elif term not in self.entries and present:
                del listed[i]
        for b in touched:
            listed = self.in_bucket.get(b)
            if listed:
                self.shards[b] = "{" + ",".join(map(self.pieces.__getitem__, listed)) + "}"
            else:
                self.shards.pop(b, None)

    def _update(self, docs: list[Doc]) -> set[str]:
        """Take the postings of the pages that changed out and their new ones in; the terms touched."""
        # (a page analysed again with the same result, as after a rename changed the dictionary, is no change)
        changed = [n for n, doc in enumerate(docs) if doc is not self.docs[n] and not _same(doc, self.docs[n])]
        self.changed = set(changed)
        dirty: set[str] = set()
        for n in changed:
            old, new = set(self.docs[n].words), set(docs[n].words)
            for term in old ^ new:          # on this page before or after only: its page numbers change
                self.packed.pop(term, None)
                self.top.pop(term, None)
            for term in self.docs[n].words:
                ids, scores = self.postings[term]
                i = bisect_left(ids, n)
                del ids[i], scores[i]
                dirty.add(term)
            for term, value in zip(docs[n].words, docs[n].scores):
                ids, scores = self.postings.setdefault(term, (array("I"), array("H")))
                i = bisect_left(ids, n)
                ids.insert(i, n)
                scores.insert(i, value)
                dirty.add(term)
        self.docs = docs
        return dirty

    def _encode(self, term: str) -> None:
        """The term's entry in its t/ shard, and its x/ file if it is frequent."""
        old = self.entries.pop(term, None)
        if old is not None:
            self.size -= len(old) + len(term) * 3 + 4
            del self.pieces[term]
        self.frequent.pop(term, None)
        ids, scores = self.postings.get(term) or ((), ())
        if not ids:
            self.postings.pop(term, None)
            self.packed.pop(term, None)
            self.top.pop(term, None)
            return
        if len(ids) > INLINE_MAX:
            # with the pages where the term scores highest: a one-word query needs no other file
            packed = self.packed.get(term)
            if packed is None:
                packed = self.packed[term] = packed_numbers([ids[0], *map(sub, ids[1:], ids)])
            docs = self.docs
            pages = [[n, docs[n].location, docs[n].title, docs[n].summary] for n in self._best(term, ids, scores)]
            self.frequent[term] = _dump([packed, packed_bytes(scores), pages])
            entry = f'[{len(ids)},"{_file_name(term)}"]'
        else:
            self.packed.pop(term, None)
            self.top.pop(term, None)
            deltas = [ids[0], *map(sub, ids[1:], ids)]
            entry = f"[{len(ids)},[{','.join(map(str, deltas))}],[{','.join(map(str, scores))}]]"
        self.entries[term] = entry
        self.pieces[term] = f"{_json_key(term)}:{entry}"
        self.size += len(entry) + len(term) * 3 + 4

    def _best(self, term: str, ids, scores) -> list[int]:
        """The page numbers where a frequent term scores highest, best first: as
        sorted(…, reverse=True)[:TOP_PAGES] (ties: the earlier page), kept from the last update
        when the pages that changed do not reach them."""
        top = self.top.get(term)
        if top is None or not _best_kept(top, ids, scores, self.changed):
            top = self.top[term] = [ids[i] for i in heapq.nlargest(TOP_PAGES, range(len(ids)), key=scores.__getitem__)]
        return top


def _same(a: Doc, b: Doc) -> bool:
    return (a.words == b.words and a.scores == b.scores and a.title == b.title and a.summary == b.summary
            and a.length == b.length)


def _best_kept(top: list[int], ids, scores, changed: set[int]) -> bool:
    """Whether a frequent term's best pages are as they were: none of them changed, and no page
    that changed now ranks above the last of them (ties: the earlier page)."""
    if not top or changed.intersection(top):
        return False
    score_of = dict(zip(ids, scores)) if len(changed) > 8 else None
    last = top[-1]
    last_score = scores[bisect_left(ids, last)]
    for n in changed:
        if score_of is not None:
            score = score_of.get(n)
        else:
            i = bisect_left(ids, n)
            score = scores[i] if i < len(ids) and ids[i] == n else None
        if score is not None and (score > last_score or (score == last_score and n < last)):
            return False
    return True


def _ranges(numbers) -> list[list[int]]:
    """Ascending numbers as [first, last] stretches: 1 2 3 7 → [[1, 3], [7, 7]]."""
    out: list[list[int]] = []
    for n in numbers:
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def _postings(docs: list[Doc]) -> dict[str, tuple[array, array]]:
    """term -> (page numbers, scores) of all pages (numbered in order)."""
    ids_of: defaultdict[str, list[int]] = defaultdict(list)
    scores_of: defaultdict[str, list[int]] = defaultdict(list)
    for n, doc in enumerate(docs):
        for term in doc.words:
            ids_of[term].append(n)
        for term, value in zip(doc.words, doc.scores):
            scores_of[term].append(value)
    return {term: (array("I", ids), array("H", scores_of[term])) for term, ids in ids_of.items()}


_PLAIN = re.compile(f"[{segment.HAN}a-z0-9]+")       # a term that needs no escaping in JSON


def _json_key(term: str) -> str:
    return f'"{term}"' if _PLAIN.fullmatch(term) else _dump(term)


def packed_numbers(numbers: list[int]) -> str:
    """Base64 of the numbers as LEB128 varints (page-number gaps are mostly one byte): a
    frequent term's list is a third of its JSON size, so the first search downloads less."""
    numbers = list(numbers)
    if max(numbers, default=0) < len(_VARINTS):
        return base64.b64encode(b"".join(map(_VARINTS.__getitem__, numbers))).decode("ascii")
    out = bytearray()
    for n in numbers:
        while n >= 0x80:
            out.append(n & 0x7F | 0x80)
            n >>= 7
        out.append(n)
    return base64.b64encode(bytes(out)).decode("ascii")


_VARINTS = [bytes([n]) for n in range(0x80)] + [bytes([n & 0x7F | 0x80, n >> 7]) for n in range(0x80, 0x4000)]


def packed_bytes(numbers) -> str:
    """Base64 of numbers below 256, one byte each (scores are at most KEY+TITLE+TEXT·(K1+1))."""
    if isinstance(numbers, array) and numbers.typecode == "H" and sys.byteorder == "little" \
            and max(numbers, default=0) <= 255:
        # the low byte of each: a frequent term's scores, re-encoded in most rebuilds (0.08 s of
        # each at 10,000 profiles as a list of ints)
        return base64.b64encode(numbers.tobytes()[::2]).decode("ascii")
    numbers = list(numbers)
    if max(numbers, default=0) > 255:
        numbers = [min(255, n) for n in numbers]
    return base64.b64encode(bytes(numbers)).decode("ascii")


def bucket(term: str, buckets: int) -> int:
    """The t/ shard of a term: by its first character, or for Latin letters and digits (pinyin
    keys crowd a few letters) by its first two."""
    if len(term) > 1 and term[0] < "\u0080":
        return (ord(term[0]) * 31 + ord(term[1])) % buckets
    return ord(term[0]) % buckets


def _file_name(term: str) -> str:
    """The x/ file of a frequent term: named by the term, so that names never shift."""
    return hashlib.sha1(term.encode("utf-8")).hexdigest()[:12]


# The index of the last build in this process ("index"): under serve, the next rebuild updates it.
_INDEX = CACHE.store("search index")


def build(docs: list[Doc], synonyms: dict[str, list[str]] | None = None) -> dict[str, str]:
    """The index files for these pages (incrementally, when the same pages were built before);
    `synonyms`: a reader's word -> the archive's words (profiles/synonyms.yaml)."""
    live = {id(d) for d in docs}
    for digest in [k for k, d in _ANALYSES.data.items() if id(d) not in live]:   # analyses of old versions
        del _ANALYSES.data[digest]
    index = _INDEX.data.get("index")
    if index is None:
        index = _INDEX.data["index"] = Index()
    return index.build(docs, synonyms)


# A build's index files, by the digest of its pages' search keys and the synonyms: a build whose
# pages are all as the last's writes the index that one made (.cache/archive-pages.sqlite).
_INDEXES = CACHE.disk_store("search indexes", "search_indexes")


def build_or_kept(keys: list[str | None], docs: Callable[[], list[Doc]],
                  synonyms: dict[str, list[str]] | None = None) -> dict[str, str]:
    """build(docs(), synonyms), or in a build with the cache on the files the last build made when
    its pages had the same search keys (analysed()'s digests; None: a page's doc not kept)."""
    if CACHE.serving or None in keys or CACHE.database() is None:
        return build(docs(), synonyms)
    digest = hashlib.sha1(_dump([VERSION, sorted(keys), synonyms or {}]).encode("utf-8")).hexdigest()
    files = _INDEXES.get(digest)
    if not isinstance(files, dict):
        files = build(docs(), synonyms)
        _INDEXES.put(digest, files)
        CACHE.flush()
    return files


# Under serve: path -> the content (str) written there by the last rebuild.
_WRITTEN = CACHE.store("search files written", serve_only=True)


def write(files: dict[str, str], folder: Path) -> None:
    """Write the files under folder (site/search), leaving unchanged files untouched. Under serve
    a file whose content is the very string the last rebuild wrote there is not read again (the
    index keeps what it did not make again: 3,000 files read at 10,000 profiles)."""
    made: set[str] = set()
    last = _WRITTEN.data if _WRITTEN.active else {}
    written = {}
    for rel, content in files.items():
        path = os.path.join(folder, rel)
        written[path] = content
        if last.get(path) is content and os.path.isfile(path):
            continue
        data = content.encode("utf-8")
        try:
            with open(path, "rb") as old:
                if old.read() == data:
                    continue
        except FileNotFoundError:
            parent = os.path.dirname(path)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
        with open(path, "wb") as new:
            new.write(data)
    if _WRITTEN.active:
        _WRITTEN.data = written
