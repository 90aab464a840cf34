"""XSS fuzzing: public vectors and generated variations, each in one place of a person profile,
must be refused by `scripts/check.py` or be harmless in the built site as Chromium shows it.

For a set of cases (vector × place, tests/xss_corpus.py), in a copy of the repository:
one profile per case; `scripts/check.py`; each profile it reports an error for is REFUSED and
removed; the rest is built (`mkdocs build --strict`, SITE_URL set) into ONE site, served from
127.0.0.1 and opened in Chromium: each case's page and poster, every page that lists them
(people index, browse pages …) and the search results for them. A case FAILS when
- script ran: the vector's call reached `__xss(N)`, or a dialog or a popup opened;
- outside request: a page asked for anything not on 127.0.0.1;
- armed: the page holds an event handler attribute or a javascript:/vbscript:/data:text/html
  URL that runs on a click, a hover or a submit;
- build: the build fails with the case's profile in it (found by bisection), or check crashed.

The normal test run takes a deterministic sample (about 40 cases covering every variation type
and place); `make fuzz` (XSS_FUZZ=all) runs every vector in every place, and
XSS_FUZZ=h5sc-037,gen-srcset-01 the vectors named, in every place. Failures are listed by
cause with vector id and place; the whole report is written as JSON beside the temporary copy
(its path is printed), or to $XSS_FUZZ_REPORT.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from browsing import CHROMIUM, NO_CHROMIUM, Recorder, static_server
from conftest import BIN, ENV, copy_repo
from xss_corpus import EVIL_HOST, FLAG, PLACES, Case, Vector, all_cases, load_vectors, sample_cases

pytestmark = pytest.mark.xss_fuzz

# XSS_FUZZ: unset, the sample; "all", every case; or vector ids (comma-separated), those in every place.
SELECTION = os.environ.get("XSS_FUZZ", "").strip()
TABS = 8                    # pages loading at once
SETTLE_MS = 300             # after a batch has loaded: timers, late image errors, autofocus
SEARCH_MS = 400             # after a query's results are shown
CONTROL_TEXT = "安全测试文字"  # the control cases' text, which must be accepted and shown

_CJK_DIGITS = "零一二三四五六七八九"
_PROBLEM = re.compile(r"^(profiles/people/fz-(\d+)\.md)(?::(\d+))?: (E\d{3}) (提示：)?")
_CASE_NUMBER = re.compile(rf"{FLAG}\W{{0,16}}?(\d{{3,}})|{re.escape(EVIL_HOST)}/(\d{{3,}})")
_CASE_PAGE = re.compile(r"/people/fz-(\d+)/")

# Every element's event handler attributes and script URLs, in every frame the page has.
_ARMED_JS = r"""() => {
  const out = [];
  const urls = ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'poster'];
  const runs = value => {             // the URL as the browser parses it (control characters and all)
    try {
      const url = new URL(value, document.baseURI);
      return ['javascript:', 'vbscript:'].includes(url.protocol)
        || (url.protocol === 'data:' && /^\s*text\/html/i.test(decodeURIComponent(url.pathname)));
    } catch (e) { return false; }
  };
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if ((name.startsWith('on') && a.value.trim()) || name === 'srcdoc' || (urls.includes(name) && runs(a.value)))
        out.push(`<${el.localName} ${name}="${a.value}">`);
    }
  }
  return out;
}"""


def _token(number: int) -> str:
    """A Latin word, the same for every place of one vector, for searching its profiles."""
    group, letters = max(number - 1000, -len(PLACES)) // len(PLACES) + 1, ""
    for _ in range(4):
        group, rest = divmod(group, 26)
        letters += chr(ord("a") + rest)
    return "fuzz" + letters


def profile(case: Case) -> str:
    """A small valid person profile with the case's vector in the case's place."""
    v = case.text()

    def at(place: str, default: str) -> str:
        return v if case.place == place else default

    meta = {
        "name": at("name", "模糊测试" + "".join(_CJK_DIGITS[int(d)] for d in str(case.number))),
        "alt_names": [_token(case.number)] + ([v] if case.place == "alt_names" else []),
        "abstract": at("abstract", "用于安全测试的虚构人物。"),
        "positions": [{"organization": at("positions.organization", "测试机构"),
                       "title": at("positions.title", "研究员")}],
        "honours": [{"name": "时代楷模", "year": 2020, "conferrer": at("honours.conferrer", "中共中央宣传部")}],
        "works": [at("works", "测试成果")],
        "sources": [{"title": at("sources.title", "测试来源"), "url": "https://example.org/"}],
        "review": {"status": "待审核", **({"note": v} if case.place == "review.note" else {})},
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=2 ** 31 - 1)
    return f"---\n{front}---\n{at('body', '用于安全测试的虚构人物的生平。')}\n"


def control_cases() -> list[Case]:
    """Plain text in every place: must pass the check and show on the page (else the run proves nothing)."""
    control = Vector("control", "control", "control", CONTROL_TEXT)
    return [Case(100 + j, control, place) for j, place in enumerate(PLACES)]


@dataclass
class Report:
    cases: dict[int, Case]
    refused: dict[int, list[str]] = field(default_factory=dict)        # number -> ["line:code", …]
    failures: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)           # what limits the run, not a failure
    pages: int = 0
    listings: list[str] = field(default_factory=list)          # the pages opened that list cases
    searches: int = 0
    times: dict[str, float] = field(default_factory=dict)

    def fail(self, cause: str, number: int | None, detail: str) -> None:
        case = self.cases.get(number) if number is not None else None
        who = f"{case.label} (fz-{case.number})" if case else "(no case)"
        line = f"{who}: {detail}"
        if line not in self.failures[cause]:
            self.failures[cause].append(line)

    def guess(self, url: str) -> list[int]:
        """The cases built whose text names the host of `url` (a request from a page that lists many)."""
        host = urllib.parse.urlsplit(url).netloc
        return [n for n, c in sorted(self.cases.items())
                if host and n not in self.refused and host in c.text()] if host else []

    def summary(self) -> str:
        kinds = defaultdict(int)
        for case in self.cases.values():
            kinds[case.vector.source] += 1
        codes = defaultdict(int)
        for problems in self.refused.values():
            for code in {p.split(":")[1] for p in problems}:
                codes[code] += 1
        lines = [f"{len(self.cases)} cases ({', '.join(f'{k}: {n}' for k, n in sorted(kinds.items()))}); "
                 f"refused by check: {len(self.refused)} ({', '.join(f'{k} {n}' for k, n in sorted(codes.items()))}); built and opened: {len(self.cases) - len(self.refused)}; "
                 f"pages opened: {self.pages} (listing cases: {' '.join(self.listings) or 'none'}); searches: {self.searches}; "
                 f"times: {', '.join(f'{k} {v:.1f} s' for k, v in self.times.items())}"]
        lines += [f"note: {note}" for note in self.notes]
        for cause, items in sorted(self.failures.items()):
            lines.append(f"-- {cause}: {len(items)}")
            lines += [f"   {item}" for item in sorted(items)]
        return "\n".join(lines)

    def as_json(self) -> dict:
        return {"cases": {c.number: c.label for c in self.cases.values()},
                "refused": {self.cases[n].label: codes for n, codes in sorted(self.refused.items())},
                "failures": self.failures, "notes": self.notes, "pages": self.pages, "listings": self.listings, "searches": self.searches, "times": self.times}


# -- check and build ---------------------------------------------------------------------
def _run(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env or ENV, capture_output=True, text=True,
                          timeout=3600, errors="replace")


def refuse(root: Path, report: Report) -> None:
    """Run scripts/check.py: every fuzz profile it reports an error for is refused and removed."""
    result = _run([str(BIN / "python"), "scripts/check.py"], root)
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        report.fail("check crashed", None, (result.stdout + result.stderr)[-2000:])
    for line in result.stdout.splitlines():
        m = _PROBLEM.match(line)
        if m and not m.group(5):                                   # an error, not advice
            report.refused.setdefault(int(m.group(2)), []).append(f"{m.group(3) or 0}:{m.group(4)}")
    for number, problems in report.refused.items():
        if all(p.startswith("0:") for p in problems):
            report.notes.append(f"{report.cases[number].label} refused without a line number: {problems}")
        (root / "profiles" / "people" / f"fz-{number}.md").unlink(missing_ok=True)


def _build(root: Path, site: Path, site_url: str) -> subprocess.CompletedProcess:
    env = {**ENV, "SITE_URL": site_url}
    return _run([str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)], root, env)


def build(root: Path, site: Path, site_url: str, report: Report, numbers: list[int]) -> bool:
    """Build the site; when the build fails, find the profiles it fails on by bisection (each is
    a failure), and build without them."""
    result = _build(root, site, site_url)
    if result.returncode == 0:
        return True
    held = root / "held"
    held.mkdir(exist_ok=True)
    people = root / "profiles" / "people"

    def only(subset: list[int]) -> subprocess.CompletedProcess:
        for n in numbers:
            src, out = people / f"fz-{n}.md", held / f"fz-{n}.md"
            if n in subset and out.exists():
                out.rename(src)
            elif n not in subset and src.exists():
                src.rename(out)
        return _build(root, site, site_url)

    def culprits(subset: list[int]) -> list[tuple[int, str]]:
        result = only(subset)
        if result.returncode == 0:
            return []
        if len(subset) == 1:
            return [(subset[0], (result.stdout + result.stderr).strip().splitlines()[-3:])]
        half = len(subset) // 2
        return culprits(subset[:half]) + culprits(subset[half:])

    bare = only([])
    if bare.returncode != 0:
        report.fail("build", None, "the site does not build without any fuzz profile: "
                    + (bare.stdout + bare.stderr)[-1500:])
        return False
    bad = culprits(numbers)
    for n, tail in bad:
        report.fail("build", n, "mkdocs build --strict fails: " + " | ".join(tail))
    good = [n for n in numbers if n not in {n for n, _ in bad}]
    final = only(good)
    for n in {n for n, _ in bad}:
        numbers.remove(n)
    if final.returncode != 0:
        report.fail("build", None, "no build with the remaining profiles: " + (final.stdout + final.stderr)[-1500:])
        return False
    return True


# -- the browser ---------------------------------------------------------------------------
def _number_in(text: str) -> int | None:
    m = _CASE_NUMBER.search(text)
    return int(m.group(1) or m.group(2)) if m else None


def _page_case(url: str) -> int | None:
    m = _CASE_PAGE.search(url)
    return int(m.group(1)) if m else None


class Watcher:
    """A browser context that reports what vectors do: __xss calls, dialogs, popups, requests
    that leave `base` (aborted at once), and armed handlers or script URLs left in pages."""

    def __init__(self, browser, base: str, report: Report):
        self.base, self.report = base, report
        self.context = browser.new_context(locale="zh-CN")
        self.recorder = Recorder(self.context, base)      # aborts what leaves base
        self.context.expose_binding(FLAG, self._ran)
        self.context.add_init_script(f"window.print = function () {{ {FLAG}('print()'); }};")
        self.context.on("request", self._request)

    def _ran(self, source, *args):
        frame = source.get("frame")
        url = frame.url if frame else "?"
        number = args[0] if args and isinstance(args[0], int) else _number_in(str(args[:1]))
        if number is None and args and isinstance(args[0], list) and args[0]:       # __xss`N`
            number = _number_in(f"{FLAG}({args[0][0]})")
        number = number if number is not None else _page_case(url)
        self.report.fail("script ran", number, f"{FLAG}{tuple(args)!r} on {url.removeprefix(self.base)}")

    def _request(self, request):
        url = request.url
        if url.startswith((self.base, "data:", "blob:", "about:")):
            return
        try:
            where = request.frame.page.url
        except Exception:                       # a worker's request
            where = "?"
        number = _number_in(url) or _page_case(where)
        detail = f"{url} from {where.removeprefix(self.base) or '/'}"
        if number is None and self.report.guess(url):     # from a page listing many cases
            for guess in self.report.guess(url):
                self.report.fail("outside request", guess, detail + " (case found by the host)")
        else:
            self.report.fail("outside request", number, detail)

    def _popup(self, tab, popup):
        self.report.fail("script ran", _number_in(popup.url) or _page_case(tab.url),
                         f"a popup opened ({popup.url}) from {tab.url.removeprefix(self.base)}")
        popup.close()

    def _dialog(self, tab, dialog):
        self.report.fail("script ran", _number_in(dialog.message) or _page_case(tab.url),
                         f"{dialog.type} dialog {dialog.message!r} on {tab.url.removeprefix(self.base)}")
        try:
            dialog.dismiss()
        except Exception:
            pass

    def tab(self):
        tab = self.context.new_page()
        tab.on("dialog", lambda dialog: self._dialog(tab, dialog))
        tab.on("popup", lambda popup: self._popup(tab, popup))
        return tab

    def armed(self, tab) -> None:
        for frame in tab.frames:
            try:
                found = frame.evaluate(_ARMED_JS)
            except Exception:                   # a frame that went away or is not ours to read
                continue
            for html in found:
                number = _number_in(html) or _page_case(tab.url)
                self.report.fail("armed (runs on click, hover or submit)", number,
                                 f"{html[:200]} on {tab.url.removeprefix(self.base)}")

    def visit(self, urls: list[str]) -> None:
        """Open each page, TABS at a time, until loaded and settled; then look for armed markup."""
        tabs = [self.tab() for _ in range(min(TABS, len(urls)))]
        for start in range(0, len(urls), TABS):
            batch = list(zip(tabs, urls[start:start + TABS]))
            for tab, url in batch:
                try:
                    tab.goto(self.base + url, wait_until="commit", timeout=30000)
                except Exception as err:
                    self.report.fail("page did not load", _page_case("/" + url), f"{url}: {err}".splitlines()[0])
            for tab, url in batch:
                try:
                    tab.wait_for_load_state("load", timeout=30000)
                except Exception as err:
                    self.report.fail("page did not load", _page_case("/" + url), f"{url}: {err}".splitlines()[0])
            batch[0][0].wait_for_timeout(SETTLE_MS)
            for tab, url in batch:
                self.armed(tab)
            self.report.pages += len(batch)
        for tab in tabs:
            tab.close()

    def search(self, tokens: dict[str, list[int]]) -> None:
        """Search for each token on one page, as a reader types, until the results show one of its
        cases (numbers); results render titles and summaries."""
        tab = self.tab()
        tab.goto(self.base)
        box = tab.locator("input.md-search__input")
        box.click()
        tab.wait_for_function("""() => { const m = document.querySelector('.md-search-result__meta');
            return m && !m.textContent.includes('正在初始化搜索引擎'); }""", timeout=30000)
        for token, numbers in tokens.items():
            box.fill(token)
            box.press("End")
            wanted = json.dumps([f"/people/fz-{n}/" for n in numbers])
            try:
                tab.wait_for_function(f"""() => [...document.querySelectorAll('.md-search-result__item a')]
                    .some(a => {wanted}.some(w => a.href.includes(w)))""", timeout=5000)
            except Exception:
                self.report.notes.append(f"search: no result for {token} ({', '.join(self.report.cases[n].label for n in numbers)})")
                continue
            tab.wait_for_timeout(SEARCH_MS)
            self.armed(tab)
            self.report.searches += 1
        tab.close()

    def close(self) -> None:
        self.context.close()


def listing_pages(site: Path, numbers: set[int]) -> list[str]:
    """Every page but the cases' own that links to a case's page (indexes, browse pages …)."""
    pages = []
    own = re.compile(r"people/fz-\d+/")
    link = re.compile(r"fz-(\d+)/")
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if own.match(rel) or rel.startswith(("assets/", "search/")):
            continue
        found = {int(n) for n in link.findall(path.read_text(encoding="utf-8", errors="replace"))}
        if found & numbers:
            pages.append(rel.removesuffix("index.html"))
    return pages


# -- the run --------------------------------------------------------------------------------
def fuzz(cases: list[Case], workdir: Path, browser) -> Report:
    report = Report({c.number: c for c in cases + control_cases()})
    started = time.monotonic()
    (workdir / "repo").mkdir()
    root = copy_repo(workdir / "repo")
    people = root / "profiles" / "people"
    for case in report.cases.values():
        (people / f"{case.profile_id}.md").write_bytes(profile(case).encode("utf-8", "surrogatepass"))
    refuse(root, report)
    report.times["check"] = time.monotonic() - started

    for control in control_cases():
        if control.number in report.refused:
            report.fail("control refused", control.number, f"plain text refused: {report.refused[control.number]}")

    site = root / "site"
    site.mkdir()
    numbers = sorted(n for n in report.cases if n not in report.refused)
    with static_server(site) as base:
        started = time.monotonic()
        built = build(root, site, base, report, numbers)
        report.times["build"] = time.monotonic() - started
        if built:
            started = time.monotonic()
            watcher = Watcher(browser, base, report)
            try:
                own = [f"people/fz-{n}/{sub}" for n in numbers for sub in ("", "poster/")]
                report.listings = listing_pages(site, set(numbers))
                watcher.visit(own + report.listings)
                report.times["pages"] = time.monotonic() - started
                started = time.monotonic()
                tokens = defaultdict(list)
                for n in numbers:
                    if n >= 1000:
                        tokens[_token(n)].append(n)
                watcher.search(dict(sorted(tokens.items())))
                report.times["search"] = time.monotonic() - started
                _check_controls(watcher, report)
            finally:
                watcher.close()
    out = Path(os.environ.get("XSS_FUZZ_REPORT") or workdir / "xss-fuzz-report.json")
    out.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nXSS fuzz report: {out}\n{report.summary()}")
    return report


def _check_controls(watcher: Watcher, report: Report) -> None:
    """The control cases' text is on their pages: the pages built are the ones the cases made."""
    tab = watcher.tab()
    for control in control_cases():
        if control.number in report.refused:
            continue
        tab.goto(f"{watcher.base}people/fz-{control.number}/")
        if CONTROL_TEXT not in tab.content():
            report.fail("control not shown", control.number, f"{CONTROL_TEXT} is not on the page")
    tab.close()


