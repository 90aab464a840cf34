"""An organisation's page: other names, parent, region, website."""
from __future__ import annotations

from ...domain.model import Entity
from ...text.markup import esc, link
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    rows = [("别名", w.alt_names(e)),
            ("上级机构", w.a(m["parent"], src) if m.get("parent") else ""),
            ("所在地", w.facet("regions", m["region"], src) if m.get("region") else ""),
            ("网站", link(m["website"], esc(m["website"])) if m.get("website") else "")]
    return w.profile(e, rows)
