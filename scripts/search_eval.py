"""Search evaluation (`make search-eval`, README "搜索"): how well the site's search answers readers.

Each query of tests/data/search_eval/tuning.yaml and heldout.yaml is typed into the search box of
the built site in Chromium (the site's own search script, served as readers get it), and the
result links shown are read. A query is a hit at k when one of its expected pages is among the
first k links. Printed for each half: hits@1, hits@3, MRR (mean of 1/rank of the first expected
page among the links shown, 0 if none) and the number of queries with no result at all; then the
queries that missed the first three, with what was shown.

The site is built first (`mkdocs build --strict` into site/), unless --site names a built one.
The tuning half may guide changes to the search; the held-out half never changes (its file says so).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from archive.domain.frontmatter import safe_load  # noqa: E402

SETS = ROOT / "tests" / "data" / "search_eval"
HALVES = ("tuning", "heldout")
LABELS = {"tuning": "调优集", "heldout": "保留集"}
PLACEHOLDER = "键入以开始搜索"          # Material's zh text for an empty box
STARTING = "正在初始化搜索引擎"         # … and until its search worker is ready
SETTLED_MS = 400                        # the results count as shown once the list is still this long


def load_set(half: str) -> list[dict]:
    """The queries of one half: [{query, kind, expected: [site paths]}]."""
    path = SETS / f"{half}.yaml"
    entries = safe_load(path.read_text(encoding="utf-8")) or []
    for n, entry in enumerate(entries, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("query"), str) and entry["query"].strip()
                and isinstance(entry.get("expected"), list) and entry["expected"]):
            raise SystemExit(f"{path.relative_to(ROOT)}：第 {n} 条应写成 {{query: …, kind: …, expected: [页面地址, …]}}")
        entry["query"] = str(entry["query"])
        entry["expected"] = [str(p) for p in entry["expected"]]
    return entries


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    print(f"构建网站到 {site} ……", file=sys.stderr)
    result = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit("网站构建失败（见上）")


def missing_pages(site: Path, sets: dict[str, list[dict]]) -> list[str]:
    """Expected pages that the site does not have: the set would measure nothing there."""
    out = []
    for half, entries in sets.items():
        for entry in entries:
            for path in entry["expected"]:
                if not (site / path / "index.html").is_file():
                    out.append(f"{half}.yaml：“{entry['query']}”的 {path} 在网站中不存在")
    return out


WATCH = """() => {
    const list = document.querySelector('.md-search-result__list');
    const meta = document.querySelector('.md-search-result__meta');
    window.__evalChanged = performance.now();
    const seen = () => { window.__evalChanged = performance.now(); };
    const observer = new MutationObserver(seen);
    observer.observe(list, {childList: true, subtree: true, characterData: true});
    observer.observe(meta, {childList: true, subtree: true, characterData: true});
}"""

SETTLED = """([placeholder, quiet]) => {
    const meta = document.querySelector('.md-search-result__meta').textContent.trim();
    return meta !== placeholder && performance.now() - window.__evalChanged > quiet;
}"""

LINKS = """() => [...document.querySelectorAll('.md-search-result__item > a')].map(a => a.href)"""


def shown(page, base: str, query: str) -> list[str]:
    """Type the query into the search box; the site paths of the result links shown, in order."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press("End")                   # Material searches on keyup: an empty box shows the placeholder
    page.wait_for_function(f"() => document.querySelector('.md-search-result__meta').textContent.trim() === {PLACEHOLDER!r}",
                           timeout=10000)
    # As a reader's input method delivers Chinese: the text at once, then a key (Material reads keyup).
    box.fill(query)
    box.press("End")
    page.wait_for_function(SETTLED, arg=[PLACEHOLDER, SETTLED_MS], timeout=20000, polling=50)
    links = page.evaluate(LINKS)
    out = []
    for link in links:
        link = link.split("#")[0].split("?")[0]
        out.append(link[len(base):] if link.startswith(base) else link)
    return out


def measure(site: Path, sets: dict[str, list[dict]]) -> dict[str, list[dict]]:
    from browsing import CHROMIUM, FLAGS, NO_CHROMIUM, static_server
    from playwright.sync_api import sync_playwright
    if CHROMIUM is None:
        raise SystemExit(NO_CHROMIUM)
    results: dict[str, list[dict]] = {}
    with static_server(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(base)
        page.locator("input.md-search__input").click()
        page.wait_for_function(f"() => !document.querySelector('.md-search-result__meta').textContent.includes({STARTING!r})",
                               timeout=60000)
        page.evaluate(WATCH)
        for half, entries in sets.items():
            results[half] = []
            for entry in entries:
                started = time.monotonic()
                links = shown(page, base, entry["query"])
                rank = next((n for n, link in enumerate(links, 1) if link in entry["expected"]), None)
                results[half].append({**entry, "shown": links, "rank": rank,
                                      "seconds": round(time.monotonic() - started, 2)})
        browser.close()
    return results


def figures(rows: list[dict]) -> dict:
    n = len(rows)
    return {"queries": n,
            "hits@1": sum(1 for r in rows if r["rank"] == 1),
            "hits@3": sum(1 for r in rows if r["rank"] is not None and r["rank"] <= 3),
            "mrr": round(sum(1 / r["rank"] for r in rows if r["rank"]) / n, 3) if n else 0.0,
            "zero": sum(1 for r in rows if not r["shown"])}


def report(results: dict[str, list[dict]]) -> dict:
    summary = {}
    for half, rows in results.items():
        f = summary[half] = figures(rows)
        n = f["queries"]
        print(f"{LABELS[half]}（{half}，{n} 条）：hits@1 {f['hits@1']}/{n}（{f['hits@1'] / n:.0%}），"
              f"hits@3 {f['hits@3']}/{n}（{f['hits@3'] / n:.0%}），MRR {f['mrr']:.3f}，无结果 {f['zero']} 条")
    for half, rows in results.items():
        failed = [r for r in rows if r["rank"] is None or r["rank"] > 3]
        if failed:
            print(f"\n{LABELS[half]}中未进前三的查询：")
        for r in failed:
            where = f"第 {r['rank']} 个" if r["rank"] else "不在结果中"
            top = "、".join(r["shown"][:3]) or "（无结果）"
            print(f"  [{r.get('kind', '')}] {r['query']} → 期望 {r['expected'][0]}{'等' if len(r['expected']) > 1 else ''}"
                  f"（{where}）；前三：{top}")
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build into site/)")
    parser.add_argument("--half", choices=HALVES, action="append", help="only this half (may be repeated)")
    parser.add_argument("--json", type=Path, help="also write every query's results here")
    args = parser.parse_args()
    sets = {half: load_set(half) for half in (args.half or HALVES)}
    site = args.site
    if site is None:
        site = ROOT / "site"
        build(site)
    problems = missing_pages(site, sets)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 2
    results = measure(site.resolve(), sets)
    summary = report(results)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "results": results}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
