"""What one `mkdocs build` keeps for the next (the persisted stores of archive/runtime/cache.py,
.cache/archive-memo.pickle): the next build does not parse unchanged profiles again, but never
uses what no longer matches."""
from __future__ import annotations

import pickle
import zlib

import pytest
from archive.runtime.context import BuildContext
from archive import load_archive
from archive.domain import frontmatter
from archive.load import loader
from archive.outputs import qr
from archive.pages import all_pages
from archive.runtime import cache as cache_module
from archive.runtime.cache import CACHE, MEMO_FILE, code_fingerprint
from conftest import SITE_URL, VALID_PERSON, write

PERSON = "profiles/people/ce-shiren.md"


@pytest.fixture
def fresh_process():
    """The archive's caches as a new process has them."""
    CACHE.reset()
    yield
    CACHE.reset()


def build(root, folder, site_url=""):
    """What a build does with the caches: begin (read them), load, write the pages, end (keep them).
    folder: .cache, beside the site's mkdocs.yml."""
    CACHE.begin(folder.parent, serving=False)
    archive = load_archive(root, advice=False)
    archive.pages = dict(all_pages(archive, BuildContext(None, site_url)))
    CACHE.end()
    return archive


def new_process(monkeypatch=None):
    CACHE.reset()


def checked() -> set[str]:
    return {rel for rel, _ in loader._CHECKS.data}


def sites_kept(folder) -> set[str]:
    version, kept = pickle.loads(zlib.decompress((folder / MEMO_FILE).read_bytes()))
    return set(kept["qr codes"])


def parsed_files(monkeypatch) -> list[str]:
    seen = []
    parse = frontmatter.parse

    def spy(raw, rel):
        seen.append(rel)
        return parse(raw, rel)
    monkeypatch.setattr(loader, "parse", spy)
    return seen


def test_the_next_build_parses_only_what_changed(scratch, tmp_path, monkeypatch, fresh_process):
    folder = tmp_path / ".cache"
    build(scratch, folder)
    assert (folder / MEMO_FILE).is_file()

    new_process()                                   # a new process
    write(scratch, PERSON, VALID_PERSON.replace("测试人的生平。", "改过的生平。"))
    seen = parsed_files(monkeypatch)
    archive = build(scratch, folder)
    assert seen == [PERSON]                          # the spirit came from the memo
    assert archive.entities["ce-shiren"].body.strip() == "改过的生平。"
    assert archive.entities["kexuejia-jingshen"].meta["name"] == "科学家精神"


def test_a_deleted_profile_is_not_kept(scratch, tmp_path, fresh_process):
    folder = tmp_path / ".cache"
    build(scratch, folder)
    (scratch / PERSON).unlink()
    new_process()
    build(scratch, folder)
    new_process()
    CACHE.begin(tmp_path, serving=False)
    assert checked() == {"profiles/spirits/kexuejia-jingshen.md"}


def test_a_damaged_memo_is_ignored(scratch, tmp_path, monkeypatch, fresh_process):
    folder = tmp_path / ".cache"
    write(folder, MEMO_FILE, b"not a pickle")
    seen = parsed_files(monkeypatch)
    archive = build(scratch, folder)
    assert sorted(seen) == [PERSON, "profiles/spirits/kexuejia-jingshen.md"]
    assert archive.problems == [] and set(archive.entities) == {"ce-shiren", "kexuejia-jingshen"}


def test_a_memo_of_other_code_is_not_used(scratch, tmp_path, monkeypatch, fresh_process):
    folder = tmp_path / ".cache"
    build(scratch, folder)
    new_process()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda root=None: "another version of the archive's code")
    seen = parsed_files(monkeypatch)
    build(scratch, folder)
    assert len(seen) == 2


def test_the_code_version_covers_the_packages_sub_folders(tmp_path, monkeypatch):
    """Pages are written by hooks/archive/pages/: an edit there forgets the caches as one beside
    loader.py, or in hooks/page_renderer.py, does (one fingerprint of every file under hooks/)."""
    (tmp_path / "archive" / "pages").mkdir(parents=True)
    (tmp_path / "archive" / "loader.py").write_text("# loader\n")
    (tmp_path / "archive" / "pages" / "writer.py").write_text("# writer\n")
    (tmp_path / "page_renderer.py").write_text("# renderer\n")
    before = code_fingerprint(tmp_path)
    (tmp_path / "archive" / "pages" / "__pycache__").mkdir()
    (tmp_path / "archive" / "pages" / "__pycache__" / "writer.cpython.pyc").write_bytes(b"compiled")
    assert code_fingerprint(tmp_path) == before
    (tmp_path / "archive" / "pages" / "writer.py").write_text("# writer, edited\n")
    assert code_fingerprint(tmp_path) != before
    edited = code_fingerprint(tmp_path)
    (tmp_path / "page_renderer.py").write_text("# renderer, edited\n")
    assert code_fingerprint(tmp_path) != edited


