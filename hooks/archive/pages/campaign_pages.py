"""Pages of campaigns and activities: a campaign's page with its nomination progress, its
dashboard (达标情况: each body's activities against the required minimums, late reports),
an activity's page, and the 推荐记录 section of a nominee's page. Numbers come from
campaigns.py; the structure is written as HTML islands (markup.py), headings stay Markdown."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from .. import campaigns as cp
from ..markup import admonition, esc, href, island, items, link, table
from ..model import Entity
from .text import date
from .writer import PageWriter
from ..search_terms import search_keys

# What a reader is told while the archive holds none of a campaign's records (empty_records: 说明):
# what will appear, and who supplies it. With 不显示 the campaign page does not mention them.
NO_NOMINATIONS = ("本档案尚未收录本活动的推荐记录。推荐人员名单由{bodies}报送{to}；收录后，这里按推荐单位列出"
                  "推荐人数{quota}和审核进度，并提供名单下载（CSV、Excel）。本档案只记录有据可查的推荐，不作推测。")
NO_ACTIVITIES = ("本档案尚未收录本活动的活动记录（这不表示各单位没有开展活动）。"
                 "活动记录依据举办单位报送{to}的活动报告整理；收录后，{what}")
# How to fill them in: for the editors (`mkdocs serve`), not on the published site.
NOMINATIONS_HINT = "取得推荐名单后，在被推荐人的档案中填写 nominations（见贡献指南），这里会自动显示各单位的推荐人数和进度。"
ACTIVITIES_HINT = "取得活动报告后，按贡献指南新建活动记录（make new KIND=activity），这里会自动统计。"


def has_dashboard(w: PageWriter, campaign: Entity) -> bool:
    """A 达标情况 page counts activities against the document's minimums: a campaign whose
    document sets none and that has no activity recorded has nothing to show there."""
    return bool(campaign.meta.get("requirements") or cp.activities_of(w.archive, campaign.id))


def dashboard_src(campaign: Entity) -> str:
    return f"{campaign.folder}/{campaign.id}/dashboard.md"


def _when(m: dict, start: str, end: str) -> str:
    a, b = m.get(start), m.get(end)
    if a and b:
        return f"{date(a, esc)} — {date(b, esc)}"
    return f"{date(a, esc)}起" if a else (f"至{date(b, esc)}" if b else "")


def _report_to(w: PageWriter, e: Entity, src: str) -> str:
    """Who receives a campaign's reports and nominations: its report_to, else its organizer."""
    to = e.meta.get("report_to") or e.meta.get("organizer")
    return w.a(to, src) if to else "主办单位"


def _requirement(w: PageWriter, r: dict, src: str, default: str) -> str:
    who = w.a(r["body"], src) if r.get("body") else esc(r.get("applies_to") or default)
    wording = f"（原文：{esc(r['wording'])}）" if r.get("wording") else ""
    return f"{who}：{esc(r.get('type', ''))}不少于 {esc(r.get('minimum', ''))} 次{wording}"


def _deadline(e: Entity) -> str:
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


# -- a campaign ---------------------------------------------------------------------------

