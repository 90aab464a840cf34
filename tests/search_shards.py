"""Reading the sharded search index of a built site the way the browser's worker does
(docs/overrides/assets/javascripts/workers/archive-search.js): a term's shard by its first character,
frequent terms' postings in their own file, pages in groups of `per`. Records every file read."""
from __future__ import annotations

import base64
import json
from pathlib import Path


def unpack_numbers(text: str) -> list[int]:
    """LEB128 varints in base64, as the worker's unpackNumbers reads them."""
    out, n, shift = [], 0, 0
    for b in base64.b64decode(text):
        n |= (b & 0x7F) << shift
        if b & 0x80:
            shift += 7
        else:
            out.append(n)
            n, shift = 0, 0
    return out


class Shards:
    def __init__(self, site: Path):
        self.folder = site / "search"
        self.read: list[str] = []
        self.meta = self.load("meta.json")

    def load(self, rel: str):
        self.read.append(rel)
        return json.loads((self.folder / rel).read_text(encoding="utf-8"))

    def shard(self, term: str) -> dict:
        first, buckets = ord(term[0]), self.meta["buckets"]
        number = (first * 31 + ord(term[1])) % buckets if len(term) > 1 and first < 128 else first % buckets
        return self.load(f"t/{number}.json")

    def postings(self, term: str) -> dict[int, int]:
        """Page number → score of the term on that page (empty if the index lacks the term)."""
        entry = self.shard(term).get(term)
        if entry is None:
            return {}
        if isinstance(entry[1], str):
            packed_ids, packed_scores = self.load(f"x/{entry[1]}.json")[:2]
            ids, scores = unpack_numbers(packed_ids), list(base64.b64decode(packed_scores))
        else:
            ids, scores = entry[1:]
        assert len(ids) == len(scores) == entry[0]
        out, n = {}, 0
        for delta, score in zip(ids, scores):
            n += delta
            out[n] = score
        return out

    def page(self, n: int) -> list[str]:
        """[location, title, summary] of page n."""
        return self.load(f"d/{n // self.meta['per']}.json")[n % self.meta["per"]]

    def pages(self) -> list[list[str]]:
        return [self.page(n) for n in range(self.meta["docs"])]

    def best(self, term: str) -> str:
        """Location of the page where the term scores highest."""
        found = self.postings(term)
        assert found, f"索引中没有“{term}”"
        return self.page(max(sorted(found), key=found.get))[0]

    def size_read(self) -> int:
        return sum((self.folder / rel).stat().st_size for rel in set(self.read))
