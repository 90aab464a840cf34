"""Campaigns (主题活动), the nominations recorded in people's profiles, and the activities
held under a campaign: the rules the campaign documents set, checked over the whole
archive, and the numbers the campaign pages, the dashboard and the exports show.

The rules (codes E601–E607): one body nominates at most the campaign's quota; a
nomination's category is one the campaign lists; one person is nominated once per
campaign; an activity's report is due within the campaign's deadline (advice only).
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from ..runtime.cache import CACHE
from .frontmatter import dotted
from .model import Archive, Entity
from .problems import Problem, problem
from .schema import within_bounds

NOMINEE_KINDS = ("person", "group")
STATUSES = ("已推荐", "审核中", "已入选", "未入选")
ID_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Nomination:
    nominee: Entity
    index: int          # position in the profile's nominations list
    meta: dict

    @property
    def campaign(self) -> str:
        return str(self.meta.get("campaign") or "")

    @property
    def body(self) -> str:
        return str(self.meta.get("body") or "")

    @property
    def status(self) -> str:
        return str(self.meta.get("status") or "")

    def path(self, key: str | None = None) -> tuple:
        return ("nominations", self.index) + ((key,) if key else ())

    def line(self, key: str | None = None) -> int:
        lines = self.nominee.lines
        return lines.get(self.path(key)) or lines.get(self.path()) or 1

    def where(self, key: str) -> str:
        """file:line field, as problem messages name the other files involved."""
        return f"{self.nominee.path}:{self.line(key)} {dotted(self.path(key))}"


def needs_reading(kind: str, raw: bytes) -> bool:
    """Whether a profile not named in `make check FILES=…` must still be read for the
    whole-archive rules: every campaign, and every profile that records nominations."""
    return kind == "campaign" or (kind in NOMINEE_KINDS and b"nominations:" in raw)


def nominations(entities: Iterable[Entity]) -> list[Nomination]:
    out = []
    for e in entities:
        if e.kind in NOMINEE_KINDS:
            out += [Nomination(e, i, n) for i, n in enumerate(e.meta.get("nominations") or []) if isinstance(n, dict)]
    return sorted(out, key=lambda n: (n.nominee.path, n.index))


def _label(entities: dict[str, Entity], entity_id: str) -> str:
    e = entities.get(entity_id)
    return f"{e.title}（{entity_id}）" if e else entity_id


def _name(entities: dict[str, Entity], entity_id: str) -> str:
    e = entities.get(entity_id)
    return e.title if e else entity_id


def _at(e: Entity, key: str) -> str:
    return f"{e.path}:{e.lines.get((key,), 1)} {key}"


def _date(value) -> dt.date | None:
    text = str(value or "")
    try:
        return dt.date.fromisoformat(text) if FULL_DATE.match(text) else None
    except ValueError:   # a day that does not exist: reported as E111
        return None


def _before(later, earlier) -> bool:
    """later < earlier, for dates of any precision (2018-11 is not before 2018-11-20)."""
    if not later or not earlier:
        return False
    later, earlier = str(later), str(earlier)
    n = min(len(later), len(earlier))
    return later[:n] < earlier[:n]


# -- the rules ---------------------------------------------------------------------------

def check(archive: Archive, entities: dict[str, Entity], suggest: Callable[[str, list[str]], str]) -> list[Problem]:
    """Problems of nominations and activities. `entities` holds every profile these rules
    need (with `make check FILES=…` also the campaigns and nominations of files not named)."""
    out: list[Problem] = []
    noms = nominations(entities.values())
    campaigns = {i: e for i, e in entities.items() if e.kind == "campaign"}

    for n in noms:
        for j, material in enumerate(n.meta.get("materials") or []):
            if not isinstance(material, dict):
                continue
            path = n.path("materials") + (j,)
            line = n.nominee.lines.get(path, n.line("materials"))
            if not (material.get("file") or material.get("url")):
                out.append(problem(n.nominee.path, line, "E604", dotted(path)))
            elif material.get("file") and str(material["file"]) not in archive.media:
                file_path = path + ("file",)
                out.append(problem(n.nominee.path, n.nominee.lines.get(file_path, line), "E605",
                                   dotted(file_path), value=material["file"]))

    # The same person twice in one campaign (both entries are in the person's own file).
    by_person: dict[tuple[str, str], list[Nomination]] = defaultdict(list)
    for n in noms:
        by_person[(n.nominee.id, n.campaign)].append(n)
    for (_, campaign_id), group in by_person.items():
        if len(group) > 1:
            places = "、".join(f"{x.where('campaign')}（{_name(entities, x.body)}推荐）" for x in group)
            for n in group[1:]:
                out.append(problem(n.nominee.path, n.line("campaign"), "E603", dotted(n.path("campaign")),
                                   campaign=_title(campaigns, campaign_id), count=len(group), places=places))

    for n in noms:
        campaign = campaigns.get(n.campaign)
        allowed = [str(c) for c in (campaign.meta.get("categories") or [])] if campaign else []
        category = str(n.meta.get("category") or "")
        if allowed and category and category not in allowed:
            close = difflib.get_close_matches(category, allowed, n=1, cutoff=0.3)
            out.append(problem(n.nominee.path, n.line("category"), "E602", dotted(n.path("category")),
                               value=category, campaign=campaign.title, campaign_at=_at(campaign, "categories"),
                               allowed="；".join(f"“{c}”" for c in allowed),
                               suggestion=f"（最接近的是“{close[0]}”）" if close else ""))

    # Quota: more nominations by one body in one campaign than the campaign allows. Every
    # file involved gets the problem, so that `make check FILES=` on any of them shows it.
    by_body: dict[tuple[str, str], list[Nomination]] = defaultdict(list)
    for n in noms:
        if n.body:
            by_body[(n.campaign, n.body)].append(n)
    for (campaign_id, body), group in sorted(by_body.items()):
        campaign = campaigns.get(campaign_id)
        quota = campaign.meta.get("quota") if campaign else None
        if (not isinstance(quota, int) or not within_bounds(archive.schema.kinds["campaign"]["fields"]["quota"], quota)
                or len(group) <= quota):      # a quota below 1 is the campaign's error (E118), not the nominations'
            continue
        places = "、".join(f"{x.where('body')}（{x.nominee.title}）" for x in group)
        for n in group:
            out.append(problem(n.nominee.path, n.line("body"), "E601", dotted(n.path("body")),
                               body=_label(entities, body), campaign=campaign.title, count=len(group), quota=quota,
                               campaign_at=_at(campaign, "quota"), places=places))

    known = {**archive.unread, **{i: e.kind for i, e in entities.items()}}
    for e in entities.values():
        if e.kind == "activity":
            out += _check_activity(archive, e, campaigns, known, suggest)
    return out


def _title(campaigns: dict[str, Entity], campaign_id: str) -> str:
    c = campaigns.get(campaign_id)
    return c.title if c else campaign_id


def _check_activity(archive, e: Entity, campaigns, known: dict[str, str], suggest) -> list[Problem]:
    out, m = [], e.meta
    line = lambda key: e.lines.get((key,), 1)  # noqa: E731
    place = str(m.get("place") or "")
    if ID_LIKE.match(place):  # written as an id: it must name an education site
        if place not in known:
            out.append(problem(e.path, line("place"), "E201", "place", value=place,
                               suggestion=suggest(place, sorted(i for i, k in known.items() if k == "place"))))
        elif known[place] != "place":
            out.append(problem(e.path, line("place"), "E202", "place", value=place,
                               actual=archive.schema.label(known[place]), expected=archive.schema.label("place")))
        elif e.id not in archive.referenced_by.setdefault(place, []) and e.id in archive.entities:
            archive.referenced_by[place].append(e.id)
    if _before(m.get("end"), m.get("date")):
        out.append(problem(e.path, line("end"), "E606", "end", later_label="结束日期", later=m["end"],
                           earlier_label="活动日期", earlier=m["date"]))
    elif _before(m.get("report_date"), m.get("end") or m.get("date")):
        out.append(problem(e.path, line("report_date"), "E606", "report_date", later_label="报告报送日期",
                           later=m["report_date"], earlier_label="活动结束日期", earlier=m.get("end") or m.get("date")))
    campaign = campaigns.get(str(m.get("campaign") or ""))
    late = report_delay(e, campaign)
    if late is not None and late.overdue > 0:
        out.append(problem(e.path, line("report_date"), "E607", "report_date", late=late.overdue,
                           ended=str(late.ended), reported=str(late.reported), campaign=campaign.title,
                           days=late.allowed, campaign_at=_at(campaign, "report_deadline_days")))
    return out


@dataclass(frozen=True)
class Delay:
    ended: dt.date
    reported: dt.date
    allowed: int

    @property
    def taken(self) -> int:
        return (self.reported - self.ended).days

    @property
    def overdue(self) -> int:
        return self.taken - self.allowed


def report_delay(activity: Entity, campaign: Entity | None) -> Delay | None:
    """How long the report took against the campaign's deadline; None when the deadline,
    the (full) event date or the report date is not known."""
    if campaign is None or not isinstance(campaign.meta.get("report_deadline_days"), int):
        return None
    m = activity.meta
    ended, reported = _date(m.get("end") or m.get("date")), _date(m.get("report_date"))
    if ended is None or reported is None:
        return None
    return Delay(ended, reported, campaign.meta["report_deadline_days"])


# -- numbers for the pages ---------------------------------------------------------------

def of_campaign(archive: Archive, campaign_id: str) -> list[Nomination]:
    # grouped once per archive: each campaign's and activity's page asks (a walk over every
    # profile each took 0.01 s of a rebuild at 10,000 profiles)
    known = _GROUPED.data
    if known.get("archive") is not archive:
        grouped = defaultdict(list)
        for n in nominations(archive.entities.values()):
            grouped[n.campaign].append(n)
        known.update(archive=archive, grouped=grouped)
    return list(known["grouped"].get(campaign_id, ()))


_GROUPED = CACHE.store("nominations by campaign")     # of the last archive asked


def explains_empty(campaign: Entity) -> bool:
    """While the archive holds none of a campaign's records: tell readers what will appear
    (说明, the default), or leave it unmentioned (不显示). The campaign profile decides."""
    return campaign.meta.get("empty_records", "说明") != "不显示"


ACTIVITIES_INDEX = "activities/index.md"


def activities_listed(archive: Archive) -> bool:
    """Whether 活动记录 belongs in the navigation: it has records, or a campaign explains them."""
    return bool(archive.of_kind("activity")) or any(explains_empty(c) for c in archive.of_kind("campaign"))


def activities_of(archive: Archive, campaign_id: str) -> list[Entity]:
    found = [e for e in archive.of_kind("activity") if e.meta.get("campaign") == campaign_id]
    return sorted(found, key=lambda e: (str(e.meta.get("date") or ""), e.id))


@dataclass(frozen=True)
class Requirement:
    type: str
    minimum: int
    done: int
    wording: str

    @property
    def met(self) -> bool:
        return self.done >= self.minimum


def dashboard(archive: Archive, campaign: Entity) -> list[tuple[str, list[Requirement]]]:
    """Per body, the campaign's minimum numbers of activities and how many it held.

    The bodies are those the campaign lists (bodies), those a requirement names, and those
    that held an activity or nominated someone in it. A requirement naming a body applies to
    that body alone; one naming none applies to every other body (the CMA office's party
    committee owes two 报告会, the 研讨 are asked of the 专科分会, 部门 and 支部)."""
    held = activities_of(archive, campaign.id)
    requirements, named = _requirements(campaign)
    ids = [str(b) for b in campaign.meta.get("bodies") or []] + sorted(named)
    ids += [str(a.meta["organizer"]) for a in held if a.meta.get("organizer")]
    ids += [n.body for n in of_campaign(archive, campaign.id) if n.body]
    bodies = sorted({i for i in ids if archive.get(i)}, key=lambda i: (archive.get(i).pinyin, i))
    out = []
    for body in bodies:
        mine = [a for a in held if a.meta.get("organizer") == body]
        rows = []
        for r in requirements:
            if r.get("body") == body or (not r.get("body") and body not in named):
                done = sum(1 for a in mine if a.meta.get("type") == r.get("type"))
                rows.append(Requirement(str(r["type"]), r["minimum"], done, str(r.get("wording") or "")))
        out.append((body, rows))
    return out


def unassigned(campaign: Entity, standing: list[tuple[str, list[Requirement]]]) -> list[dict]:
    """The requirements that no body on the dashboard owes: those naming no body while every
    body known so far has its own (the 研讨 asked of the 专科分会 before any of them is in the
    archive). The dashboard lists them apart, so that no requirement goes unmentioned."""
    requirements, named = _requirements(campaign)
    others = any(body not in named for body, _ in standing)
    return [r for r in requirements if not r.get("body") and not others]


def _requirements(campaign: Entity) -> tuple[list[dict], set[str]]:
    """The campaign's well-formed requirements, and the bodies they name."""
    requirements = [r for r in campaign.meta.get("requirements") or []
                    if isinstance(r, dict) and isinstance(r.get("minimum"), int)]
    return requirements, {str(r["body"]) for r in requirements if r.get("body")}


