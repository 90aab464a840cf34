"""Related people: by shared spirits, fields, honours and institutions (explicit
relations are shown on their own). Computed once per build through an inverted index."""
from __future__ import annotations

from collections import defaultdict

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


def related_people(people: list[Entity], limit: int = 5) -> dict[str, list[tuple[str, list[str]]]]:
    """For each person or group, the most related others and the shared things, via an
    inverted index (never all pairs)."""
    holders: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in people:
        for feature in _features(e):
            holders[feature].append(e.id)
    result = {}
    for e in people:
        explicit = {r.get("id") for r in e.meta.get("related") or [] if isinstance(r, dict)}
        scores: dict[str, int] = defaultdict(int)
        shared: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for feature in _features(e):
            others = holders[feature]
            if len(others) > COMMON:
                continue
            for other in others:
                if other != e.id and other not in explicit:
                    scores[other] += WEIGHTS[feature[0]]
                    shared[other].append(feature)
        best = sorted(scores, key=lambda o: (-scores[o], o))[:limit]
        result[e.id] = [(o, [value for _, value in shared[o]]) for o in best]
    return result
