"""Benchmark: `make bench N=1000`.

Generates N synthetic but valid person profiles (Chinese text of ~1,500 characters,
realistic front matter) plus policies that mention them, in a temporary copy of the
repository; then, in the same run, builds (a) the archive and (b) stock mkdocs-material
(`language: zh`, default search, pages out of the nav) on Markdown pages with the same
text. Then measures, on the archive's site: in Chromium (if installed), what a reader's first
search downloads and how long results take after the last key press; and under a real
`mkdocs serve`, the seconds from saving one profile to the rebuilt page being served with the
change. Prints a table and, as its last line, one line of JSON (README "性能").
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Builds run as Python runs by default: compiled modules are kept (`make` and some shells say
# otherwise; the archive's hooks would then be compiled again by every build, stock has none).
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "NO_MKDOCS_2_WARNING": "1"}
# Both sites are built as they are published, with the site's address (README "部署"): the
# archive's pages then carry QR codes. `--site-url ""` builds without (as a local `make build`).
SITE_URL = "http://archive.example.internal/"
# Every build and server runs under this prefix: [] for all cores, or taskset to pin them to the
# first N (`--cores N`): the comparison with stock on one core, where the archive's second
# process brings nothing (README "性能").
PIN: list[str] = []

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志文斌海云德义忠诚孟振永怀保仁扬大年稼先学森呦彬"


def corpus_words() -> list[str]:
    """Words of the real policy texts: synthetic text reads like the archive's."""
    import jieba
    jieba.setLogLevel(60)
    text = "".join(p.read_text(encoding="utf-8").split("---", 2)[-1] for p in (ROOT / "profiles/policies").glob("*.md"))
    return [w for w in jieba.cut(re.sub(r"[#*\\\s]", "", text)) if w.strip()]


def paragraph(rng: random.Random, words: list[str], chars: int) -> str:
    out, n = [], 0
    while n < chars:
        start = rng.randrange(len(words) - 40)
        sentence = "".join(words[start:start + rng.randint(12, 30)]).strip("，、；") + "。"
        out.append(sentence)
        n += len(sentence)
    return "".join(out)


