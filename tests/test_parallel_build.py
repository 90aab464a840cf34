"""A one-off build checks profiles and writes pages in forked processes (README "性能"): what
it finds and writes must be what one process finds and writes."""
from __future__ import annotations

import os

from archive import load_archive
from archive.load import loader
from archive.outputs import qr
from archive.pages import all_pages
from archive.runtime import forking
from archive.runtime.cache import CACHE
from archive.runtime.context import BuildContext
from conftest import ROOT, VALID_PERSON, write


def _archive_with_problems(root):
    for n in range(30):
        write(root, f"profiles/people/ce-shi-{n}.md", VALID_PERSON.replace("测试人", f"测试人{n}"))
    write(root, "profiles/people/broken.md", b"---\n[\n---\n")                       # E005
    write(root, "profiles/people/wrong-type.md", VALID_PERSON.replace('"1930-12-30"', "[1930]"))
    write(root, "profiles/groups/ce-shi-3.md", VALID_PERSON)                          # E203
    write(root, "profiles/people/script.md", VALID_PERSON.replace("测试人的生平。", "<script>alert(1)</script>"))
    write(root, "profiles/people/id-number.md", VALID_PERSON.replace("测试人的生平。", "身份证号 110101199003077777。"))
    os.symlink(root / "nowhere.md", root / "profiles/people/lost.md")                 # E018


