"""HTML islands (hooks/archive/text/markup.py): generated structure passes through Markdown as written,
with links resolved as MkDocs resolves a Markdown link."""
import markdown
import pytest
from mkdocs.structure.files import File

from archive.text import markup


def convert(source: str) -> str:
    return markdown.Markdown(extensions=["md_in_html", "tables", "toc", markup.Islands()]).convert(source)


def test_an_island_is_left_as_written_and_the_text_around_it_is_markdown():
    html = convert("# 标题\n\n" + markup.island('<ul>\n<li>*不是强调* [不是链接](a.md) &amp;</li>\n</ul>')
                   + "正文 *强调*\n")
    assert '<ul>\n<li>*不是强调* [不是链接](a.md) &amp;</li>\n</ul>' in html
    assert "<h1" in html and "<p>正文 <em>强调</em></p>" in html


def test_values_are_escaped_for_text_and_attributes():
    assert markup.esc('<b>"&') == '&lt;b&gt;"&amp;'
    assert markup.attr('a"<&') == "a&quot;&lt;&amp;"
    assert markup.link("https://example.org/?a=1&b=2", "x") == '<a href="https://example.org/?a=1&amp;b=2">x</a>'


@pytest.mark.parametrize("target, source", [
    ("people/tu-youyou.md", "people/qian-xuesen.md"),
    ("people/tu-youyou.md", "people/index.md"),
    ("people/tu-youyou/poster.md", "people/tu-youyou.md"),
    ("people/tu-youyou.md", "people/tu-youyou/poster.md"),
    ("index.md", "browse/mentions/tu-youyou.md"),
    ("browse/timeline.md", "index.md"),
    ("media/照片 1.jpg", "people/tu-youyou.md"),
    ("data/nominations.csv", "campaigns/x/dashboard.md"),
])
def test_links_resolve_as_mkdocs_resolves_them(target, source):
    def file(uri):
        return File(uri, "docs", "site", use_directory_urls=True)
    assert markup.href(target, source) == file(target).url_relative_to(file(source))


INJECTED = "<i>注入</i>"
MARKED_PERSON = f"""\
---
name: 测试人
alt_names: ["{INJECTED}"]
birth: "1930-12-30"
birthplace: "{INJECTED}"
nationality: "{INJECTED}"
fields: ["{INJECTED}"]
honours:
  - name: 改革先锋
    year: 2018
    conferrer: "{INJECTED}"
positions:
  - organization: "{INJECTED}"
    title: "{INJECTED}"
education:
  - institution: "{INJECTED}"
    degree: "{INJECTED}"
works: ["{INJECTED}"]
spirits: [kexuejia-jingshen]
abstract: "测试用人物{INJECTED}。"
sources:
  - title: "{INJECTED}"
    url: https://example.org/
    publisher: "{INJECTED}"
review:
  status: 待审核
  note: "{INJECTED}"
---
测试人的生平。
"""


def test_markup_in_a_profiles_fields_is_shown_as_text_on_every_page(tmp_path):
    """Fields are plain text: inside islands they are escaped, never passed through as HTML."""
    from conftest import copy_repo, mkdocs_build, write

    root = tmp_path / "repo"
    root.mkdir()
    copy_repo(root)
    write(root, "profiles/people/ce-shiren.md", MARKED_PERSON)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    assert not [str(p) for p, html in pages.items() if INJECTED in html]
    own = pages[tmp_path / "site/people/ce-shiren/index.html"]
    assert own.count("&lt;i&gt;注入&lt;/i&gt;") >= 13      # each field readers see (review.note: serve only), as its text
    assert "&lt;i&gt;注入&lt;/i&gt;" in pages[tmp_path / "site/people/ce-shiren/poster/index.html"]
