"""A spirit's page: its elements and other names, and a link to its study kit."""
from __future__ import annotations

from ...domain.model import Entity
from ...text.markup import esc
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m = e.meta
    rows = [("内涵", "、".join(esc(x) for x in m.get("elements") or [])),
            ("别名", w.alt_names(e))]
    return w.profile(e, rows, w.study_link(e))
