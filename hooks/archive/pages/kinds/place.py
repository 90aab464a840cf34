"""An education site's page: province, address, coordinates, organisation, people, highlights."""
from __future__ import annotations

from ...domain.model import Entity
from ...text.markup import esc, island, items
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    coords = m.get("coordinates") or {}
    rows = [("省份", w.facet("regions", m["province"], src)),
            ("地址", esc(m["address"]) if m.get("address") else ""),
            ("坐标", f"北纬 {esc(coords['lat'])}，东经 {esc(coords['lon'])}" if coords else ""),
            ("所属机构", w.a(m["organization"], src) if m.get("organization") else ""),
            ("相关人物", w.a_list(m.get("people"), src))]
    sections = ""
    if m.get("highlights"):
        sections = "## 参观看点\n\n" + island(items("ul", (esc(h) for h in m["highlights"])))
    return w.profile(e, rows, sections)
