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
# A start tag as a browser reads it: quoted values may hold ">" (title=">" onerror=…). Outside
# quotes a "<" ends the attempt, so that no text makes this slower than linear ('<a ' * 80,000:
# a lazy [^>]*? took minutes); a tag a "<" cuts short is still read from that "<" on.
_START_TAG = re.compile(r"""<[a-zA-Z][^\s/>"'<]*((?:[^<>"']++|"[^"]*+"|'[^']*+')*+)>""")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# attr_list ({: onclick="…" } after a paragraph, link or heading) writes attributes into the page.
_ATTR_LIST_EVENT = re.compile(r"\{[^{}\n]*?(?<![\w-])(on[a-z]+)\s*=", re.I)
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?((?:https?:)?//[^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.I)
# A pattern below that starts with a lookbehind or an alternation opens with a lookahead for its
# first character: the regex engine then rejects most positions of a long text at once
# (the scan runs on every profile's text at every build).
# Browsers drop tabs and line breaks inside a URL (java&Tab;script:): so does this pattern.
_SCRIPT_URL = re.compile(r"(?=[jvd])(?:(?:{}|{})[\t\n\r]*{}\s*:|data\s*:\s*text/html)".format(
    *("[\t\n\r]*".join(word) for word in ("java", "vb", "script"))), re.I)

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
    script_urls = set()
    for tag in _START_TAG.finditer(text):
        for attr in _ATTR.finditer(tag.group(1)):
            name, value = attr.group(1).lower(), html.unescape((attr.group(2) or "").strip("\"'"))
            if name.startswith("on"):
                yield tag.start(), "E302", {"attr": name}
            elif _SCRIPT_URL.match(value.lstrip("\x00- ")):
                script_urls.add(tag.start())
    for match in _ATTR_LIST_EVENT.finditer(text):
        yield match.start(), "E302", {"attr": match.group(1).lower()}
    start = 0                      # Markdown links: line by line, so that the line is right
    for line in text.split("\n") if "&" in text or _SCRIPT_URL.search(text) else ():
        decoded = html.unescape(line) if "&" in line else line     # &#x6a;avascript: too
        if (match := _SCRIPT_URL.search(decoded)) is not None:
            script_urls.add(start + (match.start() if decoded is line else 0))
        start += len(line) + 1
    lines = set()
    for offset in sorted(script_urls):        # once per line: a tag's and its line's finding
        if (line := text.count("\n", 0, offset)) not in lines:
            lines.add(line)
            yield offset, "E303", {}
    for match in _REMOTE_IMAGE.finditer(text):
        yield match.start(), "E304", {"url": match.group(1) or match.group(2)}
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
