"""Rules beyond field types: unsafe content, personal data, consistency between
fields, and references between profiles (which need the whole archive).
"""
from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import urllib.parse
from typing import Any, Callable, Iterator

from ..domain.frontmatter import ParsedFile, dotted
from ..domain.history import CHINA_TIME
from ..domain.problems import Problem, problem
from ..domain.schema import DATE_RE, is_blank, real_date
from ..text import limits, safety


def _strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _strings(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _strings(sub, path + (i,))


def _numbers(*values: Any) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _in_china(lat: float, lon: float) -> bool:
    """Roughly the box around China (with the South China Sea islands): a test for swapped values."""
    return 3 <= lat <= 54 and 73 <= lon <= 136


def check_entity(parsed: ParsedFile, kind: str, rel: str, now: str | None = None) -> list[Problem]:
    """One file's own rules; `now`, today (YYYY-MM-DD, today() when not given), for the dates
    that cannot be later."""
    meta = parsed.meta or {}
    out: list[Problem] = []

    strings = list(_strings(meta))
    # Almost every profile holds no personal data: one scan of all its text at once says so, and
    # only then is each text scanned on its own, to name the field. (A line break between the
    # texts meets the patterns' look-arounds just as the end of a text does.) HTML is read text
    # by text: a quote left open in one field must not hide a tag in the next.
    plain = next(safety.scan_text("\n".join([parsed.body, *(text for _, text in strings)])), None) is not None
    for path, text in strings:
        found = list(safety.scan_markup(text)) + (list(safety.scan_text(text)) if plain else [])
        for _, code, values in found:
            out.append(problem(rel, parsed.line_of(path), code, dotted(path), where=f"字段“{dotted(path)}”", **values))
    found = list(safety.scan_markup(parsed.body, markdown=True)) + (list(safety.scan_text(parsed.body)) if plain else [])
    for offset, code, values in sorted(found, key=lambda f: f[0]):
        line = parsed.body_line + parsed.body.count("\n", 0, offset)
        out.append(problem(rel, line, code, "正文", where="正文", **values))

    review = meta.get("review") if isinstance(meta.get("review"), dict) else {}
    sources = meta.get("sources") if kind != "policy" else meta.get("source")
    if review.get("status") == "已审核" and is_blank(sources):
        out.append(problem(rel, parsed.line_of(("review", "status")), "E109", "review.status"))

    if isinstance(meta.get("sources"), list):
        for i, source in enumerate(meta["sources"]):
            if isinstance(source, dict) and not is_blank(source) and not (source.get("url") or source.get("publication")):
                out.append(problem(rel, parsed.line_of(("sources", i)), "E110", dotted(("sources", i))))
            if isinstance(source, dict) and not is_blank(source) and not (source.get("title") or source.get("about")):
                out.append(problem(rel, parsed.line_of(("sources", i)), "E119", dotted(("sources", i))))
        out += _future_dates(parsed, rel, meta["sources"], now or today())

    birth, death = meta.get("birth"), meta.get("death")
    if birth and death and str(death) < str(birth)[: len(str(death))]:
        out.append(problem(rel, parsed.line_of(("death",)), "E112", "death"))

    coordinates = meta.get("coordinates")
    if isinstance(coordinates, dict) and _numbers(coordinates.get("lat"), coordinates.get("lon")):
        lat, lon = coordinates["lat"], coordinates["lon"]
        swapped = _in_china(lon, lat) and not _in_china(lat, lon)
        if swapped or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            out.append(problem(rel, parsed.line_of(("coordinates",)), "E117", "coordinates", lat=lat, lon=lon,
                               hint="，疑似把纬度和经度写反了" if swapped else ""))

    if isinstance(meta.get("cites"), list):
        for i, cite in enumerate(meta["cites"]):
            if isinstance(cite, dict) and not is_blank(cite) and not (cite.get("id") or cite.get("title")):
                out.append(problem(rel, parsed.line_of(("cites", i)), "E113", dotted(("cites", i))))
    return out


def check_references(archive, suggest: Callable[[str, list[str]], str]) -> list[Problem]:
    """Resolve every reference; record reverse references for backlinks."""
    out: list[Problem] = []
    for entity in archive.entities.values():
        for i, image in enumerate(entity.meta.get("images") or []):
            name = image.get("file") if isinstance(image, dict) else None
            if isinstance(name, str) and name not in archive.media:
                path = ("images", i, "file")
                out.append(problem(entity.path, entity.lines.get(path, 1), "E114", dotted(path), value=name))
    kinds = {**archive.unread, **{i: e.kind for i, e in archive.entities.items()}}
    out += _body_links(archive, kinds)
    archive.referenced_by.clear()
    noted: set[tuple[str, str]] = set()      # (target, referrer): a spirit named by 5,000 people is one list
    for entity in archive.entities.values():
        for ref in entity.refs:
            target_kind = kinds.get(ref.target)
            if target_kind is None:
                out.append(problem(entity.path, ref.line, "E201", dotted(ref.path), value=ref.target,
                                   suggestion=suggest(ref.target, sorted(kinds))))
            elif target_kind not in ref.kinds:
                labels = "或".join(archive.schema.label(k) for k in ref.kinds)
                out.append(problem(entity.path, ref.line, "E202", dotted(ref.path), value=ref.target,
                                   actual=archive.schema.label(target_kind), expected=labels))
            elif (ref.target, entity.id) not in noted:
                noted.add((ref.target, entity.id))
                archive.referenced_by.setdefault(ref.target, []).append(entity.id)
    return out


# [text](target) and ![alt](target) in a profile's text; a target with a scheme (https:, mailto:)
# or only an anchor (#…) is not a file of the site.
_LINK = re.compile(r"(?<!\\)!?\[[^\[\]\n]*+\]\(\s*(?:<([^>\n]+)>|([^)\s]+))")   # (no "[" inside: linear)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_COMMENT = re.compile(r"<!--(?:(?!-->).)*+(?:-->|\Z)", re.S)   # one unclosed: to the end, once


def _without_code(text: str) -> str:
    """The text with code (fenced blocks, `spans`) and <!-- comments --> blanked, line breaks kept:
    a link written there is shown as text, not followed."""
    out, fence = [], ""
    for line in text.split("\n"):
        marker = line.lstrip()[:3]
        if fence or marker in ("```", "~~~"):
            fence = "" if fence and marker == fence else (fence or marker)
            line = ""
        out.append(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line))
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), "\n".join(out))
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#|//)")


