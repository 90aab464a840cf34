"""QR codes for display boards and print: made offline with segno, as inline SVG.

A QR code must carry the page's absolute address, so it needs the site's address
(SITE_URL). Without it the page says so instead of printing a code that points nowhere.
The SVG has a viewBox and no fixed size: CSS sizes it, and it stays sharp at any print
size. segno is deterministic, so two builds give the same bytes.
"""
from __future__ import annotations

import functools
import urllib.parse

import segno

LABEL = "扫码访问本页"
NO_SITE_URL = "网站地址（SITE_URL）未设置，暂不提供二维码。"
# Characters left as they are in a URL; everything else (Chinese in a sub-path …) is %-encoded.
_SAFE = "/:@!$&'()*+,;=~%-._"


def absolute_url(site_url: str, path: str) -> str:
    """The percent-encoded absolute URL of a site-relative path such as people/tu-youyou/."""
    base = urllib.parse.urlsplit(site_url.rstrip("/") + "/")
    host = base.hostname.encode("idna").decode("ascii") if base.hostname else ""
    netloc = host + (f":{base.port}" if base.port else "")
    if base.username:
        netloc = f"{base.username}@{netloc}"
    full = urllib.parse.quote(base.path + path.lstrip("/"), safe=_SAFE)
    return urllib.parse.urlunsplit((base.scheme, netloc, full, "", ""))


@functools.lru_cache(maxsize=None)
def qr_svg(url: str) -> str:
    """An inline <svg> (no XML declaration, no size) of a QR code for `url`.
    About 10 ms each (segno tries all eight masks, as the standard asks): cached, so a profile's
    page and its poster share one, and `mkdocs serve` makes each code once."""
    # make_qr: never a Micro QR code, which phone cameras do not read. Error level M survives
    # a smudge on a printed board; the quiet zone (4 modules) is part of the picture.
    code = segno.make_qr(url, error="m", boost_error=False)
    svg = code.svg_inline(omitsize=True, dark="#000", light="#fff", border=4)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{LABEL}：{_attr(url)}" ', 1)


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def qr_block(site_url: str, path: str, label: str = LABEL) -> str:
    """The HTML block shown on a page: the code and its label, or the notice without SITE_URL."""
    if not site_url:
        return f'<div class="ea-qr ea-qr-missing" data-search-exclude><p>{NO_SITE_URL}</p></div>'
    url = absolute_url(site_url, path)
    return (f'<div class="ea-qr" data-search-exclude>{qr_svg(url)}'
            f'<p class="ea-qr-label">{label}</p></div>')
