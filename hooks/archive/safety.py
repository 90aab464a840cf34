"""Content that must never be published: runnable script and personal data.

Applied to the Markdown body and to every text field, because both end up in pages.
"""
from __future__ import annotations

import html
import re
from datetime import date
from typing import Iterator

_DANGEROUS_TAG = re.compile(
    r"<\s*(script|style|iframe|frame|frameset|object|embed|applet|base|meta|link|form|svg|math)\b", re.I)
# A start tag as a browser reads it: quoted values may hold ">" (title=">" onerror=…), and only
# tab, line feed, form feed, carriage return and space separate attributes (not U+00A0 or U+3000).
# Outside quotes a "<" ends the tag here, its attributes so far still read (a browser would read
# on: `<img onerror=…//` before `</div>`), and the next tag starts there: no text makes this
# slower than linear ('<a ' * 80,000 took minutes with a lazy [^>]*?).
_WS = "\t\n\f\r "
_START_TAG = re.compile(rf"""<([a-zA-Z][^{_WS}/>"'<]*)((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)(?:>|(?=<)|\Z)""")
_ATTR = re.compile(rf"""([^{_WS}"'>/=]+)(?:[{_WS}]*=[{_WS}]*("[^"]*"|'[^']*'|[^{_WS}"'>]+))?""")
# attr_list ({: onclick="…" } after a paragraph, link or heading) writes attributes into the page;
# a quoted value may hold "}", so any on…= after a "{" on the same line counts.
_EVENT_NAME = re.compile(r"(?<![\w-])(on[a-z]+)\s*=", re.I)
_REMOTE = re.compile(r"(?:https?:)?//", re.I)
_MD_IMAGE = re.compile(r"!\[[^\[\]\n]*+\]\(\s*<?((?:https?:)?//[^)\s>]+)", re.I)    # (no "[" in the alt: linear)
# A pattern below that starts with a lookbehind or an alternation opens with a lookahead for its
# first character: the regex engine then rejects most positions of a long text at once
# (the scan runs on every profile's text at every build).
# Browsers drop tabs and line breaks inside a URL (java&Tab;script:): so does this pattern.
_SCRIPT_URL = re.compile(r"(?=[jvd])(?:(?:{}|{})[\t\n\r]*{}\s*:|data\s*:\s*text/html)".format(
    *("[\t\n\r]*".join(word) for word in ("java", "vb", "script"))), re.I)
_LINE = "\ue0ff"        # marks the text's own line breaks while entities are decoded (E305 keeps it out)

_ID_NUMBER = re.compile(r"(?=[1-9])(?<![0-9A-Za-z])([1-9]\d{5})[ -]?((?:19|20)\d{2})(\d{2})(\d{2})[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])")
# Private-use characters have no agreed glyph (often left by an input method or a copied font);
# the generated pages also use some as markers (markup.py), which a profile must not forge.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# Zero-width characters and direction overrides: a name that reads 测试 but is 测\u200b试, or
# text shown in another order than written (U+202E).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# Full-width digits (an input method's) count as digits: same length, so offsets hold.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９＋－Ｘｘ　", "0123456789+-Xx ")
_FULL_WIDTH = re.compile("[０-９]")
_MOBILE = re.compile(r"(?=[+81])(?<![\d-])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?![\d-])")


def _mask(text: str) -> str:
    return text[:3] + "*" * max(len(text) - 5, 0) + text[-2:]


def _is_id_number(match: re.Match) -> bool:
    _, year, month, day, _ = match.groups()
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def scan(text: str) -> Iterator[tuple[int, str, dict]]:
    """Yield (offset, code, values) for each unsafe thing found in text."""
    for match in _DANGEROUS_TAG.finditer(text):
        yield match.start(), "E301", {"tag": match.group(1).lower()}
    for tag in _START_TAG.finditer(text):
        for attr in _ATTR.finditer(tag.group(2)):
            name, value = attr.group(1).lower(), html.unescape((attr.group(2) or "").strip("\"'"))
            if name.startswith("on"):
                yield tag.start(), "E302", {"attr": name}
            elif name == "src" and tag.group(1).lower() == "img" and _REMOTE.match(value.strip()):
                yield tag.start(), "E304", {"url": value.strip()}
    if "{" in text:
        start = 0
        for line in text.split("\n"):
            brace = line.find("{")
            if brace >= 0 and (match := _EVENT_NAME.search(line, brace)) is not None:
                yield start + match.start(), "E302", {"attr": match.group(1).lower()}
            start += len(line) + 1
    yield from _script_urls(text)
    for match in _MD_IMAGE.finditer(text):
        yield match.start(), "E304", {"url": match.group(1)}
    digits = text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text
    for match in _ID_NUMBER.finditer(digits):
        if _is_id_number(match):
            yield match.start(), "E401", {"masked": _mask("".join(match.groups()))}
    for match in _PRIVATE_USE.finditer(text):
        yield match.start(), "E305", {"char": f"U+{ord(match.group(0)):04X}"}
    for match in _INVISIBLE.finditer(text):
        yield match.start(), "E306", {"char": f"U+{ord(match.group(0)):04X}"}
    for match in _MOBILE.finditer(digits):
        yield match.start(), "E402", {"masked": _mask("".join(match.groups()))}


def _script_urls(text: str) -> Iterator[tuple[int, str, dict]]:
    """javascript:, vbscript: and data:text/html, in links and attributes, with entities decoded
    and tabs and line breaks inside (a browser drops them): once per line, at the line where it
    starts. The text's own line breaks are marked before decoding, so that lines are counted
    right after an entity (or an encoded line break) earlier in the text."""
    if "&" not in text and _SCRIPT_URL.search(text) is None:
        return
    marked = text.replace("\n", _LINE)
    if "&" in text:
        marked = html.unescape(marked)
    lines = set()
    for match in _SCRIPT_URL.finditer(marked.replace(_LINE, "\n")):
        line = marked.count(_LINE, 0, match.start())
        if line not in lines:
            lines.add(line)
            offset = 0
            for _ in range(line):
                offset = text.index("\n", offset) + 1
            yield offset, "E303", {}
