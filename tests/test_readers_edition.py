"""Two audiences, one source (issue 18): the published site is the readers' edition, with nothing
from the workshop on it (review notes, repository paths, make commands, field names), and its
profile pages read like a good encyclopedia article: the lead first, the infobox beside the
text, every value that has a page linked to it. `mkdocs serve` remains the editors' view."""
from __future__ import annotations

import posixpath
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from browsing import static_server
from conftest import BIN, ENV, ROOT, SITE_URL, copy_repo, write
from htmltext import article_text, read_page

CONTACT = "kaimo-bianjibu@example.internal"
# Pages written for contributors: how to add profiles (make new …) and what each field means.
CONTRIBUTORS = ("guide/",)
SERVE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""
SHOWN_PROFILES = ["people/tu-youyou/", "groups/xiqian-ren/", "spirits/kexuejia-jingshen/"]


def profiles() -> list[tuple[str, dict]]:
    """(url, front matter) of every profile of the repository."""
    out = []
    for path in sorted((ROOT / "profiles").glob("*/*.md")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        out.append((f"{path.parent.name}/{path.stem}/", meta))
    return out


def schema_fields() -> set[str]:
    """Every field name the schema declares (nominations, alt_names, review …)."""
    names: set[str] = set()

    def walk(fields: dict):
        for name, spec in (fields or {}).items():
            names.add(name)
            if isinstance(spec, dict):
                walk(spec.get("fields"))
                walk((spec.get("items") or {}).get("fields") if isinstance(spec.get("items"), dict) else None)

    schema = yaml.safe_load((ROOT / "hooks/archive/schema.yaml").read_text(encoding="utf-8"))
    for kind in schema["kinds"].values():
        walk(kind["fields"])
    return names


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """The site as published (SITE_URL), with a contact for readers configured in mkdocs.yml."""
    root = copy_repo(tmp_path_factory.mktemp("published"))
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert '    contact: ""\n' in text
    config.write_text(text.replace('    contact: ""\n', f"    contact: {CONTACT}\n"), encoding="utf-8")
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict"], cwd=root, env={**ENV, "SITE_URL": SITE_URL},
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Path:
    """The same sources built as `mkdocs serve` builds them (the editors' view)."""
    root = copy_repo(tmp_path_factory.mktemp("served"))
    result = subprocess.run([str(BIN / "python"), "-c", SERVE_BUILD, str(root / "site")], cwd=root,
                            env={**ENV, "PYTHONPATH": str(root / "hooks")}, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return root / "site"


def pages(site: Path) -> dict[str, str]:
    """Every page's article text, by URL, but the contributors' guide."""
    out = {}
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        if url == "./":
            url = ""
        if not url.startswith(CONTRIBUTORS):
            out[url] = article_text(site, url)
    return out


# -- nothing from the workshop on the published site --------------------------------------------

def test_published_pages_carry_no_editorial_material(published):
    notes = [(url, str(meta["review"]["note"])) for url, meta in profiles() if (meta.get("review") or {}).get("note")]
    assert len(notes) > 20                  # the archive's profiles have notes to hide
    texts = pages(published)
    assert len(texts) > 100
    for url, text in texts.items():
        html = (published / url / "index.html").read_text(encoding="utf-8")
        assert "待核事项" not in text, url
        assert [u for u, note in notes if note in text or note[:20] in text] == [], url
        assert "shared/seeds" not in html, url                 # a seed file's path, in any form
        assert re.search(r"\bmake\s+[a-z]", text) is None, (url, re.search(r".{20}\bmake\s+[a-z].{20}", text))
        assert "admonition warning ea-review" not in html, url  # the old orange box
        # editors' notes on sources (a title not read, a text not yet traced to its publisher)
        assert [w for w in ("未能读取", "原始出处待核", "项目方", "编者：") if w in text] == [], url


def test_a_source_without_a_readable_title_is_named_by_what_it_holds(published, served):
    wu = "people/wu-tianyi/"
    shown = read_page(published, wu)
    assert ("“七一勋章”获得者吴天一：医者仁心照昆仑 守望生命为高原",
            "https://www.cnr.cn/china/news/20210715/t20210715_525534801.shtml") in shown.links
    assert "编者：标题未能读取" in article_text(served, wu)                    # the editors are told why
    assert "原始出处待核" in article_text(served, "policies/sichuan-aiguo-fendou-shishi-fangan-2018/")


def test_published_pages_show_no_field_names(published):
    fields = {f for f in schema_fields() if len(f) > 4 or "_" in f}   # nominations, alt_names, abstract …
    assert {"nominations", "alt_names", "review", "abstract"} <= fields
    found = {}
    for url, text in pages(published).items():
        # a source's address or host (…/our-people/…, en.people.cn) is not a field name
        words = set(re.findall(r"[A-Za-z_]+", re.sub(r"https?://\S+|[\w-]+(?:\.[\w-]+)+", "", text)))
        if words & fields:
            found[url] = sorted(words & fields)
    assert found == {}


def test_serve_shows_the_editors_what_is_left_to_do(served):
    tu = next(meta for url, meta in profiles() if url == "people/tu-youyou/")
    text = article_text(served, "people/tu-youyou/")
    assert "待核事项" in text and tu["review"]["note"][:20] in text
    assert "本档案内容尚在编辑部审核中" in text          # and what readers will see
    assert "make new KIND=activity" in article_text(served, "activities/")
    assert "nominations" in article_text(served, "campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/")
    assert "shared/seeds/000_ea924196946c2f42.txt" in article_text(
        served, "policies/zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018/")
    assert "待审核" in article_text(served, "people/")                # a badge per entry, for editors


def test_lists_do_not_badge_every_entry_for_readers(published):
    people = read_page(published, "people/")
    assert len([h for _, h in people.links if h.startswith("../people/") or h.count("/") == 1]) > 30
    assert "待审核" not in "".join(people.text) and "待审核" not in article_text(published, "policies/")
    assert "待审核" not in article_text(published, "about/")           # the about page names no badge readers never see


def test_one_review_line_under_the_title_with_the_configured_contact(published):
    for url, meta in profiles():
        if meta["review"]["status"] != "待审核" or url.startswith("policies/"):
            continue        # policy pages: written by another page writer
        html = (published / url / "index.html").read_text(encoding="utf-8")
        lines = re.findall(r'<p class="ea-review-line"[^>]*>(.*?)</p>', html, re.S)
        assert len(lines) == 1, url
        assert lines[0].startswith("本档案内容尚在编辑部审核中。"), url
        assert f'请告知：<a href="mailto:{CONTACT}">{CONTACT}</a>' in lines[0], url
        # right under the title, before the lead
        assert html.index("</h1>") < html.index("ea-review-line") < html.index("ea-abstract"), url


def test_the_contact_appears_only_when_configured(scratch):
    from archive import load_archive
    from archive.pages import all_pages
    archive = load_archive(scratch)
    plain = dict(all_pages(archive))["people/ce-shiren.md"]
    assert "本档案内容尚在编辑部审核中。" in plain and "如发现错误" not in plain
    web = dict(all_pages(archive, contact="https://kaimo.example.internal/jiucuo/"))["people/ce-shiren.md"]
    assert '如发现错误，请告知：<a href="https://kaimo.example.internal/jiucuo/">' in web
    phone = dict(all_pages(archive, contact="010-1234 5678 <转>"))["people/ce-shiren.md"]
    assert "如发现错误，请告知：010-1234 5678 &lt;转&gt;。" in phone


def test_a_reviewed_profile_says_who_reviewed_it(scratch):
    from archive import load_archive
    from archive.pages import all_pages
    from archive.runtime.context import BuildContext
    person = scratch / "profiles/people/ce-shiren.md"
    person.write_text(person.read_text(encoding="utf-8").replace(
        "  status: 待审核\n", "  status: 已审核\n  by: 编辑部\n  date: \"2026-11-23\"\n  note: 生年已核\n"), encoding="utf-8")
    archive = load_archive(scratch)
    page = dict(all_pages(archive))["people/ce-shiren.md"]
    assert "本档案已经编辑部审核（审核人：编辑部，2026年11月23日）。" in page
    assert "生年已核" not in page and "ea-review\"" not in page
    assert "生年已核" in dict(all_pages(archive, BuildContext(None, serving=True)))["people/ce-shiren.md"]


def test_pages_remembered_under_serve_are_not_given_to_readers(scratch):
    """Under serve a profile page is remembered between builds: the editors' view of it must not
    be reused for the readers' edition (nor the other way round)."""
    from archive import load_archive
    from archive.pages import all_pages
    from archive.runtime.cache import CACHE
    from archive.runtime.context import BuildContext
    write(scratch, "profiles/people/ce-shiren.md",
          (scratch / "profiles/people/ce-shiren.md").read_text(encoding="utf-8").replace(
              "  status: 待审核\n", "  status: 待审核\n  note: 生年待核\n"))
    CACHE.reset(serving=True)
    try:
        archive = load_archive(scratch)
        assert "生年待核" in dict(all_pages(archive, BuildContext(None, serving=True)))["people/ce-shiren.md"]
        assert "生年待核" not in dict(all_pages(archive, BuildContext(None, serving=False)))["people/ce-shiren.md"]
        assert "如发现错误" in dict(all_pages(archive, contact="x@example.internal"))["people/ce-shiren.md"]
    finally:
        CACHE.reset()


# -- the infobox ----------------------------------------------------------------------------------

class _Row(HTMLParser):
    """One row of an infobox: its label (th), its text and links (td)."""

    def __init__(self, html: str):
        super().__init__()
        self.cell, self.label, self.text, self.links, self._link = None, "", "", [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in ("th", "td"):
            self.cell = tag
        elif tag == "a" and self.cell == "td":
            self._link = ["", dict(attrs)["href"]]
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self.cell == "th":
            self.label += data
        elif self.cell == "td":
            self.text += data
            if self._link is not None:
                self._link[0] += data


class Infobox:
    def __init__(self, site: Path, url: str):
        """The infobox of a page: its caption, and label -> text, label -> [(link text, href)]."""
        html = (site / url / "index.html").read_text(encoding="utf-8")
        self.text: dict[str, str] = {}
        self.links: dict[str, list[tuple[str, str]]] = {}
        self.caption = ""
        box = re.search(r'<div class="ea-infobox">(.*?)</div>', html, re.S)
        if box is None:
            return
        caption = re.search(r"<caption>(.*?)</caption>", box.group(1), re.S)
        self.caption = re.sub(r"<[^>]+>", " ", caption.group(1)) if caption else ""
        for html_row in re.findall(r"<tr>.*?</tr>", box.group(1), re.S):
            row = _Row(html_row)
            label = row.label.strip()
            assert label not in self.text, (url, label)          # no label twice
            self.text[label] = row.text.strip()
            self.links[label] = [tuple(x) for x in row.links]


infobox = Infobox


def heading(site: Path, url: str, href: str) -> str:
    """The title (h1) of the page a link on `url` leads to."""
    target = posixpath.normpath(posixpath.join(url, href))
    html = (site / target / "index.html").read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1))


def test_infobox_values_link_to_their_pages(published):
    url = "people/tu-youyou/"
    box = infobox(published, url)
    expected = {   # row -> (folder the links lead to, values)
        "领域": ("browse/fields/", ["药学", "中药化学", "抗疟药物研究"]),
        "荣誉": ("browse/honours/", [h["name"] for h in dict(profiles())[url]["honours"]]),     # as the profile lists them
        "类别": ("browse/categories/", ["医学界楷模"]),
        "地区": ("browse/regions/", ["北京市"]),
        "体现的精神": ("spirits/", ["爱国奋斗精神", "科学家精神"]),
    }
    for row, (folder, values) in expected.items():
        links = box.links[row]
        assert [label for label, _ in links] == values, row
        for label, href in links:
            target = posixpath.normpath(posixpath.join(url, href))
            assert target.startswith(folder.rstrip("/")), (row, href)
            assert label in heading(published, url, href), (row, href)    # e.g. 领域：药学
    # organisations and places: their profiles
    group = infobox(published, "groups/xiqian-ren/")
    assert [(label, heading(published, "groups/xiqian-ren/", href)) for label, href in group.links["所属机构"]] == \
        [("西安交通大学", "西安交通大学")]
    bethune = infobox(published, "people/bai-qiuen/")
    assert [label for label, _ in bethune.links["教育基地"]] == ["河北唐县白求恩纪念馆"]
    assert heading(published, "people/bai-qiuen/", bethune.links["教育基地"][0][1]) == "河北唐县白求恩纪念馆"


def test_no_duplicate_or_raw_pinyin_labels(published):
    tu = infobox(published, "people/tu-youyou/")
    assert tu.caption.split() == ["屠呦呦", "Tu", "Youyou"]          # the name and its pinyin, once
    assert "Tu Youyou" not in tu.text.get("别名", "")
    assert "姓名" not in tu.text and "拼音" not in tu.text
    from archive import load_archive
    archive = load_archive(ROOT)
    for url in ("groups/xiqian-ren/", "spirits/kexuejia-jingshen/", "spirits/aiguo-fendou-jingshen/"):
        entity = archive.get(url.split("/")[1])
        text = article_text(published, url)
        assert entity.pinyin.lower() not in text.lower(), url            # “xi an jiao tong da xue …”
        assert "拼音" not in infobox(published, url).text, url


def test_documents_naming_a_person_are_linked_near_the_top(published):
    html = (published / "people/tu-youyou/index.html").read_text(encoding="utf-8")
    block = re.search(r'<div class="ea-documents"[^>]*>(.*?)</div>', html, re.S)
    assert block is not None
    assert html.index("ea-abstract") < block.start() < html.index('class="ea-infobox"') < html.index("<h2")
    assert "见于文件" in block.group(1) and "主题活动" in block.group(1)
    assert '../../policies/zhonghua-yixuehui-aiguo-fendou-gongzuo-fangan-2018/' in block.group(1)
    assert '../../campaigns/zhonghua-yixuehui-aiguo-fendou-huodong-2018/' in block.group(1)


# -- in a browser ---------------------------------------------------------------------------------

# Each paragraph beside the infobox (a paragraph's box spans the column; its lines are shortened
# by the float): its first rendered line, found with Range rects, as characters (a CJK character
# counts 1, any other ½) and as its width in em of the paragraph's font.
BESIDE = """() => {
  const box = document.querySelector('article .ea-infobox').getBoundingClientRect();
  const out = [];
  for (const p of document.querySelectorAll('article p')) {
    const r = p.getBoundingClientRect();
    if (p.closest('.ea-infobox') || r.top >= box.bottom || r.bottom <= box.top) continue;
    const size = parseFloat(getComputedStyle(p).fontSize);
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    let top = null, left = null, right = null, line = 0, text = '';
    outer: for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || !rect.width) continue;
        if (top === null) { top = rect.top; left = rect.left; }
        if (rect.top > top + size / 2) break outer;
        right = rect.right;
        const ch = node.data[i];
        line += /[\\u3000-\\u30ff\\u3400-\\u9fff\\uff00-\\uffef]/.test(ch) ? 1 : 0.5;
        text += ch;
      }
    }
    if (top !== null && top < box.bottom && right <= box.left) out.push({width: (right - left) / size, line, text});
  }
  return out;
}"""


@pytest.mark.parametrize("url", SHOWN_PROFILES)
def test_text_beside_the_infobox_has_long_lines_on_a_wide_screen(browser, published, url, tmp_path):
    with static_server(published) as base:
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(base + url)
        beside = page.evaluate(BESIDE)
        page.screenshot(path=str(tmp_path / "wide.png"), full_page=True)
        context.close()
    assert beside, "no paragraph beside the infobox"
    first = beside[0]
    assert first["width"] >= 28, first
    assert first["line"] >= 28, first


@pytest.mark.parametrize("url", SHOWN_PROFILES)
def test_on_a_phone_the_lead_comes_first_and_nothing_scrolls_sideways(browser, published, url):
    with static_server(published) as base:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                      device_scale_factor=2, is_mobile=True, has_touch=True)
        page = context.new_page()
        page.goto(base + url)
        found = page.evaluate("""() => {
            const top = s => document.querySelector(s).getBoundingClientRect().top + window.scrollY;
            return {lead: top('article .ea-abstract'), infobox: top('article .ea-infobox'),
                    scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth};
        }""")
        context.close()
    assert found["lead"] < found["infobox"], found
    assert found["lead"] < 844 / 2, found                    # the text starts on the first screen
    assert found["scroll"] <= found["width"], found


