"""A policy's verbatim text as a structured document, at render time (the stored text is not changed).

Headings. Chinese official documents number their headings, in this order (GB/T 9704-2012,
7.3.3): 一、 / （一） / 1. or 1、 / （1）. A paragraph is a heading when it is one line that
starts with such a marker and what follows is a title, not prose:

- at most HEADING_MAX characters after the marker (whitespace and Markdown marks not counted);
- no sentence punctuation (。！？；) except at its very end, once a parenthesis closing the
  line is set aside: "(一) 第一阶段：部署动员。(2018年10月)" is a heading, "（一）指导思想。以邓小平
  理论……" is a paragraph with a run-in title, and "1. 加强党建工作是……的政治任务。中华医学会是……"
  is prose;
- it does not end as a lead-in or list item does (，；：、).

A paragraph that opens with a marker and a run-in title ("（一）加强组织领导。各地各单位要……",
"（三）充分发挥典型引导作用，广泛开展……", "**（一）强化政治引领。**深入开展……") is split after that
title: the title becomes the heading, the rest stays the paragraph below it, so that the outline
reaches every numbered part. The title runs to the first 。 (at most RUN_IN_MAX characters after
the marker) or, where the document words its titles as an opening clause, to the first ，(at most
RUN_IN_CLAUSE_MAX); a bold title ends where the bold does. Not a character is added or lost:
the heading and the paragraph together are the line as written.

A Markdown heading a contributor wrote (## 一、指导思想) is judged by its marker too; one without a
marker ranks above all numbered headings. The ranks a document uses become consecutive heading
levels from <h2> (the page's title is the <h1>): a document numbered 一、 and 1. gets h2 and h3, and
a stray #### (a heading level skipped in the source) takes the level of its marker.

Citations. The documents a policy cites (its `cites`) are found where the text names them: by
their title in 《》 (spaces ignored), by their 文号, or both together as 《title》（文号）, where
《》 may be another wording of the title. Each occurrence is wrapped in a Markdown link: to the
document's page when the archive has it, else to the list of documents not collected, with a
class that the stylesheet marks "未收录" (CSS generated text: the words of the page stay those of
the document).

Only plain text is touched: never existing links, code, HTML tags or attribute lists, fenced or
indented code. The result is Markdown for markup.contribution(): sanitised like any body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.linking import _FENCE, _PROTECTED

HEADING_MAX = 40
RUN_IN_MAX = 30
RUN_IN_CLAUSE_MAX = 25
# (rank, marker at the start of a line, as Markdown source: "1\." is an escaped "1.")
MARKERS = [
    (1, re.compile(r"[一二三四五六七八九十百]+、")),
    (2, re.compile(r"[（(][ \u3000]*[一二三四五六七八九十百]+[ \u3000]*[）)]")),
    (3, re.compile(r"\d{1,2}(?:\\?\.|．|、)(?!\d)")),
    (4, re.compile(r"[（(][ \u3000]*\d{1,2}[ \u3000]*[）)]")),
]
_ATX = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_SPACE = re.compile(r"\s+")
_TRAILING_ASIDE = re.compile(r"[（(][^（()）]*[）)]$")
_SENTENCE_END = "。！？；!?;"
_LEAD_IN_END = "，；：、,;:"
UNCOLLECTED_CLASS = "ea-uncollected"
COLLECTED_CLASS = "ea-cited"


@dataclass(frozen=True)
class Heading:
    line: int        # index of the line in the text
    rank: int        # 0: Markdown heading without a marker; 1-4: 一、 （一） 1. （1）
    text: str        # the line as written, without Markdown heading marks
    level: int = 0   # the HTML heading level it is given (2, 3, ...)
    split: int = 0   # a run-in title: the heading is line[:split], the paragraph line[split:]


def marker_rank(text: str) -> int:
    """1-4 for a line starting with 一、 / （一） / 1. / （1）, else 0."""
    text = text.lstrip(" \u3000")
    if text.startswith("**"):                  # a title in bold: **（一）强化政治引领。**
        text = text[2:].lstrip(" \u3000")
    for rank, marker in MARKERS:
        if marker.match(text):
            return rank
    return 0


def _title(text: str, rank: int) -> str:
    """What follows the marker, whitespace, ** and backslash escapes removed."""
    text = _SPACE.sub("", text).replace("**", "")
    marker = MARKERS[rank - 1][1].match(text)
    return text[marker.end() if marker else 0:].replace("\\", "")


def is_heading_line(text: str) -> int:
    """The marker's rank if this one-line paragraph is a heading, else 0."""
    rank = marker_rank(text)
    if not rank:
        return 0
    title = _title(text, rank)
    if not title or len(title) > HEADING_MAX or title[-1] in _LEAD_IN_END:
        return 0
    core = _TRAILING_ASIDE.sub("", title) or title
    if any(ch in _SENTENCE_END for ch in core[:-1]):
        return 0
    return rank


