"""The site's search index, in shards: a reader's browser downloads only what a query needs.

Material's own index is one JSON file with every page's text (13 MB at 1,000 profiles), loaded
whole on the first search. This one is split so that a query fetches a few small files:

    search/meta.json     {"v", "docs": D, "buckets": B, "per": S}          (a few bytes)
    search/t/<b>.json    the terms whose first character has code point % B == b, each
                         {term: [df, doc-id deltas, scores]} or, for a frequent term,
                         {term: [df, "<n>"]} with its postings in search/x/<n>.json
    search/x/<n>.json    [doc-id deltas, scores] of one frequent term
    search/d/<k>.json    documents k·S … k·S+S−1: [[location, title, summary], …]

The first character decides the shard so that the browser, which has no segmenter, can split
a Chinese query by the longest terms the index knows (and complete the last one as a prefix)
from the shards of the query's characters. Scores are integers per (term, page): a key (the
page's own names, pinyin, initials, 发文字号) outweighs a title, which outweighs the text
(BM25 term frequency with length normalisation); the browser multiplies by the term's rarity.

Per-page analysis (text extraction and segmentation) is cached by content hash, so a rebuild
under `mkdocs serve` re-segments only the pages that changed. Output is deterministic.
"""
from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import segment

VERSION = 1
KEY, TITLE, TEXT = 100, 20, 10        # weights: own names ≫ title ≫ text (text ≤ TEXT·(K1+1))
K1, B = 1.2, 0.75                     # BM25
PER_DOC_SHARD = 16
INLINE_MAX = 256                      # postings longer than this go to their own file
BUCKET_BYTES = 24_000                 # aim for term shards of about this size
SUMMARY = 110                         # characters of summary shown under a result

_DROP = re.compile(r"<(script|style)\b.*?</\1>|<div class=\"admonition [^\"]*ea-review[^\"]*\">.*?</div>"
                   r"|<a class=\"headerlink\"[^>]*>.*?</a>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_ADMONITION = re.compile(r"<div class=\"admonition[^\"]*\">.*?</div>", re.S)
_HAN = re.compile(f"[{segment.HAN}]")


@dataclass
class Doc:
    location: str
    title: str
    summary: str
    length: int                                   # text terms, for length normalisation
    terms: dict[str, tuple[int, int, int]]        # term -> (in keys, in title, count in text)
    boost: float = 1.0


def text_of(content: str) -> str:
    """Visible text of a page's HTML content."""
    return html.unescape(_SPACE.sub(" ", _TAG.sub(" ", _DROP.sub(" ", content)))).strip()


def summary_of(content: str, given: str | None) -> str:
    if given:
        text = str(given)
    else:
        paragraphs = _PARAGRAPH.findall(_ADMONITION.sub(" ", _DROP.sub(" ", content)))
        text = next((t for t in (text_of(p) for p in paragraphs) if t), "")
    return text if len(text) <= SUMMARY else text[:SUMMARY] + "……"


_cache: dict[str, Doc] = {}


def analyse(location: str, title: str, keys: list[str], content: str, summary: str | None = None,
            index_text: bool = True, boost: float = 1.0) -> Doc:
    """One page's search terms; cached by everything it depends on."""
    digest = hashlib.sha1(json.dumps([location, title, keys, content, summary, index_text, boost,
                                      segment.fingerprint()], ensure_ascii=False).encode("utf-8")).hexdigest()
    doc = _cache.get(digest)
    if doc is None:
        terms: dict[str, list[int]] = {}
        for key in keys:
            for term in set(segment.tokens(str(key), whole=True)):
                terms.setdefault(term, [0, 0, 0])[0] = 1
        for term in set(segment.tokens(title)):
            terms.setdefault(term, [0, 0, 0])[1] = 1
        length = 0
        if index_text:
            for term in segment.tokens(text_of(content)):
                if len(term) == 1 and _HAN.match(term):
                    continue            # single characters are found through names and titles only
                terms.setdefault(term, [0, 0, 0])[2] += 1
                length += 1
        doc = Doc(location, title, summary_of(content, summary), length,
                  {t: tuple(v) for t, v in terms.items()}, boost)
        _cache[digest] = doc
    return doc


def score(entry: tuple[int, int, int], length: int, average: float) -> int:
    in_keys, in_title, count = entry
    text = 0.0
    if count:
        text = TEXT * count * (K1 + 1) / (count + K1 * (1 - B + B * length / average))
    return max(1, round(KEY * in_keys + TITLE * in_title + text))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build(docs: list[Doc]) -> dict[str, str]:
    """The index files: relative path under search/ → content."""
    docs = sorted(docs, key=lambda d: d.location)
    average = max(1.0, sum(d.length for d in docs) / max(1, len(docs)))
    postings: dict[str, list[tuple[int, int]]] = {}
    for n, doc in enumerate(docs):
        for term, entry in doc.terms.items():
            postings.setdefault(term, []).append((n, max(1, round(score(entry, doc.length, average) * doc.boost))))
    files: dict[str, str] = {}
    entries: dict[str, str] = {}
    frequent = 0
    for term in sorted(postings):
        plist = postings[term]
        ids, scores, last = [], [], 0
        for n, s in plist:
            ids.append(n - last)
            scores.append(s)
            last = n
        if len(plist) > INLINE_MAX:
            name = str(frequent)
            frequent += 1
            files[f"x/{name}.json"] = _dump([ids, scores])
            entries[term] = _dump([len(plist), name])
        else:
            entries[term] = _dump([len(plist), ids, scores])
    total = sum(len(t) * 3 + len(v) + 4 for t, v in entries.items())
    buckets = 16
    while buckets < 4096 and total / buckets > BUCKET_BYTES:
        buckets *= 2
    shards: dict[int, list[str]] = {}
    for term, value in entries.items():
        shards.setdefault(ord(term[0]) % buckets, []).append(f"{_dump(term)}:{value}")
    for b in range(buckets):
        files[f"t/{b}.json"] = "{" + ",".join(shards.get(b, [])) + "}"
    for k in range(0, len(docs), PER_DOC_SHARD):
        files[f"d/{k // PER_DOC_SHARD}.json"] = _dump([[d.location, d.title, d.summary]
                                                       for d in docs[k:k + PER_DOC_SHARD]])
    files["meta.json"] = _dump({"v": VERSION, "docs": len(docs), "buckets": buckets, "per": PER_DOC_SHARD})
    return files


def write(files: dict[str, str], folder: Path) -> None:
    """Write the files under folder (site/search), leaving unchanged files untouched."""
    for rel, content in files.items():
        path = folder / rel
        data = content.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
