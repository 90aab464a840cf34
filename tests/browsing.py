"""Helpers for the hosting tests: a plain static server (optionally under a sub-path) and a
Chromium context that records every request the pages make."""
from __future__ import annotations

import contextlib
import functools
import re
import http.server
import shutil
import sys
import threading
import urllib.parse
from pathlib import Path

CHROMIUM = shutil.which("chromium")
# The same flags as tests/test_browser.py: no background requests of Chromium's own.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NO_CHROMIUM = "chromium 未安装：运行 make test 会自动安装"
SEARCH_STARTING = "正在初始化搜索引擎"      # Material's zh text until the search index is loaded
# How many results the search worker shows first (docs/overrides/…/archive-search.js).
_WORKER = Path(__file__).resolve().parents[1] / "docs/overrides/assets/javascripts/workers/archive-search.js"
FIRST_SHOWN = int(re.search(r"const FIRST_SHOWN = (\d+);", _WORKER.read_text(encoding="utf-8")).group(1))


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` at `prefix` only; anything else, and missing files, get 404.html with 404."""

    prefix = "/"

    def __init__(self, *args, directory: str, prefix: str, **kwargs):
        self.prefix = prefix
        super().__init__(*args, directory=directory, **kwargs)

    def translate_path(self, path: str) -> str:
        bare = urllib.parse.urlsplit(path).path
        if not bare.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside")   # never exists
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)   # the browser gave up a transfer: fine


@contextlib.contextmanager
def static_server(site: Path, prefix: str = "/"):
    """Yield the base URL (ending in /) at which a plain static server serves `site`."""
    handler = functools.partial(_Handler, directory=str(site), prefix=prefix)
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


class Recorder:
    """Every request of a browser context (pages and workers), and every answer that failed.

    Requests that would leave `base` are recorded and aborted, so that a regression fails the
    test at once instead of waiting for an unreachable host."""

    def __init__(self, context, base: str):
        self.base = base
        self.requests: list[str] = []
        self.failed: list[str] = []
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        # ERR_ABORTED: the reader moved on before a request finished (not a failure of the site).
        context.on("requestfailed", lambda r: "ERR_ABORTED" in (r.failure or "")
                   or self.failed.append(f"{r.failure} {r.url}"))
        context.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            route.abort()

    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.base, "data:", "blob:"))]


def search(page, query: str) -> list[str]:
    """Enter `query` in Material's search box like a reader; the result links shown."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function(f"""() => {{
        const meta = document.querySelector('.md-search-result__meta');
        return meta && !meta.textContent.includes({SEARCH_STARTING!r}); }}""", timeout=30000)
    # Material searches on keyup (and when its index has loaded). Chinese reaches the box as text
    # from the input method, which ends with a key press (space or Enter to choose the characters):
    # the whole query at once, then End for that key, so only the full query is ever searched.
    box.fill(query)
    box.press("End")
    page.locator(".md-search-result__item > a").first.wait_for(timeout=15000)
    # The worker shows its best FIRST_SHOWN results first, then all of them once their pages'
    # titles have loaded: with that many shown, the rest may still come (a test reading the first
    # answer under load missed a result ranked sixth).
    try:
        page.wait_for_function(f"() => document.querySelectorAll('.md-search-result__item > a').length > {FIRST_SHOWN}",
                               timeout=3000)
    except PlaywrightTimeout:       # exactly that many results
        pass
    links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => a.href)")
    return [re.split(r"[?#]", link)[0] for link in links]     # without Material's ?h=highlight


def launch_browser():
    """Debian's chromium through Playwright (no browser download), or skip with the reason."""
    import pytest
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()
