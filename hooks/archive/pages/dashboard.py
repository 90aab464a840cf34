"""A campaign's 达标情况 page (dashboard): each body's activities against the minimums its
document requires, and the reports that came late."""
from __future__ import annotations

from ..domain import campaigns as cp
from ..domain.model import Entity
from ..text.markup import esc, island, items, table
from .campaign_blocks import ACTIVITIES_HINT, NO_ACTIVITIES, deadline_rule, report_state, report_to, requirement
from .text import dashboard_src, date
from .writer import PageWriter


def has_dashboard(w: PageWriter, campaign: Entity) -> bool:
    """A 达标情况 page counts activities against the document's minimums: a campaign whose
    document sets none and that has no activity recorded has nothing to show there."""
    return bool(campaign.meta.get("requirements") or cp.activities_of(w.archive, campaign.id))


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
                      + items("ul", (requirement(w, r, src, "其余参加单位") for r in general)))
    out += "## 报告逾期\n\n"
    if not (deadline := deadline_rule(e)):
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
    out = island(f"<p>主题活动：{w.a(e.id, src)}。</p>\n<p>{NO_ACTIVITIES.format(to=report_to(w, e, src), what=what)}"
                 f"{ACTIVITIES_HINT if w.serving else ''}</p>")
    reqs = [requirement(w, r, src, "每个参加单位") for r in e.meta.get("requirements") or [] if isinstance(r, dict)]
    asked = reqs + ([deadline_rule(e)] if deadline_rule(e) else [])
    if asked:
        out += "## 发起文件的要求\n\n" + island(items("ul", asked))
    return out