# -- tests ----------------------------------------------------------------------------------
def test_the_corpus_holds_both_sources_and_every_variation():
    vectors = load_vectors()
    by_source = defaultdict(int)
    for v in vectors:
        by_source[v.source] += 1
    assert by_source["dompurify"] > 200 and by_source["h5sc"] > 140 and by_source["generated"] > 100
    assert len({v.id for v in vectors}) == len(vectors)
    kinds = {v.kind for v in vectors if v.source == "generated"}
    assert {"case", "entity-javascript", "whitespace-in-attribute", "stray-quote", "image-element",
            "backslash-host", "scheme-without-slashes", "srcset", "background-attribute", "style-url",
            "media-url", "code-span", "attr-list", "markdown-link", "markdown-image"} <= kinds


def test_every_call_reports_its_case():
    for v in load_vectors():
        text = v.text(4321)
        assert not re.search(r"(?<![\w$.])(alert|prompt|confirm)\s*\(", text), v.id
        assert "⟦" not in text and not re.search(r"%js_[a-z0-9_]+%|%[a-z]+_path%", text), v.id
        if v.source == "generated":      # a call or an address that names the case (or base64 of one)
            assert "4321" in text or "base64,PHNjcmlwdD5fX3hzcyg0MzIxKTwvc2NyaXB0Pg" in text, v.id
    assert Vector("t", "h5sc", "h5sc", "<img src=x onerror=%js_alert%>").text(7) == "<img src=x onerror=__xss(7)>"
    assert Vector("t", "dompurify", "dompurify", "<svg onload=alert(1)>").text(7) == "<svg onload=__xss(7,1)>"
    assert Vector("t", "dompurify", "dompurify", "<x onerror=alert;throw 1>").text(7) == "<x onerror=__xss.bind(null,7);throw 1>"
    assert Vector("t", "dompurify", "dompurify", "<img src=x onerror=alert`1`>").text(7) == "<img src=x onerror=__xss`7`>"


