"""The profiles' own pages: one table from each kind of profile to the function that writes its
page (kinds/), and the pages remembered from the last build."""
from __future__ import annotations

import hashlib
import json
from typing import Callable

from ..domain.model import Entity
from ..runtime.cache import CACHE
from .kinds import activity, campaign, group, organization, person, place, policy, spirit
from .writer import SUMMARY_KINDS, PageWriter

PAGES: dict[str, Callable[[PageWriter, Entity], str]] = {
    "person": person.page,
    "group": group.page,
    "policy": policy.page,
    "campaign": campaign.page,
    "activity": activity.page,
    "spirit": spirit.page,
    "place": place.page,
    "organization": organization.page,
}


def pages(w: PageWriter, feet: dict[str, str]) -> list[tuple[str, str]]:
    """(src_uri, Markdown) of every profile's page, each ending with its foot (by id)."""
    since = _ShownSince.begin(w)
    return [(e.src_uri, page(w, e, feet.get(e.id, ""), since)) for e in w.archive.entities.values()]


class _ShownSince:
    """Under serve: the profiles shown otherwise (writer.seen: title, address, pinyin, kind, date)
    than in the last rebuild. A page kept from the last rebuild, which found then that nothing it showed of others
    had changed, needs only to check that none of those is among them (checking each of its
    profiles again took 0.14 s of every rebuild at 10,000 profiles). A page kept from an earlier
    rebuild checks each, as in a build."""

    def __init__(self, build: int, changed: set[str] | None):
        self.build, self.changed = build, changed

    @classmethod
    def begin(cls, w: PageWriter) -> "_ShownSince":
        if not _SHOWN.active:
            return cls(0, None)
        now = {i: w.seen(i) for i in w.archive.entities}
        last = _SHOWN.data.get("shown")
        changed = None if last is None else {i for i in now.keys() | last.keys() if now.get(i) != last.get(i)}
        build = _SHOWN.data.get("build", 0) + 1
        _SHOWN.data.update(shown=now, build=build)
        return cls(build, changed)

    def current(self, entity_id: str, used: dict) -> bool:
        """Whether a page kept under this id, which showed `used`, shows them as they are now."""
        return (self.changed is not None and _CONFIRMED.data.get(entity_id) == self.build - 1
                and self.changed.isdisjoint(used))

    def confirm(self, entity_id: str) -> None:
        if self.build:
            _CONFIRMED.data[entity_id] = self.build


def page(w: PageWriter, e: Entity, foot: str = "", since: _ShownSince | None = None) -> str:
    """A profile's page, ending with `foot`. The Markdown of the last build (under `mkdocs serve`,
    the last rebuild) is reused, the very same string, when the profile, its mentions and
    references, everything the page showed of other profiles (writer.seen) and the foot are
    unchanged."""
    write = PAGES[e.kind]
    if e.kind in SUMMARY_KINDS:
        return write(w, e).rstrip("\n") + foot
    # The profile itself by the digest of its file when the loader gives one (dumping every
    # profile's fields and text took a second of each rebuild at 10,000 profiles).
    own = [e.kind, e.path, e.source] if e.source else [e.kind, e.path, e.meta, e.body]
    key = [own, w.fingerprint, w.archive.referenced_by.get(e.id), w.mentioned_by.get(e.id), w.related.get(e.id),
           w.documents(e), foot]
    if not CACHE.serving:   # on disk by its digest (under serve compared as it is: hashing took 0.1 s of a rebuild)
        key = hashlib.sha1(json.dumps(key, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    since = since or _ShownSince(0, None)
    known = _PAGES.lookup(e.id, key)
    if known is not None:
        used, out = known
        if since.current(e.id, used) or all(w.seen(i) == shown for i, shown in used.items()):
            since.confirm(e.id)
            return out
        _PAGES.stale(e.id)
    with w.noting_use() as used:
        out = write(w, e).rstrip("\n") + foot
        _PAGES.keep(e.id, key, (used, out))
    since.confirm(e.id)
    return out


# id -> (key, (what the page used of others, Markdown)): under serve in memory, else in .cache/
_PAGES = CACHE.kept("profile pages", "profile_pages", pack=lambda kept: (kept[0], kept[1].encode("utf-8")),
                    unpack=lambda kept: (kept[0], kept[1].decode("utf-8")))


# Under serve: "shown" -> {id: what pages show of it}, "build" -> the number of all_pages' runs;
# and id -> the run in which its kept page was last found current (_ShownSince).
_SHOWN = CACHE.store("profiles as pages show them", serve_only=True)
_CONFIRMED = CACHE.store("profile pages found current", serve_only=True)


def forget_all_but(ids) -> None:
    """Under serve, drop the pages of profiles no longer in the archive."""
    _PAGES.forget_all_but(ids)
    for gone in set(_CONFIRMED.data) - set(ids):
        del _CONFIRMED.data[gone]