def run_in_title(line: str) -> tuple[int, int]:
    """(rank, length of the title in the line) of a paragraph opening with a run-in title, else (0, 0)."""
    rank = marker_rank(line)
    if not rank or line != line.lstrip():
        return 0, 0
    if line.startswith("**"):
        close = line.find("**", 2)
        if close < 0 or not line[2:close].rstrip().endswith(("。", "，")) or not line[close + 2:].strip():
            return 0, 0
        return rank, close + 2
    marker = MARKERS[rank - 1][1].match(line)
    rest = line[marker.end():]
    for mark, most in (("。", RUN_IN_MAX), ("，", RUN_IN_CLAUSE_MAX)):
        end = rest.find(mark)
        if end < 0:
            continue
        title = rest[:end]
        if 0 < len(title.strip()) <= most and not any(ch in title for ch in "。，；：《[`<*{") and rest[end + 1:].strip():
            return rank, marker.end() + end + 1
    return 0, 0


def _lines_outside_code(lines: list[str]) -> list[bool]:
    """For each line: plain text (not in a fenced block, not indented code)."""
    plain, fence = [], False
    for line in lines:
        if _FENCE.match(line):
            fence = not fence
            plain.append(False)
            continue
        plain.append(not fence and not line.startswith(("    ", "\t")))
    return plain


def _paragraph_edge(lines: list[str], i: int) -> bool:
    """Line i does not continue a paragraph: there is none, it is blank, or a Markdown heading."""
    return not 0 <= i < len(lines) or not lines[i].strip() or bool(_ATX.match(lines[i]))


def headings(text: str) -> list[Heading]:
    """The headings of a policy's Markdown text, with the levels they are rendered at."""
    lines = text.split("\n")
    plain = _lines_outside_code(lines)
    found = []
    for i, line in enumerate(lines):
        if not plain[i] or not line.strip():
            continue
        atx = _ATX.match(line)
        if atx:
            found.append(Heading(i, marker_rank(atx.group(2)), atx.group(2)))
            continue
        if _paragraph_edge(lines, i - 1) and _paragraph_edge(lines, i + 1):     # a paragraph of one line
            rank = is_heading_line(line)
            if rank:
                found.append(Heading(i, rank, line.strip()))
                continue
        if _paragraph_edge(lines, i - 1):                                    # a paragraph's first line
            rank, split = run_in_title(line)
            if rank:
                found.append(Heading(i, rank, line[:split].strip(), split=split))
    levels = {rank: 2 + n for n, rank in enumerate(sorted({h.rank for h in found}))}
    return [Heading(h.line, h.rank, h.text, min(levels[h.rank], 6), h.split) for h in found]


def anchors(found: list[Heading]) -> list[str]:
    """An id for each heading from its place in the outline: s4 for the fourth top-level
    heading, s4-1 for the first under it (stable while the text is, which is verbatim)."""
    counts, out = [0] * 5, []
    for h in found:
        depth = h.level - 2
        counts[depth] += 1
        counts[depth + 1:] = [0] * (len(counts) - depth - 1)
        out.append("s" + "-".join(str(n) for n in counts[:depth + 1]))
    return out


def outline(text: str) -> str:
    """The text with its headings as Markdown headings of consecutive levels from ##, each with
    an id (attr_list) for links to a part of the document."""
    lines = text.split("\n")
    found = headings(text)
    for h, anchor in zip(found, anchors(found)):
        if h.split:     # the run-in title as the heading, the rest of the paragraph under it
            lines[h.line] = ("#" * h.level + " " + h.text + " {: #" + anchor + " .ea-run-in }\n\n"
                             + lines[h.line][h.split:])
        else:
            lines[h.line] = "#" * h.level + " " + h.text + " {: #" + anchor + " }"
    return "\n".join(lines)


def contents(text: str) -> list[tuple[str, int, str]]:
    """(id, level, heading as plain text) of each heading: an outline of the document."""
    found = headings(text)
    return [(anchor, h.level, _plain(h.text)) for h, anchor in zip(found, anchors(found))]


