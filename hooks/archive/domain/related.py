"""Related people: by shared spirits, fields, honours and institutions (explicit
relations are shown on their own). Computed once per build through an inverted index."""
from __future__ import annotations

import hashlib
import heapq
import json
from collections import Counter, defaultdict

from ..runtime.cache import CACHE
from .model import Entity


def honour_names(e: Entity) -> list[str]:
    return [h["name"] for h in e.meta.get("honours") or [] if isinstance(h, dict) and h.get("name")]


WEIGHTS = {"institution": 3, "honour": 2, "field": 2, "spirit": 1}
COMMON = 200  # a feature shared by more profiles than this says nothing about relatedness


def _features(e: Entity) -> list[tuple[str, str]]:
    m = e.meta
    out = [("spirit", s) for s in m.get("spirits") or []]
    out += [("field", str(f)) for f in m.get("fields") or []]
    out += [("honour", h) for h in honour_names(e)]
    out += [("institution", str(p.get("organization"))) for p in m.get("positions") or [] if isinstance(p, dict)]
    out += [("institution", str(x.get("institution"))) for x in m.get("education") or [] if isinstance(x, dict)]
    if m.get("organization"):
        out.append(("institution", str(m["organization"])))
    return list(dict.fromkeys(out))


# The last result, by the digest of what it read: an edit of a profile's text (the usual one) or
# of anything but these fields leaves it as it was (kept in .cache/ and under serve).
_RELATED = CACHE.kept("related people", "related")


def related_people(people: list[Entity], limit: int = 5) -> dict[str, list[tuple[str, list[str]]]]:
    """For each person or group, the most related others and the shared things, via an
    inverted index (never all pairs)."""
    # What it reads is in the fields: keyed by their digests when the loader gives them all.
    features = explicit = None
    if all(e.fields for e in people):
        basis = [[e.id, e.fields] for e in people]
    else:
        features, explicit = _read(people)
        basis = [features, explicit]
    key = hashlib.sha1(json.dumps([limit, basis], ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    known = _RELATED.lookup("people", key)
    if known is None:
        if features is None:
            features, explicit = _read(people)
        known = _related(people, features, explicit, limit)
        _RELATED.keep("people", key, known)
    return known


def _read(people: list[Entity]) -> tuple[dict, dict]:
    """Each profile's features, and the profiles it names as related itself."""
    return ({e.id: _features(e) for e in people},
            {e.id: [r.get("id") for r in e.meta.get("related") or [] if isinstance(r, dict)] for e in people})


def _related(people: list[Entity], features: dict, explicit: dict, limit: int) -> dict[str, list[tuple[str, list[str]]]]:
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in people:
        for feature in features[e.id]:
            holders[feature].append(e.id)
    held = {feature: set(ids) for feature, ids in holders.items() if len(ids) <= COMMON}
    result = {}
    for e in people:
        telling = [f for f in features[e.id] if f in held]
        scores: Counter[str] = Counter()
        for feature in telling:
            scores.update(holders[feature] * WEIGHTS[feature[0]])   # each holder scores the weight
        scores.pop(e.id, None)
        for other in explicit[e.id]:                    # explicit relations are shown on their own
            scores.pop(other, None)
        best = [o for _, o in heapq.nsmallest(limit, ((-score, o) for o, score in scores.items()))]
        result[e.id] = [(o, [value for kind, value in telling if o in held[(kind, value)]]) for o in best]
    return result