def campaign_page(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    quota = f"{m['quota']} 名" if isinstance(m.get("quota"), int) else ""
    if m.get("quota_note"):
        quota += f"（原文：{esc(m['quota_note'])}）"
    deadline = f"活动结束后 {m['report_deadline_days']} 天内" if isinstance(m.get("report_deadline_days"), int) else ""
    if m.get("report_rule"):
        deadline += ("；" if deadline else "") + f"原文：{esc(m['report_rule'])}"
    rows = [("发起文件", w.a(m["policy"], src) if m.get("policy") else ""),
            ("主办单位", w.a(m["organizer"], src) if m.get("organizer") else ""),
            ("参加对象", esc(m["participants"]) if m.get("participants") else ""),
            ("时间", _when(m, "start", "end")),
            ("推荐单位", esc(m["nominating_bodies"]) if m.get("nominating_bodies") else ""),
            ("每单位名额", quota),
            ("报送单位", w.a(m["report_to"], src) if m.get("report_to") else ""),
            ("报送要求", deadline)]
    sections = ""
    if m.get("stages"):
        sections += "## 时间安排\n\n" + island(table(["阶段", "时间", "内容"], [
            [esc(s.get("name", "")), stage_period(s, e), esc(s.get("description", ""))] for s in m["stages"] if isinstance(s, dict)]))
    if m.get("categories"):
        sections += "## 推荐类别\n\n" + island(items("ol", map(esc, m["categories"])))
    sections += _requirements_section(w, e) + _progress_section(w, e)
    return w._profile(e, rows, sections)


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


def _requirements_section(w: PageWriter, e: Entity) -> str:
    src, reqs = e.src_uri, [r for r in e.meta.get("requirements") or [] if isinstance(r, dict)]
    held = cp.activities_of(w.archive, e.id)
    if not reqs and not held:
        return ""
    listed = [_requirement(w, r, src, "每个参加单位") for r in reqs]
    dashboard = link(href(dashboard_src(e), src), "达标情况")
    if held:
        late = sum(1 for a in held if (d := cp.report_delay(a, e)) is not None and d.overdue > 0)
        summary = (f"<p>本档案收录本活动的活动记录 {len(held)} 条" + (f"，其中报告逾期 {late} 条" if late else "")
                   + f"。各单位的达标情况与逾期报告见{dashboard}。</p>")
    elif cp.explains_empty(e):
        what = f"各单位开展活动的次数是否达到上述要求、报告是否按期报送，见{dashboard}。"
        summary = f"<p>{NO_ACTIVITIES.format(to=_report_to(w, e, src), what=what)}{ACTIVITIES_HINT if w.serving else ''}</p>"
    else:
        summary = ""
    return "## 活动要求\n\n" + island(items("ul", listed)) + (island(summary) if summary else "")


def _progress_section(w: PageWriter, e: Entity) -> str:
    m, src = e.meta, e.src_uri
    noms = cp.of_campaign(w.archive, e.id)
    if not noms and not (cp.explains_empty(e) and (m.get("categories") or m.get("quota") or m.get("nominating_bodies"))):
        return ""
    out = "## 推荐进度\n\n"
    if not noms:
        quota = f"（每单位不超过 {m['quota']} 名）" if isinstance(m.get("quota"), int) else ""
        told = NO_NOMINATIONS.format(bodies=esc(m.get("nominating_bodies") or "各推荐单位"),
                                     to=_report_to(w, e, src), quota=quota)
        return out + island(f"<p>{told}{NOMINATIONS_HINT if w.serving else ''}</p>")
    # The files exist: at least this nomination is in them.
    downloads = island(f"<p>推荐人员名单（全部主题活动）：{link(href(cp.EXPORT_CSV, src), 'CSV 文件')}"
                       f" · {link(href(cp.EXPORT_XLSX, src), 'Excel 文件')}</p>")
    statuses = Counter(n.status for n in noms)
    out += island(f"<p>共推荐 {len(noms)} 人：" + "，".join(f"{esc(s)} {statuses.get(s, 0)}" for s in cp.STATUSES) + "。</p>")
    by_body: dict[str, list[cp.Nomination]] = defaultdict(list)
    for n in noms:
        by_body[n.body].append(n)
    quota = m.get("quota") if isinstance(m.get("quota"), int) else None
    rows = []
    for body in sorted(by_body, key=lambda b: (w.archive.get(b).pinyin if w.archive.get(b) else b, b)):
        group = sorted(by_body[body], key=lambda n: (n.nominee.pinyin, n.nominee.id))
        counts = Counter(n.status for n in group)
        used = f"{len(group)}/{quota}" if quota is not None else str(len(group))
        people = "、".join(f"{w.a(n.nominee.id, src)}（{esc(n.status)}）" for n in group)
        rows.append([w.a(body, src), used] + [str(counts.get(s, 0)) for s in cp.STATUSES] + [people])
    header = ["推荐单位", "已推荐/名额" if quota is not None else "推荐人数", *cp.STATUSES, "推荐人员"]
    return out + island(table(header, rows)) + downloads


# -- its dashboard ------------------------------------------------------------------------

def dashboard_page(w: PageWriter, e: Entity) -> tuple[str, str]:
    src = dashboard_src(e)
    held = cp.activities_of(w.archive, e.id)
    out = w.front(f"达标情况：{e.title}")
    if not held:
        return src, out + _dashboard_to_come(w, e, src)
    out += island(f"<p>主题活动：{w.a(e.id, src)}。本页按本档案收录的活动记录（{len(held)} 条）统计各单位开展活动的次数，"
                  "对照发起文件规定的最少次数；未收录的活动不计入。</p>")
    out += "## 各单位达标情况\n\n"
    standing = cp.dashboard(w.archive, e)
    if not e.meta.get("requirements"):
        out += island("<p>发起文件没有规定各单位的最少活动次数。</p>")
    elif not standing:
        out += island("<p>尚无参加单位的记录。</p>")
    else:
        rows = []
        for body, reqs in standing:
            for r in reqs:
                state = "已达标" if r.met else "未达标"
                mark = "ea-met" if r.met else "ea-unmet"
                rows.append([w.a(body, src), esc(r.type), str(r.done), str(r.minimum),
                             f'<span class="{mark}">{state}</span>'])
        out += island(table(["单位", "活动类型", "已开展", "最少", "结果"], rows))
    if general := cp.unassigned(e, standing):
        out += island("<p>以下要求适用的单位在本档案中还没有活动记录或推荐，暂不能逐个统计（收录后列入上表）：</p>\n"
                      + items("ul", (_requirement(w, r, src, "其余参加单位") for r in general)))
    out += "## 报告逾期\n\n"
    if not (deadline := _deadline(e)):
        out += island("<p>发起文件没有规定活动报告的报送期限（天数）。</p>")
    else:
        out += island(f"<p>{deadline}</p>")
        late = [(a, d) for a in held if (d := cp.report_delay(a, e)) is not None and d.overdue > 0]
        out += island(items("ul", (f"{w.a(a.id, src)}（{w.a(a.meta['organizer'], src)}）：活动于{date(d.ended, esc)}结束，"
                                   f'{date(d.reported, esc)}报送，<span class="ea-late">逾期 {d.overdue} 天</span>'
                                   for a, d in late))
                      or "<p>已收录的活动记录中没有逾期的报告。</p>")
    if held:
        out += "## 活动记录\n\n" + island(table(["日期", "活动", "类型", "举办单位", "报告"], [
            [date(a.meta["date"], esc), w.a(a.id, src), esc(a.meta.get("type", "")),
             w.a(a.meta["organizer"], src) if a.meta.get("organizer") else "",
             report_state(cp.report_delay(a, e), a)] for a in held]))
    return src, out


def _dashboard_to_come(w: PageWriter, e: Entity, src: str) -> str:
    """The dashboard before the archive holds any of the campaign's activities: no table of
    zeros, but what the page will show, who supplies the reports, and what the document asks."""
    what = ("本页将逐个单位统计开展活动的次数，对照发起文件规定的最少次数标出是否达标，并列出逾期报送的活动报告。")
    out = island(f"<p>主题活动：{w.a(e.id, src)}。</p>\n<p>{NO_ACTIVITIES.format(to=_report_to(w, e, src), what=what)}"
                 f"{ACTIVITIES_HINT if w.serving else ''}</p>")
    reqs = [_requirement(w, r, src, "每个参加单位") for r in e.meta.get("requirements") or [] if isinstance(r, dict)]
    asked = reqs + ([_deadline(e)] if _deadline(e) else [])
    if asked:
        out += "## 发起文件的要求\n\n" + island(items("ul", asked))
    return out


def activities_to_come(w: PageWriter, src: str) -> str:
    """The 活动记录 page before its first record: what will be listed, and from whose reports."""
    out = ("<p>活动记录收录各单位为落实主题活动而开展的学习研讨、事迹报告会、参观学习等活动，每条写明日期、举办单位、"
           "参加人数和活动报告的报送情况，依据举办单位报送的活动报告整理。本档案尚未收录活动记录，收录后将在此列出。</p>")
    told = [e for e in w.archive.of_kind("campaign") if cp.explains_empty(e)]
    if told:
        out += "\n<p>各主题活动的活动报告报送单位和期限：</p>\n" + items("ul", (
            f"{w.a(e.id, src)}：报送{_report_to(w, e, src)}" + (f"，活动结束后 {e.meta['report_deadline_days']} 天内"
                                                       if isinstance(e.meta.get("report_deadline_days"), int) else "")
            for e in told))
    return out


# -- an activity --------------------------------------------------------------------------

def activity_page(w: PageWriter, e: Entity) -> str:
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
            ("日期", _when(m, "date", "end") if m.get("end") else (date(m["date"], esc) if m.get("date") else "")),
            ("地点", w.ref_or_esc(str(place), src) if place else ""),
            ("参加人数", f"{esc(m['participants'])} 人" if m.get("participants") is not None else ""),
            ("报告", report_state(delay, e) if m.get("report_date") else "")]
    body = w.body(e)
    return (w.front(e.title, search_keys(e, w.names.names)) + w.review_notice(e) + notice + w.infobox(rows) + w.lead(e)
            + (body + "\n\n" if body else "") + w.images(e) + w.sources(e) + w.backlinks(e))


# -- a nominee's 推荐记录 -------------------------------------------------------------------

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