def generate(root: Path, n: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """Write N person profiles and N/10 policies; return (id, name, body) of each person."""
    rng, words = random.Random(seed), corpus_words()
    honours = yaml.safe_load((ROOT / "profiles/vocabularies.yaml").read_text(encoding="utf-8"))["honours"]
    spirits = sorted(p.stem for p in (ROOT / "profiles/spirits").glob("*.md"))
    people, used = [], set()
    for i in range(n):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        pid = f"bench-{i:05d}"
        body = "\n\n".join(paragraph(rng, words, 300) for _ in range(5))
        used.add(name)
        people.append((pid, name, body))
        front = {
            "name": name, "birth": f"{rng.randint(1900, 1990)}", "fields": [rng.choice(["外科", "内科", "药学", "物理学", "天文学"])],
            "honours": [{"name": rng.choice(honours), "year": rng.randint(1980, 2024)}],
            "spirits": rng.sample(spirits, 2), "category": "医学界楷模",
            "abstract": paragraph(rng, words, 60)[:120],
            "sources": [{"title": "合成测试来源", "url": "https://example.org/"}],
            "review": {"status": "待审核"},
        }
        (root / "profiles/people" / f"{pid}.md").write_text(
            "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body + "\n", encoding="utf-8")
    for j in range(max(1, n // 10)):
        mentioned = rng.sample(people, min(5, len(people)))
        body = "\n\n".join(f"{paragraph(rng, words, 200)}学习{p[1]}同志的事迹。" for p in mentioned)
        front = {"title": f"关于开展第{j + 1}期学习活动的通知", "issuers": ["zhonghua-yixuehui"], "date": "2020",
                 "source": {"title": "合成"}, "abstract": "合成测试文件。", "review": {"status": "待审核"}}
        (root / "profiles/policies" / f"bench-policy-{j:04d}.md").write_text(
            "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body + "\n", encoding="utf-8")
    return people


def stock_project(root: Path, people: list[tuple[str, str, str]], site_url: str, search: bool = True) -> None:
    """search=False: the same site without the search plugin, i.e. what MkDocs and Material alone
    take for these pages. How much of stock's time is segmentation differs from machine to
    machine, and the ratio target assumed most of it was (README "性能")."""
    (root / "docs/people").mkdir(parents=True)
    (root / "docs/index.md").write_text("# 首页\n", encoding="utf-8")
    for pid, name, body in people:
        (root / "docs/people" / f"{pid}.md").write_text(f"# {name}\n\n{body}\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        f"site_name: stock\nsite_url: '{site_url}'\ntheme:\n  name: material\n  language: zh\n"
        + ("plugins:\n  - search\n" if search else "plugins: []\n")
        + "nav:\n  - 首页: index.md\nnot_in_nav: |\n  /people/*.md\n", encoding="utf-8")


def _tree_memory_mb(pid: int) -> float:
    """Memory of a process and all its descendants: the sum of their proportional set sizes
    (Pss: pages the build's forked workers share with it are counted once in all)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1))
        except (OSError, AttributeError):
            pass
        todo += children.get(current, [])
    return total / 1024


def timed_build(root: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB; the build and its workers together, sampled every 0.2 s)
    of one `mkdocs build` in a child process."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        start = time.perf_counter()
        build = subprocess.Popen([*PIN, str(BIN / "mkdocs"), "build", "-q"], cwd=root, env=ENV, stdout=log, stderr=log)
        peak = 0.0
        while build.poll() is None:
            peak = max(peak, _tree_memory_mb(build.pid))
            with contextlib.suppress(subprocess.TimeoutExpired):
                build.wait(0.2)         # returns as soon as the build ends
        seconds = time.perf_counter() - start
        if build.returncode != 0:
            log.seek(0)
            sys.exit(f"构建失败（{root}）：\n{log.read()}")
    return seconds, peak


def wait_until_served(url: str, tries: int, pause: float) -> None:
    """Until a server just started answers (or the tries run out)."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(pause)


def reload_seconds(root: Path, pid: str) -> float:
    """Seconds from saving one profile to its rebuilt page under `mkdocs serve`."""
    profile = root / "profiles/people" / f"{pid}.md"
    return _served_after_edit(root, f"people/{pid}/", profile,
                              lambda text, marker: text.replace("\n---\n", f"\n---\n{marker}\n\n", 1))


def reload_floor_seconds(tmp: Path) -> float:
    """The same for a one-page project of stock MkDocs: what `mkdocs serve` itself takes to
    notice a change (it polls every 0.5 s) and serve the page again, on this machine, now."""
    root = tmp / "floor"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: floor\n", encoding="utf-8")
    page = root / "docs/index.md"
    page.write_text("# 一页\n\n正文。\n", encoding="utf-8")
    return _served_after_edit(root, "", page, lambda text, marker: text + f"\n{marker}\n")


def reload_stock_seconds(bare: Path, pid: str) -> float:
    """The same for stock MkDocs (without its search plugin) on the same pages: what MkDocs itself
    takes to rebuild a site of this size (it renders every page on every rebuild)."""
    return _served_after_edit(bare, f"people/{pid}/", bare / "docs/people" / f"{pid}.md",
                              lambda text, marker: text.replace("\n\n", f"\n\n{marker}\n\n", 1))


def _served_after_edit(root: Path, path: str, edited: Path, edit) -> float:
    port = 8900 + os.getpid() % 90
    server = subprocess.Popen([*PIN, str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{path}"
    try:
        wait_until_served(url, tries=600, pause=0.5)
        marker = f"基准测试标记{time.time_ns()}"
        edited.write_text(edit(edited.read_text(encoding="utf-8"), marker), encoding="utf-8")
        start = time.perf_counter()
        while time.perf_counter() - start < 600:
            try:
                if marker in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                    return time.perf_counter() - start
            except OSError:
                pass
            time.sleep(0.1)
        return float("nan")
    finally:
        server.terminate()
        server.wait()


SEARCH_FILES = ("search/", "assets/javascripts/workers/")
REPEAT = 3      # fresh browser contexts per query: the median of each, the slowest query reported
TYPING_MS = 500  # from the search box being ready to the last key press (typing a name: 2–3 characters)


def web_server(site: Path, port: int) -> subprocess.Popen:
    """The site served as readers get it: Debian's nginx with scripts/nginx.conf (`make test`
    installs it), else Python's http.server, each in its own process."""
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if nginx is None:
        return subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                 "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run = site.parent / "nginx-run"
    run.mkdir(exist_ok=True)
    server = (ROOT / "scripts/nginx.conf").read_text(encoding="utf-8")
    server = re.sub(r"^(\s*)listen\s+[^;]+;", rf"\g<1>listen 127.0.0.1:{port};", server, flags=re.M)
    server = re.sub(r"^(\s*)root\s+[^;]+;", rf"\g<1>root {site};", server, flags=re.M)
    temp = "\n".join(f"{kind}_temp_path {run}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;" if os.geteuid() == 0 else ""
    (run / "nginx.conf").write_text(
        f"{user}\nworker_processes 1;\ndaemon off;\npid {run}/nginx.pid;\nerror_log {run}/error.log;\n"
        f"events {{ worker_connections 64; }}\nhttp {{\ninclude /etc/nginx/mime.types;\n"
        f"default_type application/octet-stream;\nsendfile on;\naccess_log off;\n{temp}\n{server}\n}}\n",
        encoding="utf-8")
    return subprocess.Popen([nginx, "-c", str(run / "nginx.conf"), "-e", str(run / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def browser_search(site: Path, queries: list[str]) -> tuple[float, float] | None:
    """In Chromium, each query in a fresh browser context (nothing cached): the KB of search files
    (worker, index settings, shards) downloaded from opening the page to the results, and the ms
    from the last key press to the first result shown (median of REPEAT tries). Returns the
    largest over the queries, or None without chromium (`make test` installs it)."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from browsing import CHROMIUM, FLAGS
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if CHROMIUM is None:
        return None
    watch = """(() => {
        const box = document.querySelector('input.md-search__input');
        const list = document.querySelector('.md-search-result__list');
        window.__t0 = 0; window.__t1 = 0;
        // the last change of the box's text: a key, or an input method's text (search-input.js searches on it)
        const start = () => { window.__t0 = performance.now(); window.__t1 = 0; };
        box.addEventListener('keydown', start, true);
        box.addEventListener('input', start, true);
        new MutationObserver(() => { if (window.__t0 && !window.__t1 && list.children.length)
            window.__t1 = performance.now(); }).observe(list, {childList: true});
    })()"""
    worst_kb, times = 0.0, {}
    port = 8800 + os.getpid() % 90
    server = web_server(site, port)
    base = f"http://127.0.0.1:{port}/"
    wait_until_served(base, tries=100, pause=0.1)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for query, _ in [(q, n) for q in queries for n in range(REPEAT)]:
                context = browser.new_context(locale="zh-CN")
                fetched: list[str] = []
                context.on("request", lambda r: fetched.append(r.url))
                page = context.new_page()
                page.goto(base)
                page.evaluate(watch)
                box = page.locator("input.md-search__input")
                box.click()
                page.wait_for_function("""() => !document.querySelector('.md-search-result__meta')
                    .textContent.includes('正在初始化')""", timeout=60000)
                # A reader then types, which takes a while: a query sent the instant the box is ready
                # competes with the page's own start-up in the browser and measured about twice as
                # slow here (README "性能").
                page.wait_for_timeout(TYPING_MS)
                box.fill(query)          # as an input method delivers Chinese: all at once, no key
                                         # press after it (docs/assets/search-input.js searches then)
                page.wait_for_function("() => window.__t1 > 0", timeout=60000)
                times.setdefault(query, []).append(page.evaluate("() => window.__t1 - window.__t0"))
                paths = {u[len(base):].split("?")[0] for u in fetched if u.startswith(base)}
                size = sum((site / path).stat().st_size for path in paths
                           if path.startswith(SEARCH_FILES) and (site / path).is_file())
                worst_kb = max(worst_kb, size / 1024)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    for query, ms in times.items():
        print(f"  搜索“{query}”：{' '.join(f'{t:.0f}' for t in ms)} 毫秒", file=sys.stderr)
    return worst_kb, max(statistics.median(ms) for ms in times.values())


def _num(value: float, digits: int = 1):
    return None if value != value else round(value, digits)


def words_pinyin_of(name: str) -> str:
    sys.path.insert(0, str(ROOT / "hooks"))
    from archive.domain.pinyin import person_pinyin
    return person_pinyin(name).lower().replace(" ", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("--no-reload", action="store_true", help="skip the mkdocs serve measurement")
    parser.add_argument("--site-url", default=SITE_URL, help=f"the sites' address (default {SITE_URL})")
    parser.add_argument("--cores", type=int, default=0, help="pin every build and server to the first N cores (taskset)")
    args = parser.parse_args()
    ENV["SITE_URL"] = args.site_url
    if args.cores:
        PIN[:] = ["taskset", "-c", f"0-{args.cores - 1}"]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        archive, stock, bare = Path(tmp) / "archive", Path(tmp) / "stock", Path(tmp) / "stock-nosearch"
        archive.mkdir()
        for name in ("mkdocs.yml", "docs", "hooks", "profiles", "CONTRIBUTING.md"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, archive / name)
        people = generate(archive, args.n)
        stock_project(stock, people, args.site_url)
        stock_project(bare, people, args.site_url, search=False)
        archive_s, peak = timed_build(archive)      # cold: no conversions kept from an earlier build
        stock_s, _ = timed_build(stock)
        bare_s, _ = timed_build(bare)
        warm_s, _ = timed_build(archive)            # again, as an editor's next build: .cache/ reused
        pages = [p for folder in ("people", "policies") for p in (archive / "site" / folder).glob("*/index.html")]
        page_kb_max = max(p.stat().st_size for p in pages) / 1024
        stock_index_kb = (stock / "site/search/search_index.json").stat().st_size / 1024
        # a name, its pinyin, a frequent topic word and a two-word query
        name = people[len(people) // 2][1]
        measured = browser_search(archive / "site", [name, words_pinyin_of(name), "医疗卫生", f"{name} 精神"])
        search_first_kb, search_ms = measured if measured else (float("nan"), float("nan"))
        reload_s = float("nan") if args.no_reload else reload_seconds(archive, people[0][0])
        floor_s = float("nan") if args.no_reload else reload_floor_seconds(Path(tmp))
        stock_reload_s = float("nan") if args.no_reload else reload_stock_seconds(bare, people[0][0])
    load = os.getloadavg()[0]
    result = {"profiles": args.n, "archive_s": round(archive_s, 2), "stock_s": round(stock_s, 2),
              "ratio": round(archive_s / stock_s, 3), "archive_warm_s": round(warm_s, 2),
              "ratio_warm": round(warm_s / stock_s, 3), "stock_nosearch_s": round(bare_s, 2),
              "ratio_stock_nosearch": round(bare_s / stock_s, 3), "peak_rss_mb": round(peak, 1),
              "page_kb_max": round(page_kb_max, 1), "search_first_kb": _num(search_first_kb),
              "reload_s": _num(reload_s, 2), "reload_floor_s": _num(floor_s, 2), "reload_stock_nosearch_s": _num(stock_reload_s, 2), "search_ms": _num(search_ms, 0),
              "stock_search_first_kb": round(stock_index_kb, 1), "load_avg": round(load, 2),
              "site_url": args.site_url, "cores": args.cores or len(os.sched_getaffinity(0))}
    labels = {"profiles": "档案数", "archive_s": "本站构建（秒）", "stock_s": "原版 Material 构建（秒）",
              "ratio": "耗时比", "archive_warm_s": "本站再次构建（秒，用缓存）", "ratio_warm": "再次构建耗时比",
              "stock_nosearch_s": "原版不建搜索索引（秒）", "ratio_stock_nosearch": "原版不建搜索索引的耗时比", "peak_rss_mb": "峰值内存（MB）", "page_kb_max": "最大档案页（KB）",
              "search_first_kb": "首次搜索下载（KB）", "reload_s": "保存到页面更新（秒）",
              "reload_floor_s": "原版 serve 单页更新（秒）",
              "reload_stock_nosearch_s": "原版不建索引 serve 同样页面更新（秒）",
              "search_ms": "按键到显示结果（毫秒）", "stock_search_first_kb": "原版首次搜索下载（KB）",
              "load_avg": "结束时系统负载", "site_url": "网站地址（SITE_URL）", "cores": "所用核数"}
    for key, label in labels.items():
        print(f"{label:<24}{result[key]}")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