def _plain(heading: str) -> str:
    """A heading's Markdown as the text it shows (** and backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", heading.replace("**", "")).strip()


# -- citations -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Citation:
    title: str           # as in `cites` or the cited profile ("" if unknown)
    doc_number: str      # 文号 ("" if unknown)
    href: str            # Markdown link target (a source path, resolved by MkDocs)
    collected: bool      # the archive has this document


def _loose(value: str) -> str:
    """A regex for value with any spaces between its characters (《A B》 == 《AB》)."""
    chars = [c for c in value if not c.isspace()]
    return r"[ \u3000]*".join(re.escape(c) for c in chars)


def _citation_pattern(citations: list[Citation]) -> re.Pattern | None:
    branches = []
    for n, c in enumerate(citations):
        title = c.title.strip().strip("《》") if c.title else ""
        number = _loose(c.doc_number) if c.doc_number else ""
        paren_number = rf"[（(][ \u3000]*{number}[ \u3000]*[）)]" if number else ""
        if title:
            # 《title》 and, if it follows, （文号）
            branches.append(rf"(?P<c{n}t>《{_loose(title)}》(?:[ \u3000]*{paren_number})?)" if number
                            else rf"(?P<c{n}t>《{_loose(title)}》)")
        if number:
            # 《another wording》（文号）, then （文号）, then 文号 alone
            branches.append(rf"(?P<c{n}p>(?:《[^《》\n\[\]`<>]{{1,200}}》[ \u3000]*)?{paren_number})")
            branches.append(rf"(?P<c{n}n>{number})")
    return re.compile("|".join(branches)) if branches else None


def _attributes(c: Citation) -> str:
    if c.collected:
        return f"{{: .{COLLECTED_CLASS} }}"
    return f'{{: .{UNCOLLECTED_CLASS} title="本档案未收录此文件（见“未收录文件”）" }}'


def mark_citations(text: str, citations: list[Citation]) -> str:
    """The text with each occurrence of a cited document made a link (see the module's doc)."""
    pattern = _citation_pattern(citations)
    if pattern is None:
        return text
    lines = text.split("\n")
    plain = _lines_outside_code(lines)

    def replace(match: re.Match) -> str:
        n = int(match.lastgroup[1:-1])
        found = match.group(0)
        if any(ch in found for ch in "[]`<>\\"):      # would change what Markdown makes of it
            return found
        c = citations[n]
        return f"[{found}]({c.href}){_attributes(c)}"

    for i, line in enumerate(lines):
        if not plain[i] or _ATX.match(line) or not pattern.search(line):
            continue
        pieces, last = [], 0
        for protected in _PROTECTED.finditer(line):
            pieces.append(pattern.sub(replace, line[last:protected.start()]))
            pieces.append(protected.group(0))
            last = protected.end()
        pieces.append(pattern.sub(replace, line[last:]))
        lines[i] = "".join(pieces)
    return "\n".join(lines)


# -- the 版头 ---------------------------------------------------------------------------------
MASTHEAD_LINES = 4


def masthead(text: str, issuers: list[str], doc_number: str, title: str) -> str:
    """The text with its opening lines that form the document's 版头 (GB/T 9704: 发文机关标志,
    发文字号, 标题) given a class each, so that the page sets them as the printed document does:
    the issuer in red, the number above a red rule, the title centred. Only the first paragraphs,
    and only lines that are exactly the issuer (with or without 文件), the 文号 (in brackets or
    not) or the title (after the issuer or not); nothing is added to what they say."""
    def squash(value: str) -> str:
        return _SPACE.sub("", value).replace("\\", "")

    names = {squash(n) for n in issuers if n} | {squash(n) + "文件" for n in issuers if n}
    number, own_title = squash(doc_number), squash(title).strip("《》")
    lines = text.split("\n")
    i = 0
    for _ in range(MASTHEAD_LINES):
        while i < len(lines) and not lines[i].strip():
            i += 1
        if i >= len(lines) or not _paragraph_edge(lines, i + 1) or _ATX.match(lines[i]):
            break
        line = squash(lines[i])
        if line in names:
            kind = "issuer"
        elif number and line.strip("（）()") == number:
            kind = "number"
        elif own_title and line.endswith(own_title) and len(line) - len(own_title) <= 30:
            kind = "title"
        else:
            break
        lines[i] += "\n{: .ea-masthead-" + kind + " }"
        i += 1
    return "\n".join(lines)


def structure(text: str, citations: list[Citation], head: tuple[list[str], str, str] = ([], "", "")) -> str:
    """A policy's Markdown text with its 版头, headings and citations marked (see the module's
    doc and masthead()); head: (issuers' names, 文号, title)."""
    return mark_citations(outline(masthead(text, *head)), citations)
