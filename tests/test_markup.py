"""HTML islands (hooks/archive/markup.py): generated structure passes through Markdown as written,
with links resolved as MkDocs resolves a Markdown link."""
import markdown
import pytest
from mkdocs.structure.files import File

from archive import markup


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
