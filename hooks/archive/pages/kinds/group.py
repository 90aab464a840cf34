"""An advanced group's page: its years, organisation and members beside the shared people rows,
its nominations, related people, and the share block (QR code, posters)."""
from __future__ import annotations

from ...domain.model import Entity
from ...text.markup import esc
from ..campaign_blocks import nominations_section
from ..text import group_years
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    rows = [("年代", group_years(m, esc)),
            ("所属机构", w.a(m["organization"], src) if m.get("organization") else ""),
            ("成员", w.a_list(m.get("members"), src))]
    rows += w.people_rows(e)
    return w.profile(e, rows, nominations_section(w, e) + w.related_section(e), w.share(e))