def _body_links(archive, kinds: dict[str, str]) -> list[Problem]:
    """Links in the text to profiles or photos that do not exist, and links from the site's root
    (/people/…), which break when the site is served under a sub-path (README "部署"). MkDocs
    would say so too, but in English, naming the page rather than the profile, without a line.
    (Links to other pages are left to MkDocs: the generated ones are not made by a check.)"""
    folders = archive.schema.folders()
    pages = {f"{archive.schema.kinds[kind]['folder']}/{i}.md" for i, kind in kinds.items()}
    pages |= {f"{folder}/index.md" for folder in folders}
    out = []
    for e in archive.entities.values():
        if "](" not in e.body or next(limits.problems(e.body), None) is not None:    # E016 says why
            continue
        body = _without_code(e.body)
        for match in _LINK.finditer(body):
            written = match.group(1) or match.group(2)
            target = re.sub(r"[\t\n\r]", "", html.unescape(written))   # as a browser reads it
            if _EXTERNAL.match(target):          # (javascript: is E303's)
                continue
            line = e.body_line + body.count("\n", 0, match.start())
            target = target if len(target) <= 80 else target[:80] + "……"
            if target.startswith("/"):
                out.append(problem(e.path, line, "E209", value=target, why="从网站根目录写起，网站放在子路径下时会失效"))
                continue
            file = urllib.parse.unquote(target.split("#")[0].split("?")[0])     # as MkDocs reads it
            if file.endswith("/"):                  # a page's address (../tu-youyou/), not its file
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(e.src_uri), file))
            top = path.split("/")[0]
            if top == "media":
                missing = path[6:] not in archive.media
            elif top in folders:
                missing = path not in pages
            else:       # a hand-written or generated page (browse/, study/ …): MkDocs checks those
                missing = False
            if missing:
                out.append(problem(e.path, line, "E209", value=target, why="指向的档案或文件不存在"))
    return out