def test_names_and_periods_read_as_a_reader_expects(published):
    bethune = (published / "people/bai-qiuen/index.html").read_text(encoding="utf-8")
    assert '<span class="ea-infobox-pinyin">Norman Bethune</span>' in bethune and "Bai Qiu" not in bethune
    poster = (published / "people/bai-qiuen/poster/index.html").read_text(encoding="utf-8")
    assert '<p class="ea-poster-pinyin">Norman Bethune</p>' in poster
    group = read_page(published, "groups/liangdan-yixing-yuanxun/")
    text = "".join(group.text)
    assert "liang dan" not in text.lower()                       # no raw pinyin of a group's name
    assert not ("“两弹一星”元勋" in text and "、两弹一星元勋" in text)   # one name, not two spellings of it
    # a post with a start only is "1956年起", never an open dash that reads "to this day"
    qian = article_text(published, "people/qian-xuesen/")
    assert re.search(r"\d年—）", qian) is None and re.search(r"（—\d", qian) is None


def test_a_group_does_not_list_its_own_members_as_related(published):
    page = (published / "groups/liangdan-yixing-yuanxun/index.html").read_text(encoding="utf-8")
    assert "qian-xuesen" in page                                   # a member, linked in its list
    related = re.search(r">相关人物.*?</ul>", page, re.S)
    assert related is None or "qian-xuesen" not in related.group(0)
    person = (published / "people/tu-youyou/index.html").read_text(encoding="utf-8")
    assert re.search(r">相关人物.*?</ul>", person, re.S)               # a person's related people remain