# -- the 推荐人员名单 export -------------------------------------------------------------

EXPORT_CSV = "data/nominations.csv"
EXPORT_XLSX = "data/nominations.xlsx"
HEADERS = ["活动", "推荐单位", "姓名", "推荐类别", "推荐日期", "状态", "档案网址", "档案编号", "推荐材料"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_rows(archive: Archive, site_url: str = "") -> list[list[str]]:
    base = site_url.rstrip("/") + "/" if site_url else ""

    def name(entity_id: str) -> str:
        e = archive.get(entity_id)
        return e.title if e else entity_id

    def material(m: dict) -> str:
        where = m.get("url") or (f"{base}media/{m['file']}" if m.get("file") else "")
        return f"{m.get('title', '')}（{where}）" if where else str(m.get("title", ""))

    rows = []
    for n in nominations(archive.entities.values()):
        campaign = archive.get(n.campaign)
        body = archive.get(n.body)
        rows.append((
            (campaign.pinyin if campaign else n.campaign, body.pinyin if body else n.body, n.nominee.pinyin,
             str(n.meta.get("date") or ""), n.nominee.id),
            [name(n.campaign), name(n.body), n.nominee.title, str(n.meta.get("category") or ""),
             str(n.meta.get("date") or ""), n.status, base + n.nominee.url, n.nominee.id,
             "；".join(material(m) for m in n.meta.get("materials") or [] if isinstance(m, dict))]))
    return [row for _, row in sorted(rows)]


def _cell(value: str) -> str:
    """Spreadsheet programs run a cell that starts with = + - @ as a formula: keep it text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def nominations_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")   # with BOM: Excel then reads it as UTF-8


def _build_time() -> dt.datetime:
    """The document's creation time: the last commit's (SOURCE_DATE_EPOCH), never the clock,
    so that two builds of one commit give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else 0
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def nominations_xlsx(rows: list[list[str]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": "推荐人员名单", "author": "楷模档案", "created": _build_time()})
    sheet = book.add_worksheet("推荐人员名单")
    bold = book.add_format({"bold": True})
    for col, header in enumerate(HEADERS):
        sheet.write_string(0, col, header, bold)
        sheet.set_column(col, col, 40 if header in ("活动", "推荐类别", "档案网址", "推荐材料") else 14)
    for r, row in enumerate(rows, 1):
        for col, value in enumerate(row):
            if value:
                sheet.write_string(r, col, value)   # text only: never read as a formula or number
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def exports(archive: Archive, site_url: str = "") -> list[tuple[str, bytes]]:
    """The files of the 推荐人员名单, as (site path, content); none while there is no nomination
    (a file of headers only is not a list)."""
    rows = export_rows(archive, site_url)
    if not rows:
        return []
    return [(EXPORT_CSV, nominations_csv(rows)), (EXPORT_XLSX, nominations_xlsx(rows))]
