"""What one `mkdocs build` keeps for the next (hooks/memo.py, .cache/archive-memo.pickle): the
next build does not parse unchanged profiles again, but never uses what no longer matches."""
from __future__ import annotations

import memo
import pytest
from archive import frontmatter, load_archive, loader, qr
from archive.pages import all_pages
from conftest import SITE_URL, VALID_PERSON, write

PERSON = "profiles/people/ce-shiren.md"


@pytest.fixture
def fresh_process(monkeypatch):
    """The archive's caches as a new process has them."""
    monkeypatch.setattr(loader, "_cache", {})
    monkeypatch.setattr(loader, "_read", set())
    monkeypatch.setattr(qr, "_USED", {})
    monkeypatch.setattr(qr, "_KEPT", {})
    monkeypatch.setattr(memo, "_state", {"kept": None, "written": False})


def build(root, folder, site_url=""):
    """What a build does with the memo: restore, load, write the pages, keep."""
    memo.restore(folder)
    archive = load_archive(root, advice=False)
    archive.pages = dict(all_pages(archive, site_url))
    memo.keep(folder)
    return archive


def new_process(monkeypatch):
    loader._cache.clear()
    monkeypatch.setattr(qr, "_USED", {})
    monkeypatch.setattr(qr, "_KEPT", {})


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
    assert (folder / memo.FILE).is_file()

    loader._cache.clear()                           # a new process
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
    loader._cache.clear()
    build(scratch, folder)
    loader._cache.clear()
    memo.restore(folder)
    assert {rel for rel, _ in loader._cache} == {"profiles/spirits/kexuejia-jingshen.md"}


def test_a_damaged_memo_is_ignored(scratch, tmp_path, monkeypatch, fresh_process):
    folder = tmp_path / ".cache"
    write(folder, memo.FILE, b"not a pickle")
    seen = parsed_files(monkeypatch)
    archive = build(scratch, folder)
    assert sorted(seen) == [PERSON, "profiles/spirits/kexuejia-jingshen.md"]
    assert archive.problems == [] and set(archive.entities) == {"ce-shiren", "kexuejia-jingshen"}


def test_a_memo_of_other_code_is_not_used(scratch, tmp_path, monkeypatch, fresh_process):
    folder = tmp_path / ".cache"
    build(scratch, folder)
    loader._cache.clear()
    monkeypatch.setattr(memo, "_version", lambda: "another version of the archive's code")
    seen = parsed_files(monkeypatch)
    build(scratch, folder)
    assert len(seen) == 2


def test_the_code_version_covers_the_packages_sub_folders(tmp_path, monkeypatch):
    """Pages are written by hooks/archive/pages/: an edit there forgets the memo as one beside loader.py."""
    (tmp_path / "pages").mkdir()
    (tmp_path / "loader.py").write_text("# loader\n")
    (tmp_path / "pages" / "writer.py").write_text("# writer\n")
    monkeypatch.setattr(memo, "loader", type("Module", (), {"__file__": str(tmp_path / "loader.py")}))
    before = memo._version()
    (tmp_path / "pages" / "__pycache__").mkdir()
    (tmp_path / "pages" / "__pycache__" / "writer.cpython.pyc").write_bytes(b"compiled")
    assert memo._version() == before
    (tmp_path / "pages" / "writer.py").write_text("# writer, edited\n")
    assert memo._version() != before


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
    monkeypatch.setattr(memo, "_state", {"kept": None, "written": False})
    seen, made = parsed_files(monkeypatch), codes_made(monkeypatch)

    def serve_build(site_url):
        memo.restore(folder, once=True)
        archive = load_archive(scratch, advice=False)
        all_pages(archive, site_url)
        memo.keep(folder, once=True)

    serve_build("http://127.0.0.1:8000/")
    assert seen == [] and len(made) == 2                       # the profiles from the memo; new codes
    written = (folder / memo.FILE).read_bytes()
    memo.restore(folder)                                       # they were kept with the earlier build's
    assert set(qr._KEPT) == {SITE_URL, "http://127.0.0.1:8000/"}

    write(scratch, PERSON, VALID_PERSON.replace("测试人的生平。", "改过的生平。"))
    serve_build("http://127.0.0.1:8001/")
    assert seen == [PERSON] and len(made) == 4
    assert (folder / memo.FILE).read_bytes() == written       # not written again


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
    written = (folder / memo.FILE).read_bytes()
    new_process(monkeypatch)
    monkeypatch.setattr(memo, "_state", {"kept": None, "written": False})
    for edit in (None, "改过的生平。"):          # the session's first build, then an edit
        if edit:
            write(scratch, PERSON, VALID_PERSON.replace("测试人的生平。", edit))
        memo.restore(folder, once=True)
        all_pages(load_archive(scratch, advice=False), SITE_URL)
        memo.keep(folder, once=True)
    assert (folder / memo.FILE).read_bytes() == written