def test_the_sample_covers_every_variation_type_and_place():
    cases = all_cases()
    sample = sample_cases(cases)
    assert 38 <= len(sample) <= 45
    assert {c.vector.kind for c in sample} == {c.vector.kind for c in cases}
    assert {c.place for c in sample} == set(PLACES)
    assert sample == sample_cases(all_cases())                    # deterministic


def test_the_profile_template_passes_the_check_with_plain_text(tmp_path):
    """Every place with plain text: no error (a refusal must come from the vector, not the template)."""
    root = copy_repo(tmp_path)
    report = Report({c.number: c for c in control_cases()})
    for case in control_cases():
        (root / "profiles" / "people" / f"{case.profile_id}.md").write_text(profile(case), encoding="utf-8")
    refuse(root, report)
    assert report.refused == {} and not report.failures


def test_a_build_failure_is_traced_to_its_profiles(tmp_path, monkeypatch):
    """Bisection: the profiles the build fails on are failures; the site is built without them."""
    people = tmp_path / "profiles" / "people"
    people.mkdir(parents=True)
    numbers = list(range(1000, 1013))
    for n in numbers:
        (people / f"fz-{n}.md").write_text("x")
    builds = []

    def fake_build(root, site, site_url):
        builds.append(sorted(p.name for p in people.iterdir()))
        crash = (people / "fz-1004.md").exists() or (people / "fz-1011.md").exists()
        return subprocess.CompletedProcess([], 1 if crash else 0, "", "Error: boom" if crash else "")

    monkeypatch.setattr(sys.modules[__name__], "_build", fake_build)
    vector = Vector("t", "generated", "t", "")
    report = Report({n: Case(n, vector, "body") for n in numbers})
    assert build(tmp_path, tmp_path / "site", "http://127.0.0.1:1/", report, numbers)
    assert [line.split(":")[0] for line in report.failures["build"]] == ["t@body (fz-1004)", "t@body (fz-1011)"]
    assert 1004 not in numbers and 1011 not in numbers and len(numbers) == 11
    assert "fz-1004.md" not in builds[-1] and len(builds[-1]) == 11


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_the_watcher_sees_what_a_vector_does(browser, tmp_path):
    """The detectors themselves, on a hand-made page: a run script, a dialog, an outside request,
    an armed handler."""
    (tmp_path / "people" / "fz-1001").mkdir(parents=True)
    (tmp_path / "people" / "fz-1001" / "index.html").write_text(
        f"<!doctype html><img src=x onerror={FLAG}(1001)><img src=//{EVIL_HOST}/1002/a.png>"
        "<script>alert(5)</script><a href='java\tscript:void(0)'>x</a><p onclick='x()'>y</p>"
        "<a href='\x01java\x03script:void(0)'>not a script URL</a><img onerror=''>"
        f"<script>onerror={FLAG}.bind(null,1003);throw 1</script>", encoding="utf-8")
    vector = Vector("t", "generated", "t", "")
    report = Report({n: Case(n, vector, "body") for n in (1001, 1002, 1003)})
    with static_server(tmp_path) as base:
        watcher = Watcher(browser, base, report)
        watcher.visit(["people/fz-1001/"])
        watcher.close()
    assert set(report.failures) == {"script ran", "outside request", "armed (runs on click, hover or submit)"}
    assert any("__xss(1001,)" in f or "(1001,)" in f for f in report.failures["script ran"])
    assert any("alert dialog '5'" in f for f in report.failures["script ran"])
    assert any(f.startswith("t@body (fz-1003)") for f in report.failures["script ran"])   # called with an Error
    assert report.failures["outside request"][0].startswith("t@body (fz-1002)")
    armed = report.failures["armed (runs on click, hover or submit)"]
    assert [a.split(": ", 1)[1] for a in armed] == [   # not the \x03 one: no script URL for a browser
        '<img onerror="__xss(1001)"> on people/fz-1001/', '<a href="java\tscript:void(0)"> on people/fz-1001/',
        '<p onclick="x()"> on people/fz-1001/']


@pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)
def test_no_vector_runs_or_loads_from_outside(browser, tmp_path):
    if SELECTION == "all":
        cases = all_cases()
    elif SELECTION:
        wanted = {v.strip() for v in SELECTION.split(",")}
        cases = [c for c in all_cases() if c.vector.id in wanted]
        assert {c.vector.id for c in cases} == wanted, f"unknown vector ids: {wanted - {c.vector.id for c in cases}}"
    else:
        cases = sample_cases()
    report = fuzz(cases, tmp_path, browser)
    assert not report.failures, report.summary()
