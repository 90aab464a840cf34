"""The one cache layer (hooks/archive/runtime/cache.py): one switch, one fingerprint, one way back
from the workers, counts for every store, and failures said, never raised."""
from __future__ import annotations

import logging
import sqlite3

import pytest
from archive.runtime import cache as cache_module
from archive.runtime.cache import CACHE, MEMO_FILE, PAGES_FILE
from archive.runtime.context import BuildContext


@pytest.fixture(autouse=True)
def fresh():
    CACHE.reset()
    yield
    CACHE.reset()


def pinyin_store():
    from archive.domain import pinyin
    pinyin.words_pinyin.cache_clear()
    return CACHE.stores["pinyin"]


def test_every_cache_is_a_named_store():
    import page_cache  # noqa: F401  (the hooks' stores register on import)
    import page_renderer  # noqa: F401
    from archive.domain import linking  # noqa: F401
    from archive.load import loader  # noqa: F401
    from archive.outputs import qr, search_index  # noqa: F401
    from archive.pages import posters, profiles  # noqa: F401
    from archive.text import segment  # noqa: F401
    assert {"profiles checked", "pinyin", "segment words", "segment cuts (search)", "qr codes", "page conversions",
            "page search docs", "mkdocs pages", "rendered pages", "written pages", "jinja templates",
            "profile pages", "mentions found", "listings", "poster stories", "search analyses"} <= set(CACHE.stores)
    with pytest.raises(ValueError):
        CACHE.store("pinyin")


def test_archive_cache_off_reads_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHIVE_CACHE", "off")
    context = BuildContext.for_build(tmp_path, "", serving=False)
    assert CACHE.folder is None and CACHE.path("jinja") is None and CACHE.database() is None
    assert not context.reuse_old_site                       # a build from nothing: no old site either
    store = pinyin_store()
    store.put("测试", ("ce", "shi"))
    CACHE.end()
    assert not (tmp_path / ".cache").exists()


def test_an_unknown_value_of_the_switch_is_said_once_in_chinese_and_fails_no_strict_build(tmp_path, monkeypatch, caplog):
    """A typo in the switch changes only speed: said as information (a warning fails `--strict`,
    and so `make build` and `make publish`), once, not on every rebuild under serve."""
    monkeypatch.setenv("ARCHIVE_CACHE", "ofx")
    with caplog.at_level(logging.INFO):
        CACHE.begin(tmp_path, serving=True)
        CACHE.begin(tmp_path, serving=True)
    assert CACHE.folder is not None
    said = [r for r in caplog.records if "ARCHIVE_CACHE='ofx' 无法识别" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO


def test_what_is_kept_goes_with_the_code_that_made_it(tmp_path, monkeypatch):
    monkeypatch.delenv("ARCHIVE_CACHE", raising=False)
    CACHE.begin(tmp_path, serving=False)
    pinyin_store().put("测试", ("ce", "shi"))
    CACHE.end()
    assert (tmp_path / ".cache" / MEMO_FILE).is_file()
    CACHE.reset()
    CACHE.begin(tmp_path, serving=False)
    assert CACHE.stores["pinyin"].data == {"测试": ("ce", "shi")}
    CACHE.reset()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda root=None: "other code")
    CACHE.begin(tmp_path, serving=False)
    assert CACHE.stores["pinyin"].data == {}