_NOT_TEXT = re.compile(r"[\s*\\]")   # whitespace and Markdown marks (**bold**, 1\.) are not the words


def plain(text: str) -> str:
    """Text as compared for verbatim quotes: without whitespace and Markdown emphasis or escapes."""
    return _NOT_TEXT.sub("", text)


def today() -> str:
    """Today, YYYY-MM-DD: the date a source cannot have been read or published after (E120).
    The clock, not SOURCE_DATE_EPOCH: that is the last commit's time, and a source read and
    entered since then would count as read "later". The later of the machine's date and
    China's (UTC+8), so that an editor's today in Beijing is not refused by a server on UTC.
    ARCHIVE_TODAY=YYYY-MM-DD sets it (for the tests)."""
    fixed = os.environ.get("ARCHIVE_TODAY", "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", fixed):
        return fixed
    china = dt.datetime.now(CHINA_TIME).date()
    return max(dt.date.today(), china).isoformat()


_FUTURE_FIX = {
    "accessed": "访问日期写实际打开这一来源的那一天，不会晚于今天：改为打开它的日期，如 \"{today}\"",
    "date": "发布日期照来源所载填写，不会晚于今天：与来源核对年月日（常见的是年份或月份写错），来源未写明日期时删去这一行",
}


def _future_dates(parsed: ParsedFile, rel: str, sources: list, now: str) -> Iterator[Problem]:
    """A source's access date (accessed) or publication date (date) later than today (`now`,
    YYYY-MM-DD): a slip (2026-12-08 for 2026-12-07, 2062 for 2026). A partial date is later only
    when its whole year or month is ("2026-12" is not, on 2026-12-07)."""
    for i, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        for key, label in (("accessed", "访问日期"), ("date", "发布日期")):
            value = source.get(key)
            value = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
            match = DATE_RE.match(value)        # (a malformed or impossible date is E102's or E111's)
            if match and real_date(*match.groups()) and value > now[: len(value)]:
                path = ("sources", i, key)
                yield problem(rel, parsed.line_of(path), "E120", dotted(path), label=label, value=value,
                              today=now, how=_FUTURE_FIX[key].format(today=now))


def check_study(archive) -> list[Problem]:
    """Discussion questions marked 原文 and quoted passages must be in the document's text, word for word."""
    out: list[Problem] = []
    bodies: dict[str, str] = {}
    for entity in archive.entities.values():
        study = entity.meta.get("study") if isinstance(entity.meta.get("study"), dict) else {}
        for i, q in enumerate(study.get("questions") or []):
            if not isinstance(q, dict):
                continue
            path = ("study", "questions", i)
            doc_id = q.get("document") or (entity.id if entity.kind == "policy" else None)
            if not doc_id:
                if q.get("origin") == "原文" or q.get("quote"):
                    out.append(problem(entity.path, entity.lines.get(path, 1), "E152", dotted(path + ("document",))))
                continue
            document = archive.get(str(doc_id))
            if document is None or document.kind != "policy":
                continue            # unknown or not loaded (make check FILES=…): E201/E202 say so
            body = bodies.setdefault(document.id, plain(document.body))
            for key, code in (("question", "E150"), ("quote", "E151")):
                value = q.get(key)
                if isinstance(value, str) and (key == "quote" or q.get("origin") == "原文") \
                        and plain(value) not in body:
                    out.append(problem(entity.path, entity.lines.get(path + (key,), 1), code,
                                       dotted(path + (key,)), title=document.title))
    return out
