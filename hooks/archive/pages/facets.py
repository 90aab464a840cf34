"""The facets of the people and groups (领域, 荣誉, 精神, 年代, 地区, 类别, 推荐单位): for each, the
values profiles have, and the address of the page listing every profile with one value
(browse/<folder>/<slug>.md). Profile pages link their infobox values to these pages
(writer.py); browse.py writes them."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from ..domain.model import Archive, Entity
from ..domain.pinyin import slug, words_pinyin
from ..domain.related import honour_names

PEOPLE_KINDS = ("person", "group")


def _era(e: Entity) -> list[str]:
    birth = str(e.meta.get("birth") or e.meta.get("start") or "")
    return [f"{birth[:3]}0年代"] if birth[:4].isdigit() else []


def _single(key: str) -> Callable[[Entity], list[str]]:
    return lambda e: [str(e.meta[key])] if e.meta.get(key) else []


def _nominating_bodies(e: Entity) -> list[str]:
    return [str(n["body"]) for n in e.meta.get("nominations") or [] if isinstance(n, dict) and n.get("body")]


# (url folder, label, values of one profile).
FACETS: list[tuple[str, str, Callable[[Entity], list[str]]]] = [
    ("fields", "领域", lambda e: [str(f) for f in e.meta.get("fields") or []]),
    ("honours", "荣誉", honour_names),
    ("spirits", "精神", lambda e: [str(s) for s in e.meta.get("spirits") or []]),
    ("era", "年代", _era),
    ("regions", "地区", _single("region")),
    ("categories", "类别", _single("category")),
    ("nominators", "推荐单位", _nominating_bodies),
]
# Facets whose values are profile ids: pages show the profile's name and link to it.
ID_FACETS = {"spirits": "精神档案", "nominators": "机构档案"}
# Facets listed in their own order (decades by date); the others most profiles first.
IN_ORDER = {"era"}


class Facets:
    """The values of every facet and their pages' addresses, computed once per build."""

    def __init__(self, archive: Archive, people: list[Entity] | None = None):
        """people: the archive's people and groups, in their order (PEOPLE_KINDS, then pinyin)."""
        self.archive = archive
        self.people = people if people is not None else [e for k in PEOPLE_KINDS for e in archive.of_kind(k)]
        self._slug_cache: dict[str, dict[str, str]] = {}

    def value_label(self, folder: str, value: str) -> str:
        if folder in ID_FACETS:  # ids: show the profile's name
            target = self.archive.get(value)
            return target.title if target else value
        return value

    def groups(self, values: Callable[[Entity], list[str]]) -> dict[str, list[Entity]]:
        groups: dict[str, list[Entity]] = defaultdict(list)
        for e in self.people:
            for value in dict.fromkeys(values(e)):
                groups[value].append(e)
        return groups

    def _slugs(self, folder: str, groups: dict[str, list[Entity]]) -> dict[str, str]:
        slugs, taken = {}, set()
        for value in sorted(groups, key=lambda v: (words_pinyin(self.value_label(folder, v)), v)):
            base = slug(words_pinyin(self.value_label(folder, value))) or "x"
            candidate, n = base, 2
            while candidate in taken:       # homophones get a stable suffix
                candidate, n = f"{base}-{n}", n + 1
            taken.add(candidate)
            slugs[value] = candidate
        return slugs

    def slugs(self, folder: str) -> dict[str, str]:
        """Each value of a facet (e.g. a spirit's id) -> the name of its page in browse/<folder>/."""
        if folder not in self._slug_cache:
            values = next(v for f, _, v in FACETS if f == folder)
            self._slug_cache[folder] = self._slugs(folder, self.groups(values))
        return self._slug_cache[folder]

    def facet_src(self, folder: str, value: str) -> str | None:
        """The page listing every profile with `value` (e.g. a spirit's id), if there is one."""
        slug_of = self.slugs(folder)
        return facet_page_src(folder, slug_of[value]) if value in slug_of else None


def facet_page_src(folder: str, slug: str) -> str:
    return f"browse/{folder}/{slug}.md"
