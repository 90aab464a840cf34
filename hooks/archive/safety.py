"""Content that must never be published: runnable script and personal data.

Applied to the Markdown body and to every text field, because both end up in pages.
"""
from __future__ import annotations

import html
import re
from datetime import date
from typing import Iterator

_DANGEROUS_TAG = re.compile(
    r"<\s*(script|iframe|frame|frameset|object|embed|applet|base|meta|link|form|svg|math)\b", re.I)
_EVENT_ATTR = re.compile(r"<[a-z][^>]*?[\s/\"'](on[a-z]+)\s*=", re.I | re.S)
_REMOTE_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?((?:https?:)?//[^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*[\"']?((?:https?:)?//[^\"'\s>]+)", re.I)
# A pattern below that starts with a lookbehind or an alternation opens with a lookahead for its
# first character: the regex engine then rejects most positions of a long text at once
# (the scan runs on every profile's text at every build).
_SCRIPT_URL = re.compile(r"(?=[jvd])(?:(?:java|vb)script\s*:|data\s*:\s*text/html)", re.I)

_ID_NUMBER = re.compile(r"(?=[1-9])(?<![0-9A-Za-z])([1-9]\d{5})((?:19|20)\d{2})(\d{2})(\d{2})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
# Private-use characters have no agreed glyph (often left by an input method or a copied font);
# the generated pages also use some as markers (markup.py), which a profile must not forge.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
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
    decoded = html.unescape(text)  # &#x6a;avascript: must not slip through
    for match in _DANGEROUS_TAG.finditer(text):
        yield match.start(), "E301", {"tag": match.group(1).lower()}
    for match in _EVENT_ATTR.finditer(text):
        yield match.start(), "E302", {"attr": match.group(1).lower()}
    for match in _SCRIPT_URL.finditer(decoded):
        offset = match.start() if decoded == text else _first_ampersand(text, match.start())
        yield offset, "E303", {}
    for match in _REMOTE_IMAGE.finditer(text):
        yield match.start(), "E304", {"url": match.group(1) or match.group(2)}
    for match in _ID_NUMBER.finditer(text):
        if _is_id_number(match):
            yield match.start(), "E401", {"masked": _mask(match.group(0))}
    for match in _PRIVATE_USE.finditer(text):
        yield match.start(), "E305", {"char": f"U+{ord(match.group(0)):04X}"}
    for match in _MOBILE.finditer(text):
        yield match.start(), "E402", {"masked": _mask("".join(match.groups()))}


def _first_ampersand(text: str, fallback: int) -> int:
    index = text.find("&")
    return index if index >= 0 else min(fallback, len(text))
