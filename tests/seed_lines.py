"""The lines of a seed document that must appear, verbatim, in the built site.

The five campaign documents under shared/seeds/ are imported word for word as policy
profiles in profiles/policies/ (see SEEDS below for which seed became which profile).
`seed_lines(seed_path)` returns every non-empty line of a seed, with all whitespace
removed (ASCII spaces, tabs, full-width spaces U+3000 ...), after dropping the lines
that are not part of the official text:

* Header at the very top of a seed: the line(s) that merely repeat the document's
  title (the web page's heading). The page shows that title from the front matter
  (`title:`), so it is not repeated in the body. Only complete title occurrences
  *before any other content* are dropped:
    - 000: "# 中华医学会关于……活动工作方案" (a Markdown H1 of the web page);
    - 002: the first three lines "中国科协关于在广大科技工作者中深入开展" /
      "“弘扬爱国奋斗精神、建功立业新时代”" / "活动的通知" (the title split over lines);
    - 004: both title lines "卫生部关于在全国医疗卫生系统开展医疗卫生职业精神大讨论
      活动的通知" (the database page heading, then the title again above the 文号).
  In 001 and 003 the title follows a 版头 line ("四川省卫生和计划生育委员会",
  "中华医学会理事会党委文件" and the 文号), i.e. it is part of the document's own
  header block, not the web page's: nothing is dropped there, and 版头, 文号, 主送,
  signature/date, 联系人 and 抄送 lines are always kept.
* 004 also starts with the legal database's citation lines "北大法宝【法宝引证码】
  CLI.4.173293" and "原文链接：https://www.pkulaw.com/…": they are metadata
  (`source.citation_code`, `source.url`), not text. They are dropped.
* 004 ends with the database's advertising footer "© 北大法宝：(www.pkulaw.com)专业
  提供……" and "欢迎查看所有产品和服务。法宝快讯：……": not part of the notice, dropped.

Markdown markup present in a seed is removed from the returned lines, because the site
shows the rendered text: the leading "#"/"##"/"####" of seed 000's headings and its
"**" bold markers. The profiles escape "1. " at the start of a paragraph as "1\\. "
(else Markdown would renumber it as a list); that backslash is not in the seed either.

Scan breaks that split a sentence over two lines (e.g. "贡献自己的" / "智慧和力量。")
are mended in the profiles by joining the two lines into one paragraph: both lines are
still returned here, and each is a substring of the joined paragraph.

Run as a script (`python tests/seed_lines.py [seeds_dir]`) to check the profiles:
every returned line must occur in the profile's body, and the body must contain the
returned lines, in order, and nothing else.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS_DIR = Path(__file__).resolve().parent / "data" / "seeds"  # copies of shared/seeds

# seed number (first three characters of the file name) -> policy profile id
SEEDS = {
    "000": "zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018",
    "001": "sichuan-aiguo-fendou-shishi-fangan-2018",
    "002": "zhongguo-kexie-aiguo-fendou-tongzhi-2018",
    "003": "zhonghua-yixuehui-dangjian-tongzhi-2017",
    "004": "weishengbu-zhiye-jingshen-dataolun-tongzhi-2012",
}

# The official title of each seed document, as in the profile's `title:`.
TITLES = {
    "000": "中华医学会关于在广大医学科技工作者中深入开展“弘扬爱国奋斗精神、建功立业新时代”活动工作方案",
    "001": "四川省卫生和计划生育委员会关于印发《在全省医疗卫生人员中深入开展“弘扬爱国奋斗精神、建功立业新时代”活动的实施方案》的通知",
    "002": "中国科协关于在广大科技工作者中深入开展“弘扬爱国奋斗精神、建功立业新时代”活动的通知",
    "003": "中华医学会理事会党委关于进一步加强党建工作的通知",
    "004": "卫生部关于在全国医疗卫生系统开展医疗卫生职业精神大讨论活动的通知",
}

# Lines (whitespace removed) that begin the legal database's citation header / footer.
DATABASE_HEADER = ("北大法宝【法宝引证码】", "原文链接：")
DATABASE_FOOTER = ("©北大法宝", "欢迎查看所有产品和服务")

_WHITESPACE = re.compile(r"\s+")          # str patterns: Unicode whitespace, incl. U+3000
_HEADING_MARK = re.compile(r"^#+")
_MARKDOWN_ESCAPE = re.compile(r"\\([.])")


def squash(text: str) -> str:
    """Remove all whitespace (spaces, tabs, U+3000, newlines)."""
    return _WHITESPACE.sub("", text)


def _plain(line: str) -> str:
    """A squashed seed line as the site shows it: Markdown markers removed."""
    return _HEADING_MARK.sub("", line).replace("**", "")


def seed_lines(seed_path: str | Path) -> list[str]:
    """Non-empty lines of a seed that must appear in the built site, whitespace removed.

    Drops the title line(s) repeated at the very top, 004's 北大法宝 citation lines and
    its advertising footer (see the module docstring), and Markdown markers.
    """
    path = Path(seed_path)
    key = path.name[:3]
    if key not in TITLES:
        raise ValueError(f"not a known seed: {path.name}")
    title = squash(TITLES[key])
    lines = [squash(line) for line in path.read_text(encoding="utf-8-sig").splitlines()]
    lines = [line for line in lines if line]

    # Header: database citation lines and complete title occurrences at the very top.
    start = 0
    i, pending = 0, ""
    while i < len(lines):
        line = _plain(lines[i])
        if not pending and line.startswith(DATABASE_HEADER):
            i += 1
            start = i
            continue
        if title.startswith(pending + line):
            pending += line
            i += 1
            if pending == title:          # a complete title: drop it
                pending, start = "", i
            continue
        break                              # first line of the text proper (a partial title is kept)

    # Footer: the database's advertising lines at the very end.
    end = len(lines)
    while end > start and lines[end - 1].startswith(DATABASE_FOOTER):
        end -= 1

    return [_plain(line) for line in lines[start:end]]


def body_text(markdown_body: str) -> str:
    """A profile body as comparable text: whitespace, heading marks, ** and \\. escapes removed."""
    text = _MARKDOWN_ESCAPE.sub(r"\1", markdown_body)
    text = "\n".join(_HEADING_MARK.sub("", line.lstrip()) for line in text.splitlines())
    return squash(text.replace("**", ""))


def check(seeds_dir: Path = DEFAULT_SEEDS_DIR, root: Path = ROOT) -> list[str]:
    """Compare every seed with its policy profile; return a list of problems."""
    problems = []
    for key, profile_id in SEEDS.items():
        seeds = sorted(seeds_dir.glob(f"{key}_*.txt"))
        if len(seeds) != 1:
            problems.append(f"{key}: expected one seed file in {seeds_dir}, found {len(seeds)}")
            continue
        profile = root / "profiles" / "policies" / f"{profile_id}.md"
        raw = profile.read_text(encoding="utf-8")
        body = raw.split("\n---\n", 1)[1] if raw.startswith("---\n") else raw
        text = body_text(body)
        wanted = seed_lines(seeds[0])
        for line in wanted:
            if line not in text:
                problems.append(f"{profile.name}: missing seed line {line[:40]!r}")
        if text != "".join(wanted):
            problems.append(f"{profile.name}: body is not exactly the seed's lines in order")
    return problems


if __name__ == "__main__":
    found = check(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SEEDS_DIR)
    for p in found:
        print(p)
    print("seed lines: OK" if not found else f"seed lines: {len(found)} problem(s)")
    sys.exit(1 if found else 0)