def test_the_sqlite_file_is_emptied_for_other_code_and_started_afresh_when_damaged(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("ARCHIVE_CACHE", raising=False)
    import page_renderer  # noqa: F401
    store = CACHE.stores["page conversions"]
    CACHE.begin(tmp_path, serving=False)
    store.put("key", "value")
    CACHE.flush()
    CACHE.close()
    assert store.get("key") == "value"
    CACHE.close()
    monkeypatch.setattr(CACHE, "_fingerprint", "other code")
    assert store.get("key") is None                       # emptied: written by other code
    CACHE.close()
    (tmp_path / ".cache" / PAGES_FILE).write_bytes(b"not a database" * 100)
    with caplog.at_level(logging.DEBUG, logger="mkdocs.hooks.archive.cache"):
        assert store.get("key") is None and CACHE.database() is not None
    assert "damaged" in caplog.text
    CACHE.close()


def test_a_sqlite_file_damaged_inside_is_removed_so_the_next_build_starts_afresh(tmp_path, monkeypatch):
    """A crash while the file was written (synchronous=OFF) can leave pages in its middle
    malformed: the build reads on without it, and the next build writes a new one instead of
    missing on every build until someone deletes .cache."""
    monkeypatch.delenv("ARCHIVE_CACHE", raising=False)
    import page_renderer  # noqa: F401
    store = CACHE.stores["page conversions"]
    CACHE.begin(tmp_path, serving=False)
    for n in range(20000):
        store.put(f"key{n}", "value" * 50)
    CACHE.flush()
    CACHE.close()
    path = tmp_path / ".cache" / PAGES_FILE
    data = bytearray(path.read_bytes())
    data[20 * 4096:80 * 4096] = bytes(range(256)) * 960                  # as `dd … seek=20 count=60` does
    path.write_bytes(bytes(data))
    CACHE.begin(tmp_path, serving=False)
    assert [store.get(f"key{n}") for n in range(20000)].count("value" * 50) < 20000
    CACHE.close()
    CACHE.begin(tmp_path, serving=False)                                  # the next build
    store.put("key0", "new")
    CACHE.flush()
    CACHE.close()
    CACHE.begin(tmp_path, serving=False)
    assert store.get("key0") == "new"
    CACHE.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()


def test_a_folder_that_cannot_be_written_is_said_once_and_the_build_goes_on(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("ARCHIVE_CACHE", raising=False)
    (tmp_path / ".cache").write_text("a file where the folder should be")
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.archive.cache"):
        CACHE.begin(tmp_path, serving=False)
        pinyin_store().put("测试", ("ce", "shi"))
        assert CACHE.database() is None
        CACHE.end()
    said = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(said) == 1 and "无法写入" in said[0].getMessage() and said[0].levelno == logging.INFO
    assert "同名的文件" in said[0].getMessage()                # what is in the way, not "check permissions"
    assert [p.name for p in tmp_path.iterdir()] == [".cache"]
    assert not said[0].exc_info


def test_a_workers_additions_and_counts_come_back_one_way():
    store = pinyin_store()
    CACHE.worker_started()                  # as in a forked worker
    store.get("测试")
    store.put("测试", ("ce", "shi"))
    results = CACHE.worker_results()
    assert results["pinyin"] == (0, 1, 0, {"测试": ("ce", "shi")})
    CACHE.reset()                           # the parent, which has none of it
    CACHE.merge(results)
    assert store.data == {"测试": ("ce", "shi")} and store.misses == 1 and store.changed


def test_serve_only_stores_are_used_under_serve_only(tmp_path):
    from archive.runtime.context import BuildContext
    assert not CACHE.stores["rendered pages"].active
    BuildContext.for_build(None, "", serving=True)
    assert CACHE.stores["rendered pages"].active and CACHE.stores["pinyin"].active


def test_the_statistics_table_lists_every_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ARCHIVE_CACHE_STATS", "1")
    monkeypatch.setenv("ARCHIVE_CACHE", "off")
    CACHE.begin(tmp_path, serving=False)
    store = pinyin_store()
    store.get("测试")
    store.put("测试", ("ce", "shi"))
    store.get("测试")
    CACHE.end()
    table = capsys.readouterr().err
    assert table.splitlines()[1].split() == ["store", "hits", "misses", "invalidated", "size", "kept"]
    assert all(name in table for name in CACHE.stores)
    row = next(line for line in table.splitlines() if line.startswith("pinyin "))
    assert row.split()[1:5] == ["1", "1", "0", "1"]