def codes_made(monkeypatch) -> list[str]:
    made = []
    make = qr.qr_svg

    def spy(url):
        made.append(url)
        return make(url)
    monkeypatch.setattr(qr, "qr_svg", spy)
    return made


def test_qr_codes_are_made_once_for_each_site_address(scratch, tmp_path, monkeypatch, fresh_process):
    """A code takes milliseconds (1,000 profiles: six seconds); the next build with the same
    SITE_URL makes none, even after a `mkdocs serve` (another address) in between."""
    code = qr.qr_svg(SITE_URL + "people/ce-shiren/")
    folder, made = tmp_path / ".cache", codes_made(monkeypatch)
    first = build(scratch, folder, SITE_URL)
    assert sorted(made) == [SITE_URL + "people/ce-shiren/", SITE_URL + "study/kexuejia-jingshen/"]

    new_process(monkeypatch)
    build(scratch, folder, "http://127.0.0.1:8000/")          # as under mkdocs serve
    assert len(made) == 4

    new_process(monkeypatch)
    write(scratch, PERSON, VALID_PERSON.replace("测试人的生平。", "改过的生平。"))
    again = build(scratch, folder, SITE_URL)
    assert len(made) == 4                                      # none made: both came from the memo
    assert again.pages["people/ce-shiren.md"] != first.pages["people/ce-shiren.md"]
    for src in ("people/ce-shiren.md", "people/ce-shiren/poster.md"):
        assert code in again.pages[src], src


def test_mkdocs_serve_starts_from_the_memo_and_writes_it_after_its_first_build(scratch, tmp_path, monkeypatch,
                                                                              fresh_process):
    """Its later rebuilds keep their caches in memory: writing the memo each time would slow them."""
    folder = tmp_path / ".cache"
    build(scratch, folder, SITE_URL)                           # an earlier `mkdocs build`
    new_process(monkeypatch)
    seen, made = parsed_files(monkeypatch), codes_made(monkeypatch)

    def serve_build(site_url):
        CACHE.begin(tmp_path, serving=True)
        archive = load_archive(scratch, advice=False)
        all_pages(archive, BuildContext(None, site_url))
        CACHE.end()

    serve_build("http://127.0.0.1:8000/")
    assert seen == [] and len(made) == 2                       # the profiles from the memo; new codes
    written = (folder / MEMO_FILE).read_bytes()
    assert sites_kept(folder) == {SITE_URL, "http://127.0.0.1:8000/"}   # kept with the earlier build's

    write(scratch, PERSON, VALID_PERSON.replace("测试人的生平。", "改过的生平。"))
    serve_build("http://127.0.0.1:8001/")
    assert seen == [PERSON] and len(made) == 4
    assert (folder / MEMO_FILE).read_bytes() == written       # not written again


def test_the_address_built_last_is_kept_even_when_nothing_was_new(scratch, tmp_path, monkeypatch, fresh_process):
    """Two addresses are kept: a publishing build that made nothing new still counts as the latest."""
    folder, made = tmp_path / ".cache", codes_made(monkeypatch)
    for site in (SITE_URL, "http://127.0.0.1:8000/", SITE_URL, "http://127.0.0.1:8001/"):
        new_process(monkeypatch)
        build(scratch, folder, site)
    assert len(made) == 6
    new_process(monkeypatch)
    build(scratch, folder, SITE_URL)
    assert len(made) == 6


def test_a_second_serve_session_with_nothing_new_does_not_write_on_the_first_edit(scratch, tmp_path, monkeypatch,
                                                                                  fresh_process):
    folder = tmp_path / ".cache"
    build(scratch, folder, SITE_URL)
    written = (folder / MEMO_FILE).read_bytes()
    new_process(monkeypatch)
    for edit in (None, "改过的生平。"):          # the session's first build, then an edit
        if edit:
            write(scratch, PERSON, VALID_PERSON.replace("测试人的生平。", edit))
        CACHE.begin(tmp_path, serving=True)
        all_pages(load_archive(scratch, advice=False), BuildContext(None, SITE_URL))
        CACHE.end()
    assert (folder / MEMO_FILE).read_bytes() == written
