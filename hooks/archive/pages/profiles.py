"""The profiles' own pages: one table from each kind of profile to the function that writes its
page (kinds/), and the pages remembered from the last build."""
from __future__ import annotations

import hashlib
import json
from typing import Callable, Iterator

from ..domain.model import Entity
from ..runtime.cache import CACHE, changed_keys
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


def pages(w: PageWriter, feet: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(src_uri, Markdown) of every profile's page, each ending with its foot (by id), made as
    they are asked for (a build compresses each as it comes: pages.text.compressed)."""
    since = _SinceLastRebuild.begin(w, feet)
    return ((e.src_uri, page(w, e, feet.get(e.id, ""), since)) for e in w.archive.entities.values())


class _SinceLastRebuild:
    """Under serve: which profiles' pages may differ from the last rebuild's, worked out from whole
    tables (a table compared with the last one is compared in C) rather than page by page:
    working out and comparing 10,000 pages' keys took a quarter of a second of every rebuild.

    A page found current in the last rebuild is current now, without its key being made, when its
    profile is not among `suspects` (its file, the profiles naming it in their fields or text, its
    related people, the groups it is a member of, its foot changed), none of the profiles it showed
    (writer.seen) is among `shown` (shown otherwise, come or gone), and no policy or campaign
    changed (what documents() lists). Any other page is checked by its key, as in a build."""

    def __init__(self, build: int = 0, suspects: set[str] | None = None, shown: set[str] | None = None,
                 documents_same: bool = False):
        self.build, self.suspects, self.shown, self.documents_same = build, suspects, shown, documents_same

    @classmethod
    def begin(cls, w: PageWriter, feet: dict[str, str]) -> "_SinceLastRebuild":
        if not _SINCE.active:
            return cls()
        archive = w.archive
        now = {"fingerprint": w.fingerprint, "sources": {i: e.source for i, e in archive.entities.items()},
               "referenced_by": archive.referenced_by, "mentioned_by": dict(w.mentioned_by), "related": w.related,
               "member_of": w.member_of, "feet": feet, "documents": _documents_read(w)}
        last = _SINCE.data.get("inputs")
        build = _SINCE.data.get("build", 0) + 1
        if last is None or last["fingerprint"] != now["fingerprint"]:
            _SINCE.data.update(inputs=now, build=build, seen={i: w.seen(i) for i in archive.entities})
            return cls(build)
        read = changed_keys(last["sources"], now["sources"])
        if "" in now["sources"].values():          # not known what these were read from
            read |= {i for i, source in now["sources"].items() if not source}
        # of those, the ones shown otherwise than in the last rebuild (not a change of a text)
        seen = _SINCE.data["seen"]
        shown = {i for i in read if seen.get(i, _GONE) != w.seen(i)}
        for i in read:
            if i in archive.entities:
                seen[i] = w.seen(i)
            else:
                seen.pop(i, None)
        _SINCE.data.update(inputs=now, build=build)
        suspects = read.union(*(changed_keys(last[k], now[k])
                                for k in ("referenced_by", "mentioned_by", "related", "member_of", "feet")))
        return cls(build, suspects, shown, last["documents"] == now["documents"])

    def kept(self, entity_id: str) -> tuple | None:
        """(what it used of others, Markdown) of the page kept under this id if it is current, by
        what changed since the last rebuild alone; None: to be checked by its key."""
        if (self.suspects is None or not self.documents_same or entity_id in self.suspects
                or _CONFIRMED.data.get(entity_id) != self.build - 1):
            return None
        known = _PAGES.unversioned(entity_id)
        return known if known is not None and self._none_shown_of(known[0]) else None

    def shows_as_then(self, entity_id: str, used: dict) -> bool:
        """Whether a page kept under this id (and of the same key), which showed `used`, shows them as
        they are now, by what changed since the last rebuild alone."""
        return (self.shown is not None and _CONFIRMED.data.get(entity_id) == self.build - 1
                and self._none_shown_of(used))

    def _none_shown_of(self, used: dict) -> bool:
        # by the few profiles shown otherwise, not the many a page used (set.isdisjoint(dict) walks the dict)
        return not any(i in used for i in self.shown)

    def confirm(self, entity_id: str) -> None:
        if self.build:
            _CONFIRMED.data[entity_id] = self.build


_GONE = object()


def _documents_read(w: PageWriter) -> dict:
    """What PageWriter.documents() reads besides the profile's own fields and those naming it:
    each policy and campaign (their dates by their files) and the profiles naming each policy
    (the campaigns it launched)."""
    archive = w.archive
    policies = w.ids_of_kind("policy")
    return {i: (archive.get(i).source, archive.referenced_by.get(i) if i in policies else None)
            for i in policies | w.ids_of_kind("campaign")}


def page(w: PageWriter, e: Entity, foot: str = "", since: _SinceLastRebuild | None = None) -> str:
    """A profile's page, ending with `foot`. The Markdown of the last build (under `mkdocs serve`,
    the last rebuild) is reused, the very same string, when the profile, its mentions and
    references, everything the page showed of other profiles (writer.seen) and the foot are
    unchanged."""
    write = PAGES[e.kind]
    if e.kind in SUMMARY_KINDS:
        return write(w, e).rstrip("\n") + foot
    since = since or _SinceLastRebuild()
    known = since.kept(e.id)
    if known is not None:
        since.confirm(e.id)
        return known[1]
    # The profile itself by the digest of its file when the loader gives one (dumping every
    # profile's fields and text took a second of each rebuild at 10,000 profiles).
    own = [e.kind, e.path, e.source] if e.source else [e.kind, e.path, e.meta, e.body]
    key = [own, w.fingerprint, w.archive.referenced_by.get(e.id), w.mentioned_by.get(e.id), w.related.get(e.id),
           w.member_of.get(e.id), w.documents(e), foot]
    if not CACHE.serving:   # on disk by its digest (under serve compared as it is: hashing took 0.1 s of a rebuild)
        key = hashlib.sha1(json.dumps(key, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    known = _PAGES.lookup(e.id, key)
    if known is not None:
        used, out = known
        if since.shows_as_then(e.id, used) or all(w.seen(i) == shown for i, shown in used.items()):
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


# Under serve: "inputs" -> what the profiles' pages read in the last rebuild, "build" -> the number of
# pages()' runs; and id -> the run in which its kept page was last found current (_SinceLastRebuild).
_SINCE = CACHE.store("profile pages' inputs", serve_only=True)
_CONFIRMED = CACHE.store("profile pages found current", serve_only=True)


def forget_all_but(ids) -> None:
    """Under serve, drop the pages of profiles no longer in the archive."""
    _PAGES.forget_all_but(ids)
    for gone in set(_CONFIRMED.data) - set(ids):
        del _CONFIRMED.data[gone]
