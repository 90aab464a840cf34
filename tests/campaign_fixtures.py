"""Synthetic campaigns, nominations and activities (clearly fake names: 测试…), written
into a scratch archive or a copy of the repository. Never into profiles/ of the real one."""
from __future__ import annotations

from pathlib import Path

from conftest import write

CAMPAIGN = "profiles/campaigns/ce-shi-huodong.md"
CAMPAIGN_TEXT = """\
---
name: 测试推荐活动
policy: ce-shi-wenjian
organizer: ce-shi-xuehui
start: "2018-10"
nominating_bodies: 测试学会各分会
categories:
  - 曾任或现任测试学会会长、副会长
  - 对测试事业做出重大贡献的工作者
quota: 3
quota_note: 每个机构推荐原则上不超过3名
stages:
  - name: 测试动员
    period: 2018年10月
    date: "2018-10"
  - name: 测试践行
    period: 贯穿全年
requirements:
  - type: 学习研讨
    minimum: 1
    applies_to: 各分会
  - type: 事迹报告会
    minimum: 2
    body: ce-shi-dangwei
report_deadline_days: 7
report_rule: 活动结束后1周内报送
abstract: 测试用主题活动。
review: {status: 待审核}
---
测试用主题活动的说明。
"""

POLICY_TEXT = """\
---
title: 测试学会关于开展测试推荐活动的通知
issuers: [ce-shi-xuehui]
date: "2018"
source: {note: 测试用文本}
abstract: 测试用政策文件。
review: {status: 待审核}
---
测试正文。
"""


def organization(name: str) -> str:
    return f"---\nname: {name}\nabstract: 测试用机构。\nreview: {{status: 待审核}}\n---\n测试用机构。\n"


def person(name: str, nominations: str = "") -> str:
    """A person profile; `nominations` is the YAML block's items, indented by two spaces."""
    block = f"nominations:\n{nominations}" if nominations else ""
    return f"""\
---
name: {name}
birth: "1930"
{block}abstract: 测试用人物。
sources:
  - title: 测试来源
    url: https://example.org/
review:
  status: 待审核
---
{name}的生平。
"""


def nomination(body: str = "ce-shi-fenhui-a", category: str = "曾任或现任测试学会会长、副会长",
               date: str = "2018-11-20", status: str = "已推荐", campaign: str = "ce-shi-huodong",
               extra: str = "") -> str:
    return (f"  - campaign: {campaign}\n    body: {body}\n    category: {category}\n"
            f"    date: \"{date}\"\n    status: {status}\n{extra}")


def activity(title: str, type_: str, organizer: str, date: str, report: str | None = None,
             campaign: str = "ce-shi-huodong", place: str | None = None) -> str:
    lines = [f"title: {title}", f"type: {type_}", f"campaign: {campaign}", f"organizer: {organizer}",
             f'date: "{date}"', "participants: 30"]
    if report:
        lines.append(f'report_date: "{report}"')
    if place:
        lines.append(f"place: {place}")
    return "---\n" + "\n".join(lines) + "\nabstract: 测试用活动。\nreview: {status: 待审核}\n---\n测试用活动的经过。\n"


def add_campaign(root: Path) -> None:
    """The campaign, its policy and the bodies (organisations) it involves."""
    write(root, CAMPAIGN, CAMPAIGN_TEXT)
    write(root, "profiles/policies/ce-shi-wenjian.md", POLICY_TEXT)
    for oid, name in [("ce-shi-xuehui", "测试学会"), ("ce-shi-fenhui-a", "测试甲分会"),
                      ("ce-shi-fenhui-b", "测试乙分会"), ("ce-shi-dangwei", "测试办事机构党委")]:
        write(root, f"profiles/organizations/{oid}.md", organization(name))


def add_progress(root: Path) -> None:
    """Nominations within the rules, and activities: one late report, minimums met or not.

    测试甲分会 nominated 2 (of 3): 测试甲 已推荐, 测试乙 已入选 (with materials, one titled like
    a spreadsheet formula); 测试乙分会 nominated 测试丙 审核中. 测试甲分会 held a 研讨 (reported
    in 6 days); 测试乙分会 a 征文 but no 研讨; the 党委 one 报告会 of 2, reported 10 days after it
    (3 days late)."""
    add_campaign(root)
    write(root, "profiles/people/ce-shi-jia.md", person("测试甲", nomination()))
    write(root, "profiles/people/ce-shi-yi.md", person("测试乙", nomination(
        status="已入选", category="对测试事业做出重大贡献的工作者",
        extra=("    materials:\n      - title: \"=1+1 测试\"\n        url: https://example.org/formula\n"
               "      - title: 测试推荐表\n        url: https://example.org/form\n"))))
    write(root, "profiles/people/ce-shi-bing.md", person("测试丙", nomination(body="ce-shi-fenhui-b", status="审核中")))
    write(root, "profiles/activities/ce-shi-yantao.md",
          activity("测试专题研讨会", "学习研讨", "ce-shi-fenhui-a", "2018-11-20", report="2018-11-26"))
    write(root, "profiles/activities/ce-shi-baogaohui.md",
          activity("测试事迹报告会", "事迹报告会", "ce-shi-dangwei", "2018-12-01", report="2018-12-11"))
    write(root, "profiles/activities/ce-shi-yantao-b.md",
          activity("测试乙分会征文", "征文", "ce-shi-fenhui-b", "2018-12-05"))
