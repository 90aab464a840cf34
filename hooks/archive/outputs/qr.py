"""QR codes for display boards and print: made offline with zxing-cpp, as inline SVG.

A QR code must carry the page's absolute address, so it needs the site's address
(SITE_URL). Without it the page says so instead of printing a code that points nowhere.
The SVG has a viewBox and no fixed size: CSS sizes it, and it stays sharp at any print
size. The encoder is deterministic, so two builds give the same bytes.
"""
from __future__ import annotations

import urllib.parse

import zxingcpp

from ..runtime import forking
from ..runtime.cache import CACHE, Store

LABEL = "扫码访问本页"
_QUIET = 4       # modules of white around the code, as the standard asks
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


def qr_svg(url: str) -> str:
    """An inline <svg> (no XML declaration, no size) of a QR code for `url`: one white square
    (the code and its quiet zone of 4 modules) and each row's runs of dark modules as strokes."""
    # QRCode: never a Micro QR code, which phone cameras do not read. Error level M survives a
    # smudge on a printed board. The encoder (Zint, inside zxing-cpp) picks the mask as the
    # standard asks, in C: 0.3 ms a code, where segno took 6 ms.
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(add_quiet_zones=False))     # a byte a module, 0: dark, 255: light
    size, modules = image.shape[1], image.tobytes()
    runs, pen_x, pen_y = [], -_QUIET, -_QUIET          # moves are relative: a third shorter
    for y in range(size):
        row = modules[y * size:(y + 1) * size]
        x = row.find(b"\0")
        while x != -1:
            end = row.find(b"\xff", x)
            end = size if end == -1 else end
            runs.append(f"m{x - pen_x} {y - pen_y}h{end - x}")
            pen_x, pen_y = end, y
            x = row.find(b"\0", end)
    side = size + 2 * _QUIET
    return (f'<svg role="img" aria-label="{LABEL}：{_attr(url)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {side} {side}"><path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
            f'<path stroke="#000" shape-rendering="crispEdges" d="M0 .5{"".join(runs)}"/></svg>')


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def qr_block(site_url: str, path: str, label: str = LABEL) -> str:
    """The HTML block shown on a page: the code and its label, or the notice without SITE_URL."""
    if not site_url:
        return f'<div class="ea-qr ea-qr-missing" data-search-exclude><p>{NO_SITE_URL}</p></div>'
    return (f'<div class="ea-qr" data-search-exclude>{code(site_url, path)}'
            f'<p class="ea-qr-label">{label}</p></div>')


# -- made once: a profile's page and its poster share a code, and builds keep them ----------------

class _Codes(Store):
    """site address -> {path: svg}: the codes this process made or used (data), and those kept
    from earlier builds (kept): a build whose addresses are all known makes none (10,000
    profiles: 3.5 seconds). Kept per site address, so that `mkdocs serve` (http://127.0.0.1:8000/)
    and a publishing build (SITE_URL) do not push out each other's codes: the next build may
    use this build's addresses' codes as used, and the last few other addresses' as they were kept."""

    def __init__(self, cache, name):
        super().__init__(cache, name, persist=True, merges=True)
        self.kept: dict[str, dict[str, str]] = {}

    def code(self, site_url: str, path: str) -> str:
        used = self.data.setdefault(site_url, {})
        svg = used.get(path)
        if svg is None:
            svg = self.kept.get(site_url, {}).get(path)
            if svg is None:
                self.miss()
                svg = qr_svg(absolute_url(site_url, path))
            else:
                self.hit()
            used[path] = svg
            if self._added is not None:       # in a worker: to be sent back
                self._added.append((site_url, path))
        else:
            self.hit()
        return svg

    def dump(self):
        out = {site: codes for site, codes in self.kept.items() if site not in self.data}
        out.update(self.data)
        return dict(list(out.items())[-_SITES_KEPT:])

    def load(self, value) -> None:
        for site, codes in value.items():
            self.kept.setdefault(site, {}).update(codes)

    def signature(self):
        return [(site, len(codes)) for site, codes in self.dump().items()]     # their order: which go first

    def size(self) -> int:
        return sum(map(len, self.data.values()))

    def delta(self):
        """The codes a worker made or used since it started (not those it found: it would touch,
        and so copy, the memory of every code it inherited)."""
        added, self._added = self._added or [], []
        out: dict[str, dict[str, str]] = {}
        for site, path in added:
            out.setdefault(site, {})[path] = self.data[site][path]
        return out

    def merge(self, delta) -> None:
        for site, codes in delta.items():
            self.data.setdefault(site, {}).update(codes)

    def reset(self) -> None:
        super().reset()
        self.kept = {}


_CODES = CACHE.add(_Codes(CACHE, "qr codes"))
_SITES_KEPT = 2
_PARALLEL_FROM = 200     # codes: fewer are made here sooner than processes are started


def code(site_url: str, path: str) -> str:
    return _CODES.code(site_url, path)


def prepare(site_url: str, paths: list[str]) -> None:
    """Make the codes not yet known on every core, before pages are written."""
    known = {**_CODES.kept.get(site_url, {}), **_CODES.data.get(site_url, {})}
    missing = [p for p in dict.fromkeys(paths) if p not in known]
    svgs = forking.map_on_cores(_make, [absolute_url(site_url, p) for p in missing], _PARALLEL_FROM)
    if svgs is not None:          # else made as pages need them
        _CODES.misses += len(missing)
        _CODES.data.setdefault(site_url, {}).update(zip(missing, svgs))


def _make(url: str) -> str:     # in a worker (sent by name, so a test's stand-in is used there too)
    return qr_svg(url)


def used() -> dict[str, dict[str, str]]:
    """The codes this process made or used, by site address."""
    return _CODES.data
