"""An activity's page: its type, campaign, organiser, date, place, participants and the state of
its report, with a notice when the report came late."""
from __future__ import annotations

from ...domain import campaigns as cp
from ...domain.model import Entity
from ...outputs.search_terms import search_keys
from ...text.markup import admonition, esc, island
from ..campaign_blocks import report_state, when_of
from ..text import date
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    campaign = w.archive.get(m.get("campaign", ""))
    delay = cp.report_delay(e, campaign)
    notice = ""
    if delay is not None and delay.overdue > 0:
        notice = island(admonition("danger", f"报告逾期 {delay.overdue} 天",
                                   f"活动于{date(delay.ended, esc)}结束，报告于{date(delay.reported, esc)}报送；"
                                   f"{esc(campaign.title)}要求活动结束后 {delay.allowed} 天内报送。"))
    place = m.get("place")
    rows = [("类型", esc(m["type"]) if m.get("type") else ""),
            ("所属主题活动", w.a(m["campaign"], src) if m.get("campaign") else ""),
            ("举办单位", w.a(m["organizer"], src) if m.get("organizer") else ""),
            ("日期", when_of(m, "date", "end") if m.get("end") else (date(m["date"], esc) if m.get("date") else "")),
            ("地点", w.ref_or_esc(str(place), src) if place else ""),
            ("参加人数", f"{esc(m['participants'])} 人" if m.get("participants") is not None else ""),
            ("报告", report_state(delay, e) if m.get("report_date") else "")]
    body = w.body(e)
    return (w.front(e.title, search_keys(e, w.names.names)) + w.review_notice(e) + notice + w.infobox(rows) + w.lead(e)
            + (body + "\n\n" if body else "") + w.images(e) + w.sources(e) + w.backlinks(e))
