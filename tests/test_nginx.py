"""A published site served by Debian's nginx with scripts/nginx.conf, read in Chromium (issue #4)."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from browsing import Recorder, search
from campaign_fixtures import add_progress
from conftest import BIN, ENV, ROOT, copy_repo

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
HASHED = ["assets/javascripts/bundle.*.min.js", "assets/javascripts/workers/search.*.min.js",
          "assets/stylesheets/main.*.min.css"]
YEAR = "public, max-age=31536000, immutable"
MARKER = "（本句为发布测试添加的新版本标记）"


def nginx_config(dest: Path, port: int, run: Path) -> str:
    """Debian's http{} essentials around scripts/nginx.conf, with only `listen` and `root` changed."""
    server = (ROOT / "scripts" / "nginx.conf").read_text(encoding="utf-8")
    server, listens = re.subn(r"^(\s*)listen\s+[^;]+;", rf"\g<1>listen 127.0.0.1:{port};", server, flags=re.M)
    server, roots = re.subn(r"^(\s*)root\s+[^;]+;", rf"\g<1>root {dest};", server, flags=re.M)
    assert (listens, roots) == (1, 1), "scripts/nginx.conf 应各有一行 listen 和 root"
    temp = "\n".join(f"    {kind}_temp_path {run}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;" if os.geteuid() == 0 else ""   # pytest's temporary directories are private
    return f"""{user}
worker_processes 1;
daemon off;
pid {run}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log off;
{temp}
{server}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def publish(repo: Path, *args: str) -> None:
    result = subprocess.run([str(BIN / "python"), "scripts/publish.py", *args], cwd=repo, env=ENV,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


class Served:
    def __init__(self, repo: Path, dest: Path, port: int):
        self.repo, self.dest, self.port = repo, dest, port
        self.base = f"http://127.0.0.1:{port}/"

    def get(self, path: str) -> tuple[http.client.HTTPResponse, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response, body

    def asset(self, pattern: str) -> str:
        [path] = self.dest.glob(pattern)
        return "/" + path.relative_to(self.dest).as_posix()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    if NGINX is None:
        if os.geteuid() != 0:
            pytest.skip("nginx 未安装，且不是 root、无法自动安装：先运行 sudo apt-get install -y nginx")
        pytest.fail("nginx 未安装：运行 make test（以 root 运行时自动安装），或 apt-get install -y nginx")
    work = tmp_path_factory.mktemp("nginx")
    (work / "repo").mkdir()
    repo = copy_repo(work / "repo")
    add_progress(repo)          # synthetic nominations: the site then has a 推荐人员名单 (CSV) to serve
    dest = work / "www" / "site"
    dest.parent.mkdir()
    publish(repo, "publish", str(dest))
    run = work / "run"
    run.mkdir()
    port = free_port()
    config = run / "nginx.conf"
    config.write_text(nginx_config(dest, port, run), encoding="utf-8")
    args = [NGINX, "-c", str(config), "-p", str(run), "-e", str(run / "error.log")]
    tested = subprocess.run(args + ["-t"], capture_output=True, text=True)
    assert tested.returncode == 0, tested.stderr
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30        # waiting for nginx to listen, not a test of speed
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = run / "error.log"
                    pytest.fail("nginx 未能启动：" + (log.read_text(errors="replace") if log.exists() else ""))
                time.sleep(0.05)
        yield Served(repo, dest, port)
    finally:
        server.terminate()
        server.wait(timeout=30)


def csp_sources(policy: str) -> set[str]:
    return {token for directive in policy.split(";") for token in directive.split()[1:]}


def test_pages_have_a_csp_that_allows_only_the_site(served):
    response, body = served.get("/")
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    policy = response.getheader("Content-Security-Policy")
    assert policy, "首页没有 Content-Security-Policy"
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["frame-ancestors"] == ["'self'"] and directives["object-src"] == ["'none'"]
    assert csp_sources(policy) <= {"'self'", "'none'"}           # no host, no inline script, no eval
    # The rest is in the page (a <meta> policy with its own scripts' hashes): the header must not
    # restrict scripts, or the browser, enforcing both, would block the page's allowed ones.
    assert "script-src" not in directives and "default-src" not in directives
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', body.decode("utf-8"))
    assert meta and "default-src 'self'" in meta.group(1) and "'unsafe-inline'" not in meta.group(1)
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cache-Control") == "no-cache"
    assert "楷模档案" in body.decode("utf-8")


@pytest.mark.parametrize("pattern", HASHED)
def test_hashed_assets_are_cached_for_a_year(served, pattern):
    response, _ = served.get(served.asset(pattern))
    assert response.status == 200
    assert response.getheader("Cache-Control") == YEAR
    kind = "text/css" if pattern.endswith(".css") else "application/javascript"
    assert response.getheader("Content-Type") == f"{kind}; charset=utf-8"


@pytest.mark.parametrize("path, content_type", [
    ("/search/search_index.json", "application/json; charset=utf-8"),
    ("/assets/archive.css", "text/css; charset=utf-8"),
    ("/assets/images/favicon.png", "image/png"),
    ("/sitemap.xml", "text/xml; charset=utf-8"),
    ("/sitemap.xml.gz", "application/gzip"),
    ("/feed.xml", "text/xml; charset=utf-8"),
    ("/data/people.json", "application/json; charset=utf-8"),
    ("/data/nominations.csv", "text/csv; charset=utf-8"),           # downloaded, not shown as text
    ("/people/tu-youyou/", "text/html; charset=utf-8"),
])
def test_files_that_keep_their_name_are_revalidated(served, path, content_type):
    response, _ = served.get(path)
    assert response.status == 200
    assert response.getheader("Content-Type") == content_type
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("Content-Security-Policy")


def test_directory_without_slash_redirects_relatively(served):
    response, _ = served.get("/people")
    assert response.status == 301
    assert response.getheader("Location") == "/people/"


def test_missing_page_gets_the_404_page(served):
    response, body = served.get("/no/such/page/")
    assert response.status == 404
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Content-Security-Policy")
    assert body == (served.dest / "404.html").read_bytes()


def test_the_publishers_dot_files_are_not_served(served):
    assert (served.dest / ".release-complete").exists()        # make publish's marker is there …
    response, body = served.get("/.release-complete")
    assert response.status == 404                             # … but not for readers
    assert body == (served.dest / "404.html").read_bytes()


WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));"""


def test_reader_browses_and_searches_through_nginx_under_its_csp(served, browser):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(WATCH_CSP)
    recorder = Recorder(context, served.base)
    errors, violations = [], []
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))

    def look(url_part: str) -> str:
        page.wait_for_url(served.base + url_part)
        page.wait_for_load_state("networkidle")
        violations.extend(page.evaluate("window.__csp"))
        return page.locator("article").inner_text()

    page.goto(served.base)
    look("")
    page.get_by_role("link", name="楷模人物").first.click()
    look("people/")
    page.get_by_role("link", name="屠呦呦").first.click()
    assert "青蒿素" in look("people/tu-youyou/")
    results = search(page, "卫办发〔2012〕31号")
    assert served.base + "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/" in results
    page.locator('.md-search-result__item > a[href*="weishengbu-zhiye-jingshen-dataolun-tongzhi-2012"]').first.click()
    assert "发文字号" in look("policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/**")
    assert errors == []

    response = page.goto(served.base + "no/such/page/")
    assert response.status == 404
    assert "页面不存在" in look("no/such/page/")
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    context.close()

    assert violations == []
    assert errors == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]  # the page
    assert recorder.outside() == []
    assert [f for f in recorder.failed if "no/such/page" not in f] == []
    assert any(u.endswith("search/search_index.json") for u in recorder.requests)


def test_publish_and_rollback_switch_what_nginx_serves(served):
    """Without reloading nginx: the symlink switch is what readers see at once."""
    person = served.repo / "profiles" / "people" / "tu-youyou.md"
    original = person.read_text(encoding="utf-8")
    person.write_text(original + f"\n{MARKER}\n", encoding="utf-8")
    try:
        publish(served.repo, "publish", str(served.dest))
    finally:
        person.write_text(original, encoding="utf-8")
    response, body = served.get("/people/tu-youyou/")
    assert response.status == 200 and MARKER in body.decode("utf-8")
    publish(served.repo, "rollback", str(served.dest))
    response, body = served.get("/people/tu-youyou/")
    assert response.status == 200 and MARKER not in body.decode("utf-8")
    assert "屠呦呦" in body.decode("utf-8")
