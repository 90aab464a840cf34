"""Content that must never be published: runnable script and personal data.

Applied to the Markdown body and to every text field, because both end up in pages.
"""
from __future__ import annotations

import functools
import re
from datetime import date
from typing import Iterator

from . import html_policy, limits


_ID_NUMBER = re.compile(r"(?=[1-9])(?<![0-9A-Za-z])([1-9]\d{5})[ -]?((?:19|20)\d{2})(\d{2})(\d{2})[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])")
# Private-use characters have no agreed glyph (often left by an input method or a copied font);
# the generated pages also use some as markers (markup.py), which a profile must not forge.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# Zero-width characters and direction overrides: a name that reads 测试 but is 测\u200b试, or
# text shown in another order than written (U+202E).
# C0 and C1 control characters too (but tab and line breaks): Python-Markdown uses \x02 and \x03
# as its own markers and drops them, so "java\x03script:" would come out as "javascript:". And
# lone surrogates (a YAML escape such as "\ud800"): no character at all, they cannot be written.
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\ud800-\udfff]")
# Full-width digits (an input method's) count as digits: same length, so offsets hold.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９＋－Ｘｘ　", "0123456789+-Xx ")
_FULL_WIDTH = re.compile("[０-９]")
_MOBILE = re.compile(r"(?=[+81])(?<![\d-])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\d-])")
# A web address: its digits are a page's number (…/13912345678.html), not a phone to call.
_ADDRESS = re.compile(r"https?://[^\s<>\"'）)\]]+")


def _mask(text: str) -> str:
    return text[:3] + "*" * max(len(text) - 5, 0) + text[-2:]


def _is_id_number(match: re.Match) -> bool:
    _, year, month, day, _ = match.groups()
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def scan(text: str, markdown: bool = False) -> Iterator[tuple[int, str, dict]]:
    """Yield (offset, code, values) for each unsafe thing found in text: a profile's Markdown
    body (markdown=True) or the text of a field."""
    yield from scan_markup(text, markdown)
    yield from scan_text(text)


def scan_markup(text: str, markdown: bool = False) -> Iterator[tuple[int, str, dict]]:
    """The text's shape (limits.py) and the HTML it holds (html_policy.py). A field is printed
    as text, not Markdown: only its tags, and their nesting, count."""
    if not markdown and "<" not in text:
        return
    shape = list(limits.problems(text))
    yield from shape
    if not shape:          # a text past the limits is never handed to Markdown or the tokenizer
        yield from _html(text, markdown)


def scan_text(text: str) -> Iterator[tuple[int, str, dict]]:
    """Personal data and characters that must not be published, in any text."""
    digits = text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text
    for match in _ID_NUMBER.finditer(digits):
        if _is_id_number(match):
            yield match.start(), "E401", {"masked": _mask("".join(match.groups()))}
    for match in _PRIVATE_USE.finditer(text):
        yield match.start(), "E305", {"char": f"U+{ord(match.group(0)):04X}"}
    for match in _INVISIBLE.finditer(text):
        yield match.start(), "E306", {"char": f"U+{ord(match.group(0)):04X}"}
    addresses = [m.span() for m in _ADDRESS.finditer(digits)] if "://" in digits else []
    for match in _MOBILE.finditer(digits):
        if not any(start <= match.start() < end for start, end in addresses):
            yield match.start(), "E402", {"masked": _mask("".join(match.groups()))}


# Only these characters let Markdown write a tag or an attribute of the contributor's choosing:
# raw HTML and autolinks (<), entities (&), links and images ([), attribute lists ({).
_MARKUP = re.compile(r"[<&\[{]")


def _html(text: str, markdown: bool) -> Iterator[tuple[int, str, dict]]:
    """What the text holds outside the allow-list (html_policy.py), each at the line of the
    source where it stands: a body is read as the site renders it, after Markdown (so script
    shown in a code span is text, and a Markdown image is an <img>); a field, which the site
    prints as text, is read as it is."""
    if markdown:
        if _MARKUP.search(text) is None:
            return
        html = render_markdown(text)
    elif "<" in text:
        html = text
    else:
        return
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found = _few(html_policy.findings(html))
    if markdown:
        found = _lines_in_source(lines, found)
    reported = set()
    for line, code, _, values in found:
        key = (line, code, tuple(sorted(values.items())))
        if key not in reported:
            reported.add(key)
            yield starts[min(line - 1, len(starts) - 1)], code, values


def _key(code: str, values: dict) -> tuple:
    return code, tuple(sorted(values.items()))


MAX_SAME, MAX_FINDINGS = 3, 50


def _few(findings) -> list:
    """At most MAX_SAME of one kind (the same tag, attribute or address) and MAX_FINDINGS in all:
    enough to fix the text, and a text with thousands of them cannot make the check slow."""
    kept, counts = [], {}
    for finding in findings:
        key = _key(finding[1], finding[3])
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= MAX_SAME:
            kept.append(finding)
            if len(kept) == MAX_FINDINGS:
                break
    return kept


def _lines_in_source(lines: list[str], found: list) -> list:
    """Each finding in the rendered HTML at the line of the Markdown source where it stands.
    The text's blocks (parted by blank lines) are rendered one by one (findings are rare: then
    the text is rendered twice in all): the k-th finding of a kind is in the block where the k-th
    of that kind turns up, on the block's first line that holds what was found (a tag or link
    written across lines starts where it is written). A finding no block holds alone (a
    reference link, whose address is defined elsewhere) is put where its address is written."""
    needed: dict = {}
    for _, code, _, values in found:
        needed[_key(code, values)] = needed.get(_key(code, values), 0) + 1
    counted = []        # (first line, last line, findings of each kind in the block)
    held: dict = {}
    for first, last in _blocks(lines):
        block = "\n".join(lines[first - 1:last])
        if _MARKUP.search(block) is None:
            continue
        kinds: dict = {}
        for _, code, _, values in _few(html_policy.findings(render_markdown(block))):
            kinds[_key(code, values)] = kinds.get(_key(code, values), 0) + 1
            held[_key(code, values)] = held.get(_key(code, values), 0) + 1
        counted.append((first, last, kinds))
        if all(held.get(key, 0) >= count for key, count in needed.items()):
            break           # every finding has its block: the rest need not be rendered
    seen: dict = {}
    out = []
    for finding in found:
        key = _key(finding[1], finding[3])
        seen[key] = seen.get(key, 0) + 1
        block, total = (1, len(lines)), 0
        for first, last, kinds in counted:
            total += kinds.get(key, 0)
            if total >= seen[key]:
                block = (first, last)
                break
        needles = [str(v).lower() for v in (finding[2], *finding[3].values()) if len(str(v)) > 1]
        holds = (i for i in range(block[0], block[1] + 1) if any(x in lines[i - 1].lower() for x in needles))
        out.append((next(holds, block[0]), *finding[1:]))
    return out


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) line of each run of non-blank lines, a fenced code block kept whole."""
    blocks, start, fence = [], None, ""
    for number, line in enumerate(lines, 1):
        marker = line.lstrip()[:3]
        if marker in ("```", "~~~"):
            fence = "" if fence == marker else (fence or marker)
        if line.strip() or fence:
            start = start or number
        elif start:
            blocks.append((start, number - 1))
            start = None
    if start:
        blocks.append((start, len(lines)))
    return blocks


MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]   # as mkdocs.yml


@functools.lru_cache(maxsize=1)
def _converter():
    import markdown
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


def render_markdown(text: str) -> str:
    """The text as the site's Markdown renders it (the extensions of mkdocs.yml; links unresolved)."""
    md = _converter()
    md.reset()
    return md.convert(text)
