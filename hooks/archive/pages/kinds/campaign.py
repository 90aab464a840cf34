"""A campaign's page: its document, organiser, dates, stages and categories, the activities it
requires (with a link to its 达标情况 page, dashboard.py) and its nomination progress by body."""
from __future__ import annotations

from collections import Counter, defaultdict

from ...domain import campaigns as cp
from ...domain.model import Entity
from ...text.markup import esc, href, island, items, link, table
from ..campaign_blocks import (ACTIVITIES_HINT, NO_ACTIVITIES, NO_NOMINATIONS, NOMINATIONS_HINT, report_to,
                               requirement, stage_period, when_of)
from ..text import dashboard_src
from ..writer import PageWriter


def page(w: PageWriter, e: Entity) -> str:
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
            ("时间", when_of(m, "start", "end")),
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
    return w.profile(e, rows, sections)


def _requirements_section(w: PageWriter, e: Entity) -> str:
    src, reqs = e.src_uri, [r for r in e.meta.get("requirements") or [] if isinstance(r, dict)]
    held = cp.activities_of(w.archive, e.id)
    if not reqs and not held:
        return ""
    listed = [requirement(w, r, src, "每个参加单位") for r in reqs]
    dashboard = link(href(dashboard_src(e), src), "达标情况")
    if held:
        late = sum(1 for a in held if (d := cp.report_delay(a, e)) is not None and d.overdue > 0)
        summary = (f"<p>本档案收录本活动的活动记录 {len(held)} 条" + (f"，其中报告逾期 {late} 条" if late else "")
                   + f"。各单位的达标情况与逾期报告见{dashboard}。</p>")
    elif cp.explains_empty(e):
        what = f"各单位开展活动的次数是否达到上述要求、报告是否按期报送，见{dashboard}。"
        summary = f"<p>{NO_ACTIVITIES.format(to=report_to(w, e, src), what=what)}{ACTIVITIES_HINT if w.serving else ''}</p>"
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
                                     to=report_to(w, e, src), quota=quota)
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