def test_checking_profiles_on_every_core_reports_what_one_process_reports(scratch, monkeypatch):
    _archive_with_problems(scratch)
    monkeypatch.setattr(loader, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(forking, "cores", lambda: 2)       # as on this 2-core machine, wherever it runs
    checked_in_parallel = []
    run_in_parallel = loader._check_in_parallel

    def spy(schema, files, now, advice):
        run_in_parallel(schema, files, now, advice)
        # the forked processes' results are in this process's cache before the files are gone through
        checked_in_parallel.extend(rel for rel, _, _ in files if (rel, advice) in loader._CHECKS.data)
    monkeypatch.setattr(loader, "_check_in_parallel", spy)

    CACHE.reset()
    parallel = load_archive(scratch, advice=False, parallel=True)
    # every worker's work counted here: each file missed once, in the worker that checked it
    assert CACHE.stores["profiles checked"].misses == 36
    CACHE.reset()
    one = load_archive(scratch, advice=False)

    assert len(checked_in_parallel) == 36
    assert [p.format() for p in parallel.problems] == [p.format() for p in one.problems]
    assert {p.code for p in one.problems} >= {"E018", "E005", "E203"}
    assert len(one.problems) >= 6
    assert {i: (e.meta, e.body, e.lines) for i, e in parallel.entities.items()} == \
           {i: (e.meta, e.body, e.lines) for i, e in one.entities.items()}


def test_profile_pages_written_in_a_fork_equal_those_written_here(monkeypatch):
    """With SITE_URL the profiles' QR codes are made first, once, on every core."""
    archive = load_archive(ROOT, advice=False)
    site = "http://archive.example.internal/"
    monkeypatch.setattr(qr, "_PARALLEL_FROM", 1)
    monkeypatch.setattr(forking, "cores", lambda: 2)       # as on this 2-core machine, wherever it runs
    made_here = []
    make = qr.qr_svg

    def spy(url):
        made_here.append(url)     # in a worker the list is the worker's copy: not seen here
        return make(url)
    monkeypatch.setattr(qr, "qr_svg", spy)

    CACHE.reset()
    forked = all_pages(archive, BuildContext(None, site), "楷模档案", parallel=True)
    assert site + "people/tu-youyou/" not in made_here       # made by the workers, not again here
    assert "people/tu-youyou/" in qr.used()[site]
    CACHE.reset()
    here = all_pages(archive, BuildContext(None, site), "楷模档案")
    assert site + "people/tu-youyou/" in made_here
    assert [uri for uri, _ in forked] == [uri for uri, _ in here]
    assert forked == here
    assert any(uri == "people/tu-youyou.md" for uri, _ in here)
    assert qr.qr_svg(site + "people/tu-youyou/") in dict(here)["people/tu-youyou.md"]


def test_without_processes_the_work_is_done_in_this_one(scratch, monkeypatch):
    """Where processes cannot be forked (no /dev/shm in some containers) nothing is lost."""
    def no_processes(method):
        raise OSError("fork not available here")
    monkeypatch.setattr(forking.multiprocessing, "get_context", no_processes)
    monkeypatch.setattr(loader, "_PARALLEL_FROM", 1)
    _archive_with_problems(scratch)
    CACHE.reset()
    archive = load_archive(scratch, advice=False, parallel=True)
    assert {p.code for p in archive.problems} >= {"E018", "E005", "E203"}
    assert "ce-shi-29" in archive.entities
    pages = dict(all_pages(archive, parallel=True))
    assert "测试人29" in pages["people/ce-shi-29.md"]


def _slow_unless_three(item: int) -> int:
    """A task: item 3 fails (as a page that cannot be written), the others take a moment."""
    if item == 3:
        raise OSError(5, "测试：读写出错")
    import time
    time.sleep(0.05)
    return item


def test_after_a_failed_task_the_pool_stops_soon_and_leaves_no_process(tmp_path):
    """The renderer hands the pool a few items at a time; after an error the workers finish those
    and stop before they are terminated (a worker terminated while it sends a result can leave
    Pool.terminate() waiting for ever: seen once in `make test`, a publish whose writes failed)."""
    import multiprocessing
    import time

    import pytest
    done = tmp_path / "done"
    start = time.monotonic()
    with pytest.raises(OSError, match="测试：读写出错"):
        with forking.pool(2) as workers:
            assert workers is not None
            for item in forking.in_order(workers, _slow_unless_three, range(200), ahead=4):
                done.write_text(str(item))
    assert time.monotonic() - start < 3               # a few items finished, not all 200 (5 s), nor for ever
    assert multiprocessing.active_children() == []
    assert done.read_text() == "2"                    # the results up to the failure, in order


# A build whose render workers are replaced by new forks every two chunks of five pages (at
# 10,000 profiles every 50 chunks of 40: forking.pool's fresh_after); records which process
# rendered each chunk.
_REPLACED_WORKERS_BUILD = """
import os, sys
import page_renderer
from archive.runtime import forking
from mkdocs.commands.build import build
from mkdocs.config import load_config
page_renderer._CHUNK, page_renderer._FRESH_AFTER = 5, 2
forking.cores = lambda: 2                  # as on this 2-core machine, wherever it runs
render_chunk = page_renderer._render_chunk
def recorded(uris):
    with open(sys.argv[2], "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()}\\n")
    return render_chunk(uris)
page_renderer._render_chunk = recorded
build(load_config("mkdocs.yml", site_dir=sys.argv[1]))
"""


def test_pages_rendered_by_workers_replaced_as_they_go_are_those_one_process_renders(tmp_path):
    """A render worker is replaced after some pages (what it copied of the build's memory is given
    back): the site and its search index are the same as one process makes."""
    import subprocess

    from conftest import BIN, ENV, SITE_URL, SOURCE_DATE_EPOCH, copy_repo
    from test_serve_cache import differences
    (tmp_path / "repo").mkdir()
    root = copy_repo(tmp_path / "repo")
    env = {**ENV, "SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "ARCHIVE_CACHE": "off",
           "PYTHONPATH": str(root / "hooks")}
    chunks = tmp_path / "chunks.txt"
    replaced = subprocess.run([str(BIN / "python"), "-c", _REPLACED_WORKERS_BUILD, str(tmp_path / "replaced"), str(chunks)],
                              cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert replaced.returncode == 0, replaced.stderr
    one = subprocess.run([str(BIN / "python"), "-c", _REPLACED_WORKERS_BUILD.replace("lambda: 2", "lambda: 1"),
                          str(tmp_path / "one"), str(tmp_path / "one-chunks.txt")],
                         cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert one.returncode == 0, one.stderr
    pids = chunks.read_text(encoding="utf-8").split()
    assert len(pids) > 20 and len(set(pids)) >= len(pids) // 2      # a new process every two chunks
    assert differences(tmp_path / "one", tmp_path / "replaced") == []
    assert (tmp_path / "replaced/people/tu-youyou/index.html").is_file()
    assert any((tmp_path / "replaced/search").iterdir())


def test_a_build_holds_the_pages_markdown_compressed_and_gives_it_back_whole(scratch, monkeypatch):
    """A one-off build keeps the generated pages' Markdown compressed until each is rendered
    (peak memory at 10,000 profiles, README "性能"), the forked process's too; a redirect's HTML,
    copied by MkDocs as it is, stays text. Each page's Markdown comes back whole (a build reads
    it so: hooks/adapter.py)."""
    import zlib
    monkeypatch.setattr(forking, "cores", lambda: 2)
    write(scratch, "profiles/redirects.yaml", "people/lao-bianhao: ce-shiren\n")
    archive = load_archive(scratch, advice=False)
    CACHE.reset()
    text = all_pages(archive, BuildContext(None, "http://archive.example.internal/"))
    CACHE.reset()
    held = all_pages(archive, BuildContext(None, "http://archive.example.internal/"), parallel=True, compress=True)
    assert [uri for uri, _ in held] == [uri for uri, _ in text]
    markdown = {uri: content for uri, content in held if uri.endswith(".md")}
    assert "people/ce-shiren.md" in markdown and all(isinstance(content, bytes) for content in markdown.values())
    assert dict(held)["people/lao-bianhao/index.html"] == dict(text)["people/lao-bianhao/index.html"]
    assert sum(map(len, markdown.values())) * 2 < sum(len(content.encode("utf-8")) for uri, content in text
                                                      if uri.endswith(".md"))
    assert {uri: zlib.decompress(content).decode("utf-8") for uri, content in markdown.items()} == \
           {uri: content for uri, content in text if uri.endswith(".md")}
