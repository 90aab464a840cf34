"""What one `mkdocs build` keeps for the next (hooks/memo.py, .cache/archive-memo.pickle): the
next build does not parse unchanged profiles again, but never uses what no longer matches."""
from __future__ import annotations

import memo
import pytest
from archive import frontmatter, load_archive, loader
from conftest import VALID_PERSON, write

PERSON = "profiles/people/ce-shiren.md"


@pytest.fixture
def fresh_process(monkeypatch):
    """The archive's caches as a new process has them."""
    monkeypatch.setattr(loader, "_cache", {})
    monkeypatch.setattr(loader, "_read", set())


def build(root, folder):
    """What a build does with the memo: restore, load, keep."""
    memo.restore(folder)
    archive = load_archive(root, advice=False)
    memo.keep(folder)
    return archive


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
