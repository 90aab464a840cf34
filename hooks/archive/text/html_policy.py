"""What HTML a contributor's text may hold: one allow-list, applied two independent ways.

- findings(html): html5lib's tokenizer (the WHATWG algorithm, as browsers read HTML) names every
  tag, attribute and address outside the list; `make check` reports each (safety.py).
- sanitise(html): nh3 (ammonia, with html5ever's parser) drops whatever is outside the same list
  from the rendered text of the pages: a second layer, should the first ever miss something.

A regular expression cannot tell what a browser makes of a tag (`a=b'` is an unquoted value to
a browser), so neither layer pattern-matches HTML.
"""
from __future__ import annotations

import posixpath
import re
from typing import Iterator

import nh3
from html5lib._tokenizer import HTMLTokenizer
from html5lib.constants import tokenTypes

# What Markdown writes (with the site's extensions: tables, admonition, attr_list, md_in_html,
# toc) and the few tags a contributor may reasonably write by hand.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"})
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang"})
ATTRIBUTES = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"align", "colspan", "rowspan", "style"}),
    "th": frozenset({"align", "colspan", "rowspan", "style"}),
    "ol": frozenset({"start"}),
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
STYLE_PROPERTIES = frozenset({"text-align"})      # Markdown's table columns: style="text-align: left;"
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})

# A browser drops tabs and line breaks anywhere in a URL and spaces and controls at its ends,
# and reads "\" as "/" (so /\host is //host, another site).
_URL_DROPPED = str.maketrans("\\", "/", "\t\n\r")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_STYLE_DECLARATION = re.compile(r"^\s*text-align\s*:\s*(left|right|center|justify)\s*$", re.I)


def normalised_url(value: str) -> str:
    return value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12"
                       "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ").translate(_URL_DROPPED)


def scheme(url: str) -> str:
    """The scheme of a URL as a browser reads it ('' for a relative address)."""
    match = _SCHEME.match(normalised_url(url))
    return match.group(1).lower() if match else ""


def is_local(url: str) -> bool:
    """An address on this site: no scheme and not //host (a browser would fetch another site)."""
    url = normalised_url(url)
    return not scheme(url) and not url.startswith("//")


def _style_allowed(value: str) -> bool:
    return all(_STYLE_DECLARATION.match(part) for part in value.split(";") if part.strip())


def attribute_finding(tag: str, name: str, value: str) -> tuple[str, dict] | None:
    """Why the attribute may not stand (code, values), or None."""
    if name.startswith("on"):
        return "E302", {"attr": name}
    if name not in GENERIC_ATTRIBUTES and name not in ATTRIBUTES.get(tag, ()):
        return "E307", {"attr": name, "tag": tag}
    if name == "href":
        found = scheme(value)
        if found in SCRIPT_SCHEMES:
            return "E303", {"scheme": found}
        if found and found not in LINK_SCHEMES:
            return "E308", {"scheme": found}
    elif name == "src" and not is_local(value):
        return "E304", {"url": normalised_url(value)[:80]}
    elif name == "style" and not _style_allowed(value):
        return "E307", {"attr": f"style=\"{value[:40]}\"", "tag": tag}
    elif name == "id" and value.startswith("__"):   # the theme's own elements (#__config …)
        return "E307", {"attr": f"id=\"{value[:40]}\"", "tag": tag}
    return None


def image_outside_media(value: str) -> bool:
    """An image address that, written in a profile (profiles/<folder>/<id>.md), leads out of
    profiles/media/: `../../../admin/x` would make the reader's browser ask the host for pages
    outside the site (under a sub-path, other sites of the same host)."""
    path = normalised_url(value).split("#")[0].split("?")[0]
    return not posixpath.normpath(posixpath.join("folder", path)).startswith("media/")


def findings(html: str) -> Iterator[tuple[int, str, str, dict]]:
    """(line, code, what to look for in the source, values) for each tag, attribute and address
    outside the allow-list, as a browser's tokenizer reads the HTML. Lines are 1-based, in html.

    The tokenizer is run without a tree builder: it never switches to the raw-text state of
    <textarea>, <title> … so it reads tags a browser would take as text; those tags are outside
    the list anyway. It reads no fewer tags than a browser would."""
    tokenizer = HTMLTokenizer(html)
    start_tag, empty_tag = tokenTypes["StartTag"], tokenTypes["EmptyTag"]
    line = 1
    for token in tokenizer:
        if token["type"] in (start_tag, empty_tag):
            tag = token["name"].lower()
            allowed = tag in TAGS
            if not allowed:
                yield line, "E301", "<" + tag, {"tag": tag}
            for name, value in _attributes(token["data"]):
                found = attribute_finding(tag, name, value)
                if found is None and name == "src" and image_outside_media(value):
                    found = "E309", {"url": normalised_url(value)[:80]}
                if found is not None and (allowed or found[0] != "E307"):   # the tag is reported
                    yield line, found[0], name, found[1]
        line = tokenizer.stream.position()[0]


def _attributes(data) -> Iterator[tuple[str, str]]:
    items = data.items() if isinstance(data, dict) else data
    seen = set()
    for name, value in items:          # a browser keeps the first of two equal names
        name = name.lower()
        if name not in seen:
            seen.add(name)
            yield name, value


def _keep(tag: str, name: str, value: str) -> str | None:
    return None if attribute_finding(tag, name, value) else value


_CLEANER = nh3.Cleaner(
    tags=set(TAGS), clean_content_tags={"script", "style"},
    attributes={"*": set(GENERIC_ATTRIBUTES), **{tag: set(names) for tag, names in ATTRIBUTES.items()}},
    attribute_filter=_keep, url_schemes=set(LINK_SCHEMES), link_rel=None, strip_comments=True,
    filter_style_properties=set(STYLE_PROPERTIES))


def sanitise(html: str) -> str:
    """The HTML with everything outside the allow-list removed (nh3)."""
    return _CLEANER.clean(html)
