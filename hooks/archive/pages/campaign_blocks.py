"""Blocks shared by the pages of campaigns and activities (campaigns.py has the rules and the
numbers): what a reader is told while records are missing, a campaign's dates, stages,
requirements and report rule, an activity's report state, the 活动记录 list before its first
record, and the 推荐记录 section of a nominee's page (a person's or a group's). HTML islands
(markup.py); the pages themselves are kinds/campaign.py, kinds/activity.py and dashboard.py."""
from __future__ import annotations

import re

from ..domain import campaigns as cp
from ..domain.model import Entity
from ..text.markup import esc, href, island, items, link
from .text import date
from .writer import PageWriter

# What a reader is told while the archive holds none of a campaign's records (empty_records: 说明):
# what will appear, and who supplies it. With 不显示 the campaign page does not mention them.
NO_NOMINATIONS = ("本档案尚未收录本活动的推荐记录。推荐人员名单由{bodies}报送{to}；收录后，这里按推荐单位列出"
                  "推荐人数{quota}和审核进度，并提供名单下载（CSV、Excel）。本档案只记录有据可查的推荐，不作推测。")
NO_ACTIVITIES = ("本档案尚未收录本活动的活动记录（这不表示各单位没有开展活动）。"
                 "活动记录依据举办单位报送{to}的活动报告整理；收录后，{what}")
# How to fill them in: for the editors (`mkdocs serve`), not on the published site.
NOMINATIONS_HINT = "取得推荐名单后，在被推荐人的档案中填写 nominations（见贡献指南），这里会自动显示各单位的推荐人数和进度。"
ACTIVITIES_HINT = "取得活动报告后，按贡献指南新建活动记录（make new KIND=activity），这里会自动统计。"


def when_of(m: dict, start: str, end: str) -> str:
    a, b = m.get(start), m.get(end)
    if a and b:
        return f"{date(a, esc)} — {date(b, esc)}"
    return f"{date(a, esc)}起" if a else (f"至{date(b, esc)}" if b else "")


def report_to(w: PageWriter, e: Entity, src: str) -> str:
    """Who receives a campaign's reports and nominations: its report_to, else its organizer."""
    to = e.meta.get("report_to") or e.meta.get("organizer")
    return w.a(to, src) if to else "主办单位"


def requirement(w: PageWriter, r: dict, src: str, default: str) -> str:
    who = w.a(r["body"], src) if r.get("body") else esc(r.get("applies_to") or default)
    wording = f"（原文：{esc(r['wording'])}）" if r.get("wording") else ""
    return f"{who}：{esc(r.get('type', ''))}不少于 {esc(r.get('minimum', ''))} 次{wording}"


def deadline_rule(e: Entity) -> str:
    days = e.meta.get("report_deadline_days")
    if not isinstance(days, int):
        return ""
    rule = f"（原文：{esc(e.meta['report_rule'])}）" if e.meta.get("report_rule") else ""
    return f"要求：活动结束后 {days} 天内报送活动报告{rule}。"


def report_state(delay: cp.Delay | None, activity: Entity) -> str:
    if not activity.meta.get("report_date"):
        return "未记录报送日期"
    if delay is None:
        return f"{date(activity.meta['report_date'], esc)}报送"
    if delay.overdue > 0:
        return f"{date(delay.reported, esc)}报送，逾期 {delay.overdue} 天"
    return f"{date(delay.reported, esc)}报送，活动结束后 {delay.taken} 天，按期"


def stage_period(stage: dict, campaign: Entity) -> str:
    """“2018年10月”, or “7月底前（2012年7月）” when the wording does not say the date (and not
    “从2012年4月开始（2012年4月）” when it does). A period
    the document words relative to its own year (今年7月底前) gets that year, which a reader
    years later would otherwise take for the current one."""
    period = esc(stage.get("period", ""))
    when = date(stage["date"], esc) if stage.get("date") else ""
    if not when and _RELATIVE_YEAR.search(period) and campaign.meta.get("start"):
        when = f"{str(campaign.meta['start'])[:4]}年"
    return period + (f"（{when}）" if when and when not in period else "")


_RELATIVE_YEAR = re.compile("今年|本年|当年|明年|年内|年底前")


def activities_to_come(w: PageWriter, src: str) -> str:
    """The 活动记录 page before its first record: what will be listed, and from whose reports."""
    out = ("<p>活动记录收录各单位为落实主题活动而开展的学习研讨、事迹报告会、参观学习等活动，每条写明日期、举办单位、"
           "参加人数和活动报告的报送情况，依据举办单位报送的活动报告整理。本档案尚未收录活动记录，收录后将在此列出。</p>")
    told = [e for e in w.of_kind("campaign") if cp.explains_empty(e)]
    if told:
        out += "\n<p>各主题活动的活动报告报送单位和期限：</p>\n" + items("ul", (
            f"{w.a(e.id, src)}：报送{report_to(w, e, src)}" + (f"，活动结束后 {e.meta['report_deadline_days']} 天内"
                                                       if isinstance(e.meta.get("report_deadline_days"), int) else "")
            for e in told))
    return out


def nominations_section(w: PageWriter, e: Entity) -> str:
    src, listed = e.src_uri, []
    for n in e.meta.get("nominations") or []:
        if not isinstance(n, dict):   # a wrong type is reported (E103); show the rest
            continue
        parts = [f"{w.a(str(n['body']), src)}推荐" if n.get("body") else ""]
        if n.get("category"):
            parts.append(f"类别：{esc(n['category'])}")
        if n.get("date"):
            parts.append(date(n["date"], esc))
        parts.append(f"状态：{esc(n.get('status', ''))}")
        materials = []
        for mat in n.get("materials") or []:
            if not isinstance(mat, dict):
                continue
            target = mat.get("url") or (href(f"media/{mat['file']}", src) if mat.get("file") else "")
            materials.append(link(target, esc(mat.get("title", ""))) if target else esc(mat.get("title", "")))
        if materials:
            parts.append("材料：" + "、".join(materials))
        if n.get("note"):
            parts.append(esc(n["note"]))
        listed.append(f"{w.a(str(n.get('campaign', '')), src)}：" + "，".join(p for p in parts if p))
    return "## 推荐记录\n\n" + island(items("ul", listed)) if listed else ""
