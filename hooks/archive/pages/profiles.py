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


def page(w: PageWriter, e: Entity) -> str:
    """A profile's page. The Markdown of the last build (under `mkdocs serve`, the last rebuild) is
    reused when the profile, its mentions and references, and everything the page showed of
    other profiles (title, address, pinyin, kind) are unchanged."""
    write = PAGES[e.kind]
    if e.kind in SUMMARY_KINDS:
        return write(w, e)
    # The profile itself by the digest of its file when the loader gives one (dumping every
    # profile's fields and text took a second of each rebuild at 10,000 profiles).
    own = [e.kind, e.path, e.source] if e.source else [e.kind, e.path, e.meta, e.body]
    key = hashlib.sha1(json.dumps([own, w.fingerprint, w.archive.referenced_by.get(e.id), w.mentioned_by.get(e.id),
                                   w.related.get(e.id), w.documents(e)],
                                  ensure_ascii=False, default=str).encode("utf-8")).hexdigest()
    known = _PAGES.lookup(e.id, key)
    if known is not None:
        used, out = known
        if all(w.seen(i) == shown for i, shown in used.items()):
            return out
        _PAGES.stale(e.id)
    with w.noting_use() as used:
        out = write(w, e)
        _PAGES.keep(e.id, key, (used, out))
    return out


# id -> (key, (what the page used of others, Markdown)): under serve in memory, else in .cache/
_PAGES = CACHE.kept("profile pages", "profile_pages", pack=lambda kept: (kept[0], kept[1].encode("utf-8")),
                    unpack=lambda kept: (kept[0], kept[1].decode("utf-8")))


def forget_all_but(ids) -> None:
    """Under serve, drop the pages of profiles no longer in the archive."""
    _PAGES.forget_all_but(ids)
